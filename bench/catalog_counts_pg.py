"""An org's catalog counts on PostgreSQL at province size: the plan and time of the count that
`disclosure.catalog_tree` runs (grouped by Publication.filed_in) against the count through the
link table that it replaced.

    uv run python bench/catalog_counts_pg.py --database postgresql://postgres@127.0.0.1:5432/catalog_counts

The database must be empty (it is migrated here) or hold this script's own earlier build, which
is then reused. The build: --orgs departments with five columns each, --publications public
items spread evenly over them (one in 97 withdrawn), each filed in one column, written by one
INSERT ... SELECT from generate_series, the links likewise, then VACUUM ANALYZE (what autovacuum
does for a table that size). Then, for department 3 (1/--orgs of the items): EXPLAIN (ANALYZE,
BUFFERS) of both counts, the median of 15 runs of each, and of catalog_tree itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings.dev"
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-catalog-counts-")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    settings.DEBUG = False


def build(database: str, publications: int, orgs: int) -> None:
    import psycopg
    from django.db import connection

    from gongkai.disclosure.models import CatalogNode, Publication, Revision
    from gongkai.orgs.models import Organization

    root = Organization.objects.create(name="某省人民政府", slug="province", level="province", credit_code="BENCH-ROOT")
    root.path = f"/{root.pk}/"
    root.save(update_fields=["path"])
    departments, first_column = [], []
    for i in range(orgs):
        org = Organization.objects.create(
            name=f"某省第{i}厅", slug=f"dept{i}", level="department", parent=root, credit_code=f"BENCH-{i:04d}"
        )
        org.path = f"{root.path}{org.pk}/"
        org.save(update_fields=["path"])
        departments.append(org.pk)
        for k in range(5):
            node = CatalogNode.objects.create(org=org, name=f"栏目{k}", code=f"c{k}", sort_order=k)
            node.path = f"/{node.pk}/"
            node.save(update_fields=["path"])
            if k == 0:
                first_column.append(node.pk)
    # One released revision for every generated item: the counts read the publications only.
    anchor = Publication.objects.create(org_id=departments[0], title="样本", state="published")
    revision = Revision.objects.create(
        publication=anchor, number=1, title="样本", kind="other", disclosure_mode="proactive"
    )
    with connection.cursor() as cursor:
        # Only integers built here go into the text; the row values come from generate_series.
        cursor.execute(
            f"""
            INSERT INTO disclosure_publication (org_id, title, kind, body_html, created_at,
              disclosure_mode, doc_issuer_code, doc_number, interpretation_form, is_major_policy,
              keywords, state, topic, validity, withdrawn_reason, withholding_ground, filed_in,
              published_on, public_from, published_revision_id, current_revision_id)
            SELECT (ARRAY{departments})[1 + g % {orgs}], '关于第' || g || '批政务公开工作的通知',
              'notice', repeat('正文', 200), now(), 'proactive', '', '', '', false, '',
              CASE WHEN g % 97 = 0 THEN 'withdrawn' ELSE 'published' END, '', 'valid', '', '',
              ((ARRAY{first_column})[1 + g % {orgs}] + (g / {orgs}) % 5)::text,
              date '2010-01-01' + g % 5800, timestamp '2010-01-01' + (g % 5800) * interval '1 day',
              {int(revision.pk)}, {int(revision.pk)}
            FROM generate_series(1, {int(publications)}) g
            """  # noqa: S608
        )
        cursor.execute(
            "INSERT INTO disclosure_publication_catalog_nodes (publication_id, catalognode_id) "
            "SELECT id, filed_in::bigint FROM disclosure_publication WHERE filed_in <> ''"
        )
    connection.close()
    with psycopg.connect(database, autocommit=True) as raw:
        raw.execute("VACUUM ANALYZE")


def timed(call: Callable[[], Any], repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="an empty PostgreSQL database URL")
    parser.add_argument("--publications", type=int, default=1_000_000)
    parser.add_argument("--orgs", type=int, default=60)
    args = parser.parse_args()
    if not 1 <= args.publications <= 20_000_000 or not 4 <= args.orgs <= 5_000:
        parser.error("--publications 1..20,000,000, --orgs 4..5,000")
    setup_django(args.database)

    from django.db import connection
    from django.db.models import Count

    from gongkai.disclosure import selectors
    from gongkai.disclosure.models import Publication
    from gongkai.orgs.models import Organization

    if not Publication.objects.exists():
        start = time.perf_counter()
        build(args.database, args.publications, args.orgs)
        print(f"built {args.publications:,} publications in {time.perf_counter() - start:.0f} s")
    dept = Organization.objects.get(slug="dept3")
    public = selectors.public_publications().filter(org=dept).order_by()
    print(f"department 3: {public.count():,} public items; load average {os.getloadavg()[0]:.2f}")
    counts = {
        "filed_in (catalog_tree's)": public.exclude(filed_in="").values_list("filed_in").annotate(n=Count("*")),
        "filed_in, COUNT(id)": public.exclude(filed_in="").values_list("filed_in").annotate(n=Count("pk")),
        "link table (before)": public.filter(catalog_nodes__isnull=False)
        .values_list("catalog_nodes")
        .annotate(n=Count("pk")),
    }
    for label, queryset in counts.items():
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"\n{label}: median {timed(lambda q=queryset: list(q.all())):.2f} ms")
        print("\n".join("    " + line for line in plan))
    print(f"\ncatalog_tree(department 3): median {timed(lambda: selectors.catalog_tree(dept)):.2f} ms")


if __name__ == "__main__":
    main()
