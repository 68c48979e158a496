"""Build the calendar from the database once, and keep it per process.

The calendar is cached under the version token of `CalendarVersion`. A cached calendar
is trusted without asking the database:

* for at most `GONGKAI_WORKDAYS_RECHECK_SECONDS` (default 2 s), and never past the start of
  the next web request (a `request_started` handler asks for a re-check), so several web
  workers never disagree for long after an administrator's change;
* never when it was built inside a transaction, or when the caller is inside one: data
  read in a transaction may still be rolled back (and tests roll back every test), so
  then the token is read on every call (one primary-key query).

A change made by this process (`invalidate()`, called by the services) is seen at once.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection

from gongkai.core.errors import ServiceUnavailable
from gongkai.workdays.calendar import ScheduleEntry, WorkingCalendar, schedule_from_entries
from gongkai.workdays.domain import DayKind, YearSource

_lock = threading.Lock()
_cached: WorkingCalendar | None = None
_trusted_until = 0.0


def _recheck_seconds() -> float:
    return float(getattr(settings, "GONGKAI_WORKDAYS_RECHECK_SECONDS", 2.0))


def read_token() -> str:
    from gongkai.workdays.models import CalendarVersion

    try:
        row = CalendarVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    except DatabaseError as exc:
        raise ServiceUnavailable(
            "无法读取工作日历（数据库不可用，或尚未初始化：请先运行 gongkai migrate）。",
            code="workdays_unavailable",
        ) from exc
    return row or ""


def load_calendar(token: str | None = None) -> WorkingCalendar:
    """A fresh calendar: administrators' years from the database, the rest from the package."""
    from gongkai.workdays.models import SpecialDay, YearSchedule

    if token is None:
        token = read_token()
    rows = list(YearSchedule.objects.all())
    days_by_year: dict[int, list[ScheduleEntry]] = {row.year: [] for row in rows}
    for year, date, kind, name in SpecialDay.objects.values_list("schedule__year", "date", "kind", "name"):
        days_by_year.setdefault(year, []).append(ScheduleEntry(date=date, kind=DayKind(kind), name=name))
    schedules = {
        row.year: schedule_from_entries(
            row.year,
            days_by_year.get(row.year, []),
            source=YearSource(row.source),
            note=row.note,
            entered_by=row.entered_by_label,
            updated_at=row.updated_at,
        )
        for row in rows
    }
    return WorkingCalendar(schedules, token=token)


def get_calendar() -> WorkingCalendar:
    """The current calendar (see the module's docstring for how fresh it is)."""
    global _cached, _trusted_until
    in_transaction = connection.in_atomic_block
    cached = _cached
    if cached is not None and not in_transaction and time.monotonic() < _trusted_until:
        return cached
    token = read_token()
    with _lock:
        if _cached is None or _cached.token != token:
            _cached = load_calendar(token)
        # Built or confirmed inside a transaction: confirm again next time.
        _trusted_until = 0.0 if connection.in_atomic_block else time.monotonic() + _recheck_seconds()
        return _cached


def invalidate() -> None:
    """Forget the cached calendar (this process changed a schedule)."""
    global _cached, _trusted_until
    with _lock:
        _cached = None
        _trusted_until = 0.0


def recheck_soon(**_: Any) -> None:
    """`request_started` handler: the next use of the calendar compares tokens again."""
    global _trusted_until
    _trusted_until = 0.0
