"""Automatic indicators on real data built through each module's services, on fixed dates, each
against a hand computation: foi (on-time replies with the reworked clock, appeals' 纠错率), the
leader's mailbox (closure, satisfaction), the annual report (on time and valid), 标准目录
coverage and timeliness, and site inspections (quarters passed, rectification verified)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from gongkai.foi import services as foi
from gongkai.foi.tests.conftest import applicant, request
from gongkai.orgs.roles import Role
from gongkai.participation import services as mailbox
from gongkai.participation.tests.conftest import token
from gongkai.supervision.models import Score
from gongkai.supervision.services import assess, indicator_add, scheme_create

pytestmark = pytest.mark.django_db
D = datetime.date
ASSESSED_ON = datetime.datetime(2026, 1, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def office(org_tree, make_user):
    return make_user("ind-office", org=org_tree["county"], role=Role.ADMIN)


def _sheet(office, county, year, rows):
    """Compute a scheme of `rows` (code, weight, rule, source, target) on ASSESSED_ON."""
    scheme = scheme_create(actor=office, org=county, year=year)
    for code, weight, rule, source, target in rows:
        indicator_add(
            actor=office, scheme=scheme, code=code, name=code, weight=weight, rule=rule, source=source, target=target
        )
    with time_machine.travel(ASSESSED_ON, tick=False):
        sheet = assess(actor=office, scheme=scheme)
    return {(s.org.slug, s.indicator_code): s for s in Score.objects.filter(sheet=sheet).select_related("org")}


# --- foi ------------------------------------------------------------------------------------------


def _case(actor, org, received, *, reply_on, extend=None, consult=None):
    app, _ = foi.application_register(
        actor=actor,
        org=org,
        applicant=applicant(),
        request=request(),
        receipt=foi.Receipt("in_person", received),
        today=received,
    )
    foi.application_accept(actor=actor, application=app, on=received)
    if extend:
        foi.application_extend(actor=actor, application=app, working_days=extend[1], reason="需调取档案", on=extend[0])
    if consult:
        c = foi.application_start_consultation(
            actor=actor, application=app, kind="third_party", party_name="某医药公司", sent_on=consult[0]
        )
        foi.application_end_consultation(actor=actor, consultation=c, answer="consent", on=consult[1])
    details = foi.ReplyDetails(outcome="disclosed", provision="以电子邮件发送。")
    foi.reply_draft(actor=actor, application=app, details=details, today=reply_on)
    foi.application_reply(actor=actor, application=app, on=reply_on)
    app.refresh_from_db()
    return app


def test_foi_on_time_rate_and_appeal_correction_rate(org_tree, office, superuser):
    dept = org_tree["dept"]
    # Received Monday 2025-03-03; 20 working days from the next day → due Monday 03-31 (no holiday).
    a = _case(superuser, dept, D(2025, 3, 3), reply_on=D(2025, 3, 20))  # on time
    b = _case(superuser, dept, D(2025, 3, 3), reply_on=D(2025, 4, 2))  # 2 days late
    # Extended by 10 working days: 03-31 + 10 (清明 4–6 April off) → 04-15; replied 04-10, on time.
    c = _case(superuser, dept, D(2025, 3, 3), reply_on=D(2025, 4, 10), extend=(D(2025, 3, 25), 10))
    # A third party consulted on 03-04 answers on 04-15, past its 15 working days (03-25): since
    # the foi rework the pause stops at 03-25 (第三十二条), so the due date is 04-22, not 05-15, and
    # a reply on 05-06 is late (it was on time under the old uncapped pause).
    e = _case(superuser, dept, D(2025, 3, 3), reply_on=D(2025, 5, 6), consult=(D(2025, 3, 4), D(2025, 4, 15)))
    _case(superuser, dept, D(2024, 11, 4), reply_on=D(2024, 11, 15))  # replied in 2024: not counted
    # Appeals decided in 2025: one 纠正 (a), one 维持 (b); c's is decided in 2026, e's pending.
    for app, kind, filed, result, decided in (
        (a, "review", D(2025, 4, 10), "corrected", D(2025, 6, 1)),
        (b, "litigation_direct", D(2025, 5, 1), "upheld", D(2025, 8, 1)),
        (c, "review", D(2025, 11, 20), "corrected", D(2026, 1, 15)),
        (e, "review", D(2025, 6, 1), None, None),
    ):
        appeal = foi.appeal_record(actor=superuser, application=app, kind=kind, filed_on=filed, body="石城县人民政府")
        if result:
            foi.appeal_decide(actor=superuser, appeal=appeal, result=result, decided_on=decided)

    got = _sheet(
        office,
        org_tree["county"],
        2025,
        [
            ("F1", "10", "proportional", "foi.on_time", None),
            ("F2", "10", "threshold", "foi.on_time", "0.9"),
            ("F3", "10", "proportional", "foi.correction", None),
            ("F4", "5", "threshold", "foi.correction", "0.2"),
        ],
    )
    on_time, correction = got[("shicheng-wjw", "F1")], got[("shicheng-wjw", "F3")]
    # By hand: 2 of 4 replies on time → 10 × 50% = 5.00; below 90% → 0.
    assert (on_time.points, on_time.value) == (Decimal("5.00"), "50.0%")
    assert got[("shicheng-wjw", "F2")].points == Decimal("0.00")
    late = [e["label"] for e in on_time.evidence if not e["ok"]]
    assert late == [
        f"逾期答复 {b.registration_number}：2025-04-02答复，期限2025-03-31",
        f"逾期答复 {e.registration_number}：2025-05-06答复，期限2025-04-22",
    ]
    assert f"{c.registration_number}：2025-04-10答复，期限2025-04-15" in [x["label"] for x in on_time.evidence]
    assert {x["ids"]["foi_application"] for x in on_time.evidence} == {a.pk, b.pk, c.pk, e.pk}
    # 纠错率 1 of 2 decided → 50%: lower is better, 10 × (1 − 50%) = 5.00; above the 20% ceiling → 0.
    assert (correction.points, correction.value) == (Decimal("5.00"), "50.0%")
    assert got[("shicheng-wjw", "F4")].points == Decimal("0.00")
    assert [(x["label"], x["ok"]) for x in correction.evidence] == [
        (f"{a.registration_number}：行政复议结果纠正（2025-06-01审结）", False),
        (f"{b.registration_number}：行政诉讼（未经复议直接起诉）结果维持（2025-08-01审结）", True),
    ]
    # The township had no case: nothing to measure deducts nothing.
    assert got[("shicheng-mulan", "F1")].points == Decimal("10.00") and got[("shicheng-mulan", "F1")].value == "无记录"


# --- mailbox ----------------------------------------------------------------------------------------


def _message(org, on):
    message, secret, _ = mailbox.message_submit(
        org=org,
        category="complain",
        subject="路灯损坏",
        body="小区门口路灯损坏三个月未修。",
        writer_name="刘红梅",
        writer_phone="13912345678",
        token=token(),
        today=on,
    )
    return message, secret


def _answered(staff, org, received, replied):
    message, secret = _message(org, received)
    mailbox.message_route(actor=staff["admin"], message=message, handling_org=org, today=received)
    mailbox.message_reply(actor=staff["editor"], message=message, reply="已安排维修，三日内修复。", today=replied)
    mailbox.message_review(actor=staff["admin"], message=message, approve=True, today=replied)
    message.refresh_from_db()
    return message, secret


def test_mailbox_closure_and_satisfaction(org_tree, office, make_user):
    dept = org_tree["dept"]
    staff = {"admin": office, "editor": make_user("ind-editor", org=dept, role=Role.EDITOR)}
    m1, s1 = _answered(staff, dept, D(2025, 9, 1), D(2025, 9, 5))
    m2, s2 = _answered(staff, dept, D(2025, 9, 2), D(2025, 9, 12))
    m3, s3 = _answered(staff, dept, D(2025, 9, 3), D(2025, 9, 4))
    mailbox.message_rate(message=m1, secret=s1, satisfaction="satisfied", today=D(2025, 9, 5))
    mailbox.message_rate(message=m2, secret=s2, satisfaction="basic", today=D(2025, 9, 12))
    mailbox.message_rate(message=m3, secret=s3, satisfaction="unsatisfied", today=D(2025, 9, 5))  # reopened
    _message(dept, D(2025, 9, 10))  # still open
    _answered(staff, dept, D(2024, 12, 2), D(2024, 12, 5))  # received in 2024: not counted

    got = _sheet(
        office,
        org_tree["county"],
        2025,
        [
            ("M1", "10", "proportional", "participation.closure", None),
            ("M2", "6", "proportional", "participation.satisfaction", None),
            ("M3", "6", "threshold", "participation.satisfaction", "0.6"),
        ],
    )
    closure, satisfaction = got[("shicheng-wjw", "M1")], got[("shicheng-wjw", "M2")]
    # By hand: 受理 4, 办结 2 (m1, m2; m3 reopened by its 不满意, one open) → 10 × 50% = 5.00.
    assert (closure.points, closure.value) == (Decimal("5.00"), "50.0%")
    assert closure.evidence == [{"label": "受理4件，办结2件", "ok": False, "kind": "", "ids": {"mailbox_org": dept.pk}}]
    # 评价 3, 满意及基本满意 2 → 6 × 66.67% = 4.00; at least 60% → the full 6.
    assert (satisfaction.points, satisfaction.value) == (Decimal("4.00"), "66.7%")
    assert got[("shicheng-wjw", "M3")].points == Decimal("6.00")


# --- annual report --------------------------------------------------------------------------------


def test_annual_report_published_on_time_and_valid(org_tree, office, make_user):
    from gongkai.reports import services as reports
    from gongkai.reports.tests.conftest import finish_draft

    dept = org_tree["dept"]
    editor = make_user("ind-rep-editor", org=dept, role=Role.EDITOR)
    approver = make_user("ind-rep-approver", org=dept, role=Role.APPROVER)
    jan = D(2025, 1, 20)  # 条例第四十九条: a department's report on 2024 is due by 2025-01-31
    report = reports.report_start(actor=editor, org=dept, year=2024, today=jan)
    reports.report_submit(actor=editor, report=finish_draft(report, editor))
    reports.report_publish(actor=approver, report=report, today=jan)

    got = _sheet(office, org_tree["county"], 2025, [("R1", "5", "threshold", "reports.annual_report", None)])
    published, missing = got[("shicheng-wjw", "R1")], got[("shicheng-mulan", "R1")]
    # By hand: 县卫健委 published on 01-20, before 01-31, no identity fails → 5; 木兰乡 (a
    # township: due 2025-03-31) published nothing → 0.
    assert published.points == Decimal("5.00") and published.evidence[0]["label"] == "2024年度报告：按时发布"
    assert published.evidence[0]["kind"] == "annual_report"
    assert published.evidence[0]["ids"] == {"org": "shicheng-wjw", "year": 2024}
    assert missing.points == Decimal("0.00") and missing.evidence[0]["label"] == "2024年度报告：逾期未发布"
    # 木兰乡 then publishes its report on 2024 a month late: recomputed, still no points.
    writer = make_user("ind-rep-editor2", org=org_tree["township"], role=Role.EDITOR)
    signer = make_user("ind-rep-approver2", org=org_tree["township"], role=Role.APPROVER)
    late = reports.report_start(actor=writer, org=org_tree["township"], year=2024, today=D(2025, 4, 30))
    reports.report_submit(actor=writer, report=finish_draft(late, writer))
    reports.report_publish(actor=signer, report=late, today=D(2025, 4, 30))
    scheme = Score.objects.get(pk=missing.pk).sheet.scheme
    with time_machine.travel(ASSESSED_ON, tick=False):
        sheet = assess(actor=office, scheme=scheme)
    recomputed = sheet.scores.get(org=org_tree["township"], indicator_code="R1")
    assert recomputed.points == Decimal("0.00")
    assert recomputed.evidence[0]["label"] == "2024年度报告：逾期发布（2025-04-30）"
