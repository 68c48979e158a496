"""Year schedules: where each year's holidays and 调休 come from, and checking entered ones.

Pure Python: no Django, no database.

* `package_schedule(year)`: the schedule the `chinesecalendar` package knows (the State
  Council's yearly notice), for the years it covers.
* `provisional_schedule(year)`: for a year nobody has announced yet, the statutory
  holidays of 《全国年节及纪念日放假办法》 as revised in 2024 plus Saturdays and Sundays,
  with no guess at 调休 or 补假. Always marked provisional.
* `validate_schedule` / `schedule_from_entries`: a schedule an administrator enters.

`gongkai.workdays.calendar` indexes these schedules and re-exports everything here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from lunardate import LunarDate

from gongkai.workdays.domain import DateOutOfRange, DayKind, YearSource, fmt_day

# The first year of the chinesecalendar data, and the last year lunardate can convert.
FIRST_YEAR = 2004
LAST_YEAR = 2099

# Names as a clerk writes them, for the package's English keys.
PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateOutOfRange(f"年份 {year} 超出工作日历支持的范围（{FIRST_YEAR} 年至 {LAST_YEAR} 年）。")


@dataclass(frozen=True)
class YearSchedule:
    """One year's exceptions to "Monday to Friday are working days".

    `holidays`: rest days (放假), weekend days inside a holiday period may be listed too.
    `workdays`: weekend days that are working days (调休上班), with the holiday they serve.
    """

    year: int
    source: YearSource
    holidays: Mapping[datetime.date, str] = field(default_factory=dict)
    workdays: Mapping[datetime.date, str] = field(default_factory=dict)
    note: str = ""
    entered_by: str = ""
    updated_at: datetime.datetime | None = None

    @property
    def provisional(self) -> bool:
        return self.source.is_provisional

    def is_working(self, d: datetime.date) -> bool:
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def source_text(self) -> str:
        text = self.source.label
        details = [x for x in (self.entered_by and f"录入人：{self.entered_by}", self.note) if x]
        if details:
            text = f"{text}（{'；'.join(details)}）"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "source": self.source.value,
            "source_text": self.source_text(),
            "provisional": self.provisional,
            "note": self.note,
            "holidays": [
                {"date": d.isoformat(), "weekday": d.isoweekday(), "name": name}
                for d, name in sorted(self.holidays.items())
            ],
            "workdays": [
                {"date": d.isoformat(), "weekday": d.isoweekday(), "name": name}
                for d, name in sorted(self.workdays.items())
            ],
        }


# --------------------------------------------------------------------------- the package


@lru_cache(maxsize=1)
def package_years() -> tuple[int, int]:
    """First and last year the installed chinesecalendar covers."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return min(years), max(years)


def package_version() -> str:
    import chinese_calendar

    return str(getattr(chinese_calendar, "__version__", "?"))


def package_covers(year: int) -> bool:
    first, last = package_years()
    return first <= year <= last


def _package_name(value: str) -> str:
    from chinese_calendar import Holiday

    if value in PACKAGE_NAMES:
        return PACKAGE_NAMES[value]
    try:
        return str(Holiday(value).chinese)
    except ValueError:
        return str(value)


@cache
def package_schedule(year: int) -> YearSchedule | None:
    """The package's schedule for `year`, or None when the package does not cover it."""
    if not package_covers(year):
        return None
    from chinese_calendar import constants

    holidays = {d: _package_name(v) for d, v in constants.holidays.items() if d.year == year}
    workdays = {d: _package_name(v) for d, v in constants.workdays.items() if d.year == year}
    return YearSchedule(year=year, source=YearSource.PACKAGE, holidays=holidays, workdays=workdays)


# --------------------------------------------------------------------------- provisional years


def qingming_date(year: int) -> datetime.date:
    """The date of the 清明 solar term (Beijing time), 2001–2099.

    The 寿星 formula [Y×0.2422 + C] − [Y/4] with the 21st-century constant C = 4.81;
    checked against an astronomical computation of the Sun's longitude reaching 15° for
    every year 2004–2099 and against chinesecalendar's 清明 holidays (tests).
    """
    if not 2001 <= year <= 2099:
        raise DateOutOfRange(f"清明日期只能推算 2001 年至 2099 年（收到 {year} 年）。")
    y = year % 100
    return datetime.date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def _lunar(year: int, month: int, day: int) -> datetime.date:
    return LunarDate(year, month, day).to_solar_date()


