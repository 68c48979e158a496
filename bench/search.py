"""The search service against the engine and the bare tantivy query, on the same queries (issue 24).

    uv run python bench/search.py --docs 50000
    uv run python bench/search.py --index-dir /tmp/idx --docs 200000   # keeps (and reuses) the index
    uv run python bench/search.py --index-dir /tmp/idx-1m --docs 1000000 --distinct-texts 20000

Builds (or reuses) an index of the seeded corpus of bench/search_bench.py through the index-only
bulk path (--distinct-texts: segment only that many documents and repeat their text with fresh
filter fields, a million documents in minutes), then times the 40 queries of search_bench,
without and with a filter (a province subtree, a type and year range, a county subtree, or kind
and validity), each run interleaved:

- bare: the query object the engine builds, executed directly, the page's stored documents
  fetched (for the quoted phrase, the candidates fetched);
- engine: SearchIndex.search with the vocabulary the service loads, no facets;
- service: gongkai.search.services.search (what the API calls; facets only when asked);
- service + facets: the same with facets=True (what the portal's search page asks).

Each is reported in wall time and in CPU time of the searching thread (tantivy searches in the
calling thread): on a shared machine the wall time is mostly waiting for a core, the CPU time
is the work. The database (a temporary SQLite, migrated) only holds the vocabulary stamp.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

# The figures (p95, ms) before this work: engine and service, broad and filtered.
BASELINE = {
    200_000: {"engine": (3.0, 8.0), "service": (7.0, 11.5)},
    1_000_000: {"engine": (11.0, 24.0), "service": (12.5, 31.8)},
}


def setup_django(data_dir: str, database: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings.dev"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["GONGKAI_SEARCH_INLINE"] = "0"
    if database:
        os.environ["DATABASE_URL"] = database
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    settings.DEBUG = False


def request_for(text: str, filters: Any, *, facets: bool) -> Any:
    from gongkai.orgs.models import Organization
    from gongkai.search.services import SearchRequest

    if filters is None:
        return SearchRequest(q=text, facets=facets)
    return SearchRequest(
        q=text,
        org=Organization(pk=filters.org_id) if filters.org_id is not None else None,
        types=list(filters.types),
        kinds=list(filters.kinds),
        year_from=filters.year_from,
        year_to=filters.year_to,
        validity=list(filters.validity),
        facets=facets,
    )


Figures = dict[str, dict[str, dict[str, tuple[float, float, float]]]]
VARIANTS = ("bare", "engine", "service", "service+facets")
# (broad or filtered, query, filter, CPU ms median of the service, of the service + facets)
QueryCost = tuple[str, str, str, float, float]


def _timed(fns: list[Any], repeat: int) -> tuple[list[list[float]], list[list[float]]]:
    """Wall and CPU milliseconds per run of each function, runs interleaved (a, b, c, a, b, c …)
    so that a burst of load from a neighbour hits all alike. CPU time is this thread's: tantivy
    searches in the calling thread, so it is the work done, whatever the scheduler did meanwhile
    (on a machine shared at several times its core count, wall time is mostly waiting)."""
    wall: list[list[float]] = [[] for _ in fns]
    cpu: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for w, c, fn in zip(wall, cpu, fns, strict=True):
            start, start_cpu = time.perf_counter(), time.thread_time()
            fn()
            c.append((time.thread_time() - start_cpu) * 1000)
            w.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def measure(filters_for: Any, repeat: int) -> tuple[Figures, list[QueryCost]]:
    """p50/p95/p99 (ms), wall and CPU, of the bare tantivy query, the engine, the service and
    the service + facets, broad and filtered, and each query's median CPU time (which queries
    set the p95). filters_for(i) gives the filter of query i."""
    import statistics

    from search_bench import PHRASE_CANDIDATE_LIMIT, QUERIES, _percentiles

    from gongkai.search import services
    from gongkai.search.engine import SearchFilters
    from gongkai.search.indexer import get_index
    from gongkai.search.query import parse_query

    index = get_index()
    synonyms, best_bets = services._load_vocabulary()
    out: Figures = {}
    costs: list[QueryCost] = []
    for label in ("broad", "filtered"):
        samples: dict[str, dict[str, list[float]]] = {"wall": {}, "cpu": {}}
        for i, text in enumerate(QUERIES):
            filters = filters_for(i) if label == "filtered" else None
            plain, faceted = request_for(text, filters, facets=False), request_for(text, filters, facets=True)
            parsed = parse_query(text, synonyms=synonyms)
            # The bare query: the very query object the engine executes, built outside the clock,
            # with the stored documents of the page fetched (or the phrase candidates checked).
            searcher = index._index.searcher()
            main = index._main_query(parsed, index._filter_clauses(filters or SearchFilters(), searcher), ())
            limit = PHRASE_CANDIDATE_LIMIT if parsed.phrases else 20

            def bare(main: Any = main, limit: int = limit) -> object:
                searcher = index._index.searcher()
                result = searcher.search(main, limit=limit, count=True)
                return [searcher.doc(address) for _score, address in result.hits]

            def engine(text: str = text, filters: Any = filters) -> object:
                return index.search(text, filters=filters, synonyms=synonyms, best_bets=best_bets)

            def service(request: Any = plain) -> object:
                return services.search(request)

            def service_facets(request: Any = faceted) -> object:
                return services.search(request)

            fns = [bare, engine, service, service_facets]
            for fn in fns:
                fn()
            wall, cpu = _timed(fns, repeat)
            shown = _filter_text(filters)
            costs.append((label, text, shown, statistics.median(cpu[2]), statistics.median(cpu[3])))
            for name, w, c in zip(VARIANTS, wall, cpu, strict=True):
                samples["wall"].setdefault(name, []).extend(w)
                samples["cpu"].setdefault(name, []).extend(c)
        out[label] = {
            f"{clock}:{name}": _percentiles(values)
            for clock, by_name in samples.items()
            for name, values in by_name.items()
        }
    return out, costs


def _filter_text(filters: Any) -> str:
    """The fields a filter sets, as `name=value`."""
    import dataclasses

    if filters is None:
        return ""
    unset = type(filters)()
    return ", ".join(
        f"{f.name}={getattr(filters, f.name)}"
        for f in dataclasses.fields(filters)
        if getattr(filters, f.name) != getattr(unset, f.name)
    )


def report(measured: tuple[Figures, list[QueryCost]], docs: int, repeat: int, load_before: str) -> None:
    from search_bench import QUERIES

    figures, costs = measured
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    base = BASELINE.get(docs)
    print(
        f"## Search service ({docs:,} documents, {len(QUERIES)} queries x {repeat} runs; "
        f"load average before {load_before}, after {load})"
    )
    for clock in ("wall", "cpu"):
        print(f"{clock} ms, p50 / p95:")
        print(f"{'':10}" + "".join(f"{name:>18}" for name in VARIANTS) + f"{'service/engine p95':>20}")
        for label in ("broad", "filtered"):
            row = figures[label]
            cells = "".join(f"{row[f'{clock}:{n}'][0]:8.2f} /{row[f'{clock}:{n}'][1]:7.2f}" for n in VARIANTS)
            ratio = row[f"{clock}:service"][1] / row[f"{clock}:engine"][1]
            print(f"{label:10}{cells}{ratio:19.2f}x")
    if base:
        print(
            f"issue baseline p95 (engine / service): broad {base['engine'][0]} / {base['service'][0]} ms, "
            f"filtered {base['engine'][1]} / {base['service'][1]} ms"
        )
    print("goal: service p95 <= 1.3x the engine's; filtered p95 <= 20 ms at 1M")
    print("costliest queries (CPU ms, median: service / + facets):")
    for label in ("broad", "filtered"):
        costliest = sorted((cost for cost in costs if cost[0] == label), key=lambda cost: -cost[3])[:3]
        for _label, text, shown, service, faceted in costliest:
            print(f"  {label:9} {service:7.2f} / {faceted:7.2f}  {text}  {shown}")


def build_index(directory: Path, docs: int, processes: int, distinct_texts: int = 0) -> None:
    """The seeded corpus of search_bench in `directory`, unless it already holds `docs` items.

    distinct_texts > 0: only that many documents are generated and segmented; the rest repeat
    their prepared text (title, body, 文号) with their own id and freshly drawn type, org, kind,
    date, validity, catalog node and topic, from the generator's distributions. Each word then
    has the document frequency it would have in a corpus of `docs` documents, and the filters
    the same selectivity, at a fraction of the segmentation time: how a million documents fit in
    minutes on a small machine. (The org and year named in a repeated text no longer match its
    filter fields; no filter in the query set depends on that.)"""
    from search_bench import iter_corpus

    from gongkai.search.engine import SearchIndex

    index = SearchIndex(directory)
    if index.num_docs >= docs:
        return
    start = time.perf_counter()
    if not distinct_texts or distinct_texts >= docs:
        index.rebuild(iter_corpus(docs), processes=processes)
    else:
        _build_repeating(index, docs, distinct_texts, processes)
    index.close(wait_merges=True)
    print(f"indexed {docs:,} documents in {time.perf_counter() - start:.0f} s", flush=True)


def _build_repeating(index: Any, docs: int, distinct: int, processes: int) -> None:
    import dataclasses
    import datetime as dt
    import random

    from search_bench import KINDS, SEED, TOPICS, TYPES, VALIDITY, build_orgs, iter_corpus

    from gongkai.search.engine_schema import build_document, prepared_in, start_pool

    index.delete_all()
    writer = index.writer
    pool = start_pool(processes)
    try:
        base = list(prepared_in(pool, processes, iter_corpus(distinct)))
    finally:
        pool.close()
        pool.join()
    rng = random.Random(SEED + 1)
    orgs = build_orgs(random.Random(SEED))
    for i in range(docs):
        doc, item = base[i % distinct]
        assert item is not None
        if i >= distinct:
            org_id, _name, path = rng.choice(orgs)
            day = dt.date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))
            doc = dataclasses.replace(
                doc,
                id=f"publication:{i}",
                type=rng.choice(TYPES),
                org_id=org_id,
                org_path=path,
                kind=rng.choice(KINDS),
                catalog_nodes=(rng.randint(1, 26),),
                topics=(rng.choice(TOPICS),),
                date=day,
                validity=rng.choice(VALIDITY),
            )
        writer.add_document(build_document(doc, item))
        if (i + 1) % 200_000 == 0:
            index.commit()
            print(f"  {i + 1:,} documents", flush=True)
    index.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument(
        "--distinct-texts",
        type=int,
        default=0,
        help="segment only this many documents and repeat their text with fresh filter fields (0: all)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-search-bench-") as tmp:
        directory = args.index_dir or Path(tmp) / "index"
        setup_django(tmp, None)
        import random

        from django.conf import settings
        from search_bench import SEED, _filters_for, build_orgs

        settings.GONGKAI_SEARCH_DIR = str(directory)
        build_index(directory, args.docs, args.processes, args.distinct_texts)
        orgs = build_orgs(random.Random(SEED))
        load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        report(measure(lambda i: _filters_for(i, orgs), args.repeat), args.docs, args.repeat, load_before)


if __name__ == "__main__":
    main()
