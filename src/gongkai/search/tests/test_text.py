"""The text pipeline: normalisation and segmentation, identical at index and query time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search import text
from gongkai.search.tests.relevance.corpus import SEED_DIR


def test_traditional_becomes_simplified() -> None:
    assert text.normalize("政務公開 雙隨機一公開 醫療保障") == "政务公开 双随机一公开 医疗保障"


def test_full_width_letters_and_digits_become_ascii_and_case_folds() -> None:
    assert text.normalize("ＡＢＣ１２３／２０２４－０００１２ Gov") == "abc123/2024-00012 gov"


def test_full_width_punctuation_is_kept_for_display() -> None:
    assert text.normalize("通知（试行），如下：") == "通知（试行），如下："


def test_whitespace_and_control_characters_collapse_to_one_space() -> None:
    assert text.normalize("政务\x00\x01公开\n\n\u3000\u3000工作\t要点") == "政务 公开 工作 要点"


def test_official_spelling_with_enumeration_comma_is_folded() -> None:
    assert text.normalize("“双随机、一公开”监管") == "“双随机一公开”监管"


def test_long_word_yields_its_dictionary_sub_words() -> None:
    # jieba keeps 中华人民共和国政府 as one word: the blind spot of the issue.
    tokens = text.tokenize_for_index("根据中华人民共和国政府的规定")
    for word in ("中华人民共和国政府", "中华人民共和国", "人民", "共和国", "政府"):
        assert word in tokens


def test_domain_terms_stay_whole() -> None:
    for term in ("双随机一公开", "政务公开", "依申请公开", "放管服", "一网通办", "好差评", "预决算", "最低生活保障"):
        assert text.tokenize_query(f"开展{term}工作") == ["开展", term, "工作"]


def test_two_character_words_are_tokens() -> None:
    assert text.tokenize_query("公开 扶贫 低保") == ["公开", "扶贫", "低保"]


def test_query_tokens_drop_punctuation_and_operators() -> None:
    assert text.tokenize_query('AND ( ) : * ~ ^ [ ] { } "低保"') == ["and", "低保"]


def test_admin_domain_terms_change_segmentation() -> None:
    term = "赣服通办"  # not in the shipped list
    assert text.tokenize_query(term) != [term]
    assert text.add_domain_terms([term, "赣服通办"]) == 1
    assert text.tokenize_query(f"推进{term}") == ["推进", term]
    assert term in text.domain_terms()
    assert text.add_domain_terms([term]) == 0


def test_fallback_parts_cover_the_word_with_words() -> None:
    assert text.fallback_parts("个人信息") == ("个人", "信息")
    assert text.fallback_parts("中华人民共和国") == ("中华人民", "共和国")
    assert text.fallback_parts("保障局") == ()  # only 保障 + 局: no single characters
    assert text.fallback_parts("公开") == ()
    assert text.fallback_parts("abc123") == ()


def test_html_to_text_keeps_visible_text_only() -> None:
    assert text.html_to_text("<p>政务<b>公开</b></p><p>要点</p>").split() == ["政务公开", "要点"]


_SEED_TEXT = text.normalize("".join(path.read_text(encoding="utf-8") for path in sorted(SEED_DIR.glob("*.txt"))))
_LONG_TERMS = sorted(term for term in text.domain_terms() if len(term) >= 3)


@settings(max_examples=400, deadline=None)
@given(
    term=st.sampled_from(_LONG_TERMS),
    position=st.integers(min_value=0, max_value=len(_SEED_TEXT) - 1),
    before=st.integers(min_value=0, max_value=4),
    after=st.integers(min_value=0, max_value=4),
)
def test_a_domain_term_is_found_whatever_surrounds_it(term: str, position: int, before: int, after: int) -> None:
    """Wherever a (3+ character) domain term is dropped into real text, every query token of
    the term is an index token of the text: segmentation of the context cannot hide it."""
    context = _SEED_TEXT[max(0, position - before) : position] + term + _SEED_TEXT[position : position + after]
    index_tokens = set(text.tokenize_for_index(context))
    assert all(token in index_tokens for token in text.tokenize_query(term))


def test_zhonghua_renmin_gongheguo_is_a_token_in_every_context() -> None:
    for context in (
        "中华人民共和国政府信息公开条例",
        "中华人民共和国国务院令",
        "中华人民共和国宪法",
        "庆祝中华人民共和国成立75周年",
    ):
        assert "中华人民共和国" in text.tokenize_for_index(context)


_PIECE = st.one_of(
    st.sampled_from(
        ["政務公開", "双随机、", "一公开", "ＡＢＣ１２３", "\u3000", "\n", " ", "\x07", "\ue000", "中华人民共和国政府"]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(_PIECE, max_size=8).map("".join), min_size=1, max_size=3))
def test_parts_in_one_pass_equal_each_text_alone(texts: list[str]) -> None:
    """Indexing joins a document's title and body for one normalize and one cut: the result
    must be what each text gives alone (the joining character is removed from the input)."""
    alone = [text.normalize(t.replace("\ue000", " ")) for t in texts]
    assert text.normalize_parts(*texts) == alone
    assert text.index_text_parts(*alone) == [text.index_text(t) for t in alone]


def test_parts_in_one_pass_on_the_seed_pages() -> None:
    title, body = "關於印發2024年政務公開工作要點的通知", _SEED_TEXT[:3000]
    assert text.normalize_parts(title, body) == [text.normalize(title), text.normalize(body)]
    parts = text.index_text_parts(*text.normalize_parts(title, body))
    assert parts == [text.index_text(text.normalize(title)), text.index_text(text.normalize(body))]
