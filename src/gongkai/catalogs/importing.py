"""Reading a 标准目录 workbook in the published layout (regulations.md §3.3).

One area per sheet (the sheet's name or a title row above the header names it). The header is
two rows: group cells merged across their sub-columns (公开事项 → 一级事项/二级事项, 公开对象 →
全社会/特定群体, 公开方式 → 主动/依申请, 公开层级 → 县级/乡级[/村级]) and single columns merged
down both rows; optional leading 序号 and 过程 (五公开 stage) columns. 一级事项 (and often 公开依据
or 公开主体) are merged down the rows they cover. 公开渠道和载体 is one cell of ■ (selected) / □
(not) marks; the 对象/方式/层级 columns hold √ or nothing.

Nothing here writes: `read_workbook` returns every row as parsed and every problem, each naming
sheet, row and column, so a dry run can show all of it and a real run saves only a clean file.
"""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from gongkai.catalogs.timelimits import DeadlineRule, parse_deadline
from gongkai.catalogs.vocab import (
    AREA_LABELS,
    AREAS,
    CHANNELS,
    CHECKED_MARKS,
    STAGES,
    UNCHECKED_MARKS,
    area_by_name,
    channel_name,
)
from gongkai.core.errors import ValidationFailed

MAX_SHEETS = 40
MAX_ROWS_PER_SHEET = 20_000
MAX_ITEMS = 60_000
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 10
TEXT_LIMITS = {"level1": 200, "level2": 200, "subject": 300, "serial": 20, "content": 5000, "basis": 5000}

TEXT_FIELDS = ("serial", "stage", "level1", "level2", "content", "basis", "deadline", "subject", "channels")
FLAG_FIELDS = (
    "audience_public",
    "audience_specific",
    "proactive",
    "on_request",
    "county",
    "township",
    "village",
)
FIELD_LABELS = {
    "serial": "序号",
    "stage": "过程",
    "level1": "一级事项",
    "level2": "二级事项",
    "content": "公开内容（要素）",
    "basis": "公开依据",
    "deadline": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
    "audience_public": "公开对象：全社会",
    "audience_specific": "公开对象：特定群体",
    "proactive": "公开方式：主动",
    "on_request": "公开方式：依申请",
    "county": "公开层级：县级",
    "township": "公开层级：乡级",
    "village": "公开层级：村级",
}
REQUIRED = (
    "level1",
    "level2",
    "content",
    "basis",
    "deadline",
    "subject",
    "channels",
    "audience_public",
    "audience_specific",
    "proactive",
    "on_request",
    "county",
    "township",
)


class WorkbookUnreadable(ValidationFailed):
    default_code = "catalog_workbook_unreadable"
    default_message = "无法读取该Excel文件，请确认是.xlsx格式且未损坏。"


@dataclass
class RowProblem:
    sheet: str
    row: int | None
    column: str  # the column letter ("" for the sheet as a whole)
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”"
        if self.row is not None:
            where += f"第{self.row}行"
        if self.column:
            where += f"{self.column}列"
        return f"{where}：{self.message}"


@dataclass
class ParsedItem:
    area: str
    sheet: str
    row: int
    serial: str = ""
    stage: str = ""
    level1: str = ""
    level2: str = ""
    content: str = ""
    basis: str = ""
    deadline_text: str = ""
    subject: str = ""
    channels: list[str] = field(default_factory=list)
    audience_public: bool = False
    audience_specific: bool = False
    proactive: bool = False
    on_request: bool = False
    county: bool = False
    township: bool = False
    village: bool = False

    @property
    def rule(self) -> DeadlineRule:
        return parse_deadline(self.deadline_text)

    def key(self) -> tuple[str, str, str]:
        return (self.area, self.level1, self.level2)

    def fields(self) -> dict[str, Any]:
        """The item's values (what a CatalogItem stores), without where it was read from."""
        data = asdict(self)
        for name in ("sheet", "row", "area"):
            data.pop(name)
        return data

    def as_cli(self) -> dict[str, Any]:
        """One entry of `gongkai catalog import --json`."""
        rule = self.rule
        return {
            "area": AREA_LABELS[self.area],
            "area_code": self.area,
            "sheet": self.sheet,
            "row": self.row,
            "serial": self.serial,
            "stage": self.stage,
            "level1": self.level1,
            "level2": self.level2,
            "content": self.content,
            "basis": self.basis,
            "subject": self.subject,
            "channels": list(self.channels),
            **{name: getattr(self, name) for name in FLAG_FIELDS},
            "deadline": rule.as_cli(),
            "deadline_flagged": rule.flagged,
        }


