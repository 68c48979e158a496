"""SearchIndex: the acceptance statements of the issue, filters, sorting, paging, writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import tantivy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search.engine import (
    SCHEMA_VERSION,
    IndexSchemaMismatch,
    SearchDocument,
    SearchFilters,
    SearchIndex,
    SearchResult,
    Sort,
)
from gongkai.search.query import QueryRejected, SynonymTable, default_synonyms
from gongkai.search.tests.conftest import DOCS
from gongkai.search.tests.relevance.corpus import CorpusDoc
from gongkai.search.text import normalize


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


def all_ids(index: SearchIndex, query: str, **kwargs: object) -> set[str]:
    found: set[str] = set()
    page = 1
    while True:
        result = index.search(query, page=page, page_size=100, **kwargs)  # type: ignore[arg-type]
        found.update(ids(result))
        if page * 100 >= result.total:
            return found
        page += 1


# -- acceptance: 繁简, 2-character words, blind spots, 文号, synonyms ---------------------------------


def test_traditional_query_finds_simplified_document(index: SearchIndex) -> None:
    assert ids(index.search("政務公開工作要點")) == ["publication:4"]


def test_simplified_query_finds_traditional_document(index: SearchIndex) -> None:
    assert ids(index.search("医疗保障待遇清单")) == ["interpretation:3"]


@pytest.mark.parametrize(("word", "expected"), [("公开", "publication:4"), ("低保", "publication:2"), ("扶贫", None)])
def test_two_character_words_work(index: SearchIndex, word: str, expected: str | None) -> None:
    found = ids(index.search(word))
    if expected is None:
        assert found == []
    else:
        assert expected in found


def test_zhonghua_renmin_gongheguo_finds_every_document_that_contains_it(
    corpus_index: SearchIndex, corpus: tuple[CorpusDoc, ...]
) -> None:
    containing = {item.doc.id for item in corpus if "中华人民共和国" in normalize(item.doc.title + " " + item.doc.body)}
    assert len(containing) > 20  # the corpus has it in many contexts, mostly inside longer words
    assert all_ids(corpus_index, "中华人民共和国") == containing
    assert all_ids(corpus_index, "中華人民共和國") == containing


def test_shuangsuiji_finds_its_documents_and_not_those_with_its_pieces(
    corpus_index: SearchIndex, corpus: tuple[CorpusDoc, ...]
) -> None:
    expected = {item.doc.id for item in corpus if "双随机一公开" in normalize(item.doc.title + " " + item.doc.body)}
    assert len(expected) > 10
    for spelling in ("双随机一公开", "雙隨機一公開", "双随机、一公开", '"双随机一公开"'):
        assert all_ids(corpus_index, spelling) == expected


@pytest.mark.parametrize(
    "spelling",
    ["赣府厅字〔2024〕15号", "赣府厅字[2024]15号", "赣府厅字（2024）15号", "贛府廳字〔2024〕15號", "2024 15号"],
)
def test_doc_number_in_any_common_spelling_finds_its_document_first(index: SearchIndex, spelling: str) -> None:
    assert ids(index.search(spelling))[0] == "publication:4"


def test_doc_number_outranks_documents_that_merely_cite_it(
    corpus_index: SearchIndex, corpus: tuple[CorpusDoc, ...]
) -> None:
    own = next(item.doc.id for item in corpus if item.doc.doc_number == "赣府厅字〔2024〕15号")
    result = corpus_index.search("赣府厅字[2024]15号")
    assert ids(result)[0] == own
    assert result.total > 1  # citing documents are still found, below it


def test_index_number_whole_or_part_finds_its_document(index: SearchIndex) -> None:
    assert ids(index.search("11360735MB1612345X/2024-00003"))[0] == "publication:1"
    assert ids(index.search("2024-00003"))[0] == "publication:1"


def test_synonym_finds_documents_that_only_use_the_other_word(index: SearchIndex) -> None:
    # publication:2 says only 低保, publication:1 only 最低生活保障.
    assert ids(index.search("最低生活保障")) == ["publication:1"]
    assert set(ids(index.search("最低生活保障", synonyms=default_synonyms()))) == {"publication:1", "publication:2"}
    assert set(ids(index.search("低保", synonyms=default_synonyms()))) == {"publication:1", "publication:2"}
    medical = ids(index.search("医保", synonyms=default_synonyms()))
    assert set(medical) == {"mailbox_reply:5", "interpretation:3"}


def test_admin_synonym_group(index: SearchIndex) -> None:
    table = SynonymTable.from_groups([["面试", "遴选"]])
    assert ids(index.search("遴选")) == []
    assert ids(index.search("遴选", synonyms=table)) == ["publication:6"]


def test_finer_split_finds_a_word_the_document_segmented_differently(tmp_path: Path) -> None:
    # jieba cuts 保护公民个人信息安全 as 保护/公民/个人/信息安全: 个人信息 is no token of it.
    search_index = SearchIndex(tmp_path)
    search_index.add(
        [
            SearchDocument(id="cut-across", type="publication", title="通知", body="保护公民个人信息安全。"),
            SearchDocument(id="whole", type="publication", title="个人信息保护", body="个人信息"),
            SearchDocument(id="apart", type="publication", title="通知", body="个人事项与信息化"),
        ]
    )
    search_index.commit()
    result = search_index.search("个人信息")
    assert ids(result)[0] == "whole"  # the word itself ranks above its parts
    assert set(ids(result)) == {"whole", "cut-across", "apart"}


# -- phrases -------------------------------------------------------------------------------------------


def test_phrase_matches_only_where_the_exact_phrase_occurs(index: SearchIndex) -> None:
    # Both documents have 公开 and 要点 ... only publication:4 has them as one phrase.
    assert set(ids(index.search("政务 公开"))) == {"publication:4", "interpretation:3"}
    assert ids(index.search('"政务公开工作要点"')) == ["publication:4"]
    assert ids(index.search('"工作要点政务公开"')) == []


def test_phrase_starting_inside_a_longer_word_is_found(
    corpus_index: SearchIndex, corpus: tuple[CorpusDoc, ...]
) -> None:
    # 信息公开条例 sits inside the dictionary word 政府信息公开条例.
    expected = {item.doc.id for item in corpus if "信息公开条例" in normalize(item.doc.title + item.doc.body)}
    assert expected
    assert all_ids(corpus_index, '"信息公开条例"') == expected


def test_phrase_total_is_exact_when_every_candidate_was_checked(index: SearchIndex) -> None:
    result = index.search('"政务公开工作要点"')
    assert (result.total, result.approximate) == (1, False)


def test_phrase_beyond_the_candidate_limit_gives_a_lower_bound(tmp_path: Path) -> None:
    search_index = SearchIndex(tmp_path)
    together = [
        SearchDocument(id=f"t{i}", type="publication", title="通知", body="开展政府开放日活动") for i in range(700)
    ]
    apart = [
        SearchDocument(id=f"a{i}", type="publication", title="通知", body="政府开放日另行安排，相关活动取消")
        for i in range(700)
    ]
    search_index.add(together + apart)
    search_index.commit()
    result = search_index.search('"开放日活动"', page_size=10)
    assert result.approximate  # 1,400 candidates, only PHRASE_CANDIDATE_LIMIT checked
    assert 10 <= result.total <= 700
    assert len(result.hits) == 10 and all(hit.id.startswith("t") for hit in result.hits)


def test_phrase_snippet_marks_the_phrase(index: SearchIndex) -> None:
    [hit] = index.search('"政务公开工作要点"').hits
    assert "<mark>政务公开工作要点</mark>" in hit.snippet


# -- hostile input ----------------------------------------------------------------------------------

HOSTILE = [
    '"政务公开',
    '政务"公开""',
    '"""',
    "AND OR NOT ( ) : * ~ ^ [ ] { }",
    "政务 AND 公开 OR NOT 低保",
    "title:低保 body:* ~2 ^3",
    "'; DROP TABLE x; --",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    "".join(chr(i) for i in range(32)),
    "政务\x00公开\x1f",
    "\u200b\ufeff\u202e政务",
    "🙂" * 10,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_results_or_a_clear_message(index: SearchIndex, query: str) -> None:
    try:
        result = index.search(query, synonyms=default_synonyms())
    except QueryRejected as rejected:
        assert rejected.message and all("\u4e00" <= ch <= "\u9fff" or not ch.isalpha() for ch in rejected.message)
    else:
        assert isinstance(result, SearchResult)
        for hit in result.hits:
            assert "<script>" not in hit.snippet and "<script>" not in hit.title_html


