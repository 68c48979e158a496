"""html_to_text's shortcut for escaped paragraphs gives what the HTML parser gives."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.disclosure.richtext import html_to_text, html_to_text_parsed, sanitize_html, text_to_html
from gongkai.disclosure.services.bulk_import import plain_text_html

# Characters where a parser and html.unescape could part ways: references, markup, line ends,
# NUL and other controls, non-characters, astral characters.
TRICKY = (
    "&;#x0123456789abcdefABCDEF<>/p\"' \t\n\r\x00\x01\x0c\x7f\x85\xa0\u2028\ufdd0\uffff\U0001f600"
    "政务公开ampltgtnbspquotnotin"
)


@pytest.mark.parametrize(
    "body",
    [
        "<p>政务公开 &amp; 依申请公开</p><p>第二段&nbsp;&lt;附表&gt;&quot;</p>",
        "<p>&amp;notin; &notin &#1; &#x27; &#128;</p>",
        "<p>甲</p>\r\n<p>乙</p>",
        "<p>a<br>b</p>",
        '<p><b>加粗</b>与<a href="https://example.org">链接</a></p>',
        "<h2>标题</h2><ul><li>一</li></ul>",
    ],
)
def test_shortcut_agrees_with_the_parser_on_these_bodies(body):
    assert html_to_text(body) == html_to_text_parsed(body)


@settings(deadline=None, max_examples=400)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=60))
def test_shortcut_agrees_with_the_parser_on_any_stored_body(text):
    # What is stored: an imported body, a typed plain body, a sanitised paste, and raw strings.
    for body in (plain_text_html(text), text_to_html(text), sanitize_html(text), f"<p>{text}</p>", text):
        assert html_to_text(body) == html_to_text_parsed(body), body


def test_the_shortcut_is_taken_for_escaped_paragraphs_only():
    # The shortcut is what keeps an imported body off the parser; markup still goes through it.
    from gongkai.disclosure.richtext import _is_escaped_text

    def bare(body: str) -> str:
        return body.replace("<p>", "").replace("</p>", "")

    assert _is_escaped_text(bare(plain_text_html('第一段 & <不是标签> "引号"\n第二段\xa0')))
    for body in ("<p><b>加粗</b></p>", "<p>&#1;</p>", "<p>甲\r乙</p>", "<p>&copy;</p>"):
        assert not _is_escaped_text(bare(body)), body
