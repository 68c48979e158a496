"""公众参与 through the API, end to end on fixed dates, with its error answers."""

import datetime
import io
import json
import zoneinfo

import openpyxl
import pytest
import time_machine

from gongkai.core.form_tokens import issue_form_token
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create
from gongkai.participation.models import Comment, Message

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TZ), tick=False)


@pytest.fixture
def tokens(org_tree, make_user):
    holders = {
        "editor": ("dept", Role.EDITOR),
        "approver": ("county", Role.APPROVER),
        "admin": ("county", Role.ADMIN),
        "reviewer": ("county", Role.REVIEWER),
        "other": ("sibling", Role.ADMIN),
    }
    result = {}
    for name, (org_key, role) in holders.items():
        user = make_user(f"api-{name}", org=org_tree[org_key], role=role)
        result[name] = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}
    return result


def post(client, url, data, headers=None, **extra):
    return client.post(url, data=json.dumps(data), content_type="application/json", **(headers or {}), **extra)


CONSULTATION = {
    "title": "石城县城区养犬管理规定（征求意见稿）",
    "draft_type": "normative",
    "draft_html": "<p>第一条 为了规范养犬行为，制定本规定。</p><p>第二条 本规定适用于城区。</p>",
    "starts_on": "2025-09-26",
    "ends_on": "2025-10-10",
}


def test_consultation_from_draft_to_published_feedback(client, org_tree, tokens):
    with on(datetime.date(2025, 9, 26)):
        created = post(
            client, "/api/v1/staff/consultations", {**CONSULTATION, "org_id": org_tree["dept"].pk}, tokens["editor"]
        )
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        assert "共5个工作日" in created.json()["period_check"][1]
        book = openpyxl.Workbook()
        book.active.append(["条款", "起草说明"])
        sheet = io.BytesIO()
        book.save(sheet)
        sheet.seek(0)
        sheet.name = "起草说明.xlsx"
        attached = client.post(f"/api/v1/staff/consultations/{pk}/attachments", {"file": sheet}, **tokens["editor"])
        assert attached.status_code == 201 and attached.json()["name"] == "起草说明.xlsx"
        sheet.seek(0)
        sheet.name = "旧稿.xlsx"
        extra = client.post(f"/api/v1/staff/consultations/{pk}/attachments", {"file": sheet}, **tokens["editor"])
        removal = f"/api/v1/staff/consultations/{pk}/attachments/{extra.json()['id']}"
        assert client.delete(removal, **tokens["approver"]).status_code == 403  # the drafters' task
        assert client.delete(removal, **tokens["editor"]).status_code == 204
        gone = client.delete(removal, **tokens["editor"])
        assert gone.status_code == 422 and gone.json()["code"] == "attachment_not_found"
        short = post(client, f"/api/v1/staff/consultations/{pk}/open", {}, tokens["approver"])
        assert short.status_code == 422 and "shortened_reason" in short.json()["errors"]
        changed = client.put(
            f"/api/v1/staff/consultations/{pk}",
            data=json.dumps({**CONSULTATION, "ends_on": "2025-10-13"}),
            content_type="application/json",
            **tokens["editor"],
        )
        assert changed.status_code == 200
        assert post(client, f"/api/v1/staff/consultations/{pk}/open", {}, tokens["approver"]).json()["phase"] == "open"
        assert client.get(f"/api/v1/staff/consultations/{pk}", **tokens["other"]).status_code == 404

    with on(datetime.date(2025, 9, 30)):
        form = {
            "body": "建议增设遛狗区。我的电话13812345678",
            "token": issue_form_token(),
            "paragraph": 2,
            "author_name": "张三",
        }
        first = post(client, f"/api/v1/consultations/{pk}/comments", form)
        again = post(client, f"/api/v1/consultations/{pk}/comments", form)
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"] and Comment.objects.count() == 1
        comment_id = first.json()["id"]
        moderated = post(
            client, f"/api/v1/staff/comments/{comment_id}/moderation", {"moderation": "shown"}, tokens["editor"]
        )
        assert "138****5678" in moderated.json()["public_body"]

    with on(datetime.date(2025, 10, 14)):
        incomplete = post(client, f"/api/v1/staff/consultations/{pk}/feedback", {}, tokens["approver"])
        assert incomplete.status_code == 422 and incomplete.json()["code"] == "feedback_incomplete"
        pending = client.get("/api/v1/staff/consultations-awaiting-feedback", **tokens["approver"]).json()
        assert [(p["id"], p["undecided"]) for p in pending] == [(pk, 1)]
        decided = post(
            client,
            f"/api/v1/staff/comments/{comment_id}/decision",
            {"decision": "adopted", "reason": "已增加第五条。"},
            tokens["editor"],
        )
        assert decided.status_code == 200
        done = post(
            client, f"/api/v1/staff/consultations/{pk}/feedback", {"note": "共收到意见1条。"}, tokens["approver"]
        )
        assert done.json()["phase"] == "feedback_published"
        public = client.get(f"/api/v1/consultations/{pk}").json()
        assert public["feedback"]["groups"][0]["count"] == 1
        assert [a["name"] for a in public["attachments"]] == ["起草说明.xlsx"]
        assert public["comments"] == [
            {
                "id": comment_id,
                "paragraph": 2,
                "text": "建议增设遛狗区。我的电话138****5678",
                "received_on": "2025-09-30",
                "channel": "portal",
                "decision": "adopted",
                "decision_reason": "已增加第五条。",
            }
        ]
        assert "张三" not in json.dumps(public, ensure_ascii=False)
        closed = client.get("/api/v1/consultations", {"which": "closed"}).json()
        assert [c["id"] for c in closed] == [pk]


