"""Speed of `gongkai import` against bare rjieba segmentation of the same text.

    uv run python bench/import.py --rows 20000
    uv run python bench/import.py --rows 100000 --database postgresql://postgres@127.0.0.1:5432/bench_import

Writes a CSV manifest of --rows documents (the seeded corpus of bench/search_bench.py: titles
and 2-8 KB bodies, spread over a province's orgs), then measures, on a fresh database (a
temporary SQLite unless --database names an empty PostgreSQL database):

1. bare rjieba: rjieba.cut_for_search over title + body of every row, one process, measured
   before the import and again after the indexing (the machine's load changes; the mean of the
   two is the reference);
2. import: import_manifest (what `gongkai import` runs: CSV read, validation, the bulk path),
   rows per second, and the old per-row path (bulk=False) on --old-sample rows for comparison;
3. indexing: the indexer's pass over the outbox the import wrote (what `gongkai search worker`
   runs: a backlog goes in batches of 2,000, one index commit each, with the text work in
   --index-processes worker processes), rows per second;
4. end to end (import + indexing until searchable) as a share of bare rjieba;
5. with --floor, the floor: the CPU per row of the work no implementation of this import can
   skip, each part measured bare on the same corpus in this process (the text pipeline's
   normalisation and its cut with sub-words, tantivy's indexing of the prepared documents and
   its commit, SQLite storing each text twice with nothing else), and what that bounds end to
   end at on this machine's cores: how far the import and the indexer are from the floor, and
   whether the goal is reachable at all.

With --concurrent the indexer is what a running installation has: `gongkai search worker` in its
own process, started (and past its first, empty pass) before the import, polling the outbox
while the import's batches commit. The import is then timed from its start until the worker's
cursor has passed the import's last outbox event; the figure "after the import" is the tail the
worker still needed once the import returned.

Not timed, as in a running installation: Django start-up and the URL configuration (a search
worker has them loaded), the dictionaries of rjieba and of the search pipeline, and each org's
default catalog (created by an org's first import, once).
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

# The figures (2 cores, before the bulk path).
BASELINE_ROWS_PER_S = 24.0
BASELINE_RJIEBA_DOCS_PER_S = 6000.0
BASELINE_INDEX_ONLY_MB_S = 16.5


def setup_django(data_dir: str, database: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings.dev"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["GONGKAI_SEARCH_INLINE"] = "0"  # production: the indexer runs apart
    if database:
        os.environ["DATABASE_URL"] = database
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    settings.DEBUG = False  # no query log kept in memory
    settings.GONGKAI_SEARCH_INLINE = False


def warm_up(orgs: list[Any]) -> None:
    """What a running installation has done before an import (see the module docstring)."""
    import rjieba

    from gongkai.core.urls import public_url
    from gongkai.disclosure.services import catalog_ensure_default
    from gongkai.search import text

    superuser()  # its password hash costs a second or two of CPU
    for org in orgs:
        catalog_ensure_default(org=org)
    public_url("publication", pk=1)
    text.index_text(text.normalize("预热"))
    rjieba.cut_for_search("预热")


def make_orgs(n: int) -> list[Any]:
    """A province of n orgs: 1 province, cities, counties beneath them, departments beneath
    those (bulk-created; paths set as organization_create sets them)."""
    from gongkai.orgs.credit_code import check_character
    from gongkai.orgs.models import Organization
    from gongkai.orgs.roles import Level

    def code(serial: int) -> str:
        body = f"11360000{serial:08d}0"
        return body + check_character(body)

    start = (Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    levels = [(Level.PROVINCE, 1), (Level.CITY, max(1, n // 250)), (Level.COUNTY, max(1, n // 25))]
    orgs: list[Organization] = []
    parents: list[Organization] = []
    serial = start
    for level, count in [*levels, (Level.DEPARTMENT, n)]:
        layer = []
        for i in range(count):
            if len(orgs) + len(layer) >= n:
                break
            parent = parents[i % len(parents)] if parents else None
            layer.append(
                Organization(
                    name=f"机构{serial}",
                    level=level,
                    parent=parent,
                    credit_code=code(serial),
                    slug=f"org-{serial}",
                    depth=(parent.depth + 1) if parent else 0,
                )
            )
            serial += 1
        Organization.objects.bulk_create(layer)
        for org in layer:
            org.path = f"{org.parent.path if org.parent else '/'}{org.pk}/"
        Organization.objects.bulk_update(layer, ["path"])
        orgs.extend(layer)
        parents = layer
        if len(orgs) >= n:
            break
    return orgs


KIND_VALUES = {"政策文件": "policy", "通知公告": "notice", "规划计划": "plan", "工作报告": "work_report"}


def write_manifest(path: Path, docs: list[Any], orgs: list[Any]) -> int:
    """The corpus as a manifest; returns the UTF-8 bytes of title + body (what rjieba cuts)."""
    size = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["机构", "信息名称", "体裁", "文号", "发布日期", "主题分类", "正文"])
        for i, doc in enumerate(docs):
            org = orgs[i * len(orgs) // len(docs)]  # a manifest per org, one after the other
            writer.writerow(
                [org.slug, doc.title[:300], KIND_VALUES.get(doc.kind, "other"), "", doc.date.isoformat(), "", doc.body]
            )
            size += len(doc.title.encode()) + len(doc.body.encode())
    return size


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the indexer's worker
    processes are joined when its backlog is done), for the load-independent figures."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


CPU: dict[str, float] = {}


def bare_rjieba(docs: list[Any], label: str = "rjieba") -> float:
    import rjieba

    cpu = cpu_seconds()
    start = time.perf_counter()
    for doc in docs:
        rjieba.cut_for_search(doc.title)
        rjieba.cut_for_search(doc.body)
    CPU[label] = cpu_seconds() - cpu
    return time.perf_counter() - start


def floor(docs: list[Any], workdir: Path) -> dict[str, float]:
    """CPU seconds per row of each part of the unavoidable work (see the module docstring, 5)."""
    import sqlite3

    import tantivy

    from gongkai.search.engine_schema import build_document, build_schema, prepare
    from gongkai.search.text import index_text_parts, normalize_parts

    def cpu_per_row(work: Any) -> float:
        cpu = cpu_seconds()
        work()
        return (cpu_seconds() - cpu) / len(docs)

    parts: dict[str, float] = {}
    normalised: list[list[str]] = []
    parts["normalise"] = cpu_per_row(lambda: normalised.extend(normalize_parts(d.title, d.body) for d in docs))
    parts["cut + sub-words"] = cpu_per_row(lambda: [index_text_parts(*texts) for texts in normalised])
    prepared = [prepare(doc) for doc in docs]

    def index() -> None:
        writer = tantivy.Index(build_schema(), path=str(workdir / "floor-index")).writer(heap_size=32_000_000)
        for doc, item in zip(docs, prepared, strict=True):
            writer.add_document(build_document(doc, item))
        writer.commit()
        writer.wait_merging_threads()

    (workdir / "floor-index").mkdir()
    parts["tantivy add + commit"] = cpu_per_row(index)

    def store() -> None:
        database = sqlite3.connect(workdir / "floor.sqlite3")
        for table in ("publication", "revision"):  # the public copy and the revision: the text twice
            database.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
        with database:
            for table in ("publication", "revision"):
                database.executemany(
                    f"INSERT INTO {table} (title, body) VALUES (?, ?)",  # noqa: S608 (a fixed name)
                    [(doc.title, doc.body) for doc in docs],
                )
        database.close()

    parts["SQLite, the text twice"] = cpu_per_row(store)
    return parts


def report_floor(out: dict[str, float], parts: dict[str, float]) -> None:
    rows = out["rows"]
    rjieba = out["cpu_rjieba_s"] / rows
    total = sum(parts.values())
    cores = os.cpu_count() or 1
    now = (out["cpu_import_s"] + out["cpu_index_s"]) / rows
    print(f"## Floor (CPU ms a row, one process; bare rjieba {rjieba * 1000:.3f})")
    for name, seconds in parts.items():
        print(f"{name + ':':24}{seconds * 1000:7.3f}")
    print(
        f"floor:                  {total * 1000:7.3f}   on {cores} cores at best {rjieba / (total / cores):.2f} of bare"
        f" rjieba end to end; this import + indexing {now * 1000:.3f} ({now / total:.1f}x the floor),"
        f" at best {rjieba / (now / cores):.2f}"
    )
    # The text twice in bare tables is the least any import writes; this schema's statements
    # (the public lists' indexes, revisions, catalog links, outbox and audit rows) cost more,
    # measured inside the import (commits not counted).
    schema = out["cpu_import_statements_s"] / rows
    with_schema = total - parts["SQLite, the text twice"] + schema
    server = "; PostgreSQL's own CPU, in its server process, not counted" if out.get("postgresql") else ""
    print(
        f"with this schema's SQL: {schema * 1000:7.3f}   (the import's statements, commits not counted{server}):"
        f" floor {with_schema * 1000:.3f}, on {cores} cores at best {rjieba / (with_schema / cores):.2f}"
    )


def superuser() -> Any:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    return user_model.objects.filter(username="bench").first() or user_model.objects.create_superuser(
        "bench",
        password="bench-password-1",  # noqa: S106 - a throwaway bench database
    )


def run_import(manifest: Path, **kwargs: Any) -> tuple[float, Any]:
    from django.db import connection

    from gongkai.disclosure.importing import import_manifest

    actor = superuser()
    in_statements = [0.0]

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        # The CPU the import's statements cost in this process (for --floor): SQLite's whole work,
        # or PostgreSQL's client side.
        before = time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            in_statements[0] += time.process_time() - before

    cpu = cpu_seconds()
    start = time.perf_counter()
    with connection.execute_wrapper(timed):
        report = import_manifest(manifest, actor=actor, **kwargs)
    CPU["import"] = cpu_seconds() - cpu
    CPU["import_statements"] = in_statements[0]
    return time.perf_counter() - start, report


def run_indexer() -> tuple[float, int]:
    from gongkai.search import indexer

    cpu = cpu_seconds()
    start = time.perf_counter()
    progress = indexer.apply_pending()
    CPU["index"] = cpu_seconds() - cpu
    return time.perf_counter() - start, progress.items


def start_worker(index_processes: int, interval: float = 0.5) -> Any:
    """`gongkai search worker` on this bench's database and index, once it has caught up."""
    import subprocess

    from django.conf import settings

    env = dict(os.environ, GONGKAI_SEARCH_INDEX_PROCESSES=str(index_processes))
    # A shell's background job ignores SIGINT, and a child inherits that (Python then installs
    # no Ctrl-C handler): stop_worker could not stop the worker. A handled signal is reset to
    # the default across exec, so handling it here gives the worker its Ctrl-C back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        env.pop("DATABASE_URL", None)
    worker = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "gongkai", "search", "worker", "--interval", str(interval)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    wait_for_index(worker)
    return worker


