"""Year schedules and the precomputed working-day index.

Pure Python: no Django, no database.

* `package_schedule(year)`: the schedule the `chinesecalendar` package knows (the State
  Council's yearly notice), for the years it covers.
* `provisional_schedule(year)`: for a year nobody has announced yet, the statutory
  holidays of 《全国年节及纪念日放假办法》 as revised in 2024 plus Saturdays and Sundays,
  with no guess at 调休 or 补假. Always marked provisional.
* `WorkingCalendar`: one schedule per year from FIRST_YEAR to LAST_YEAR, indexed so that
  every question is a few list look-ups: a sorted list of the ordinals of all working
  days and a prefix count over every day of the range.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from lunardate import LunarDate

from gongkai.workdays.domain import (
    DateOutOfRange,
    DayKind,
    DayStatus,
    DueDate,
    Pause,
    PauseLike,
    WorkingDayCount,
    YearSource,
    fmt_day,
    merge_pause_ordinals,
    parse_date,
    parse_pauses,
    parse_working_days,
    provisional_warning,
)

_date = datetime.date
_fromordinal = datetime.date.fromordinal

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
        if self.source is YearSource.PACKAGE:
            text = text.replace("chinesecalendar", f"chinesecalendar {package_version()}")
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


# --------------------------------------------------------------------------- the index


class WorkingCalendar:
    """Every day from FIRST_YEAR-01-01 to LAST_YEAR-12-31, indexed.

    With W(x) = the number of working days on or before x, `_prefix[x - base + 1] == W(x)`
    and `_work[k]` is the ordinal of the (k+1)-th working day, so:

    * the n-th working day after s is `_work[W(s) + n - 1]`;
    * the number of working days in (a, b] is W(b) − W(a).

    Immutable once built; rebuild it when a schedule changes (see `loader.py`).
    """

    def __init__(self, schedules: Mapping[int, YearSchedule], *, token: str = "") -> None:
        self.token = token
        self.first_year = FIRST_YEAR
        self.last_year = LAST_YEAR
        self._schedules: dict[int, YearSchedule] = {}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            schedule = schedules.get(year) or default_schedule(year)
            if schedule.year != year:
                raise ValueError(f"schedule for {schedule.year} given as {year}")
            self._schedules[year] = schedule
        self.first_day = datetime.date(FIRST_YEAR, 1, 1)
        self.last_day = datetime.date(LAST_YEAR, 12, 31)
        base = self._base = self.first_day.toordinal()
        end = self._end = self.last_day.toordinal()
        ndays = end - base + 1

        holidays: dict[int, str] = {}
        makeup: dict[int, str] = {}
        for schedule in self._schedules.values():
            holidays.update((d.toordinal(), n) for d, n in schedule.holidays.items())
            makeup.update((d.toordinal(), n) for d, n in schedule.workdays.items())
        self._holiday_names = holidays
        self._makeup_names = makeup

        flags = bytearray(ndays)
        prefix = [0] * (ndays + 1)
        prov_prefix = [0] * (ndays + 1)
        work: list[int] = []
        provisional_years = {y for y, s in self._schedules.items() if s.provisional}
        self.provisional_years = sorted(provisional_years)
        count = prov = 0
        weekday = self.first_day.weekday()
        year = FIRST_YEAR
        next_year_start = datetime.date(year + 1, 1, 1).toordinal()
        year_is_prov = year in provisional_years
        for i in range(ndays):
            o = base + i
            if o >= next_year_start:
                year += 1
                next_year_start = datetime.date(year + 1, 1, 1).toordinal() if year < LAST_YEAR else end + 1
                year_is_prov = year in provisional_years
            if o in makeup:
                working = True
            elif o in holidays:
                working = False
            else:
                working = weekday < 5
            if working:
                flags[i] = 1
                work.append(o)
                count += 1
            if year_is_prov:
                prov += 1
            prefix[i + 1] = count
            prov_prefix[i + 1] = prov
            weekday = weekday + 1 if weekday < 6 else 0
        self._flags = bytes(flags)
        self._prefix = prefix
        self._prov_prefix = prov_prefix
        self._work = work

    # ------------------------------------------------------------------ schedules

    def schedule(self, year: int) -> YearSchedule:
        check_year(year)
        return self._schedules[year]

    def schedules(self) -> dict[int, YearSchedule]:
        return dict(self._schedules)

    def working_days_in_year(self, year: int) -> int:
        check_year(year)
        a = datetime.date(year, 1, 1).toordinal() - self._base
        b = datetime.date(year, 12, 31).toordinal() - self._base
        return self._prefix[b + 1] - self._prefix[a]

    # ------------------------------------------------------------------ fast paths (ordinals)

    def _index(self, d: datetime.date) -> int:
        i = d.toordinal() - self._base
        if i < 0 or i > self._end - self._base:
            raise DateOutOfRange(
                f"日期 {d.isoformat()} 超出工作日历支持的范围"
                f"（{self.first_day.isoformat()} 至 {self.last_day.isoformat()}）。"
            )
        return i

    def _out_of_range(self) -> DateOutOfRange:
        return DateOutOfRange(f"期限超出工作日历支持的范围（最晚到 {self.last_day.isoformat()}）。")

    def clip_pauses(self, pauses: Iterable[Pause]) -> list[tuple[int, int]]:
        """Merged pause ordinals, clipped to the calendar's range (only the end matters)."""
        end = self._end
        return [(min(ps, end + 1), min(pe, end)) for ps, pe in merge_pause_ordinals(pauses) if pe >= self._base]

    def due_ordinal(self, s: int, n: int, pauses: Sequence[tuple[int, int]] = ()) -> int:
        """The ordinal of the n-th counted working day after ordinal `s`.

        `pauses` as returned by `clip_pauses`: sorted, merged, inclusive (start, end)
        ordinals. No argument checking: the public methods do that.
        """
        if n == 0:
            return s
        base = self._base
        prefix = self._prefix
        cur = s
        for ps, pe in pauses:
            if pe <= cur:
                continue
            if ps > cur:
                w_cur = prefix[cur - base + 1]
                available = prefix[ps - base] - w_cur  # working days in (cur, ps - 1]
                if n <= available:
                    return self._work[w_cur + n - 1]
                n -= available
            cur = pe
        k = prefix[cur - base + 1] + n - 1
        if k >= len(self._work):
            raise self._out_of_range()
        return self._work[k]

    def span_is_provisional(self, a: int, b: int) -> bool:
        """Does [a, b] (ordinals, a <= b) touch a provisional year?"""
        base = self._base
        return self._prov_prefix[b - base + 1] != self._prov_prefix[a - base]

    def provisional_years_between(self, a: datetime.date, b: datetime.date) -> list[int]:
        lo, hi = min(a, b).year, max(a, b).year
        return [y for y in range(lo, hi + 1) if y in self._schedules and self._schedules[y].provisional]

    # ------------------------------------------------------------------ public questions

    def is_working(self, d: datetime.date) -> bool:
        """The bare answer, for loops."""
        return self._flags[self._index(parse_date(d))] == 1

    def is_working_day(self, d: datetime.date | str) -> DayStatus:
        day = parse_date(d)
        o = day.toordinal()
        working = self._flags[self._index(day)] == 1
        schedule = self._schedules[day.year]
        if o in self._makeup_names:
            kind, name = "makeup", self._makeup_names[o]
        elif o in self._holiday_names:
            kind, name = "holiday", self._holiday_names[o]
        elif day.weekday() >= 5:
            kind, name = "weekend", ""
        else:
            kind, name = "workday", ""
        return DayStatus(
            date=day,
            working=working,
            kind=kind,
            name=name,
            provisional=schedule.provisional,
            source=schedule.source,
            source_text=schedule.source_text(),
        )

    def add_working_days(self, start: datetime.date | str, n: int | str) -> DueDate:
        """The n-th working day after `start` (counting starts the day after); n = 0 is `start`."""
        return self.due_date(start, n)

    def due_date(
        self,
        start: datetime.date | str,
        n: int | str,
        pauses: Iterable[PauseLike] | None = None,
    ) -> DueDate:
        """The n-th working day after `start`, not counting working days inside `pauses`."""
        if type(start) is not _date:
            start = parse_date(start, what="起算日")
        if type(n) is not int or n < 0:
            n = parse_working_days(n)
        s = start.toordinal()
        base = self._base
        if s < base or s > self._end:
            self._index(start)
        if pauses:
            parsed = parse_pauses(pauses)
            due = self.due_ordinal(s, n, self.clip_pauses(parsed))
        else:
            # The common case, inlined: the n-th working day after s is _work[W(s) + n - 1].
            parsed = ()
            if n:
                k = self._prefix[s - base + 1] + n - 1
                if k >= len(self._work):
                    raise self._out_of_range()
                due = self._work[k]
            else:
                due = s
        prov = self._prov_prefix
        return DueDate(
            _fromordinal(due) if n else start,
            prov[due - base + 1] != prov[s - base],
            start,
            n,
            parsed,
            self,
        )

    def working_days_between(self, a: datetime.date | str, b: datetime.date | str) -> WorkingDayCount:
        """Working days in (a, b]; negative when b is before a."""
        first = parse_date(a, what="开始日")
        second = parse_date(b, what="结束日")
        i, j = self._index(first), self._index(second)
        count = self._prefix[j + 1] - self._prefix[i + 1]
        lo, hi = min(i, j), max(i, j)
        provisional = self._prov_prefix[hi + 1] != self._prov_prefix[lo]
        return WorkingDayCount(count, provisional, first, second, self)

    # ------------------------------------------------------------------ explanations

    def _describe(
        self, a: int, b: int, merged: Sequence[tuple[int, int, str]], count_label: bool
    ) -> tuple[list[str], int]:
        """Sentences for the days in (a, b]: holidays, 调休, pauses, and a weekend total."""
        lines: list[str] = []
        counted = 0
        plain_weekend_days = 0
        run: list[int] = []
        pause_at = {ps: (ps, pe, why) for ps, pe, why in merged}
        active_pause_end = -1

        def flush_run() -> None:
            nonlocal plain_weekend_days
            if not run:
                return
            names: list[str] = []
            plain = 0
            for o in run:
                name = self._holiday_names.get(o)
                if name is None:
                    plain += 1
                    continue
                for part in name.split("、"):
                    if part not in names:
                        names.append(part)
            if not names:
                plain_weekend_days += len(run)
            else:
                first, last = datetime.date.fromordinal(run[0]), datetime.date.fromordinal(run[-1])
                label = "、".join(names) + ("放假及周末休息" if plain else "放假")
                if len(run) == 1:
                    lines.append(f"{fmt_day(first)}{label}，不计入。")
                else:
                    lines.append(f"{first.isoformat()} 至 {last.isoformat()} {label}，不计入（共 {len(run)} 天）。")
            run.clear()

        for o in range(a + 1, b + 1):
            if o in pause_at:
                flush_run()
                ps, pe, why = pause_at[o]
                active_pause_end = pe
                last = min(pe, b)
                k = self._prefix[last - self._base + 1] - self._prefix[ps - self._base]
                reason = f"（{why}）" if why else ""
                lines.append(
                    f"{datetime.date.fromordinal(ps).isoformat()} 至 {datetime.date.fromordinal(pe).isoformat()} "
                    f"暂停计算{reason}，其间 {k} 个工作日不计入。"
                )
            paused = o <= active_pause_end
            if self._flags[o - self._base]:
                flush_run()
                if paused:
                    if o in self._makeup_names:
                        lines.append(
                            f"{fmt_day(datetime.date.fromordinal(o))}调休上班（{self._makeup_names[o]}），"
                            "但在暂停计算期间，不计入。"
                        )
                    continue
                counted += 1
                if o in self._makeup_names:
                    tail = f"计入（第 {counted} 个工作日）" if count_label else "计入"
                    lines.append(
                        f"{fmt_day(datetime.date.fromordinal(o))}调休上班（{self._makeup_names[o]}），{tail}。"
                    )
            else:
                run.append(o)
        flush_run()
        if plain_weekend_days:
            lines.append(f"其间另有 {plain_weekend_days} 天为正常的周六、周日休息日，不计入。")
        return lines, counted

    def _source_lines(self, a: datetime.date, b: datetime.date) -> list[str]:
        lo, hi = min(a, b), max(a, b)
        lines = [f"{y} 年放假安排依据：{self._schedules[y].source_text()}。" for y in range(lo.year, hi.year + 1)]
        provisional = self.provisional_years_between(lo, hi)
        if provisional:
            lines.append(provisional_warning(provisional))
        return lines

    def _merged_with_reasons(self, pauses: Sequence[Pause], a: int) -> list[tuple[int, int, str]]:
        """Merged pauses (with their reasons), starting no earlier than the day after `a`."""
        merged = merge_pause_ordinals(pauses)
        out: list[tuple[int, int, str]] = []
        for ps, pe in merged:
            reasons: list[str] = []
            for p in pauses:
                if p.reason and p.start.toordinal() <= pe and p.end.toordinal() >= ps and p.reason not in reasons:
                    reasons.append(p.reason)
            out.append((max(ps, a + 1), min(pe, self._end), "；".join(reasons)))
        return [(ps, pe, why) for ps, pe, why in out if pe >= ps]

    def explain_due(self, start: datetime.date, n: int, pauses: Sequence[Pause], due: datetime.date) -> list[str]:
        s, d = start.toordinal(), due.toordinal()
        lines = [f"起算日：{fmt_day(start)}。期限自起算日的次日开始计算，共 {n} 个工作日。"]
        status = self.is_working_day(start)
        if not status.working:
            what = f"{status.name}放假日" if status.kind == "holiday" else "周末休息日"
            lines.append(f"起算日为{what}，不影响起算：仍从次日开始计算。")
        if n == 0:
            lines.append(f"工作日数为 0，期限即为起算日 {fmt_day(start)}。")
            return lines + self._source_lines(start, start)
        for p in pauses:
            if p.end.toordinal() <= s:
                lines.append(
                    f"{p.start.isoformat()} 至 {p.end.isoformat()} 暂停计算"
                    f"{'（' + p.reason + '）' if p.reason else ''}：在起算日之前（或当天）结束，不影响期限。"
                )
            elif p.start.toordinal() > d:
                lines.append(
                    f"{p.start.isoformat()} 至 {p.end.isoformat()} 暂停计算"
                    f"{'（' + p.reason + '）' if p.reason else ''}：在期限届满之后，不影响期限。"
                )
        relevant = [p for p in pauses if p.end.toordinal() > s and p.start.toordinal() <= d]
        body, counted = self._describe(s, d, self._merged_with_reasons(relevant, s), count_label=True)
        lines.extend(body)
        lines.append(f"第 {counted} 个工作日为 {fmt_day(due)}，即期限届满日。")
        return lines + self._source_lines(start, due)

    def explain_between(self, a: datetime.date, b: datetime.date, count: int) -> list[str]:
        lo, hi = (a, b) if a <= b else (b, a)
        lines = [f"自 {fmt_day(lo)}的次日起，至 {fmt_day(hi)}（含当日）止，共 {abs(count)} 个工作日。"]
        if b < a:
            lines.append("结束日早于开始日，结果记为负数。")
        body, _ = self._describe(lo.toordinal(), hi.toordinal(), [], count_label=False)
        lines.extend(body)
        return lines + self._source_lines(lo, hi)

    # ------------------------------------------------------------------ a year at a glance

    def year_summary(self, year: int) -> dict[str, Any]:
        schedule = self.schedule(year)
        data = schedule.as_json()
        data["working_days"] = self.working_days_in_year(year)
        return data


def build_default_calendar() -> WorkingCalendar:
    """Package years plus provisional years; no administrator's entries (no database)."""
    return WorkingCalendar({})


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    return build_default_calendar()