def test_mailbox_through_the_api(client, org_tree, tokens):
    with on(datetime.date(2025, 9, 26)):
        form = {
            "category": "complain",
            "subject": "路灯损坏",
            "body": "<b>路灯</b>坏了，我叫王小明，手机13912345678。",
            "writer_name": "王小明",
            "writer_phone": "13912345678",
            "token": issue_form_token(),
        }
        receipt = post(client, f"/api/v1/orgs/{org_tree['county'].pk}/mailbox/messages", form)
        assert receipt.status_code == 201
        assert receipt.json()["due_on"] == "2025-10-16"
        code, secret = receipt.json()["code"], receipt.json()["secret"]
        assert post(client, f"/api/v1/orgs/{org_tree['county'].pk}/mailbox/messages", form).json()["code"] == code
        pk = Message.objects.get().pk
        routed = post(
            client, f"/api/v1/staff/messages/{pk}/route", {"handling_org_id": org_tree["dept"].pk}, tokens["admin"]
        )
        assert routed.json()["state"] == "routed"
        hidden = client.get(f"/api/v1/staff/messages/{pk}", **tokens["other"])
        assert hidden.status_code == 404
        illegal = post(client, f"/api/v1/staff/messages/{pk}/review", {"approve": True}, tokens["reviewer"])
        assert illegal.status_code == 409 and illegal.json()["code"] == "illegal_transition"
    with on(datetime.date(2025, 10, 9)):
        post(client, f"/api/v1/staff/messages/{pk}/reply", {"reply": "王小明您好：已修复。"}, tokens["editor"])
        reviewed = post(client, f"/api/v1/staff/messages/{pk}/review", {"approve": True}, tokens["reviewer"])
        assert reviewed.json()["on_wall"] is True
        wall = client.get("/api/v1/mailbox/wall").json()
        text = json.dumps(wall, ensure_ascii=False)
        assert len(wall) == 1 and "王小明" not in text and "13912345678" not in text
        assert wall[0]["body"].startswith("<b>路灯</b>")  # JSON carries the text as typed; pages escape it
        mine = post(client, "/api/v1/mailbox/lookup", {"code": code, "secret": secret}).json()
        assert mine["reply"] == "王小明您好：已修复。" and mine["can_rate"] is True
        assert post(client, "/api/v1/mailbox/lookup", {"code": code, "secret": "nope"}).status_code == 404
        rated = post(client, "/api/v1/mailbox/rate", {"code": code, "secret": secret, "satisfaction": "unsatisfied"})
        # Reopened on 10-09: 10 WD counting Saturday 10-11 (调休上班) → 10-22.
        assert rated.json()["state"] == "reopened" and rated.json()["due_on"] == "2025-10-22"
        stats = client.get(
            "/api/v1/mailbox/statistics", {"org": "shicheng", "start": "2025-09-01", "end": "2025-09-30"}
        )
        body = stats.json()["total"]
        assert (body["received"], body["closed"], body["rated"], body["satisfaction_rate"]) == (1, 0, 1, "0.0")
        assert (
            client.get(f"/api/v1/staff/orgs/{org_tree['county'].pk}/mailbox/overdue", **tokens["editor"]).status_code
            == 403
        )
        assert client.get(f"/api/v1/staff/orgs/{org_tree['county'].pk}/mailbox/overdue", **tokens["admin"]).json() == []


