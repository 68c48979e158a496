"""A province-sized database and index, built through the bulk paths, then issue 24's figures.

    uv run python bench/province.py                      # 1,000,000 publications, 5,000 orgs
    uv run python bench/province.py --scale 0.05         # 50,000 / 250
    uv run python bench/province.py --scale 0.1 --database postgresql://postgres@127.0.0.1:5432/province
    uv run python bench/province.py --dir /tmp/province   # keep the build; run again: search figures only

1. orgs: a province tree (province, cities, counties, departments), bulk-created;
2. publications: the seeded corpus of bench/search_bench.py, each org's documents in turn,
   through publication_import_batch (the path of `gongkai import`: one org lock per batch,
   索引号 in blocks, bulk inserts, outbox events for the indexer), timed against bare rjieba;
3. the index: indexer.reindex with 2 processes (the index-only bulk path), in MB/s;
4. search: engine against service p95, broad and filtered (real org subtrees), as bench/search.py;
5. the public pages on this database through Django's test client (as bench/pages.py measures
   its own generated one): page cache off, on, and on right after a publication elsewhere.

Every figure is printed beside the issue's baseline, with the load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def _bench(name: str) -> ModuleType:
    # bench/import.py cannot be imported by name (import is a keyword).
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def generate(publications: int, orgs: list[Any], chunk: int = 20_000) -> tuple[float, float, int]:
    """Import `publications` documents through the bulk path; returns (seconds, rjieba seconds
    on the same text, bytes of text)."""
    import rjieba
    from search_bench import generate_corpus

    from gongkai.disclosure.services.bulk_import import BATCH_SIZE, ImportItem, publication_import_batch

    import_bench = _bench("import")
    actor = import_bench.superuser()
    kinds = import_bench.KIND_VALUES
    seconds = rjieba_seconds = 0.0
    size = 0
    done = 0
    per_org = max(1, publications // len(orgs))
    while done < publications:
        n = min(chunk, publications - done)
        docs = generate_corpus(n, seed=done + 1)
        start = time.perf_counter()
        for doc in docs:
            rjieba.cut_for_search(doc.title)
            rjieba.cut_for_search(doc.body)
        rjieba_seconds += time.perf_counter() - start
        items = [
            ImportItem(
                org=orgs[min((done + i) // per_org, len(orgs) - 1)],
                title=doc.title[:300],
                body=doc.body,
                published_on=doc.date,
                source_key=f"province:{done + i}",
                kind=kinds.get(doc.kind, "other"),
            )
            for i, doc in enumerate(docs)
        ]
        size += sum(len(doc.title.encode()) + len(doc.body.encode()) for doc in docs)
        start = time.perf_counter()
        for b in range(0, len(items), BATCH_SIZE):
            publication_import_batch(actor=actor, items=items[b : b + BATCH_SIZE])
        seconds += time.perf_counter() - start
        done += n
        print(f"  {done:,} publications imported ({done / seconds:,.0f}/s; load {load()})", flush=True)
    return seconds, rjieba_seconds, size


def build(publications: int, n_orgs: int, processes: int) -> None:
    """Orgs, the import through the bulk path and the reindex, each timed."""
    from gongkai.search import indexer

    import_bench = _bench("import")
    print(f"# Province: {publications:,} publications, {n_orgs:,} orgs (load average {load()})")
    start = time.perf_counter()
    orgs = import_bench.make_orgs(n_orgs)
    print(f"orgs: {len(orgs):,} in {time.perf_counter() - start:.1f} s")

    seconds, rjieba_seconds, size = generate(publications, orgs)
    rate, bare = publications / seconds, publications / rjieba_seconds
    print(f"\n## Import (load average {load()})")
    print(f"bare rjieba           {bare:9,.0f} docs/s")
    print(f"bulk import (DB)      {rate:9,.0f} rows/s  {rate / bare:.2f} of bare rjieba   (issue: 24 rows/s, 0.004)")

    start = time.perf_counter()
    written = indexer.reindex(processes=processes)
    index_s = time.perf_counter() - start
    indexer.get_index().close(wait_merges=True)
    indexer.close_index()
    mb_s = size / 1e6 / index_s
    docs_s = written / index_s
    print(f"reindex, {processes} processes {docs_s:9,.0f} docs/s  {mb_s:.1f} MB/s   (issue: 16.5 MB/s)")
    end_to_end = publications / (seconds + index_s)
    print(f"end to end            {end_to_end:9,.0f} rows/s  {end_to_end / bare:.2f} of bare rjieba   (goal >= 0.50)")


# The issue's figures at 100,000 publications (SQLite, before any of this work).
PAGE_BASELINES = {"home": "875 ms", "catalog node": "222 ms (4.5 req/s)", "policy library": "77 ms (13 req/s)"}


def measure_pages(repeat: int) -> None:
    """Each public page of the busiest department, its county and the whole province: median ms
    of `repeat` requests with the page cache off (what a page costs when it is made), on (served
    from it), and on with a publication of another city written before each request (kept: the
    share of those answered from the cache, which a province's pages rely on)."""
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from gongkai.core.models import OutboxEvent
    from gongkai.disclosure import selectors
    from gongkai.disclosure.models import CatalogNode, Publication
    from gongkai.disclosure.topics import PUBLICATION_CHANGED
    from gongkai.orgs.models import Organization

    pages_bench = _bench("pages")
    dept = Organization.objects.filter(level="department").annotate(n=Count("publications")).order_by("-n").first()
    assert dept is not None and dept.parent is not None
    county = dept.parent
    city = county.parent or county
    top = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    assert top is not None
    node = CatalogNode.objects.filter(org=dept).annotate(n=Count("publications")).order_by("-n").first()
    assert node is not None
    item = selectors.publication_list_public(selectors.PublicFilters(org=dept)).values_list("pk", flat=True).first()
    urls = {
        "home": "/",
        "org (department)": f"/org/{dept.slug}/",
        "org (county + subtree)": f"/org/{county.slug}/",
        "catalog node": f"/org/{dept.slug}/catalog/{node.code}/",
        "catalog node, page 3": f"/org/{dept.slug}/catalog/{node.code}/?page=3",
        "信息公开专栏 of the province (its subtree)": f"/org/{top.slug}/xxgk/",
        "policy library": "/policies/",
        "policy library of the county": f"/policies/?org={county.slug}",
        "publication": f"/info/{item}/",
        "search": "/search/?q=%E5%8C%BB%E4%BF%9D",  # 医保
        "search in the county": f"/search/?q=%E5%8C%BB%E4%BF%9D&org={county.slug}",
    }
    elsewhere = (
        Publication.objects.exclude(org__path__startswith=city.path).values_list("pk", flat=True).first()
        or Publication.objects.exclude(org__path__startswith=county.path).values_list("pk", flat=True).first()
    )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    client = Client()
    figures: dict[str, dict[str, str]] = {label: {} for label in urls}
    for cached in (False, True):
        settings.GONGKAI_PAGE_CACHE = cached
        for label, url in urls.items():
            status = client.get(url).status_code
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
            median = pages_bench._timed(lambda url=url: client.get(url), repeat)["median_ms"]
            figures[label]["on" if cached else "off"] = f"{median:.2f}"
    time.sleep(6)  # past the window in which the events above count as possibly late

    def change() -> None:
        OutboxEvent.objects.create(
            topic=PUBLICATION_CHANGED, object_type="disclosure.publication", object_id=str(elsewhere)
        )

    for label, url in urls.items():
        kept = pages_bench.timed_kept(client, url, change, repeat)
        figures[label]["kept"] = f"{kept['median_ms']:.2f}, kept {kept['kept']:.0%}"
    print(f"\n## Public pages (median of {repeat} requests, ms; load average {load()})")
    print("| page | page cache off | on | on, after a publication elsewhere | issue (100,000, SQLite) |")
    print("|---|---:|---:|---|---|")
    for label, row in figures.items():
        print(f"| {label} | {row['off']} | {row['on']} | {row['kept']} | {PAGE_BASELINES.get(label, '')} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--publications", type=int, default=1_000_000)
    parser.add_argument("--orgs", type=int, default=5_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply both sizes (0.1: 100,000 / 500)")
    parser.add_argument("--database", help="an empty database URL (default: a temporary SQLite)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--dir", help="build in this directory and keep it; if it already holds a build, only measure again"
    )
    args = parser.parse_args()
    publications = max(1, int(args.publications * args.scale))
    n_orgs = max(4, int(args.orgs * args.scale))
    place = contextlib.nullcontext(args.dir) if args.dir else tempfile.TemporaryDirectory(prefix="gongkai-province-")
    with place as tmp:
        Path(tmp).mkdir(parents=True, exist_ok=True)
        import_bench = _bench("import")
        import_bench.setup_django(tmp, args.database)
        from django.conf import settings

        from gongkai.disclosure.models import Publication
        from gongkai.orgs.models import Organization

        settings.GONGKAI_SEARCH_DIR = str(Path(tmp) / "index")
        if Organization.objects.exists():
            print(f"# Province in {tmp}: the build is there, search and pages only (load average {load()})")
        else:
            build(publications, n_orgs, args.processes)

        counties = list(Organization.objects.filter(level="county").values_list("pk", flat=True))
        cities = list(Organization.objects.filter(level="city").values_list("pk", flat=True))
        from gongkai.search.engine import SearchFilters

        def filters_for(i: int) -> SearchFilters:
            choice = i % 4
            if choice == 0:
                return SearchFilters(org_id=cities[i % len(cities)])
            if choice == 1:
                return SearchFilters(types=("publication",), year_from=2020, year_to=2024)
            if choice == 2:
                return SearchFilters(org_id=counties[i % len(counties)])
            return SearchFilters(kinds=("policy", "notice"), validity=("有效",))

        search_bench = _bench("search")
        print()
        load_before = load()
        measured = search_bench.measure(filters_for, args.repeat)
        search_bench.report(measured, Publication.objects.count(), args.repeat, load_before)
        measure_pages(max(20, args.repeat * 4))


if __name__ == "__main__":
    main()
