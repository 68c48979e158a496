"""Rules of 公众参与 that need no database: minimum consultation periods, rates, the import
format of the yearly events table, and the writer's access secret.

Sources are in regulations.md §5.3 and §6; each rule carries its article.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.participation.models import DraftType, EventForm

# --- minimum consultation periods (regulations.md §5.3) -------------------------------------


@dataclass(frozen=True)
class MinimumPeriod:
    days: int
    working_days: bool
    source: str

    @property
    def label(self) -> str:
        return f"{self.days}个{'工作日' if self.working_days else '日'}"


MINIMUM_PERIODS: dict[str, MinimumPeriod] = {
    # 《重大行政决策程序暂行条例》第十五条: 征求意见的期限一般不少于30日.
    DraftType.MAJOR_DECISION: MinimumPeriod(30, False, "《重大行政决策程序暂行条例》第十五条"),
    # 《规章制定程序条例》第十五条: 向社会公布征求意见的期限一般不少于30日.
    DraftType.RULE: MinimumPeriod(30, False, "《规章制定程序条例》第十五条"),
    # 《优化营商环境条例》第六十二条: 与市场主体生产经营活动密切相关的 … 一般不少于30日.
    DraftType.MARKET: MinimumPeriod(30, False, "《优化营商环境条例》第六十二条"),
    # 国办发〔2018〕37号: 涉及群众切身利益的行政规范性文件 … 一般不少于7个工作日.
    DraftType.NORMATIVE: MinimumPeriod(
        7, True, "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
    ),
}


@dataclass(frozen=True)
class PeriodCheck:
    """Whether a consultation's period reaches its legal minimum, explained in Chinese."""

    minimum: MinimumPeriod | None
    length: int  # calendar days, or working days when the minimum counts working days
    earliest_end: datetime.date | None
    provisional: bool
    explanation: list[str] = field(default_factory=list)

    @property
    def is_short(self) -> bool:
        return self.minimum is not None and self.length < self.minimum.days


def check_period(draft_type: str, starts_on: datetime.date, ends_on: datetime.date, calendar: Any) -> PeriodCheck:
    """The length of [starts_on, ends_on] against the minimum for `draft_type`.

    The period is counted as periods in days are in law (《民法典》第二百零一条: the first day
    is not counted, counting starts the next day) — the same convention as the working-day
    engine: 30 日 from 8月1日 runs to 8月31日; 7 个工作日 are the 7 working days after the start.
    `calendar` is a `workdays.get_calendar()`; only `working_days_between` and `due_date` are used.
    """
    minimum = MINIMUM_PERIODS.get(draft_type)
    if minimum is None:
        days = (ends_on - starts_on).days
        return PeriodCheck(None, days, None, False, ["该类文件没有法定的最短征求意见期限。"])
    if minimum.working_days:
        count = calendar.working_days_between(starts_on, ends_on)
        earliest = calendar.due_date(starts_on, minimum.days)
        length, provisional = count.working_days, bool(count.provisional or earliest.provisional)
        earliest_end = earliest.date
    else:
        length = (ends_on - starts_on).days
        earliest_end = starts_on + datetime.timedelta(days=minimum.days)
        provisional = False
    unit = "工作日" if minimum.working_days else "日"
    explanation = [
        f"{DraftType(draft_type).label}征求意见期限一般不少于{minimum.label}（{minimum.source}）。",
        f"自{starts_on.isoformat()}次日起算至{ends_on.isoformat()}，共{length}个{unit}；"
        f"最早可于{earliest_end.isoformat()}截止。",
    ]
    if provisional:
        explanation.append("注意：期间涉及尚未公布放假安排的年份，工作日数为推算结果。")
    return PeriodCheck(minimum, length, earliest_end, provisional, explanation)


# --- rates ---------------------------------------------------------------------------------


# The longest period of the 信箱 and 好差评 statistics (participation.statistics): a year, leap day
# included, what the annual figures (年度报表, 年度报告) and any quarter or month need. Longer
# periods are refused rather than read (every letter of the period is counted).
MAX_STATISTICS_DAYS = 366