def test_a_flood_from_one_address_is_answered_429(client, org_tree):
    url = f"/api/v1/orgs/{org_tree['county'].pk}/ratings"
    statuses = [
        post(client, url, {"level": 5, "token": issue_form_token()}, REMOTE_ADDR="10.1.2.3").status_code
        for i in range(7)
    ]
    assert statuses == [201] * 5 + [429, 429]
    limited = post(client, url, {"level": 5, "token": issue_form_token()}, REMOTE_ADDR="10.1.2.3")
    assert limited["Content-Type"] == "application/problem+json"
    assert limited.json()["code"] == "rate_limited" and "频繁" in limited.json()["title"]
    # Another address is not affected.
    assert post(client, url, {"level": 2, "token": issue_form_token()}, REMOTE_ADDR="10.9.9.9").status_code == 201


def test_ratings_and_events_through_the_api(client, org_tree, tokens):
    with on(datetime.date(2025, 9, 26)):
        bad = post(client, f"/api/v1/orgs/{org_tree['dept'].pk}/ratings", {"level": 1, "token": issue_form_token()})
        assert bad.json()["rectification_due_on"] == "2025-10-23"
        tasks = client.get("/api/v1/staff/rectifications", **tokens["editor"]).json()
        assert len(tasks) == 1
        closed = post(
            client,
            f"/api/v1/staff/rectifications/{tasks[0]['id']}/close",
            {"result": "rectified", "note": "已整改。"},
            tokens["editor"],
        )
        assert closed.json()["closed_on"] == "2025-09-26"
        stats = client.get(
            "/api/v1/ratings/statistics", {"org": "shicheng", "start": "2025-09-01", "end": "2025-09-30"}
        )
        assert (stats.json()["bad"], stats.json()["rectification_rate"]) == (1, "100.0")

        book = openpyxl.Workbook()
        for row in (["月份", "活动主题", "主办单位", "活动形式"], ["10月", "医疗卫生改革", "县卫健委", "政府开放日"]):
            book.active.append(row)
        data = io.BytesIO()
        book.save(data)
        data.seek(0)
        data.name = "安排表.xlsx"
        imported = client.post(
            f"/api/v1/staff/orgs/{org_tree['county'].pk}/events/import",
            {"year": "2025", "file": data},
            **tokens["admin"],
        )
        assert imported.json() == {"created": 1, "existing": 0}, imported.content
        event = client.get("/api/v1/events", {"year": 2025}).json()[0]
        assert (event["theme"], event["org_name"], event["form_label"]) == (
            "医疗卫生改革",
            "石城县卫生健康委员会",
            "政府开放日",
        )
        opened = client.put(
            f"/api/v1/staff/events/{event['id']}",
            data=json.dumps(
                {
                    "month": 10,
                    "theme": "医疗卫生改革",
                    "held_on": "2025-10-16",
                    "capacity": 1,
                    "registration_open": True,
                }
            ),
            content_type="application/json",
            **tokens["editor"],
        )
        assert opened.json()["places_left"] == 1
        reg = {"participant_name": "赵敏", "participant_phone": "13612345678", "token": issue_form_token()}
        assert post(client, f"/api/v1/events/{event['id']}/registrations", reg).status_code == 201
        full = post(client, f"/api/v1/events/{event['id']}/registrations", {**reg, "token": issue_form_token()})
        assert full.status_code == 409 and full.json()["code"] == "registration_full"
        assert "赵敏" not in client.get(f"/api/v1/events/{event['id']}").content.decode()
        names = client.get(f"/api/v1/staff/events/{event['id']}/registrations", **tokens["editor"]).json()
        assert [n["participant_name"] for n in names] == ["赵敏"]
    with on(datetime.date(2025, 11, 3)):
        overdue = client.get("/api/v1/staff/events-overdue", **tokens["admin"]).json()
        assert [(o["id"], o["due_on"]) for o in overdue] == [(event["id"], "2025-10-30")]


def _write(client, org) -> dict:
    letter = {
        "category": "consult",
        "subject": "路灯",
        "body": "村口路灯坏了。",
        "writer_name": "张三",
        "writer_phone": "13800000000",
        "token": issue_form_token(),
    }
    response = post(client, f"/api/v1/orgs/{org.pk}/mailbox/messages", letter)
    assert response.status_code == 201
    return response.json()


