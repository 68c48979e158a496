"""The figures of one annual report: tables 二, 三 and 四 as cells keyed by row and column.

A cell keeps the text it was written with as well as its number, because the checks need both:
a blank cell counts as 0 but is flagged, "2.5" is a number but not a count, "十二" is not a
number at all. A cell that is absent (a truncated table) is simply not in the mapping.

Pure module: no ORM, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.reports.format import TABLE_KEYS, ReportFormat

# What real reports put in a cell that has nothing to report. They are read as blank.
_BLANK_PLACEHOLDERS = frozenset({"", "-", "--", "—", "——", "－", "/", "\\", "无", "空"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# A unit some reports write after the figure ("251000元", "3件"); the unit does not change the check.
_UNIT_SUFFIX = re.compile(r"(?:万元|元|件|项|个|起)$")

CellInput = int | Decimal | float | str | None


@dataclass(frozen=True)
class Cell:
    text: str  # as found, whitespace-trimmed; "" when the cell is empty
    value: Decimal | None  # the number, or None when blank or not a number

    @classmethod
    def parse(cls, text: str | None) -> Cell:
        raw = (text or "").replace("\xa0", " ").strip()
        return cls(raw, parse_number(raw))

    @classmethod
    def of(cls, value: CellInput) -> Cell:
        """A cell from a program value: numbers as they are, strings parsed, None blank."""
        if value is None:
            return cls("", None)
        if isinstance(value, bool):  # bool is an int; it is never a figure
            raise TypeError("a report cell cannot be a bool")
        if isinstance(value, int | Decimal):
            return cls(str(value), Decimal(value))
        if isinstance(value, float):
            return cls(repr(value), Decimal(repr(value)))
        return cls.parse(value)

    @property
    def is_blank(self) -> bool:
        return _compact(self.text) in _BLANK_PLACEHOLDERS

    @property
    def is_number(self) -> bool:
        return self.value is not None

    @property
    def amount(self) -> Decimal:
        """The figure used in the sums: blank and non-numeric cells count as 0."""
        return self.value if self.value is not None else Decimal(0)

    def display(self) -> str:
        if self.is_blank:
            return "0（空白）"
        if self.value is None:
            return f"“{self.text}”"
        return format_number(self.value)

    def as_json(self) -> int | float | str | None:
        if self.is_blank:
            return None
        if self.value is None:
            return self.text
        if self.value == self.value.to_integral_value():
            return int(self.value)
        return float(self.value)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip()


def parse_number(text: str) -> Decimal | None:
    """The number a cell holds, tolerant of full-width digits, thousands separators and units."""
    compact = _compact(text).replace(",", "").replace("，", "")
    if compact in _BLANK_PLACEHOLDERS:
        return None
    compact = _UNIT_SUFFIX.sub("", compact)
    if not _NUMBER.fullmatch(compact):
        return None
    try:
        return Decimal(compact)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None


def format_number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


Grid = dict[str, dict[str, Cell]]


@dataclass
class ReportTables:
    """The figures of one report. tables[table][row key][column key] -> Cell.

    Table keys: "table2", "table3", "table4". Table 四 uses its group as the row key
    ("review", "litigation_direct", "litigation_after_review") and upheld/corrected/other/
    pending/total as the column key, so "review.upheld" is tables["table4"]["review"]["upheld"].
    A table that was not found is absent from `tables`.
    """

    format: ReportFormat = ReportFormat.F2021
    tables: dict[str, Grid] = field(default_factory=dict)

    @classmethod
    def from_values(
        cls,
        *,
        format: ReportFormat | str = ReportFormat.F2021,
        table2: Mapping[str, Mapping[str, CellInput]] | None = None,
        table3: Mapping[str, Mapping[str, CellInput]] | None = None,
        table4: Mapping[str, Mapping[str, CellInput]] | None = None,
    ) -> ReportTables:
        report = cls(format=ReportFormat(format))
        for key, grid in (("table2", table2), ("table3", table3), ("table4", table4)):
            if grid is None:
                continue
            report.tables[key] = {row: {col: Cell.of(v) for col, v in cols.items()} for row, cols in grid.items()}
        return report

    def has_table(self, table: str) -> bool:
        return table in self.tables

    def get(self, table: str, row: str, column: str) -> Cell | None:
        return self.tables.get(table, {}).get(row, {}).get(column)

    def set(self, table: str, row: str, column: str, value: CellInput | Cell) -> None:
        cell = value if isinstance(value, Cell) else Cell.of(value)
        self.tables.setdefault(table, {}).setdefault(row, {})[column] = cell

    def cells(self, table: str) -> list[tuple[str, str, Cell]]:
        return [(r, c, cell) for r, cols in self.tables.get(table, {}).items() for c, cell in cols.items()]

    def to_json(self) -> dict[str, Any]:
        return {
            table: {
                row: {col: cell.as_json() for col, cell in cols.items()} for row, cols in self.tables[table].items()
            }
            for table in TABLE_KEYS
            if table in self.tables
        }
