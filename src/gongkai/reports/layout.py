"""The official layout of tables 二, 三 and 四 (国办公开办函〔2021〕30号): merged header cells,
row and column labels verbatim. One layout feeds the HTML page, the DOCX, the PDF and the XLSX.

Pure module: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports.format import (
    APPLICANT_COLUMNS,
    LEGAL_PERSON_KINDS,
    ROW_CARRIED_FORWARD,
    ROW_CARRIED_OVER,
    ROW_DISCLOSED,
    ROW_NEW,
    ROW_PARTLY_DISCLOSED,
    ROW_TOTAL,
    TABLE2_CONTENT_HEADER,
    TABLE3_APPLICANT_HEADER,
    TABLE3_LEGAL_PERSON_HEADER,
    TABLE3_NOTE,
    TABLE3_RESULTS_HEADER,
    TABLE4_LITIGATION_HEADER,
    TABLE4_REVIEW_HEADER,
    TABLE_NAMES,
    TABLE_TITLES,
    FormatSpec,
    spec_for,
)
from gongkai.reports.tables import ReportTables


@dataclass(frozen=True)
class LayoutCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # a label cell (rendered as <th>, bold in DOCX/XLSX)
    key: str = ""  # "row.column" for a figure cell
    scope: str = ""  # for screen readers: "col"/"colgroup" above figures, "row"/"rowgroup" beside them


@dataclass(frozen=True)
class TableLayout:
    key: str  # "table2", "table3", "table4"
    title: str  # e.g. "二、主动公开政府信息情况"
    width: int  # number of grid columns
    rows: tuple[tuple[LayoutCell, ...], ...]

    def placed(self) -> list[tuple[int, int, LayoutCell]]:
        """(grid row, grid column, cell) of every cell, rowspans and colspans expanded."""
        taken: set[tuple[int, int]] = set()
        out: list[tuple[int, int, LayoutCell]] = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return out


_SECTION_NUMBERS = {"table2": "二", "table3": "三", "table4": "四"}


def _title(table: str) -> str:
    return f"{_SECTION_NUMBERS[table]}、{TABLE_TITLES[table]}"


def _h(text: str, rowspan: int = 1, colspan: int = 1, *, row: bool = False) -> LayoutCell:
    scope = ("rowgroup" if rowspan > 1 else "row") if row else ("colgroup" if colspan > 1 else "col")
    return LayoutCell(text, rowspan, colspan, header=True, scope=scope)


def _value(tables: ReportTables, table: str, row: str, column: str) -> str:
    cell = tables.get(table, row, column)
    if cell is None:
        return ""
    return cell.text


def _figure(tables: ReportTables, table: str, row: str, column: str, colspan: int = 1) -> LayoutCell:
    return LayoutCell(_value(tables, table, row, column), colspan=colspan, key=f"{row}.{column}")


def table2_layout(tables: ReportTables, spec: FormatSpec) -> TableLayout:
    width = 1 + max(len(b.columns) for b in spec.table2)
    rows: list[tuple[LayoutCell, ...]] = []
    for block in spec.table2:
        rows.append((_h(block.header, colspan=width),))
        span = (width - 1) // len(block.columns)
        extra = (width - 1) - span * len(block.columns)
        header = [_h(TABLE2_CONTENT_HEADER)]
        for i, col in enumerate(block.columns):
            header.append(_h(col.label, colspan=span + (extra if i == len(block.columns) - 1 else 0)))
        rows.append(tuple(header))
        for row in block.rows:
            cells = [_h(row.label, row=True)]
            for i, col in enumerate(block.columns):
                cs = span + (extra if i == len(block.columns) - 1 else 0)
                cells.append(_figure(tables, "table2", row.key, col.key, colspan=cs))
            rows.append(tuple(cells))
    return TableLayout("table2", _title("table2"), width, tuple(rows))


def table3_layout(tables: ReportTables, spec: FormatSpec) -> TableLayout:
    n = len(APPLICANT_COLUMNS)
    rows: list[tuple[LayoutCell, ...]] = [
        (_h(TABLE3_NOTE, rowspan=3, colspan=3), _h(TABLE3_APPLICANT_HEADER, colspan=n)),
        (
            _h(APPLICANT_COLUMNS[0].label, rowspan=2),
            _h(TABLE3_LEGAL_PERSON_HEADER, colspan=len(LEGAL_PERSON_KINDS)),
            _h(APPLICANT_COLUMNS[-1].label, rowspan=2),
        ),
        tuple(_h(c.label) for c in LEGAL_PERSON_KINDS),
    ]

    def figures(row_key: str) -> tuple[LayoutCell, ...]:
        return tuple(_figure(tables, "table3", row_key, c.key) for c in APPLICANT_COLUMNS)

    result_rows = len(spec.outcome_rows) + 1  # the outcome rows and （七）总计
    rows.append((_h(ROW_NEW.label, colspan=3, row=True), *figures(ROW_NEW.key)))
    rows.append((_h(ROW_CARRIED_OVER.label, colspan=3, row=True), *figures(ROW_CARRIED_OVER.key)))
    first = True
    for top in (ROW_DISCLOSED, ROW_PARTLY_DISCLOSED):
        lead = (_h(TABLE3_RESULTS_HEADER, rowspan=result_rows, row=True),) if first else ()
        first = False
        rows.append((*lead, _h(top.label, colspan=2, row=True), *figures(top.key)))
    for group in spec.table3_groups:
        for i, row in enumerate(group.rows):
            lead_group = (_h(group.label, rowspan=len(group.rows), row=True),) if i == 0 else ()
            rows.append((*lead_group, _h(row.label, row=True), *figures(row.key)))
    grouped = {r.key for g in spec.table3_groups for r in g.rows}
    for row in spec.outcome_rows:
        if row.key not in grouped and row.key not in (ROW_DISCLOSED.key, ROW_PARTLY_DISCLOSED.key):
            rows.append((_h(row.label, colspan=2, row=True), *figures(row.key)))  # 2019: （六）其他处理
    rows.append((_h(ROW_TOTAL.label, colspan=2, row=True), *figures(ROW_TOTAL.key)))
    rows.append((_h(ROW_CARRIED_FORWARD.label, colspan=3, row=True), *figures(ROW_CARRIED_FORWARD.key)))
    return TableLayout("table3", _title("table3"), 3 + n, tuple(rows))


def table4_layout(tables: ReportTables, spec: FormatSpec) -> TableLayout:
    cols = spec.table4_columns
    n = len(cols)
    litigation = spec.table4_groups[1:]
    rows: list[tuple[LayoutCell, ...]] = [
        (_h(TABLE4_REVIEW_HEADER, colspan=n), _h(TABLE4_LITIGATION_HEADER, colspan=n * len(litigation))),
        (*(_h(c.label, rowspan=2) for c in cols), *(_h(g.label, colspan=n) for g in litigation)),
        tuple(_h(c.label) for _ in litigation for c in cols),
        tuple(_figure(tables, "table4", g.key, c.key) for g in spec.table4_groups for c in cols),
    ]
    return TableLayout("table4", _title("table4"), n * len(spec.table4_groups), tuple(rows))


def layouts(tables: ReportTables) -> list[TableLayout]:
    spec = spec_for(tables.format)
    return [table2_layout(tables, spec), table3_layout(tables, spec), table4_layout(tables, spec)]


def table_name(table: str) -> str:
    return TABLE_NAMES[table]