@dataclass
class ImportResult:
    items: list[ParsedItem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _field_of(top: str, bottom: str) -> str | None:
    """The field a header column holds, from its group cell (top) and sub-header (bottom)."""
    top, bottom = re.sub(r"\s+", "", top), re.sub(r"\s+", "", bottom)
    label = bottom or top
    if top in ("序号", "编号") or label == "序号":
        return "serial"
    if top == "过程" or label == "过程":
        return "stage"
    if label == "一级事项":
        return "level1"
    if label == "二级事项":
        return "level2"
    for prefix, name in (
        ("公开内容", "content"),
        ("公开依据", "basis"),
        ("公开时限", "deadline"),
        ("公开主体", "subject"),
        ("公开渠道", "channels"),
    ):
        if top.startswith(prefix) or label.startswith(prefix):
            return name
    if top.startswith("公开对象"):
        return {"全社会": "audience_public", "特定群体": "audience_specific", "特定群众": "audience_specific"}.get(
            bottom
        )
    if top.startswith("公开方式"):
        return {"主动": "proactive", "依申请": "on_request", "依申请公开": "on_request"}.get(bottom)
    if top.startswith("公开层级"):
        return {
            "县级": "county",
            "乡级": "township",
            "乡镇级": "township",
            "乡、村级": "township+village",
            "乡村级": "township+village",
            "村级": "village",
        }.get(bottom)
    return None


def _area_in_text(text: str) -> str | None:
    names = sorted(((n, c) for c, label, aliases in AREAS for n in (label, *aliases)), key=lambda p: -len(p[0]))
    return next((code for name, code in names if name in text), None)


def _channels(text: str) -> tuple[list[str], list[str]]:
    """(selected channels in the vocabulary's order, unknown names)."""
    marked = re.findall(r"([■□☑☐])\s*([^■□☑☐]*)", text)
    names: list[tuple[bool, str]] = []
    if marked:
        names = [(mark in "■☑", name.strip(" 、,，;；\n\t")) for mark, name in marked]
    elif text.strip():
        names = [(True, part.strip()) for part in re.split(r"[、，,;；\n]+", text) if part.strip()]
    selected: set[str] = set()
    unknown: list[str] = []
    for chosen, name in names:
        known = "其他" if name.startswith("其他") else channel_name(name)
        if known is None:
            unknown.append(name)
        elif chosen:
            selected.add(known)
    return [c for c in CHANNELS if c in selected], unknown


class _Sheet:
    """One worksheet read into a grid with merged cells filled from their top-left value."""

    def __init__(self, ws: Any) -> None:
        self.title = str(ws.title)
        self.rows = [list(r) for r in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)]
        self.merges = [(r.min_row, r.max_row, r.min_col, r.max_col) for r in ws.merged_cells.ranges]
        for r1, r2, c1, c2 in self.merges:
            if r1 > len(self.rows) or c1 > MAX_COLUMNS:
                continue
            value = self.rows[r1 - 1][c1 - 1] if c1 - 1 < len(self.rows[r1 - 1]) else None
            for r in range(r1, min(r2, len(self.rows)) + 1):
                row = self.rows[r - 1]
                for c in range(c1, min(c2, MAX_COLUMNS) + 1):
                    if c - 1 < len(row):
                        row[c - 1] = value

    def cell(self, row: int, col: int) -> str:
        if row > len(self.rows) or col > len(self.rows[row - 1]):
            return ""
        return _text(self.rows[row - 1][col - 1])


def read_workbook(data: bytes) -> ImportResult:
    """Every sheet of the workbook as parsed items and problems (nothing is written)."""
    from openpyxl import load_workbook

    from gongkai.privacy.extract import ExtractionFailed, check_zip_bounds

    try:
        check_zip_bounds(data)
    except ExtractionFailed as exc:
        raise WorkbookUnreadable(exc.message, fields={"file": [exc.message]}) from exc
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise WorkbookUnreadable(fields={"file": ["无法读取该Excel文件。"]}) from exc
    result = ImportResult()
    if len(book.worksheets) > MAX_SHEETS:
        raise WorkbookUnreadable(f"工作表超过 {MAX_SHEETS} 个，请按领域拆分文件。")
    seen: dict[str, str] = {}
    for ws in book.worksheets:
        if ws.max_row > MAX_ROWS_PER_SHEET:
            result.errors.append(RowProblem(ws.title, None, "", f"超过 {MAX_ROWS_PER_SHEET} 行，请拆分。"))
            continue
        sheet = _Sheet(ws)
        if not any(any(_text(v) for v in row) for row in sheet.rows):
            continue  # an empty sheet (Excel's default "Sheet2") is not an area
        _read_sheet(sheet, result, seen)
        if len(result.items) > MAX_ITEMS:
            raise WorkbookUnreadable(f"事项超过 {MAX_ITEMS} 条，请拆分文件。")
    if not result.items and not result.errors:
        result.errors.append(RowProblem("（全部）", None, "", "文件中没有找到标准目录事项。"))
    return result


def _find_header(sheet: _Sheet) -> int | None:
    for r in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
        if any(sheet.cell(r, c).startswith("公开内容") for c in range(1, len(sheet.rows[r - 1]) + 1)):
            return r
    return None