def test_ten_thousand_characters_are_rejected_with_a_message(index: SearchIndex) -> None:
    with pytest.raises(QueryRejected) as caught:
        index.search("政务公开" * 2500)
    assert "检索词过长" in caught.value.message


def test_empty_query_without_filters_asks_for_words(index: SearchIndex) -> None:
    for query in ("", "   ", "( ) : *", "，。！"):
        with pytest.raises(QueryRejected) as caught:
            index.search(query)
        assert caught.value.message == "请输入检索词。"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_any_text_returns_results_or_query_rejected(index: SearchIndex, query: str) -> None:
    try:
        result = index.search(query, synonyms=default_synonyms(), best_bets={"低保": ["publication:2"]})
    except QueryRejected:
        return
    assert result.total >= len(result.hits)


@pytest.mark.parametrize(("page", "page_size"), [(0, 20), (1, 0), (1, 101), (600, 20)])
def test_bad_paging_is_rejected(index: SearchIndex, page: int, page_size: int) -> None:
    with pytest.raises(QueryRejected):
        index.search("低保", page=page, page_size=page_size)


def test_unknown_sort_is_rejected(index: SearchIndex) -> None:
    with pytest.raises(QueryRejected):
        index.search("低保", sort="popularity")


# -- filters -------------------------------------------------------------------------------------------


