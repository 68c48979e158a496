"""The look and footer of the site a page belongs to (its "chrome"): resolved once per request
and org, and read by base.html through the ``site_chrome`` template tag."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from gongkai.core.errors import NotFound
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization, Site, Theme
from gongkai.orgs.roles import Level
from gongkai.portal.sites.middleware import site_of_org

# A banner pattern per level, so sites of a cluster differ at a glance beyond their colour.
_PATTERN = {
    Level.PROVINCE: "hills",
    Level.CITY: "skyline",
    Level.COUNTY: "hills",
    Level.TOWNSHIP: "fields",
    Level.VILLAGE: "fields",
    Level.DEPARTMENT: "waves",
}


@dataclass(frozen=True)
class Chrome:
    name: str
    site: Site | None
    org: Organization | None
    theme: str
    home_url: str
    pattern: str
    emblem: str  # one character drawn in the neutral emblem placeholder

    @property
    def slug(self) -> str:
        return self.org.slug if self.org else ""


def _for_site(site: Site, request: HttpRequest | None) -> Chrome:
    by_host = request is not None and getattr(request, "gk_site_by_host", False)
    own_host = by_host and getattr(request, "gk_site", None) == site
    home = "/" if own_host else reverse("portal:org", args=[site.org.slug])
    label = site.org.short_name or site.org.name
    # "县卫健委" shows 卫, not the 县 that every county department's short name starts with.
    label = label.lstrip("省市县区") or label
    return Chrome(
        name=site.name,
        site=site,
        org=site.org,
        theme=site.theme,
        home_url=home,
        pattern=_PATTERN.get(Level(site.org.level), "hills") if site.org.level in Level.values else "hills",
        emblem=label[:1],
    )


def _for_org(org: Organization, request: HttpRequest | None) -> Chrome:
    site = site_of_org(request, org)
    if site is not None:
        return _for_site(site, request)
    # An org with no site record (nor any ancestor with one) still gets a plain site of its own.
    return _for_site(Site(org=org, name=org.name, theme=Theme.RED), request)


def _default() -> Chrome:
    return Chrome(
        name=settings.GONGKAI_SITE_NAME,
        site=None,
        org=None,
        theme=Theme.RED,
        home_url=reverse("portal:home"),
        pattern="hills",
        emblem="公",
    )


def chrome_for(request: HttpRequest | None, site_org: Any = None) -> Chrome:
    """The page's org's site; else the request's site (by host, then by /org/<slug>/); else the
    cluster portal; else the platform's plain default. Cached on the request."""
    cache: dict[Any, Chrome] = getattr(request, "_gk_chrome", None) or {}
    key = getattr(site_org, "pk", None)
    if key in cache:
        return cache[key]
    chrome: Chrome
    if isinstance(site_org, Organization):
        chrome = _for_org(site_org, request)
    elif getattr(request, "gk_site", None) is not None:
        chrome = _for_site(request.gk_site, request)  # type: ignore[union-attr]
    elif getattr(request, "gk_path_slug", ""):
        try:
            chrome = _for_org(orgs.organization_by_slug(request.gk_path_slug), request)  # type: ignore[union-attr]
        except NotFound:
            chrome = _cluster_or_default(request)
    else:
        chrome = _cluster_or_default(request)
    cache[key] = chrome
    if request is not None:
        request._gk_chrome = cache  # type: ignore[attr-defined]
    return chrome


def _cluster_or_default(request: HttpRequest | None) -> Chrome:
    portal = orgs.cluster_portal()
    return _for_site(portal, request) if portal is not None else _default()
