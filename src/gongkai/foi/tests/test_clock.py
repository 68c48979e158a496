"""The statutory clock across the 2025 National Day holiday and its 调休 days, to the day.

2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are make-up working days.
2026: 01-01..01-03 off; Sunday 01-04 is a make-up working day.
"""

import datetime

import pytest

from gongkai.core.errors import Conflict
from gongkai.foi import clock, services
from gongkai.foi.models import Application

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db


def test_twenty_working_days_across_national_day(register):
    app = register("2025-09-26")  # a Friday
    assert app.due_on == D("2025-10-30")
    explanation = " ".join(services.clock_of(app, today=D("2025-09-26")).explanation)
    assert "2025年09月26日" in explanation and "第三十三条" in explanation


def test_correction_restarts_the_clock(register, people):
    app = register("2025-09-26")
    services.application_request_correction(
        actor=people["officer"],
        application=app,
        items=["请写明所需信息的年份"],
        deadline=D("2025-10-20"),
        on=D("2025-09-30"),
    )
    app.refresh_from_db()
    assert app.due_on is None  # 第三十条: no due date while the correction is awaited
    services.application_record_correction(actor=people["officer"], application=app, on=D("2025-10-09"))
    app.refresh_from_db()
    # 20 WD from Thursday 10-09: 10-10, Sat 10-11 (调休), 10-13.. → 11-05
    assert app.due_on == D("2025-11-05")
    assert "重新计算" in " ".join(services.clock_of(app, today=D("2025-10-09")).explanation)


def test_correction_notice_only_within_seven_working_days(register, people):
    app = register("2025-09-26")
    # 7 WD after 09-26: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13 → last day 10-13
    with pytest.raises(Conflict):
        services.application_request_correction(
            actor=people["officer"], application=app, items=["x"], deadline=D("2025-10-30"), on=D("2025-10-14")
        )
    services.application_request_correction(
        actor=people["officer"], application=app, items=["x"], deadline=D("2025-10-30"), on=D("2025-10-13")
    )


