"""The bulk import path gives what the per-row path gave (rows, 索引号, catalog links, outbox,
audit; search results: search/tests/test_bulk_import_search.py), and 索引号 serials stay unique
and gap-free under two concurrent imports."""

import csv
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.models import AuditEvent, OutboxEvent
from gongkai.disclosure.importing import import_manifest
from gongkai.disclosure.models import IndexNumberSequence, Publication
from gongkai.disclosure.richtext import sanitize_html, text_to_html
from gongkai.disclosure.services import catalog_ensure_default
from gongkai.disclosure.services.bulk_import import BATCH_SIZE, plain_text_html

TRICKY_TEXTS = [
    "引号'单'\"双\" & <b>不是标签</b> &amp; &#x27;",
    "不间断\xa0空格",
    "空\x00字符",
    "控制\x01字符\x7f和\x85换行",
    "零宽\u200b与\ufeff",
    "非字符\ufdd0\uffff",
    "\U0001f600 表情",
    "制表\t符   与\r\n回车\r换行\u2028分隔",
    "   \n\n  ",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_plain_text_html_is_the_sanitised_conversion(text):
    # The bulk path skips the sanitiser for HTML it generated from escaped text: the result
    # must be what sanitising that HTML gives, character for character.
    assert plain_text_html(text) == sanitize_html(text_to_html(text))


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80))
def test_plain_text_html_matches_the_sanitiser_on_any_text(text):
    assert plain_text_html(text) == sanitize_html(text_to_html(text))


HEADER = ["机构", "信息名称", "体裁", "文号", "索引号", "成文日期", "发布日期", "主题分类", "关键词", "栏目", "正文"]


def sample_rows(n: int) -> list[list[str]]:
    """Two orgs, two years, given and allocated 索引号, explicit and default catalog columns,
    repeats (same 文号, same 索引号) and bad rows, spread across more than one batch."""
    rows = []
    for i in range(n):
        org = "shicheng-wjw" if i % 3 else "shicheng"
        year = 2022 + i % 2
        rows.append(
            [
                org,
                f"关于第{i}号民生事项的通知",
                ["通知公告", "政策文件", "规划计划"][i % 3],
                f"石卫字〔{year}〕{i + 1}号" if i % 4 else "",
                f"SAMPLE/{year}-{i:05d}" if i % 7 == 0 else "",
                f"{year}-03-01",
                f"{year}-03-{1 + i % 27:02d}",
                "卫生、体育\\卫生",
                "低保 医疗",
                "plans,notices" if i % 5 == 0 else "",
                f"第{i}号事项的正文：城乡居民最低生活保障标准第{i}次调整。",
            ]
        )
    rows[11][3] = rows[5][3]  # a repeated 文号 in the same org: the second is the first
    rows[10][4] = rows[0][4] = "SAMPLE/2022-99999"  # a repeated 索引号
    rows[20][6] = "2099-01-01"  # a publication date in the future
    rows[30][9] = "no-such-column"
    rows[40][10] = ""  # no body
    rows[50][3] = "不是文号"
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def snapshot() -> dict[str, Any]:
    rows = {}
    for p in Publication.objects.prefetch_related("catalog_nodes").select_related("published_revision", "org"):
        revision = p.published_revision
        rows[p.source_key] = (
            p.org.slug,
            p.state,
            p.index_number,
            p.title,
            p.kind,
            p.doc_number,
            p.doc_year,
            p.doc_serial,
            p.written_on,
            p.published_on,
            p.public_from,
            p.body_html,
            p.keywords,
            p.topic,
            sorted(n.code for n in p.catalog_nodes.all()),
            # What the catalog counts read: the links' column ids, in order.
            p.filed_in == ",".join(str(pk) for pk in sorted(n.pk for n in p.catalog_nodes.all())),
            (revision.number, revision.body_html, revision.title, sorted(n.code for n in revision.catalog_nodes.all()))
            if revision
            else None,
            p.current_revision_id == p.published_revision_id,
        )
    by_pk = dict(Publication.objects.values_list("pk", "source_key"))
    return {
        "rows": rows,
        "sequences": sorted(IndexNumberSequence.objects.values_list("org__slug", "year", "last_serial")),
        "outbox": sorted(
            by_pk[int(i)]
            for i in OutboxEvent.objects.filter(topic="publication.changed").values_list("object_id", flat=True)
        ),
        "audit": sorted(
            by_pk[int(i)]
            for i in AuditEvent.objects.filter(action="publication.imported").values_list("object_id", flat=True)
        ),
    }


