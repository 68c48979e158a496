"""Value types, input checking and errors of the working-day engine.

Pure Python: no Django, no database. `calendar.py` builds on these; `selectors.py`
and `services.py` put the database around them.

Why these rules: 条例 sets its periods in 工作日 (第二十六条, 第三十条, 第三十二条, 第三十三条)
without saying how to count them; practice reads them as running from the day after the
start (次日起算). Consultation time is excluded from the reply period (第三十三条第三款 with
第三十二条), and so is the time waiting for a fee (《政府信息公开信息处理费管理办法》,
国办函〔2020〕109号): those are pauses. A 补正 restarts the reply period from receipt of the
corrected application (第三十条): the owning module models that as a new start date.

Counting rules (see docs/workdays.md):

* `add_working_days(start, n)`: counting starts the day after `start`; the result is
  the n-th working day after `start`; `n = 0` returns `start` itself.
* `working_days_between(a, b)`: the number of working days in the half-open interval
  (a, b] — after `a`, up to and including `b` — so that
  `working_days_between(d, add_working_days(d, n)) == n`. When `b` is before `a` the
  answer is the negative of `working_days_between(b, a)`.
* `due_date(start, n, pauses)`: like `add_working_days`, but working days that fall in
  a pause (an inclusive date range) are not counted.
* Every result carries `provisional`: true when the span it covers touches a year whose
  holiday schedule is not known and was derived from the statutory rules.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from gongkai.core.errors import ValidationFailed

if TYPE_CHECKING:
    from gongkai.workdays.calendar import WorkingCalendar

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DayKind(StrEnum):
    """What an entry of a year's schedule says about a date."""

    HOLIDAY = "holiday"  # a rest day, even if it is a weekday (放假)
    WORKDAY = "workday"  # a working day, even if it is a weekend (调休上班)

    @property
    def label(self) -> str:
        return {"holiday": "放假", "workday": "调休上班"}[self.value]


class YearSource(StrEnum):
    """Where a year's schedule came from."""

    PACKAGE = "package"  # the chinesecalendar package (国务院办公厅通知)
    ADMIN = "admin"  # entered by an administrator in the back office
    IMPORT = "import"  # imported by an administrator from a CSV file
    PROVISIONAL = "provisional"  # derived from 《全国年节及纪念日放假办法》, not announced

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]

    @property
    def is_provisional(self) -> bool:
        return self is YearSource.PROVISIONAL


SOURCE_LABELS = {
    YearSource.PACKAGE: "国务院办公厅公布的放假安排",  # pages show this; the CLI adds the data package
    YearSource.ADMIN: "管理员在后台录入的放假安排",
    YearSource.IMPORT: "管理员从文件导入的放假安排",
    YearSource.PROVISIONAL: (
        "推算的安排（正式安排尚未公布或尚未录入，按《全国年节及纪念日放假办法》（2024 年修订）"
        "的法定节假日加周六、周日推算，未考虑调休和补假）"
    ),
}


# --------------------------------------------------------------------------- errors


class WorkdaysError(ValidationFailed):
    default_code = "workdays_invalid"
    default_message = "工作日计算的输入有误。"


class InvalidDate(WorkdaysError):
    default_code = "workdays_invalid_date"
    default_message = "日期格式错误，应为 YYYY-MM-DD（例如 2025-09-26）。"


class InvalidWorkingDays(WorkdaysError):
    default_code = "workdays_invalid_n"
    default_message = "工作日数必须是不小于 0 的整数。"


class DateOutOfRange(WorkdaysError):
    default_code = "workdays_out_of_range"
    default_message = "日期超出工作日历支持的范围。"


class InvalidPause(WorkdaysError):
    default_code = "workdays_invalid_pause"
    default_message = "暂停计算的期间有误。"


class InvalidSchedule(WorkdaysError):
    """A year's schedule (entered or imported) breaks a rule; `errors` lists every problem."""

    default_code = "workdays_invalid_schedule"
    default_message = "放假安排有误，未作任何修改。"

    def __init__(self, errors: Sequence[str], message: str | None = None) -> None:
        self.errors = list(errors)
        super().__init__(message or self.default_message, fields={"schedule": self.errors})

    def __str__(self) -> str:
        return "\n".join([self.message, *self.errors])


