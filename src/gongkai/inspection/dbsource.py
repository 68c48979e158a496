"""Reading one of the platform's own sites from the database, through disclosure's selectors.

It builds the same `Snapshot` the crawler builds from the site's pages: the org's page is the
home page (its recent items carry the dates), the 主动公开目录 columns are the navigation, a
column's first list page holds its entries, and the first items of each leaf column are read
for their content. The page budget is spent in the same order as the crawler spends it.
Links are checked without the network: an internal link in an item's text that no route of
the platform answers is a broken link; off-site links cannot be checked from the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.utils.html import escape

from gongkai.core.urls import public_url
from gongkai.disclosure import selectors as disclosure
from gongkai.inspection.content import content_findings
from gongkai.inspection.crawler import CrawlOptions
from gongkai.inspection.parse import absolute
from gongkai.inspection.snapshot import ColumnFacts, Entry, PageFacts, Snapshot
from gongkai.orgs.models import Organization
from gongkai.privacy.content_checks import CompiledWordingRule, url_resolves

LIST_PAGE_SIZE = 20  # what a column's first list page shows (portal.disclosure.public.PAGE_SIZE)
HOME_RECENT = 20  # the org page's 最新公开信息
# Every org page of the platform offers the participation mailbox ("给本机构写信", 互动交流), the
# cluster-wide 征求意见 and 留言, and the org's 办事服务 (办事指南) in its header.
PLATFORM_CHANNELS: tuple[tuple[str, str, str], ...] = (
    ("interaction", "给本机构写信", ""),
    # Every page of a cluster site carries 办事服务 (the org's 办事指南) in its main navigation.
    ("service", "办事服务", ""),
)


def _walk(entries: list[dict[str, Any]], level: int = 1) -> Iterator[tuple[dict[str, Any], int]]:
    for entry in entries:
        yield entry, level
        yield from _walk(entry["children"], level + 1)


def _item_html(item: Any) -> str:
    title = escape(item.title)
    head = f"<head><title>{title} - {escape(item.org.name)}</title></head>"
    return f"<html>{head}<body><h1>{title}</h1>{item.body_html}</body></html>"


def read_site(
    org: Organization,
    *,
    options: CrawlOptions | None = None,
    wording_rules: Sequence[CompiledWordingRule] = (),
    base_url: str = "",
) -> Snapshot:
    options = options or CrawlOptions()
    home_url = base_url + public_url("org_site", slug=org.slug)
    hosts = {urlsplit(base_url).netloc.lower()} if base_url else set()
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    snap = Snapshot(site=home_url, hosts=hosts, source="database", read_at=now)
    budget = options.max_pages
    recent = disclosure.publication_list_recent(org=org, limit=HOME_RECENT)
    home = PageFacts(url=home_url, role="home", dates=[p.published_on for p in recent if p.published_on])
    home.channels = list(PLATFORM_CHANNELS)
    snap.home, budget = home, budget - 1
    snap.pages.append(home)
    snap.attempts = 1
    items: list[tuple[Any, str]] = []
    seen: set[int] = set()
    for entry, level in _walk(disclosure.catalog_tree(org)):
        node = entry["node"]
        url = base_url + public_url("catalog_node", slug=org.slug, code=node.code)
        column = ColumnFacts(node.name[:100], url, level, bool(entry["children"]))
        snap.columns.append(column)
        if budget <= 0:
            continue
        budget -= 1
        snap.attempts += 1
        column.reached = True
        listed = list(disclosure.publication_list_public(disclosure.PublicFilters(org=org, node=node))[:LIST_PAGE_SIZE])
        column.entries = [
            Entry(p.title[:200], base_url + public_url("publication", pk=p.pk), p.published_on) for p in listed
        ]
        snap.pages.append(PageFacts(url=url, role="column", column=column.name))
        if column.is_parent:
            continue
        for p in listed[: options.items_per_column]:
            if p.pk not in seen:
                seen.add(p.pk)
                items.append((p, column.name))
    for item, column_name in items:
        if budget <= 0:
            break
        budget -= 1
        snap.attempts += 1
        url = base_url + public_url("publication", pk=item.pk)
        html = _item_html(item)
        page = PageFacts(url=url, role="item", column=column_name, title=item.title)
        page.findings = content_findings(
            html, url=url, column=column_name, hosts=hosts, wording_rules=wording_rules, seen_at=now
        )
        snap.pages.append(page)
        for link in _body_links(item.body_html, url):
            snap.link_first_page.setdefault(link, (url, column_name))
            if link not in snap.link_status:
                path = urlsplit(link).path or "/"
                internal = not urlsplit(link).netloc or urlsplit(link).netloc.lower() in hosts
                if internal and not url_resolves(path):
                    snap.link_status[link] = (404, "")
    return snap


def _body_links(body_html: str, page_url: str) -> list[str]:
    from gongkai.inspection.parse import parse_page

    base = page_url if urlsplit(page_url).netloc else urljoin("http://platform.invalid", page_url)
    links = parse_page(body_html, base, set()).links
    out = []
    for link in links:
        if link.startswith("http://platform.invalid"):
            link = link.removeprefix("http://platform.invalid")
        if absolute("http://platform.invalid/", link) is not None or link.startswith("/"):
            out.append(link)
    return out
