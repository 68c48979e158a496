"""The decisions API over HTTP: typed answers with ``actions``, refusals as problem+json, bounds."""

import datetime

import pytest
import time_machine

from gongkai.decisions.models import ProposalUnit
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


def _h(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}


def test_public_decision_and_catalogue(client, decision_in):
    d = decision_in("published")
    body = client.get(f"/api/v1/decisions/items/{d.pk}").json()
    assert body["state"] == "published" and [s["kind"] for s in body["steps"]][-1] == "collective"
    assert body["missing_steps"] == [] and body["actions"] == []
    assert client.get(f"/api/v1/decisions/catalogs/{d.catalog_id}").json()["items"][0]["id"] == d.pk
    assert client.get("/api/v1/decisions/items/99999").status_code == 404


def test_staff_publish_refused_with_problem_json(client, decision_in, people):
    d = decision_in("in_progress", affects_stability=True)
    host, approver = _h(people["host"]), _h(people["approver"])
    got = client.get(f"/api/v1/staff/decisions/items/{d.pk}", **host).json()
    assert [a["action"] for a in got["actions"]] == ["record_step"]
    with time_machine.travel(datetime.date(2025, 3, 3)):
        r = client.post(
            f"/api/v1/staff/decisions/items/{d.pk}/publish",
            data={"decision_html": "<p>a</p>", "interpretation_html": "<p>b</p>"},
            content_type="application/json",
            **approver,
        )
    assert r.status_code == 422 and r["Content-Type"].startswith("application/problem+json")
    assert r.json()["code"] == "decision_steps_missing"
    r = client.post(
        f"/api/v1/staff/decisions/items/{d.pk}/steps",
        data={"kind": "bogus", "status": "done"},
        content_type="application/json",
        **host,
    )
    assert r.status_code == 422
    r = client.post(
        f"/api/v1/staff/decisions/items/{d.pk}/steps",
        data={"kind": "legality", "status": "done", "done_on": "2025-03-03", "summary": "x" * 5001},
        content_type="application/json",
        **host,
    )
    assert r.status_code == 422  # bounded
    assert client.get(f"/api/v1/staff/decisions/items/{d.pk}", **_h(people["stranger"])).status_code == 404


def test_two_units_through_the_api(client, proposal_in, people, org_tree):
    office = _h(people["office"])
    r = client.post(
        f"/api/v1/staff/decisions/orgs/{org_tree['county'].pk}/proposals",
        data={
            "year": 2025,
            "kind": "suggestion",
            "number": "7",
            "author": "王芳",
            "subject": "建议",
            "field": "社会保障",
        },
        content_type="application/json",
        **office,
    )
    assert r.status_code == 201 and [a["action"] for a in r.json()["actions"]] == ["assign"]
    pk = r.json()["id"]
    with time_machine.travel(datetime.date(2025, 1, 31)):
        r = client.post(
            f"/api/v1/staff/decisions/proposals/{pk}/assign",
            data={"lead_org_id": org_tree["dept"].pk, "joint_org_ids": [org_tree["township"].pk]},
            content_type="application/json",
            **office,
        )
    assert r.json()["due_on"] == "2025-04-30" and len(r.json()["units"]) == 2
    for unit in ProposalUnit.objects.filter(proposal_id=pk):
        client.post(
            f"/api/v1/staff/decisions/units/{unit.pk}/draft",
            data={"reply": "已办理"},
            content_type="application/json",
            **office,
        )
        last = client.post(
            f"/api/v1/staff/decisions/units/{unit.pk}/sign",
            data={"signed_by": "张"},
            content_type="application/json",
            **office,
        )
    assert last.json()["state"] == "answered"
    r = client.post(
        f"/api/v1/staff/decisions/proposals/{pk}/evaluate",
        data={"satisfaction": "basic"},
        content_type="application/json",
        **office,
    )
    r = client.post(
        f"/api/v1/staff/decisions/proposals/{pk}/publish",
        data={"mode": "full", "consent": False},
        content_type="application/json",
        **office,
    )
    assert r.status_code == 422 and "consent" in r.json()["errors"]
    client.post(
        f"/api/v1/staff/decisions/proposals/{pk}/publish",
        data={"mode": "full", "consent": True},
        content_type="application/json",
        **office,
    )
    reply = client.get(f"/api/v1/decisions/replies/{pk}").json()
    assert reply["text"] == "已办理" and reply["mode"] == "full"
    summary = client.get(f"/api/v1/decisions/summary/{org_tree['county'].slug}/2025").json()
    assert summary[0]["by_field"] == [{"field": "社会保障", "count": 1}]


def test_meeting_registration_api(client, meeting_in):
    m = meeting_in("announced")
    with time_machine.travel(datetime.date(2025, 6, 5)):
        token = client.get(f"/api/v1/decisions/meetings/{m.pk}/token").json()["token"]
        data = {"token": token, "kind": "observe", "name": "张三", "phone": "13800000002"}
        first = client.post(
            f"/api/v1/decisions/meetings/{m.pk}/registrations", data=data, content_type="application/json"
        )
        again = client.post(
            f"/api/v1/decisions/meetings/{m.pk}/registrations", data=data, content_type="application/json"
        )
        assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
        body = client.get(f"/api/v1/decisions/meetings/{m.pk}").json()
        assert body["registered"] == 2 and "phone" not in str(body)
