"""The ``DATA`` rows of the 政府网站工作年度报表 (reports/website.py), counted from the platform's
records through each domain app's selectors: a reading layer never opens a domain model."""

from __future__ import annotations

import datetime
from typing import Any

from gongkai.disclosure import selectors as disclosure
from gongkai.guides import selectors as guides
from gongkai.inspection import selectors as inspection
from gongkai.opinion import selectors as opinion
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Level
from gongkai.participation import selectors as participation

# Platform capabilities every site on Gongkai has (创新发展): the cluster's full-text search, and
# the reading aids (繁體, 字号, 适老化) of every public page.
PLATFORM_HAS_SEARCH = True
PLATFORM_HAS_READING_AIDS = True


GOVERNMENT_LEVELS = frozenset({Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP})


def _site_fields(org: Organization) -> dict[str, Any]:
    """网站基本信息 from the org's site in the cluster (orgs.Site), else from the org itself
    (网站类型: a government's site is its 政府门户网站, 国办发〔2017〕47号)."""
    portal = org.level in GOVERNMENT_LEVELS
    site = orgs.own_site(org)
    hosts = site.host_list() if site is not None else []
    return {
        "site_name": site.name if site else f"{org.name}{'门户网站' if portal else '网站'}",
        "home_url": f"https://{hosts[0]}/" if hosts else "",
        "sponsor": (site.sponsor if site and site.sponsor else org.name),
        "site_type": "政府门户网站" if portal else "部门网站",
        "site_code": site.site_code if site else "",
        "icp": site.icp_number if site else "",
        "police_record": site.police_number if site else "",
    }


def data_values(org: Organization, year: int, *, today: datetime.date) -> dict[str, Any]:
    """Every DATA row's value for `org`'s site in `year`."""
    posts = disclosure.published_year_counts(org, year=year)
    responses = opinion.response_figures(org, year=year)
    mailbox = participation.mailbox_statistics(
        org, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), today=today
    ).total
    interaction = participation.interaction_year_figures(org, year=year)
    security = inspection.security_year_figures(org, year=year)
    media = inspection.media_year_figures(org, year=year)
    items = {version.item_id for version in guides.published_versions(org) if version.item.org_id == org.pk}
    weibo = media["by_platform"].get("weibo", {"names": [], "posts": 0})
    wechat = media["by_platform"].get("wechat", {"names": [], "posts": 0})
    others = [
        name
        for platform, bucket in media["by_platform"].items()
        if platform not in ("weibo", "wechat")
        for name in bucket["names"]
    ]
    average = mailbox.average_reply_working_days
    return {
        **_site_fields(org),
        "posts_total": posts["total"],
        "posts_catalog": posts["filed"],
        "interpretations_total": posts["interpretations"],
        "responses": responses["on_time"] + responses["late"],
        "service_catalog": bool(items),
        "service_items": len(items),
        "messages_received": mailbox.received,
        "messages_closed": mailbox.closed,
        "messages_days": float(average) if average is not None else None,
        "messages_public": interaction["public_replies"],
        "consultations": interaction["consultations"],
        "consultation_comments": interaction["comments"],
        "consultation_results": interaction["results"],
        "interviews": opinion.online_interviews_held(org, year=year),
        "security_checks": security["checks"],
        "security_findings": security["findings"],
        "security_fixed": security["fixed"],
        "has_new_media": media["any"],
        "weibo_name": "、".join(weibo["names"]),
        "weibo_posts": weibo["posts"] if weibo["names"] else None,
        "wechat_name": "、".join(wechat["names"]),
        "wechat_posts": wechat["posts"] if wechat["names"] else None,
        "other_media": "、".join(others),
        "search_as_service": PLATFORM_HAS_SEARCH,
        "accessibility": PLATFORM_HAS_READING_AIDS,
    }
