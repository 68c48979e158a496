import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.privacy.content_checks import (
    WordingRuleSpec,
    check_copied_interpretation,
    compile_wording_pattern,
    compile_wording_rules,
    copied_sentence_share,
    url_resolves,
)
from gongkai.privacy.findings import Kind, Severity
from gongkai.privacy.scanner import CHECK_HIDDEN_LINKS, CHECK_SPAM, scan_text


def content(report, kind):
    return [(f.text, f.severity.value) for f in report.findings if f.kind == kind]


# ------------------------------------------------------------------------------- spam


def test_keyword_chains_and_app_download_strings():
    text = "政务公开工作要点。\n百姓快3|app下载"
    assert content(scan_text(text, checks={CHECK_SPAM}), Kind.SPAM) == [("百姓快3|app下载", "error")]
    assert content(scan_text("扫码下载APP，办事更方便。", checks={CHECK_SPAM}), Kind.SPAM) == [
        ("扫码下载APP", "warning")
    ]


def test_gambling_vocabulary_in_an_enforcement_sentence_is_not_spam():
    text = "严厉打击六合彩、网络赌博等违法犯罪活动。"
    assert scan_text(text, checks={CHECK_SPAM}).findings == ()


def test_short_gambling_line_is_spam_even_without_promotion():
    assert content(scan_text("正文。\n北京赛车\n", checks={CHECK_SPAM}), Kind.SPAM) == [("北京赛车", "error")]


def test_link_farm_needs_a_whitespace_separated_run_of_place_names():
    farm = "多伦县 平塘县 顺义区 辽中县 南乐县 马边彝族自治县 陇南市"
    assert content(scan_text(f"正文。\n{farm}", checks={CHECK_SPAM}), Kind.LINK_FARM) == [(farm, "error")]
    listed = "郏县、鲁山县、叶县、卫东区、高新区、汝州市、舞钢市政府门户网站"
    assert scan_text(listed, checks={CHECK_SPAM}).findings == ()
    short = "多伦县 平塘县 顺义区 辽中县 南乐县"
    assert scan_text(short, checks={CHECK_SPAM}).findings == ()


# ------------------------------------------------------------------------ hidden links


@pytest.mark.parametrize(
    "style",
    [
        "display:none",
        "visibility: hidden",
        "font-size:1px",
        "font-size: 0",
        "position:absolute; left:-9999px",
        "height:0; overflow:hidden",
        "text-indent:-10000px",
        "opacity:0",
    ],
)
def test_links_hidden_with_css_are_reported_with_their_span(style):
    html = f'<p>正文内容。</p><div style="{style}"><a href="http://spam.example/">快3平台</a></div>'
    report = scan_text(html, html=True, checks={CHECK_HIDDEN_LINKS})
    assert [(f.kind, f.text, f.severity) for f in report.findings] == [(Kind.HIDDEN_LINK, "快3平台", Severity.ERROR)]
    finding = report.findings[0]
    assert report.text[finding.start : finding.end] == "快3平台"


def test_visible_links_and_small_but_readable_fonts_are_not_hidden_links():
    html = (
        '<p style="font-size:12px"><a href="http://www.gov.cn/">中国政府网</a></p><span style="font-size:3px">x</span>'
    )
    assert scan_text(html, html=True, checks={CHECK_HIDDEN_LINKS}).findings == ()


def test_hidden_relative_link_is_a_warning():
    html = '<div hidden><a href="/zwgk/">政务公开</a></div>'
    assert [f.severity for f in scan_text(html, html=True).findings] == [Severity.WARNING]


# -------------------------------------------------------------------------- wording