def test_org_filter_includes_the_subtree_by_default(index: SearchIndex) -> None:
    assert set(ids(index.search("", filters=SearchFilters(org_id=3)))) == {
        "publication:1",
        "publication:2",
        "mailbox_reply:5",
    }
    assert set(ids(index.search("", filters=SearchFilters(org_id=1)))) == {
        "publication:1",
        "publication:2",
        "publication:4",
        "mailbox_reply:5",
    }
    assert ids(index.search("", filters=SearchFilters(org_id=3, include_suborgs=False))) == ["publication:2"]


def test_type_filter(index: SearchIndex) -> None:
    assert ids(index.search("医保", filters=SearchFilters(types=("mailbox_reply",)))) == ["mailbox_reply:5"]
    assert ids(index.search("医保", filters=SearchFilters(types=("publication",)))) == []


def test_year_range_and_date_range(index: SearchIndex) -> None:
    in_2023_2024 = set(ids(index.search("", filters=SearchFilters(year_from=2023, year_to=2024))))
    assert in_2023_2024 == {"publication:1", "interpretation:3", "publication:4", "mailbox_reply:5"}
    assert ids(index.search("", filters=SearchFilters(year_to=2021))) == ["publication:6"]
    window = SearchFilters(date_from=dt.date(2023, 9, 1), date_to=dt.date(2024, 1, 5))
    assert set(ids(index.search("", filters=window))) == {"mailbox_reply:5", "publication:1"}
    since = SearchFilters(date_from=dt.date(2024, 1, 6))
    assert ids(index.search("", filters=since)) == ["publication:4"]


def test_validity_kind_catalog_topic_filters(index: SearchIndex) -> None:
    assert ids(index.search("低保 公示", filters=SearchFilters(validity=("有效",)))) == []
    assert ids(index.search("低保 公示", filters=SearchFilters(validity=("失效",)))) == ["publication:2"]
    assert set(ids(index.search("", filters=SearchFilters(kinds=("政策文件",))))) == {"publication:1", "publication:4"}
    assert set(ids(index.search("", filters=SearchFilters(catalog_node=100)))) == {"publication:1", "publication:2"}
    assert ids(index.search("", filters=SearchFilters(catalog_node=101))) == ["publication:1"]
    assert ids(index.search("", filters=SearchFilters(topics=("民政、扶贫、救灾",)))) == ["publication:1"]


def test_facet_counts_by_type(index: SearchIndex) -> None:
    result = index.search("", filters=SearchFilters(org_id=1), with_facets=True)
    assert result.facets["type"] == {"publication": 3, "mailbox_reply": 1}


