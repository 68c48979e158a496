"""The rendered report reads back: DOCX with python-docx, PDF by text extraction, XLSX with
openpyxl, and the HTML through the auditor (the same parser supervisors use on portals)."""

import io

import pytest

from gongkai.reports import selectors
from gongkai.reports.audit import audit_text
from gongkai.reports.format import APPLICANT_COLUMNS, SPEC_2021, TABLE3_NOTE
from gongkai.reports.render import Document, render_docx, render_html, render_pdf, render_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(fixture_year):
    tables = selectors.build_tables(fixture_year, 2025)
    prose = selectors.prose_draft(fixture_year, 2025, tables)
    return Document(fixture_year.name, 2025, tables, prose)


def _labels():
    return [r.label for r in SPEC_2021.table3_rows] + [c.label for c in APPLICANT_COLUMNS] + ["第二十条第（一）项"]


def test_html_layout_has_merged_headers_and_reads_back_through_the_auditor(doc):
    html = render_html(doc)
    assert f'<th rowspan="3" colspan="3" scope="colgroup">{TABLE3_NOTE}</th>' in html
    assert '<th rowspan="22" scope="rowgroup">三、本年度办理结果</th>' in html
    assert '<th rowspan="8" scope="rowgroup">（三）不予公开</th>' in html
    assert '<th colspan="5" scope="colgroup">法人或其他组织</th>' in html
    assert '<th scope="row">1.属于国家秘密</th>' in html
    parsed, violations = audit_text(html, source="generated.html")
    assert parsed.tables.format == "2021"
    assert parsed.year == 2025
    assert [v for v in violations if v.is_error] == []
    assert parsed.tables.to_json() == doc.tables.to_json()


def test_docx_reads_back_with_the_verbatim_labels_and_figures(doc):
    from docx import Document as Docx

    document = Docx(io.BytesIO(render_docx(doc)))
    assert len(document.tables) == 3
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for label in _labels():
        assert label in texts, label
    table3 = document.tables[1]
    new_row = next(row for row in table3.rows if row.cells[0].text == "一、本年新收政府信息公开申请数量")
    assert [c.text for c in new_row.cells[3:]] == ["6", "4", "5", "4", "3", "4", "26"]
    # merged cells: the note spans three columns and three rows
    assert table3.cell(0, 0).text == table3.cell(2, 2).text == TABLE3_NOTE
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "一、总体情况" in paragraphs and "本年新收政府信息公开申请26件" in paragraphs


def test_pdf_text_shows_the_tables_with_the_labels(doc):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    for label in (
        "一、本年新收政府信息公开申请数量",
        "三、本年度办理结果",
        "结转下年度继续办理",
        "行政复议",
        "复议后起诉",
    ):
        assert label in text, label
    assert "石城县卫生健康委员会2025年政府信息公开工作年度报告" in text
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts  # the CJK text is embedded as text, not missing glyphs


def test_xlsx_reads_back_with_merged_headers_and_numbers(doc):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_xlsx(doc)))
    assert book.sheetnames == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    sheet = book.worksheets[1]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    r = rows["一、本年新收政府信息公开申请数量"]
    assert [sheet.cell(row=r, column=c).value for c in range(4, 11)] == [6, 4, 5, 4, 3, 4, 26]
    assert "A3:C5" in {str(m) for m in sheet.merged_cells.ranges}
