"""Generator of the sample reports in ./reports/, in the shapes real portals publish.

Each sample is a fictional county office's annual report built from table data, rendered as
(a) government-CMS HTML (nested <p>/<span>, &nbsp; in empty cells, <br> inside long labels,
rowspan/colspan as in the official template), (b) page text with one row per line and "|"
between cells, tabs, or runs of spaces, or (c) one cell per line. Violations are planted by
editing the data before rendering; `expected` is the exact set of (identity, scope) the
auditor must report.

Regenerate the files with:  uv run python -m gongkai.reports.tests.samples
(test_samples.py fails when the committed files and this generator disagree.)
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from gongkai.reports.format import (
    APPLICANT_COLUMNS,
    APPLICANT_KINDS,
    SPEC_2019,
    SPEC_2021,
    TABLE3_APPLICANT_HEADER,
    TABLE3_LEGAL_PERSON_HEADER,
    TABLE3_NOTE,
    TABLE3_RESULTS_HEADER,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    FormatSpec,
)

SAMPLES_DIR = Path(__file__).parent / "reports"

Value = int | str | None  # str: written as is ("2.5", "-1", "0.35"); None: an empty cell
Grid = dict[str, dict[str, Value]]


# --------------------------------------------------------------------------------------------
# Table data
# --------------------------------------------------------------------------------------------

_KINDS = [c.key for c in APPLICANT_KINDS]


def _row(*values: int) -> dict[str, Value]:
    return dict(zip(_KINDS, values, strict=True))


def _complete_table3(
    outcomes: dict[str, dict[str, Value]],
    carried_over: dict[str, Value],
    carried_forward: dict[str, Value],
    spec: FormatSpec,
) -> Grid:
    """Table 三 with 总计, （七）总计 and 一 computed so that I1–I3 hold."""
    grid: Grid = {"carried_over": dict(carried_over)}
    for row in spec.outcome_rows:
        grid[row.key] = dict(outcomes.get(row.key, _row(0, 0, 0, 0, 0, 0)))
    grid["total"] = {k: sum(int(grid[r.key][k] or 0) for r in spec.outcome_rows) for k in _KINDS}
    grid["carried_forward"] = dict(carried_forward)
    grid["new"] = {
        k: int(grid["total"][k] or 0) + int(carried_forward[k] or 0) - int(carried_over[k] or 0) for k in _KINDS
    }
    for key in grid:
        grid[key]["total"] = sum(int(grid[key][k] or 0) for k in _KINDS)
    return {r.key: grid[r.key] for r in spec.table3_rows}


def _table4(
    review: tuple[int, int, int, int], direct: tuple[int, int, int, int], after: tuple[int, int, int, int]
) -> Grid:
    grid: Grid = {}
    for group, parts in zip(
        ("review", "litigation_direct", "litigation_after_review"), (review, direct, after), strict=True
    ):
        grid[group] = dict(zip(("upheld", "corrected", "other", "pending"), parts, strict=True))
        grid[group]["total"] = sum(parts)
    return grid


@dataclass
class ReportData:
    year: int
    org: str
    spec: FormatSpec
    table2: Grid
    table3: Grid
    table4: Grid
    problems: list[str]
    other_matters: list[str]
    # I6 planting: the figure the prose quotes instead of the table's, by quantity
    prose_override: dict[str, int] = field(default_factory=dict)
    chinese_numerals: bool = False
    narrative: int = 0  # which wording of the fixed paragraphs (each year's report is written anew)
    # "standard": 4 grid columns; "wide": 5 columns whose spans differ between header and value
    # rows, as exported by some CMS editors.
    table2_layout: str = "standard"

    def copy(self) -> ReportData:
        return copy.deepcopy(self)


def _total(grid: Grid, row: str) -> int:
    """The row's 总计, or the sum of its parts where the report left 总计 blank."""
    total = grid[row]["total"]
    if total is None:
        return sum(int(v or 0) for k, v in grid[row].items() if k != "total")
    return int(total)


