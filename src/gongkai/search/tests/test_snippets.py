"""Snippets and title highlighting: escaped first, then marked."""

from __future__ import annotations

from gongkai.search.snippets import SNIPPET_CHARS, highlight, make_snippet, snippet_from_utf8


def test_markup_in_text_is_escaped_and_only_marks_are_html() -> None:
    snippet = make_snippet('低保<script>alert("x")</script>&', ["低保"])
    assert snippet == "<mark>低保</mark>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"


def test_a_term_containing_markup_is_escaped_inside_its_mark() -> None:
    assert make_snippet("a<b>c", ["<b>"]) == "a<mark>&lt;b&gt;</mark>c"


def test_window_starts_shortly_before_the_most_specific_match() -> None:
    text = "公开" + "甲" * 400 + "最低生活保障标准" + "乙" * 400
    snippet = make_snippet(text, ["公开", "最低生活保障"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>最低生活保障</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) == SNIPPET_CHARS + 2


def test_without_a_match_the_snippet_is_the_start_of_the_text() -> None:
    assert make_snippet("通知正文" * 100, ["低保"]).startswith("通知正文通知正文")


def test_utf8_window_gives_the_same_snippet_as_the_whole_text() -> None:
    text = "前言" * 300 + "关于“双随机一公开”监管的通知" + "后记" * 300
    for terms in (["双随机一公开"], ["不存在"], ["前言"]):
        assert snippet_from_utf8(text.encode(), terms) == make_snippet(text, terms)


def test_title_marks_go_on_the_original_script() -> None:
    assert highlight("醫療保障局ABC", "医疗保障局abc", ["医疗保障", "abc"]) == "<mark>醫療保障</mark>局<mark>ABC</mark>"


def test_control_characters_never_reach_the_html() -> None:
    assert highlight("政务\x00公开", "政务 公开", ["政务"]) == "<mark>政务</mark> 公开"
