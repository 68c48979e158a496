"""Any source (HTML, text with one row a line, text with one cell a line) as rows of cell texts,
and the reader that finds labels and figures in them (see the package docstring)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from gongkai.core.errors import ValidationFailed
from gongkai.reports.format import (
    SECTIONS,
    SPEC_2019,
    SPEC_2021,
    TABLE2_CONTENT_HEADER,
    TABLE3_APPLICANT_HEADER,
    TABLE3_LEGAL_PERSON_HEADER,
    TABLE3_NOTE,
    TABLE3_RESULTS_HEADER,
    TABLE4_LITIGATION_HEADER,
    TABLE4_REVIEW_HEADER,
)
from gongkai.reports.prose import section_of_heading
from gongkai.reports.tables import Cell, parse_number
from gongkai.reports.textnorm import label_key
from gongkai.reports.validation import Violation


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


def label_forms(labels: Iterable[str]) -> frozenset[str]:
    return frozenset(label_key(label) for label in labels)


def _matches(key: str, forms: frozenset[str]) -> bool:
    if not key:
        return False
    if key in forms:
        return True
    # A long label cut short ("1.申请人无正当理由逾期不补正" for the full row 21 label). Not the
    # other way round: a sentence of prose may well start with a label's words.
    return len(key) >= 8 and any(len(f) >= _LONG and f.startswith(key) for f in forms)


def is_label(key: str) -> bool:
    return _matches(key, _LABEL_KEYS)


# --------------------------------------------------------------------------------------------
# Source → rows of cells
# --------------------------------------------------------------------------------------------

Row = list[str | None]

HTML_HINT = re.compile(r"<\s*(?:html|body|table|tr|td|p|div|br|span)\b", re.IGNORECASE)
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


def html_rows(html: str) -> tuple[list[Row], str, str | None]:
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


def text_rows(text: str) -> list[Row]:
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


def fit_cells(values: Sequence[str | None], n: int) -> tuple[list[str | None], bool]:
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


class Reader:
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
            cells, too_wide = fit_cells(row[k + 1 :], n)
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
            if is_label(key) or section_of_heading(token):
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