# --------------------------------------------------------------------------- input


def fmt_date(d: datetime.date) -> str:
    return d.isoformat()


def fmt_day(d: datetime.date) -> str:
    """`2025-10-11（星期六）`."""
    return f"{d.isoformat()}（{WEEKDAY_NAMES[d.weekday()]}）"


def parse_date(value: Any, *, what: str = "日期") -> datetime.date:
    """A `date`, or a string in exactly the form YYYY-MM-DD. Anything else is refused.

    A `datetime` is refused too: which calendar day it means depends on a time zone,
    and a deadline must never depend on that silently.
    """
    if isinstance(value, datetime.datetime):
        raise InvalidDate(f"{what}应为日期（YYYY-MM-DD），不能是带时刻的日期时间：{value!r}。")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _ISO_DATE.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                why = f"没有 {month} 月" if not 1 <= month <= 12 else f"{year} 年 {month} 月没有 {day} 日"
                if year < 1:
                    why = f"年份 {year} 无效"
                raise InvalidDate(f"{what}“{text}”不存在：{why}。") from None
        raise InvalidDate(f"{what}格式错误：“{text}”，应为 YYYY-MM-DD（例如 2025-09-26）。")
    raise InvalidDate(f"{what}格式错误：{value!r}，应为 YYYY-MM-DD（例如 2025-09-26）。")


def parse_working_days(value: Any) -> int:
    """A whole number of working days, zero or more."""
    if isinstance(value, bool):
        raise InvalidWorkingDays(f"工作日数必须是不小于 0 的整数，收到的是 {value!r}。")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise InvalidWorkingDays(f"工作日数必须是不小于 0 的整数，收到的是“{text}”。")
        value = int(text)
    if not isinstance(value, int):
        raise InvalidWorkingDays(f"工作日数必须是不小于 0 的整数，收到的是 {value!r}。")
    if value < 0:
        raise InvalidWorkingDays(f"工作日数不能为负数（收到 {value}）。")
    return value


class _PauseFields(NamedTuple):
    start: datetime.date
    end: datetime.date
    reason: str


class Pause(_PauseFields):
    """An inclusive date range whose working days are not counted (e.g. 征求第三方意见).

    A named tuple (cheap to make, immutable) that refuses an end before its start.
    """

    __slots__ = ()

    def __new__(cls, start: datetime.date, end: datetime.date, reason: str = "") -> Pause:
        if end < start:
            raise InvalidPause(f"暂停计算的期间有误：结束日 {end.isoformat()} 早于开始日 {start.isoformat()}。")
        return super().__new__(cls, start, end, reason)

    def as_json(self) -> dict[str, str]:
        data = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.reason:
            data["reason"] = self.reason
        return data


PauseLike = Pause | Sequence[Any] | dict[str, Any]


def parse_pause(value: PauseLike) -> Pause:
    """A `Pause`, a `(start, end[, reason])` pair, or `{"start", "end"[, "reason"]}`."""
    if type(value) is Pause:
        return value
    if type(value) is tuple and len(value) == 2 and type(value[0]) is datetime.date and type(value[1]) is datetime.date:
        return Pause(value[0], value[1])
    if isinstance(value, dict):
        try:
            start, end = value["start"], value["end"]
        except KeyError:
            raise InvalidPause("暂停计算的期间必须给出开始日（start）和结束日（end）。") from None
        reason = value.get("reason", "") or ""
    elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) in (2, 3):
        start, end = value[0], value[1]
        reason = value[2] if len(value) == 3 else ""
    else:
        raise InvalidPause(f"暂停计算的期间格式错误：{value!r}，应为（开始日, 结束日）。")
    return Pause(
        parse_date(start, what="暂停开始日"),
        parse_date(end, what="暂停结束日"),
        str(reason),
    )


