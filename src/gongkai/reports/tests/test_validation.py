from decimal import Decimal

from gongkai.reports.tables import Cell, ReportTables
from gongkai.reports.tests import samples
from gongkai.reports.validation import validate


def tables_of(data: samples.ReportData) -> ReportTables:
    return ReportTables.from_values(format=data.spec.format, table2=data.table2, table3=data.table3, table4=data.table4)


def clean() -> ReportTables:
    return tables_of(samples.base_2022())


def errors(report: ReportTables, **kw) -> set[tuple[str, str]]:
    return {(v.identity, v.scope) for v in validate(report, **kw) if v.is_error}


def test_clean_report_has_no_violation_and_no_warning():
    assert validate(clean()) == []


def test_i1_message_names_the_cells_like_a_supervisor_reads_them():
    report = clean()
    report.set("table3", "new", "natural_person", 12)
    report.set("table3", "carried_over", "natural_person", 3)
    report.set("table3", "total", "natural_person", 10)
    report.set("table3", "carried_forward", "natural_person", 4)
    found = [v for v in validate(report) if v.identity == "I1"]
    assert [v.scope for v in found] == ["natural_person"]
    assert (
        found[0].message == "自然人列：一（新收 12）+ 二（上年结转 3）= 15，而 三（七）总计 10 + 四（结转下年度 4）= 14"
    )
    assert [(c.row, c.column, c.cell and c.cell.value) for c in found[0].cells] == [
        ("new", "natural_person", 12),
        ("carried_over", "natural_person", 3),
        ("total", "natural_person", 10),
        ("carried_forward", "natural_person", 4),
    ]


def test_i2_sums_every_outcome_row_of_the_column():
    report = clean()
    cell = report.get("table3", "not_processed_excessive", "legal_service_org")
    assert cell is not None and cell.value == 0
    report.set("table3", "not_processed_excessive", "legal_service_org", 1)
    report.set("table3", "not_processed_excessive", "total", 1)
    assert errors(report) == {("I2", "legal_service_org"), ("I2", "total")}
    message = next(v.message for v in validate(report) if v.scope == "legal_service_org")
    assert "（五）不予处理 1" in message


def test_i3_per_row():
    report = clean()
    report.set("table3", "unavailable_needs_creation", "research_institution", 1)
    report.set("table3", "unavailable_needs_creation", "natural_person", 1)  # was 2: row sum unchanged
    assert errors(report) == {("I2", "natural_person"), ("I2", "research_institution")}
    report.set("table3", "carried_forward", "total", 9)
    found = errors(report)
    assert ("I3", "carried_forward") in found
    assert ("I1", "total") in found


def test_i4_each_group_of_table4():
    report = clean()
    report.set("table4", "litigation_after_review", "upheld", 2)
    found = [v for v in validate(report) if v.is_error]
    assert [(v.identity, v.scope) for v in found] == [("I4", "litigation_after_review")]
    assert (
        found[0].message
        == "行政诉讼（复议后起诉）：结果维持 2 + 结果纠正 0 + 其他结果 0 + 尚未审结 1 = 3，而 总计 为 1"
    )


def test_i5_compares_last_years_carried_forward_per_column():
    previous = tables_of(samples.previous_2021())
    assert errors(clean(), previous=previous) == set()
    previous.set("table3", "carried_forward", "commercial_enterprise", 2)
    found = [v for v in validate(clean(), previous=previous) if v.identity == "I5"]
    assert [v.scope for v in found] == ["commercial_enterprise"]
    assert (
        found[0].message
        == "商业企业列：上年报告 四、结转下年度继续办理 为 2，而本年 二、上年结转政府信息公开申请数量 为 1"
    )


def test_i5_not_checked_without_previous_table3():
    assert errors(clean(), previous=ReportTables.from_values(table4={})) == set()


PROSE = """一、总体情况
{year}年，本机关全年共收到政府信息公开申请{new}件（含上年结转4件），上年结转4件，
办结{done}件，其中予以公开19件，部分公开5件。全年被申请行政复议{review}件，被提起行政诉讼3件。
二、主动公开政府信息情况
"""


def test_i6_prose_figures_equal_the_tables():
    report = clean()  # 新收 51, 上年结转 4, （七）总计 52, 行政复议 3
    assert errors(report, prose=PROSE.format(year=2022, new=51, done=52, review=3)) == set()
    # "（含上年结转4件）": 55 = 新收 + 上年结转 is an accepted reading
    assert errors(report, prose=PROSE.format(year=2022, new=55, done=52, review=3)) == set()
    found = [
        v for v in validate(report, prose=PROSE.format(year=2022, new=50, done="五十二", review="二")) if v.is_error
    ]
    assert [(v.identity, v.scope) for v in found] == [("I6", "new"), ("I6", "review")]
    assert found[0].message.startswith("一、总体情况 中“收到政府信息公开申请50件”为 50，而表三 一、本年新收")


