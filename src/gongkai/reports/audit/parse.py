"""Tables 二、三、四 found in the rows by their labels, the report's year and title, and reading
a file's text in whatever encoding a government site used."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.reports.audit.grid import (
    HTML_HINT,
    Reader,
    ReportUnreadable,
    fit_cells,
    html_rows,
    is_label,
    label_forms,
    text_rows,
)
from gongkai.reports.format import (
    FORMAT_NAMES,
    GROUP_OTHER_2021,
    ROW_CARRIED_OVER,
    ROW_DISCLOSED,
    ROW_NEW,
    SPEC_2019,
    SPEC_2021,
    TABLE2_2019_ONLY_LABELS,
    TABLE2_2021_ONLY_LABELS,
    TABLE3_APPLICANT_HEADER,
    TABLE3_NOTE,
    TABLE3_RESULTS_HEADER,
    TABLE4_REVIEW_HEADER,
    FormatSpec,
    ReportFormat,
    Table2Block,
    spec_for,
)
from gongkai.reports.prose import section_of_heading
from gongkai.reports.tables import Cell, ReportTables
from gongkai.reports.textnorm import label_key, to_simplified
from gongkai.reports.validation import Violation

_T3_ANCHOR_FORMS = label_forms(
    [
        TABLE3_NOTE,
        TABLE3_APPLICANT_HEADER,
        ROW_NEW.label,
        ROW_CARRIED_OVER.label,
        TABLE3_RESULTS_HEADER,
        ROW_DISCLOSED.label,
    ]
)
_T2_ANCHOR_FORMS = label_forms([b.header for b in SPEC_2021.table2] + [b.header for b in SPEC_2019.table2])
_T2_ROW_ANCHOR_FORMS = label_forms(["规章", "行政规范性文件", "规范性文件"])
_T4_REVIEW_FORMS = label_forms([TABLE4_REVIEW_HEADER])
_T4_UPHELD_FORMS = label_forms(["结果维持"])
_T3_2021_ONLY_FORMS = label_forms([r.label for r in GROUP_OTHER_2021.rows[:2]])
_T3_OTHER_FORMS = label_forms([GROUP_OTHER_2021.label])
_T2_2021_FORMS = label_forms(TABLE2_2021_ONLY_LABELS)
_T2_2019_FORMS = label_forms(TABLE2_2019_ONLY_LABELS)


@dataclass
class ParsedReport:
    tables: ReportTables
    prose: str  # the page text outside the tables, one paragraph or heading a line
    title: str | None
    year: int | None
    problems: list[Violation] = field(default_factory=list)  # warnings about the reading itself
    notes: list[str] = field(default_factory=list)


class _TableFinder:
    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.headings = [i for i in range(len(reader.flat)) if section_of_heading(reader.text(i))]

    def anchors(self) -> dict[str, int | None]:
        rd = self.reader
        t3 = min(rd.find_all(_T3_ANCHOR_FORMS), default=None)
        t4 = None
        for i in rd.find_all(_T4_REVIEW_FORMS):
            if rd.find(_T4_UPHELD_FORMS, i + 1, i + 16) is not None:
                t4 = i
                break
        if t4 is None:
            t4 = min(rd.find_all(_T4_UPHELD_FORMS), default=None)
        t2 = min(rd.find_all(_T2_ANCHOR_FORMS), default=None)
        if t2 is None:
            t2 = min(rd.find_all(_T2_ROW_ANCHOR_FORMS), default=None)
        return {"table2": t2, "table3": t3, "table4": t4}

    def end(self, start: int, anchors: dict[str, int | None]) -> int:
        bounds = [a for a in anchors.values() if a is not None and a > start] + [h for h in self.headings if h > start]
        return min(bounds, default=len(self.reader.flat))


def _table2_variant(reader: Reader, start: int, end: int) -> ReportFormat | None:
    new, old = reader.count(_T2_2021_FORMS, start, end), reader.count(_T2_2019_FORMS, start, end)
    if old > new:
        return ReportFormat.F2019
    if new:
        return ReportFormat.F2021
    return None


def _table3_variant(reader: Reader, start: int, end: int) -> ReportFormat | None:
    if reader.count(_T3_2021_ONLY_FORMS, start, end):
        return ReportFormat.F2021
    if reader.count(_T3_OTHER_FORMS, start, end):
        return ReportFormat.F2019  # （六）其他处理 is a row of its own, with no sub-rows
    return None


def _read_table2(reader: Reader, report: ReportTables, blocks: Sequence[Table2Block], start: int, end: int) -> None:
    headers: list[int | None] = []
    pos = start
    for block in blocks:
        found = reader.find(label_forms([block.header]), pos, end)
        headers.append(found)
        if found is not None:
            pos = found + 1
    pos = start
    for b, block in enumerate(blocks):
        header = headers[b]
        block_start = header if header is not None else pos
        later = [h for h in headers[b + 1 :] if h is not None]
        block_end = min(later, default=end)
        search = block_start
        for row in block.rows:
            i = reader.find(label_forms([row.label, *row.aliases]), search, block_end)
            if i is None:
                continue
            where = f"表二 {row.label}"
            for column, text in zip(block.columns, reader.values_after(i, len(block.columns), where), strict=True):
                if text is not None:
                    report.set("table2", row.key, column.key, Cell.parse(text))
            search = i + 1
        pos = max(pos, search)


def _read_table3(reader: Reader, report: ReportTables, spec: FormatSpec, start: int, end: int) -> None:
    report.tables.setdefault("table3", {})
    pos = start
    for row in spec.table3_rows:
        i = reader.find(label_forms([row.label, *row.aliases]), pos, end)
        if i is None:
            continue
        where = f"表三 {row.label}"
        for column, text in zip(
            spec.table3_columns, reader.values_after(i, len(spec.table3_columns), where), strict=True
        ):
            if text is not None:
                report.set("table3", row.key, column.key, Cell.parse(text))
        pos = i + 1


def _read_table4(reader: Reader, report: ReportTables, spec: FormatSpec, start: int, end: int) -> None:
    report.tables.setdefault("table4", {})
    n = len(spec.table4_groups) * len(spec.table4_columns)
    first = None
    for i in range(start, min(end, len(reader.flat))):
        r, _ = reader.flat[i]
        if not any(is_label(label_key(t or "")) for t in reader.rows[r]):  # past the header rows
            first = i
            break
    if first is None:
        return
    r, k = reader.flat[first]
    row = reader.rows[r]
    if len(row) > 1:
        cells, too_wide = fit_cells(row[k:], n)
    else:
        cells, too_wide = reader.cells_below(r, n)
    if too_wide:
        reader.problems.append(
            Violation("PARSE", "warning", "table4", f"表四的数值多于{n}个，只取前{n}个，请人工核对。")
        )
    keys = [(g.key, c.key) for g in spec.table4_groups for c in spec.table4_columns]
    for (group, column), text in zip(keys, cells, strict=True):
        if text is not None:
            report.set("table4", group, column, Cell.parse(text))


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?[^\n。]{0,40}?政府信息公开(?:工作)?年度?报告")


def parse_report(text: str) -> ParsedReport:
    """The tables, prose, title and year of a report given as HTML or plain text."""
    text = to_simplified(text)
    title: str | None = None
    if HTML_HINT.search(text):
        rows, prose, title = html_rows(text)
    else:
        rows, prose = text_rows(text), text
    reader = Reader(rows)
    finder = _TableFinder(reader)
    anchors = finder.anchors()

    report = ReportTables()
    notes: list[str] = []
    problems: list[Violation] = []

    variant3 = variant2 = None
    if anchors["table3"] is not None:
        start = anchors["table3"]
        variant3 = _table3_variant(reader, start, finder.end(start, anchors))
    if anchors["table2"] is not None:
        start = anchors["table2"]
        variant2 = _table2_variant(reader, start, finder.end(start, anchors))
    report.format = variant3 or variant2 or ReportFormat.F2021
    if variant2 and variant3 and variant2 != variant3:
        problems.append(
            Violation(
                "PARSE",
                "warning",
                "format",
                f"表二使用{FORMAT_NAMES[variant2]}，而表三使用{FORMAT_NAMES[variant3]}，两表格式不一致。",
            )
        )
    spec = spec_for(report.format)

    if anchors["table2"] is not None:
        start = anchors["table2"]
        blocks = spec_for(variant2 or report.format).table2
        report.tables.setdefault("table2", {})
        _read_table2(reader, report, blocks, start, finder.end(start, anchors))
    if anchors["table3"] is not None:
        start = anchors["table3"]
        _read_table3(reader, report, spec, start, finder.end(start, anchors))
    if anchors["table4"] is not None:
        start = anchors["table4"]
        _read_table4(reader, report, spec, start, finder.end(start, anchors))

    head = unicodedata.normalize("NFKC", "\n".join(filter(None, [title, prose[:3000]])))
    year_match = _YEAR.search(head)
    year = int(year_match.group(1)) if year_match else None
    if report.format == ReportFormat.F2019:
        notes.append(
            f"本报告使用{FORMAT_NAMES[ReportFormat.F2019]}：表三（六）其他处理为单独一行，表二为试行格式的栏目。"
            "已按该格式核对适用的勾稽关系（I1–I4、I6、I7；表二只核对I7）。"
        )
        if year is not None and year >= 2021:
            problems.append(
                Violation(
                    "OUTDATED_FORMAT",
                    "warning",
                    "format",
                    f"这是{year}年度报告，应使用{FORMAT_NAMES[ReportFormat.F2021]}，而不是2019年试行格式。",
                )
            )
    problems.extend(reader.problems)
    return ParsedReport(report, prose, title, year, problems, notes)


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------

_MAGIC = (
    (b"%PDF", "这是PDF文件。请将报告另存为HTML或文本（或复制网页上的报告全文）后再核对。"),
    (b"PK\x03\x04", "这是Word（.docx）、Excel或压缩包文件。请将报告另存为HTML或文本后再核对。"),
    (b"\xd0\xcf\x11\xe0", "这是旧版Word（.doc）或Excel（.xls）文件。请将报告另存为HTML或文本后再核对。"),
)


def read_text(path: str | Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or GB18030 (which covers GBK and GB2312)."""
    file = Path(path)
    if not file.exists():
        raise ReportUnreadable(f"找不到文件：{file}", code="report_file_not_found")
    if not file.is_file():
        raise ReportUnreadable(f"不是文件：{file}", code="report_file_not_found")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ReportUnreadable(f"无法读取文件 {file}：{exc.strerror or exc}", code="report_file_unreadable") from exc
    if not data.strip():
        raise ReportUnreadable(f"文件是空的：{file}", code="report_empty")
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise ReportUnreadable(message, code="report_not_text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ReportUnreadable("这不是文本或网页文件（含有二进制内容），无法作为年度报告读取。", code="report_not_text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportUnreadable("无法识别文件编码：只支持UTF-8和GB18030（GBK、GB2312）编码的文件。", code="report_encoding")
