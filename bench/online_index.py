"""How long a write waits while an index is built on PostgreSQL: plain CREATE INDEX against
CREATE INDEX CONCURRENTLY (what core.migration_ops' AddIndexOnline runs for the publications
table's migrations).

    uv run python bench/online_index.py
    uv run python bench/online_index.py --rows 2000000 --database postgresql://postgres@127.0.0.1:5432/test

A scratch table shaped like the publications' list columns (kind, date, public_from and a 200
character body) gets --rows rows; then, for each way, one connection builds the kind index the
migration builds while another inserts a row every 20 ms until the build is done, and each
insert's time is recorded. The table is dropped at the end.
"""

from __future__ import annotations

import argparse
import threading
import time

import psycopg

TABLE = "bench_online_index"


def insert_times_during(dsn: str, how: str) -> tuple[float, list[float]]:
    """(the build's seconds, each insert's seconds while it ran)."""
    waits: list[float] = []
    built: list[float] = []
    done = threading.Event()

    def build() -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            start = time.perf_counter()
            conn.execute(
                f"CREATE INDEX {how} bench_online_kind ON {TABLE} (kind, published_on DESC, id DESC, public_from)"
            )
            built.append(time.perf_counter() - start)
            conn.execute(f"DROP INDEX {how} bench_online_kind")
        done.set()

    builder = threading.Thread(target=build)
    builder.start()
    time.sleep(0.2)  # the build has started
    with psycopg.connect(dsn, autocommit=True) as conn:
        while not done.is_set():
            start = time.perf_counter()
            conn.execute(
                f"INSERT INTO {TABLE} (kind, published_on, public_from, body)"  # noqa: S608 (a fixed name)
                " VALUES ('notice', date '2026-12-04', now(), 'y')"
            )
            waits.append(time.perf_counter() - start)
            time.sleep(0.02)
    builder.join()
    return built[0], sorted(waits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with psycopg.connect(args.database, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(
            f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, kind text, published_on date,"
            " public_from timestamptz, body text)"
        )
        conn.execute(
            f"INSERT INTO {TABLE} (kind, published_on, public_from, body)"  # noqa: S608 (a fixed name)
            " SELECT (ARRAY['policy', 'notice', 'plan', 'other'])[1 + i %% 4], date '2000-01-01' + (i %% 9000),"
            " now(), repeat('x', 200) FROM generate_series(1, %s) i",
            (args.rows,),
        )
        conn.execute(f"VACUUM ANALYZE {TABLE}")
    try:
        print(f"# An insert every 20 ms while an index is built on {args.rows:,} rows")
        for how in ("", "CONCURRENTLY"):
            seconds, waits = insert_times_during(args.database, how)
            print(
                f"CREATE INDEX {how or '(plain)':13} build {seconds:5.2f} s; {len(waits):4} inserts meanwhile,"
                f" longest {waits[-1] * 1000:8.1f} ms, median {waits[len(waits) // 2] * 1000:7.2f} ms"
            )
    finally:
        with psycopg.connect(args.database, autocommit=True) as conn:
            conn.execute(f"DROP TABLE IF EXISTS {TABLE}")


if __name__ == "__main__":
    main()