PROBLEMS_2022 = [
    "一是政策解读形式较为单一，图表、音视频等多样化解读占比不高，解读的针对性和可读性有待提升。",
    "二是部分乡镇政务公开专栏更新不够及时，基层政务公开标准化规范化水平参差不齐。",
    "三是依申请公开答复文书的说理性仍需加强，个别答复对法律依据的引用不够准确。",
    "2023年，我办将丰富解读形式，推行图文、动漫、短视频等解读方式，提高政策解读的传播效果。",
    "同时加强对乡镇和县直部门的业务指导，每季度开展一次专栏内容检查并通报结果。",
    "组织依申请公开答复文书专题培训，建立答复文书法制审核机制，提升依法答复水平。",
]
PROBLEMS_2021 = [
    "一是主动公开的深度和广度还需进一步拓展，重点领域信息公开不够全面。",
    "二是政务公开工作人员业务能力有待提升，部分单位人员调整频繁，工作衔接不够顺畅。",
    "三是政府网站栏目设置需进一步优化，信息检索的便捷程度还不高。",
    "2022年，我办将围绕重点领域持续拓展公开内容，及时公开群众关注的各类信息。",
    "加大业务培训力度，建立政务公开工作人员常态化培训机制。",
    "优化政府门户网站信息公开专栏，完善站内搜索功能，提升用户体验。",
]


def base_2022() -> ReportData:
    outcomes = {
        "disclosed": _row(15, 2, 0, 1, 1, 0),
        "partly_disclosed": _row(4, 1, 0, 0, 0, 0),
        "withheld_state_secret": _row(1, 0, 0, 0, 0, 0),
        "withheld_third_party": _row(2, 0, 0, 0, 0, 0),
        "withheld_internal_affairs": _row(1, 0, 0, 0, 0, 0),
        "withheld_process_info": _row(1, 1, 0, 0, 0, 0),
        "withheld_inquiry_matter": _row(2, 0, 0, 0, 0, 0),
        "unavailable_not_held": _row(8, 1, 0, 0, 1, 0),
        "unavailable_needs_creation": _row(2, 0, 0, 0, 0, 0),
        "unavailable_unclear_after_correction": _row(1, 0, 0, 0, 0, 0),
        "not_processed_petition": _row(2, 0, 0, 0, 0, 0),
        "not_processed_repeated": _row(1, 1, 0, 0, 0, 0),
        "other_no_correction": _row(1, 0, 0, 0, 0, 0),
        "other_reason": _row(1, 0, 0, 0, 0, 1),
    }
    table3 = _complete_table3(outcomes, _row(3, 1, 0, 0, 0, 0), _row(2, 0, 0, 0, 1, 0), SPEC_2021)
    table2: Grid = {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 6, "repealed": 2, "in_force": 38},
        "licensing": {"decisions": 1268},
        "punishment": {"decisions": 215},
        "coercion": {"decisions": 12},
        "fees": {"fee_amount": "0.35"},
    }
    return ReportData(
        year=2022,
        org="清河县人民政府办公室",
        spec=SPEC_2021,
        table2=table2,
        table3=table3,
        table4=_table4((1, 1, 0, 1), (1, 0, 0, 1), (0, 0, 0, 1)),
        problems=list(PROBLEMS_2022),
        other_matters=["本机关2022年度未收取信息处理费。", "无其他需要报告的事项。"],
    )


def previous_2021() -> ReportData:
    """Last year's report of the same office; its carried-forward row is 2022's carried-over row."""
    outcomes = {
        "disclosed": _row(14, 3, 0, 0, 1, 0),
        "partly_disclosed": _row(3, 0, 0, 0, 0, 0),
        "withheld_third_party": _row(1, 0, 0, 0, 0, 0),
        "withheld_process_info": _row(2, 0, 0, 0, 0, 0),
        "unavailable_not_held": _row(6, 1, 0, 0, 0, 0),
        "unavailable_needs_creation": _row(1, 0, 0, 0, 0, 0),
        "not_processed_petition": _row(3, 0, 0, 0, 0, 0),
        "other_reason": _row(1, 0, 0, 0, 0, 0),
    }
    table3 = _complete_table3(outcomes, _row(2, 0, 0, 0, 0, 0), _row(3, 1, 0, 0, 0, 0), SPEC_2021)
    table2: Grid = {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 5, "repealed": 1, "in_force": 34},
        "licensing": {"decisions": 1107},
        "punishment": {"decisions": 198},
        "coercion": {"decisions": 9},
        "fees": {"fee_amount": 0},
    }
    return ReportData(
        year=2021,
        org="清河县人民政府办公室",
        spec=SPEC_2021,
        table2=table2,
        table3=table3,
        table4=_table4((1, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)),
        problems=list(PROBLEMS_2021),
        other_matters=["本机关2021年度未收取信息处理费。"],
        chinese_numerals=True,
        narrative=1,
    )


