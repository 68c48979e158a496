"""The only write path of the working-day engine.

Schedules: `schedule_replace`, `schedule_import`, `schedule_delete` — validate, write,
audit, replace the calendar's version token and recompute the stored deadlines that
touch the year, all in one transaction.

Deadlines other apps store: `deadline_track`, `deadline_close`, `deadline_recompute`, and
`register_deadline_listener(owner_label, callback)` so the owning app hears when a due
date moves.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.workdays import loader
from gongkai.workdays.calendar import (
    ScheduleEntry,
    check_year,
    default_schedule,
    validate_schedule,
)
from gongkai.workdays.domain import (
    InvalidSchedule,
    PauseLike,
    YearSource,
    parse_date,
    parse_pauses,
    parse_working_days,
)
from gongkai.workdays.importing import parse_schedule_csv
from gongkai.workdays.models import CalendarVersion, SpecialDay, TrackedDeadline, YearSchedule

DEADLINE_OBJECT_TYPE = "workdays.trackeddeadline"
SCHEDULE_OBJECT_TYPE = "workdays.yearschedule"
_WRITE_BATCH = 2000


# --------------------------------------------------------------------------- listeners


@dataclass(frozen=True)
class DeadlineChange:
    """A stored deadline whose due date or provisional flag a recompute changed."""

    deadline_id: int
    owner_label: str
    owner_id: str
    kind: str
    old_due_date: datetime.date
    new_due_date: datetime.date
    old_provisional: bool
    new_provisional: bool


DeadlineListener = Callable[[list[DeadlineChange]], None]
_listeners: dict[str, list[DeadlineListener]] = defaultdict(list)


def register_deadline_listener(owner_label: str, callback: DeadlineListener) -> None:
    """Call `callback(changes)` after a recompute moved deadlines of `owner_label`.

    Called once per recompute with all that owner's changes, inside the recompute's
    transaction: if the callback raises, nothing of the recompute is kept. Registering
    the same callback twice has no effect. Register from your AppConfig.ready().
    """
    if callback not in _listeners[owner_label]:
        _listeners[owner_label].append(callback)


def unregister_deadline_listener(owner_label: str, callback: DeadlineListener) -> None:
    if callback in _listeners.get(owner_label, []):
        _listeners[owner_label].remove(callback)


# --------------------------------------------------------------------------- helpers


def _actor_user_and_label(actor: Actor) -> tuple[Any, str]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return user, (user.get_username() if user is not None else "系统")


def _bump_version() -> None:
    """A new random token: every process rebuilds its calendar on its next check."""
    CalendarVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    loader.invalidate()


def _entries_snapshot(entries: Iterable[ScheduleEntry]) -> dict[str, list[list[str]]]:
    ordered = sorted(entries, key=lambda e: e.date)
    return {
        "holidays": [[e.date.isoformat(), e.name] for e in ordered if e.kind.value == "holiday"],
        "workdays": [[e.date.isoformat(), e.name] for e in ordered if e.kind.value == "workday"],
    }


def _schedule_snapshot(year: int) -> dict[str, Any]:
    """What the year looked like before a change: its rows, or what the calendar derived."""
    row = YearSchedule.objects.filter(year=year).first()
    if row is not None:
        days = [[d.date.isoformat(), d.name, d.kind] for d in SpecialDay.objects.filter(schedule=row).order_by("date")]
        return {
            "source": row.source,
            "note": row.note,
            "holidays": [[d, n] for d, n, k in days if k == "holiday"],
            "workdays": [[d, n] for d, n, k in days if k == "workday"],
        }
    schedule = default_schedule(year)
    return {
        "source": schedule.source.value,
        "holidays": [[d.isoformat(), n] for d, n in sorted(schedule.holidays.items())],
        "workdays": [[d.isoformat(), n] for d, n in sorted(schedule.workdays.items())],
    }


# --------------------------------------------------------------------------- schedules


@dataclass
class ScheduleChangeResult:
    year: int
    changed: bool
    schedule: YearSchedule | None
    recompute: RecomputeResult | None = None


@transaction.atomic
def schedule_replace(
    *,
    year: int,
    entries: Sequence[ScheduleEntry],
    actor: Actor,
    source: YearSource = YearSource.ADMIN,
    note: str = "",
) -> ScheduleChangeResult:
    """Make `entries` the whole schedule of `year`, overriding the package for that year.

    Validates first (nothing is written on any error), then writes, audits, replaces the
    version token and recomputes the open deadlines touching `year`. Entering exactly
    the schedule already stored changes nothing.
    """
    errors = validate_schedule(year, entries)
    if errors:
        raise InvalidSchedule(errors)
    if source not in (YearSource.ADMIN, YearSource.IMPORT):
        raise ValidationFailed(f"来源“{source}”不能由管理员录入。")
    user, label = _actor_user_and_label(actor)
    before = _schedule_snapshot(year)
    after = {"source": source.value, "note": note, **_entries_snapshot(entries)}
    row = YearSchedule.objects.select_for_update().filter(year=year).first()
    if row is not None and before == after:
        return ScheduleChangeResult(year=year, changed=False, schedule=row)
    if row is None:
        row = YearSchedule(year=year)
    row.source = source.value
    row.note = note
    row.entered_by = user
    row.entered_by_label = label
    row.save()
    SpecialDay.objects.filter(schedule=row).delete()
    SpecialDay.objects.bulk_create(
        SpecialDay(schedule=row, date=e.date, kind=e.kind.value, name=e.name) for e in entries
    )
    _bump_version()
    action = "workdays.schedule.imported" if source is YearSource.IMPORT else "workdays.schedule.entered"
    audit_record(actor=actor, action=action, obj=row, before=before, after=after, note=note)
    result = deadline_recompute(
        actor=actor, years=[year], note=f"{year} 年放假安排变更（{source.label}），重新计算期限。"
    )
    return ScheduleChangeResult(year=year, changed=True, schedule=row, recompute=result)


def schedule_import(
    *,
    text: str,
    actor: Actor,
    filename: str = "",
    year: int | None = None,
    note: str = "",
) -> ScheduleChangeResult:
    """Parse a CSV schedule (see importing.py) and make it the year's schedule."""
    parsed_year, entries = parse_schedule_csv(text, year=year)
    if not note:
        note = f"从文件 {filename} 导入" if filename else "从文件导入"
    return schedule_replace(year=parsed_year, entries=entries, actor=actor, source=YearSource.IMPORT, note=note)


