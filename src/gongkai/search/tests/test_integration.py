"""Search over the real stack: publishing makes an item findable, withdrawing removes it, the
indexer catches up after a crash, and the portal, API and CLI share one search function."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.disclosure import services
from gongkai.disclosure.tests.conftest import content
from gongkai.orgs.roles import Role
from gongkai.search import indexer
from gongkai.search.models import ZeroResultQuery
from gongkai.search.services import SearchRequest, best_bet_pin, search, synonym_group_add, zero_result_collect

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]


@pytest.fixture
def people(org_tree, make_user):
    return {
        "editor": make_user("editor", org=org_tree["dept"], role=Role.EDITOR),
        "reviewer": make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "approver": make_user("approver", org=org_tree["county"], role=Role.APPROVER),
    }


def publish(people, org_tree, org_key="dept", **overrides):
    publication, _ = services.publication_create_draft(
        actor=people["editor"] if org_key == "dept" else people["approver"],
        org=org_tree[org_key],
        content=content(**overrides),
    )
    services.publication_submit(actor=people["editor"], publication=publication)
    services.publication_decide(actor=people["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=people["approver"], publication=publication, decision="approve")
    return services.publication_publish(actor=people["approver"], publication=publication)


def ids(q, **kwargs):
    return [hit.id for hit in search(SearchRequest(q=q, **kwargs)).hits]


def test_publishing_makes_an_item_findable_and_withdrawing_removes_it(people, org_tree):
    item = publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知", doc_number="石民字〔2025〕8号")
    assert ids("最低生活保障") == []  # not indexed until the indexer runs
    assert indexer.apply_pending().items == 1
    assert ids("最低生活保障") == [f"publication:{item.pk}"]
    services.publication_withdraw(actor=people["approver"], publication=item, reason="重复发布")
    indexer.apply_pending()
    assert ids("最低生活保障") == []
    assert indexer.check().ok


def test_traditional_synonym_doc_number_and_subtree(people, org_tree):
    item = publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知", doc_number="赣府厅字〔2024〕15号")
    other = publish(people, org_tree, title="关于政务公开工作的通知", doc_number="", body_html="<p>推进政务公开。</p>")
    indexer.apply_pending()
    target = f"publication:{item.pk}"
    assert target in ids("最低生活保障")
    assert target in ids("低保")  # synonym: the document only says 最低生活保障
    assert f"publication:{other.pk}" in ids("政務公開")  # traditional query, simplified text
    for spelling in ("赣府厅字〔2024〕15号", "赣府厅字[2024]15号", "2024 15号"):
        assert ids(spelling)[0] == target, spelling
    assert target in ids("最低生活保障", org=org_tree["county"])
    assert ids("最低生活保障", org=org_tree["sibling"]) == []


def test_a_topic_filter_takes_a_category_with_what_is_under_it(people, org_tree):
    """主题分类 is category\\subcategory: 综合政务 finds 综合政务\\政务公开 too, as the lists do;
    a full topic only itself; a category that merely begins alike is not under it."""
    under = publish(people, org_tree, title="关于政务公开工作的通知", topic="综合政务\\政务公开")
    bare = publish(people, org_tree, title="关于政务值班工作的通知", topic="综合政务")
    alike = publish(people, org_tree, title="关于政务服务工作的通知", topic="综合政务类")
    other = publish(people, org_tree, title="关于卫生工作的通知", topic="卫生、体育\\卫生")
    indexer.apply_pending()
    pk = {item.pk: f"publication:{item.pk}" for item in (under, bare, alike, other)}
    assert set(ids("通知", topic="综合政务")) == {pk[under.pk], pk[bare.pk]}
    assert ids("通知", topic="综合政务\\政务公开") == [pk[under.pk]]
    assert ids("通知", topic="卫生、体育\\卫生") == [pk[other.pk]]
    assert ids("通知", topic="卫生") == []
    api = Client().get("/api/v1/search", {"q": "通知", "topic": "综合政务"}).json()
    assert {hit["id"] for hit in api["results"]} == {pk[under.pk], pk[bare.pk]}


def test_admin_synonyms_best_bets_and_zero_result_log(people, org_tree, superuser):
    first = publish(people, org_tree, title="城乡居民医疗保险参保缴费通知", doc_number="")
    second = publish(people, org_tree, title="医疗保险政策问答", doc_number="")
    indexer.apply_pending()
    assert ids("居民医保") == []
    assert ids("居民医保") == []
    # the search wrote nothing; the worker folds the zero-result log into the admins' list
    assert not ZeroResultQuery.objects.exists()
    assert zero_result_collect() == 2
    assert ZeroResultQuery.objects.get().count == 2
    assert ids("居民医保") == []
    call_command("search", "worker", "--once")
    assert ZeroResultQuery.objects.get().count == 3
    synonym_group_add(actor=superuser, terms=["居民医保", "城乡居民医疗保险"])
    assert ids("居民医保") == [f"publication:{first.pk}"]
    best_bet_pin(actor=superuser, query="医疗保险", item_id=f"publication:{second.pk}")
    assert ids("医疗保险")[0] == f"publication:{second.pk}"


def test_a_crash_between_index_commit_and_cursor_loses_nothing(people, org_tree):
    first = publish(people, org_tree, title="第一份通知", doc_number="")
    indexer.apply_pending(crash_after_index=True)  # index written, cursor not moved
    second = publish(people, org_tree, title="第二份通知", doc_number="")
    progress = indexer.apply_pending()
    assert progress.ids == {f"disclosure.publication:{p.pk}" for p in (first, second)}  # idempotent re-apply
    assert sorted(ids("通知")) == sorted([f"publication:{first.pk}", f"publication:{second.pk}"])
    assert indexer.get_index().num_docs == 2
    assert indexer.check().ok


def test_reindex_and_check_commands(people, org_tree, capsys):
    publish(people, org_tree, title="关于公布2025年行政事业性收费目录清单的通知", doc_number="")
    with pytest.raises(Exception):  # noqa: B017 - CommandError, exit 1: the item is missing
        call_command("search", "check")
    assert "缺失：publication:" in capsys.readouterr().out
    call_command("search", "reindex")
    call_command("search", "check")
    assert "索引与数据库一致" in capsys.readouterr().out
    call_command("search", "收费目录", "--json")
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["total"] == 1
    assert set(out["results"][0]) == {"id", "title", "url", "org", "date", "snippet"}
    assert out["results"][0]["org"] == "石城县卫生健康委员会"


def test_masked_text_only_reaches_the_index(people, org_tree):
    body = "<table><tr><th>申请人</th><th>身份证号</th></tr><tr><td>张三丰</td><td>11010519491231002X</td></tr></table>"
    publication, _ = services.publication_create_draft(
        actor=people["editor"], org=org_tree["dept"], content=content(body_html=body, title="临时救助对象公示")
    )
    services.publication_submit(actor=people["editor"], publication=publication)
    services.publication_mask_personal_data(actor=people["reviewer"], publication=publication)
    services.publication_decide(actor=people["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=people["approver"], publication=publication, decision="approve")
    services.publication_publish(actor=people["approver"], publication=publication)
    indexer.apply_pending()
    assert ids("临时救助对象公示") == [f"publication:{publication.pk}"]
    assert ids("11010519491231002X") == [] and ids("张三丰") == []


HOSTILE = [
    '"政务公开',
    "AND OR NOT ( ) : * ~ ^ [ ] { }",
    "'; DROP TABLE disclosure_publication; --",
    "公开" * 5000,
    "\x01\x1f公开\x7f",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_break_the_page_or_the_api(people, org_tree, q):
    publish(people, org_tree, title="推进政务公开工作的通知", doc_number="")
    indexer.apply_pending()
    page = Client().get("/search/", {"q": q})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
    api = Client().get("/api/v1/search", {"q": q})
    assert api.status_code in (200, 422)
    if api.status_code == 422:
        assert api.json()["code"].startswith("search_")


@pytest.mark.parametrize("year", [str(10**30), str(-(10**30)), "0", "10000"])
def test_a_year_outside_the_calendar_is_refused_with_a_message(org_tree, year):
    # A year past 64 bits reached the index's range query and answered 500.
    for params in ({"q": "公开", "year_from": year}, {"q": "公开", "type": "publication", "year_to": year}):
        api = Client().get("/api/v1/search", params)
        assert api.status_code == 422, params
        assert api.json()["code"] == "search_bad_year" and "1949至2100" in api.json()["title"]
    assert Client().get("/api/v1/search", {"q": "公开", "year_from": "2024", "year_to": "2024"}).status_code == 200


def test_a_nul_in_the_query_is_refused_before_the_search(org_tree):
    """NUL is refused for every request (core.middleware.reject_nul_characters), search included."""
    page = Client().get("/search/", {"q": "\x00公开"})
    assert page.status_code == 400 and "控制字符" in page.content.decode()
    api = Client().get("/api/v1/search", {"q": "\x00公开"})
    assert api.status_code == 400 and api.json()["code"] == "nul_character"


def test_portal_search_page_highlights_and_filters(people, org_tree):
    item = publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知", doc_number="")
    indexer.apply_pending()
    html = Client().get("/search/", {"q": "低保"}).content.decode()
    assert f'href="/info/{item.pk}/"' in html
    assert "<mark>" in html
    assert "共找到 1 条结果" in Client().get("/search/", {"q": "低保", "org": "shicheng"}).content.decode()
    assert "共找到 0 条结果" in Client().get("/search/", {"q": "低保", "org": "ruijin"}).content.decode()


def test_inline_indexing_after_commit(people, org_tree, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI_SEARCH_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        item = publish(people, org_tree, title="城市社区管理委员会工作动态", doc_number="")
    assert ids("社区管理委员会") == [f"publication:{item.pk}"]
