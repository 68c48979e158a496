"""督查考核 through the HTTP API: plan import (dry run and real), tasks with their `actions`,
report / send back / accept / 督办, schemes and score sheets, records and training, and the
problem+json answers for bad, unbounded or forbidden input."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.disclosure.services import publication_import
from gongkai.foi.tests.cases import docx_upload
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create
from gongkai.supervision.models import Assignment, Escalation, Plan, ScoreSheet

pytestmark = pytest.mark.django_db
API = "/api/v1/staff/supervision"

PLAN = """石城县2025年政务公开工作要点
一、做好政策解读。各单位6月底前完成重要政策解读（县卫健委牵头，木兰乡按职责分工负责）。
二、加强平台建设。每季度报送一次平台建设情况（责任单位：县卫健委、石城县数据局）。
"""


def _headers(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}


@pytest.fixture
def tokens(org_tree, make_user):
    return {
        "office": _headers(make_user("sv-office", org=org_tree["county"], role=Role.ADMIN)),
        "approver": _headers(make_user("sv-approver", org=org_tree["county"], role=Role.APPROVER)),
        "clerk": _headers(make_user("sv-clerk", org=org_tree["dept"], role=Role.EDITOR)),
        "stranger": _headers(make_user("sv-stranger", org=org_tree["sibling"], role=Role.ADMIN)),
    }


def _file(text=PLAN, name="要点.txt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def _post(client, url, data, headers):
    return client.post(url, data=data, content_type="application/json", **headers)


def _import(client, county, headers, *, dry_run, year=2025, text=PLAN):
    url = f"{API}/orgs/{county.pk}/plans/import?year={year}&dry_run={'true' if dry_run else 'false'}"
    return client.post(url, {"file": _file(text)}, **headers)


@time_machine.travel(datetime.datetime(2025, 5, 6, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_import_dry_run_then_import_and_map(client, org_tree, tokens):
    county = org_tree["county"]
    preview = _import(client, county, tokens["office"], dry_run=True)
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["dry_run"] is True and body["plan"] is None and not Plan.objects.exists()
    first, second = body["tasks"]
    assert (first["number"], first["title"], first["due"]) == ("一", "做好政策解读", "2025-06-30")
    assert [u["org"] for u in first["lead"]] == ["shicheng-wjw"] and first["units"][0]["org"] == "shicheng-mulan"
    assert second["recurrence"] == "quarterly" and body["unmatched"] == ["石城县数据局"]

    # Who may not: the approver sees the office but does not run it (403); a stranger gets 404.
    assert _import(client, county, tokens["approver"], dry_run=True).status_code == 403
    assert _import(client, county, tokens["stranger"], dry_run=True).status_code == 404
    assert client.post(f"{API}/orgs/{county.pk}/plans/import?year=2025", {"file": _file()}).status_code == 401
    # Bounded and readable input: a year outside 1949–2100, one the module refuses, an empty text.
    far = _import(client, county, tokens["office"], dry_run=True, year=12025)
    assert far.status_code == 422 and far["Content-Type"].startswith("application/problem+json")
    old = _import(client, county, tokens["office"], dry_run=True, year=1990)
    assert old.status_code == 422 and old.json()["code"] == "bad_year"
    empty = _import(client, county, tokens["office"], dry_run=True, text="无编号的文字")
    assert empty.status_code == 422 and empty.json()["code"] == "plan_unreadable"
    assert not Plan.objects.exists()

    saved = _import(client, county, tokens["office"], dry_run=False)
    assert saved.status_code == 200 and saved.json()["plan"] is not None
    plan_id = saved.json()["plan"]
    listed = client.get(f"{API}/orgs/{county.pk}/plans", **tokens["approver"]).json()
    assert [(p["id"], p["task_count"], p["unmatched"]) for p in listed] == [(plan_id, 2, ["石城县数据局"])]
    assert client.get(f"{API}/orgs/{county.pk}/plans?page_size=101", **tokens["office"]).status_code == 422
    detail = client.get(f"{API}/plans/{plan_id}", **tokens["office"]).json()
    assert [len(t["assignments"]) for t in detail["tasks"]] == [2, 1]
    assert client.get(f"{API}/plans/{plan_id}", **tokens["stranger"]).status_code == 404

    outside = _post(
        client,
        f"{API}/plans/{plan_id}/map",
        {"name": "石城县数据局", "org_id": org_tree["sibling"].pk},
        tokens["office"],
    )
    assert outside.status_code == 422 and outside.json()["code"] == "org_outside"
    mapped = _post(
        client, f"{API}/plans/{plan_id}/map", {"name": "石城县数据局", "org_id": county.pk}, tokens["office"]
    )
    assert mapped.status_code == 200 and mapped.json()["created"] == 1 and mapped.json()["plan"]["unmatched"] == []


@time_machine.travel(datetime.datetime(2025, 5, 6, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_a_unit_reports_the_office_sends_back_accepts_and_presses(client, org_tree, tokens, superuser):
    county, dept = org_tree["county"], org_tree["dept"]
    plan_id = _import(client, county, tokens["office"], dry_run=False).json()["plan"]
    mine = client.get(f"{API}/assignments", **tokens["clerk"]).json()
    # The clerk's 工作台 by due date: 二's first quarter (due 31 March, already late on 6 May),
    # then 一 (due 30 June); each with exactly the action open to the clerk.
    assert [(a["task"]["number"], a["due_on"], a["overdue"], [x["action"] for x in a["actions"]]) for a in mine] == [
        ("二", "2025-03-31", True, ["report"]),
        ("一", "2025-06-30", False, ["report"]),
    ]
    assert client.get(f"{API}/assignments?page_size=0", **tokens["clerk"]).status_code == 422
    quarterly, pk = mine[0]["id"], mine[1]["id"]
    # The office (admin above the unit) may report for it; it may press only the late one.
    office_actions = [x["action"] for x in client.get(f"{API}/assignments/{pk}", **tokens["office"]).json()["actions"]]
    late_actions = client.get(f"{API}/assignments/{quarterly}", **tokens["office"]).json()["actions"]
    assert office_actions == ["report"] and [x["action"] for x in late_actions] == ["report", "escalate"]
    approver_view = client.get(f"{API}/assignments/{quarterly}", **tokens["approver"]).json()
    assert approver_view["actions"] == []  # the leadership sees, but neither reports nor presses
    assert client.get(f"{API}/assignments/{pk}", **tokens["stranger"]).status_code == 404
    early = _post(client, f"{API}/assignments/{pk}/escalate", {"note": "请报送"}, tokens["office"])
    assert early.status_code == 409 and early.json()["code"] == "illegal_transition"

    url = f"{API}/assignments/{pk}"
    assert client.post(f"{url}/report", {"text": ""}, **tokens["clerk"]).status_code == 422
    text_file = SimpleUploadedFile("解读.txt", "政策解读材料".encode(), content_type="text/plain")
    refused = client.post(f"{url}/report", {"text": "已完成。", "files": [text_file]}, **tokens["clerk"])
    assert refused.status_code == 422 and refused.json()["code"] == "attachment_type"
    six = [docx_upload() for _ in range(6)]
    assert client.post(f"{url}/report", {"text": "已完成。", "files": six}, **tokens["clerk"]).status_code == 422
    assert Assignment.objects.get(pk=pk).state == "assigned"  # nothing kept from a refused report
    reported = client.post(
        f"{url}/report", {"text": "已完成两项政策解读。", "files": [docx_upload()]}, **tokens["clerk"]
    )
    assert reported.status_code == 200, reported.content
    body = reported.json()
    assert body["state"] == "reported" and body["reports"][0]["attachments"][0]["name"] == "分配表.docx"
    assert _post(client, f"{url}/return", {"note": "请补充解读链接"}, tokens["clerk"]).status_code == 403
    back = _post(client, f"{url}/return", {"note": "请补充解读链接"}, tokens["office"]).json()
    assert back["state"] == "returned" and back["reports"][0]["review_note"] == "请补充解读链接"
    unknown = client.post(f"{url}/report", {"text": "补充", "links": "99999"}, **tokens["clerk"])
    assert unknown.status_code == 422 and unknown.json()["code"] == "link_not_public"
    assert client.post(f"{url}/report", {"text": "补充", "links": "1,2,x"}, **tokens["clerk"]).status_code == 422
    pub, _ = publication_import(
        actor=superuser, org=dept, title="政策解读：医保新政", body="正文", published_on=datetime.date(2025, 5, 6),
        source_key="api-sv-1",
    )  # fmt: skip
    again = client.post(f"{url}/report", {"text": "补充链接", "links": f"{pub.pk}"}, **tokens["clerk"]).json()
    link = again["reports"][0]["links"][0]
    assert link["title"] == "政策解读：医保新政" and str(pub.pk) in link["url"]
    done = _post(client, f"{url}/accept", {}, tokens["office"]).json()
    assert done["state"] == "done" and done["done_on"] == "2025-05-06" and done["actions"] == []

    progress = client.get(f"{API}/orgs/{county.pk}/progress?year=2025", **tokens["office"]).json()
    assert progress["plan"] == plan_id and [a["id"] for a in progress["overdue"]] == [quarterly]
    wjw = next(u for u in progress["units"] if u["org"]["slug"] == "shicheng-wjw")
    assert (wjw["total"], wjw["done"], wjw["overdue"]) == (2, 1, 1)
    pressed = _post(client, f"{API}/assignments/{quarterly}/escalate", {"note": "请于5月9日前报送"}, tokens["office"])
    assert pressed.status_code == 200 and pressed.json()["escalations"][0]["note"] == "请于5月9日前报送"
    assert Escalation.objects.count() == 1 and Assignment.objects.get(pk=pk).state == "done"


@time_machine.travel(datetime.datetime(2025, 1, 20, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_scheme_compute_publish_and_the_frozen_sheet(client, org_tree, tokens, superuser):
    county, dept, township = org_tree["county"], org_tree["dept"], org_tree["township"]
    for n, (written, published) in enumerate([((2024, 3, 1), (2024, 3, 5)), ((2024, 6, 3), (2024, 8, 1))]):
        publication_import(
            actor=superuser, org=dept, title=f"通知{n}", body="正文", published_on=datetime.date(*published),
            written_on=datetime.date(*written), source_key=f"api-s{n}",
        )  # fmt: skip
    created = _post(client, f"{API}/orgs/{county.pk}/schemes", {"year": 2024}, tokens["office"])
    assert created.status_code == 201
    scheme = created.json()
    assert [u["slug"] for u in scheme["units"]] == ["shicheng-wjw", "shicheng-mulan"]
    assert (
        _post(client, f"{API}/orgs/{county.pk}/schemes", {"year": 2024}, tokens["office"]).json()["code"] == "duplicate"
    )
    assert _post(client, f"{API}/orgs/{county.pk}/schemes", {"year": 2101}, tokens["office"]).status_code == 422
    sid = scheme["id"]
    sources = {s["key"] for s in client.get(f"{API}/sources", **tokens["office"]).json()}
    assert {"foi.on_time", "catalogs.coverage", "inspection.results"} <= sources
    bad = _post(
        client,
        f"{API}/schemes/{sid}/indicators",
        {"code": "A", "name": "x", "weight": "abc", "rule": "proportional", "source": "disclosure.timeliness"},
        tokens["office"],
    )
    assert bad.status_code == 422 and bad.json()["code"] == "bad_number"
    indicator = {
        "code": "A1",
        "name": "按时公开",
        "weight": "20",
        "rule": "proportional",
        "source": "disclosure.timeliness",
    }
    assert _post(client, f"{API}/schemes/{sid}/indicators", indicator, tokens["approver"]).status_code == 403
    assert _post(client, f"{API}/schemes/{sid}/indicators", indicator, tokens["office"]).status_code == 200
    point = {"org_id": township.pk, "points": "-2", "reason": "约谈后整改不到位"}
    assert (
        _post(client, f"{API}/schemes/{sid}/manual-points", {**point, "reason": ""}, tokens["office"]).status_code
        == 422
    )
    assert _post(client, f"{API}/schemes/{sid}/manual-points", point, tokens["office"]).status_code == 200

    sheet = _post(client, f"{API}/schemes/{sid}/compute", {}, tokens["office"]).json()
    # By hand: 县卫健委 published 2 items, one late → 20 × 1/2 = 10.00; 木兰乡 none → 20, −2 → 18.
    assert [(r["org"]["slug"], r["total"], r["rank"]) for r in sheet["ranking"]] == [
        ("shicheng-mulan", "18.00", 1),
        ("shicheng-wjw", "10.00", 2),
    ]
    a1 = next(s for s in sheet["scores"] if s["org"]["slug"] == "shicheng-wjw")
    assert a1["points"] == "10.00" and a1["evidence"][0]["kind"] == "publication" and a1["evidence"][0]["url"]
    assert {a["action"] for a in sheet["actions"]} == {"recompute", "publish"}
    assert client.get(f"{API}/schemes/{sid}/published", **tokens["office"]).status_code == 404
    published = _post(client, f"{API}/sheets/{sheet['id']}/publish", {}, tokens["office"]).json()
    assert published["state"] == "published" and published["actions"] == []
    refused = _post(client, f"{API}/sheets/{sheet['id']}/recompute", {}, tokens["office"])
    assert refused.status_code == 409 and refused.json()["code"] == "illegal_transition"
    # The source changes; a new computation is a new draft, the published sheet stays as it was.
    publication_import(
        actor=superuser, org=dept, title="通知9", body="正文", published_on=datetime.date(2024, 9, 3),
        written_on=datetime.date(2024, 9, 2), source_key="api-s9",
    )  # fmt: skip
    draft = _post(client, f"{API}/schemes/{sid}/compute", {}, tokens["office"]).json()
    assert draft["id"] != sheet["id"] and draft["ranking"][1]["total"] == "13.33"  # 20 × 2/3
    frozen = client.get(f"{API}/schemes/{sid}/published", **tokens["approver"]).json()
    assert frozen["id"] == sheet["id"] and frozen["ranking"][1]["total"] == "10.00"
    assert client.get(f"{API}/sheets/{sheet['id']}", **tokens["stranger"]).status_code == 404
    assert ScoreSheet.objects.count() == 2


@time_machine.travel(datetime.datetime(2025, 6, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_records_and_training(client, org_tree, tokens):
    county, dept, township, sibling = (org_tree[k] for k in ("county", "dept", "township", "sibling"))
    check = {
        "title": "政务公开专项督查", "held_on": "2025-05-20", "unit_ids": [dept.pk, township.pk],
        "findings": "栏目更新不及时", "requirements": "一个月内整改",
    }  # fmt: skip
    made = _post(client, f"{API}/orgs/{county.pk}/special-checks", check, tokens["office"])
    assert made.status_code == 201 and [u["slug"] for u in made.json()["units"]] == ["shicheng-wjw", "shicheng-mulan"]
    outside = _post(
        client, f"{API}/orgs/{county.pk}/special-checks", {**check, "unit_ids": [sibling.pk]}, tokens["office"]
    )
    assert outside.status_code == 422 and outside.json()["code"] == "org_outside"
    missing = _post(client, f"{API}/orgs/{county.pk}/special-checks", {**check, "unit_ids": [987654]}, tokens["office"])
    assert missing.status_code == 422 and missing.json()["code"] == "unknown_org"
    too_old = _post(
        client, f"{API}/orgs/{county.pk}/special-checks", {**check, "held_on": "1900-01-01"}, tokens["office"]
    )
    assert too_old.status_code == 422
    assert _post(client, f"{API}/orgs/{county.pk}/special-checks", check, tokens["approver"]).status_code == 403
    interview = {"unit_id": township.pk, "held_on": "2025-06-01", "reason": "整改不到位", "attendees": "乡长"}
    assert _post(client, f"{API}/orgs/{county.pk}/interviews", interview, tokens["office"]).status_code == 201
    records = client.get(f"{API}/orgs/{county.pk}/records?year=2025", **tokens["approver"]).json()
    assert len(records["special_checks"]) == 1 and records["required_checks"] == 2
    assert records["interviews"][0]["unit"]["slug"] == "shicheng-mulan"
    assert client.get(f"{API}/orgs/{county.pk}/records?year=99999", **tokens["office"]).status_code == 422

    session = {
        "title": "条例解读培训", "held_on": "2025-06-05", "hours": "3", "place": "县政府会议室",
        "attendees": [{"org_id": dept.pk, "name": "张三", "position": "分管领导"}, {"org_id": dept.pk, "name": "李四"}],
    }  # fmt: skip
    assert (
        _post(client, f"{API}/orgs/{county.pk}/training", {**session, "hours": "100"}, tokens["office"]).status_code
        == 422
    )
    added = _post(client, f"{API}/orgs/{county.pk}/training", session, tokens["office"])
    assert added.status_code == 201 and len(added.json()["attendees"]) == 2
    summary = client.get(f"{API}/orgs/{county.pk}/training?year=2025", **tokens["office"]).json()
    assert [(t["org"]["slug"], t["people"], t["hours"]) for t in summary["trained"]] == [("shicheng-wjw", 2, "6.0")]
    assert [u["slug"] for u in summary["untrained"]] == ["shicheng-mulan"]
    assert client.get(f"{API}/orgs/{county.pk}/training", **tokens["stranger"]).status_code == 404
