"""The back office (admin) and the per-process calendar cache."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.workdays import loader, selectors, services
from gongkai.workdays.importing import parse_schedule_csv
from gongkai.workdays.models import CalendarVersion, SpecialDay, TrackedDeadline, YearSchedule
from gongkai.workdays.tests.conftest import SCHEDULE_2027_CSV

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x-long-password-1")
    client.force_login(user)
    return client, user


def inline_data(rows, *, initial=0):
    data = {
        "days-TOTAL_FORMS": str(len(rows)),
        "days-INITIAL_FORMS": str(initial),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (date, kind, name) in enumerate(rows):
        data[f"days-{i}-date"] = date
        data[f"days-{i}-kind"] = kind
        data[f"days-{i}-name"] = name
    return data


def test_admin_add_year_goes_through_the_service(staff_client):
    client, user = staff_client
    deadline = services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2027-01-20", working_days=20)
    assert deadline.provisional
    assert client.get(reverse("admin:workdays_yearschedule_add")).status_code == 200
    rows = [(e.date.isoformat(), e.kind.value, e.name) for e in parse_schedule_csv(SCHEDULE_2027_CSV)[1]]
    response = client.post(
        reverse("admin:workdays_yearschedule_add"), {"year": "2027", "note": "国办发明电", **inline_data(rows)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule = YearSchedule.objects.get(year=2027)
    assert schedule.source == "admin"
    assert schedule.entered_by == user
    assert SpecialDay.objects.filter(schedule=schedule).count() == len(rows)
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.provisional) == (D(2027, 2, 24), False)
    assert AuditEvent.objects.filter(action="workdays.schedule.entered", actor=user).exists()
    assert AuditEvent.objects.filter(action="workdays.deadline.recomputed", object_id=str(deadline.pk)).exists()
    assert selectors.add_working_days("2027-01-20", 20).provisional is False

    # Change: make 2027-02-22 a holiday too, through the change form.
    stored = list(schedule.days.order_by("date"))
    change = inline_data([(d.date.isoformat(), d.kind, d.name) for d in stored] + [("2027-02-22", "holiday", "春节")])
    change["days-INITIAL_FORMS"] = str(len(stored))
    for i, day in enumerate(stored):
        change[f"days-{i}-id"] = str(day.pk)
        change[f"days-{i}-schedule"] = str(schedule.pk)
    response = client.post(
        reverse("admin:workdays_yearschedule_change", args=[schedule.pk]), {"note": "国办发明电", **change}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    deadline.refresh_from_db()
    assert deadline.due_date == D(2027, 2, 25)

    # Delete: back to provisional.
    response = client.post(reverse("admin:workdays_yearschedule_delete", args=[schedule.pk]), {"post": "yes"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.provisional) == (D(2027, 2, 19), True)


def test_admin_shows_schedule_errors_and_writes_nothing(staff_client):
    client, _ = staff_client
    rows = [("2027-01-01", "holiday", "元旦"), ("2027-01-01", "workday", "元旦"), ("2027-03-03", "workday", "")]
    before = (YearSchedule.objects.count(), SpecialDay.objects.count(), AuditEvent.objects.count())
    response = client.post(reverse("admin:workdays_yearschedule_add"), {"year": "2027", **inline_data(rows)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "同时被列为放假和调休上班" in page
    assert "本来就是工作日" in page
    assert (YearSchedule.objects.count(), SpecialDay.objects.count(), AuditEvent.objects.count()) == before


def test_admin_lists_tracked_deadlines_read_only(staff_client):
    client, _ = staff_client
    services.deadline_track(owner_label="x.y", owner_id=1, kind="k", start="2025-09-26", working_days=20)
    response = client.get(reverse("admin:workdays_trackeddeadline_changelist"))
    assert response.status_code == 200
    assert "x.y" in response.content.decode()
    assert client.get(reverse("admin:workdays_trackeddeadline_add")).status_code == 403


def test_cache_is_reused_outside_transactions_and_rechecked_inside(django_assert_num_queries):
    first = selectors.get_calendar()
    # Inside a transaction (every test is) the token is read each time, but nothing rebuilt.
    with django_assert_num_queries(1):
        assert selectors.get_calendar() is first


def test_a_token_changed_elsewhere_triggers_a_rebuild():
    first = selectors.get_calendar()
    # Another process saved a schedule: only the token and rows changed in the database.
    CalendarVersion.objects.update_or_create(pk=1, defaults={"token": "from-another-worker"})
    second = selectors.get_calendar()
    assert second is not first
    assert second.token == "from-another-worker"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_cache_is_trusted_for_a_while(django_assert_num_queries, settings):
    settings.GONGKAI_WORKDAYS_RECHECK_SECONDS = 60
    first = selectors.get_calendar()
    with django_assert_num_queries(0):
        assert selectors.get_calendar() is first
        assert selectors.add_working_days("2025-09-26", 20).date == D(2025, 10, 30)
    # A web request starting makes the next use compare tokens again.
    loader.recheck_soon()
    with django_assert_num_queries(1):
        assert selectors.get_calendar() is first
    # A change made by this process is seen at once.
    rows = parse_schedule_csv(SCHEDULE_2027_CSV)[1]
    services.schedule_replace(year=2027, entries=rows, actor=None)
    assert selectors.add_working_days("2027-01-20", 20).provisional is False
    assert TrackedDeadline.objects.count() == 0


def test_a_rolled_back_change_is_not_kept_by_the_cache(django_db_blocker):
    from django.db import transaction

    class Boom(Exception):
        pass

    rows = parse_schedule_csv(SCHEDULE_2027_CSV)[1]
    with pytest.raises(Boom), transaction.atomic():
        services.schedule_replace(year=2027, entries=rows, actor=None)
        assert selectors.add_working_days("2027-01-20", 20).provisional is False
        raise Boom
    assert selectors.add_working_days("2027-01-20", 20).provisional is True
