"""The audit itself: parse, refuse what is not a report, validate the identities, and the
CLI's text rendering of the result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.reports.audit.grid import ReportUnreadable
from gongkai.reports.audit.parse import ParsedReport, parse_report, read_text
from gongkai.reports.format import (
    FORMAT_NAMES,
    TABLE_NAMES,
    TABLE_TITLES,
)
from gongkai.reports.prose import has_headings
from gongkai.reports.validation import DEFAULT_COPY_THRESHOLD, Violation, validate


def _require_tables(parsed: ParsedReport, source: str) -> None:
    """Refuse a file from which neither table 三 nor table 四 can be read: nothing to audit."""
    if parsed.tables.has_table("table3") or parsed.tables.has_table("table4"):
        return
    missing = "、".join(
        f"{TABLE_NAMES[t]}“{TABLE_TITLES[t]}”" for t in ("table2", "table3", "table4") if not parsed.tables.has_table(t)
    )
    if not has_headings(parsed.prose) and "政府信息公开" not in parsed.prose and not parsed.tables.has_table("table2"):
        raise ReportUnreadable(
            f"{source} 不像是政府信息公开工作年度报告：没有找到“一、总体情况”等章节，也没有找到{missing}。",
            code="report_not_a_report",
        )
    raise ReportUnreadable(
        f"{source} 中没有读出可核对的表格：未找到{missing}，无法核对勾稽关系。"
        "请确认文件是完整的年度报告（表格未被截断或保存为图片）。",
        code="report_no_tables",
    )


@dataclass
class AuditResult:
    path: str
    parsed: ParsedReport
    violations: list[Violation]  # errors and warnings, errors first
    previous_path: str | None = None

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.is_error]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if not v.is_error]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "format": self.parsed.tables.format.value,
            "year": self.parsed.year,
            "previous": self.previous_path,
            "tables": self.parsed.tables.to_json(),
            "violations": [v.as_dict() for v in self.errors],
            "warnings": [v.as_dict() for v in self.warnings],
            "notes": self.parsed.notes,
        }


def audit_text(
    text: str,
    *,
    source: str = "报告",
    previous: ParsedReport | None = None,
    copy_threshold: float = DEFAULT_COPY_THRESHOLD,
) -> tuple[ParsedReport, list[Violation]]:
    parsed = parse_report(text)
    _require_tables(parsed, source)
    found = validate(
        parsed.tables,
        previous=previous.tables if previous else None,
        prose=parsed.prose,
        previous_prose=previous.prose if previous else None,
        copy_threshold=copy_threshold,
    )
    errors = [v for v in found if v.is_error]
    warnings = [v for v in found if not v.is_error]
    return parsed, errors + parsed.problems + warnings


def audit_file(
    path: str | Path,
    *,
    previous_path: str | Path | None = None,
    copy_threshold: float = DEFAULT_COPY_THRESHOLD,
) -> AuditResult:
    """Audit one published report file; `previous_path` is last year's, for I5 and copied text."""
    previous = None
    if previous_path is not None:
        previous = parse_report(read_text(previous_path))
        _require_tables(previous, f"上年报告 {previous_path}")
    parsed, violations = audit_text(read_text(path), source=str(path), previous=previous, copy_threshold=copy_threshold)
    return AuditResult(str(path), parsed, violations, str(previous_path) if previous_path is not None else None)


# --------------------------------------------------------------------------------------------
# Human-readable output
# --------------------------------------------------------------------------------------------


_MAX_CELLS_SHOWN = 8


def render_text(result: AuditResult) -> str:
    parsed = result.parsed
    lines = [f"文件：{result.path}"]
    if parsed.year:
        lines.append(f"报告年度：{parsed.year}")
    lines.append(f"格式：{FORMAT_NAMES[parsed.tables.format]}")
    found = "，".join(
        f"{TABLE_NAMES[t]}{'已读取' if parsed.tables.has_table(t) else '未找到'}"
        for t in ("table2", "table3", "table4")
    )
    lines.append(f"表格：{found}")
    if result.previous_path:
        lines.append(f"上年报告：{result.previous_path}")
    lines += [f"说明：{note}" for note in parsed.notes]
    errors, warnings = result.errors, result.warnings
    lines.append("")
    if errors:
        lines.append(f"发现 {len(errors)} 处问题：")
        for v in errors:
            lines.append(f"[{v.identity}] {v.message}")
            involved = [c for c in v.cells if v.identity != "FORMAT"]
            hidden = 0
            if len(involved) > _MAX_CELLS_SHOWN:  # the JSON output lists them all
                shown = [c for c in involved if c.cell is None or c.cell.amount != 0 or c.row == "total"]
                hidden, involved = len(involved) - len(shown), shown
            if involved:
                lines.append(
                    "    单元格："
                    + "；".join(f"{c.label} = {c.cell.display() if c.cell else '缺失'}" for c in involved)
                    + (f"（另有{hidden}个单元格为0或空白）" if hidden else "")
                )
    else:
        lines.append("所有勾稽关系均成立。")
    if warnings:
        lines.append("")
        lines.append(f"提示（{len(warnings)} 条，不影响结论）：")
        lines += [f"[{v.identity}] {v.message}" for v in warnings]
    lines.append("")
    lines.append("结论：未通过" if errors else "结论：通过")
    return "\n".join(lines)
