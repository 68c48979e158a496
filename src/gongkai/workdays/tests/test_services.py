"""Schedules entered by administrators, stored deadlines and their recomputation."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from gongkai.core.models import AuditEvent
from gongkai.workdays import selectors, services
from gongkai.workdays.calendar import ScheduleEntry, package_years
from gongkai.workdays.domain import DayKind, InvalidDate, InvalidSchedule, InvalidWorkingDays, YearSource
from gongkai.workdays.importing import parse_schedule_csv
from gongkai.workdays.models import CalendarVersion, SpecialDay, TrackedDeadline, YearSchedule
from gongkai.workdays.tests.conftest import SCHEDULE_2027_CSV

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_user("calendar-admin", password="x-long-password-1")


def entries_2027():
    return parse_schedule_csv(SCHEDULE_2027_CSV)[1]


def counts():
    return (
        YearSchedule.objects.count(),
        SpecialDay.objects.count(),
        TrackedDeadline.objects.count(),
        AuditEvent.objects.count(),
        CalendarVersion.objects.count(),
    )


def test_2027_is_beyond_the_installed_package():
    # The provisional tests below rely on it; a newer chinesecalendar would need a later year.
    assert package_years()[1] == 2026


def test_track_a_deadline_and_explain_it(admin_user):
    deadline = services.deadline_track(
        owner_label="foi.application", owner_id=41, kind="reply", start="2025-09-26", working_days=20, actor=admin_user
    )
    assert deadline.due_date == D(2025, 10, 30)
    assert deadline.provisional is False
    assert deadline.is_open
    event = AuditEvent.objects.get(object_type="workdays.trackeddeadline", object_id=str(deadline.pk))
    assert event.action == "workdays.deadline.tracked"
    assert event.actor == admin_user
    explained = selectors.deadline_explain(deadline)
    assert explained.date == deadline.due_date
    assert "2025-10-01 至 2025-10-08 国庆节、中秋节放假，不计入（共 8 天）。" in explained.explanation


def test_tracking_again_updates_and_audits_only_real_changes(admin_user):
    first = services.deadline_track(
        owner_label="foi.application", owner_id="7", kind="reply", start=D(2025, 9, 26), working_days=20
    )
    again = services.deadline_track(
        owner_label="foi.application", owner_id="7", kind="reply", start=D(2025, 9, 26), working_days=20
    )
    assert again.pk == first.pk
    assert AuditEvent.objects.filter(object_id=str(first.pk), object_type="workdays.trackeddeadline").count() == 1
    paused = services.deadline_track(
        owner_label="foi.application",
        owner_id="7",
        kind="reply",
        start=D(2025, 9, 26),
        working_days=20,
        pauses=[(D(2025, 10, 13), D(2025, 10, 17), "征求第三方意见")],
        actor=admin_user,
    )
    assert paused.pk == first.pk
    assert paused.due_date == D(2025, 11, 6)
    assert paused.pauses == [{"start": "2025-10-13", "end": "2025-10-17", "reason": "征求第三方意见"}]
    update = AuditEvent.objects.get(object_id=str(first.pk), action="workdays.deadline.updated")
    assert update.before is not None and update.after is not None
    assert update.before["due_date"] == "2025-10-30"
    assert update.after["due_date"] == "2025-11-06"


def test_close_a_deadline(admin_user):
    services.deadline_track(
        owner_label="foi.application", owner_id=1, kind="reply", start="2025-09-26", working_days=20
    )
    services.deadline_track(owner_label="foi.application", owner_id=1, kind="fee", start="2025-09-26", working_days=20)
    assert services.deadline_close(owner_label="foi.application", owner_id=1, kind="fee", actor=admin_user) == 1
    assert services.deadline_close(owner_label="foi.application", owner_id=1, actor=admin_user) == 1
    assert not TrackedDeadline.objects.filter(is_open=True).exists()
    assert AuditEvent.objects.filter(action="workdays.deadline.closed").count() == 2


@pytest.mark.parametrize(
    ("start", "n", "error"),
    [("2025-02-30", 3, InvalidDate), ("2025-09-26", -1, InvalidWorkingDays), ("26/09/2025", 3, InvalidDate)],
)
def test_bad_deadline_input_changes_nothing(start, n, error):
    before = counts()
    with pytest.raises(error):
        services.deadline_track(owner_label="foi.application", owner_id=1, kind="reply", start=start, working_days=n)
    assert counts() == before


def test_provisional_year_then_entered_through_the_service(admin_user):
    """The acceptance flow: provisional → an administrator enters the year → deadlines move."""
    # Received just before the 2027 Spring Festival. Provisionally 2/5–2/8 are the only rest days.
    moving = services.deadline_track(
        owner_label="foi.application", owner_id=100, kind="reply", start="2027-01-20", working_days=20
    )
    # One entirely in 2027 that the entered schedule does not move (only its flag changes).
    flag_only = services.deadline_track(
        owner_label="foi.application", owner_id=101, kind="reply", start="2027-03-01", working_days=5
    )
    known = services.deadline_track(
        owner_label="foi.application", owner_id=102, kind="reply", start="2025-09-26", working_days=20
    )
    closed = services.deadline_track(
        owner_label="foi.application", owner_id=103, kind="reply", start="2027-01-20", working_days=20
    )
    services.deadline_close(owner_label="foi.application", owner_id=103)
    assert moving.provisional and flag_only.provisional and not known.provisional
    assert moving.due_date == D(2027, 2, 19)
    probe = selectors.add_working_days("2027-01-20", 20)
    assert probe.provisional is True
    assert probe.date == D(2027, 2, 19)

    heard: list[services.DeadlineChange] = []
    services.register_deadline_listener("foi.application", heard.extend)
    result = services.schedule_replace(
        year=2027, entries=entries_2027(), actor=admin_user, note="国办发明电〔2026〕X号"
    )
    assert result.changed
    assert result.recompute is not None and result.schedule is not None
    assert result.recompute.checked == 2  # the open deadlines touching 2027: not `known`, not `closed`
    after = selectors.add_working_days("2027-01-20", 20)
    assert after.provisional is False
    # 2/5–2/12 are rest days and Saturday 2/20 is a working day.
    assert after.date == D(2027, 2, 24)

    moving.refresh_from_db()
    flag_only.refresh_from_db()
    known.refresh_from_db()
    closed.refresh_from_db()
    assert (moving.due_date, moving.provisional) == (D(2027, 2, 24), False)
    assert (flag_only.due_date, flag_only.provisional) == (D(2027, 3, 8), False)
    assert known.due_date == D(2025, 10, 30)
    assert (closed.due_date, closed.provisional) == (D(2027, 2, 19), True)  # closed: left alone

    event = AuditEvent.objects.get(
        object_type="workdays.trackeddeadline", object_id=str(moving.pk), action="workdays.deadline.recomputed"
    )
    assert event.before == {"due_date": "2027-02-19", "provisional": True}
    assert event.after == {"due_date": "2027-02-24", "provisional": False}
    assert event.actor == admin_user
    assert "2027 年放假安排变更" in event.note
    assert AuditEvent.objects.filter(action="workdays.deadline.recomputed", object_id=str(flag_only.pk)).exists()
    assert AuditEvent.objects.filter(action="workdays.schedule.entered", object_id=str(result.schedule.pk)).exists()
    assert {c.deadline_id for c in heard} == {moving.pk, flag_only.pk}

    # Idempotent: recomputing again (or entering the same schedule again) changes nothing.
    events = AuditEvent.objects.count()
    again = services.deadline_recompute(actor=None, years=[2027])
    assert again.checked == 2 and again.changed == 0
    assert (
        services.schedule_replace(
            year=2027, entries=entries_2027(), actor=admin_user, note="国办发明电〔2026〕X号"
        ).changed
        is False
    )
    assert AuditEvent.objects.count() == events


def test_year_schedule_source_is_recorded(admin_user):
    services.schedule_replace(year=2027, entries=entries_2027(), actor=admin_user)
    assert selectors.year_schedule(2027).source is YearSource.ADMIN
    assert selectors.year_schedule(2027).entered_by == "calendar-admin"
    services.schedule_import(text=SCHEDULE_2027_CSV, actor=None, filename="2027.csv")
    row = YearSchedule.objects.get(year=2027)
    assert row.source == "import"
    assert row.note == "从文件 2027.csv 导入"
    assert selectors.year_schedule(2027).source is YearSource.IMPORT
    assert "从文件导入" in selectors.year_schedule(2027).source_text()


def test_an_entered_year_overrides_the_package(admin_user):
    # An administrator corrects a known year: 2025-11-03 becomes a (hypothetical) holiday.
    services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2025-10-31", working_days=1)
    entries = [ScheduleEntry(d, DayKind.HOLIDAY, "测试") for d in (D(2025, 1, 1), D(2025, 11, 3))]
    services.schedule_replace(year=2025, entries=entries, actor=admin_user)
    assert not selectors.is_working_day("2025-11-03")
    assert selectors.is_working_day("2025-10-08")  # the package's 国庆 no longer applies
    assert TrackedDeadline.objects.get(owner_label="x.y").due_date == D(2025, 11, 4)


def test_deleting_an_entered_year_falls_back_and_recomputes(admin_user):
    services.schedule_replace(year=2027, entries=entries_2027(), actor=admin_user)
    deadline = services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2027-01-20", working_days=20)
    assert (deadline.due_date, deadline.provisional) == (D(2027, 2, 24), False)
    result = services.schedule_delete(year=2027, actor=admin_user)
    assert result.recompute is not None
    assert result.recompute.changed == 1
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.provisional) == (D(2027, 2, 19), True)
    assert selectors.add_working_days("2027-01-20", 20).provisional is True
    assert AuditEvent.objects.filter(action="workdays.schedule.deleted").exists()


def test_invalid_schedule_changes_nothing(admin_user):
    services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2027-01-20", working_days=20)
    before = counts()
    bad = [*entries_2027(), ScheduleEntry(D(2027, 2, 5), DayKind.WORKDAY, "春节")]
    with pytest.raises(InvalidSchedule, match="同时被列为放假和调休上班"):
        services.schedule_replace(year=2027, entries=bad, actor=admin_user)
    assert counts() == before
    assert selectors.add_working_days("2027-01-20", 20).provisional is True


def test_recompute_all_years_and_listeners_failing_roll_back(admin_user):
    deadline = services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2027-01-20", working_days=20)

    def broken(changes):
        raise RuntimeError("listener failed")

    services.register_deadline_listener("x.y", broken)
    services.register_deadline_listener("x.y", broken)  # registering twice is harmless
    before = counts()
    with pytest.raises(RuntimeError):
        services.schedule_replace(year=2027, entries=entries_2027(), actor=admin_user)
    assert counts() == before
    deadline.refresh_from_db()
    assert deadline.provisional is True
    services.unregister_deadline_listener("x.y", broken)
    assert services.deadline_recompute(actor=None).checked == 1


def test_schedule_change_is_seen_by_this_process_at_once(admin_user):
    assert selectors.is_working_day("2027-02-09")  # provisionally a Tuesday at work
    services.schedule_replace(year=2027, entries=entries_2027(), actor=admin_user)
    assert not selectors.is_working_day("2027-02-09")
    token = CalendarVersion.objects.get(pk=1).token
    assert selectors.get_calendar().token == token
