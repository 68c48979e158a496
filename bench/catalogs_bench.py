"""Speed of 标准目录 import and coverage (gongkai.catalogs).

    uv run python bench/catalogs_bench.py [--items 10000] [--departments 30] [--townships 18]

Runs on a fresh SQLite database in a temporary GONGKAI_DATA_DIR (migrated), one process:

1. Builds a workbook in the published layout with `--items` 二级事项 spread over the 26 areas
   (one sheet each, 一级事项 merged over 5 rows, ■/□ channels, √ boxes), then times reading it
   (`read_workbook`, the dry run) and importing it into the county (`catalog_import`, which
   reads again and saves, then publishes every area).
2. Builds a county with `--departments` departments and `--townships` townships. The county's
   catalog is the imported one, bound to 461 columns (新华区's count in seed 001); each
   department and township has a 150-item catalog bound to 20 columns. Every column holds two
   public publications (one on time, one late for the default 20-working-day rule). Times
   `coverage_of_subtree(county)` (cold: the first call; warm: the second).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings.dev"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


DEADLINES = (
    "信息形成或者变更之日起20个工作日内",
    "本级人民代表大会或其常务委员会批准后20日内",
    "制定或获取信息之日起10个工作日内，公示7个工作日",
    "长期公开",
    "每季度结束后15日内",
    "每年3月底前",
)


def workbook(n_items: int) -> bytes:
    from gongkai.catalogs.tests.workbooks import Row, build, channels
    from gongkai.catalogs.vocab import AREAS

    per_area, extra = divmod(n_items, len(AREAS))
    sheets = {}
    for k, (_, label, _) in enumerate(AREAS):
        count = per_area + (1 if k < extra else 0)
        sheets[label] = [
            Row(
                f"{label}一级事项{i // 5 + 1}",
                f"{label}二级事项{i + 1}",
                DEADLINES[i % len(DEADLINES)],
                content="公开内容：名称、依据、标准、程序、结果" * 3,
                channels=channels("政府网站", "两微一端") if i % 2 else channels("政府网站"),
            )
            for i in range(count)
        ]
    return build(sheets)


def make_org(name: str, level: str, slug: str, parent, n: int):  # type: ignore[no-untyped-def]
    from gongkai.orgs.models import Organization

    org = Organization.objects.create(
        name=name, level=level, slug=slug, parent=parent, credit_code=f"11360735{n:09d}X"[:18]
    )
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = 0 if parent is None else parent.depth + 1
    org.save(update_fields=["path", "depth"])
    return org


def populate(org, n_columns: int, start: datetime.date) -> list[int]:  # type: ignore[no-untyped-def]
    """`n_columns` columns under the org's 重点领域信息, two public publications in each."""
    from django.utils import timezone

    from gongkai.disclosure.models import CatalogNode, Publication, Revision, State
    from gongkai.disclosure.services import catalog_ensure_default

    catalog_ensure_default(org=org)
    parent = CatalogNode.objects.get(org=org, code="key-areas")
    nodes = CatalogNode.objects.bulk_create(
        CatalogNode(org=org, parent=parent, name=f"栏目{i}", code=f"std-{i}", sort_order=i) for i in range(n_columns)
    )
    for node in nodes:
        node.path = f"{parent.path}{node.pk}/"
    CatalogNode.objects.bulk_update(nodes, ["path"])
    pubs = []
    for node in nodes:
        for late in (0, 1):
            formed = start + datetime.timedelta(days=node.pk % 200)
            pubs.append(
                Publication(
                    org=org,
                    state=State.PUBLISHED,
                    title=f"{node.name}信息",
                    formed_on=formed,
                    published_on=formed + datetime.timedelta(days=7 + 40 * late),
                    public_from=timezone.now() - datetime.timedelta(days=1),
                )
            )
    Publication.objects.bulk_create(pubs)
    revisions = Revision.objects.bulk_create(
        Revision(publication=p, number=1, title=p.title, kind=p.kind, disclosure_mode=p.disclosure_mode) for p in pubs
    )
    for p, r in zip(pubs, revisions, strict=True):
        p.published_revision = r
        p.current_revision = r
    Publication.objects.bulk_update(pubs, ["published_revision", "current_revision"])
    through = Publication.catalog_nodes.through
    through.objects.bulk_create(
        through(publication_id=p.pk, catalognode_id=nodes[i // 2].pk) for i, p in enumerate(pubs)
    )
    return [n.pk for n in nodes]


def bind_round_robin(version, column_ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    from gongkai.catalogs.models import CatalogItem

    items = list(CatalogItem.objects.filter(version__catalog__org=version.catalog.org))
    for i, item in enumerate(items):
        item.column_id = column_ids[i % len(column_ids)]
    CatalogItem.objects.bulk_update(items, ["column_id"], batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--departments", type=int, default=30)
    parser.add_argument("--townships", type=int, default=18)
    args = parser.parse_args()
    setup_django(tempfile.mkdtemp(prefix="gongkai-catalogs-bench-"))

    from gongkai.catalogs import services
    from gongkai.catalogs.coverage import coverage_of_subtree
    from gongkai.catalogs.importing import read_workbook
    from gongkai.orgs.roles import Level

    t = time.perf_counter()
    data = workbook(args.items)
    print(f"生成工作簿：{args.items} 个事项，{len(data) / 1e6:.1f} MB，{time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    result = read_workbook(data)
    assert not result.errors and len(result.items) == args.items, result.errors[:3]
    print(f"解析（试运行）：{time.perf_counter() - t:.2f} s")

    county = make_org("石城县人民政府", Level.COUNTY, "shicheng", None, 1)
    t = time.perf_counter()
    outcome = services.catalog_import(actor=None, org=county, data=data, filename="bench.xlsx", publish=True)
    print(f"导入并发布（读取+写入 {len(outcome.versions)} 个领域）：{time.perf_counter() - t:.2f} s")

    start = datetime.date(2025, 1, 2)
    bind_round_robin(outcome.versions[0], populate(county, 461, start))
    small = workbook(150)
    for i in range(args.departments + args.townships):
        level = Level.DEPARTMENT if i < args.departments else Level.TOWNSHIP
        org = make_org(f"下级机构{i}", level, f"sub-{i}", county, 100 + i)
        version = services.catalog_import(actor=None, org=org, data=small, publish=True).versions[0]
        bind_round_robin(version, populate(org, 20, start))
    from gongkai.catalogs.models import CatalogItem

    total_items = CatalogItem.objects.count()
    for label in ("首次", "再次"):
        t = time.perf_counter()
        result_cov = coverage_of_subtree(county, today=datetime.date(2025, 11, 3))
        elapsed = time.perf_counter() - t
        counted = sum(o.counted for o in result_cov)
        print(f"覆盖情况（{label}）：{len(result_cov)} 个机构、{total_items} 个事项（计入 {counted}），{elapsed:.2f} s")


if __name__ == "__main__":
    main()
