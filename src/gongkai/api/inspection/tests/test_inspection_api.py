"""Every /api/v1/staff/inspection/… route through the HTTP client: what each role sees, the
``actions`` from the tables, 403/404 for other orgs, and problem+json errors."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from gongkai.inspection import services
from gongkai.inspection.models import MediaAccount, Rectification
from gongkai.inspection.tests.fixture_site import main_site, serve
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db
API = "/api/v1/staff/inspection"
TODAY = datetime.datetime(2024, 7, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def people(org_tree, make_user) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, org_key, role in (
        ("county_admin", "county", Role.ADMIN),
        ("dept_admin", "dept", Role.ADMIN),
        ("dept_editor", "dept", Role.EDITOR),
        ("other_admin", "sibling", Role.ADMIN),
    ):
        user = make_user(f"api-insp-{name}", org=org_tree[org_key], role=role)
        token = api_token_create(actor=user, user=user, name="t")[1]
        result[name] = {"user": user, "h": {"HTTP_AUTHORIZATION": f"Bearer {token}"}}
    return result


def call(client, method: str, url: str, who: dict[str, Any] | None, data: Any = None):
    headers = who["h"] if who else {}
    kwargs: dict[str, Any] = {"content_type": "application/json", **headers}
    if data is not None:
        kwargs["data"] = data
    return getattr(client, method)(url, **kwargs)


def problem(response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"]
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def inspected(org_tree, people):
    admin = people["county_admin"]["user"]
    with serve(main_site("http://127.0.0.1:9")) as (origin, _log):
        site = services.site_register(actor=admin, org=org_tree["dept"], name="县卫健委网站", url=origin + "/old/")
        inspection = services.inspection_run(actor=admin, site=site, as_of=datetime.date(2024, 6, 30), timeout=2.0)
    return site, inspection


def test_report(client, people, inspected):
    _site, inspection = inspected
    url = f"{API}/reports/{inspection.pk}"
    body = call(client, "get", url, people["county_admin"]).json()
    assert body["verdict"] == "fail" and body["score"] is None and body["quarter"] == "2024Q2"
    assert next(iter(body["vetoes"])) == "安全、泄密事故等严重问题"
    kinds = {f["kind"] for f in body["findings"]}
    assert {"stale_home", "hijacked_title", "no_interaction_channel", "no_service"} == kinds
    assert all(f["evidence"]["at"] for f in body["findings"])
    # The site's own staff read the report; another county's office does not know it exists.
    assert call(client, "get", url, people["dept_editor"]).status_code == 200
    problem(call(client, "get", url, people["other_admin"]), 404, "not_found")
    problem(call(client, "get", f"{API}/reports/999999", people["county_admin"]), 404)
    problem(call(client, "get", url, None), 401)


def test_rectification_list_and_actions(client, people, inspected):
    site, _inspection = inspected
    editor, office, other = people["dept_editor"], people["county_admin"], people["other_admin"]
    listed = call(client, "get", f"{API}/rectifications", editor).json()
    assert len(listed) == Rectification.objects.filter(site=site).count() == 4
    assert {tuple(a["action"] for a in i["actions"]) for i in listed} == {("submit",)}
    assert call(client, "get", f"{API}/rectifications", other).json() == []
    assert len(call(client, "get", f"{API}/rectifications?page_size=1&page=2", editor).json()) == 1
    problem(call(client, "get", f"{API}/rectifications?page_size=101", editor), 422, "invalid_request")
    problem(call(client, "get", f"{API}/rectifications?page=0", editor), 422)

    pk = listed[0]["id"]
    url = f"{API}/rectifications/{pk}"
    refused = problem(call(client, "post", f"{url}/submit", editor, {"response": ""}), 422, "required")
    assert "response" in refused["errors"]
    problem(call(client, "post", f"{url}/submit", editor, {"response": "x" * 2001}), 422, "invalid_request")
    problem(call(client, "post", f"{url}/submit", other, {"response": "已整改。"}), 404)
    done = call(client, "post", f"{url}/submit", editor, {"response": "已更新首页。"})
    assert done.status_code == 200 and done.json()["state"] == "submitted" and done.json()["actions"] == []
    # The org never verifies its own fix: the office above does.
    problem(call(client, "post", f"{url}/verify", editor, {"note": ""}), 403, "permission_denied")
    seen_by_office = next(i for i in call(client, "get", f"{API}/rectifications", office).json() if i["id"] == pk)
    assert [a["action"] for a in seen_by_office["actions"]] == ["verify", "reopen"]
    problem(call(client, "post", f"{url}/reopen", office, {"note": ""}), 422, "required")
    verified = call(client, "post", f"{url}/verify", office, {"note": "已核验。"}).json()
    assert verified["state"] == "verified" and verified["review_note"] == "已核验。"
    problem(call(client, "post", f"{url}/verify", office, {}), 409, "illegal_transition")
    # Steps only the next inspection takes are not API actions.
    problem(call(client, "post", f"{url}/confirm_fixed", office, {}), 404, "unknown_action")
    assert pk not in {i["id"] for i in call(client, "get", f"{API}/rectifications", office).json()}
    assert pk in {i["id"] for i in call(client, "get", f"{API}/rectifications?unresolved=false", office).json()}


def test_sites_register_and_edit(client, org_tree, people):
    office, editor, other = people["county_admin"], people["dept_editor"], people["other_admin"]
    data = {"org_id": org_tree["dept"].pk, "name": "县卫健委网站", "url": "http://127.0.0.1:9/wjw/"}
    created = call(client, "post", f"{API}/sites", office, data)
    assert created.status_code == 201, created.content
    site = created.json()
    assert site["editable"] and site["latest_report_id"] is None and site["org_name"] == "石城县卫生健康委员会"
    problem(call(client, "post", f"{API}/sites", editor, data), 403, "permission_denied")
    problem(call(client, "post", f"{API}/sites", other, data), 403)
    problem(call(client, "post", f"{API}/sites", office, {**data, "org_id": 10**9}), 404)
    bad = problem(call(client, "post", f"{API}/sites", office, {**data, "url": "ftp://x/"}), 422, "site_invalid")
    assert "url" in bad["errors"]
    problem(call(client, "post", f"{API}/sites", office, {**data, "name": ""}), 422, "invalid_request")

    url = f"{API}/sites/{site['id']}"
    seen = call(client, "get", url, editor).json()
    assert seen["name"] == "县卫健委网站" and seen["editable"] is False
    problem(call(client, "get", url, other), 404)
    change = {**data, "org_id": org_tree["township"].pk, "name": "木兰乡网站", "url": ""}
    moved = call(client, "put", url, office, change)
    assert moved.status_code == 200
    assert moved.json()["org_id"] == org_tree["township"].pk and moved.json()["url"] == ""
    problem(call(client, "put", url, office, {**data, "org_id": org_tree["sibling"].pk}), 403)
    problem(call(client, "put", url, other, data), 404)
    assert [s["id"] for s in call(client, "get", f"{API}/sites", office).json()] == [site["id"]]
    assert call(client, "get", f"{API}/sites", other).json() == []


ACCOUNT = {
    "platform": "wechat",
    "name": "石城卫健",
    "registered_on": "2021-05-01",
    "responsible": "李四",
    "contact": "0797-1234567",
}


@time_machine.travel(TODAY, tick=False)
def test_account_register_edit_entries_and_actions(client, org_tree, people):
    dept_admin, editor, office, other = (
        people["dept_admin"],
        people["dept_editor"],
        people["county_admin"],
        people["other_admin"],
    )
    data = {**ACCOUNT, "org_id": org_tree["dept"].pk}
    problem(call(client, "post", f"{API}/accounts", editor, data), 403, "permission_denied")
    problem(call(client, "post", f"{API}/accounts", other, data), 403)
    problem(call(client, "post", f"{API}/accounts", dept_admin, {**data, "platform": "myspace"}), 422)
    future = problem(call(client, "post", f"{API}/accounts", dept_admin, {**data, "registered_on": "2024-08-01"}), 422)
    assert future["code"] == "account_invalid" and "registered_on" in future["errors"]
    created = call(client, "post", f"{API}/accounts", dept_admin, data)
    assert created.status_code == 201, created.content
    account = created.json()
    assert account["platform_label"] == "微信公众号" and account["posts"] == [] and account["editable"]
    # 动态管理 belongs to the office above; the org itself may only deregister.
    assert [a["action"] for a in account["actions"]] == ["deregister"]
    again = problem(call(client, "post", f"{API}/accounts", dept_admin, data), 422, "account_invalid")
    assert "name" in again["errors"]

    url = f"{API}/accounts/{account['id']}"
    as_editor = call(client, "get", url, editor).json()
    assert as_editor["editable"] is False and as_editor["actions"] == []
    problem(call(client, "get", url, other), 404)
    problem(call(client, "put", url, editor, {**ACCOUNT, "responsible": "王五"}), 403)
    problem(call(client, "put", url, other, ACCOUNT), 404)
    edited = call(client, "put", url, dept_admin, {**ACCOUNT, "responsible": "王五", "has_interaction": False})
    assert edited.json()["responsible"] == "王五" and edited.json()["has_interaction"] is False

    # Manual entries: the org's staff record what they saw.
    early = problem(call(client, "post", f"{url}/posts", editor, {"posted_on": "2020-01-01"}), 422, "invalid_date")
    assert "posted_on" in early["errors"]
    problem(call(client, "post", f"{url}/posts", editor, {"posted_on": "2024-07-01", "title": "x" * 201}), 422)
    problem(call(client, "post", f"{url}/posts", other, {"posted_on": "2024-07-01"}), 404)
    post = call(client, "post", f"{url}/posts", editor, {"posted_on": "2024-07-01", "title": "夏季防溺水提示"})
    assert post.status_code == 201
    assert post.json() == {"posted_on": "2024-07-01", "title": "夏季防溺水提示", "manual": True}
    detail = call(client, "get", url, editor).json()
    assert detail["last_post_on"] == "2024-07-01" and detail["posts"][0]["title"] == "夏季防溺水提示"
    # Reading the feed on demand: none registered yet.
    problem(call(client, "post", f"{url}/feed", editor), 422, "no_feed")

    # 动态管理 through the state table.
    shut = f"{url}/shut_down"
    problem(call(client, "post", shut, editor, {"reason": "更新不及时"}), 403)
    problem(call(client, "post", shut, office, {"reason": "随便"}), 422, "invalid_reason")
    closed = call(client, "post", shut, office, {"reason": "无互动功能"}).json()
    assert closed["status"] == "closed" and closed["status_reason"] == "无互动功能"
    assert [a["action"] for a in closed["actions"]] == ["reinstate", "deregister"]
    problem(call(client, "post", shut, office, {"reason": "无互动功能"}), 409, "illegal_transition")
    problem(call(client, "post", f"{url}/launch", office, {}), 404)
    assert [a["id"] for a in call(client, "get", f"{API}/accounts", editor).json()] == [account["id"]]
    assert call(client, "get", f"{API}/accounts", other).json() == []


@time_machine.travel(TODAY, tick=False)
def test_account_feed_read_on_demand(client, org_tree, people):
    feed = (
        "<?xml version='1.0'?><rss><channel><item><pubDate>Mon, 08 Jul 2024 08:00:00 +0800</pubDate></item>"
        "<item><pubDate>Sat, 01 Jun 2024 08:00:00 +0800</pubDate></item></channel></rss>"
    )
    with serve({"/feed.xml": (200, "application/rss+xml", feed, 0)}) as (origin, _log):
        account = services.account_register(
            actor=people["dept_admin"]["user"],
            org=org_tree["dept"],
            platform="weibo",
            name="石城卫健微博",
            registered_on=datetime.date(2020, 1, 1),
            responsible="王五",
            feed_url=origin + "/feed.xml",
        )
        url = f"{API}/accounts/{account.pk}/feed"
        problem(call(client, "post", url, people["other_admin"]), 404)
        read = call(client, "post", url, people["dept_editor"]).json()
        assert read["new"] == 2 and read["account"]["last_post_on"] == "2024-07-08"
        assert call(client, "post", url, people["dept_editor"]).json()["new"] == 0
    MediaAccount.objects.filter(pk=account.pk).update(feed_url="http://127.0.0.1:9/feed.xml")
    problem(call(client, "post", url, people["dept_editor"]), 422, "feed_unreachable")


def test_wording_rules(client, org_tree, people):
    dept_admin, office, editor, other = (
        people["dept_admin"],
        people["county_admin"],
        people["dept_editor"],
        people["other_admin"],
    )
    data = {"org_id": org_tree["dept"].pk, "pattern": "石城县卫健局", "correction": "石城县卫生健康委员会"}
    problem(call(client, "post", f"{API}/wording-rules", editor, data), 403)
    problem(call(client, "post", f"{API}/wording-rules", other, data), 403)
    short = problem(call(client, "post", f"{API}/wording-rules", dept_admin, {**data, "pattern": "局"}), 422)
    assert short["code"] == "rule_invalid" and "pattern" in short["errors"]
    problem(call(client, "post", f"{API}/wording-rules", dept_admin, {**data, "pattern": "x" * 201}), 422)
    created = call(client, "post", f"{API}/wording-rules", dept_admin, data)
    assert created.status_code == 201 and created.json()["editable"] is True
    rule = created.json()
    problem(call(client, "post", f"{API}/wording-rules", dept_admin, data), 422, "rule_duplicate")
    # The rule is checked on the org's sites (and below), not on its parent's or siblings'.
    patterns = {r.spec.pattern for r in services.wording_rules_for(org_tree["dept"])}
    assert "石城县卫健局" in patterns
    assert "石城县卫健局" not in {r.spec.pattern for r in services.wording_rules_for(org_tree["township"])}

    listed = call(client, "get", f"{API}/wording-rules", editor).json()
    assert [(r["pattern"], r["editable"]) for r in listed] == [("石城县卫健局", False)]
    assert call(client, "get", f"{API}/wording-rules", other).json() == []
    url = f"{API}/wording-rules/{rule['id']}"
    change = {"pattern": "石城县卫计委", "correction": "石城县卫生健康委员会", "source": "石机编〔2019〕1号"}
    problem(call(client, "put", url, editor, change), 403)
    problem(call(client, "put", url, other, change), 404)
    updated = call(client, "put", url, office, change).json()
    assert updated["pattern"] == "石城县卫计委" and updated["source"] == "石机编〔2019〕1号"
    problem(call(client, "delete", url, editor), 403)
    problem(call(client, "delete", url, other), 404)
    assert call(client, "delete", url, dept_admin).status_code == 204
    problem(call(client, "delete", url, dept_admin), 404)