def test_i6_reads_chinese_numerals_and_negations():
    report = clean()  # 新收 51, 办结 52, 行政复议 3, 行政诉讼 2 + 1
    assert errors(report, prose="一、总体情况\n全年共收到政府信息公开申请五十一件，办结五十二件。") == set()
    assert errors(report, prose="一、总体情况\n全年共收到政府信息公开申请五十件。") == {("I6", "new")}
    quiet = "一、总体情况\n全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    assert errors(report, prose=quiet) == {("I6", "review"), ("I6", "litigation")}
    # A negation of a result says nothing about the number of cases.
    assert errors(report, prose="一、总体情况\n未发生行政复议被纠错的情况。") == set()
    no_cases = clean()
    for group in ("review", "litigation_direct", "litigation_after_review"):
        for column in ("upheld", "corrected", "other", "pending", "total"):
            no_cases.set("table4", group, column, 0)
    assert errors(no_cases, prose=quiet) == set()


def test_i7_counts_are_non_negative_integers_but_money_may_be_decimal():
    report = clean()
    report.set("table3", "disclosed", "natural_person", "15.5")
    report.set("table4", "review", "other", "-0")
    report.set("table4", "review", "pending", "一")
    report.set("table2", "fees", "fee_amount", "12.75")
    report.set("table2", "coercion", "decisions", "-3")
    found = {v.scope: v for v in validate(report) if v.identity == "I7"}
    assert set(found) == {
        "table3.disclosed.natural_person",
        "table4.review.pending",
        "table2.coercion.decisions",
    }
    assert (
        found["table2.coercion.decisions"].message
        == "表二 行政强制 / 本年处理决定数量 填写为“-3”，是负数，应为非负整数"
    )
    assert "不是数字" in found["table4.review.pending"].message


def test_2019_change_column_may_be_negative():
    report = tables_of(samples.base_2020_format2019())
    assert report.get("table2", "coercion", "change") == Cell("-1", Decimal(-1))
    assert validate(report) == []
    report.set("table2", "coercion", "previous_count", "-1")
    assert errors(report) == {("I7", "table2.coercion.previous_count")}


def test_2019_i2_uses_the_single_other_handling_row():
    report = tables_of(samples.base_2020_format2019())
    report.set("table3", "other_handling", "natural_person", 5)
    report.set("table3", "other_handling", "total", 6)
    assert errors(report) == {("I2", "natural_person"), ("I2", "total")}


def test_blank_cells_count_as_zero_and_are_flagged():
    report = clean()
    report.set("table3", "withheld_prohibited_by_law", "natural_person", None)
    report.set("table4", "review", "other", "")
    report.set("table4", "litigation_direct", "corrected", "—")
    found = validate(report)
    assert [v for v in found if v.is_error] == []
    blank = {v.scope: v for v in found if v.identity == "BLANK"}
    assert {v.severity for v in blank.values()} == {"warning"}
    assert len(blank["table3"].cells) == 1
    assert len(blank["table4"].cells) == 2
    assert blank["table4"].message.startswith("表四有2个空白单元格")


def test_missing_cells_leave_their_identities_unchecked_and_are_reported():
    report = clean()
    del report.tables["table3"]["total"]
    report.set("table3", "new", "natural_person", 99)  # would break I1 and I3, but 总计 row is missing
    found = [v for v in validate(report) if v.is_error]
    assert [(v.identity, v.scope) for v in found] == [("FORMAT", "table3"), ("I3", "new")]
    assert "缺少1行：（七）总计" in found[0].message


def test_missing_table_is_a_format_violation():
    report = clean()
    del report.tables["table4"]
    found = [v for v in validate(report) if v.is_error]
    assert [(v.identity, v.scope) for v in found] == [("FORMAT", "table4")]
    assert "缺少表四" in found[0].message


def test_copied_sections_are_a_warning_above_the_threshold():
    now = "五、存在的主要问题及改进情况\n" + "".join(samples.PROBLEMS_2021).replace("2022年", "2023年")
    before = "五、存在的主要问题及改进情况\n" + "".join(samples.PROBLEMS_2021)
    found = validate(clean(), prose=now, previous_prose=before)
    assert [(v.identity, v.severity, v.scope) for v in found] == [("COPIED", "warning", "problems")]
    # Half of the sentences rewritten: 3 of 6 is not above 50 %, but above 40 %.
    half = "五、存在的主要问题及改进情况\n" + "".join(samples.PROBLEMS_2021[:3] + samples.PROBLEMS_2022[3:])
    assert validate(clean(), prose=half, previous_prose=before) == []
    assert [v.identity for v in validate(clean(), prose=half, previous_prose=before, copy_threshold=0.4)] == ["COPIED"]
    fresh = "五、存在的主要问题及改进情况\n" + "".join(samples.PROBLEMS_2022)
    assert validate(clean(), prose=fresh, previous_prose=before) == []


def test_violation_json_shape():
    report = clean()
    report.set("table4", "review", "total", 4)
    (violation,) = validate(report)
    data = violation.as_dict()
    assert data["identity"] == "I4"
    assert data["severity"] == "error"
    assert data["cells"][-1] == {
        "table": "table4",
        "row": "review",
        "column": "total",
        "label": "表四 行政复议 / 总计",
        "value": 4,
        "text": "4",
        "missing": False,
    }
