"""The annual report's arithmetic identities (I1–I7) and the warnings that go with them.

Identities, from /shared/spec §2.5 (国办公开办函〔2021〕30号 and validator practice):

- I1  every applicant column of table 三: 一 + 二 = 三（七）总计 + 四 (the table's own header note)
- I2  every column: 三（七）总计 = the sum of the outcome rows （一）…（六）
- I3  every row of table 三: 总计 = the six applicant columns
- I4  table 四, each of its three groups: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计
- I5  cross-year, every column: last year's 四、结转下年度继续办理 = this year's 二、上年结转
- I6  figures quoted in 一、总体情况 equal the table values
- I7  every cell a non-negative integer, except money amounts (and 2019's 本年增/减)

Plus structural problems ("FORMAT": a table or cells missing, so some identities cannot be
checked) and warnings that do not fail a report: "BLANK" (empty cells, counted as 0) and
"COPIED" (a free-text section largely the same as last year's).

Pure module: takes ReportTables and text, returns Violations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from gongkai.reports.format import (
    APPLICANT_COLUMNS,
    APPLICANT_KINDS,
    SECTIONS,
    TABLE4_PARTS,
    TABLE_KEYS,
    TABLE_NAMES,
    TABLE_TITLES,
    FormatSpec,
    spec_for,
    table3_row_display,
)
from gongkai.reports.prose import MIN_SENTENCES, copied_share, find_figures, has_headings, split_sections
from gongkai.reports.tables import Cell, ReportTables, format_number

Severity = Literal["error", "warning"]

DEFAULT_COPY_THRESHOLD = 0.5

# The identities each table feeds; named in the message when a table cannot be checked.
_IDENTITIES_OF_TABLE = {"table2": ("I7",), "table3": ("I1", "I2", "I3", "I5", "I6", "I7"), "table4": ("I4", "I6", "I7")}


@dataclass(frozen=True)
class CellRef:
    table: str
    row: str
    column: str
    label: str
    cell: Cell | None  # None: the cell is missing from the report

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "label": self.label,
            "value": self.cell.as_json() if self.cell is not None else None,
            "text": self.cell.text if self.cell is not None else None,
            "missing": self.cell is None,
        }


# What a person reads for each check (pages show these; the API and stored JSON keep the codes).
IDENTITY_LABELS: dict[str, str] = {
    "I1": "I1 表三收到与办理、结转勾稽",
    "I2": "I2 表三办理结果合计",
    "I3": "I3 表三申请人类型合计",
    "I4": "I4 表四复议诉讼合计",
    "I5": "I5 上年结转与本年衔接",
    "I6": "I6 总体情况与表格数字一致",
    "I7": "I7 数值为非负整数",
    "FORMAT": "表格结构不完整",
    "BLANK": "空白单元格",
    "COPIED": "与上年内容雷同",
    "PARSE": "无法读取文件",
    "OUTDATED_FORMAT": "使用了旧版表格格式",
}


@dataclass(frozen=True)
class Violation:
    identity: str  # "I1" … "I7", "FORMAT", "BLANK", "COPIED", "PARSE", "OUTDATED_FORMAT"
    severity: Severity
    scope: str  # what the check was about: a column key (I1/I2/I5), a row key (I3), a group (I4) …
    message: str  # for a supervisor, in Chinese
    cells: tuple[CellRef, ...] = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, Any]:
        return {
            "identity": self.identity,
            "severity": self.severity,
            "scope": self.scope,
            "message": self.message,
            "cells": [c.as_dict() for c in self.cells],
        }


class _Checker:
    def __init__(self, report: ReportTables) -> None:
        self.report = report
        self.spec: FormatSpec = spec_for(report.format)
        self.out: list[Violation] = []

    # -- helpers -------------------------------------------------------------------------

    def ref(self, table: str, row: str, column: str) -> CellRef:
        return CellRef(
            table, row, column, self.spec.cell_label(table, row, column), self.report.get(table, row, column)
        )

    def refs(self, table: str, pairs: Iterable[tuple[str, str]]) -> list[CellRef] | None:
        """The cells, or None when any of them is missing (the identity then cannot be checked)."""
        refs = [self.ref(table, r, c) for r, c in pairs]
        return None if any(r.cell is None for r in refs) else refs

    def add(
        self, identity: str, scope: str, message: str, cells: Sequence[CellRef] = (), *, warning: bool = False
    ) -> None:
        self.out.append(Violation(identity, "warning" if warning else "error", scope, message, tuple(cells)))

    # -- structure ---------------------------------------------------------------------

    def check_structure(self) -> None:
        for table in TABLE_KEYS:
            name = f"{TABLE_NAMES[table]}（{TABLE_TITLES[table]}）"
            identities = "、".join(_IDENTITIES_OF_TABLE[table])
            if not self.report.has_table(table):
                self.add("FORMAT", table, f"报告中缺少{name}，无法核对与之相关的勾稽关系（{identities}）。")
                continue
            expected = self.spec.expected_cells(table)
            missing = [(r, c) for r, c in expected if self.report.get(table, r, c) is None]
            if not missing:
                continue
            missing_rows = [
                r
                for r in dict.fromkeys(r for r, _ in missing)
                if all((r, c) in missing for c in self._columns(table, r))
            ]
            partial = [(r, c) for r, c in missing if r not in missing_rows]
            parts = []
            if missing_rows:
                parts.append(
                    f"缺少{len(missing_rows)}行：" + "；".join(self._row_label(table, r) for r in missing_rows)
                )
            if partial:
                parts.append(
                    f"缺少{len(partial)}个单元格：" + "；".join(self.spec.cell_label(table, r, c) for r, c in partial)
                )
            self.add(
                "FORMAT",
                table,
                f"{name}不完整（可能被截断）：{'，'.join(parts)}。涉及这些单元格的勾稽关系未核对。",
                [CellRef(table, r, c, self.spec.cell_label(table, r, c), None) for r, c in missing],
            )

    def _columns(self, table: str, row: str) -> list[str]:
        return [c for r, c in self.spec.expected_cells(table) if r == row]

    def _row_label(self, table: str, row: str) -> str:
        if table == "table3":
            return table3_row_display(self.spec.table3_row(row))
        if table == "table4":
            return next(g.display for g in self.spec.table4_groups if g.key == row)
        found = self.spec.table2_row(row)
        return found.label if found else row

    # -- I1 ------------------------------------------------------------------------------

    def check_i1(self) -> None:
        for col in APPLICANT_COLUMNS:
            refs = self.refs("table3", [(k, col.key) for k in ("new", "carried_over", "total", "carried_forward")])
            if refs is None:
                continue
            new, carried_over, total, carried_forward = refs
            left = _amount(new) + _amount(carried_over)
            right = _amount(total) + _amount(carried_forward)
            if left != right:
                self.add(
                    "I1",
                    col.key,
                    f"{col.label}列：一（新收 {_show(new)}）+ 二（上年结转 {_show(carried_over)}）= {_num(left)}，"
                    f"而 三（七）总计 {_show(total)} + 四（结转下年度 {_show(carried_forward)}）= {_num(right)}",
                    refs,
                )

    # -- I2 ------------------------------------------------------------------------------

    def check_i2(self) -> None:
        outcome_keys = [r.key for r in self.spec.outcome_rows]
        for col in APPLICANT_COLUMNS:
            refs = self.refs("table3", [(k, col.key) for k in (*outcome_keys, "total")])
            if refs is None:
                continue
            by_row = {r.row: r for r in refs}
            parts_sum = sum((_amount(by_row[k]) for k in outcome_keys), Decimal(0))
            total = by_row["total"]
            if parts_sum != _amount(total):
                terms = " + ".join(
                    f"{label} {_num(sum((_amount(by_row[k]) for k in keys), Decimal(0)))}"
                    for _, label, keys in self.spec.outcome_categories
                )
                self.add(
                    "I2",
                    col.key,
                    f"{col.label}列：三（七）总计 {_show(total)}，而 {terms} = {_num(parts_sum)}",
                    refs,
                )

    # -- I3 ------------------------------------------------------------------------------

    def check_i3(self) -> None:
        for row in self.spec.table3_rows:
            refs = self.refs("table3", [(row.key, c.key) for c in APPLICANT_COLUMNS])
            if refs is None:
                continue
            *kinds, total = refs
            kinds_sum = sum((_amount(r) for r in kinds), Decimal(0))
            if kinds_sum != _amount(total):
                terms = " + ".join(f"{c.label} {_show(r)}" for c, r in zip(APPLICANT_KINDS, kinds, strict=True))
                self.add(
                    "I3",
                    row.key,
                    f"{table3_row_display(row)} 行：{terms} = {_num(kinds_sum)}，而 总计 为 {_show(total)}",
                    refs,
                )

    # -- I4 ------------------------------------------------------------------------------

    def check_i4(self) -> None:
        for group in self.spec.table4_groups:
            refs = self.refs("table4", [(group.key, c.key) for c in self.spec.table4_columns])
            if refs is None:
                continue
            *parts, total = refs
            parts_sum = sum((_amount(r) for r in parts), Decimal(0))
            if parts_sum != _amount(total):
                terms = " + ".join(f"{c.label} {_show(r)}" for c, r in zip(TABLE4_PARTS, parts, strict=True))
                self.add(
                    "I4",
                    group.key,
                    f"{group.display}：{terms} = {_num(parts_sum)}，而 总计 为 {_show(total)}",
                    refs,
                )

    # -- I5 ------------------------------------------------------------------------------

    def check_i5(self, previous: ReportTables) -> None:
        previous_spec = spec_for(previous.format)
        for col in APPLICANT_COLUMNS:
            before = previous.get("table3", "carried_forward", col.key)
            now = self.report.get("table3", "carried_over", col.key)
            if before is None or now is None:
                continue
            if _amount_of(before) != _amount_of(now):
                before_ref = CellRef(
                    "table3",
                    "carried_forward",
                    col.key,
                    "上年报告 " + previous_spec.cell_label("table3", "carried_forward", col.key),
                    before,
                )
                now_ref = self.ref("table3", "carried_over", col.key)
                self.add(
                    "I5",
                    col.key,
                    f"{col.label}列：上年报告 四、结转下年度继续办理 为 {before.display()}，"
                    f"而本年 二、上年结转政府信息公开申请数量 为 {now.display()}",
                    [before_ref, now_ref],
                )

    # -- I6 ------------------------------------------------------------------------------

    def check_i6(self, prose: str) -> None:
        overview = split_sections(prose).get("overview", "") if has_headings(prose) else prose
        for figure in find_figures(overview):
            readings = [self._quantity(q) for q in (figure.quantity, *figure.alternatives)]
            known = [r for r in readings if r is not None]
            if not known or any(value == figure.value for value, _ in known):
                continue
            value, refs = known[0]
            described = QUANTITY_LABELS[figure.quantity]
            self.add(
                "I6",
                figure.quantity,
                f"一、总体情况 中“{figure.phrase}”为 {figure.value}，而{described} 为 {_num(value)}",
                refs,
            )

    def _quantity(self, quantity: str) -> tuple[Decimal, list[CellRef]] | None:
        """The table value a prose figure is compared with, and the cells it comes from.

        Where a 总计 cell is blank but the row's applicant cells are filled (a common slip that
        I3 reports), the row's own sum stands in for it, so that one slip is reported once.
        """
        table = "table4" if quantity in ("review", "litigation") else "table3"
        total = Decimal(0)
        cells: list[CellRef] = []
        for row, column in _quantity_cells(self.spec, quantity):
            ref = self.ref(table, row, column)
            if ref.cell is None:
                return None
            if table == "table3" and ref.cell.is_blank:
                kinds = self.refs(table, [(row, c.key) for c in APPLICANT_KINDS])
                if kinds is not None:
                    total += sum((_amount(k) for k in kinds), Decimal(0))
                    cells += kinds
                    continue
            total += _amount(ref)
            cells.append(ref)
        return total, cells

    # -- I7 ------------------------------------------------------------------------------

    def check_i7(self) -> None:
        for table in TABLE_KEYS:
            for row, column, cell in self.report.cells(table):
                if cell.is_blank:
                    continue
                allows_decimal = allows_negative = False
                if table == "table2":
                    col = self.spec.table2_column(row, column) or spec_for("2019").table2_column(row, column)
                    if col is not None:
                        allows_decimal, allows_negative = col.allows_decimal, col.allows_negative
                value = cell.value
                if value is None:
                    problem = "不是数字"
                elif value < 0 and not allows_negative:
                    problem = "是负数"
                elif value != value.to_integral_value() and not allows_decimal:
                    problem = "不是整数"
                else:
                    continue
                expected = "非负数" if allows_decimal else "整数" if allows_negative else "非负整数"
                ref = self.ref(table, row, column)
                self.add(
                    "I7",
                    f"{table}.{row}.{column}",
                    f"{ref.label} 填写为“{cell.text}”，{problem}，应为{expected}",
                    [ref],
                )

    # -- warnings ------------------------------------------------------------------------

    def warn_blanks(self) -> None:
        for table in TABLE_KEYS:
            blanks = [self.ref(table, r, c) for r, c, cell in self.report.cells(table) if cell.is_blank]
            if not blanks:
                continue
            shown = "；".join(b.label for b in blanks[:8]) + ("……" if len(blanks) > 8 else "")
            self.add(
                "BLANK",
                table,
                f"{TABLE_NAMES[table]}有{len(blanks)}个空白单元格（已按 0 核对，应填写 0）：{shown}",
                blanks,
                warning=True,
            )

    def warn_copied(self, prose: str, previous_prose: str, threshold: float) -> None:
        now, before = split_sections(prose), split_sections(previous_prose)
        for section in SECTIONS:
            if not section.free_text or not now.get(section.key) or not before.get(section.key):
                continue
            copied, total = copied_share(now[section.key], before[section.key])
            if total < MIN_SENTENCES or copied / total <= threshold:
                continue
            self.add(
                "COPIED",
                section.key,
                f"{section.heading}：{total}句中有{copied}句（{copied * 100 // total}%）与上年报告相同，"
                "可能存在内容雷同（国办公开办函〔2021〕30号）",
                warning=True,
            )


# What each I6 quantity is in the tables.
QUANTITY_LABELS: dict[str, str] = {
    "new": "表三 一、本年新收政府信息公开申请数量（总计）",
    "received_total": "表三 一、本年新收 与 二、上年结转 之和（总计）",
    "carried_over": "表三 二、上年结转政府信息公开申请数量（总计）",
    "concluded": "表三 三、本年度办理结果（七）总计",
    "carried_forward": "表三 四、结转下年度继续办理（总计）",
    "disclosed": "表三（一）予以公开（总计）",
    "disclosed_and_partly": "表三（一）予以公开 与（二）部分公开 之和（总计）",
    "partly_disclosed": "表三（二）部分公开（总计）",
    "withheld": "表三（三）不予公开各项之和（总计）",
    "unavailable": "表三（四）无法提供各项之和（总计）",
    "not_processed": "表三（五）不予处理各项之和（总计）",
    "other_handling": "表三（六）其他处理（总计）",
    "review": "表四 行政复议总计",
    "litigation": "表四 行政诉讼（未经复议直接起诉、复议后起诉）总计之和",
}


def _quantity_cells(spec: FormatSpec, quantity: str) -> list[tuple[str, str]]:
    simple = {"new": "new", "carried_over": "carried_over", "concluded": "total", "carried_forward": "carried_forward"}
    if quantity in simple:
        return [(simple[quantity], "total")]
    if quantity == "received_total":
        return [("new", "total"), ("carried_over", "total")]
    if quantity == "disclosed_and_partly":
        return [("disclosed", "total"), ("partly_disclosed", "total")]
    if quantity == "review":
        return [("review", "total")]
    if quantity == "litigation":
        return [("litigation_direct", "total"), ("litigation_after_review", "total")]
    keys = next(keys for key, _, keys in spec.outcome_categories if key == quantity)
    return [(k, "total") for k in keys]


def _amount(ref: CellRef) -> Decimal:
    return ref.cell.amount if ref.cell is not None else Decimal(0)


def _amount_of(cell: Cell) -> Decimal:
    return cell.amount


def _show(ref: CellRef) -> str:
    return ref.cell.display() if ref.cell is not None else "缺失"


def _num(value: Decimal) -> str:
    return format_number(value)


_ORDER = {name: i for i, name in enumerate(("FORMAT", "I1", "I2", "I3", "I4", "I5", "I6", "I7"))}


def validate(
    report: ReportTables,
    *,
    previous: ReportTables | None = None,
    prose: str | None = None,
    previous_prose: str | None = None,
    copy_threshold: float = DEFAULT_COPY_THRESHOLD,
) -> list[Violation]:
    """Every failed identity (severity "error") and every warning, errors first.

    `prose` is the report's text (all sections, or only 一、总体情况 when it has no headings);
    `previous` / `previous_prose` are last year's report, for I5 and the copied-text warning.
    Blank cells count as 0 in I1–I4; a cell that is missing (truncated table) makes the
    identities that need it unchecked, and is reported under FORMAT instead.
    """
    checker = _Checker(report)
    steps: list[Callable[[], None]] = [
        checker.check_structure,
        checker.check_i1,
        checker.check_i2,
        checker.check_i3,
        checker.check_i4,
    ]
    if previous is not None:
        steps.append(lambda: checker.check_i5(previous))
    if prose:
        steps.append(lambda: checker.check_i6(prose))
    steps += [checker.check_i7, checker.warn_blanks]
    if prose and previous_prose:
        steps.append(lambda: checker.warn_copied(prose, previous_prose, copy_threshold))
    for step in steps:
        step()
    errors = sorted((v for v in checker.out if v.is_error), key=lambda v: _ORDER.get(v.identity, 99))
    warnings = [v for v in checker.out if not v.is_error]
    return errors + warnings