@cache
def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The 全体公民放假 days of 《全国年节及纪念日放假办法》 (2024 revision) in `year`.

    元旦 1 day; 春节 4 days (除夕 to 正月初三); 清明 1; 劳动节 2 (5/1–5/2); 端午 1
    (五月初五); 中秋 1 (八月十五); 国庆 3 (10/1–10/3).
    """
    # 《全国年节及纪念日放假办法》第二条, as revised by 国务院令第798号 (in force 2025-01-01):
    # 全体公民放假的节日. The 补假 for a holiday on a weekend and the State Council's 调休
    # are decided year by year, so they are not guessed here: the year stays provisional.
    check_year(year)
    days: dict[datetime.date, str] = {}

    def add(d: datetime.date, name: str) -> None:
        days[d] = f"{days[d]}、{name}" if d in days and name not in days[d] else name

    add(datetime.date(year, 1, 1), "元旦")
    new_year = _lunar(year, 1, 1)
    for offset in range(-1, 3):  # 除夕, 初一, 初二, 初三
        add(new_year + datetime.timedelta(days=offset), "春节")
    add(qingming_date(year), "清明节")
    add(datetime.date(year, 5, 1), "劳动节")
    add(datetime.date(year, 5, 2), "劳动节")
    add(_lunar(year, 5, 5), "端午节")
    for day in (1, 2, 3):
        add(datetime.date(year, 10, day), "国庆节")
    add(_lunar(year, 8, 15), "中秋节")
    return dict(sorted(days.items()))


@cache
def provisional_schedule(year: int) -> YearSchedule:
    return YearSchedule(
        year=year,
        source=YearSource.PROVISIONAL,
        holidays=statutory_holidays(year),
        workdays={},
    )


def default_schedule(year: int) -> YearSchedule:
    """The schedule used when no administrator entered `year`: the package's, else provisional."""
    return package_schedule(year) or provisional_schedule(year)


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class ScheduleEntry:
    """One line of a schedule being entered: a date, holiday or workday, and a name."""

    date: datetime.date
    kind: DayKind
    name: str = ""
    line: int | None = None  # where it came from, for error messages

    def where(self) -> str:
        return f"第 {self.line} 行：" if self.line is not None else ""


def validate_schedule(year: int, entries: Sequence[ScheduleEntry]) -> list[str]:
    """Every problem with `entries` as the schedule of `year`, in Chinese; empty if none."""
    errors: list[str] = []
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors.append(f"年份 {year} 超出工作日历支持的范围（{FIRST_YEAR} 年至 {LAST_YEAR} 年）。")
    seen: dict[datetime.date, ScheduleEntry] = {}
    for entry in entries:
        where, day = entry.where(), fmt_day(entry.date)
        if entry.date.year != year:
            errors.append(f"{where}日期 {entry.date.isoformat()} 不属于 {year} 年；一次只能录入一个年度的安排。")
        previous = seen.get(entry.date)
        if previous is not None:
            if previous.kind != entry.kind:
                errors.append(
                    f"{where}日期 {entry.date.isoformat()} 同时被列为放假和调休上班"
                    f"（另见{(previous.where() or '前面的条目').rstrip('：')}），请只保留一个。"
                )
            else:
                errors.append(f"{where}日期 {entry.date.isoformat()} 重复列出。")
            continue
        seen[entry.date] = entry
        if entry.kind is DayKind.WORKDAY and entry.date.weekday() < 5:
            errors.append(f"{where}{day}本来就是工作日，不需要列为调休上班日；请检查日期。")
    if entries and not any(e.kind is DayKind.HOLIDAY for e in entries):
        errors.append(f"{year} 年的安排中没有任何放假日期；请至少列出法定节假日。")
    if not entries:
        errors.append(f"{year} 年的安排是空的；请列出放假日期和调休上班日期。")
    return errors


def schedule_from_entries(
    year: int,
    entries: Iterable[ScheduleEntry],
    *,
    source: YearSource,
    note: str = "",
    entered_by: str = "",
    updated_at: datetime.datetime | None = None,
) -> YearSchedule:
    holidays: dict[datetime.date, str] = {}
    workdays: dict[datetime.date, str] = {}
    for entry in sorted(entries, key=lambda e: e.date):
        if entry.kind is DayKind.HOLIDAY:
            holidays[entry.date] = entry.name or "节假日"
        else:
            workdays[entry.date] = entry.name or "调休"
    return YearSchedule(
        year=year,
        source=source,
        holidays=holidays,
        workdays=workdays,
        note=note,
        entered_by=entered_by,
        updated_at=updated_at,
    )
