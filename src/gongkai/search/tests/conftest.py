"""Fixtures: small indexes in temporary directories. Only `own_index` touches Django (its
settings); nothing here needs a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.search.engine import SearchDocument, SearchIndex
from gongkai.search.tests.relevance.corpus import CorpusDoc, build_corpus

# Org tree: 1 province > 2 city > 3 county > 31 county department; 9 elsewhere.
DOCS = [
    SearchDocument(
        id="publication:1",
        type="publication",
        title="关于提高城乡居民最低生活保障标准的通知",
        body="自2024年1月1日起，城市居民最低生活保障标准提高到每人每月800元。",
        url="/gk/1/",
        org_id=31,
        org_path=(1, 2, 3, 31),
        kind="政策文件",
        catalog_nodes=(100, 101),
        topics=("民政、扶贫、救灾",),
        date=dt.date(2024, 1, 5),
        validity="有效",
        doc_number="石府办字〔2024〕3号",
        index_number="11360735MB1612345X/2024-00003",
        version="r1",
    ),
    SearchDocument(
        id="publication:2",
        type="publication",
        title="城乡低保资金发放情况公示",
        body="本季度全县发放低保金741万元，低保对象2869户。",
        org_id=3,
        org_path=(1, 2, 3),
        kind="通知公告",
        catalog_nodes=(100,),
        date=dt.date(2022, 6, 1),
        validity="失效",
        version="r1",
    ),
    SearchDocument(
        id="interpretation:3",
        type="interpretation",
        title="醫療保障待遇清單制度政策解讀",
        body="醫療保障待遇清單制度明確了基本制度、基本政策。政務公開工作按要求推進。",
        org_id=9,
        org_path=(9,),
        kind="政策解读",
        date=dt.date(2023, 3, 9),
        validity="有效",
        version="r1",
    ),
    SearchDocument(
        id="publication:4",
        type="publication",
        title="江西省人民政府办公厅关于印发2024年江西省政务公开工作要点的通知",
        body="现将《2024年江西省政务公开工作要点》印发给你们。全面推行“双随机、一公开”监管。",
        org_id=2,
        org_path=(1, 2),
        kind="政策文件",
        date=dt.date(2024, 4, 2),
        validity="有效",
        doc_number="赣府厅字〔2024〕15号",
        version="r1",
    ),
    SearchDocument(
        id="mailbox_reply:5",
        type="mailbox_reply",
        title="咨询医保报销问题",
        body="您好！办理异地就医备案后，可在就医地直接结算，医保按规定报销。<script>alert(1)</script>",
        org_id=31,
        org_path=(1, 2, 3, 31),
        kind="信箱回复",
        date=dt.date(2023, 9, 2),
        version="r1",
    ),
    SearchDocument(
        id="publication:6",
        type="publication",
        title="关于公开招聘事业单位工作人员面试的公告",
        body="面试采取随机抽取方式确定顺序，实行双向选择，一经公布不再更改，成绩公开。",
        org_id=9,
        org_path=(9,),
        kind="通知公告",
        date=dt.date(2021, 7, 1),
        validity="有效",
        version="r1",
    ),
]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    search_index = SearchIndex(tmp_path)
    search_index.add(DOCS)
    search_index.commit()
    yield search_index
    search_index.close()


@pytest.fixture(scope="session")
def corpus() -> tuple[CorpusDoc, ...]:
    return build_corpus()


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, corpus: tuple[CorpusDoc, ...]) -> SearchIndex:
    """The relevance corpus, indexed once per test session; tests only read it."""
    search_index = SearchIndex(tmp_path_factory.mktemp("corpus-index"))
    search_index.add(item.doc for item in corpus)
    search_index.commit()
    search_index.close()
    return search_index


@pytest.fixture
def own_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    """The app's index (indexer.get_index) in a temporary directory, indexed only when a test
    runs the indexer; the process's writer lock is released afterwards."""
    from gongkai.search import indexer

    settings.GONGKAI_SEARCH_DIR = str(tmp_path / "index")
    settings.GONGKAI_SEARCH_INLINE = False
    yield
    indexer.close_index()
