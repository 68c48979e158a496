"""Crawler benchmark: a 2,000-page site on loopback with 1% slow pages (1 s each).

    uv run python bench/inspection_bench.py [--pages 2000] [--slow-share 0.01] [--slow-seconds 1]

The site: a home page whose navigation lists 100 columns, each column listing 19 items (dated
today), so home + 100 columns + 1,900 items = 2,001 pages; 1% of the item pages answer after
`--slow-seconds`. The crawl reads every page (items_per_column = 19) and checks each page's
links. Prints pages/s and the peak memory of the crawl (tracemalloc) and of the process (RSS).
Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings.dev")

import django

django.setup()

from gongkai.inspection.checks import run_checks  # noqa: E402
from gongkai.inspection.crawler import CrawlOptions, crawl  # noqa: E402
from gongkai.inspection.rules import default_wording_specs  # noqa: E402
from gongkai.inspection.tests.fixture_site import HTML, page, rows, serve  # noqa: E402
from gongkai.privacy.content_checks import compile_wording_rules  # noqa: E402

BODY = "<p>" + "为深入贯彻落实政务公开工作要点，现将有关事项通知如下。" * 20 + "</p>"


def build(pages: int, slow_share: float, slow_seconds: float) -> dict:
    today = datetime.date.today().isoformat()
    columns = 100
    per_column = max(1, -(-(pages - 1 - columns) // columns))
    slow_every = int(1 / slow_share) if slow_share > 0 else 0
    nav = "<nav><ul>" + "".join(f"<li><a href='/c{c}/'>工作动态{c}</a></li>" for c in range(columns)) + "</ul></nav>"
    site = {"/": (200, HTML, page("基准测试网站", nav + rows(("/c0/i0.html", "首条", today))), 0.0)}
    n = 0
    for c in range(columns):
        items = [(f"/c{c}/i{i}.html", f"信息{c}-{i}", today) for i in range(per_column)]
        site[f"/c{c}/"] = (200, HTML, page(f"工作动态{c}", nav + rows(*items)), 0.0)
        for href, title, _ in items:
            n += 1
            delay = slow_seconds if slow_every and n % slow_every == 0 else 0.0
            site[href] = (200, HTML, page(title, f"<h1>{title}</h1>{BODY}<p><a href='/c{c}/'>返回</a></p>"), delay)
    return site


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--slow-share", type=float, default=0.01)
    parser.add_argument("--slow-seconds", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    site = build(args.pages, args.slow_share, args.slow_seconds)
    rules = compile_wording_rules(default_wording_specs())
    with serve(site) as (origin, _log):
        options = CrawlOptions(
            max_pages=len(site) + 10, items_per_column=10_000, concurrency=args.concurrency, per_host=args.concurrency
        )
        tracemalloc.start()
        started = time.perf_counter()
        snap = crawl(origin + "/", options=options, wording_rules=rules)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        findings = run_checks(snap, datetime.date.today())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    slow = sum(1 for v in site.values() if v[3])
    print(f"pages served: {len(site)} (slow: {slow} × {args.slow_seconds:g} s)")
    print(f"pages read: {snap.attempts}, failures: {len(snap.failures)}, findings: {len(findings)}")
    print(f"time: {seconds:.1f} s, {snap.attempts / seconds:.0f} pages/s (concurrency {args.concurrency})")
    print(f"peak traced memory during the crawl: {peak / 1e6:.1f} MB; process max RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