def test_a_phrases_type_counts_are_those_of_the_items_holding_it(
    corpus_index: SearchIndex, corpus: tuple[CorpusDoc, ...]
) -> None:
    # Ten items have the words 政务公开 and 要点, none has them as one phrase: no count at all.
    assert corpus_index.search("政务公开 要点").total >= 10
    result = corpus_index.search('"政务公开要点"', with_facets=True)
    assert (result.total, result.facets["type"]) == (0, {})

    for phrase in ("信息公开条例", "公开工作"):
        holding = Counter(item.doc.type for item in corpus if phrase in normalize(item.doc.title + item.doc.body))
        assert len(holding) > 2
        result = corpus_index.search(f'"{phrase}"', with_facets=True)
        assert result.facets["type"] == dict(holding)
        assert sum(result.facets["type"].values()) == result.total
        one = corpus_index.search(f'"{phrase}"', filters=SearchFilters(types=("annual_report",)), with_facets=True)
        assert one.facets["type"] == {"annual_report": holding["annual_report"]} == {"annual_report": one.total}


@pytest.mark.parametrize("query", ["", "公开", "政府信息公开", "最低生活保障", "不存在的词语组合"])
def test_one_chosen_types_count_is_the_number_of_its_items_found(
    corpus_index: SearchIndex, corpus: tuple[CorpusDoc, ...], query: str
) -> None:
    # The count of one chosen type is the total, not an aggregation: check it against the items.
    type_of = {item.doc.id: item.doc.type for item in corpus}
    for type_ in sorted(set(type_of.values())):
        for filters in (SearchFilters(types=(type_,)), SearchFilters(types=(type_,), year_from=2022, year_to=2024)):
            found = all_ids(corpus_index, query, filters=filters)
            result = corpus_index.search(query, filters=filters, with_facets=True)
            assert {type_of[item] for item in found} <= {type_}
            assert result.facets["type"] == ({type_: len(found)} if found else {})
            # The same items counted by the aggregation (two types asked, the second one unknown).
            both = corpus_index.search(
                query, filters=dataclasses.replace(filters, types=(type_, "-")), with_facets=True
            )
            assert both.facets["type"] == result.facets["type"]


# -- sorting, paging ----------------------------------------------------------------------------------


def test_sort_by_date(index: SearchIndex) -> None:
    everything = SearchFilters(year_from=2000)
    newest = ids(index.search("", filters=everything, sort=Sort.NEWEST))
    expected = [doc.id for doc in sorted(DOCS, key=lambda doc: doc.date or dt.date.min, reverse=True)]
    assert newest == expected
    assert ids(index.search("", filters=everything, sort="oldest")) == expected[::-1]
    dates = [hit.date or dt.date.min for hit in index.search("公开", sort=Sort.NEWEST).hits]
    assert len(dates) > 1
    assert dates == sorted(dates, reverse=True)


def test_title_match_ranks_above_body_match(tmp_path: Path) -> None:
    search_index = SearchIndex(tmp_path)
    search_index.add(
        [
            SearchDocument(id="body", type="publication", title="工作通知", body="关于异地就医的安排。" * 3),
            SearchDocument(id="title", type="publication", title="异地就医办事指南", body="办理流程如下。" * 3),
        ]
    )
    search_index.commit()
    assert ids(search_index.search("异地就医")) == ["title", "body"]


def test_paging_walks_the_whole_result_without_overlap(corpus_index: SearchIndex) -> None:
    first = corpus_index.search("公开", page=1, page_size=7)
    second = corpus_index.search("公开", page=2, page_size=7)
    assert first.total == second.total > 14
    assert len(first.hits) == len(second.hits) == 7
    assert not set(ids(first)) & set(ids(second))
    assert ids(corpus_index.search("公开", page=1, page_size=14)) == ids(first) + ids(second)


# -- best bets -----------------------------------------------------------------------------------------


def test_best_bets_are_placed_first_in_their_order(index: SearchIndex) -> None:
    bets = {"政务公开": ["publication:6", "publication:2"]}
    result = index.search("政務公開", best_bets=bets)
    assert ids(result)[:2] == ["publication:6", "publication:2"]
    assert [hit.pinned for hit in result.hits[:3]] == [True, True, False]
    assert result.total == index.search("政务公开").total + 2
    assert len(ids(result)) == len(set(ids(result)))


