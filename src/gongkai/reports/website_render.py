"""The published 政府网站工作年度报表 as a spreadsheet (the layout of the 国办函〔2018〕12号 form:
section, item, value, unit), with the org as the document's author."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.reports import website_selectors
from gongkai.reports.models import WebsiteReport


def spreadsheet(report: WebsiteReport) -> bytes:
    """The published statement as one sheet: section, item, value, unit (the layout of the 12号 form)."""
    book = Workbook()
    sheet = book.create_sheet(f"{report.year}年度", 0)
    del book[book.sheetnames[1]]
    sheet.append([f"政府网站工作年度报表（{report.year}年度）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["填报单位", report.org.name])
    sheet.append(["类别", "项目", "数据", "单位"])
    for section in website_selectors.sections_of(report.published_values or {}):
        for row in section.rows:
            value = row.value if row.kind in ("count", "decimal") and row.value is not None else row.text
            sheet.append([section.title, ("其中：" if row.indent else "") + row.label, value, row.unit])
    for column, width in zip("ABCD", (14, 34, 30, 10), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    book.properties.creator = report.org.name
    book.properties.title = f"政府网站工作年度报表（{report.year}年度）"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