@transaction.atomic
def schedule_delete(*, year: int, actor: Actor) -> ScheduleChangeResult:
    """Remove an administrator's schedule: the year falls back to the package or provisional."""
    row = YearSchedule.objects.select_for_update().filter(year=year).first()
    if row is None:
        raise NotFound(f"{year} 年没有管理员录入的放假安排。")
    before = _schedule_snapshot(year)
    row_id, row_repr = row.pk, str(row)
    row.delete()
    _bump_version()
    fallback = default_schedule(year)
    audit_record(
        actor=actor,
        action="workdays.schedule.deleted",
        object_type=SCHEDULE_OBJECT_TYPE,
        object_id=str(row_id),
        object_repr=row_repr,
        before=before,
        after={"source": fallback.source.value},
        note=f"删除后，{year} 年改用：{fallback.source.label}。",
    )
    result = deadline_recompute(actor=actor, years=[year], note=f"{year} 年放假安排被删除，重新计算期限。")
    return ScheduleChangeResult(year=year, changed=True, schedule=None, recompute=result)


# --------------------------------------------------------------------------- deadlines


def _check_owner(owner_label: str, owner_id: str | int, kind: str) -> tuple[str, str, str]:
    owner_label, owner_id, kind = str(owner_label).strip(), str(owner_id).strip(), str(kind).strip()
    errors: dict[str, list[str]] = {}
    if not owner_label or len(owner_label) > 100:
        errors["owner_label"] = ["所属模块不能为空，且不超过 100 个字符。"]
    if not owner_id or len(owner_id) > 64:
        errors["owner_id"] = ["所属对象编号不能为空，且不超过 64 个字符。"]
    if not kind or len(kind) > 64:
        errors["kind"] = ["期限类型不能为空，且不超过 64 个字符。"]
    if errors:
        raise ValidationFailed(fields=errors)
    return owner_label, owner_id, kind


