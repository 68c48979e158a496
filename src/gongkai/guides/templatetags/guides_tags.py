"""`{% policy_guides item %}`: the guides linked to a policy, on the policy's public page
("政策+解读+办事", seed 002 四). A tag rather than a change to the disclosure view, so the page
gains the list with one line of template."""

from typing import Any

from django import template

from gongkai.guides.selectors import guides_for_policy

register = template.Library()


@register.inclusion_tag("portal/guides/_policy_guides.html")
def policy_guides(item: Any) -> dict[str, Any]:
    return {"guides": guides_for_policy(int(item.pk))}