class _Rollback(Exception):
    pass


@pytest.mark.django_db
def test_bulk_path_gives_what_the_per_row_path_gave(tmp_path, org_tree, superuser):
    path = write_csv(tmp_path / "m.csv", sample_rows(BATCH_SIZE + 130))
    results = {}
    for bulk in (False, True):
        try:
            with transaction.atomic():
                report = import_manifest(path, actor=superuser, bulk=bulk)
                results[bulk] = ([(r.line, r.status, r.reason) for r in report.rows], snapshot())
                raise _Rollback
        except _Rollback:
            pass
    old, new = results[False], results[True]
    assert new[0] == old[0]  # the same status and message, row by row
    statuses = [status for _, status, _ in new[0]]
    assert statuses.count("rejected") == 4 and statuses.count("skipped") == 2
    assert new[1]["rows"] == old[1]["rows"] and len(new[1]["rows"]) == BATCH_SIZE + 124
    assert all(row[-3] for row in new[1]["rows"].values())  # filed_in names the links
    assert new[1] == old[1]


@pytest.mark.django_db
def test_a_batch_costs_a_fixed_number_of_queries(tmp_path, org_tree, superuser, django_assert_max_num_queries):
    path = write_csv(tmp_path / "m.csv", sample_rows(200))
    for org in (org_tree["county"], org_tree["dept"]):
        catalog_ensure_default(org=org)  # an org's first import creates its catalog: once, not per batch
    with django_assert_max_num_queries(64):  # ~30 per org and batch; ~15 a row before (3,000 here)
        report = import_manifest(path, actor=superuser)
    assert report.count("imported") == 194


def _concurrent_import(path: Path, actor: Any, errors: list[BaseException]) -> None:
    try:
        import_manifest(path, actor=actor)
    except BaseException as exc:
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_serials_are_unique_and_gap_free_under_two_concurrent_imports(tmp_path, org_tree, superuser):
    manifests = []
    for name in ("a", "b"):
        rows = [
            ["shicheng-wjw", f"{name}第{i}号通知", "通知公告", "", "", "", "2024-05-06", "", "", "", f"{name}正文{i}"]
            for i in range(BATCH_SIZE + 100)
        ]
        manifests.append(write_csv(tmp_path / f"{name}.csv", rows))
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_concurrent_import, args=(m, superuser, errors)) for m in manifests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    org = org_tree["dept"]
    numbers = Publication.objects.filter(org=org).values_list("index_number", flat=True)
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    total = 2 * (BATCH_SIZE + 100)
    assert serials == list(range(1, total + 1))
    assert IndexNumberSequence.objects.get(org=org, year=2024).last_serial == total


@pytest.mark.django_db
def test_rows_filed_under_no_column_are_imported(tmp_path, org_tree, superuser):
    """The org deleted the default column of the rows' 体裁 (其他 → 通知公告) and the rows name
    none: they are imported without catalog links (the batch's link INSERT has no rows at all)."""
    from gongkai.disclosure.models import CatalogNode
    from gongkai.disclosure.services import catalog_node_delete

    dept = org_tree["dept"]
    catalog_ensure_default(org=dept)
    catalog_node_delete(actor=superuser, node=CatalogNode.objects.get(org=dept, code="notices"))
    rows = [[dept.slug, f"其他事项{i}", "其他", "", "", "", "2024-05-06", "", "", "", "正文"] for i in range(3)]
    report = import_manifest(write_csv(tmp_path / "m.csv", rows), actor=superuser)
    assert report.count("imported") == 3, report.rows
    assert Publication.objects.filter(org=dept).count() == 3
    assert not Publication.catalog_nodes.through.objects.filter(publication__org=dept).exists()
