"""The working-day engine as every other module uses it.

    from gongkai.workdays import selectors as workdays

    workdays.add_working_days(received_on, 20).date
    workdays.due_date(received_on, 20, pauses=[(asked_on, answered_on, "征求第三方意见")])
    workdays.working_days_between(received_on, today).working_days
    if workdays.is_working_day(today): ...

Every answer carries `provisional` and an `explanation` (a list of sentences in Chinese).
Dates are `datetime.date` or "YYYY-MM-DD" strings; counting rules are in `domain.py` and
docs/workdays.md. For many questions in a loop, take `get_calendar()` once and call its
methods: that is the same code without the per-call freshness check.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from gongkai.workdays.calendar import WorkingCalendar, YearSchedule
from gongkai.workdays.domain import DayStatus, DueDate, PauseLike, WorkingDayCount, parse_pauses
from gongkai.workdays.loader import get_calendar
from gongkai.workdays.models import TrackedDeadline

__all__ = [
    "add_working_days",
    "deadline_explain",
    "deadlines_for",
    "due_date",
    "get_calendar",
    "is_working_day",
    "working_days_between",
    "year_schedule",
]


def is_working_day(d: datetime.date | str) -> DayStatus:
    """Truthy when `d` is a working day; also says why (`kind`, `name`, `explanation`)."""
    return get_calendar().is_working_day(d)


def add_working_days(start: datetime.date | str, n: int) -> DueDate:
    """The n-th working day after `start` (counting starts the day after; n = 0 → `start`)."""
    return get_calendar().due_date(start, n)


def working_days_between(a: datetime.date | str, b: datetime.date | str) -> WorkingDayCount:
    """Working days in (a, b]: after `a`, up to and including `b`; negative if b < a."""
    return get_calendar().working_days_between(a, b)


def due_date(start: datetime.date | str, n: int, pauses: Iterable[PauseLike] | None = None) -> DueDate:
    """Like `add_working_days`, but working days inside `pauses` (inclusive ranges) do not count."""
    return get_calendar().due_date(start, n, pauses)


def year_schedule(year: int) -> YearSchedule:
    return get_calendar().schedule(year)


def year_summary(year: int) -> dict[str, Any]:
    return get_calendar().year_summary(year)


def deadlines_for(owner_label: str, owner_id: str | int) -> QuerySet[TrackedDeadline]:
    return TrackedDeadline.objects.filter(owner_label=owner_label, owner_id=str(owner_id))


def deadline_explain(deadline: TrackedDeadline, calendar: WorkingCalendar | None = None) -> DueDate:
    """The stored deadline worked out again with today's calendar, with its explanation."""
    calendar = calendar or get_calendar()
    return calendar.due_date(deadline.start_date, deadline.working_days, parse_pauses(deadline.pauses))
