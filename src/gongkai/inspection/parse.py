"""Reading a fetched page with selectolax (fast): links, the navigation's columns, the rows of
a list page and the dates on it. Pure: strings in, facts out."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from gongkai.inspection.rules import (
    EMPTY_MARKERS,
    INTERACTION_CHANNEL_RE,
    MAX_CHANNEL_LINKS,
    NOT_A_CHANNEL_RE,
    NOT_A_SERVICE_RE,
    SERVICE_CHANNEL_RE,
)
from gongkai.inspection.snapshot import Entry

MAX_LINKS_PER_PAGE = 1_000
MAX_COLUMNS = 300
MAX_ENTRIES = 100

_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_NAV_WORDS = ("nav", "menu", "catalog", "lanmu")
# "sitewide": a cluster's main navigation, the same on every member site, names no column of the
# site being inspected (Gongkai's header marks it so; other sites are read as they are).
_SKIP_WORDS = ("breadcrumb", "pager", "pagination", "crumb", "sitewide")
_NAV_SELECTOR = ",".join(["nav"] + [f"[class*={w}]" for w in _NAV_WORDS] + [f"[id*={w}]" for w in _NAV_WORDS])
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")


def dates_in(text: str) -> list[datetime.date]:
    found: list[datetime.date] = []
    for m in _DATE_RE.finditer(text):
        try:
            found.append(datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            continue
    return found


def absolute(base: str, href: str) -> str | None:
    """The absolute http(s) URL of a link without its fragment, or None for mailto: and the like."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    url, _fragment = urldefrag(urljoin(base, href))
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url


_CLUSTER_MEMBER = re.compile(r"^/org/[^/]+/")


def site_prefix(url: str) -> str:
    """The path a site in a cluster lives under: "/org/x/" for http://h/org/x/ and for any page of
    it (its 信息公开专栏 /org/x/xxgk/ included), "/" for a host."""
    path = urlsplit(url).path or "/"
    member = _CLUSTER_MEMBER.match(path)
    if member:
        return member.group(0)
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def _classes(node: Node) -> str:
    return f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower()


def _in_chrome(node: Node) -> bool:
    """Inside the navigation, header, footer, breadcrumbs or pager (not a content list)."""
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.tag in ("nav", "header", "footer"):
            return True
        classes = _classes(parent)
        if any(w in classes for w in _NAV_WORDS + _SKIP_WORDS):
            return True
        parent = parent.parent
    return False


@dataclass
class NavColumn:
    name: str
    url: str
    level: int
    is_parent: bool


@dataclass
class ParsedPage:
    title: str
    links: list[str]
    dates: list[datetime.date]
    columns: list[NavColumn]
    entries: list[Entry]
    empty_marker: str
    channels: list[tuple[str, str, str]]


def channel_kind(text: str) -> str | None:
    """ "interaction" for a 咨询建言 channel, "service" for 办事服务, None for neither (19号)."""
    if SERVICE_CHANNEL_RE.search(text) and not NOT_A_SERVICE_RE.search(text):
        return "service"
    if INTERACTION_CHANNEL_RE.search(text) and not NOT_A_CHANNEL_RE.search(text):
        return "interaction"
    return None


def _channels(tree: HTMLParser, base: str) -> list[tuple[str, str, str]]:
    """Links anywhere on the page (off-site too) whose text names a channel."""
    found: list[tuple[str, str, str]] = []
    for a in tree.css("a[href]"):
        url = absolute(base, a.attributes.get("href") or "")
        text = " ".join(a.text(separator=" ").split())[:100]
        kind = channel_kind(text) if url is not None and text else None
        if kind is not None and url is not None:
            found.append((kind, text, url))
            if len(found) >= MAX_CHANNEL_LINKS:
                break
    return found


def _li_level(a: Node, container: Node) -> tuple[int, Node | None]:
    level = 0
    first_li = None
    node = a.parent
    while node is not None and node.mem_id != container.mem_id:
        if node.tag == "li":
            level += 1
            first_li = first_li or node
        node = node.parent
    return max(level, 1), first_li


def _nav_columns(tree: HTMLParser, base: str, hosts: set[str], prefix: str) -> list[NavColumn]:
    columns: dict[str, NavColumn] = {}
    home = urldefrag(base)[0]
    for container in tree.css(_NAV_SELECTOR):
        if any(w in _classes(container) for w in _SKIP_WORDS):
            continue
        for a in container.css("a[href]"):
            url = absolute(base, a.attributes.get("href") or "")
            if url is None or url == home or url in columns:
                continue
            parts = urlsplit(url)
            if parts.netloc.lower() not in hosts or not (parts.path or "/").startswith(prefix):
                continue
            name = " ".join(a.text(separator=" ").split())
            if not name:
                continue
            level, li = _li_level(a, container)
            nested = li is not None and any(sub.css_first("a[href]") for sub in li.css("ul, ol"))
            columns[url] = NavColumn(name[:100], url, level, nested)
            if len(columns) >= MAX_COLUMNS:
                return list(columns.values())
    return list(columns.values())


def _entries(tree: HTMLParser, base: str) -> list[Entry]:
    """The rows of the page's main list: the largest group of sibling rows holding a link."""
    groups: dict[int, list[Node]] = {}
    for row in tree.css("li, tr"):
        if row.css_first("a[href]") is None or row.parent is None or _in_chrome(row):
            continue
        groups.setdefault(row.parent.mem_id, []).append(row)
    if not groups:
        return []
    rows = max(groups.values(), key=len)
    entries: list[Entry] = []
    for row in rows[:MAX_ENTRIES]:
        a = row.css_first("a[href]")
        url = absolute(base, a.attributes.get("href") or "") if a is not None else None
        if a is None or url is None:
            continue
        time = row.css_first("time[datetime]")
        text = " ".join(row.text(separator=" ").split())
        found = dates_in(time.attributes.get("datetime") or "") if time is not None else []
        found = found or dates_in(text)
        entries.append(
            Entry(" ".join(a.text(separator=" ").split())[:200], url, found[0] if found else None, text[:300])
        )
    return entries


def parse_page(html: str, base: str, hosts: set[str], *, prefix: str = "/", navigation: bool = False) -> ParsedPage:
    tree = HTMLParser(html)
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node is not None else ""
    links: list[str] = []
    seen: set[str] = set()
    for a in tree.css("a[href]"):
        url = absolute(base, a.attributes.get("href") or "")
        if url is not None and url not in seen:
            seen.add(url)
            links.append(url)
            if len(links) >= MAX_LINKS_PER_PAGE:
                break
    body = tree.body
    text = body.text(separator=" ") if body is not None else ""
    marker = next((m for m in EMPTY_MARKERS if m in text), "")
    return ParsedPage(
        title=title,
        links=links,
        dates=dates_in(text),
        columns=_nav_columns(tree, base, hosts, prefix) if navigation else [],
        entries=_entries(tree, base),
        empty_marker=marker,
        channels=_channels(tree, base) if navigation else [],
    )
