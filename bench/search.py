"""The search service against the engine on the same queries (issue 24's first figure).

    uv run python bench/search.py --docs 50000
    uv run python bench/search.py --index-dir /tmp/idx --docs 200000   # keeps (and reuses) the index

Builds (or reuses) an index of the seeded corpus of bench/search_bench.py through the index-only
bulk path, then times the 60 realistic queries of search_bench, without and with a filter
(an org subtree, a type and year range, or kind and validity), each run interleaved:

- engine: SearchIndex.search with the vocabulary the service loads, no facets;
- service: gongkai.search.services.search (what the API calls; facets only when asked);
- service + facets: the same with facets=True (what the portal's search page asks).

The database (a temporary SQLite, migrated) only holds the vocabulary stamp the service reads.
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


def measure(filters_for: Any, repeat: int) -> dict[str, dict[str, tuple[float, float, float]]]:
    """p50/p95/p99 (ms) of engine, service and service + facets, broad and filtered.
    filters_for(i) gives the filter of query i."""
    from search_bench import QUERIES, _percentiles, _time_interleaved

    from gongkai.search import services
    from gongkai.search.indexer import get_index

    index = get_index()
    synonyms, best_bets = services._load_vocabulary()
    out: dict[str, dict[str, tuple[float, float, float]]] = {}
    for label in ("broad", "filtered"):
        samples: dict[str, list[float]] = {"engine": [], "service": [], "service+facets": []}
        for i, text in enumerate(QUERIES):
            filters = filters_for(i) if label == "filtered" else None
            plain, faceted = request_for(text, filters, facets=False), request_for(text, filters, facets=True)

            def engine(text: str = text, filters: Any = filters) -> object:
                return index.search(text, filters=filters, synonyms=synonyms, best_bets=best_bets)

            def service(request: Any = plain) -> object:
                return services.search(request)

            def service_facets(request: Any = faceted) -> object:
                return services.search(request)

            engine(), service(), service_facets()
            a, b, c = _time_interleaved([engine, service, service_facets], repeat)
            samples["engine"] += a
            samples["service"] += b
            samples["service+facets"] += c
        out[label] = {name: _percentiles(values) for name, values in samples.items()}
    return out


def report(figures: dict[str, dict[str, tuple[float, float, float]]], docs: int, repeat: int) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    base = BASELINE.get(docs)
    print(f"## Search service ({docs:,} documents, 60 queries x {repeat} runs; load average {load})")
    head = f"{'':10} {'engine p95':>11} {'service p95':>12} {'ratio':>6} {'+facets p95':>12}"
    print(f"{head}   issue baseline (engine/service p95)")
    for i, label in enumerate(("broad", "filtered")):
        row = figures[label]
        engine, service, facets = row["engine"][1], row["service"][1], row["service+facets"][1]
        baseline = f"{base['engine'][i]} / {base['service'][i]} ms" if base else "(none at this size)"
        print(f"{label:10} {engine:9.2f}ms {service:10.2f}ms {service / engine:5.2f}x {facets:10.2f}ms   {baseline}")
    print("goal: service p95 <= 1.3x the engine's; filtered p95 <= 20 ms at 1M")


def build_index(directory: Path, docs: int, processes: int) -> None:
    from search_bench import generate_corpus

    from gongkai.search.engine import SearchIndex

    index = SearchIndex(directory)
    if index.num_docs >= docs:
        return
    start = time.perf_counter()
    corpus = generate_corpus(docs)
    index.rebuild(corpus, processes=processes)
    index.close(wait_merges=True)
    print(f"indexed {docs:,} documents in {time.perf_counter() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--index-dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-search-bench-") as tmp:
        directory = args.index_dir or Path(tmp) / "index"
        setup_django(tmp, None)
        import random

        from django.conf import settings
        from search_bench import SEED, _filters_for, build_orgs

        settings.GONGKAI_SEARCH_DIR = str(directory)
        build_index(directory, args.docs, args.processes)
        orgs = build_orgs(random.Random(SEED))
        report(measure(lambda i: _filters_for(i, orgs), args.repeat), args.docs, args.repeat)


if __name__ == "__main__":
    main()
