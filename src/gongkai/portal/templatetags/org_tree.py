"""``{% org_tree nodes %}``: the nested list of an org tree (orgs.selectors.OrgNode), written in
Python. The same list as a template including itself per node took 300 ms for the directory of a
province's 5,000 orgs (an include and a URL reversal per node)."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Each org's address from one reversal (a slug is [-a-zA-Z0-9_], as the URL pattern takes it;
# escaped all the same).
_SLUG = "slug-placeholder"


@register.simple_tag
def org_tree(nodes: list[Any]) -> SafeString:
    prefix, suffix = reverse("portal:org", args=[_SLUG]).split(_SLUG)
    # An org whose subtree the tree leaves out links to its 信息公开专栏, which lists it.
    column_prefix, column_suffix = reverse("portal:org_xxgk", args=[_SLUG]).split(_SLUG)
    parts: list[str] = []
    # Depth first without recursion: a tree of any depth, each level's list closed after its last.
    stack: list[tuple[list[Any], int]] = [(nodes, 0)]
    parts.append('<ul class="org-tree">')
    while stack:
        level, index = stack.pop()
        if index == len(level):
            parts.append("</ul>" if not stack else "</ul></li>")
            continue
        node = level[index]
        stack.append((level, index + 1))
        org = node.org
        parts.append(
            f'<li><a href="{prefix}{conditional_escape(org.slug)}{suffix}">{conditional_escape(org.name)}</a>'
            f' <span class="level">（{conditional_escape(org.get_level_display())}）</span>'
        )
        if node.below and not node.children:
            parts.append(
                f' <a class="below" href="{column_prefix}{conditional_escape(org.slug)}{column_suffix}#orgs-heading">'
                f"下属机构 {int(node.below)} 个</a>"
            )
        if node.children:
            parts.append('<ul class="org-tree">')
            stack.append((node.children, 0))
        else:
            parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
