"""Reporting periods of a task and their due dates: the one place they are computed.

A task without a recurrence has one period, due on the date the document sets or, when it sets
none, at the end of the plan's year (a 工作要点 is the work of its year). A recurring task is
reported each period: months, quarters, half-years, or once a year; its last period is due no
later than the task's own due date when the text gives one.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

_PERIOD_ENDS: dict[str, list[int]] = {
    "monthly": list(range(1, 13)),
    "quarterly": [3, 6, 9, 12],
    "half_yearly": [6, 12],
    "yearly": [12],
}
_LABELS = {"monthly": "{n}月", "quarterly": "第{n}季度", "half_yearly": "{half}", "yearly": "全年"}


@dataclass(frozen=True)
class Period:
    index: int
    label: str
    due_on: datetime.date


def periods(*, year: int, due: datetime.date | None, recurrence: str) -> list[Period]:
    if recurrence not in _PERIOD_ENDS:
        return [Period(0, "全年", due or datetime.date(year, 12, 31))]
    result = []
    for i, month in enumerate(_PERIOD_ENDS[recurrence]):
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        label = _LABELS[recurrence].format(
            n=i + 1 if recurrence != "monthly" else month, half="上半年下半年"[i * 3 : i * 3 + 3]
        )
        result.append(Period(i, label, end))
    if due is not None and due < result[-1].due_on:
        kept = [p for p in result if p.due_on < due]
        result = [*kept, Period(len(kept), result[len(kept)].label, due)]
    return result


def period_of(*, year: int, due: datetime.date | None, recurrence: str, index: int) -> Period | None:
    found = periods(year=year, due=due, recurrence=recurrence)
    return found[index] if 0 <= index < len(found) else None
