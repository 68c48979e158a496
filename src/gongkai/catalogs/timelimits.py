"""公开时限: the texts catalogs write, parsed into rules the working-day engine computes.

Pure module (no ORM): `parse_deadline(text)` returns a `DeadlineRule`; the date arithmetic goes
through `gongkai.workdays` (working days with 调休, counting from the day after: 次日起算).

Forms recognised (regulations.md §3.4, verbatim from published catalogs):

- "信息形成或者变更之日起20个工作日内" — working days after the event (条例第二十六条, the default);
- "本级人民代表大会或其常务委员会批准后20日内" — calendar days ("日" without 工作 is a calendar
  day, regulations.md header; 财预〔2016〕143号 for budgets);
- "制定或获取信息之日起10个工作日内，公示7个工作日" — a deadline and a 公示 period (民办函〔2019〕52号);
- "实时" / "长期公开" / "常态化公开" — standing items: no deadline, content must simply exist;
- "每季度结束后15日内", "每月结束后10个工作日内", "每年3月底前", "每年6月30日前" — periodic.

Anything else ("及时公开", "按规定时限") is kept verbatim and flagged for a person: a deadline
the platform guessed would turn into a wrong 逾期 in a supervisor's report.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
import re
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from gongkai.workdays.calendar import WorkingCalendar

MAX_TEXT = 500
MAX_DAYS = 3650


class RuleKind(StrEnum):
    AFTER_EVENT = "after_event"  # N (working or calendar) days after the information is formed
    STANDING = "standing"  # 实时 / 长期 / 常态: no deadline
    PERIODIC = "periodic"  # after each quarter / month, or by a date each year
    UNPARSED = "unparsed"  # kept and flagged for a person


class Unit(StrEnum):
    WORKING_DAY = "working_day"
    CALENDAR_DAY = "calendar_day"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


KIND_LABELS = {
    RuleKind.AFTER_EVENT: "信息形成后限期公开",
    RuleKind.STANDING: "常态公开（无固定时限）",
    RuleKind.PERIODIC: "定期公开",
    RuleKind.UNPARSED: "时限待人工确认",
}


@dataclass(frozen=True)
class DeadlineRule:
    text: str
    kind: RuleKind
    days: int | None = None
    unit: Unit | None = None
    publicity_days: int | None = None
    publicity_unit: Unit | None = None
    period: Period | None = None
    month: int | None = None  # PERIODIC / YEAR: the due month
    day: int | None = None  # PERIODIC / YEAR: the due day (None = the month's last day)

    @property
    def flagged(self) -> bool:
        return self.kind == RuleKind.UNPARSED

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        """Stored in CatalogItem.deadline_rule; `from_dict` reads it back."""
        return {k: (str(v) if isinstance(v, StrEnum) else v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeadlineRule:
        def enum(kind: type[StrEnum], key: str) -> Any:
            return kind(data[key]) if data.get(key) else None

        return cls(
            text=str(data.get("text", "")),
            kind=RuleKind(data.get("kind", RuleKind.UNPARSED)),
            days=data.get("days"),
            unit=enum(Unit, "unit"),
            publicity_days=data.get("publicity_days"),
            publicity_unit=enum(Unit, "publicity_unit"),
            period=enum(Period, "period"),
            month=data.get("month"),
            day=data.get("day"),
        )

    def as_cli(self) -> dict[str, Any] | None:
        """The `deadline` of `gongkai catalog import --json`: null for standing items."""
        if self.kind == RuleKind.STANDING:
            return None
        out: dict[str, Any] = {"text": self.text, "days": self.days, "unit": str(self.unit) if self.unit else None}
        if self.publicity_days is not None:
            out["publicity_days"] = self.publicity_days
            out["publicity_unit"] = str(self.publicity_unit)
        if self.period is not None:
            out["period"] = str(self.period)
        if self.month is not None:
            out["month"] = self.month
            out["day"] = self.day
        if self.flagged:
            out["unparsed"] = True
        return out


# --------------------------------------------------------------------------- parsing

_DIGITS = str.maketrans("０１２３４５６７８９，（）：；", "0123456789,():;")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[一二两三四五六七八九十]+")


def _cn_to_int(word: str) -> str:
    """十五 → 15, 二十 → 20, 七 → 7 (numbers up to 99, as deadlines are written)."""
    if "十" in word:
        tens, _, ones = word.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return word
        return str((_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0))
    if len(word) == 1:
        return str(_CN[word])
    return word


def normalise(text: str) -> str:
    text = re.sub(r"\s+", "", text.translate(_DIGITS))
    return _CN_NUMBER.sub(lambda m: _cn_to_int(m.group()), text)


_UNIT = r"(个工作日|工作日|日|天|个自然日|自然日)"
_AMOUNT = re.compile(r"(\d{1,4})" + _UNIT + r"(?:内|之内|以内)")
_PUBLICITY = re.compile(r"公示(?:期|时间|期限)?(?:为|不少于|不得少于)?(\d{1,4})" + _UNIT)
_QUARTERLY = re.compile(r"每(?:个)?季度(?:结束|终了)?后(\d{1,4})" + _UNIT + r"(?:内|之内|以内)")
_MONTHLY = re.compile(r"每(?:个)?月(?:结束|终了)?后(\d{1,4})" + _UNIT + r"(?:内|之内|以内)")
_YEARLY_END = re.compile(r"每年(\d{1,2})月(?:底|末|月底)(?:前|之前|以前)")
_YEARLY_DAY = re.compile(r"每年(\d{1,2})月(\d{1,2})日(?:前|之前|以前)")
_STANDING = re.compile(r"实时|长期公开|长期|常态|即时公开")


def _unit(word: str) -> Unit:
    return Unit.WORKING_DAY if "工作日" in word else Unit.CALENDAR_DAY


def _bounded(number: str) -> int | None:
    value = int(number)
    return value if 0 < value <= MAX_DAYS else None


def parse_deadline(text: str) -> DeadlineRule:
    """The rule a 公开时限 text states, or an UNPARSED rule keeping the text (never a guess)."""
    original = (text or "").strip()[:MAX_TEXT]
    flat = normalise(original)
    unparsed = DeadlineRule(original, RuleKind.UNPARSED)
    if not flat:
        return unparsed
    for pattern, period in ((_QUARTERLY, Period.QUARTER), (_MONTHLY, Period.MONTH)):
        match = pattern.search(flat)
        if match:
            days = _bounded(match.group(1))
            if days is None:
                return unparsed
            return DeadlineRule(original, RuleKind.PERIODIC, days, _unit(match.group(2)), period=period)
    match = _YEARLY_DAY.search(flat)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or not 1 <= day <= pycalendar.monthrange(2023, month)[1]:
            return unparsed
        return DeadlineRule(original, RuleKind.PERIODIC, period=Period.YEAR, month=month, day=day)
    match = _YEARLY_END.search(flat)
    if match:
        month = int(match.group(1))
        if not 1 <= month <= 12:
            return unparsed
        return DeadlineRule(original, RuleKind.PERIODIC, period=Period.YEAR, month=month)
    amounts = _AMOUNT.findall(flat)
    if amounts:
        days = _bounded(amounts[0][0])
        if days is None:
            return unparsed
        publicity = _PUBLICITY.search(flat)
        if publicity:
            length = _bounded(publicity.group(1))
            if length is None:
                return unparsed
            return DeadlineRule(
                original, RuleKind.AFTER_EVENT, days, _unit(amounts[0][1]), length, _unit(publicity.group(2))
            )
        return DeadlineRule(original, RuleKind.AFTER_EVENT, days, _unit(amounts[0][1]))
    if _STANDING.search(flat) and not re.search(r"\d", flat):
        return DeadlineRule(original, RuleKind.STANDING)
    return unparsed


# --------------------------------------------------------------------------- computing


def add_days(cal: WorkingCalendar, start: datetime.date, days: int, unit: Unit) -> datetime.date:
    """`days` after `start`, counted from the day after (次日起算)."""
    if unit == Unit.WORKING_DAY:
        return cal.due_date(start, days).date
    return start + datetime.timedelta(days=days)


def due_after_event(rule: DeadlineRule, cal: WorkingCalendar, formed_on: datetime.date) -> datetime.date | None:
    """AFTER_EVENT: the last day to publish information formed or changed on `formed_on`."""
    if rule.kind != RuleKind.AFTER_EVENT or rule.days is None or rule.unit is None:
        return None
    return add_days(cal, formed_on, rule.days, rule.unit)


def publicity_ends(rule: DeadlineRule, cal: WorkingCalendar, published_on: datetime.date) -> datetime.date | None:
    """The last day of the 公示 period that starts when the item is published."""
    if rule.publicity_days is None or rule.publicity_unit is None:
        return None
    return add_days(cal, published_on, rule.publicity_days, rule.publicity_unit)


@dataclass(frozen=True)
class Cycle:
    """One period of a PERIODIC rule: content published in (opens, due] meets it."""

    opens: datetime.date  # exclusive: the end of the period reported on (or the previous due date)
    due: datetime.date


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, pycalendar.monthrange(year, month)[1])


def _period_end(period: Period, year: int, index: int) -> datetime.date:
    """End of the index-th month (0..11) or quarter (0..3) of `year`."""
    month = index + 1 if period == Period.MONTH else index * 3 + 3
    return _month_end(year, month)


def cycles_around(rule: DeadlineRule, cal: WorkingCalendar, today: datetime.date) -> tuple[Cycle | None, Cycle | None]:
    """The last cycle whose due date is on or before `today`, and the next one after it."""
    if rule.kind != RuleKind.PERIODIC or rule.period is None:
        return None, None
    candidates: list[Cycle] = []
    for year in (today.year - 2, today.year - 1, today.year, today.year + 1):
        if rule.period == Period.YEAR:
            if rule.month is None:
                return None, None
            candidates.append(Cycle(_year_due(rule, year - 1), _year_due(rule, year)))
            continue
        if rule.days is None or rule.unit is None:
            return None, None
        for index in range(12 if rule.period == Period.MONTH else 4):
            end = _period_end(rule.period, year, index)
            candidates.append(Cycle(end, add_days(cal, end, rule.days, rule.unit)))
    candidates.sort(key=lambda c: c.due)
    past = [c for c in candidates if c.due <= today]
    future = [c for c in candidates if c.due > today]
    return (past[-1] if past else None), (future[0] if future else None)


def _year_due(rule: DeadlineRule, year: int) -> datetime.date:
    """每年X月底前 / 每年X月Y日前: a calendar date, not moved off weekends (as the text says)."""
    due = _month_end(year, rule.month or 12)
    return due.replace(day=min(rule.day, due.day)) if rule.day else due


def describe(rule: DeadlineRule) -> str:
    """A short Chinese reading of the rule, shown beside the original text."""
    unit = "个工作日" if rule.unit == Unit.WORKING_DAY else "日（自然日）"
    if rule.kind == RuleKind.AFTER_EVENT:
        text = f"信息形成或变更后{rule.days}{unit}内公开"
        if rule.publicity_days:
            p_unit = "个工作日" if rule.publicity_unit == Unit.WORKING_DAY else "日"
            text += f"，公示{rule.publicity_days}{p_unit}"
        return text
    if rule.kind == RuleKind.PERIODIC:
        if rule.period == Period.YEAR:
            return f"每年{rule.month}月{rule.day or '底'}{'日' if rule.day else ''}前公开"
        what = "每季度" if rule.period == Period.QUARTER else "每月"
        return f"{what}结束后{rule.days}{unit}内公开"
    return rule.label
