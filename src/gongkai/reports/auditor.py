"""Read an annual report as published on a government site and check its identities.

Supervisors audit reports they did not produce, so the input is whatever the portal shows:

(a) HTML, the tables as <table> with rowspan/colspan, empty cells (&nbsp;), labels broken by
    <br> or split over <p>/<span>, sometimes inside a layout table;
(b) page text with one table row per line, cells separated by "|", tabs or runs of spaces;
(c) page text with one cell per line (an empty line is an empty cell).

Every source becomes the same thing: a list of rows of cell texts in reading order (for HTML,
the rows of the expanded span grid, each cell once, None where the grid has a hole). Tables and
their rows are then found by their labels, compared through `textnorm.label_key` (no ordinals,
brackets, punctuation or spaces; traditional characters converted), and a row's figures are the
cells after its label: the rest of its line (a, b) or the following lines (c).

Exit codes of the CLI follow `AuditResult.exit_code`: 0 every identity holds, 1 any fails
(including a truncated table), 2 the file is not a readable report (`ReportUnreadable`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from gongkai.core.errors import ValidationFailed
from gongkai.reports.format import (
    FORMAT_NAMES,
    GROUP_OTHER_2021,
    ROW_CARRIED_OVER,
    ROW_DISCLOSED,
    ROW_NEW,
    SECTIONS,
    SPEC_2019,
    SPEC_2021,
    TABLE2_2019_ONLY_LABELS,
    TABLE2_2021_ONLY_LABELS,
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
    ReportFormat,
    Table2Block,
    spec_for,
)
from gongkai.reports.prose import has_headings, section_of_heading
from gongkai.reports.tables import Cell, ReportTables, parse_number
from gongkai.reports.textnorm import label_key, to_simplified
from gongkai.reports.validation import DEFAULT_COPY_THRESHOLD, Violation, validate


class ReportUnreadable(ValidationFailed):
    """The file is not an annual report the auditor can read (CLI exit status 2)."""

    default_code = "report_unreadable"
    default_message = "无法读取该年度报告。"


# --------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------


def _all_labels() -> list[str]:
    labels: list[str] = [s.title for s in SECTIONS] + [a for s in SECTIONS for a in s.aliases]
    for spec in (SPEC_2021, SPEC_2019):
        for block in spec.table2:
            labels.append(block.header)
            labels += [r.label for r in block.rows] + [a for r in block.rows for a in r.aliases]
            labels += [c.label for c in block.columns] + [a for c in block.columns for a in c.aliases]
        labels += [r.label for r in spec.table3_rows] + [a for r in spec.table3_rows for a in r.aliases]
        labels += [g.label for g in spec.table3_groups]
        labels += [c.label for c in spec.table3_columns]
        labels += [g.label for g in spec.table4_groups] + [c.label for c in spec.table4_columns]
    labels += [
        TABLE2_CONTENT_HEADER,
        TABLE3_NOTE,
        TABLE3_APPLICANT_HEADER,
        TABLE3_LEGAL_PERSON_HEADER,
        TABLE3_RESULTS_HEADER,
        TABLE4_REVIEW_HEADER,
        TABLE4_LITIGATION_HEADER,
    ]
    return labels


_LABEL_KEYS: frozenset[str] = frozenset(label_key(label) for label in _all_labels())
_LONG = 12  # a label this long may be matched by a cut-short prefix of it


def _forms(labels: Iterable[str]) -> frozenset[str]:
    return frozenset(label_key(label) for label in labels)


def _matches(key: str, forms: frozenset[str]) -> bool:
    if not key:
        return False
    if key in forms:
        return True
    # A long label cut short ("1.申请人无正当理由逾期不补正" for the full row 21 label). Not the
    # other way round: a sentence of prose may well start with a label's words.
    return len(key) >= 8 and any(len(f) >= _LONG and f.startswith(key) for f in forms)


def _is_label(key: str) -> bool:
    return _matches(key, _LABEL_KEYS)


# --------------------------------------------------------------------------------------------
# Source → rows of cells
# --------------------------------------------------------------------------------------------

Row = list[str | None]

_HTML_HINT = re.compile(r"<\s*(?:html|body|table|tr|td|p|div|br|span)\b", re.IGNORECASE)
_BLOCK_TAGS = [
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "tr", "td", "th", "table", "section", "article", "header", "footer", "blockquote", "pre",
    "center", "title",
]  # fmt: skip
_MARK = "\ue000"  # private-use character: a placeholder for a leaf table in the page text
_SPACES = "[ \t\u3000\xa0]"


def _span(value: Any) -> int:
    try:
        span = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(span, 1), 100)  # rowspan="0" and absurd spans read as 1 / 100


def _cell_text(cell: Tag) -> str:
    return re.sub(r"\s+", " ", cell.get_text("").replace("\xa0", " ")).strip()


def _grid_rows(table: Tag) -> list[Row]:
    """The table's rows from its expanded span grid: each cell once, in the row it starts in.

    A grid position no cell covers (a row with fewer cells than the table is wide) becomes
    None, so that a short row reads as missing cells rather than shifting its neighbours.
    """
    trs = table.find_all("tr")
    occupied: dict[tuple[int, int], int] = {}
    cells: list[tuple[int, str]] = []
    for r, tr in enumerate(trs):
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in occupied:
                c += 1
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            cell_id = len(cells)
            cells.append((r, _cell_text(td)))
            for dr in range(min(rowspan, len(trs) - r)):
                for dc in range(colspan):
                    occupied[(r + dr, c + dc)] = cell_id
            c += colspan
    width = max((c for _, c in occupied), default=-1) + 1
    rows: list[Row] = []
    for r in range(len(trs)):
        out: Row = []
        seen: set[int] = set()
        for c in range(width):
            slot = occupied.get((r, c))
            if slot is None:
                out.append(None)
                continue
            origin, text = cells[slot]
            if origin != r or slot in seen:
                continue
            seen.add(slot)
            out.append(text)
        if any(t is not None for t in out):
            rows.append(out)
    return rows


def _html_rows(html: str) -> tuple[list[Row], str, str | None]:
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    grids: list[list[Row]] = []
    for table in soup.find_all("table"):
        if table.find("table") is not None:
            continue  # a layout table around the report: its cells are read as page text
        grids.append(_grid_rows(table))
        table.replace_with(NavigableString(f"\n{_MARK}{len(grids) - 1}{_MARK}\n"))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.append("\n")
    rows: list[Row] = []
    prose: list[str] = []
    for line in soup.get_text().splitlines():
        stripped = re.sub(f"^{_SPACES}+|{_SPACES}+$", "", line)
        marker = re.fullmatch(f"{_MARK}(\\d+){_MARK}", stripped)
        if marker:
            rows.extend(grids[int(marker.group(1))])
        elif stripped:
            rows.append([stripped])
            prose.append(stripped)
    return rows, "\n".join(prose), title


_RULE = re.compile(r"[|｜+:：\-—=\s]*[-—=]{3,}[|｜+:：\-—=\s]*")


def _text_rows(text: str) -> list[Row]:
    rows: list[Row] = []
    for raw in text.splitlines():
        line = re.sub("^[ \u3000\xa0\r]+|[ \u3000\xa0\r]+$", "", raw)
        if not line.strip():
            rows.append([""])
            continue
        if _RULE.fullmatch(line):
            continue  # a drawn table border: |---|---| or +-----+
        if "|" in line or "｜" in line:
            cells = re.split("[|｜]", line)
            if line[0] in "|｜":
                cells = cells[1:]
            if line[-1] in "|｜":
                cells = cells[:-1]
            cells = [c.strip(" \t\u3000\xa0") for c in cells]
        else:
            cells = line.split("\t") if "\t" in line else re.split("(?: {2,}|\u3000+)", line)
            cells = [c.strip(" \t\u3000\xa0") for c in cells]
            non_empty = [c for c in cells if c]
            # Leading tabs or spaces are indentation; trailing empty cells are blank figures.
            if len(non_empty) <= 1 and not (non_empty and cells[-1] == "" and cells[0] != ""):
                cells = non_empty or [""]
        rows.append(list(cells))
    return rows


# --------------------------------------------------------------------------------------------
# Rows → tables
# --------------------------------------------------------------------------------------------


def _blankish(token: str | None) -> bool:
    return token is None or Cell.parse(token).is_blank


def _fit(values: Sequence[str | None], n: int) -> tuple[list[str | None], bool]:
    """Exactly n cells: surplus blanks at either end dropped, missing cells as None.

    Returns the cells and whether non-blank cells had to be dropped (a row too wide).
    """
    cells = list(values)
    while len(cells) > n and _blankish(cells[0]):
        cells.pop(0)
    while len(cells) > n and _blankish(cells[-1]):
        cells.pop()
    too_wide = len(cells) > n
    cells = cells[:n]
    return cells + [None] * (n - len(cells)), too_wide


class _Reader:
    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.flat: list[tuple[int, int]] = [(r, k) for r, row in enumerate(rows) for k in range(len(row))]
        self.keys: list[str] = [label_key(rows[r][k] or "") for r, k in self.flat]
        self.problems: list[Violation] = []

    def text(self, i: int) -> str:
        r, k = self.flat[i]
        return self.rows[r][k] or ""

    def find(self, forms: frozenset[str], start: int, end: int) -> int | None:
        for i in range(max(start, 0), min(end, len(self.flat))):
            if _matches(self.keys[i], forms):
                return i
        return None

    def find_all(self, forms: frozenset[str]) -> list[int]:
        return [i for i, key in enumerate(self.keys) if _matches(key, forms)]

    def count(self, forms: frozenset[str], start: int, end: int) -> int:
        return sum(1 for i in range(start, min(end, len(self.flat))) if _matches(self.keys[i], forms))

    def values_after(self, i: int, n: int, where: str) -> list[str | None]:
        """The n cells that follow the label at flat index i."""
        r, k = self.flat[i]
        row = self.rows[r]
        if k < len(row) - 1:  # the label's own line holds the cells
            cells, too_wide = _fit(row[k + 1 :], n)
        else:
            cells, too_wide = self.cells_below(r + 1, n)
        if too_wide:
            self.problems.append(
                Violation("PARSE", "warning", where, f"{where}：该行的数值多于{n}个，只取前{n}个，请人工核对。")
            )
        return cells

    def cells_below(self, first_row: int, n: int) -> tuple[list[str | None], bool]:
        """One cell per line: the lines below, up to the next label, a multi-cell line or prose."""
        gathered: list[str] = []
        for r in range(first_row, min(len(self.rows), first_row + 2 * n + 2)):
            row = self.rows[r]
            if len(row) != 1:
                break
            token = row[0] or ""
            key = label_key(token)
            if _is_label(key) or section_of_heading(token):
                break
            if token and parse_number(token) is None and len(token) > 12:
                break  # a sentence of prose: the table has ended
            gathered.append(token)
        for candidate in (gathered, _lstrip_blank(gathered)):
            if len(candidate) >= n and all(not t for t in candidate[n:]):
                return list(candidate[:n]), False
        filled = [t for t in gathered if t]
        cells: list[str | None] = list(filled[:n])
        return cells + [None] * (n - len(cells)), len(filled) > n


def _lstrip_blank(tokens: list[str]) -> list[str]:
    i = 0
    while i < len(tokens) and not tokens[i]:
        i += 1
    return tokens[i:]


_T3_ANCHOR_FORMS = _forms(
    [
        TABLE3_NOTE,
        TABLE3_APPLICANT_HEADER,
        ROW_NEW.label,
        ROW_CARRIED_OVER.label,
        TABLE3_RESULTS_HEADER,
        ROW_DISCLOSED.label,
    ]
)
_T2_ANCHOR_FORMS = _forms([b.header for b in SPEC_2021.table2] + [b.header for b in SPEC_2019.table2])
_T2_ROW_ANCHOR_FORMS = _forms(["规章", "行政规范性文件", "规范性文件"])
_T4_REVIEW_FORMS = _forms([TABLE4_REVIEW_HEADER])
_T4_UPHELD_FORMS = _forms(["结果维持"])
_T3_2021_ONLY_FORMS = _forms([r.label for r in GROUP_OTHER_2021.rows[:2]])
_T3_OTHER_FORMS = _forms([GROUP_OTHER_2021.label])
_T2_2021_FORMS = _forms(TABLE2_2021_ONLY_LABELS)
_T2_2019_FORMS = _forms(TABLE2_2019_ONLY_LABELS)


@dataclass
class ParsedReport:
    tables: ReportTables
    prose: str  # the page text outside the tables, one paragraph or heading a line
    title: str | None
    year: int | None
    problems: list[Violation] = field(default_factory=list)  # warnings about the reading itself
    notes: list[str] = field(default_factory=list)


class _TableFinder:
    def __init__(self, reader: _Reader) -> None:
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


def _table2_variant(reader: _Reader, start: int, end: int) -> ReportFormat | None:
    new, old = reader.count(_T2_2021_FORMS, start, end), reader.count(_T2_2019_FORMS, start, end)
    if old > new:
        return ReportFormat.F2019
    if new:
        return ReportFormat.F2021
    return None


def _table3_variant(reader: _Reader, start: int, end: int) -> ReportFormat | None:
    if reader.count(_T3_2021_ONLY_FORMS, start, end):
        return ReportFormat.F2021
    if reader.count(_T3_OTHER_FORMS, start, end):
        return ReportFormat.F2019  # （六）其他处理 is a row of its own, with no sub-rows
    return None


def _read_table2(reader: _Reader, report: ReportTables, blocks: Sequence[Table2Block], start: int, end: int) -> None:
    headers: list[int | None] = []
    pos = start
    for block in blocks:
        found = reader.find(_forms([block.header]), pos, end)
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
            i = reader.find(_forms([row.label, *row.aliases]), search, block_end)
            if i is None:
                continue
            where = f"表二 {row.label}"
            for column, text in zip(block.columns, reader.values_after(i, len(block.columns), where), strict=True):
                if text is not None:
                    report.set("table2", row.key, column.key, Cell.parse(text))
            search = i + 1
        pos = max(pos, search)


def _read_table3(reader: _Reader, report: ReportTables, spec: FormatSpec, start: int, end: int) -> None:
    report.tables.setdefault("table3", {})
    pos = start
    for row in spec.table3_rows:
        i = reader.find(_forms([row.label, *row.aliases]), pos, end)
        if i is None:
            continue
        where = f"表三 {row.label}"
        for column, text in zip(
            spec.table3_columns, reader.values_after(i, len(spec.table3_columns), where), strict=True
        ):
            if text is not None:
                report.set("table3", row.key, column.key, Cell.parse(text))
        pos = i + 1


def _read_table4(reader: _Reader, report: ReportTables, spec: FormatSpec, start: int, end: int) -> None:
    report.tables.setdefault("table4", {})
    n = len(spec.table4_groups) * len(spec.table4_columns)
    first = None
    for i in range(start, min(end, len(reader.flat))):
        r, _ = reader.flat[i]
        if not any(_is_label(label_key(t or "")) for t in reader.rows[r]):  # past the header rows
            first = i
            break
    if first is None:
        return
    r, k = reader.flat[first]
    row = reader.rows[r]
    if len(row) > 1:
        cells, too_wide = _fit(row[k:], n)
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
    if _HTML_HINT.search(text):
        rows, prose, title = _html_rows(text)
    else:
        rows, prose = _text_rows(text), text
    reader = _Reader(rows)
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
