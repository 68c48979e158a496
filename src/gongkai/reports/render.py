"""An annual report as a file a clerk can file: HTML, PDF (WeasyPrint), DOCX (python-docx) and
XLSX (openpyxl), all from one layout (gongkai.reports.layout) with the verbatim labels."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from gongkai.core import officedocs
from gongkai.reports.format import REPORT_TITLE_SUFFIX, SECTIONS_BY_KEY
from gongkai.reports.layout import TableLayout, layouts
from gongkai.reports.tables import ReportTables

# The CJK fonts installed by scripts/services.sh (fonts-noto-cjk), as in the foi letters.
# GB/T 9704 fonts, government PCs' names first, Noto CJK as the fallback (core/officedocs.py).
CJK_FONTS = officedocs.BODY_FONTS_CSS
TITLE_FONTS = officedocs.TITLE_FONTS_CSS


@dataclass(frozen=True)
class Document:
    org_name: str
    year: int
    tables: ReportTables
    prose: dict[str, str]
    version: Any = None  # a ReportVersion, for the correction note

    @property
    def title(self) -> str:
        return f"{self.org_name}{self.year}年{REPORT_TITLE_SUFFIX}"

    def sections(self, keys: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            {
                "heading": SECTIONS_BY_KEY[key].heading,
                "lines": [line.strip() for line in (self.prose.get(key) or "").splitlines() if line.strip()],
            }
            for key in keys
        ]


def context(doc: Document) -> dict[str, Any]:
    return {
        "title": doc.title,
        "version": doc.version,
        "before": doc.sections(("overview",)),
        "after": doc.sections(("problems", "other")),
        "layouts": layouts(doc.tables),
        "fonts": CJK_FONTS,
        "title_fonts": TITLE_FONTS,
    }


def render_html(doc: Document) -> str:
    return render_to_string("reports/document.html", context(doc))


def render_pdf(doc: Document) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs ~0.5 s

    return bytes(HTML(string=render_html(doc)).write_pdf())


def _docx_table(document: Any, layout: TableLayout) -> None:
    from docx.shared import Pt

    table = document.add_table(rows=len(layout.rows), cols=layout.width)
    table.style = "Table Grid"
    # The grid is read once: table.cell(r, c) rebuilds it on every call (seconds for table 三).
    grid = [list(row.cells) for row in table.rows]
    for r, c, cell in layout.placed():
        target = grid[r][c]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(grid[r + cell.rowspan - 1][c + cell.colspan - 1])
        target.text = cell.text
        for para in target.paragraphs:
            for run in para.runs:
                run.font.size = Pt(8)
                run.bold = cell.header and cell.colspan > 2


def render_docx(doc: Document) -> bytes:
    from docx.shared import Pt

    # GB/T 9704 page and fonts (小四 body: the statistics tables must fit the type area); the
    # organisation as author and the real creation time in the document's properties.
    document = officedocs.new_document(author=doc.org_name, title=doc.title, body_pt=12)
    officedocs.add_title(document, doc.title)
    if doc.version is not None and doc.version.number > 1:
        document.add_paragraph(f"（第{doc.version.number}版更正：{doc.version.change_note}）")

    def sections(keys: tuple[str, ...]) -> None:
        for section in doc.sections(keys):
            document.add_heading(section["heading"], level=2)
            for line in section["lines"]:
                para = document.add_paragraph(line)
                para.paragraph_format.first_line_indent = Pt(24)

    sections(("overview",))
    for layout in layouts(doc.tables):
        document.add_heading(layout.title, level=2)
        _docx_table(document, layout)
    sections(("problems", "other"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_xlsx(doc: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    book.remove(book.worksheets[0])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for layout in layouts(doc.tables):
        sheet = book.create_sheet(layout.title[:31])
        sheet.cell(row=1, column=1, value=f"{doc.title} {layout.title}").font = Font(bold=True)
        for r, c, cell in layout.placed():
            row, col = r + 3, c + 1
            target = sheet.cell(row=row, column=col)
            number = doc.tables.get(layout.key, *cell.key.split(".")) if cell.key else None
            value: Any = cell.text
            if number is not None and number.value is not None:
                value = int(number.value) if number.value == number.value.to_integral_value() else float(number.value)
            target.value = value
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            target.border = border
            if cell.header:
                target.font = Font(bold=cell.colspan > 2)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row, start_column=col, end_row=row + cell.rowspan - 1, end_column=col + cell.colspan - 1
                )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
