"""An assessment on fixed data reproduces a hand-computed sheet; recomputing changes the draft
and never the published sheet; the 通报 in DOCX and XLSX."""

import datetime
import io
from decimal import Decimal

import time_machine
from docx import Document
from openpyxl import load_workbook

from gongkai.disclosure.services import publication_import
from gongkai.supervision import exports, selectors
from gongkai.supervision.models import Score
from gongkai.supervision.services import assess, indicator_add, manual_point_add, scheme_create, sheet_publish


def _publish(actor, org, n, written, published):
    publication_import(
        actor=actor,
        org=org,
        title=f"通知{n}",
        body="正文",
        published_on=published,
        written_on=written,
        source_key=f"t{n}",
    )


@time_machine.travel(datetime.date(2025, 1, 20))
def test_hand_computed_sheet_and_frozen_publication(shicheng, office, superuser):
    wjw, sfj = shicheng["shicheng-wjw"], shicheng["shicheng-sfj"]
    # 县卫健委: 4 items, one published after its 20-working-day due date; 县司法局: 1 on time.
    for n, (written, published) in enumerate(
        [
            ((2024, 3, 1), (2024, 3, 5)),
            ((2024, 4, 1), (2024, 4, 8)),
            ((2024, 5, 6), (2024, 5, 10)),
            ((2024, 6, 3), (2024, 8, 1)),
        ]
    ):
        _publish(superuser, wjw, n, datetime.date(*written), datetime.date(*published))
    _publish(superuser, sfj, 9, datetime.date(2024, 3, 1), datetime.date(2024, 3, 4))
    scheme = scheme_create(actor=office, org=shicheng["shicheng"], year=2024)
    indicator_add(
        actor=office,
        scheme=scheme,
        code="A1",
        name="按时公开",
        weight="20",
        rule="proportional",
        source="disclosure.timeliness",
    )
    indicator_add(
        actor=office,
        scheme=scheme,
        code="A2",
        name="逾期扣分",
        weight="10",
        rule="deduct",
        per_item="4",
        source="disclosure.timeliness",
    )
    indicator_add(actor=office, scheme=scheme, code="B1", name="工作创新", weight="5", rule="manual")
    manual_point_add(actor=office, scheme=scheme, org=wjw, indicator_code="B1", points="3", reason="政策解读形式创新")
    manual_point_add(actor=office, scheme=scheme, org=sfj, points="-2", reason="约谈后整改不到位")

    sheet = assess(actor=office, scheme=scheme)
    got = {(s.org.slug, s.indicator_code): s.points for s in Score.objects.filter(sheet=sheet).select_related("org")}
    # By hand: 县卫健委 A1 = 20 × 3/4 = 15.00; A2 = 10 − 4×1 = 6; B1 = 3 → 24.00.
    assert got[("shicheng-wjw", "A1")] == Decimal("15.00")
    assert got[("shicheng-wjw", "A2")] == Decimal("6.00")
    assert got[("shicheng-wjw", "B1")] == Decimal("3.00")
    # 县司法局: A1 = 20, A2 = 10, B1 = 0 (not scored), 加减分 −2 → 28.
    assert got[("shicheng-sfj", "A1")] == Decimal("20.00") and got[("shicheng-sfj", "加减分")] == Decimal("-2.00")
    ranking = {r.org.slug: r for r in selectors.ranking(sheet)}
    assert ranking["shicheng-wjw"].total == Decimal("24.00") and ranking["shicheng-sfj"].total == Decimal("28.00")
    assert ranking["shicheng-sfj"].rank < ranking["shicheng-wjw"].rank
    # Each automatic point is traceable to its records: the late item, by its publication pk.
    late = Score.objects.get(sheet=sheet, org=wjw, indicator_code="A2").evidence
    assert len(late) == 1 and late[0]["kind"] == "publication" and "通知3" in late[0]["label"]

    published = sheet_publish(actor=office, sheet=sheet)
    frozen = {(s.org_id, s.indicator_code): s.points for s in published.scores.all()}
    # A source record changes: another late item for 县卫健委; recomputing makes a new draft.
    _publish(superuser, wjw, 5, datetime.date(2024, 9, 2), datetime.date(2024, 11, 1))
    draft = assess(actor=office, scheme=scheme)
    assert draft.pk != published.pk
    assert draft.scores.get(org=wjw, indicator_code="A1").points == Decimal("12.00")  # 20 × 3/5
    assert draft.scores.get(org=wjw, indicator_code="A2").points == Decimal("2.00")
    published.refresh_from_db()
    assert published.state == "published"
    assert {(s.org_id, s.indicator_code): s.points for s in published.scores.all()} == frozen

    doc = Document(io.BytesIO(exports.notice_docx(published)))
    assert "考核结果的通报" in doc.paragraphs[0].text
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "石城县卫生健康委员会" in cells and "24.00" in cells
    book = load_workbook(io.BytesIO(exports.notice_xlsx(published)))
    rows = list(book["考核结果"].iter_rows(values_only=True))
    assert rows[1][0] == "名次" and any(r[1] == "石城县司法局" and r[-1] == 28.0 for r in rows[2:])
