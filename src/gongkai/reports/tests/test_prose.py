import pytest

from gongkai.reports.prose import copied_share, find_figures, parse_count, split_sections
from gongkai.reports.textnorm import label_key


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("四十一", 41),
        ("一百零五", 105),
        ("两千三百", 2300),
        ("一万二千", 12000),
        ("二〇二二", 2022),
        ("零", 0),
        ("1,562", 1562),
    ],
)
def test_parse_count(text, value):
    assert parse_count(text) == value


def test_parse_count_rejects_words():
    assert parse_count("若干") is None
    assert parse_count("") is None


def figures(text: str) -> list[tuple[str, int]]:
    return [(f.quantity, f.value) for f in find_figures(text)]


def test_figures_in_common_phrasings():
    text = (
        "2022年，本机关共收到政府信息公开申请 34 件，上年结转3件；全年已办结政府信息公开申请35件，"
        "结转下年度继续办理2件。其中予以公开12件，部分公开4件，不予公开3件，无法提供10件，不予处理5件，其他处理1件。"
        "全年被申请行政复议2件，被提起行政诉讼1起。"
    )
    assert figures(text) == [
        ("new", 34),
        ("carried_over", 3),
        ("concluded", 35),
        ("carried_forward", 2),
        ("disclosed", 12),
        ("partly_disclosed", 4),
        ("withheld", 3),
        ("unavailable", 10),
        ("not_processed", 5),
        ("other_handling", 1),
        ("review", 2),
        ("litigation", 1),
    ]


def test_combined_and_inclusive_phrasings():
    text = "共受理政府信息公开申请859件；答复805件（含上年度结转申请18件）。予以公开及部分公开258件，占33.9%。"
    found = find_figures(text)
    assert [(f.quantity, f.value) for f in found] == [("new", 859), ("carried_over", 18), ("disclosed_and_partly", 258)]
    inclusive = find_figures("全年共收到政府信息公开申请15件（含上年结转3件）")
    assert inclusive[0].alternatives == ("received_total",)


def test_figures_are_not_invented_from_other_numbers():
    text = (
        "全年主动公开政府信息1562条，其中政策文件46件，政策解读21篇。办结率100%。"
        "对现行有效的38件行政规范性文件进行清理。组织业务培训3次。"
    )
    assert figures(text) == []


def test_negations():
    assert figures("全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。") == [
        ("review", 0),
        ("litigation", 0),
    ]
    assert figures("无行政复议案件。") == [("review", 0)]
    assert figures("未发生行政复议被纠错的情况。") == []


def test_traditional_and_full_width_text():
    assert figures("全年共收到政府資訊公開申請１２件，上年結轉３件。") == [("new", 12), ("carried_over", 3)]


def test_split_sections_by_heading_variants():
    text = "\n".join(
        [
            "某局2022年政府信息公开工作年度报告",
            "一、总体情况",
            "概述。",
            "五、政府信息公开工作存在的主要问题及改进情况",
            "问题。",
            "六、其他需要报告的事项",
            "无。",
        ]
    )
    sections = split_sections(text)
    assert sections["preamble"] == "某局2022年政府信息公开工作年度报告"
    assert sections["overview"] == "概述。"
    assert sections["problems"] == "问题。"
    assert sections["other"] == "无。"


def test_copied_share_ignores_numbers_and_punctuation():
    before = "一是政策解读形式较为单一，解读的针对性有待提升。二是2021年专栏更新不及时。三是培训不足。"
    now = "一是政策解读形式较为单一、解读的针对性有待提升。二是2022年专栏更新不及时。三是人员调整频繁的问题依然存在。"
    assert copied_share(now, before) == (2, 3)


@pytest.mark.parametrize(
    "variant",
    ["（一）予以公开", "(一)予以公开", "( 一 ) 予以公开", "一、予以公开", "予以公开"],
)
def test_label_key_ignores_ordinals_brackets_and_spaces(variant):
    assert label_key(variant) == label_key("（一）予以公开")


def test_label_key_distinguishes_rows():
    assert label_key("1.属于国家秘密") == label_key("1、属于国家秘密") == "属于国家秘密"
    assert label_key("3.危及“三安全一稳定”") == label_key('3.危及"三安全一稳定"')
    assert label_key("第二十条第（一）项") != label_key("第二十条第（五）项")
