"""Test workbooks in the published 标准目录 layout, built cell by cell with openpyxl (not with
our exporter, so that import is tested against the layout, not against our own writer)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CHANNEL_LINE = (
    "□政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 □政务服务中心 □便民服务站"
    " □入户/现场 □社区/企事业单位/村公示栏（电子屏） □精准推送 □其他"
)


def channels(*selected: str) -> str:
    text = CHANNEL_LINE
    for name in selected:
        text = text.replace(f"□{name} ", f"■{name} ").replace(f"□{name}", f"■{name}")
    return text


@dataclass
class Row:
    level1: str
    level2: str
    deadline: str
    content: str = "名单、标准、依据"
    basis: str = "《中华人民共和国政府信息公开条例》"
    subject: str = "县民政局"
    channels: str = field(default_factory=lambda: channels("政府网站"))
    everyone: str = "√"
    specific: str = ""
    proactive: str = "√"
    on_request: str = ""
    county: str = "√"
    township: str = "√"
    village: str = ""
    stage: str = ""


# Every 公开时限 form of the issue, verbatim from published catalogs (regulations.md §3.4).
ALL_FORMS = [
    Row("政策文件", "部门文件", "信息形成或者变更之日起20个工作日内"),
    Row("财政预决算", "政府预算", "本级人民代表大会或其常务委员会批准后20日内"),
    Row("最低生活保障", "审核信息", "制定或获取信息之日起10个工作日内，公示7个工作日", specific="√", everyone=""),
    Row("最低生活保障", "办事指南", "实时", channels=channels("政府网站", "政务服务中心")),
    Row("最低生活保障", "救助标准", "长期公开"),
    Row("特困人员救助供养", "供养标准", "常态化公开"),
    Row("特困人员救助供养", "资金发放", "每季度结束后15日内"),
    Row("临时救助", "年度统计", "每年3月底前"),
    Row("临时救助", "其他事项", "及时公开"),
    Row(
        "临时救助", "个人隐私信息", "", proactive="", on_request="", basis="《中华人民共和国政府信息公开条例》第十五条"
    ),
]


def build(
    sheets: dict[str, list[Row]],
    *,
    serial: bool = True,
    stage: bool = False,
    village: bool = False,
    title: bool = True,
    drop_header: str = "",
    merge_across: tuple[int, int] | None = None,  # (data row index, number of columns) to merge sideways
    merge_level1: bool = True,
) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        cols: list[tuple[str, str]] = []
        if serial:
            cols.append(("序号", "序号"))
        if stage:
            cols.append(("过程", "过程"))
        cols += [("公开事项", "一级事项"), ("公开事项", "二级事项")]
        cols += [(x, x) for x in ("公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体")]
        cols += [("公开对象", "全社会"), ("公开对象", "特定群体"), ("公开方式", "主动"), ("公开方式", "依申请")]
        cols += [("公开层级", "县级"), ("公开层级", "乡级")] + ([("公开层级", "村级")] if village else [])
        cols = [c for c in cols if drop_header not in c]
        top = 2 if title else 1
        if title:
            ws.cell(1, 1, f"石城县{name}领域基层政务公开标准目录")
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
        c = 1
        while c <= len(cols):
            group, sub = cols[c - 1]
            span = 1
            while c + span <= len(cols) and cols[c + span - 1][0] == group and group != sub:
                span += 1
            ws.cell(top, c, group)
            if group == sub:
                ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
            else:
                ws.merge_cells(start_row=top, start_column=c, end_row=top, end_column=c + span - 1)
                for k in range(span):
                    ws.cell(top + 1, c + k, cols[c + k - 1][1])
            c += span
        first = top + 2
        values = {
            "序号": lambda n, r: n,
            "过程": lambda n, r: r.stage,
            "一级事项": lambda n, r: r.level1,
            "二级事项": lambda n, r: r.level2,
            "公开内容（要素）": lambda n, r: r.content,
            "公开依据": lambda n, r: r.basis,
            "公开时限": lambda n, r: r.deadline,
            "公开主体": lambda n, r: r.subject,
            "公开渠道和载体": lambda n, r: r.channels,
            "全社会": lambda n, r: r.everyone,
            "特定群体": lambda n, r: r.specific,
            "主动": lambda n, r: r.proactive,
            "依申请": lambda n, r: r.on_request,
            "县级": lambda n, r: r.county,
            "乡级": lambda n, r: r.township,
            "村级": lambda n, r: r.village,
        }
        level1_col = next(k for k, col in enumerate(cols, 1) if col[1] == "一级事项")
        for n, row in enumerate(rows, start=1):
            for k, (_, sub) in enumerate(cols, start=1):
                value = values[sub](n, row)
                if sub == "一级事项" and merge_level1 and n > 1 and rows[n - 2].level1 == row.level1:
                    continue  # the merged cell below keeps only the top value, as Excel does
                ws.cell(first + n - 1, k, value or None)
        if merge_level1:
            start = 0
            for i in range(1, len(rows) + 1):
                if i == len(rows) or rows[i].level1 != rows[start].level1:
                    if i - start > 1:
                        ws.merge_cells(
                            start_row=first + start,
                            start_column=level1_col,
                            end_row=first + i - 1,
                            end_column=level1_col,
                        )
                    start = i
        if merge_across is not None:
            index, width = merge_across
            content_col = next(k for k, col in enumerate(cols, 1) if col[1] == "公开内容（要素）")
            left, right = get_column_letter(content_col), get_column_letter(content_col + width - 1)
            ws.merge_cells(f"{left}{first + index}:{right}{first + index}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_row(rows: list[Row], index: int, **changes: str) -> list[Row]:
    copy = list(rows)
    copy[index] = replace(copy[index], **changes)
    return copy
