"""The search service on a GET: a handful of reads, no writes, facets only when asked, and a
vocabulary change seen by the next search through one stamp row."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.search import indexer
from gongkai.search.models import ZeroResultQuery
from gongkai.search.services import SearchRequest, domain_term_add, search, synonym_group_add, zero_result_collect
from gongkai.search.tests.test_integration import people, publish  # noqa: F401 - fixture
from gongkai.search.text import is_domain_term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]


def _writes(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def test_a_search_reads_one_stamp_row_and_writes_nothing(people, org_tree):  # noqa: F811
    publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知", doc_number="")
    indexer.apply_pending()
    search(SearchRequest(q="低保"))  # loads the vocabulary once
    with CaptureQueriesContext(connection) as found:
        assert search(SearchRequest(q="低保")).total == 1
    assert len(found.captured_queries) == 1  # the vocabulary stamp, nothing else
    with CaptureQueriesContext(connection) as nothing:
        assert search(SearchRequest(q="根本不存在的词语组合")).total == 0
    assert _writes(nothing.captured_queries) == []
    assert not ZeroResultQuery.objects.exists()
    assert zero_result_collect() == 1
    assert ZeroResultQuery.objects.get().query == "根本不存在的词语组合"
    assert zero_result_collect() == 0  # the log was consumed


def test_facets_only_when_asked(people, org_tree):  # noqa: F811
    publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知", doc_number="")
    indexer.apply_pending()
    assert search(SearchRequest(q="最低生活保障")).facets == {}
    assert search(SearchRequest(q="最低生活保障", facets=True)).facets == {"type": {"publication": 1}}
    client = Client()
    plain = client.get("/api/v1/search", {"q": "最低生活保障"}).json()
    assert plain["total"] == 1 and plain["facets"] == {}  # same shape as before, counts on request
    asked = client.get("/api/v1/search", {"q": "最低生活保障", "facets": "true"}).json()
    assert asked["facets"] == {"type": {"publication": 1}}
    page = client.get("/search/", {"q": "最低生活保障"}).content.decode()
    assert "政府信息 1" in page  # the portal page asks for the counts


def test_vocabulary_changes_reach_the_next_search(people, org_tree, superuser):  # noqa: F811
    item = publish(people, org_tree, title="城乡居民医疗保险参保缴费通知", doc_number="")
    indexer.apply_pending()
    assert search(SearchRequest(q="居民医保")).total == 0
    synonym_group_add(actor=superuser, terms=["居民医保", "城乡居民医疗保险"])
    assert [h.id for h in search(SearchRequest(q="居民医保")).hits] == [f"publication:{item.pk}"]
    domain_term_add(actor=superuser, term="参保缴费")
    search(SearchRequest(q="通知"))  # the next search reloads the vocabulary, dictionary included
    assert is_domain_term("参保缴费")
