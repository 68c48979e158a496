"""The 通报 of a published score sheet: DOCX (python-docx) and XLSX (openpyxl)."""

from __future__ import annotations

import io

from gongkai.core import officedocs
from gongkai.supervision.models import Interview, ScoreSheet
from gongkai.supervision.overview import Overview
from gongkai.supervision.selectors import RankRow, ranking


def _columns(sheet: ScoreSheet) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for code, name in sheet.scores.order_by("indicator_code").values_list("indicator_code", "indicator_name"):
        seen.setdefault(code, name)
    return sorted(seen.items(), key=lambda kv: (kv[0] == "加减分", kv[0]))


def _title(sheet: ScoreSheet) -> str:
    return f"关于{sheet.scheme.year}年度政务公开工作考核结果的通报"


def notice_docx(sheet: ScoreSheet, interviews: list[Interview] | None = None) -> bytes:
    rows: list[RankRow] = ranking(sheet)
    columns = _columns(sheet)
    scheme = sheet.scheme
    doc = officedocs.new_document(author=scheme.org.name, title=_title(sheet))
    officedocs.add_title(doc, _title(sheet))
    doc.add_paragraph(
        f"根据《{scheme.title}》，{scheme.org.name}对{len(rows)}个单位{scheme.year}年度政务公开工作进行了考核，"
        f"现将结果通报如下（{sheet.published_on or sheet.computed_on:%Y年%m月%d日}发布）。"
    )
    table = doc.add_table(rows=1, cols=3 + len(columns))
    table.style = "Table Grid"
    header = table.rows[0].cells
    for i, text in enumerate(["名次", "单位", *[name for _, name in columns], "总分"]):
        header[i].text = text
    for row in rows:
        cells = table.add_row().cells
        values = [str(row.rank), row.org.name, *[str(row.scores.get(code, "—")) for code, _ in columns], str(row.total)]
        for i, text in enumerate(values):
            cells[i].text = text
    if rows:
        top = "、".join(r.org.name for r in rows if r.rank <= 3)
        doc.add_paragraph(f"考核排名前列的单位：{top}。希望各单位对照考核指标查漏补缺，抓好整改落实。")
    if interviews:
        doc.add_paragraph(
            "对工作落实不到位的单位进行了约谈："
            + "；".join(f"{i.unit.name}（{i.held_on:%m月%d日}）" for i in interviews)
            + "。"
        )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def notice_xlsx(sheet: ScoreSheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = ranking(sheet)
    columns = _columns(sheet)
    book = Workbook()
    ws = book.active
    assert ws is not None  # noqa: S101 — a new workbook always has its first sheet
    ws.title = "考核结果"
    ws.append([_title(sheet)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["名次", "单位", *[f"{code} {name}" for code, name in columns], "总分"])
    for row in rows:
        ws.append(
            [
                row.rank,
                row.org.name,
                *[float(row.scores[c]) if c in row.scores else None for c, _ in columns],
                float(row.total),
            ]
        )
    detail = book.create_sheet("计分依据")
    detail.append(["单位", "指标", "分值", "得分", "取值", "计分说明", "依据"])
    for s in sheet.scores.select_related("org").order_by("org__path", "indicator_code"):
        evidence = "；".join(str(e.get("label", "")) for e in s.evidence[:50])
        detail.append(
            [s.org.name, s.indicator_name, float(s.weight), float(s.points), s.value, s.explanation, evidence]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def overview_xlsx(overview: Overview) -> bytes:
    """The office overview as a workbook: one sheet of rates per unit, one of items per month."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    rates = book.create_sheet("各单位指标", 0)
    del book[book.sheetnames[1]]
    rates.append([f"{overview.org.name} {overview.year}年政务公开工作概览"])
    rates["A1"].font = Font(bold=True, size=14)
    keys = list(overview.labels)
    header = ["单位"]
    for key in keys:
        header += [f"{overview.labels[key]}（%）", "达标数", "总数"]
    rates.append(header)
    for row in overview.units:
        cells: list[object] = [row.org.name]
        for key in keys:
            figure = row.figures[key]
            cells += [
                float(figure.percent) if figure.percent is not None else "无记录",
                figure.numerator,
                figure.denominator,
            ]
        rates.append(cells)
    rates.column_dimensions["A"].width = 28
    months = book.create_sheet("每月公开信息数")
    months.append(["月份", "公开信息（条）"])
    for number, count in enumerate(overview.months, start=1):
        months.append([f"{overview.year}年{number}月", count])
    book.properties.creator = overview.org.name
    book.properties.title = f"{overview.org.name} {overview.year}年政务公开工作概览"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