def test_best_bets_respect_filters_paging_and_sort(index: SearchIndex) -> None:
    bets = {"政务公开": ["publication:6", "interpretation:3"]}
    # interpretation:3 matches the query itself: pinned once, not repeated below.
    result = index.search("政务公开", best_bets=bets, page_size=1)
    assert ids(result) == ["publication:6"]
    assert ids(index.search("政务公开", best_bets=bets, page=2, page_size=1)) == ["interpretation:3"]
    assert "publication:6" not in ids(index.search("政务公开", best_bets=bets, filters=SearchFilters(org_id=1)))
    assert "publication:6" not in ids(index.search("政务公开", best_bets=bets, sort=Sort.NEWEST))


# -- writes --------------------------------------------------------------------------------------------


def test_delete_removes_a_document(index: SearchIndex) -> None:
    assert ids(index.search("医保 报销")) == ["mailbox_reply:5"]
    index.delete(["mailbox_reply:5"])
    index.commit()
    assert ids(index.search("医保 报销")) == []


def test_re_adding_the_same_id_replaces_it(index: SearchIndex) -> None:
    changed = dataclasses.replace(DOCS[5], title="关于遴选人民陪审员的公告", version="r2")
    index.add([changed])
    index.add([changed])
    index.commit()
    assert index.num_docs == len(DOCS)
    assert ids(index.search("人民陪审员")) == ["publication:6"]
    assert ids(index.search("招聘 面试")) == []
    assert {entry.id: entry.version for entry in index.entries()}["publication:6"] == "r2"


def test_non_public_item_is_removed_not_indexed(index: SearchIndex) -> None:
    index.add([dataclasses.replace(DOCS[0], public=False)])
    index.commit()
    assert "publication:1" not in {entry.id for entry in index.entries()}
    assert ids(index.search("最低生活保障")) == []


def test_uncommitted_changes_are_invisible_and_rollback_drops_them(index: SearchIndex) -> None:
    index.delete(["publication:4"])
    assert "publication:4" in ids(index.search("工作要点"))
    index.rollback()
    index.commit()
    assert "publication:4" in ids(index.search("工作要点"))


def test_rebuild_replaces_everything_and_index_survives_reopening(tmp_path: Path) -> None:
    search_index = SearchIndex(tmp_path)
    search_index.add(DOCS)
    search_index.commit()
    assert search_index.rebuild(DOCS[:2]) == 2
    search_index.close()
    reopened = SearchIndex(tmp_path)
    assert sorted(entry.id for entry in reopened.entries()) == ["publication:1", "publication:2"]


def test_parallel_preparation_indexes_the_same_documents(tmp_path: Path) -> None:
    serial, parallel = SearchIndex(tmp_path / "serial"), SearchIndex(tmp_path / "parallel")
    serial.add(DOCS)
    parallel.add(DOCS, processes=2)
    serial.commit()
    parallel.commit()
    for query in ("政务公开", "最低生活保障", "醫保", "2024 15号", '"政务公开工作要点"'):
        assert ids(serial.search(query)) == ids(parallel.search(query))


def test_an_index_with_another_schema_is_refused_with_advice(tmp_path: Path) -> None:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("something_else", stored=True)
    (tmp_path / f"v{SCHEMA_VERSION}").mkdir()
    tantivy.Index(builder.build(), path=str(tmp_path / f"v{SCHEMA_VERSION}"))
    with pytest.raises(IndexSchemaMismatch, match="SCHEMA_VERSION"):
        SearchIndex(tmp_path)


def test_document_needs_id_and_type(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="id and a type"):
        SearchIndex(tmp_path).add([SearchDocument(id="", type="publication", title="x")])


# -- snippets and highlighting ------------------------------------------------------------------------


def test_snippet_is_escaped_and_marks_matches(index: SearchIndex) -> None:
    [hit] = index.search("异地就医").hits
    assert "<mark>异地就医</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet


def test_title_is_highlighted_in_its_original_script(index: SearchIndex) -> None:
    [hit] = index.search("医疗保障 清单").hits
    assert hit.title == "醫療保障待遇清單制度政策解讀"
    assert hit.title_html == "<mark>醫療保障</mark>待遇<mark>清單</mark>制度政策解讀"


def test_hit_carries_display_fields(index: SearchIndex) -> None:
    [hit] = index.search("赣府厅字〔2024〕15号").hits
    assert (hit.type, hit.url, hit.kind, hit.doc_number, hit.org_id, hit.date) == (
        "publication",
        "",
        "政策文件",
        "赣府厅字〔2024〕15号",
        2,
        dt.date(2024, 4, 2),
    )
    assert hit.score > 0