def check_statistics_period(start: datetime.date, end: datetime.date) -> None:
    """The statistics' period: start on or before end, at most MAX_STATISTICS_DAYS days."""
    if end < start:
        raise ValidationFailed(
            "统计期间的结束日期早于开始日期。", code="period_reversed", fields={"end": ["结束日期不能早于开始日期。"]}
        )
    if (end - start).days + 1 > MAX_STATISTICS_DAYS:
        raise ValidationFailed(
            f"统计期间最长一年（{MAX_STATISTICS_DAYS}天）。",
            code="period_too_long",
            fields={"end": [f"开始日期与结束日期之间不能超过{MAX_STATISTICS_DAYS}天，请分年查询。"]},
        )


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, cut (not rounded) so a figure is never overstated.

    The seed city report gives 1,777 of 1,795 closed as 98.9%: that is the cut figure
    (98.997…%); rounding would say 99.0%.
    """
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


# --- the writer's access secret --------------------------------------------------------------


def derive_secret(key: str, token: str) -> str:
    """The query password of a message, derived from its submission token.

    A double submit carries the same token, so the second answer can show the same password
    without the password being stored: only its digest is kept.
    """
    return hmac.new(key.encode(), f"mailbox:{token}".encode(), hashlib.sha256).hexdigest()[:12]


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- the yearly events table (seed 002: 2024年“政务公开讲”“政府开放日”活动安排表) ------------------


class ImportError_(ValueError):  # noqa: N801 - not the builtin ImportError
    pass


@dataclass(frozen=True)
class EventRow:
    line: int
    month: int
    theme: str
    host: str
    form: str


_HEADERS = {
    "month": ("月份",),
    "theme": ("活动主题", "主题"),
    "host": ("主办单位", "承办单位"),
    "form": ("活动形式", "形式"),
}
_MONTH = re.compile(r"^\s*(\d{1,2})\s*月?\s*$")


def _form_of(value: str) -> str:
    text = value.replace(" ", "")
    lecture = "公开讲" in text
    open_day = "开放日" in text
    if lecture and open_day:
        return EventForm.BOTH
    if lecture:
        return EventForm.LECTURE
    return EventForm.OPEN_DAY


def parse_event_rows(rows: list[list[Any]]) -> list[EventRow]:
    """Rows of the table (the first row naming the columns) → events.

    As in the seed, a month cell may be empty (merged cells: the month of the row above),
    may omit 月 ("7"), and 活动形式 may be empty (then 政府开放日). Every problem is reported
    with its line number before anything is written.
    """
    header_at = None
    columns: dict[str, int] = {}
    for i, row in enumerate(rows):
        cells = [str(c).strip() if c is not None else "" for c in row]
        found = {key: cells.index(name) for key, names in _HEADERS.items() for name in names if name in cells}
        if {"month", "theme", "host"} <= found.keys():
            header_at, columns = i, found
            break
    if header_at is None:
        raise ImportError_("未找到表头：须有“月份”“活动主题”“主办单位”三列。")
    errors: list[str] = []
    result: list[EventRow] = []
    month: int | None = None
    for i, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = [str(c).strip() if c is not None else "" for c in row]

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        theme, host = cell("theme"), cell("host")
        if not theme and not host:
            continue  # blank line, or the 注 under the table
        month_text = cell("month")
        if month_text:
            match = _MONTH.match(month_text)
            if not match or not 1 <= int(match.group(1)) <= 12:
                errors.append(f"第{i}行：月份“{month_text}”无效。")
                continue
            month = int(match.group(1))
        if month is None:
            errors.append(f"第{i}行：缺少月份。")
            continue
        if not theme or not host:
            errors.append(f"第{i}行：活动主题和主办单位不能为空。")
            continue
        result.append(EventRow(i, month, theme[:200], host, _form_of(cell("form"))))
    if errors:
        raise ImportError_("\n".join(errors))
    if not result:
        raise ImportError_("表中没有活动。")
    return result


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """The cells of an .xlsx (first sheet) or .csv (UTF-8, or GB18030) file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        import io

        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # any damage of the file: reported, never a server error
            raise ImportError_("无法读取该 Excel 文件。") from exc
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        import csv
        import io

        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return [list(r) for r in csv.reader(io.StringIO(text))]
        raise ImportError_("无法识别文件编码（支持 UTF-8 和 GB18030）。")
    raise ImportError_("只支持 .xlsx 和 .csv 文件。")


def end_of_month(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


# --- public forms ------------------------------------------------------------------------------

# Per client address, shared by the portal forms and the API so switching channel gives no more:
# a person writes a few comments or messages an hour; a flood is answered 429.
PUBLIC_FORM_RATE = "5/m"
PUBLIC_FORM_GROUP = "participation.public_form"