def parse_pauses(values: Iterable[PauseLike] | None) -> tuple[Pause, ...]:
    if not values:
        return ()
    parsed = [parse_pause(v) for v in values]
    if len(parsed) > 1:
        parsed.sort(key=lambda p: (p.start, p.end))
    return tuple(parsed)


def merge_pause_ordinals(pauses: Iterable[Pause]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) ordinal ranges covering the same days."""
    ranges = [(p.start.toordinal(), p.end.toordinal()) for p in pauses]
    if len(ranges) == 1:
        return ranges
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# --------------------------------------------------------------------------- results
# Plain (non-frozen) slotted dataclasses: building one costs a fifth of a frozen one,
# and a due date is computed hundreds of thousands of times a second. Treat them as
# read-only. The explanation is worked out only when it is asked for.


@dataclass(slots=True)
class DueDate:
    """The answer of `add_working_days` and `due_date`."""

    date: datetime.date
    provisional: bool
    start: datetime.date
    n: int
    pauses: tuple[Pause, ...] = ()
    calendar: WorkingCalendar | None = field(default=None, repr=False, compare=False)

    @property
    def provisional_years(self) -> list[int]:
        if not self.provisional or self.calendar is None:
            return []
        return self.calendar.provisional_years_between(self.start, self.date)

    @property
    def explanation(self) -> list[str]:
        if self.calendar is None:
            return []
        return self.calendar.explain_due(self.start, self.n, self.pauses, self.date)

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "provisional": self.provisional,
            "provisional_years": self.provisional_years,
            "start": self.start.isoformat(),
            "working_days": self.n,
            "pauses": [p.as_json() for p in self.pauses],
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class WorkingDayCount:
    """The answer of `working_days_between(a, b)`: working days in (a, b]."""

    working_days: int
    provisional: bool
    start: datetime.date
    end: datetime.date
    calendar: WorkingCalendar | None = field(default=None, repr=False, compare=False)

    def __int__(self) -> int:
        return self.working_days

    @property
    def provisional_years(self) -> list[int]:
        if not self.provisional or self.calendar is None:
            return []
        return self.calendar.provisional_years_between(self.start, self.end)

    @property
    def explanation(self) -> list[str]:
        if self.calendar is None:
            return []
        return self.calendar.explain_between(self.start, self.end, self.working_days)

    def as_json(self) -> dict[str, Any]:
        return {
            "working_days": self.working_days,
            "provisional": self.provisional,
            "provisional_years": self.provisional_years,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class DayStatus:
    """The answer of `is_working_day(d)`. True in a condition when `d` is a working day.

    `kind` is one of "workday" (an ordinary Monday–Friday), "weekend", "holiday"
    (放假, whether or not it falls on a weekend) and "makeup" (调休上班: a weekend day
    that is a working day).
    """

    date: datetime.date
    working: bool
    kind: str
    name: str
    provisional: bool
    source: YearSource
    source_text: str = ""

    def __bool__(self) -> bool:
        return self.working

    @property
    def explanation(self) -> list[str]:
        day = fmt_day(self.date)
        if self.kind == "holiday":
            line = f"{day}为{self.name or '节假日'}放假日，不是工作日。"
        elif self.kind == "makeup":
            line = f"{day}为调休上班日（{self.name or '调休'}），是工作日。"
        elif self.kind == "weekend":
            line = f"{day}为周末休息日，不是工作日。"
        else:
            line = f"{day}为工作日。"
        lines = [line, f"{self.date.year} 年放假安排依据：{self.source_text or self.source.label}。"]
        if self.provisional:
            lines.append(provisional_warning([self.date.year]))
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "working": self.working,
            "kind": self.kind,
            "name": self.name,
            "provisional": self.provisional,
            "source": self.source.value,
            "explanation": self.explanation,
        }


def provisional_warning(years: Sequence[int]) -> str:
    listed = "、".join(f"{y} 年" for y in years)
    return (
        f"注意：{listed}的放假安排尚未公布或尚未录入，本结果按《全国年节及纪念日放假办法》"
        "（2024 年修订）规定的法定节假日和周末推算，未考虑调休和补假，仅供参考；"
        "正式安排录入后，已登记的期限将自动重新计算。"
    )
