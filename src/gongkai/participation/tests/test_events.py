"""政务公开讲 / 政府开放日: the yearly table imported like seed 002's, registration, 举办情况, overdue."""

import datetime
import io

import openpyxl
import pytest

from gongkai.core.errors import Conflict, ValidationFailed
from gongkai.orgs.roles import Level
from gongkai.orgs.services import organization_create
from gongkai.participation import selectors, services
from gongkai.participation.models import Event, EventRegistration
from gongkai.participation.services import EventInput
from gongkai.participation.tests.conftest import token

pytestmark = pytest.mark.django_db
D = datetime.date

# The first rows of seed 002's 2024年“政务公开讲”“政府开放日”活动安排表, as the table reads: the
# month only on the first row of its group (merged cells), "7" without 月.
SEED_ROWS = [
    ["附件"],
    ["序号", "月份", "活动主题", "主办单位", "活动形式", "备注"],
    [1, "5月", "消防安全", "县消防救援大队", "政府开放日", None],
    [2, None, "普惠金融改革试验区建设", "县金融服务中心", "政务公开讲", None],
    [3, None, "自主选定", "木兰乡", None, None],
    [4, "6月", "医疗卫生改革", "县卫健委", "政务公开讲、政府开放日", None],
    [5, "7", "自主选定", "木兰乡", "", None],
    [None, None, None, None, None, None],
    ["注：活动相关主办单位须……及时发布举办情况。"],
]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def hosts(org_tree, superuser):
    from conftest import make_credit_code

    for name, short in (("石城县消防救援大队", "县消防救援大队"), ("石城县金融服务中心", "县金融服务中心")):
        organization_create(
            actor=superuser,
            name=name,
            short_name=short,
            level=Level.DEPARTMENT,
            credit_code=make_credit_code(),
            slug=f"h-{len(short)}-{short.encode().hex()[:8]}",
            parent=org_tree["county"],
        )


def test_import_the_seed_table_with_merged_months(staff, org_tree, hosts):
    result = services.event_import(
        actor=staff["admin"], root=org_tree["county"], year=2024, data=xlsx(SEED_ROWS), filename="安排表.xlsx"
    )
    assert len(result.created) == 5 and result.existing == []
    table = [(e.month, e.theme, e.org.short_name, e.get_form_display()) for e in selectors.events_public(year=2024)]
    assert table == [
        (5, "消防安全", "县消防救援大队", "政府开放日"),
        (5, "普惠金融改革试验区建设", "县金融服务中心", "政务公开讲"),
        (5, "自主选定", "木兰乡", "政府开放日"),
        (6, "医疗卫生改革", "县卫健委", "政务公开讲、政府开放日"),
        (7, "自主选定", "木兰乡", "政府开放日"),
    ]
    again = services.event_import(
        actor=staff["admin"], root=org_tree["county"], year=2024, data=xlsx(SEED_ROWS), filename="安排表.xlsx"
    )
    assert again.created == [] and len(again.existing) == 5 and Event.objects.count() == 5


def test_import_reports_every_problem_and_writes_nothing(staff, org_tree, hosts):
    rows = [
        ["月份", "活动主题", "主办单位"],
        ["13月", "x", "县卫健委"],
        ["5月", "y", "县不存在局"],
        ["5月", "z", "瑞金市人民政府"],  # exists, but not under 石城县
    ]
    with pytest.raises(ValidationFailed) as exc:
        services.event_import(
            actor=staff["admin"], root=org_tree["county"], year=2024, data=xlsx(rows), filename="a.xlsx"
        )
    assert "第2行：月份“13月”无效。" in exc.value.message
    rows[1][0] = "6月"
    with pytest.raises(ValidationFailed) as exc:
        services.event_import(
            actor=staff["admin"], root=org_tree["county"], year=2024, data=xlsx(rows), filename="a.xlsx"
        )
    assert exc.value.fields["file"] == [
        "第3行：主办单位“县不存在局”不是石城县人民政府或其下属机构。",
        "第4行：主办单位“瑞金市人民政府”不是石城县人民政府或其下属机构。",
    ]
    csv = "月份,活动主题,主办单位\n5月,消防安全,县卫健委\n".encode("gb18030")
    services.event_import(actor=staff["admin"], root=org_tree["county"], year=2024, data=csv, filename="t.csv")
    assert Event.objects.count() == 1
    with pytest.raises(ValidationFailed):
        services.event_import(actor=staff["admin"], root=org_tree["county"], year=2024, data=b"x", filename="t.xls")


def test_registration_report_and_overdue_list(staff, org_tree):
    event = services.event_create(
        actor=staff["editor"],
        org=org_tree["dept"],
        year=2025,
        data=EventInput(month=10, theme="医疗卫生改革", held_on=D(2025, 10, 16), capacity=2, registration_open=True),
    )
    form = token()
    first, created = services.event_register(
        event=event, participant_name="赵敏", participant_phone="13612345678", token=form, today=D(2025, 10, 9)
    )
    again, created_again = services.event_register(
        event=event, participant_name="赵敏", participant_phone="13612345678", token=form, today=D(2025, 10, 9)
    )
    assert created and not created_again and first.pk == again.pk
    services.event_register(
        event=event, participant_name="钱亮", participant_phone="13612345679", token=token(), today=D(2025, 10, 9)
    )
    with pytest.raises(Conflict):
        services.event_register(
            event=event, participant_name="孙丽", participant_phone="13612345670", token=token(), today=D(2025, 10, 9)
        )
    assert EventRegistration.objects.count() == 2
    with pytest.raises(ValidationFailed):  # not held yet
        services.event_report_publish(
            actor=staff["editor"], event=event, report_html="<p>x</p>", participant_count=2, today=D(2025, 10, 15)
        )
    # Due 10 WD after 2025-10-16: 2025-10-30; listed as overdue from the day after.
    assert selectors.events_overdue(org=org_tree["county"], today=D(2025, 10, 30)) == []
    overdue = selectors.events_overdue(org=org_tree["county"], today=D(2025, 10, 31))
    assert [(o.event.pk, o.due_on, o.late_by) for o in overdue] == [(event.pk, D(2025, 10, 30), 1)]
    services.event_report_publish(
        actor=staff["editor"],
        event=event,
        report_html="<p>10月16日，县卫健委举办政府开放日活动，<script>alert(1)</script>12名市民代表参加。</p>",
        participant_count=12,
        today=D(2025, 10, 31),
    )
    event.refresh_from_db()
    assert "<script>" not in event.report_html and event.report_published_on == D(2025, 10, 31)
    assert selectors.events_overdue(org=org_tree["county"], today=D(2025, 11, 30)) == []


def test_an_event_without_a_date_is_due_after_its_month(staff, org_tree):
    services.event_create(
        actor=staff["editor"], org=org_tree["dept"], year=2025, data=EventInput(month=9, theme="自主选定")
    )
    # End of September + 10 WD: 10-9, 10-10, 10-11 (调休上班), 10-13 … 10-17, 10-20, 10-21.
    overdue = selectors.events_overdue(org=org_tree["county"], today=D(2025, 12, 1))
    assert len(overdue) == 1 and overdue[0].due_on == D(2025, 10, 21)
    with pytest.raises(ValidationFailed):
        services.event_create(
            actor=staff["editor"],
            org=org_tree["dept"],
            year=2025,
            data=EventInput(month=9, theme="x", registration_open=True),
        )