def base_2020_format2019() -> ReportData:
    outcomes = {
        "disclosed": _row(21, 3, 0, 0, 1, 0),
        "partly_disclosed": _row(2, 0, 0, 0, 0, 0),
        "withheld_process_info": _row(1, 0, 0, 0, 0, 0),
        "unavailable_not_held": _row(9, 2, 0, 0, 0, 0),
        "not_processed_petition": _row(4, 0, 0, 0, 0, 0),
        "not_processed_repeated": _row(1, 0, 0, 0, 0, 0),
        "other_handling": _row(2, 0, 0, 0, 0, 1),
    }
    table3 = _complete_table3(outcomes, _row(1, 0, 0, 0, 0, 0), _row(3, 0, 0, 0, 0, 0), SPEC_2019)
    table2: Grid = {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": 7, "new_published": 7, "total_published": 41},
        "licensing": {"previous_count": 128, "change": "+6", "decisions": 1322},
        "other_services": {"previous_count": 35, "change": "-2", "decisions": 410},
        "punishment": {"previous_count": 64, "change": "0", "decisions": 187},
        "coercion": {"previous_count": 11, "change": "-1", "decisions": 8},
        "fees": {"previous_count": 4, "change": "0"},
        "procurement": {"procurement_count": 23, "procurement_amount": "486.5"},
    }
    return ReportData(
        year=2020,
        org="白石镇人民政府",
        spec=SPEC_2019,
        table2=table2,
        table3=table3,
        table4=_table4((0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0)),
        problems=[
            "一是镇政务公开专栏内容更新频率不高，部分栏目信息不够全面。",
            "二是村（居）务公开与政务公开衔接不够紧密，群众获取信息的渠道有待拓展。",
            "下一步，我镇将落实专人负责专栏维护，建立信息发布台账，按月检查更新情况。",
            "推动村务公开栏与镇政务公开专栏同步更新，方便群众就近查阅。",
        ],
        other_matters=["本机关2020年度未收取信息处理费。"],
    )


# --------------------------------------------------------------------------------------------
# Document: prose and abstract tables
# --------------------------------------------------------------------------------------------

_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def overview(data: ReportData) -> list[str]:
    t3, t4 = data.table3, data.table4
    figures = {
        "new": _total(t3, "new"),
        "carried_over": _total(t3, "carried_over"),
        "concluded": _total(t3, "total"),
        "carried_forward": _total(t3, "carried_forward"),
        "disclosed": _total(t3, "disclosed"),
        "partly_disclosed": _total(t3, "partly_disclosed"),
        "review": _total(t4, "review"),
        "litigation": _total(t4, "litigation_direct") + _total(t4, "litigation_after_review"),
    }
    figures.update(data.prose_override)

    def n(key: str) -> str:
        return _chinese(figures[key]) if data.chinese_numerals else str(figures[key])

    natural = int(t3["new"]["natural_person"] or 0)
    legal = _total(t3, "new") - natural
    if figures["review"] == 0 and figures["litigation"] == 0:
        supervision = "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    else:
        supervision = f"全年因政府信息公开工作被申请行政复议{n('review')}件，被提起行政诉讼{n('litigation')}件。"
    applications = (
        f"全年共收到政府信息公开申请{n('new')}件，上年结转{n('carried_over')}件，"
        f"其中自然人申请{natural}件，法人或其他组织申请{legal}件。"
        f"全年办结政府信息公开申请{n('concluded')}件，其中予以公开{n('disclosed')}件，部分公开{n('partly_disclosed')}件，"
        f"结转下年度继续办理{n('carried_forward')}件。所有申请均在法定期限内答复。"
    )
    if data.narrative == 1:
        return [
            f"{data.year}年，{data.org}在县委、县政府的坚强领导下，认真落实上级关于政务公开工作的部署要求，"
            "不断加大政府信息公开力度，切实保障人民群众的知情权、参与权、表达权和监督权。",
            "（一）主动公开",
            "围绕优化营商环境、乡村振兴、民生保障等重点工作，通过政府网站、政务微信公众号等渠道及时发布政策信息。",
            "（二）依申请公开",
            applications,
            "（三）政府信息管理",
            "建立健全政府信息公开属性源头认定机制，公文在拟制时即明确公开属性，从源头上规范政府信息管理。",
            "（四）政府信息公开平台建设",
            "完成政府网站集约化迁移，统一信息公开专栏的栏目设置和页面样式，方便公众查阅。",
            "（五）监督保障",
            f"成立政务公开工作领导小组，明确分管领导和具体工作人员。{supervision}",
        ]
    return [
        f"{data.year}年，{data.org}深入贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），"
        "围绕中心工作，以公开促落实、以公开促规范、以公开促服务，政府信息公开工作取得新成效。",
        "（一）主动公开",
        "全年通过政府门户网站主动公开政府信息1,562条，其中政策文件46件、政策解读21篇，"
        "及时发布财政预决算、重大建设项目、公共资源配置等重点领域信息。",
        "（二）依申请公开",
        applications,
        "（三）政府信息管理",
        "严格落实“先审后发”和“一事一审”要求，对拟公开的政府信息进行保密审查，"
        "对现行有效的行政规范性文件进行集中清理并公布清理结果。",
        "（四）政府信息公开平台建设",
        "持续优化政府门户网站信息公开专栏，规范设置法定主动公开内容栏目，完善站内检索功能，做好政务新媒体日常监管。",
        "（五）监督保障",
        f"将政务公开工作纳入年度绩效考核，定期开展专栏检查并通报。{supervision}"
        "未发生因政府信息公开工作引发的责任追究情况。",
    ]