@transaction.atomic
def deadline_track(
    *,
    owner_label: str,
    owner_id: str | int,
    kind: str,
    start: datetime.date | str,
    working_days: int,
    pauses: Iterable[PauseLike] | None = None,
    actor: Actor | None = None,
    note: str = "",
) -> TrackedDeadline:
    """Store (or update) the deadline `kind` of one object, computed with the current calendar.

    Calling it again for the same owner and kind replaces the start, the number of
    working days and the pauses (pass the full list), and reopens a closed deadline.
    Nothing is written when nothing changes.
    """
    owner_label, owner_id, kind = _check_owner(owner_label, owner_id, kind)
    start_date = parse_date(start, what="起算日")
    n = parse_working_days(working_days)
    parsed = parse_pauses(pauses)
    result = loader.get_calendar().due_date(start_date, n, parsed)
    pauses_json = [p.as_json() for p in parsed]
    now = timezone.now()
    existing = (
        TrackedDeadline.objects.select_for_update()
        .filter(owner_label=owner_label, owner_id=owner_id, kind=kind)
        .first()
    )
    if existing is None:
        deadline = TrackedDeadline.objects.create(
            owner_label=owner_label,
            owner_id=owner_id,
            kind=kind,
            start_date=start_date,
            working_days=n,
            pauses=pauses_json,
            due_date=result.date,
            provisional=result.provisional,
            note=note,
            computed_at=now,
        )
        audit_record(
            actor=actor, action="workdays.deadline.tracked", obj=deadline, after=deadline.snapshot(), note=note
        )
        return deadline
    before = existing.snapshot()
    existing.start_date = start_date
    existing.working_days = n
    existing.pauses = pauses_json
    existing.due_date = result.date
    existing.provisional = result.provisional
    existing.is_open = True
    if note:
        existing.note = note
    if existing.snapshot() == before:
        return existing
    existing.computed_at = now
    existing.save()
    audit_record(
        actor=actor,
        action="workdays.deadline.updated",
        obj=existing,
        before=before,
        after=existing.snapshot(),
        note=note,
    )
    return existing


@transaction.atomic
def deadline_close(
    *, owner_label: str, owner_id: str | int, kind: str | None = None, actor: Actor | None = None, note: str = ""
) -> int:
    """Close the open deadline(s) of an object (all kinds unless `kind` is given).

    A closed deadline is no longer recomputed. Returns how many were closed.
    """
    qs = TrackedDeadline.objects.select_for_update().filter(
        owner_label=str(owner_label), owner_id=str(owner_id), is_open=True
    )
    if kind is not None:
        qs = qs.filter(kind=kind)
    closed = 0
    for deadline in qs:
        before = deadline.snapshot()
        deadline.is_open = False
        deadline.save(update_fields=["is_open", "updated_at"])
        audit_record(
            actor=actor,
            action="workdays.deadline.closed",
            obj=deadline,
            before=before,
            after=deadline.snapshot(),
            note=note,
        )
        closed += 1
    return closed


@dataclass
class RecomputeResult:
    years: list[int] | None
    checked: int = 0
    changes: list[DeadlineChange] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return len(self.changes)


def _span_filter(years: Sequence[int]) -> Q:
    return reduce(
        or_,
        (Q(start_date__lte=datetime.date(y, 12, 31), due_date__gte=datetime.date(y, 1, 1)) for y in sorted(set(years))),
    )


@transaction.atomic
def deadline_recompute(*, actor: Actor, years: Iterable[int] | None = None, note: str = "") -> RecomputeResult:
    """Recompute every open deadline whose span [start, due] touches `years` (all if None).

    Only rows whose due date or provisional flag changed are written, in batches, each
    with one audit event; a second run therefore changes nothing. The owners' listeners
    are told about the changes before the transaction commits.
    """
    year_list = sorted(set(years)) if years is not None else None
    if year_list is not None:
        for year in year_list:
            check_year(year)
    result = RecomputeResult(years=year_list)
    if year_list == []:
        return result
    calendar = loader.get_calendar()
    qs = TrackedDeadline.objects.filter(is_open=True)
    if year_list is not None:
        qs = qs.filter(_span_filter(year_list))
    # In primary-key order, so the updates below walk the table in order. Pauses come as
    # text: most deadlines have none, and decoding "[]" 100,000 times is not free.
    rows = qs.order_by("id").values_list(
        "id",
        "start_date",
        "working_days",
        Cast("pauses", TextField()),
        "due_date",
        "provisional",
        "owner_label",
        "owner_id",
        "kind",
    )
    fromordinal = datetime.date.fromordinal
    due_ordinal, clip, is_provisional = calendar.due_ordinal, calendar.clip_pauses, calendar.span_is_provisional
    changes = result.changes
    checked = 0
    for pk, start, n, pauses, old_due, old_prov, owner_label, owner_id, kind in rows.iterator(chunk_size=5000):
        checked += 1
        s = start.toordinal()
        if pauses and pauses != "[]":
            due = due_ordinal(s, n, clip(parse_pauses(json.loads(pauses))))
        else:
            due = due_ordinal(s, n)
        prov = is_provisional(s, due)
        if due != old_due.toordinal() or prov != old_prov:
            changes.append(DeadlineChange(pk, owner_label, owner_id, kind, old_due, fromordinal(due), old_prov, prov))
    result.checked = checked
    if not changes:
        return result
    _write_changes(changes)
    _audit_changes(changes, actor=actor, note=note or "工作日历变更，重新计算期限。")
    by_owner: dict[str, list[DeadlineChange]] = defaultdict(list)
    for change in changes:
        by_owner[change.owner_label].append(change)
    for owner_label, owner_changes in by_owner.items():
        for callback in list(_listeners.get(owner_label, [])):
            callback(owner_changes)
    return result


