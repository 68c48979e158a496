"""A report as XLSX and DOCX, in the 19号 structure: 单项否决 first, then deductions, then each
finding with its evidence; and the trend across quarters."""

from __future__ import annotations

import io

from gongkai.core import officedocs
from gongkai.inspection.models import Inspection
from gongkai.inspection.scoring import VERDICT_LABELS, in_veto_order
from gongkai.inspection.selectors import TrendPoint
from gongkai.inspection.snapshot import KIND_LABELS

DEDUCTION_LABELS = {
    "unreachable": "页面无法访问",
    "broken_link": "链接不可用",
    "stale_column": "栏目更新不及时",
    "stale_column_notice": "通知公告、政策文件类栏目6个月未更新",
    "empty_column": "空白栏目",
}


def _summary(inspection: Inspection) -> list[tuple[str, str]]:
    score = "—（单项否决，不再计分）" if inspection.score is None else f"{inspection.score:g}"
    return [
        ("网站", inspection.site.name),
        ("网址", inspection.site.url or "本平台网站（数据库检查）"),
        ("检查基准日", inspection.as_of.isoformat()),
        ("季度", inspection.quarter),
        ("结论", VERDICT_LABELS.get(inspection.verdict, inspection.verdict)),
        ("得分", score),
        ("检查页面数", str(inspection.pages)),
    ]


def report_xlsx(inspection: Inspection, trend: list[TrendPoint]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet("检查结论", 0)
    book.remove(book.worksheets[1])
    for row in _summary(inspection):
        sheet.append(list(row))
    sheet.append([])
    sheet.append(["单项否决项", "情况"])
    for item, why in in_veto_order(inspection.vetoes).items():
        sheet.append([item, why])
    sheet.append([])
    sheet.append(["扣分项", "扣分"])
    for indicator, points in inspection.deductions.items():
        sheet.append([DEDUCTION_LABELS.get(indicator, indicator), points])
    findings = book.create_sheet("问题清单")
    findings.append(["问题类型", "栏目", "页面", "链接", "说明", "证据"])
    for f in inspection.findings.all():
        seen = str(f.evidence.get("seen") or f.evidence.get("status") or f.evidence.get("latest") or "")
        findings.append([KIND_LABELS.get(f.kind, f.kind), f.column, f.url, f.target, f.detail, seen])
    trend_sheet = book.create_sheet("季度趋势")
    trend_sheet.append(["季度", "检查基准日", "结论", "得分", "问题数", "单项否决"])
    for point in trend:
        trend_sheet.append(
            [
                point.quarter,
                point.as_of,
                VERDICT_LABELS.get(point.verdict, point.verdict),
                point.score,
                point.findings,
                "、".join(point.vetoes),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_docx(inspection: Inspection, trend: list[TrendPoint]) -> bytes:
    title = f"{inspection.site.name} 网站检查报告"
    org = inspection.site.org
    # Written by the office that inspects: the site owner's parent government, else the owner.
    author = org.parent.name if org.parent is not None else org.name
    document = officedocs.new_document(author=author, title=title, body_pt=12)
    officedocs.add_title(document, title)
    for label, value in _summary(inspection):
        document.add_paragraph(f"{label}：{value}")
    document.add_heading("一、单项否决", level=2)
    if inspection.vetoes:
        for item, why in in_veto_order(inspection.vetoes).items():
            document.add_paragraph(f"{item}：{why}", style="List Bullet")
    else:
        document.add_paragraph("无。")
    document.add_heading("二、扣分情况", level=2)
    if inspection.deductions:
        for indicator, points in inspection.deductions.items():
            document.add_paragraph(f"{DEDUCTION_LABELS.get(indicator, indicator)}：扣{points:g}分", style="List Bullet")
    else:
        document.add_paragraph("无。" if inspection.score is not None else "存在单项否决，不再计分。")
    document.add_heading("三、问题清单", level=2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("问题类型", "栏目", "页面", "说明"), strict=True):
        cell.text = text
    for f in inspection.findings.all():
        cells = table.add_row().cells
        for cell, text in zip(
            cells,
            (KIND_LABELS.get(f.kind, f.kind), f.column, f.url + (f"\n→ {f.target}" if f.target else ""), f.detail),
            strict=True,
        ):
            cell.text = text
    document.add_heading("四、季度趋势", level=2)
    for point in trend:
        score = "—" if point.score is None else f"{point.score:g}"
        verdict = VERDICT_LABELS.get(point.verdict, point.verdict)
        line = f"{point.quarter}（{point.as_of}）：{verdict}，得分 {score}，问题 {point.findings} 个"
        document.add_paragraph(line, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
