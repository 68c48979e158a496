"""Writing a 标准目录 workbook in the published layout (the one `importing` reads).

A title row, then two header rows with the group cells merged across their sub-columns and the
single columns merged down both rows; one sheet per area; 一级事项 merged down the rows it
covers; ■/□ channel marks; √ or nothing in the 对象/方式/层级 columns. Optional columns (过程,
村级) appear only when an item uses them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.catalogs.vocab import AREA_LABELS, CHANNELS

# The channels every catalog lists with a box; extra platforms appear only when selected.
STANDARD_CHANNELS = CHANNELS[:13]


@dataclass(frozen=True)
class ExportItem:
    """What the exporter needs of an item (a CatalogItem or an importer's ParsedItem fits)."""

    serial: str
    stage: str
    level1: str
    level2: str
    content: str
    basis: str
    deadline_text: str
    subject: str
    channels: Sequence[str]
    audience_public: bool
    audience_specific: bool
    proactive: bool
    on_request: bool
    county: bool
    township: bool
    village: bool

    @classmethod
    def of(cls, item: Any) -> ExportItem:
        return cls(**{name: getattr(item, name) for name in cls.__dataclass_fields__})


def channel_text(selected: Sequence[str]) -> str:
    names = list(STANDARD_CHANNELS) + [c for c in CHANNELS[13:] if c in selected]
    return " ".join(("■" if name in selected else "□") + name for name in names)


def _columns(items: Sequence[ExportItem]) -> list[tuple[str, str, str]]:
    """(group label, sub label, field) per column; group == sub for a column merged down."""
    cols: list[tuple[str, str, str]] = [("序号", "序号", "serial")]
    if any(i.stage for i in items):
        cols.append(("过程", "过程", "stage"))
    cols += [
        ("公开事项", "一级事项", "level1"),
        ("公开事项", "二级事项", "level2"),
        ("公开内容（要素）", "公开内容（要素）", "content"),
        ("公开依据", "公开依据", "basis"),
        ("公开时限", "公开时限", "deadline_text"),
        ("公开主体", "公开主体", "subject"),
        ("公开渠道和载体", "公开渠道和载体", "channels"),
        ("公开对象", "全社会", "audience_public"),
        ("公开对象", "特定群体", "audience_specific"),
        ("公开方式", "主动", "proactive"),
        ("公开方式", "依申请", "on_request"),
        ("公开层级", "县级", "county"),
        ("公开层级", "乡级", "township"),
    ]
    if any(i.village for i in items):
        cols.append(("公开层级", "村级", "village"))
    return cols


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = {"serial": 6, "stage": 6, "level1": 14, "level2": 16, "content": 36, "basis": 30, "deadline_text": 18}


def write_workbook(org_name: str, areas: Iterable[tuple[str, Sequence[Any]]]) -> bytes:
    """One sheet per (area code, items) in the published layout; returns the .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)
    for area, raw_items in areas:
        items = [ExportItem.of(i) for i in raw_items]
        _write_sheet(book.create_sheet(AREA_LABELS[area][:31]), org_name, area, items)
    if not book.worksheets:
        book.create_sheet("说明").append(["没有可导出的标准目录。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(ws: Any, org_name: str, area: str, items: list[ExportItem]) -> None:
    cols = _columns(items)
    last = get_column_letter(len(cols))
    ws["A1"] = f"{org_name}{AREA_LABELS[area]}领域基层政务公开标准目录"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = _CENTER
    ws.merge_cells(f"A1:{last}1")
    c = 1
    while c <= len(cols):
        group, sub, _ = cols[c - 1]
        span = 1
        while c + span <= len(cols) and cols[c + span - 1][0] == group and group != sub:
            span += 1
        ws.cell(2, c, group)
        if group == sub:
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
        else:
            if span > 1:
                ws.merge_cells(start_row=2, start_column=c, end_row=2, end_column=c + span - 1)
            for k in range(span):
                ws.cell(3, c + k, cols[c + k - 1][1])
        c += span
    for row in ws.iter_rows(min_row=2, max_row=3, max_col=len(cols)):
        for cell in row:
            cell.font, cell.alignment, cell.border = Font(bold=True), _CENTER, _BOX
    first = 4
    for offset, item in enumerate(items):
        r = first + offset
        for k, (_, _, name) in enumerate(cols, start=1):
            value = getattr(item, name)
            if name == "channels":
                value = channel_text(value)
            elif isinstance(value, bool):
                value = "√" if value else ""
            elif name == "serial":
                value = value or str(offset + 1)
            cell = ws.cell(r, k, value)
            cell.border = _BOX
            cell.alignment = _CENTER if isinstance(getattr(item, name), bool) else _WRAP
    # 一级事项 merged down the consecutive rows it covers, as published catalogs print it.
    level1_col = next(k for k, col in enumerate(cols, start=1) if col[2] == "level1")
    start = 0
    for i in range(1, len(items) + 1):
        if i == len(items) or items[i].level1 != items[start].level1:
            if i - start > 1:
                ws.merge_cells(
                    start_row=first + start, start_column=level1_col, end_row=first + i - 1, end_column=level1_col
                )
            start = i
    for k, (_, _, name) in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(k)].width = WIDTHS.get(name, 10)
    ws.freeze_panes = "A4"
