"""The annual report format as data: section titles, table rows, columns and their stable keys.

Source: 《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号, 2021-09-26),
used from the 2021 annual reports on, and the 2019 trial format (issued with
国办公开办函〔2019〕60号, used in the 2019 and 2020 reports). Every label below is the
verbatim text of the cell in the official table; the keys are ours and never change, because
stored reports, the JSON of the auditor and the 依申请公开 outcome mapping refer to them.

Pure module: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ReportFormat(StrEnum):
    F2021 = "2021"  # 国办公开办函〔2021〕30号
    F2019 = "2019"  # 国办公开办函〔2019〕60号 (trial format)


FORMAT_NAMES: dict[ReportFormat, str] = {
    ReportFormat.F2021: "2021年版格式（国办公开办函〔2021〕30号）",
    ReportFormat.F2019: "2019年试行格式（国办公开办函〔2019〕60号）",
}

# 条例第四十九条: 县级以上人民政府部门 publish by 1月31日, 县级以上地方人民政府 by 3月31日.
REPORT_TITLE_SUFFIX = "政府信息公开工作年度报告"


# --------------------------------------------------------------------------------------------
# The six sections (条例第五十条; 国办公开办函〔2021〕30号)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # the Chinese ordinal that starts the heading
    title: str  # the heading without its ordinal
    aliases: tuple[str, ...] = ()  # other titles real reports use for the same section
    free_text: bool = False  # a prose section (checked for text copied from last year)

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", free_text=True),
    Section("proactive", "二", "主动公开政府信息情况"),
    Section("applications", "三", "收到和处理政府信息公开申请情况"),
    Section("review_litigation", "四", "政府信息公开行政复议、行政诉讼情况"),
    # The 2019 trial format's wording of section 五 survives in many later reports.
    Section(
        "problems",
        "五",
        "存在的主要问题及改进情况",
        aliases=("政府信息公开工作存在的主要问题及改进情况",),
        free_text=True,
    ),
    Section("other", "六", "其他需要报告的事项", free_text=True),
)
SECTIONS_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}

# The five sub-areas that 一、总体情况 must cover (国办公开办函〔2021〕30号).
OVERVIEW_SUBAREAS: tuple[str, ...] = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    # 条例 and the format: every cell is a count (a non-negative integer), except money amounts
    # and, in the 2019 trial format, the year-on-year change 本年增/减.
    allows_decimal: bool = False
    allows_negative: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    aliases: tuple[str, ...] = ()


TABLE_KEYS: tuple[str, ...] = ("table2", "table3", "table4")
TABLE_NAMES: dict[str, str] = {"table2": "表二", "table3": "表三", "table4": "表四"}
TABLE_TITLES: dict[str, str] = {
    "table2": "主动公开政府信息情况",
    "table3": "收到和处理政府信息公开申请情况",
    "table4": "政府信息公开行政复议、行政诉讼情况",
}


# --------------------------------------------------------------------------------------------
# Table 二: 主动公开政府信息情况
# --------------------------------------------------------------------------------------------

TABLE2_CONTENT_HEADER = "信息内容"


@dataclass(frozen=True)
class Table2Block:
    key: str
    header: str  # verbatim, e.g. "第二十条第（一）项"
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


_ISSUED = Column("issued", "本年制发件数")
_REPEALED = Column("repealed", "本年废止件数")
_IN_FORCE = Column("in_force", "现行有效件数")
_DECISIONS_2021 = Column("decisions", "本年处理决定数量")
# 条例第二十条第（八）项: the amount may be a decimal number of 万元.
_FEE_AMOUNT = Column(
    "fee_amount", "本年收费金额（单位：万元）", aliases=("本年收费金额", "本年收费金额（万元）"), allows_decimal=True
)

TABLE2_2021: tuple[Table2Block, ...] = (
    Table2Block(
        "item1",
        "第二十条第（一）项",
        (Row("regulations", "规章"), Row("normative_documents", "行政规范性文件", aliases=("规范性文件",))),
        (_ISSUED, _REPEALED, _IN_FORCE),
    ),
    Table2Block("item5", "第二十条第（五）项", (Row("licensing", "行政许可"),), (_DECISIONS_2021,)),
    Table2Block(
        "item6",
        "第二十条第（六）项",
        (Row("punishment", "行政处罚"), Row("coercion", "行政强制")),
        (_DECISIONS_2021,),
    ),
    Table2Block("item8", "第二十条第（八）项", (Row("fees", "行政事业性收费"),), (_FEE_AMOUNT,)),
)

# 2019 trial format (国办公开办函〔2019〕60号).
_NEW_MADE = Column("new_made", "本年新制作数量")
_NEW_PUBLISHED = Column("new_published", "本年新公开数量")
_TOTAL_PUBLISHED = Column("total_published", "对外公开总数量")
_PREVIOUS_COUNT = Column("previous_count", "上一年项目数量")
_CHANGE = Column("change", "本年增/减", aliases=("本年增减",), allows_negative=True)
_DECISIONS_2019 = Column("decisions", "处理决定数量", aliases=("本年处理决定数量",))
_PROCUREMENT_COUNT = Column("procurement_count", "采购项目数量")
_PROCUREMENT_AMOUNT = Column("procurement_amount", "采购总金额", allows_decimal=True)

TABLE2_2019: tuple[Table2Block, ...] = (
    Table2Block(
        "item1",
        "第二十条第（一）项",
        (Row("regulations", "规章"), Row("normative_documents", "规范性文件", aliases=("行政规范性文件",))),
        (_NEW_MADE, _NEW_PUBLISHED, _TOTAL_PUBLISHED),
    ),
    Table2Block(
        "item5",
        "第二十条第（五）项",
        (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
        (_PREVIOUS_COUNT, _CHANGE, _DECISIONS_2019),
    ),
    Table2Block(
        "item6",
        "第二十条第（六）项",
        (Row("punishment", "行政处罚"), Row("coercion", "行政强制")),
        (_PREVIOUS_COUNT, _CHANGE, _DECISIONS_2019),
    ),
    Table2Block("item8", "第二十条第（八）项", (Row("fees", "行政事业性收费"),), (_PREVIOUS_COUNT, _CHANGE)),
    Table2Block(
        "item9", "第二十条第（九）项", (Row("procurement", "政府集中采购"),), (_PROCUREMENT_COUNT, _PROCUREMENT_AMOUNT)
    ),
)

# Column labels that only one of the two formats uses: they tell the formats apart.
TABLE2_2021_ONLY_LABELS: tuple[str, ...] = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
)
TABLE2_2019_ONLY_LABELS: tuple[str, ...] = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "采购项目数量",
    "采购总金额",
    "政府集中采购",
    "其他对外管理服务事项",
)


# --------------------------------------------------------------------------------------------
# Table 三: 收到和处理政府信息公开申请情况
# --------------------------------------------------------------------------------------------

# Verbatim top-left header note; it states identity I1.
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_APPLICANT_HEADER = "申请人情况"
TABLE3_LEGAL_PERSON_HEADER = "法人或其他组织"
TABLE3_RESULTS_HEADER = "三、本年度办理结果"

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "商业企业"),
    Column("research_institution", "科研机构"),
    Column("social_welfare_org", "社会公益组织"),
    Column("legal_service_org", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
# The six applicant kinds whose sum is 总计 (I3). There is no official subtotal column for
# 法人或其他组织.
APPLICANT_KINDS: tuple[Column, ...] = APPLICANT_COLUMNS[:6]
LEGAL_PERSON_KINDS: tuple[Column, ...] = APPLICANT_COLUMNS[1:6]
APPLICANT_COLUMNS_BY_KEY: dict[str, Column] = {c.key: c for c in APPLICANT_COLUMNS}


@dataclass(frozen=True)
class Table3Row:
    key: str
    label: str  # verbatim text of the row's own cell
    group: str | None = None  # key of the merged group cell to its left, if any
    article: str = ""  # the 条例 article(s) behind the outcome (inferred unless noted in the spec)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table3Group:
    key: str
    label: str  # verbatim merged cell, e.g. "（三）不予公开"
    rows: tuple[Table3Row, ...]


def _group(key: str, label: str, rows: tuple[tuple[str, str, str], ...]) -> Table3Group:
    return Table3Group(key, label, tuple(Table3Row(k, lab, group=key, article=art) for k, lab, art in rows))


ROW_NEW = Table3Row("new", "一、本年新收政府信息公开申请数量")
ROW_CARRIED_OVER = Table3Row("carried_over", "二、上年结转政府信息公开申请数量")
ROW_DISCLOSED = Table3Row("disclosed", "（一）予以公开", article="第三十六条第（一）（二）项")
ROW_PARTLY_DISCLOSED = Table3Row(
    "partly_disclosed",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    article="第三十七条",
    aliases=("（二）部分公开",),
)
GROUP_WITHHELD = _group(
    "withheld",
    "（三）不予公开",
    (
        ("withheld_state_secret", "1.属于国家秘密", "第十四条"),
        ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", "第十四条"),
        ("withheld_three_security_one_stability", "3.危及“三安全一稳定”", "第十四条"),
        ("withheld_third_party", "4.保护第三方合法权益", "第十五条、第三十二条"),
        ("withheld_internal_affairs", "5.属于三类内部事务信息", "第十六条第一款"),
        ("withheld_process_info", "6.属于四类过程性信息", "第十六条第二款"),
        ("withheld_enforcement_file", "7.属于行政执法案卷", "第十六条第二款"),
        ("withheld_inquiry_matter", "8.属于行政查询事项", "第三十六条第（七）项"),
    ),
)
GROUP_UNAVAILABLE = _group(
    "unavailable",
    "（四）无法提供",
    (
        ("unavailable_not_held", "1.本机关不掌握相关政府信息", "第三十六条第（四）（五）项"),
        ("unavailable_needs_creation", "2.没有现成信息需要另行制作", "第三十八条"),
        ("unavailable_unclear_after_correction", "3.补正后申请内容仍不明确", "第三十条"),
    ),
)
GROUP_NOT_PROCESSED = _group(
    "not_processed",
    "（五）不予处理",
    (
        ("not_processed_petition", "1.信访举报投诉类申请", "第三十九条第一款"),
        ("not_processed_repeated", "2.重复申请", "第三十六条第（六）项"),
        ("not_processed_publication", "3.要求提供公开出版物", "第三十九条第二款"),
        ("not_processed_excessive", "4.无正当理由大量反复申请", "第三十五条"),
        ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", ""),
    ),
)
GROUP_OTHER_2021 = _group(
    "other_handling",
    "（六）其他处理",
    (
        (
            "other_no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "第三十条",
        ),
        (
            "other_fee_unpaid",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "国办函〔2020〕109号",
        ),
        ("other_reason", "3.其他", ""),
    ),
)
# 2019 trial format: （六）其他处理 is a single row (国办公开办函〔2019〕60号).
ROW_OTHER_HANDLING_2019 = Table3Row("other_handling", "（六）其他处理")
ROW_TOTAL = Table3Row("total", "（七）总计")
ROW_CARRIED_FORWARD = Table3Row("carried_forward", "四、结转下年度继续办理")

TABLE3_GROUPS_2021: tuple[Table3Group, ...] = (GROUP_WITHHELD, GROUP_UNAVAILABLE, GROUP_NOT_PROCESSED, GROUP_OTHER_2021)
TABLE3_GROUPS_2019: tuple[Table3Group, ...] = (GROUP_WITHHELD, GROUP_UNAVAILABLE, GROUP_NOT_PROCESSED)

# The outcome rows (2021: rows 3–23). The 依申请公开 module maps each statutory reply outcome
# to exactly one of these keys; 区分处理的 applications count only as partly_disclosed.
OUTCOME_ROWS: tuple[Table3Row, ...] = (
    ROW_DISCLOSED,
    ROW_PARTLY_DISCLOSED,
    *GROUP_WITHHELD.rows,
    *GROUP_UNAVAILABLE.rows,
    *GROUP_NOT_PROCESSED.rows,
    *GROUP_OTHER_2021.rows,
)
OUTCOME_ROW_KEYS: tuple[str, ...] = tuple(r.key for r in OUTCOME_ROWS)
OUTCOME_ROWS_2019: tuple[Table3Row, ...] = (
    ROW_DISCLOSED,
    ROW_PARTLY_DISCLOSED,
    *GROUP_WITHHELD.rows,
    *GROUP_UNAVAILABLE.rows,
    *GROUP_NOT_PROCESSED.rows,
    ROW_OTHER_HANDLING_2019,
)

TABLE3_ROWS_2021: tuple[Table3Row, ...] = (ROW_NEW, ROW_CARRIED_OVER, *OUTCOME_ROWS, ROW_TOTAL, ROW_CARRIED_FORWARD)
TABLE3_ROWS_2019: tuple[Table3Row, ...] = (
    ROW_NEW,
    ROW_CARRIED_OVER,
    *OUTCOME_ROWS_2019,
    ROW_TOTAL,
    ROW_CARRIED_FORWARD,
)

# The top-level outcome categories （一）…（六） of 三、本年度办理结果, for messages and prose checks.
OUTCOME_CATEGORIES_2021: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("disclosed", "（一）予以公开", (ROW_DISCLOSED.key,)),
    ("partly_disclosed", "（二）部分公开", (ROW_PARTLY_DISCLOSED.key,)),
    ("withheld", GROUP_WITHHELD.label, tuple(r.key for r in GROUP_WITHHELD.rows)),
    ("unavailable", GROUP_UNAVAILABLE.label, tuple(r.key for r in GROUP_UNAVAILABLE.rows)),
    ("not_processed", GROUP_NOT_PROCESSED.label, tuple(r.key for r in GROUP_NOT_PROCESSED.rows)),
    ("other_handling", GROUP_OTHER_2021.label, tuple(r.key for r in GROUP_OTHER_2021.rows)),
)
OUTCOME_CATEGORIES_2019: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    *OUTCOME_CATEGORIES_2021[:5],
    ("other_handling", ROW_OTHER_HANDLING_2019.label, (ROW_OTHER_HANDLING_2019.key,)),
)


# --------------------------------------------------------------------------------------------
# Table 四: 政府信息公开行政复议、行政诉讼情况
# --------------------------------------------------------------------------------------------

TABLE4_REVIEW_HEADER = "行政复议"
TABLE4_LITIGATION_HEADER = "行政诉讼"

TABLE4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
TABLE4_PARTS: tuple[Column, ...] = TABLE4_COLUMNS[:4]


@dataclass(frozen=True)
class Table4Group:
    key: str
    label: str  # the header cell directly above the five sub-columns
    display: str  # how a supervisor names it


TABLE4_GROUPS: tuple[Table4Group, ...] = (
    Table4Group("review", "行政复议", "行政复议"),
    Table4Group("litigation_direct", "未经复议直接起诉", "行政诉讼（未经复议直接起诉）"),
    Table4Group("litigation_after_review", "复议后起诉", "行政诉讼（复议后起诉）"),
)
# The 15 cells as "group.column", e.g. "review.upheld", in the order they appear.
TABLE4_CELL_KEYS: tuple[str, ...] = tuple(f"{g.key}.{c.key}" for g in TABLE4_GROUPS for c in TABLE4_COLUMNS)


# --------------------------------------------------------------------------------------------
# One format = the three tables' shapes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormatSpec:
    format: ReportFormat
    table2: tuple[Table2Block, ...]
    table3_rows: tuple[Table3Row, ...]
    table3_groups: tuple[Table3Group, ...]
    outcome_rows: tuple[Table3Row, ...]
    outcome_categories: tuple[tuple[str, str, tuple[str, ...]], ...]
    table3_columns: tuple[Column, ...] = APPLICANT_COLUMNS
    table4_groups: tuple[Table4Group, ...] = TABLE4_GROUPS
    table4_columns: tuple[Column, ...] = TABLE4_COLUMNS
    _table3_rows_by_key: dict[str, Table3Row] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._table3_rows_by_key.update({r.key: r for r in self.table3_rows})

    def table3_row(self, key: str) -> Table3Row:
        return self._table3_rows_by_key[key]

    def table2_cells(self) -> list[tuple[str, str]]:
        """(row key, column key) of every numeric cell of table 二, in reading order."""
        return [(row.key, col.key) for block in self.table2 for row in block.rows for col in block.columns]

    def table2_column(self, row_key: str, column_key: str) -> Column | None:
        for block in self.table2:
            if any(r.key == row_key for r in block.rows):
                for col in block.columns:
                    if col.key == column_key:
                        return col
        return None

    def table2_row(self, row_key: str) -> Row | None:
        for block in self.table2:
            for row in block.rows:
                if row.key == row_key:
                    return row
        return None

    def expected_cells(self, table: str) -> list[tuple[str, str]]:
        """Every (row key, column key) a complete table holds."""
        if table == "table2":
            return self.table2_cells()
        if table == "table3":
            return [(r.key, c.key) for r in self.table3_rows for c in self.table3_columns]
        if table == "table4":
            return [(g.key, c.key) for g in self.table4_groups for c in self.table4_columns]
        raise KeyError(table)

    def cell_label(self, table: str, row_key: str, column_key: str) -> str:
        """A supervisor-readable name of a cell, e.g. "表三 （三）不予公开 1.属于国家秘密 / 自然人"."""
        name = TABLE_NAMES[table]
        if table == "table3":
            row = self._table3_rows_by_key.get(row_key)
            col = APPLICANT_COLUMNS_BY_KEY.get(column_key)
            return f"{name} {table3_row_display(row) if row else row_key} / {col.label if col else column_key}"
        if table == "table4":
            group = next((g for g in self.table4_groups if g.key == row_key), None)
            col4 = next((c for c in self.table4_columns if c.key == column_key), None)
            return f"{name} {group.display if group else row_key} / {col4.label if col4 else column_key}"
        row2 = self.table2_row(row_key)
        col2 = self.table2_column(row_key, column_key)
        return f"{name} {row2.label if row2 else row_key} / {col2.label if col2 else column_key}"


def table3_row_display(row: Table3Row) -> str:
    """The row's label preceded by its group's label, as a reader of the table sees it."""
    if row.group:
        group = next(g for g in (*TABLE3_GROUPS_2021, *TABLE3_GROUPS_2019) if g.key == row.group)
        return f"{group.label} {row.label}"
    return row.label


SPEC_2021 = FormatSpec(
    format=ReportFormat.F2021,
    table2=TABLE2_2021,
    table3_rows=TABLE3_ROWS_2021,
    table3_groups=TABLE3_GROUPS_2021,
    outcome_rows=OUTCOME_ROWS,
    outcome_categories=OUTCOME_CATEGORIES_2021,
)
SPEC_2019 = FormatSpec(
    format=ReportFormat.F2019,
    table2=TABLE2_2019,
    table3_rows=TABLE3_ROWS_2019,
    table3_groups=TABLE3_GROUPS_2019,
    outcome_rows=OUTCOME_ROWS_2019,
    outcome_categories=OUTCOME_CATEGORIES_2019,
)
SPECS: dict[ReportFormat, FormatSpec] = {ReportFormat.F2021: SPEC_2021, ReportFormat.F2019: SPEC_2019}


def spec_for(fmt: ReportFormat | str) -> FormatSpec:
    return SPECS[ReportFormat(fmt)]
