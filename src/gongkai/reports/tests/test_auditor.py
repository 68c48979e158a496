import pytest

from gongkai.reports.audit import ReportUnreadable, audit_text, parse_report, read_text
from gongkai.reports.tests import samples


def test_reads_utf8_with_bom_and_gb18030(tmp_path):
    text = "一、总体情况\n全年共收到政府信息公开申请12件。\n"
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.encode("gb18030"))
    assert read_text(tmp_path / "a.txt") == text
    assert read_text(tmp_path / "b.txt") == text


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"%PDF-1.7\n...", "report_not_text", "PDF"),
        (b"PK\x03\x04\x14\x00", "report_not_text", "docx"),
        (b"\x00\x01\x02binary", "report_not_text", "二进制"),
        (b"   \n\n", "report_empty", "空的"),
        (b"abc\xff\xfe\xfd", "report_encoding", "编码"),
    ],
)
def test_unreadable_files_get_a_clear_message(tmp_path, content, code, words):
    path = tmp_path / "report.html"
    path.write_bytes(content)
    with pytest.raises(ReportUnreadable) as caught:
        read_text(path)
    assert caught.value.code == code
    assert words in caught.value.message


def test_missing_file(tmp_path):
    with pytest.raises(ReportUnreadable, match="找不到文件"):
        read_text(tmp_path / "nope.html")
    with pytest.raises(ReportUnreadable, match="不是文件"):
        read_text(tmp_path)


def test_report_text_without_tables_is_refused():
    text = "某局2022年政府信息公开工作年度报告\n一、总体情况\n全年共收到申请3件。\n五、存在的主要问题及改进情况\n无。\n"
    with pytest.raises(ReportUnreadable) as caught:
        audit_text(text)
    assert caught.value.code == "report_no_tables"
    assert "表三“收到和处理政府信息公开申请情况”" in caught.value.message


def test_html_spans_are_expanded_and_short_rows_read_as_missing_cells():
    html = """<table>
    <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
        <td colspan="7">申请人情况</td></tr>
    <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
    <tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>
    <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>&nbsp;</td><td></td>
        <td>0</td><td>0</td><td>6</td></tr>
    <tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td></tr>
    <tr><td rowspan="22">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>4</td><td>1</td>
        <td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
    </table>"""
    parsed = parse_report(html)
    table3 = parsed.tables.to_json()["table3"]
    assert table3["new"] == {
        "natural_person": 5,
        "commercial_enterprise": 1,
        "research_institution": None,
        "social_welfare_org": None,
        "legal_service_org": 0,
        "other_org": 0,
        "total": 6,
    }
    assert table3["carried_over"] == {"natural_person": 1, "commercial_enterprise": 0, "research_institution": 0}
    assert table3["disclosed"]["total"] == 5


def test_traditional_characters_and_half_width_labels_are_recognised():
    text = samples.traditional(samples.render_text(samples.document(samples.base_2022()), layout="pipe"))
    text = samples.halfwidth(text)
    assert "申請" in text
    assert "(一)" in text
    parsed, found = audit_text(text)
    assert [v for v in found if v.is_error] == []
    assert parsed.tables.to_json()["table3"]["disclosed"]["total"] == 19


def test_2019_format_used_for_a_2021_or_later_report_is_a_warning():
    data = samples.base_2020_format2019()
    data.year = 2022
    parsed, found = audit_text(samples.render_text(samples.document(data), layout="pipe"))
    assert parsed.tables.format == "2019"
    assert [(v.identity, v.severity) for v in found] == [("OUTDATED_FORMAT", "warning")]


def test_a_row_with_too_many_figures_is_flagged_not_guessed_silently():
    text = samples.render_text(samples.document(samples.base_2022()), layout="pipe")
    text = text.replace("| 2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 2 |", "| 2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 2 | 7 |")
    parsed, found = audit_text(text)
    assert [(v.identity, v.scope) for v in found] == [("PARSE", "表三 2.重复申请")]
    cell = parsed.tables.get("table3", "not_processed_repeated", "total")
    assert cell is not None and cell.value == 2
