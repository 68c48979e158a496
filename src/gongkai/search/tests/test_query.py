"""Parsing what people type: no syntax but quotes, synonyms, stopwords, limits."""

from __future__ import annotations

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.search.query import (
    MAX_QUERY_CHARS,
    QueryRejected,
    SynonymTable,
    best_bet_key,
    default_synonyms,
    parse_query,
)


def test_words_become_required_units() -> None:
    parsed = parse_query("低保 标准")
    assert [unit.variants[0] for unit in parsed.units] == [("低保",), ("标准",)]
    assert not parsed.phrases


def test_quoted_phrase_keeps_its_text_for_the_exact_check() -> None:
    parsed = parse_query("“政务公开工作要点” 2024")
    assert parsed.phrases == ("政务公开工作要点",)
    assert {unit.variants[0] for unit in parsed.units if unit.phrase} == {("政务公开",), ("工作",), ("要点",)}
    assert [unit.variants[0] for unit in parsed.units if not unit.phrase] == [("2024",)]


def test_unbalanced_quote_reads_as_plain_words() -> None:
    parsed = parse_query('政务 "公开 要点')
    assert not parsed.phrases
    assert [unit.variants[0] for unit in parsed.units] == [("政务",), ("公开",), ("要点",)]


def test_synonym_group_becomes_alternatives_of_one_unit() -> None:
    table = SynonymTable.from_groups([["低保", "最低生活保障"]])
    [unit] = parse_query("低保", synonyms=table).units
    assert unit.variants[0] == ("低保",)
    assert ("最低生活保障",) in unit.variants
    [unit] = parse_query("最低生活保障", synonyms=table).units
    assert ("低保",) in unit.variants


def test_multi_word_synonym_member_is_matched_as_a_sequence() -> None:
    table = SynonymTable.from_groups([["社保卡", "社会保障卡"], ["公积金", "住房 公积金"]])
    [unit] = parse_query("住房 公积金", synonyms=table).units
    assert unit.variants[0] == ("住房", "公积金")
    assert ("公积金",) in unit.variants


def test_default_synonyms_include_the_issue_pairs() -> None:
    table = default_synonyms()
    for word, other in (("低保", "最低生活保障"), ("医保", "医疗保障")):
        [unit] = parse_query(word, synonyms=table).units
        assert (other,) in unit.variants


def test_question_words_are_dropped_unless_nothing_else_is_left() -> None:
    assert [unit.variants[0] for unit in parse_query("如何申请低保").units] == [("申请",), ("低保",)]
    assert [unit.variants[0] for unit in parse_query("如何").units] == [("如何",)]


def test_long_non_domain_word_accepts_a_finer_split_with_lower_weight() -> None:
    [unit] = parse_query("个人信息").units
    assert unit.variants == (("个人信息",), ("个人", "信息"))
    assert unit.weights[0] > unit.weights[1]
    [unit] = parse_query("保障局").units  # no split into single characters
    assert unit.variants == (("保障局",),)


def test_domain_term_has_no_finer_split() -> None:
    [unit] = parse_query("双随机一公开").units
    assert unit.variants == (("双随机一公开",),)


def test_doc_numbers_and_index_numbers_are_recognised() -> None:
    parsed = parse_query("赣府厅字[2024]15号 2024-00012")
    assert [number.key for number in parsed.doc_numbers] == ["2024-15"]
    assert "2024-00012" in parsed.index_numbers


def test_too_long_query_is_rejected_with_a_chinese_message() -> None:
    with pytest.raises(QueryRejected) as caught:
        parse_query("政" * (MAX_QUERY_CHARS + 1))
    assert "检索词过长" in caught.value.message
    assert isinstance(caught.value, ValidationFailed)  # the API turns it into a 422 problem


def test_too_many_words_are_rejected() -> None:
    with pytest.raises(QueryRejected) as caught:
        parse_query(" ".join(f"词{i}" for i in range(40)))
    assert caught.value.code == "search_query_too_many_terms"


def test_best_bet_key_ignores_spacing_quotes_script_and_case() -> None:
    assert best_bet_key('  "政務公開"   Gov ') == best_bet_key("政务公开 gov")