@dataclass
class TCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    label: bool = False  # a label cell (left-aligned in the real template), not a figure


TRow = list[TCell]


def _v(value: Value) -> TCell:
    return TCell("" if value is None else str(value))


def table2_rows(data: ReportData) -> list[TRow]:
    width = 4 if data.table2_layout == "standard" else 5
    rows: list[TRow] = []
    for block in data.spec.table2:
        rows.append([TCell(block.header, colspan=width, label=True)])
        # Columns share the value cells between them, as in the official template.
        spans = _spans(len(block.columns), width - 1)
        value_spans = spans
        if data.table2_layout == "wide" and len(block.columns) == 3:
            spans, value_spans = [1, 2, 1], ([1, 2, 1] if block.key == "item1" else [2, 1, 1])
        rows.append(
            [TCell("信息内容", label=True)]
            + [TCell(c.label, colspan=s, label=True) for c, s in zip(block.columns, spans, strict=True)]
        )
        for row in block.rows:
            values = data.table2[row.key]
            rows.append(
                [TCell(row.label, label=True)]
                + [
                    TCell(_v(values.get(c.key)).text, colspan=s)
                    for c, s in zip(block.columns, value_spans, strict=True)
                ]
            )
    return rows


def _spans(n: int, width: int) -> list[int]:
    base = [width // n] * n
    base[-1] += width - sum(base)
    return base


def table3_rows(data: ReportData) -> list[TRow]:
    spec = data.spec
    rows: list[TRow] = [
        [TCell(TABLE3_NOTE, colspan=3, rowspan=3, label=True), TCell(TABLE3_APPLICANT_HEADER, colspan=7, label=True)],
        [
            TCell("自然人", rowspan=2, label=True),
            TCell(TABLE3_LEGAL_PERSON_HEADER, colspan=5, label=True),
            TCell("总计", rowspan=2, label=True),
        ],
        [TCell(c.label, label=True) for c in APPLICANT_COLUMNS[1:6]],
    ]

    def values(key: str) -> list[TCell]:
        return [_v(data.table3[key].get(c.key)) for c in APPLICANT_COLUMNS]

    groups = {g.key: g for g in spec.table3_groups}
    results_span = len(spec.outcome_rows) + 1
    seen_groups: set[str] = set()
    first_result = True
    for row in spec.table3_rows:
        cells: TRow = []
        if row.key in ("new", "carried_over", "carried_forward"):
            cells.append(TCell(row.label, colspan=3, label=True))
        else:
            if first_result:
                cells.append(TCell(TABLE3_RESULTS_HEADER, rowspan=results_span, label=True))
                first_result = False
            if row.group and row.group not in seen_groups:
                seen_groups.add(row.group)
                cells.append(TCell(groups[row.group].label, rowspan=len(groups[row.group].rows), label=True))
            cells.append(TCell(row.label, colspan=1 if row.group else 2, label=True))
        rows.append(cells + values(row.key))
    return rows


def table4_rows(data: ReportData) -> list[TRow]:
    rows: list[TRow] = [
        [TCell("行政复议", colspan=5, label=True), TCell("行政诉讼", colspan=10, label=True)],
        [TCell(c.label, rowspan=2, label=True) for c in TABLE4_COLUMNS]
        + [TCell(g.label, colspan=5, label=True) for g in TABLE4_GROUPS[1:]],
        [TCell(c.label, label=True) for _ in TABLE4_GROUPS[1:] for c in TABLE4_COLUMNS],
        [_v(data.table4[g.key][c.key]) for g in TABLE4_GROUPS for c in TABLE4_COLUMNS],
    ]
    return rows


@dataclass
class Document:
    title: str
    preamble: list[str]
    blocks: list[tuple[str, list[str] | list[TRow]]]  # ("heading" | "para" | "table", content)


def document(data: ReportData) -> Document:
    title = f"{data.org}{data.year}年政府信息公开工作年度报告"
    preamble = [
        f"本报告依据《中华人民共和国政府信息公开条例》和{FORMAT_SOURCE[data.spec.format]}要求编制。"
        f"报告中所列数据的统计期限自{data.year}年1月1日起至{data.year}年12月31日止。",
    ]
    blocks: list[tuple[str, list[str] | list[TRow]]] = [
        ("heading", ["一、总体情况"]),
        ("para", overview(data)),
        ("heading", ["二、主动公开政府信息情况"]),
        ("table", table2_rows(data)),
        ("heading", ["三、收到和处理政府信息公开申请情况"]),
        ("table", table3_rows(data)),
        ("heading", ["四、政府信息公开行政复议、行政诉讼情况"]),
        ("table", table4_rows(data)),
        (
            "heading",
            [
                "五、存在的主要问题及改进情况"
                if data.spec is SPEC_2021
                else "五、政府信息公开工作存在的主要问题及改进情况"
            ],
        ),
        ("para", data.problems),
        ("heading", ["六、其他需要报告的事项"]),
        ("para", data.other_matters),
    ]
    return Document(title, preamble, blocks)


FORMAT_SOURCE = {
    SPEC_2021.format: "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉"
    "的通知》（国办公开办函〔2021〕30号）",
    SPEC_2019.format: "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
    "（国办公开办函〔2019〕60号）",
}


# --------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------

_BR_LABELS = {
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": (
        "（二）部分公开<br />（区分处理的，只计这一情形，不计其他情形）"
    ),
    "本年新制作数量": "本年新<br />制作数量",
    "本年新公开数量": "本年新<br />公开数量",
}


