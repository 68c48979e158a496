"""Filters select exactly the items a plain Python reading of SearchFilters selects, alone and in
any combination, with and without words: whatever plan the engine builds for them (term sets,
ranges, their order), the result set is the reference's."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search.engine import SearchDocument, SearchFilters, SearchIndex

# Org tree: 1 > 2 > 3 > {4, 5}; 6 > 7; 8 alone.
ORG_PATHS = {1: (1,), 2: (1, 2), 3: (1, 2, 3), 4: (1, 2, 3, 4), 5: (1, 2, 3, 5), 6: (6,), 7: (6, 7), 8: (8,)}
TYPES = ("publication", "interpretation", "mailbox_reply")
KINDS = ("政策文件", "通知公告", "工作报告")
TOPICS = ("民政、扶贫、救灾", "教育", "交通")
VALIDITY = ("有效", "失效", "废止")
SUBJECTS = ("低保", "医保")


def _corpus(n: int = 240) -> list[SearchDocument]:
    rng = random.Random(24)
    docs = []
    for i in range(n):
        org = rng.choice([*ORG_PATHS, None])
        dated = rng.random() < 0.9
        docs.append(
            SearchDocument(
                id=f"{TYPES[i % 3]}:{i}",
                type=TYPES[i % 3],
                title=f"关于{SUBJECTS[i % 2]}工作的通知",
                body=f"做好{SUBJECTS[i % 2]}相关工作。",
                org_id=org,
                org_path=ORG_PATHS[org] if org is not None else (),
                kind=rng.choice([*KINDS, ""]),
                catalog_nodes=tuple(rng.sample([10, 11, 12], rng.randint(0, 2))),
                topics=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
                date=dt.date(rng.randint(2018, 2024), rng.randint(1, 12), rng.randint(1, 28)) if dated else None,
                validity=rng.choice([*VALIDITY, ""]),
                version="1",
            )
        )
    return docs


CORPUS = _corpus()


def reference(docs: list[SearchDocument], filters: SearchFilters, word: str = "") -> set[str]:
    """What the filters mean, read literally."""
    f = filters
    out = set()
    for doc in docs:
        if word and word not in doc.title + doc.body:
            continue
        if f.types and doc.type not in f.types:
            continue
        if f.org_id is not None:
            if f.include_suborgs and f.org_id not in doc.org_path:
                continue
            if not f.include_suborgs and doc.org_id != f.org_id:
                continue
        if f.kinds and doc.kind not in f.kinds:
            continue
        if f.catalog_node is not None and f.catalog_node not in doc.catalog_nodes:
            continue
        if f.topics and not set(f.topics) & set(doc.topics):
            continue
        if f.validity and doc.validity not in f.validity:
            continue
        if f.year_from is not None or f.year_to is not None:
            if doc.date is None:
                continue
            if f.year_from is not None and doc.date.year < f.year_from:
                continue
            if f.year_to is not None and doc.date.year > f.year_to:
                continue
        if f.date_from is not None or f.date_to is not None:
            if doc.date is None:
                continue
            if f.date_from is not None and doc.date < f.date_from:
                continue
            if f.date_to is not None and doc.date > f.date_to:
                continue
        out.add(doc.id)
    return out


def found(index: SearchIndex, filters: SearchFilters, word: str = "") -> set[str]:
    result = index.search(word, filters=filters, page_size=100)
    ids = {hit.id for hit in result.hits}
    page = 1
    while page * 100 < result.total:
        page += 1
        ids |= {hit.id for hit in index.search(word, filters=filters, page=page, page_size=100).hits}
    assert len(ids) == result.total  # the total counts exactly the items listed
    return ids


@pytest.fixture(scope="module")
def filter_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index = SearchIndex(Path(tmp_path_factory.mktemp("filters")))
    index.rebuild(CORPUS)
    return index


# Each dimension's values, None standing for "not set" (empty query and no filter is refused).
DIMENSIONS: dict[str, list[dict[str, object]]] = {
    # One type (a third of the items), two (most items: the engine excludes the third instead),
    # every type (no clause at all).
    "types": [{"types": ("publication",)}, {"types": ("interpretation", "mailbox_reply")}, {"types": TYPES}],
    "org": [
        {"org_id": 1},
        {"org_id": 3},
        {"org_id": 4},
        {"org_id": 3, "include_suborgs": False},
        {"org_id": 6},
        {"org_id": 99},
    ],
    "kinds": [{"kinds": ("政策文件",)}, {"kinds": ("通知公告", "工作报告")}],
    "catalog": [{"catalog_node": 11}],
    "topics": [{"topics": ("教育",)}, {"topics": ("教育", "交通")}],
    "validity": [{"validity": ("有效",)}, {"validity": ("失效", "废止")}],
    "years": [{"year_from": 2021}, {"year_to": 2019}, {"year_from": 2020, "year_to": 2022}, {"year_from": 2030}],
    "dates": [
        {"date_from": dt.date(2022, 3, 15)},
        {"date_to": dt.date(2019, 6, 30)},
        {"date_from": dt.date(2020, 1, 1), "date_to": dt.date(2020, 12, 31)},
    ],
}


def _combine(parts: list[dict[str, object]]) -> SearchFilters:
    merged: dict[str, object] = {}
    for part in parts:
        merged.update(part)
    return SearchFilters(**merged)  # type: ignore[arg-type]


def test_the_fixture_corpus_exercises_every_filter(filter_index: SearchIndex) -> None:
    # Every single value selects some but not all items (except the deliberate empty ones), so
    # a filter that were ignored or matched nothing could not pass the comparisons below.
    for values in DIMENSIONS.values():
        for value in values:
            selected = reference(CORPUS, _combine([value]))
            if value in ({"org_id": 99}, {"year_from": 2030}):
                assert not selected
            elif value == {"types": TYPES}:
                assert len(selected) == len(CORPUS)
            else:
                assert 0 < len(selected) < len(CORPUS), value


@pytest.mark.parametrize("word", ["", "低保"])
def test_every_pair_of_filters_selects_what_the_reference_selects(filter_index: SearchIndex, word: str) -> None:
    singles = [[value] for values in DIMENSIONS.values() for value in values]
    pairs = [
        [a, b]
        for (name_a, values_a), (name_b, values_b) in itertools.combinations(DIMENSIONS.items(), 2)
        for a in values_a
        for b in values_b
    ]
    for parts in singles + pairs:
        filters = _combine(parts)
        assert found(filter_index, filters, word) == reference(CORPUS, filters, word), filters


_any_filters = st.builds(
    _combine,
    st.lists(st.sampled_from([value for values in DIMENSIONS.values() for value in values]), min_size=1, max_size=5),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=_any_filters, word=st.sampled_from(["", "低保", "医保"]))
def test_any_combination_selects_what_the_reference_selects(
    filter_index: SearchIndex, filters: SearchFilters, word: str
) -> None:
    assert found(filter_index, filters, word) == reference(CORPUS, filters, word)
