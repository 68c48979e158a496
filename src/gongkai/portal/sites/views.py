"""Public pages of a site in the cluster. Thin: selectors in, templates out. Which site "/"
is depends on the host (portal.sites.middleware): a member site's host shows that site's
home; any other host shows the cluster portal (with its member list), or, before any site
is set up, the organisation directory."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.errors import NotFound
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.models import Kind
from gongkai.disclosure.public_changes import org_tree_unchanged
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.portal import page_cache
from gongkai.portal.disclosure.public import catalog_tree, staff_of
from gongkai.reports import website_selectors as website_reports

BLOCK_SIZE = 6


def _org_context(org: Organization) -> dict[str, Any]:
    return {"site_name": org.name, "site_org": org, "org": org, "ancestors": orgs.organization_ancestors(org)}


def _subtree_shown(request: HttpRequest, org: Organization | None = None) -> orgs.ShownSubtree:
    """The org's subtree as its 专栏 lists it (every org, for the directory and the home before
    any site), kept through publications: only a change of an org makes it again."""
    return page_cache.memo_while_unchanged(
        request,
        f"org-subtree-shown:{org.pk if org else 'all'}:{orgs.SUBTREE_SHOWN}",
        lambda: orgs.organization_subtree_shown(org),
        org_tree_unchanged,
    )


def _list(org: Organization, kind: str = "") -> list[Any]:
    return list(disclosure.publication_list_public(disclosure.PublicFilters(org=org, kind=kind))[:BLOCK_SIZE])


def _home_context(org: Organization) -> dict[str, Any]:
    """The blocks of a government site's home page (要闻动态, 通知公告, 政策文件, 政策解读)."""
    policies = disclosure.policy_list_public(disclosure.PublicFilters(org=org))[:BLOCK_SIZE]
    return {
        **_org_context(org),
        "news": _list(org),
        "notices": _list(org, Kind.NOTICE),
        "policies": list(policies),
        "interpretations": _list(org, Kind.INTERPRETATION),
        "children": orgs.organization_children(org),
        # 《政府网站工作年度报表》 on the home page's 显著位置 (国办函〔2018〕12号 二).
        "website_report": website_reports.website_report_latest_public(org),
    }


def home(request: HttpRequest) -> HttpResponse:
    site = getattr(request, "gk_site", None)
    if site is not None and not site.is_cluster_portal:
        page_cache.shows(request, disclosure.PublicScope.of_subtree(site.org))
        return render(request, "portal/sites/home.html", _home_context(site.org))
    portal = site or orgs.cluster_portal()
    if portal is None:
        # No site set up yet: the platform's plain home, the org tree and the newest items.
        plain = {"forest": _subtree_shown(request), "recent": disclosure.publication_list_recent(limit=10)}
        page_cache.shows(request, disclosure.PublicScope.everything())
        return render(request, "portal/home.html", plain)
    context: dict[str, Any] = {**_home_context(portal.org), "members": orgs.site_members(), "is_portal": True}
    page_cache.shows(request, disclosure.PublicScope.of_subtree(portal.org))
    return render(request, "portal/sites/home.html", context)


def directory(request: HttpRequest) -> HttpResponse:
    """Every organisation on the platform (机构导航; past SUBTREE_SHOWN, two levels with the way to
    the rest), and the sites of the cluster."""
    context = {"forest": _subtree_shown(request), "members": orgs.site_members()}
    # Kept in the page cache through any publication.
    page_cache.shows(request, disclosure.PublicScope.nothing())
    return render(request, "portal/sites/directory.html", context)


def site_home(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    page_cache.shows(request, disclosure.PublicScope.of_subtree(org))
    return render(request, "portal/sites/home.html", _home_context(org))


def disclosure_column(request: HttpRequest, slug: str) -> HttpResponse:
    """The 信息公开专栏 (国办公开办函〔2019〕61号 layout): 指南, 制度, 法定主动公开内容, 年报,
    and the 依申请公开 entry."""
    org = orgs.organization_by_slug(slug)
    context = {
        **_org_context(org),
        "subtree": _subtree_shown(request, org),
        "catalog": catalog_tree(request, org),
        "recent": disclosure.publication_list_recent(org=org, limit=20),
        "rules": _column(org, "rules"),
        "reports": _column(org, "annual-reports"),
        "staff_view": staff_of(request, org),
    }
    page_cache.shows(request, disclosure.PublicScope.of_subtree(org))
    return render(request, "portal/org.html", context)


def _column(org: Organization, code: str) -> list[Any]:
    """The newest items of one of the org's own columns (none when it has no such column)."""
    try:
        node = disclosure.catalog_node_get(org, code)
    except NotFound:
        return []
    return list(disclosure.publication_list_public(disclosure.PublicFilters(org=org, node=node))[:BLOCK_SIZE])


def guide(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    site = orgs.own_site(org)
    context = {
        **_org_context(org),
        "sections": orgs.guide_for(org),
        "updated_on": site.guide_updated_on if site else None,
    }
    return render(request, "portal/sites/guide.html", context)


def site_map(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    context = {**_org_context(org), "catalog": disclosure.catalog_tree(org, with_counts=False)}
    return render(request, "portal/sites/sitemap.html", context)


def contact(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    return render(request, "portal/sites/contact.html", {**_org_context(org), "site": orgs.site_of(org)})
