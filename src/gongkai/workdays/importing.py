"""Reading a year's schedule from a small CSV file. Pure Python.

One line per date: `date,kind,name`, for example

    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-06,休,春节
    2027-02-20,班,春节

`kind` is `holiday` (also 休, 假, 放假) or `workday` (also 班, 上班, 调休上班); `name` may be
left out. A header line, blank lines and lines starting with # are skipped. Everything
is checked before anything is written; every problem is reported with its line number.
"""

from __future__ import annotations

import csv
import io

from gongkai.workdays.calendar import ScheduleEntry, validate_schedule
from gongkai.workdays.domain import DayKind, InvalidDate, InvalidSchedule, parse_date

KIND_WORDS = {
    "holiday": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "假": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "rest": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
    "work": DayKind.WORKDAY,
}

_HEADER_WORDS = {"date", "日期"}


def decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM spreadsheet programs add); GB18030 as a fallback."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidSchedule(["文件编码无法识别，请保存为 UTF-8 编码的 CSV 文件。"]) from None


def parse_schedule_csv(text: str, *, year: int | None = None) -> tuple[int, list[ScheduleEntry]]:
    """The year and its entries, or `InvalidSchedule` listing every problem found."""
    errors: list[str] = []
    entries: list[ScheduleEntry] = []
    seen_data = False
    for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not seen_data and cells[0].lower() in _HEADER_WORDS:
            seen_data = True
            continue
        seen_data = True
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) < 2 or len(cells) > 3:
            errors.append(f"第 {line_no} 行：应为“日期,类型,名称”三项（名称可省略），实际有 {len(row)} 项。")
            continue
        raw_date, raw_kind = cells[0], cells[1]
        name = cells[2] if len(cells) == 3 else ""
        problem = False
        try:
            date = parse_date(raw_date)
        except InvalidDate as exc:
            errors.append(f"第 {line_no} 行：{exc.message}")
            problem = True
        kind = KIND_WORDS.get(raw_kind.lower())
        if kind is None:
            errors.append(f"第 {line_no} 行：类型“{raw_kind}”无法识别，应为 holiday（休）或 workday（班）。")
            problem = True
        if len(name) > 100:
            errors.append(f"第 {line_no} 行：名称过长（最多 100 个字）。")
            problem = True
        if not problem and kind is not None:
            entries.append(ScheduleEntry(date=date, kind=kind, name=name, line=line_no))
    if year is None:
        if entries:
            year = entries[0].date.year
        elif not errors:
            errors.append("文件中没有任何日期。")
    if year is not None:
        errors.extend(validate_schedule(year, entries) if entries or not errors else [])
    if errors or year is None:
        raise InvalidSchedule(errors, message="导入文件有误，未作任何修改。")
    return year, entries
