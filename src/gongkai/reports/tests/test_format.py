from gongkai.reports import format as f


def test_six_section_titles_in_order():
    assert [s.heading for s in f.SECTIONS] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_table3_2021_has_25_rows_with_unique_keys_and_verbatim_labels():
    rows = f.TABLE3_ROWS_2021
    assert len(rows) == 25
    assert len({r.key for r in rows}) == 25
    assert rows[0].label == "一、本年新收政府信息公开申请数量"
    assert rows[3].label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert rows[6].label == "3.危及“三安全一稳定”"
    assert rows[20].label == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert rows[21].label == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert [r.key for r in rows[-3:]] == ["other_reason", "total", "carried_forward"]
    assert rows[-1].label == "四、结转下年度继续办理"


def test_outcome_rows_are_rows_3_to_23_and_grouped_as_the_format():
    assert f.TABLE3_ROWS_2021[2:23] == f.OUTCOME_ROWS
    assert f.OUTCOME_ROW_KEYS[0] == "disclosed"
    assert f.OUTCOME_ROW_KEYS[-1] == "other_reason"
    assert [(g.label, len(g.rows)) for g in f.TABLE3_GROUPS_2021] == [
        ("（三）不予公开", 8),
        ("（四）无法提供", 3),
        ("（五）不予处理", 5),
        ("（六）其他处理", 3),
    ]
    # The merged 三、本年度办理结果 cell spans the outcome rows plus （七）总计.
    assert len(f.OUTCOME_ROWS) + 1 == 22
    assert len(f.OUTCOME_ROWS_2019) + 1 == 20


def test_2019_table3_has_a_single_other_handling_row():
    keys = [r.key for r in f.TABLE3_ROWS_2019]
    assert len(keys) == 23
    assert "other_handling" in keys
    assert not {"other_no_correction", "other_fee_unpaid", "other_reason"} & set(keys)
    assert f.SPEC_2019.table3_row("other_handling").label == "（六）其他处理"


def test_table3_columns_and_note():
    assert [c.label for c in f.APPLICANT_COLUMNS] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert f.TABLE3_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_table4_has_15_cells():
    assert len(f.TABLE4_CELL_KEYS) == 15
    assert f.TABLE4_CELL_KEYS[0] == "review.upheld"
    assert f.TABLE4_CELL_KEYS[-1] == "litigation_after_review.total"
    assert [c.label for c in f.TABLE4_COLUMNS] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_table2_blocks_2021_and_2019():
    assert [(b.header, [r.label for r in b.rows], [c.label for c in b.columns]) for b in f.TABLE2_2021] == [
        ("第二十条第（一）项", ["规章", "行政规范性文件"], ["本年制发件数", "本年废止件数", "现行有效件数"]),
        ("第二十条第（五）项", ["行政许可"], ["本年处理决定数量"]),
        ("第二十条第（六）项", ["行政处罚", "行政强制"], ["本年处理决定数量"]),
        ("第二十条第（八）项", ["行政事业性收费"], ["本年收费金额（单位：万元）"]),
    ]
    fee = f.SPEC_2021.table2_column("fees", "fee_amount")
    decisions = f.SPEC_2021.table2_column("licensing", "decisions")
    change = f.SPEC_2019.table2_column("licensing", "change")
    assert fee is not None and fee.allows_decimal
    assert decisions is not None and not decisions.allows_decimal
    assert change is not None and change.allows_negative
    assert [b.header for b in f.TABLE2_2019][-1] == "第二十条第（九）项"
    assert [c.label for c in f.TABLE2_2019[0].columns] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]


def test_cell_labels_read_like_the_table():
    assert (
        f.SPEC_2021.cell_label("table3", "withheld_state_secret", "natural_person")
        == "表三 （三）不予公开 1.属于国家秘密 / 自然人"
    )
    assert (
        f.SPEC_2021.cell_label("table4", "litigation_direct", "pending")
        == "表四 行政诉讼（未经复议直接起诉） / 尚未审结"
    )
    assert f.SPEC_2021.cell_label("table2", "fees", "fee_amount") == "表二 行政事业性收费 / 本年收费金额（单位：万元）"