def _read_sheet(sheet: _Sheet, result: ImportResult, seen: dict[str, str]) -> None:
    errors = result.errors
    header = _find_header(sheet)
    if header is None:
        errors.append(RowProblem(sheet.title, None, "", "未找到表头（应有“公开内容（要素）”等列）。"))
        return
    area = area_by_name(sheet.title) or next(
        (a for r in range(1, header) for c in (1, 2) if (a := _area_in_text(sheet.cell(r, c)))), None
    )
    if area is None:
        errors.append(
            RowProblem(sheet.title, None, "", "无法识别所属领域：工作表名称或标题应为26个领域之一（如“社会救助”）。")
        )
        return
    if area in seen:
        errors.append(RowProblem(sheet.title, None, "", f"领域“{AREA_LABELS[area]}”已在工作表“{seen[area]}”中出现。"))
        return
    seen[area] = sheet.title
    width = max(len(row) for row in sheet.rows[header - 1 : header + 1])
    columns: dict[str, int] = {}
    for c in range(1, width + 1):
        name = _field_of(sheet.cell(header, c), sheet.cell(header + 1, c))
        if name is None:
            continue
        for part in name.split("+"):
            columns.setdefault(part, c)
    missing = [FIELD_LABELS[f] for f in REQUIRED if f not in columns]
    if missing:
        for label in missing:
            errors.append(RowProblem(sheet.title, header, "", f"缺少表头“{label}”。"))
        return
    first = header + 2
    start_errors = len(errors)
    for r1, r2, c1, c2 in sheet.merges:
        if r2 < first:
            continue  # title and header cells
        span = sorted({f for f, c in columns.items() if c1 <= c <= c2}, key=list(FIELD_LABELS).index)
        where = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
        if r1 < first:
            errors.append(
                RowProblem(sheet.title, r1, get_column_letter(c1), f"合并单元格 {where} 跨越表头和事项行，无法读取。")
            )
        elif len(span) > 1:
            labels = "、".join(FIELD_LABELS[f] for f in span)
            errors.append(
                RowProblem(
                    sheet.title,
                    r1,
                    get_column_letter(c1),
                    f"合并单元格 {where} 跨越了多个栏目（{labels}），无法确定所属。",
                )
            )
    if len(errors) > start_errors:
        return
    result.areas.append(area)
    for r in range(first, len(sheet.rows) + 1):
        if not any(_text(v) for v in sheet.rows[r - 1]):
            continue
        item = _read_row(sheet, r, area, columns, errors)
        if item is not None:
            result.items.append(item)
            if item.deadline_text and item.rule.flagged:
                col = get_column_letter(columns["deadline"])
                result.warnings.append(
                    RowProblem(
                        sheet.title, r, col, f"公开时限“{item.deadline_text}”无法自动解析，已保留原文，待人工确认。"
                    )
                )


def _read_row(sheet: _Sheet, r: int, area: str, columns: dict[str, int], errors: list[RowProblem]) -> ParsedItem | None:
    item = ParsedItem(area=area, sheet=sheet.title, row=r)
    before = len(errors)

    def problem(name: str, message: str) -> None:
        errors.append(RowProblem(sheet.title, r, get_column_letter(columns[name]), f"{FIELD_LABELS[name]}：{message}"))

    for name in TEXT_FIELDS:
        if name not in columns:
            continue
        value = sheet.cell(r, columns[name])
        limit = TEXT_LIMITS.get(name, 500)
        if len(value) > limit:
            problem(name, f"超过 {limit} 字。")
            continue
        if name == "channels":
            selected, unknown = _channels(value)
            if unknown:
                problem(name, f"无法识别的渠道“{'、'.join(unknown[:5])}”，应为：{'、'.join(CHANNELS[:13])}等。")
            item.channels = selected
        elif name == "stage":
            stage = value.removesuffix("公开")
            if stage and stage not in STAGES:
                problem(name, f"“{value}”不是五公开的环节（决策、执行、管理、服务、结果）。")
            item.stage = stage
        elif name == "deadline":
            item.deadline_text = value
        else:
            setattr(item, name, value)
    for name in FLAG_FIELDS:
        if name not in columns:
            continue
        mark = sheet.cell(r, columns[name])
        if mark in CHECKED_MARKS:
            setattr(item, name, True)
        elif mark not in UNCHECKED_MARKS:
            problem(name, f"应为“√”或留空，实际为“{mark[:20]}”。")
    if not item.level1:
        problem("level1", "为空。")
    if not item.level2:
        problem("level2", "为空（每行须有二级事项）。")
    if not item.proactive and not item.on_request and not item.basis:
        # 负面清单 (不予公开): kept only with the legal ground (条例第十四、十五、十六条).
        problem("basis", "既非主动公开也非依申请公开的事项（负面清单）须写明不予公开的法律依据。")
    return item if len(errors) == before else None