def _write_changes(changes: Sequence[DeadlineChange]) -> None:
    """One UPDATE per row, sent with executemany in batches: far cheaper than bulk_update's CASE."""
    meta = TrackedDeadline._meta
    qn = connection.ops.quote_name
    col = {f.name: qn(str(f.column)) for f in meta.concrete_fields}
    # Only quoted table and column names from the model go into the text; values are parameters.
    sql = (
        f"UPDATE {qn(meta.db_table)} SET {col['due_date']} = %s, {col['provisional']} = %s, "  # noqa: S608
        f"{col['computed_at']} = %s, {col['updated_at']} = %s WHERE {col['id']} = %s"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    adapted: dict[datetime.date, Any] = {}
    for c in changes:
        if c.new_due_date not in adapted:
            adapted[c.new_due_date] = connection.ops.adapt_datefield_value(c.new_due_date)
    with connection.cursor() as cursor:
        for i in range(0, len(changes), _WRITE_BATCH):
            batch = changes[i : i + _WRITE_BATCH]
            cursor.executemany(
                sql, [(adapted[c.new_due_date], c.new_provisional, now, now, c.deadline_id) for c in batch]
            )


def _audit_changes(changes: Sequence[DeadlineChange], *, actor: Actor, note: str) -> None:
    """One `AuditEvent` per changed deadline, appended in batches.

    Rows are inserted with executemany, each value prepared by the model's own fields
    (so the schema, JSON encoding and time zone handling are Django's). Only the per-row
    values are prepared per row: `bulk_create` spends most of a 100,000-row recompute
    re-preparing the columns that are the same on every row.
    """
    user, label = _actor_user_and_label(actor)
    prototype = AuditEvent(
        actor=user,
        actor_label=label,
        object_type=DEADLINE_OBJECT_TYPE,
        action="workdays.deadline.recomputed",
        note=note,
    )
    meta = AuditEvent._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    varying = ("object_id", "object_repr", "before", "after")
    constant = {
        f.name: f.get_db_prep_save(f.pre_save(prototype, add=True), connection) for f in fields if f.name not in varying
    }
    json_field = meta.get_field("before")
    adapt_json = connection.ops.adapt_json_value
    encoder = getattr(json_field, "encoder", None)
    # Few distinct (date, flag) pairs occur: encode each once.
    encoded: dict[tuple[datetime.date, bool], Any] = {}

    def state(due: datetime.date, provisional: bool) -> Any:
        key = (due, provisional)
        if key not in encoded:
            encoded[key] = adapt_json({"due_date": due.isoformat(), "provisional": provisional}, encoder)
        return encoded[key]

    qn = connection.ops.quote_name
    # Only quoted table and column names from the model go into the text; values are parameters.
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(str(f.column)) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )

    template = [constant.get(f.name) for f in fields]
    i_id, i_repr, i_before, i_after = (next(i for i, f in enumerate(fields) if f.name == name) for name in varying)

    def row(c: DeadlineChange) -> list[Any]:
        values = template.copy()
        values[i_id] = str(c.deadline_id)
        values[i_repr] = f"{c.owner_label}#{c.owner_id} {c.kind}"[:255]
        values[i_before] = state(c.old_due_date, c.old_provisional)
        values[i_after] = state(c.new_due_date, c.new_provisional)
        return values

    with connection.cursor() as cursor:
        for i in range(0, len(changes), _WRITE_BATCH):
            cursor.executemany(sql, [row(c) for c in changes[i : i + _WRITE_BATCH]])