def test_third_party_consultation_is_not_counted(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    consultation = services.application_start_consultation(
        actor=people["officer"], application=app, kind="third_party", party_name="某医药公司", sent_on=D("2025-10-10")
    )
    assert consultation.reply_due_on == D("2025-10-30")  # 15 WD after 10-10 (Sat 10-11 counts)
    app.refresh_from_db()
    assert app.state == "consulting" and app.clock_paused
    services.application_end_consultation(
        actor=people["officer"],
        consultation=consultation,
        answer="objection",
        reasons="涉及商业秘密",
        on=D("2025-10-24"),
    )
    app.refresh_from_db()
    # 5 WD used by 10-10; 10-11..10-24 excluded; resume 10-27 → 20th WD is 11-14
    assert app.due_on == D("2025-11-14")
    assert app.state == "in_progress" and not app.clock_paused


def test_silence_of_a_third_party_ends_the_pause_at_its_deadline(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    consultation = services.application_start_consultation(
        actor=people["officer"], application=app, kind="co_producer", party_name="石城县财政局", sent_on=D("2025-10-10")
    )
    with pytest.raises(Conflict):  # the 15 WD are not over on 10-30
        services.application_end_consultation(
            actor=people["officer"], consultation=consultation, answer="no_reply", on=D("2025-10-30")
        )
    consultation = services.application_end_consultation(
        actor=people["officer"], consultation=consultation, answer="no_reply", on=D("2025-11-05")
    )
    assert consultation.answered_on == D("2025-10-30")
    assert consultation.deemed_consent  # 第三十四条: a co-producer's silence = consent
    app.refresh_from_db()
    # 5 WD used by 10-10, pause 10-11..10-30, then 10-31, 11-03.. → 15 more WD → 11-20
    assert app.due_on == D("2025-11-20")


def test_extension_adds_up_to_twenty_working_days(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    letter = services.application_extend(
        actor=people["admin"], application=app, working_days=20, reason="需要调取档案", on=D("2025-10-28")
    )
    app.refresh_from_db()
    assert app.due_on == D("2025-11-27")
    assert "2025年11月27日" in letter.body and "第三十三条第二款" in letter.body


def test_fee_wait_pauses_the_clock_across_new_year(register, people):
    assert clock.FEE_WAIT_PAUSES_CLOCK is True
    app = register("2025-12-15")  # Monday
    services.application_accept(actor=people["officer"], application=app, on=D("2025-12-15"))
    # 20 WD from 12-15 without pause: 12-16..12-31 (12 WD), Sun 01-04 (调休, 13), 01-05..01-09 (18),
    # 01-12 (19), 01-13 (20)
    app.refresh_from_db()
    assert app.due_on == D("2026-01-13")
    notice = services.application_send_fee_notice(
        actor=people["officer"],
        application=app,
        method="by_page",
        quantity=250,
        payment_method="银行转账",
        on=D("2025-12-26"),
    )
    assert notice.amount == 4700
    # 20 WD to pay from 12-26: 12-29..12-31 (3), 01-04 (4), 01-05..01-09 (9), 01-12..16 (14), 01-19..23 (19), 01-26 (20)
    assert notice.pay_by == D("2026-01-26")
    services.application_record_payment(actor=people["officer"], application=app, on=D("2026-01-09"))
    app.refresh_from_db()
    # 9 WD used by 12-26; 12-27..01-09 excluded; 11 more from 01-12: 01-12..16 (5), 19..23 (10), 01-26 (11)
    assert app.due_on == D("2026-01-26")


def test_fee_wait_rule_is_the_documented_constant(monkeypatch):
    events = [
        clock.EventLike("received", D("2025-12-15")),
        clock.EventLike("fee_notice_sent", D("2025-12-26")),
        clock.EventLike("fee_paid", D("2026-01-09")),
    ]
    monkeypatch.setattr(clock, "FEE_WAIT_PAUSES_CLOCK", False)
    assert clock.derive(events, today=D("2026-01-09")).due_on == D("2026-01-13")
    monkeypatch.setattr(clock, "FEE_WAIT_PAUSES_CLOCK", True)
    assert clock.derive(events, today=D("2026-01-09")).due_on == D("2026-01-26")


def test_receipt_date_follows_article_31(org_tree, people):
    from gongkai.foi.tests.conftest import applicant, request

    app, _ = services.application_register(
        actor=people["officer"],
        org=org_tree["dept"],
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("registered_mail", D("2025-09-22"), signed_on=D("2025-09-26")),
        today=D("2025-09-29"),
    )
    assert app.received_on == D("2025-09-26") and "签收之日" in app.receipt_basis
    assert app.due_on == D("2025-10-30")
    assert Application.objects.get(pk=app.pk).registration_number == "YSQ-2025-0001"


def test_entering_next_years_holidays_moves_an_open_reply_deadline(register, people, superuser):
    """A case whose 20 days run into a year with no announced schedule is provisional; when
    the admin enters that year, its deadline moves at once, and the move is audited."""
    from gongkai.core.models import AuditEvent
    from gongkai.workdays import services as workdays_services
    from gongkai.workdays.calendar import ScheduleEntry
    from gongkai.workdays.domain import DayKind
    from gongkai.workdays.models import TrackedDeadline

    app = register("2026-12-21")
    services.application_accept(actor=people["officer"], application=app, on=D("2026-12-21"))
    app.refresh_from_db()
    provisional_due = app.due_on
    tracked = TrackedDeadline.objects.get(owner_label="foi.application", owner_id=str(app.pk), kind="reply")
    assert tracked.provisional is True and tracked.due_date == provisional_due
    # Suppose the 2027 schedule adds two rest days in January (a 元旦 bridge): the case moves.
    entries = [
        ScheduleEntry(D("2027-01-01"), DayKind.HOLIDAY, "元旦"),
        ScheduleEntry(D("2027-01-04"), DayKind.HOLIDAY, "元旦"),
        ScheduleEntry(D("2027-01-05"), DayKind.HOLIDAY, "元旦"),
    ]
    workdays_services.schedule_replace(year=2027, entries=entries, actor=superuser)
    app.refresh_from_db()
    # 12-22..12-31: 8 working days; 2027-01-01 off; 01-04..01-15: 10; 01-18, 01-19: 2 → 20.
    assert provisional_due == D("2027-01-19")
    # With 01-04 and 01-05 off as well, the 20th working day is two days later.
    assert app.due_on == D("2027-01-21")
    tracked.refresh_from_db()
    assert tracked.provisional is False and tracked.due_date == app.due_on
    assert AuditEvent.objects.filter(object_id=str(tracked.pk), action__contains="deadline").exists()