def test_wording_rules_literal_and_regex_with_correction_also_in_traditional_text():
    rules = compile_wording_rules(
        [
            WordingRuleSpec(pattern="十九届五中全会精神", correction="党的十九届五中全会精神"),
            WordingRuleSpec(
                pattern=r"中华人民共和国政府信息公开(?!条例)",
                correction="中华人民共和国政府信息公开条例",
                is_regex=True,
                severity="warning",
            ),
        ]
    )
    text = "學習十九屆五中全會精神。依據中华人民共和国政府信息公开规定。"
    report = scan_text(text, wording_rules=rules)
    assert [(f.text, f.severity.value, f.message) for f in report.findings] == [
        ("十九屆五中全會精神", "error", "严重表述错误，应改为“党的十九届五中全会精神”。"),
        ("中华人民共和国政府信息公开", "warning", "严重表述错误，应改为“中华人民共和国政府信息公开条例”。"),
    ]


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        ("(未闭合", "invalid_pattern"),
        ("(a+)+", "unsafe_pattern"),
        (r"(\d)\1", "unsafe_pattern"),
        ("a*", "invalid_pattern"),
        ("(?=x)", "invalid_pattern"),
        ("   ", "invalid_pattern"),
        ("x" * 201, "invalid_pattern"),
    ],
)
def test_bad_regular_expressions_are_refused_in_chinese(pattern, code):
    with pytest.raises(ValidationFailed) as caught:
        compile_wording_pattern(pattern, is_regex=True)
    assert caught.value.code == code
    assert caught.value.fields["pattern"][0] == caught.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


def test_literal_pattern_with_regex_characters_is_escaped():
    assert compile_wording_pattern("(a+)+", is_regex=False).search("x(a+)+y")


# ------------------------------------------------------------------- metadata, links


def test_missing_metadata():
    report = scan_text("正文", metadata={"title": "关于…的通知", "publisher": " ", "index_number": "X"})
    missing = [f.message for f in report.findings if f.kind == Kind.MISSING_METADATA]
    assert missing == [
        "缺少必填元数据：发布机构。",
        "缺少必填元数据：成文日期。",
        "缺少必填元数据：发布日期。",
        "缺少必填元数据：主题分类。",
    ]
    required = {"title": "信息名称"}
    assert scan_text("正文", metadata={"title": "通知"}, required_metadata=required).findings == ()


def test_internal_links_that_do_not_exist():
    html = (
        '<a href="/zwgk/ok/">有效</a> <a href="/zwgk/gone/">失效</a> <a href="https://www.gov.cn/x">外站</a>'
        ' <a href="https://gk.example.gov.cn/old">本站旧链接</a> <a href="mailto:a@b.cn">信箱</a>'
        ' <a href="#top">顶部</a>'
    )
    existing = {"/zwgk/ok/"}
    report = scan_text(html, html=True, link_exists=existing.__contains__, site_hosts={"gk.example.gov.cn"})
    assert [(f.kind, f.text) for f in report.findings] == [(Kind.BROKEN_LINK, "失效"), (Kind.BROKEN_LINK, "本站旧链接")]


def test_url_resolves_uses_the_urlconf():
    assert url_resolves("/admin/")
    assert not url_resolves("/no-such-page-anywhere/")


# ------------------------------------------------------------- copied interpretations

POLICY = (
    "第一条 为了规范政府信息公开工作，制定本办法。"
    "第二条 行政机关应当及时、准确地公开政府信息。第三条 本办法自发布之日起施行。"
)


def test_copied_sentence_share_counts_verbatim_sentences():
    interpretation = (
        "为了规范政府信息公开工作，制定本办法。行政机关应当及时、准确地公开政府信息。本办法让群众办事更方便快捷。"
    )
    assert copied_sentence_share(interpretation, POLICY) == pytest.approx(2 / 3)
    assert copied_sentence_share("短句。", POLICY) == 0.0


def test_copied_interpretation_threshold():
    copied = "为了规范政府信息公开工作，制定本办法。本办法让群众办事更方便快捷。"
    assert check_copied_interpretation(copied, POLICY) == []  # exactly 50% is not above 50%
    assert len(check_copied_interpretation(copied, POLICY, threshold=0.4)) == 1
    mostly = copied + "行政机关应当及时、准确地公开政府信息。"
    [finding] = scan_text(mostly, policy_text=POLICY).findings
    assert finding.kind == Kind.COPIED_INTERPRETATION
    assert finding.message.startswith("解读中有67%的句子与政策原文完全相同")
