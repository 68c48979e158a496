"""The precomputed working-day index over the year schedules.

Pure Python: no Django, no database.

`WorkingCalendar`: one schedule per year from FIRST_YEAR to LAST_YEAR, indexed so that
every question is a few list look-ups: a sorted list of the ordinals of all working days
and a prefix count over every day of the range.

Where the schedules come from (the `chinesecalendar` package, provisional years, entered
schedules) is `gongkai.workdays.schedules`; its names are re-exported here so that
`from gongkai.workdays.calendar import ScheduleEntry, package_years, …` keeps working.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from gongkai.workdays.domain import (
    DateOutOfRange,
    DayStatus,
    DueDate,
    Pause,
    PauseLike,
    WorkingDayCount,
    fmt_day,
    merge_pause_ordinals,
    parse_date,
    parse_pauses,
    parse_working_days,
    provisional_warning,
)
from gongkai.workdays.schedules import (
    FIRST_YEAR,
    LAST_YEAR,
    PACKAGE_NAMES,
    ScheduleEntry,
    YearSchedule,
    check_year,
    default_schedule,
    package_covers,
    package_schedule,
    package_version,
    package_years,
    provisional_schedule,
    qingming_date,
    schedule_from_entries,
    statutory_holidays,
    validate_schedule,
)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "PACKAGE_NAMES",
    "ScheduleEntry",
    "WorkingCalendar",
    "YearSchedule",
    "build_default_calendar",
    "check_year",
    "default_calendar",
    "default_schedule",
    "package_covers",
    "package_schedule",
    "package_version",
    "package_years",
    "provisional_schedule",
    "qingming_date",
    "schedule_from_entries",
    "statutory_holidays",
    "validate_schedule",
]

_date = datetime.date
_fromordinal = datetime.date.fromordinal


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
