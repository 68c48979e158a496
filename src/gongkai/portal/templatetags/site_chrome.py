"""``{% site_chrome as chrome %}``: the site look and footer for the page being rendered
(portal.sites.chrome), from the page's ``site_org`` and the request."""

from typing import Any

from django import template

from gongkai.portal.sites.chrome import Chrome, chrome_for

register = template.Library()


@register.simple_tag(takes_context=True)
def site_chrome(context: Any) -> Chrome:
    return chrome_for(context.get("request"), context.get("site_org"))