def wait_for_index(worker: Any, timeout: float = 3600.0) -> None:
    """Until the worker's cursor is at the newest outbox event (it has applied everything)."""
    from gongkai.core.models import OutboxEvent
    from gongkai.search.models import IndexCursor

    newest = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the search worker ended with {worker.returncode}")
        cursor = IndexCursor.objects.filter(name="search").first()
        if cursor is not None and cursor.last_event_id >= newest and cursor.released_until is not None:
            return
        time.sleep(0.05)
    raise RuntimeError("the search worker did not catch up")


def stop_worker(worker: Any) -> None:
    worker.send_signal(signal.SIGINT)  # as Ctrl-C: the worker stops its helper processes
    worker.wait(timeout=60)


def concurrent_import(manifest: Path, index_processes: int) -> tuple[float, float, Any]:
    """(import seconds, seconds from the import's end until searchable, report) with the worker
    running beside the import; CPU["index"] is the worker's CPU time while it ran."""
    worker = start_worker(index_processes)
    children = os.times().children_user + os.times().children_system
    started = _process_cpu(worker.pid)  # Django start-up, dictionaries, first pass: not indexing
    try:
        import_s, report = run_import(manifest)
        start = time.perf_counter()
        wait_for_index(worker)
        tail_s = time.perf_counter() - start
    finally:
        stop_worker(worker)
    # The worker's CPU (its helpers' included once it has joined them), less its start-up.
    CPU["index"] = os.times().children_user + os.times().children_system - children - started
    return import_s, tail_s, report


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process so far (Linux: /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def figures(
    rows: int, orgs: list[Any], workdir: Path, old_sample: int, concurrent: bool = False, index_processes: int = 2
) -> dict[str, float]:
    from search_bench import generate_corpus

    docs = generate_corpus(rows)
    manifest = workdir / "manifest.csv"
    size = write_manifest(manifest, docs, orgs)
    rjieba_before = bare_rjieba(docs, "rjieba_before")
    out: dict[str, float] = {"rows": rows, "mb": size / 1e6, "load_before": os.getloadavg()[0]}
    if old_sample:
        sample = workdir / "sample.csv"
        write_manifest(sample, generate_corpus(old_sample, seed=7), orgs)
        seconds, _ = run_import(sample, bulk=False)
        out["old_rows_s"] = old_sample / seconds
        run_indexer()  # its events are not part of the figures below
        if concurrent:
            from gongkai.search import indexer

            indexer.close_index()  # the worker process takes the index writer
    if concurrent:
        import_s, index_s, report = concurrent_import(manifest, index_processes)
        items = report.count("imported")  # all applied: the worker's cursor passed their events
        out["concurrent"], out["tail_s"] = 1, index_s
    else:
        import_s, report = run_import(manifest)
        index_s, items = run_indexer()
    out["imported"] = report.count("imported")
    out["import_rows_s"] = rows / import_s
    rjieba_after = bare_rjieba(docs, "rjieba_after")
    rjieba_s = (rjieba_before + rjieba_after) / 2
    out["rjieba_before_docs_s"], out["rjieba_after_docs_s"] = rows / rjieba_before, rows / rjieba_after
    out["rjieba_docs_s"], out["rjieba_mb_s"] = rows / rjieba_s, size / 1e6 / rjieba_s
    out["indexed"] = items
    out["index_rows_s"] = items / index_s if index_s else 0.0
    out["index_mb_s"] = size / 1e6 / index_s if index_s else 0.0
    out["end_to_end_rows_s"] = rows / (import_s + index_s)
    out["share_of_rjieba"] = out["end_to_end_rows_s"] / out["rjieba_docs_s"]
    out["import_share_of_rjieba"] = out["import_rows_s"] / out["rjieba_docs_s"]
    out["index_share_of_rjieba"] = out["index_rows_s"] / out["rjieba_docs_s"]
    out["cpu_import_statements_s"] = CPU["import_statements"]
    rjieba_cpu = (CPU["rjieba_before"] + CPU["rjieba_after"]) / 2
    out["cpu_rjieba_s"], out["cpu_import_s"], out["cpu_index_s"] = rjieba_cpu, CPU["import"], CPU["index"]
    return out


def report(out: dict[str, float]) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"## Import ({out['rows']:,} rows, {out['mb']:.0f} MB of title + body; "
        f"load average {out['load_before']:.1f} at the start, {load} at the end)"
    )
    print(
        f"bare rjieba:            {out['rjieba_docs_s']:8,.0f} docs/s  {out['rjieba_mb_s']:6.1f} MB/s"
        f"   (before {out['rjieba_before_docs_s']:,.0f}, after {out['rjieba_after_docs_s']:,.0f})"
    )
    if "old_rows_s" in out:
        old = out["old_rows_s"]
        print(f"per-row path (old):     {old:8,.0f} rows/s   (issue baseline {BASELINE_ROWS_PER_S:.0f} rows/s)")
    rate, share = out["import_rows_s"], out["import_share_of_rjieba"]
    print(f"bulk import (DB):       {rate:8,.0f} rows/s   {share:.2f} of bare rjieba")
    rate, share = out["index_rows_s"], out["index_share_of_rjieba"]
    if out.get("concurrent"):
        print(
            f"search worker beside it: searchable {out['tail_s']:.1f} s after the import returned"
            f" ({out['indexed']:,} rows indexed while and after it ran)"
        )
    else:
        print(
            f"indexer pass:           {rate:8,.0f} rows/s   {share:.2f} of bare rjieba  {out['index_mb_s']:5.1f} MB/s"
            f" (issue: index-only bulk {BASELINE_INDEX_ONLY_MB_S} MB/s with 2 processes)"
        )
    print(
        f"end to end:             {out['end_to_end_rows_s']:8,.0f} rows/s   {out['share_of_rjieba']:.2f} of bare rjieba"
        f"   (issue baseline {BASELINE_ROWS_PER_S / BASELINE_RJIEBA_DOCS_PER_S:.3f}; goal >= 0.50)"
    )
    rjieba_cpu, import_cpu, index_cpu = out["cpu_rjieba_s"], out["cpu_import_s"], out["cpu_index_s"]
    print(
        f"CPU seconds (all processes): bare rjieba {rjieba_cpu:.1f}, import {import_cpu:.1f}"
        f" ({rjieba_cpu / import_cpu:.2f}), indexing {index_cpu:.1f} ({rjieba_cpu / index_cpu:.2f}),"
        f" import + indexing {rjieba_cpu / (import_cpu + index_cpu):.2f} of bare rjieba's CPU time"
    )
    print(f"imported {out['imported']:,}, indexed {out['indexed']:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--old-sample", type=int, default=200, help="rows through the old per-row path (0: skip)")
    parser.add_argument("--database", help="an empty database URL (default: a temporary SQLite)")
    parser.add_argument(
        "--index-processes", type=int, default=2, help="GONGKAI_SEARCH_INDEX_PROCESSES for the indexer's backlog"
    )
    parser.add_argument("--floor", action="store_true", help="also measure the floor (module docstring, 5)")
    parser.add_argument(
        "--concurrent",
        action="store_true",
        help="index with `gongkai search worker` running beside the import, as an installation does",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-import-bench-") as tmp:
        setup_django(tmp, args.database)
        from django.conf import settings

        settings.GONGKAI_SEARCH_INDEX_PROCESSES = args.index_processes
        orgs = make_orgs(args.orgs)
        warm_up(orgs)
        out = figures(args.rows, orgs, Path(tmp), args.old_sample, args.concurrent, args.index_processes)
        out["postgresql"] = float(bool(args.database))
        report(out)
        if args.floor:
            from search_bench import generate_corpus

            report_floor(out, floor(generate_corpus(args.rows), Path(tmp)))


if __name__ == "__main__":
    main()
