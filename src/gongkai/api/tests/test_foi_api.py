"""依申请公开 through the API: public apply and tracking, the staff workflow, error answers."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from gongkai.core.form_tokens import issue_form_token
from gongkai.foi.models import Application
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db

APPLY = {
    "applicant": {
        "kind": "natural_person",
        "name": "李四",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13900139000",
    },
    "request": {"description": "2024年县卫健委部门决算公开表", "info_form": "electronic", "delivery": "online"},
}


@pytest.fixture
def tokens(org_tree, make_user):
    result = {}
    for name, org_key, role in (
        ("officer", "dept", Role.FOI_OFFICER),
        ("admin", "dept", Role.ADMIN),
        ("editor", "dept", Role.EDITOR),
        ("other", "sibling", Role.FOI_OFFICER),
    ):
        user = make_user(f"api-foi-{name}", org=org_tree[org_key], role=role)
        result[name] = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}
    return result


def post(client, url, data, headers=None):
    return client.post(url, data=data, content_type="application/json", **(headers or {}))


@time_machine.travel(datetime.datetime(2025, 9, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_public_apply_track_and_staff_workflow(client, org_tree, tokens):
    form_token = client.get("/api/v1/forms/token").json()["token"]
    created = post(client, "/api/v1/foi/shicheng-wjw/applications", {**APPLY, "submission_token": form_token})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["registration_number"] == "YSQ-2025-0001" and body["due_on"] == "2025-10-30"
    code = body["tracking_code"]
    again = post(client, "/api/v1/foi/shicheng-wjw/applications", {**APPLY, "submission_token": form_token})
    assert again.status_code == 200 and again.json()["repeated_submission"] is True
    assert Application.objects.count() == 1

    number = body["registration_number"]
    assert client.get(f"/api/v1/foi/shicheng-wjw/track/{code}").status_code == 422  # the number is required
    tracked = client.get(f"/api/v1/foi/shicheng-wjw/track/{code}", {"number": number})
    assert tracked.status_code == 200
    assert "李四" not in tracked.content.decode() and "决算" not in tracked.content.decode()
    assert tracked.json()["state_label"] == "已登记"
    wrong = client.get(f"/api/v1/foi/shicheng-wjw/track/{code}x", {"number": number})
    elsewhere = client.get(f"/api/v1/foi/shicheng-mulan/track/{code}", {"number": number})
    wrong_number = client.get(f"/api/v1/foi/shicheng-wjw/track/{code}", {"number": "YSQ-2025-0002"})
    assert wrong_number.status_code == 404
    assert wrong.status_code == elsewhere.status_code == 404
    assert wrong.json()["title"] == elsewhere.json()["title"]

    pk = Application.objects.get().pk
    detail = client.get(f"/api/v1/staff/foi/applications/{pk}", **tokens["officer"]).json()
    assert detail["applicant"]["name"] == "李四" and "第三十三条" in " ".join(detail["clock"]["explanation"])
    assert client.get(f"/api/v1/staff/foi/applications/{pk}", **tokens["other"]).status_code == 404
    assert client.get(f"/api/v1/staff/foi/applications/{pk}", **tokens["editor"]).status_code == 404

    url = f"/api/v1/staff/foi/applications/{pk}"
    assert post(client, f"{url}/accept", {"on": "2025-09-26"}, tokens["officer"]).json()["state"] == "in_progress"
    assert post(client, f"{url}/extension", {"working_days": 21, "reason": "x"}, tokens["admin"]).status_code == 409
    assert post(client, f"{url}/extension", {"working_days": 5, "reason": "x"}, tokens["officer"]).status_code == 403
    ext = post(client, f"{url}/extension", {"working_days": 10, "reason": "需调取档案"}, tokens["admin"])
    assert ext.status_code == 200 and ext.json()["number"] == "县卫健委依申请延期〔2025〕1号"
    twice = post(client, f"{url}/extension", {"working_days": 1, "reason": "x"}, tokens["admin"])
    assert twice.status_code == 409 and twice.json()["code"] == "illegal_transition"
    assert twice["Content-Type"] == "application/problem+json"

    draft = post(client, f"{url}/reply-draft", {"outcome": "disclosed", "provision": "网上获取"}, tokens["officer"])
    assert draft.status_code == 200 and draft.json()["status"] == "draft"
    edited = client.put(
        f"/api/v1/staff/foi/letters/{draft.json()['id']}",
        data={"body": draft.json()["body"] + "\n附：决算公开表。"},
        content_type="application/json",
        **tokens["officer"],
    )
    assert edited.status_code == 200
    reply = post(client, f"{url}/reply", {}, tokens["officer"])
    assert reply.status_code == 200 and reply.json()["number"] == "县卫健委依申请答复〔2025〕1号"
    pdf = client.get(f"/api/v1/staff/foi/letters/{reply.json()['id']}/file?format=pdf", **tokens["officer"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert post(client, f"{url}/close", {}, tokens["officer"]).json()["state"] == "closed"
    tracked = client.get(f"/api/v1/foi/shicheng-wjw/track/{code}", {"number": "YSQ-2025-0001"})
    assert tracked.json()["outcome_label"].endswith("予以公开")


@time_machine.travel(datetime.datetime(2025, 9, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_replying_to_a_withdrawn_case_is_409(client, org_tree, tokens):
    created = post(
        client,
        "/api/v1/staff/foi/applications",
        {**APPLY, "org_id": org_tree["dept"].pk, "channel": "in_person", "submitted_on": "2025-09-26"},
        tokens["officer"],
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/staff/foi/applications/{created.json()['id']}"
    assert post(client, f"{url}/withdraw", {"note": "书面撤回"}, tokens["officer"]).json()["state"] == "withdrawn"
    refused = post(client, f"{url}/reply", {}, tokens["officer"])
    assert refused.status_code == 409
    assert client.get(url, **tokens["officer"]).json()["state"] == "withdrawn"


def test_flood_from_one_address_is_rate_limited(client, org_tree):
    url = "/api/v1/foi/shicheng-wjw/applications"
    for _ in range(5):
        assert post(client, url, {**APPLY, "submission_token": issue_form_token()}).status_code == 201
    flood = post(client, url, {**APPLY, "submission_token": issue_form_token()})
    assert flood.status_code == 429 and "提交过于频繁" in flood.json()["title"]
    assert Application.objects.count() == 5


def test_fee_calculator(client):
    assert client.get("/api/v1/foi/fees/quote", {"method": "by_piece", "quantity": 35}).json()["amount"] == 3000
    assert client.get("/api/v1/foi/fees/quote", {"method": "by_page", "quantity": 250}).json()["amount"] == 4700
    assert client.get("/api/v1/foi/fees/quote", {"method": "both", "quantity": 3}).status_code == 422


@time_machine.travel(datetime.datetime(2025, 9, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_reply_attachments_pass_the_pre_release_scan(client, org_tree, tokens):
    import io

    from docx import Document

    from gongkai.core.models import AuditEvent

    post(client, "/api/v1/foi/shicheng-wjw/applications", {**APPLY, "submission_token": issue_form_token()})
    pk = Application.objects.get().pk
    url = f"/api/v1/staff/foi/applications/{pk}"
    post(client, f"{url}/accept", {"on": "2025-09-26"}, tokens["officer"])
    document = Document()
    document.add_paragraph("补助发放名单")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
    table.cell(1, 0).text, table.cell(1, 1).text = "王五", "11010519491231002X"
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.docx"
    uploaded = client.post(f"{url}/attachments", {"file": buffer}, **tokens["officer"])
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["scan"]["counts"]["id_card"] == 1
    disguised = io.BytesIO(b"<?php system($_GET['x']); ?>")
    disguised.name = "名单.docx"
    assert client.post(f"{url}/attachments", {"file": disguised}, **tokens["officer"]).status_code == 422

    post(client, f"{url}/reply-draft", {"outcome": "disclosed", "provision": "随本答复书提供"}, tokens["officer"])
    blocked = post(client, f"{url}/reply", {}, tokens["officer"])
    assert blocked.status_code == 422 and blocked.json()["code"] == "scan_findings_unresolved"
    assert Application.objects.get().state != "replied"
    allowed = post(client, f"{url}/reply", {"override_reason": "申请人申请的是本人家庭的补助记录"}, tokens["officer"])
    assert allowed.status_code == 200
    override = AuditEvent.objects.get(action="privacy.override")
    assert override.note == "申请人申请的是本人家庭的补助记录" and "11010519491231002X" not in str(override.after)


@time_machine.travel(datetime.datetime(2025, 9, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_actions_are_the_users_and_the_due_date_is_the_stored_one(client, org_tree, tokens):
    created = post(
        client,
        "/api/v1/staff/foi/applications",
        {**APPLY, "org_id": org_tree["dept"].pk, "channel": "in_person", "submitted_on": "2025-09-26"},
        tokens["officer"],
    )
    url = f"/api/v1/staff/foi/applications/{created.json()['id']}"
    accepted = post(client, f"{url}/accept", {"on": "2025-09-26"}, tokens["officer"]).json()
    officer_actions = {a["action"]: a["label"] for a in accepted["actions"]}
    assert "extend" not in officer_actions and "accept" not in officer_actions
    assert officer_actions["draft_reply"] == "起草答复书"
    as_admin = {a["action"] for a in client.get(url, **tokens["admin"]).json()["actions"]}
    assert "extend" in as_admin and "draft_reply" not in as_admin
    assert post(client, f"{url}/extension", {"working_days": 5, "reason": "x"}, tokens["officer"]).status_code == 403
    # The API reads the stored due date: one value for the list, the detail and its clock.
    Application.objects.filter(pk=created.json()["id"]).update(due_on=datetime.date(2025, 12, 31))
    detail = client.get(url, **tokens["officer"]).json()
    assert detail["due_on"] == detail["clock"]["due_on"] == "2025-12-31"
    listed = client.get("/api/v1/staff/foi/applications", **tokens["officer"]).json()
    assert listed[0]["due_on"] == "2025-12-31"


@time_machine.travel(datetime.datetime(2025, 9, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_unknown_consultation_is_404(client, org_tree, tokens):
    created = post(
        client,
        "/api/v1/staff/foi/applications",
        {**APPLY, "org_id": org_tree["dept"].pk, "channel": "in_person", "submitted_on": "2025-09-26"},
        tokens["officer"],
    )
    url = f"/api/v1/staff/foi/applications/{created.json()['id']}"
    answer = post(client, f"{url}/consultations/999999/answer", {"answer": "consent"}, tokens["officer"])
    assert answer.status_code == 404
    decide = post(
        client, f"{url}/appeals/999999/decision", {"result": "upheld", "decided_on": "2025-10-09"}, tokens["officer"]
    )
    assert decide.status_code == 404


@time_machine.travel(datetime.datetime(2025, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_issue14_third_party_notice_and_review_body_through_the_api(client, org_tree, tokens):
    from gongkai.foi import services
    from gongkai.foi.tests.conftest import applicant, request

    officer = org_tree["dept"].memberships.get(role=Role.FOI_OFFICER).user
    app, _ = services.application_register(
        actor=officer,
        org=org_tree["dept"],
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", datetime.date(2025, 9, 26)),
        today=datetime.date(2025, 9, 26),
    )
    services.application_accept(actor=officer, application=app, on=datetime.date(2025, 9, 29))
    consultation = services.application_start_consultation(
        actor=officer, application=app, kind="third_party", party_name="某公司", sent_on=datetime.date(2025, 9, 30)
    )
    services.application_end_consultation(
        actor=officer, consultation=consultation, answer="objection", reasons="商业秘密", on=datetime.date(2025, 10, 9)
    )
    base = f"/api/v1/staff/foi/applications/{app.pk}"
    detail = client.get(base, **tokens["officer"]).json()
    assert "notify_third_party" in [a["action"] for a in detail["actions"]]
    bad = post(client, f"{base}/third-party-notice", {"reasons": "", "disclose_on": "2025-10-09"}, tokens["officer"])
    assert bad.status_code == 422 and {"reasons", "disclose_on"} <= set(bad.json()["errors"])
    ok = post(
        client, f"{base}/third-party-notice", {"reasons": "公共利益", "disclose_on": "2025-10-20"}, tokens["officer"]
    )
    assert ok.status_code == 200 and ok.json()["kind"] == "third_party_notice" and ok.json()["recipient"] == "某公司"
    detail = client.get(base, **tokens["officer"]).json()
    assert detail["consultations"][0]["disclose_on"] == "2025-10-20"
    assert "notify_third_party" not in [a["action"] for a in detail["actions"]]
    rb = f"/api/v1/staff/foi/orgs/{org_tree['dept'].pk}/review-body"
    assert client.get(rb, **tokens["officer"]).json()["name"] == "石城县人民政府"
    put = {"vertical_system": "customs", "body_name": "南昌海关", "reason": "海关系统垂直领导"}
    denied = client.put(rb, data=put, content_type="application/json", **tokens["officer"])
    assert denied.status_code == 403
    done = client.put(rb, data=put, content_type="application/json", **tokens["admin"])
    assert done.status_code == 200 and done.json()["name"] == "南昌海关" and done.json()["source"] == "vertical"
    assert client.get(rb, **tokens["other"]).status_code == 404


def test_assigning_does_not_reveal_which_accounts_exist(client, org_tree, tokens):
    created = post(
        client,
        "/api/v1/staff/foi/applications",
        {**APPLY, "org_id": org_tree["dept"].pk, "channel": "in_person", "submitted_on": "2025-09-26"},
        tokens["officer"],
    )
    url = f"/api/v1/staff/foi/applications/{created.json()['id']}/assign"
    stranger = get_user_model().objects.create_user("not-an-officer", password="x-password-1")
    unknown = post(client, url, {"user_id": 10**9}, tokens["officer"])
    not_officer = post(client, url, {"user_id": stranger.pk}, tokens["officer"])
    assert unknown.status_code == not_officer.status_code == 422
    assert unknown.json()["title"] == not_officer.json()["title"]
    assert unknown.json()["errors"] == not_officer.json()["errors"]