_INDENT = "text-indent:2em;"
_BODY_FONT = "font-family:仿宋_GB2312;"
_TABLE_ATTRS = 'align="center" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;"'


def render_html(doc: Document, *, charset: str = "utf-8", layout_table: bool = False) -> str:
    out = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">',
        "<html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />',
        f"<title>{html.escape(doc.title)}</title>",
        '<script type="text/javascript">var _hmt = _hmt || [];</script>',
        "</head><body>",
        '<div class="top-nav"><a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 政府信息公开年报</div>',
    ]
    if layout_table:
        out.append('<table width="100%" border="0" cellpadding="0" cellspacing="0"><tr><td class="bt_content">')
    out.append(f'<div class="article-title"><h1>{html.escape(doc.title)}</h1></div>')
    out.append('<div class="article-content" id="zoom">')
    for text in doc.preamble:
        out.append(f'<p style="{_INDENT}"><span style="{_BODY_FONT}font-size:16px;">{html.escape(text)}</span></p>')
    for kind, content in doc.blocks:
        if kind == "heading":
            heading = html.escape(str(content[0]))
            out.append(f'<p style="{_INDENT}"><strong><span style="font-family:黑体;">{heading}</span></strong></p>')
        elif kind == "para":
            for paragraph in content:
                assert isinstance(paragraph, str)
                out.append(f'<p style="{_INDENT}"><span style="{_BODY_FONT}">{html.escape(paragraph)}</span></p>')
        else:
            out.append(f"<table {_TABLE_ATTRS}><tbody>")
            for row in content:
                assert isinstance(row, list)
                out.append("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>")
            out.append("</tbody></table>")
    out.append("</div>")
    if layout_table:
        out.append("</td></tr></table>")
    out.append('<div class="footer"><p>主办单位：清河县人民政府办公室　网站标识码：0000000000</p></div>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _html_cell(cell: TCell) -> str:
    attrs = ' nowrap="nowrap"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.label:
        inner = _BR_LABELS.get(cell.text, html.escape(cell.text))
        return (
            f'<td{attrs} style="width:137px;"><p><span style="font-family:宋体;font-size:12px;">{inner}</span></p></td>'
        )
    inner = html.escape(cell.text) if cell.text else "&nbsp;"
    return f'<td{attrs} style="width:38px;"><p align="center"><span style="font-size:12px;">{inner}</span></p></td>'


def render_text(doc: Document, *, layout: str, markdown_rules: bool = False) -> str:
    """Page text. layout: "pipe" | "tabs" | "spaces" (one row per line) or "cells" (one cell per line)."""
    out = [doc.title, "", *doc.preamble, ""]
    for kind, content in doc.blocks:
        if kind in ("heading", "para"):
            out += [str(text) for text in content]
            continue
        for i, row in enumerate(content):
            assert isinstance(row, list)
            texts = [c.text for c in row]
            if layout == "cells":
                out += texts
            elif layout == "pipe":
                out.append("| " + " | ".join(texts) + " |")
                if markdown_rules and i == 0:
                    out.append("|" + "---|" * len(texts))
            elif layout == "tabs":
                out.append("\t".join(texts))
            else:
                out.append("    ".join(texts))
        out.append("")
    return "\n".join(out) + "\n"


_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def halfwidth(text: str) -> str:
    """Half-width brackets and "1、" ordinals, as some portals' editors produce."""
    import re

    text = text.translate(_HALF)
    return re.sub(r"(?m)(^|\t)(\d)\.(?=\D)", r"\1\2、", text)


def traditional(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


# --------------------------------------------------------------------------------------------
# The samples
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    name: str
    build: Callable[[], str]
    expected: frozenset[tuple[str, str]]  # (identity, scope) of every error the auditor must report
    format: str = "2021"
    encoding: str = "utf-8"
    warnings: frozenset[str] = frozenset()  # identities of the warnings expected
    previous: str | None = None  # last year's sample, passed with --previous
    unreadable: bool = False  # exit status 2
    data: ReportData | None = None  # the figures as rendered, when every cell is in the file


def _html(data: ReportData, **kw: object) -> Callable[[], str]:
    return lambda: render_html(document(data), **kw)  # type: ignore[arg-type]


def _text(data: ReportData, layout: str, post: Callable[[str], str] | None = None, **kw: object) -> Callable[[], str]:
    def build() -> str:
        text = render_text(document(data), layout=layout, **kw)  # type: ignore[arg-type]
        return post(text) if post else text

    return build


def _blank_zeros(data: ReportData) -> ReportData:
    """Real reports leave many zero cells empty; blank out every zero of tables 三 and 四."""
    blanked = data.copy()
    for grid in (blanked.table3, blanked.table4):
        for cols in grid.values():
            for key, value in cols.items():
                if value == 0:
                    cols[key] = None
    return blanked


def _i1(data: ReportData) -> ReportData:
    # One more new application from a natural person than the results account for.
    planted = data.copy()
    planted.table3["new"]["natural_person"] = int(planted.table3["new"]["natural_person"] or 0) + 1
    planted.table3["new"]["total"] = int(planted.table3["new"]["total"] or 0) + 1
    return planted


def _i2(data: ReportData) -> ReportData:
    # （七）总计 says 2 more than the outcome rows add up to (and I1 still holds: 四 lowered).
    planted = data.copy()
    t3 = planted.table3
    t3["disclosed"]["natural_person"] = int(t3["disclosed"]["natural_person"] or 0) - 2
    t3["disclosed"]["total"] = int(t3["disclosed"]["total"] or 0) - 2
    return planted


def _i3(data: ReportData) -> ReportData:
    planted = data.copy()
    planted.table3["withheld_third_party"]["total"] = int(planted.table3["withheld_third_party"]["total"] or 0) + 1
    return planted


def _i4(data: ReportData) -> ReportData:
    planted = data.copy()
    planted.table4["review"]["total"] = int(planted.table4["review"]["total"] or 0) + 1
    return planted


def _i6(data: ReportData) -> ReportData:
    planted = data.copy()
    planted.prose_override = {"new": _total(data.table3, "new") + 2, "review": _total(data.table4, "review") + 1}
    return planted


def _i7(data: ReportData) -> ReportData:
    """A negative count and two decimal counts, placed so that every sum still holds."""
    planted = data.copy()
    t3, t4 = planted.table3, planted.table4
    # withheld_state_secret: 自然人 1 → -1 and 商业企业 0 → 2 (row total unchanged);
    # disclosed: 自然人 +2, 商业企业 -2 keeps both columns' sums.
    t3["withheld_state_secret"]["natural_person"] = "-1"
    t3["withheld_state_secret"]["commercial_enterprise"] = 2
    t3["disclosed"]["natural_person"] = int(t3["disclosed"]["natural_person"] or 0) + 2
    t3["disclosed"]["commercial_enterprise"] = int(t3["disclosed"]["commercial_enterprise"] or 0) - 2
    # review: 结果维持 1 + 结果纠正 1 written as 1.5 + 0.5 (the total 3 still holds).
    t4["review"]["upheld"] = "1.5"
    t4["review"]["corrected"] = "0.5"
    # The fee amount is money: a decimal there is right and must not be reported.
    planted.table2["fees"]["fee_amount"] = "1.25"
    return planted


def _i3_2019(data: ReportData) -> ReportData:
    planted = data.copy()
    planted.table3["other_handling"]["total"] = int(planted.table3["other_handling"]["total"] or 0) + 2
    return planted


def _split_table3(data: ReportData) -> Callable[[], str]:
    """Table 三 broken into two <table> elements at a page break, as Word-exported pages do."""

    def build() -> str:
        page = render_html(document(data))
        cut = page.index("<tr>", page.index("（四）无法提供"))
        return page[:cut] + '</tbody></table>\n<p>　</p>\n<table border="1" cellspacing="0"><tbody>' + page[cut:]

    return build


def _sloppy_2019(data: ReportData) -> ReportData:
    """As many 2019-format reports were published: zeros left blank, the 总计 column filled only
    for 一, 二, （七） and 四, a unit typed into the amount cell."""
    sloppy = _blank_zeros(data)
    sloppy.table2_layout = "wide"
    sloppy.table2["procurement"]["procurement_amount"] = "4865000元"
    for row in sloppy.spec.outcome_rows:
        sloppy.table3[row.key]["total"] = None
    return sloppy


def _copied_2022() -> ReportData:
    """2022 report whose section 五 repeats 2021's with the years changed, and whose 上年结转
    does not match 2021's 结转下年度 for natural persons (I5)."""
    data = base_2022()
    data.problems = [p.replace("2022年", "2023年") for p in PROBLEMS_2021]
    t3 = data.table3
    t3["carried_over"]["natural_person"] = int(t3["carried_over"]["natural_person"] or 0) + 1
    t3["carried_over"]["total"] = int(t3["carried_over"]["total"] or 0) + 1
    t3["new"]["natural_person"] = int(t3["new"]["natural_person"] or 0) - 1
    t3["new"]["total"] = int(t3["new"]["total"] or 0) - 1
    return data


def _truncate_in_table3(text: str) -> str:
    """The page saved half-way: cut in the middle of the row 2.没有现成信息需要另行制作."""
    marker = "| 2.没有现成信息需要另行制作 |"
    head, _, _ = text.partition(marker)
    return head + marker + " 2 | 0"


def _short_row(data: ReportData) -> Callable[[], str]:
    """An HTML table whose （二）部分公开 row lost its last two <td> (法律服务机构 其他 总计 → 2 left)."""

    def build() -> str:
        doc = document(data)
        for kind, content in doc.blocks:
            if kind == "table" and any(isinstance(r, list) and r and r[0].text == TABLE3_NOTE for r in content):
                for row in content:
                    assert isinstance(row, list)
                    if any(c.text.startswith("（二）部分公开") for c in row):
                        del row[-2:]
        return render_html(doc)

    return build


NOT_A_REPORT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>清河县召开2023年安全生产工作会议</title></head>
<body>
<div class="article-title"><h1>清河县召开2023年安全生产工作会议</h1></div>
<div class="article-content">
<p>3月2日，清河县召开2023年安全生产工作会议，总结2022年全县安全生产工作，部署今年重点任务。</p>
<p>会议强调，要坚持人民至上、生命至上，压紧压实安全生产责任，深入开展重点行业领域专项整治。</p>
<table border="1">
<tr><td>时间</td><td>检查对象</td><td>责任单位</td></tr>
<tr><td>3月</td><td>危化品企业</td><td>应急管理局</td></tr>
<tr><td>4月</td><td>建筑工地</td><td>住建局</td></tr>
</table>
<p>各乡镇、县直各部门主要负责同志参加会议。</p>
</div></body></html>
"""


def samples() -> list[Sample]:
    clean = base_2022()
    blank = _blank_zeros(clean)
    f2019 = base_2020_format2019()
    sloppy = _sloppy_2019(f2019)
    i7 = _i7(clean)
    previous = previous_2021()
    none: frozenset[tuple[str, str]] = frozenset()
    blank_warnings = frozenset({"BLANK"})
    return [
        Sample("2022_clean.html", _html(clean), none, data=clean),
        Sample("2022_clean_pipe.txt", _text(clean, "pipe", markdown_rules=True), none, data=clean),
        Sample("2022_clean_cells.txt", _text(clean, "cells"), none, data=clean),
        Sample("2022_clean_halfwidth_tabs.txt", _text(clean, "tabs", post=halfwidth), none, data=clean),
        Sample(
            "2022_clean_spaces_fullwidth.txt",
            _text(clean, "spaces", post=lambda t: t.translate(_FULL_DIGITS)),
            none,
            data=clean,
        ),
        Sample(
            "2022_traditional_gb18030.html",
            lambda: traditional(render_html(document(clean), charset="gb2312", layout_table=True)),
            none,
            encoding="gb18030",
            data=clean,
        ),
        Sample("2022_split_table.html", _split_table3(clean), none, data=clean),
        Sample("2022_blank_cells.html", _html(blank), none, warnings=blank_warnings, data=blank),
        Sample("2022_blank_cells_tabs.txt", _text(blank, "tabs"), none, warnings=blank_warnings, data=blank),
        Sample("2022_blank_cells_lines.txt", _text(blank, "cells"), none, warnings=blank_warnings, data=blank),
        Sample("2020_format2019.html", _html(f2019), none, format="2019", data=f2019),
        Sample(
            "2020_format2019_sloppy.html",
            _html(sloppy),
            frozenset(
                {("I2", "total")}
                | {
                    ("I3", key)
                    for key in (
                        "disclosed",
                        "partly_disclosed",
                        "withheld_process_info",
                        "unavailable_not_held",
                        "not_processed_petition",
                        "not_processed_repeated",
                        "other_handling",
                    )
                }
            ),
            format="2019",
            warnings=blank_warnings,
            data=sloppy,
        ),
        Sample(
            "2020_format2019_i3.txt",
            _text(_i3_2019(f2019), "pipe"),
            frozenset({("I3", "other_handling"), ("I2", "total")}),
            format="2019",
        ),
        Sample("2022_i1.txt", _text(_i1(clean), "pipe"), frozenset({("I1", "natural_person"), ("I1", "total")})),
        Sample("2022_i2.html", _html(_i2(clean)), frozenset({("I2", "natural_person"), ("I2", "total")})),
        Sample(
            "2022_i3_cells.txt",
            _text(_i3(clean), "cells"),
            frozenset({("I3", "withheld_third_party"), ("I2", "total")}),
        ),
        Sample("2022_i4.html", _html(_i4(clean)), frozenset({("I4", "review")})),
        Sample("2022_i6.html", _html(_i6(clean)), frozenset({("I6", "new"), ("I6", "review")})),
        Sample(
            "2022_i7_tabs.txt",
            _text(i7, "tabs"),
            frozenset(
                {
                    ("I7", "table3.withheld_state_secret.natural_person"),
                    ("I7", "table4.review.upheld"),
                    ("I7", "table4.review.corrected"),
                }
            ),
            data=i7,
        ),
        Sample(
            "2022_truncated.txt",
            _text(clean, "pipe", post=_truncate_in_table3),
            frozenset({("FORMAT", "table3"), ("FORMAT", "table4")}),
        ),
        Sample("2022_short_row.html", _short_row(clean), frozenset({("FORMAT", "table3")})),
        Sample("2021_previous.txt", _text(previous, "pipe"), none, data=previous),
        Sample(
            "2022_copied.html",
            _html(_copied_2022()),
            frozenset({("I5", "natural_person"), ("I5", "total")}),
            warnings=frozenset({"COPIED"}),
            previous="2021_previous.txt",
        ),
        Sample("not_a_report.html", lambda: NOT_A_REPORT, none, unreadable=True),
    ]


def write_all(directory: Path = SAMPLES_DIR) -> list[Path]:
    directory.mkdir(exist_ok=True)
    written = []
    for sample in samples():
        path = directory / sample.name
        path.write_bytes(sample.build().encode(sample.encoding))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_all():
        print(written_path)
