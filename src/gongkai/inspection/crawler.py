"""The site crawler: httpx with bounded concurrency, per-host politeness, a page budget,
robots.txt, the 15-second rule and redirects.

What it reads, in order: the home page; the columns its navigation links to (under the site's
path, so a site in a cluster is judged alone); the first items of each column. Every other
link on those pages — internal, attachment or off-site — is checked for its status only and
never followed. Each page is reduced to small facts (`PageFacts`) as soon as it arrives.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import time
import urllib.robotparser
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from gongkai.inspection.content import content_findings
from gongkai.inspection.parse import NavColumn, parse_page, site_prefix
from gongkai.inspection.rules import PAGE_TIMEOUT_SECONDS
from gongkai.inspection.snapshot import ColumnFacts, Entry, Failure, PageFacts, Snapshot
from gongkai.privacy.content_checks import CompiledWordingRule
from gongkai.privacy.extract import decode_text

USER_AGENT = "GongkaiInspector/1.0 (government website inspection)"
MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class CrawlOptions:
    max_pages: int = 300  # page budget: pages fetched and read
    items_per_column: int = 5
    max_link_checks: int = 2_000  # links checked for their status only
    timeout: float = PAGE_TIMEOUT_SECONDS  # 19号: a page failing to open within 15 s (含)
    concurrency: int = 8
    per_host: int = 4
    delay: float | None = None  # seconds between requests to one host; None: 0.25 s, 0 on loopback
    deadline: float = 1_800.0  # the whole crawl, seconds


def _is_loopback(host: str) -> bool:
    name = host.split(":")[0].strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class _Fetched:
    __slots__ = ("content_type", "error", "html", "seconds", "status", "url")

    def __init__(self, url: str, status: int | None, content_type: str, html: str, error: str, seconds: float) -> None:
        self.url, self.status, self.content_type, self.html = url, status, content_type, html
        self.error, self.seconds = error, seconds


class Crawler:
    def __init__(self, start_url: str, options: CrawlOptions, wording_rules: Sequence[CompiledWordingRule]) -> None:
        self.start_url = start_url
        self.options = options
        self.wording_rules = wording_rules
        self.hosts = {urlsplit(start_url).netloc.lower()}
        self.prefix = site_prefix(start_url)
        self.robots: urllib.robotparser.RobotFileParser | None = None
        self._global = asyncio.Semaphore(options.concurrency)
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._last: dict[str, float] = {}
        self._pages_left = options.max_pages
        self._started = time.monotonic()
        self.snapshot = Snapshot(site=start_url, hosts=self.hosts, source="http")
        self._home_columns: list[NavColumn] = []
        self._column_entries: dict[str, tuple[list[Entry], str]] = {}

    # ------------------------------------------------------------------ requests

    def _delay_for(self, host: str) -> float:
        if self.options.delay is not None:
            return self.options.delay
        return 0.0 if _is_loopback(host) else 0.25

    def _out_of_time(self) -> bool:
        return time.monotonic() - self._started > self.options.deadline

    async def _request(
        self, client: httpx.AsyncClient, url: str, *, method: str = "GET", read: bool = True
    ) -> _Fetched:
        host = urlsplit(url).netloc.lower()
        semaphore = self._per_host.setdefault(host, asyncio.Semaphore(self.options.per_host))
        async with self._global, semaphore:
            delay = self._delay_for(host)
            if delay:
                wait = self._last.get(host, 0.0) + delay - time.monotonic()
                self._last[host] = max(time.monotonic(), self._last.get(host, 0.0) + delay)
                if wait > 0:
                    await asyncio.sleep(wait)
            started = time.monotonic()
            try:
                async with client.stream(method, url) as response:
                    body = b""
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if read and response.status_code < 400 and content_type in HTML_TYPES:
                        chunks: list[bytes] = []
                        size = 0
                        async for chunk in response.aiter_bytes():
                            chunks.append(chunk)
                            size += len(chunk)
                            if size > MAX_BODY_BYTES:
                                break
                        body = b"".join(chunks)[:MAX_BODY_BYTES]
                    html = ""
                    if body:
                        try:
                            html = (
                                body.decode(response.charset_encoding)
                                if response.charset_encoding
                                else decode_text(body)
                            )
                        except (LookupError, UnicodeDecodeError, ValueError):
                            html = body.decode("utf-8", errors="replace")
                    return _Fetched(
                        str(response.url), response.status_code, content_type, html, "", time.monotonic() - started
                    )
            except httpx.TimeoutException:
                error = f"超过{self.options.timeout:g}秒未能打开"
            except httpx.TooManyRedirects:
                error = "重定向次数过多"
            except httpx.HTTPError as exc:
                error = f"无法连接（{type(exc).__name__}）"
            return _Fetched(url, None, "", "", error, time.monotonic() - started)

    def _allowed(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(USER_AGENT, url)

    async def _load_robots(self, client: httpx.AsyncClient) -> None:
        parts = urlsplit(self.start_url)
        try:
            response = await client.get(f"{parts.scheme}://{parts.netloc}/robots.txt")
        except httpx.HTTPError:
            return  # no robots.txt to honour
        if response.status_code >= 400:
            return
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(response.text[:100_000].splitlines())
        self.robots = parser

    # ------------------------------------------------------------------ pages

    async def _page(
        self, client: httpx.AsyncClient, url: str, role: str, column: str, referrer: str
    ) -> PageFacts | None:
        """Fetch and read one page within the budget; None when it failed (recorded)."""
        if self._pages_left <= 0 or self._out_of_time() or not self._allowed(url):
            return None
        self._pages_left -= 1
        self.snapshot.attempts += 1
        fetched = await self._request(client, url)
        if fetched.status is None or fetched.status >= 400 or not fetched.html:
            if fetched.status is not None and fetched.status < 400:
                return PageFacts(url=url, role=role, column=column)  # not HTML (an attachment): reachable
            self.snapshot.failures.append(Failure(url, column, fetched.status, fetched.error, referrer))
            return None
        self.hosts.add(urlsplit(fetched.url).netloc.lower())  # a redirect to the site's own other name
        parsed = parse_page(fetched.html, fetched.url, self.hosts, prefix=self.prefix, navigation=role == "home")
        seen_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        facts = PageFacts(url=url, role=role, column=column, title=parsed.title, links=parsed.links, dates=parsed.dates)
        facts.findings = content_findings(
            fetched.html, url=url, column=column, hosts=self.hosts, wording_rules=self.wording_rules, seen_at=seen_at
        )
        if role == "home":
            self._home_columns = parsed.columns
            facts.channels = parsed.channels
        if role == "column":
            self._column_entries[url] = (parsed.entries, parsed.empty_marker)
        return facts

    async def _check_link(self, client: httpx.AsyncClient, url: str) -> None:
        fetched = await self._request(client, url, method="HEAD", read=False)
        if fetched.status in (403, 405, 501):  # servers that refuse HEAD: ask with GET
            fetched = await self._request(client, url, read=False)
        self.snapshot.link_status[url] = (fetched.status, fetched.error)

    async def run(self) -> Snapshot:
        snap = self.snapshot
        snap.read_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        started = time.monotonic()
        async with httpx.AsyncClient(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(self.options.timeout),
            headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=self.options.concurrency * 2),
            trust_env=False,
        ) as client:
            await self._load_robots(client)
            home = await self._page(client, self.start_url, "home", "", "")
            if home is None:
                failure = snap.failures[-1] if snap.failures else None
                if failure is None:
                    snap.home_error = "robots.txt 不允许访问首页"
                else:
                    snap.home_error = failure.error or f"HTTP {failure.status}"
                snap.elapsed_seconds = time.monotonic() - started
                return snap
            snap.home = home
            snap.pages.append(home)
            columns = [ColumnFacts(c.name, c.url, c.level, c.is_parent) for c in self._home_columns]
            snap.columns = columns
            results = await asyncio.gather(*(self._page(client, c.url, "column", c.name, home.url) for c in columns))
            items: list[tuple[str, str, str]] = []
            seen = {home.url, *(c.url for c in columns)}
            for column, page in zip(columns, results, strict=True):
                if page is None:
                    continue
                column.reached = True
                snap.pages.append(page)
                entries, marker = self._column_entries.pop(column.url, ([], ""))
                column.entries, column.empty_marker = entries, marker
                if column.is_parent:
                    continue
                for entry in entries[: self.options.items_per_column]:
                    if urlsplit(entry.url).netloc.lower() in self.hosts and entry.url not in seen:
                        seen.add(entry.url)
                        items.append((entry.url, column.name, column.url))
            pages = await asyncio.gather(*(self._page(client, u, "item", name, ref) for u, name, ref in items))
            snap.pages.extend(p for p in pages if p is not None)
            self._record_link_sources(seen)
            to_check = [u for u in snap.link_first_page if u not in seen][: self.options.max_link_checks]
            to_check = [u for u in to_check if not self._internal(u) or self._allowed(u)]
            if not self._out_of_time():
                await asyncio.gather(*(self._check_link(client, u) for u in to_check))
        snap.hosts = self.hosts
        snap.elapsed_seconds = time.monotonic() - started
        return snap

    def _internal(self, url: str) -> bool:
        return urlsplit(url).netloc.lower() in self.hosts

    def _record_link_sources(self, fetched: set[str]) -> None:
        for page in self.snapshot.pages:
            for link in page.links:
                self.snapshot.link_first_page.setdefault(link, (page.url, page.column))


def crawl(
    start_url: str, *, options: CrawlOptions | None = None, wording_rules: Sequence[CompiledWordingRule] = ()
) -> Snapshot:
    """Crawl a site (blocking; runs its own event loop)."""
    crawler = Crawler(start_url, options or CrawlOptions(), wording_rules)
    return asyncio.run(crawler.run())