def test_staff_answers_carry_exactly_the_callers_actions(client, org_tree, tokens):
    _write(client, org_tree["county"])
    pk = Message.objects.get().pk
    admin_view = client.get(f"/api/v1/staff/messages/{pk}", **tokens["admin"]).json()
    assert [a["action"] for a in admin_view["actions"]] == ["route", "dismiss"]
    assert admin_view["actions"][0]["label"] == "转办"
    routed = post(
        client, f"/api/v1/staff/messages/{pk}/route", {"handling_org_id": org_tree["dept"].pk}, tokens["admin"]
    ).json()
    # 改派 stays open; the county admin's role covers the department, so it may also reply.
    assert [a["action"] for a in routed["actions"]] == ["route", "reply", "dismiss"]
    editor_view = client.get(f"/api/v1/staff/messages/{pk}", **tokens["editor"]).json()
    assert [a["action"] for a in editor_view["actions"]] == ["reply"]
    with on(datetime.date(2025, 9, 26)):
        created = post(
            client, "/api/v1/staff/consultations", {**CONSULTATION, "org_id": org_tree["dept"].pk}, tokens["editor"]
        ).json()
        assert {a["action"] for a in created["actions"]} == {"update", "attach"}
        approver_view = client.get(f"/api/v1/staff/consultations/{created['id']}", **tokens["approver"]).json()
        assert {a["action"] for a in approver_view["actions"]} == {"open", "withdraw"}
        withdrawn = post(
            client,
            f"/api/v1/staff/consultations/{created['id']}/withdraw",
            {"reason": "暂缓制定。"},
            tokens["approver"],
        )
        assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
        assert withdrawn.json()["actions"] == []


def test_an_officer_without_the_right_gets_no_actions_and_403(client, org_tree, tokens):
    _write(client, org_tree["county"])
    pk = Message.objects.get().pk
    view = client.get(f"/api/v1/staff/messages/{pk}", **tokens["reviewer"])
    assert view.status_code == 200 and view.json()["actions"] == []
    refused = post(
        client, f"/api/v1/staff/messages/{pk}/route", {"handling_org_id": org_tree["dept"].pk}, tokens["reviewer"]
    )
    assert refused.status_code == 403
    assert Message.objects.get().state == "received"


def test_unknown_ids_are_not_found(client, org_tree, tokens):
    _write(client, org_tree["county"])
    pk = Message.objects.get().pk
    for url in ("/api/v1/staff/consultations/987654321", "/api/v1/staff/messages/987654321"):
        assert client.get(url, **tokens["admin"]).status_code == 404, url
    for url, data in (
        ("/api/v1/staff/comments/987654321/moderation", {"moderation": "shown"}),
        ("/api/v1/staff/consultations/987654321/open", {}),
        (f"/api/v1/staff/messages/{pk}/route", {"handling_org_id": 987654321}),
    ):
        assert post(client, url, data, tokens["admin"]).status_code == 404, url


def test_form_tokens_are_issued_by_the_site_and_bound_to_their_content(client, org_tree):
    url = f"/api/v1/orgs/{org_tree['county'].pk}/mailbox/messages"
    form = {"category": "complain", "subject": "路灯损坏", "body": "路灯坏了。", "writer_name": "王小明"}
    form["writer_phone"] = "13912345678"
    made_up = post(client, url, {**form, "token": "0000000000000001"})
    assert made_up.status_code == 422 and made_up.json()["code"] == "token_invalid"
    token = client.get("/api/v1/forms/token").json()["token"]
    first = post(client, url, {**form, "token": token})
    assert first.status_code == 201
    # The same submission again (a retry after a lost answer): the same receipt.
    again = post(client, url, {**form, "token": token})
    assert (again.json()["code"], again.json()["secret"]) == (first.json()["code"], first.json()["secret"])
    # The token reused with another org and another text: a conflict that reveals nothing.
    other_org = f"/api/v1/orgs/{org_tree['dept'].pk}/mailbox/messages"
    reused = post(client, other_org, {**form, "subject": "别的事", "body": "另一件事。", "token": token})
    assert reused.status_code == 409 and reused.json()["code"] == "token_reused"
    assert first.json()["code"] not in reused.content.decode()
    assert first.json()["secret"] not in reused.content.decode()
    assert Message.objects.count() == 1
