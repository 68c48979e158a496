"""The 舆情 and press API: typed payloads, problem+json in Chinese, actions from the tables."""

import pytest
import time_machine

from gongkai.opinion.models import Event, EventState, ResponseWindow
from gongkai.opinion.tests.conftest import at
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


def auth(user) -> dict[str, str]:
    _, raw = api_token_create(actor=user, user=user, name="测试")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_register_assess_respond_through_the_api_with_the_clock(client, staff, org_tree):
    headers = auth(staff["admin"])
    body = {
        "org_id": org_tree["county"].pk,
        "title": "网传某乡镇卫生院拒收急诊病人",
        "source": "social",
        "first_seen_at": "2025-06-01T07:00:00+08:00",
        "level": "major",
        "responsible_org_id": org_tree["dept"].pk,
    }
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        created = client.post("/api/v1/staff/opinion/events", body, content_type="application/json", **headers)
        assert created.status_code == 201, created.content
        event = created.json()
        assert event["respond_by"].startswith("2025-06-01T23:00:00")  # UTC of 2025-06-02 07:00 Beijing
        assert event["clock"]["hours_left"] == 23.0 and not event["clock"]["late"]
        assert [a["action"] for a in event["actions"]] == ["assess", "share"]
        pk = event["id"]
        assessed = client.post(
            f"/api/v1/staff/opinion/events/{pk}/assess",
            {"assessment": "属实"},
            content_type="application/json",
            **headers,
        )
        assert assessed.json()["state"] == "assessed"
        early = client.post(
            f"/api/v1/staff/opinion/events/{pk}/respond",
            {"responded_at": "2025-06-01T06:00:00+08:00", "channel": "statement", "response_text": "说明"},
            content_type="application/json",
            **headers,
        )
    assert early.status_code == 422 and early["Content-Type"].startswith("application/problem+json")
    assert early.json()["code"] == "response_invalid"
    assert early.json()["errors"]["responded_at"] == ["回应时间不能早于舆情首次发现时间。"]
    assert Event.objects.get(pk=pk).state == EventState.ASSESSED
    with time_machine.travel(at("2025-06-02 09:00"), tick=False):
        late = client.post(
            f"/api/v1/staff/opinion/events/{pk}/respond",
            {"responded_at": "2025-06-02T08:00:00+08:00", "channel": "statement", "response_text": "说明"},
            content_type="application/json",
            **headers,
        )
    assert late.status_code == 200 and late.json()["clock"]["late"] and late.json()["clock"]["label"] == "超时回应"
    ledger = client.get("/api/v1/staff/opinion/ledger", **headers).json()
    assert [e["id"] for e in ledger["responded"]] == [pk]


def test_unknown_org_and_zero_window_are_422_and_nothing_is_saved(client, staff, org_tree):
    headers = auth(staff["admin"])
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        refused = client.post(
            "/api/v1/staff/opinion/events",
            {
                "org_id": org_tree["county"].pk,
                "title": "x",
                "source": "social",
                "first_seen_at": "2025-06-01T07:00:00+08:00",
                "level": "major",
                "related_org_ids": [999999],
            },
            content_type="application/json",
            **headers,
        )
    assert refused.status_code == 422 and refused.json()["errors"]["related_orgs"] == ["未找到所选的相关单位。"]
    zero = client.put(
        f"/api/v1/staff/opinion/orgs/{org_tree['county'].pk}/windows",
        {"level": "major", "hours": 0},
        content_type="application/json",
        **headers,
    )
    assert zero.status_code == 422 and zero.json()["code"] == "window_invalid"
    assert not Event.objects.exists() and not ResponseWindow.objects.exists()
    ok = client.put(
        f"/api/v1/staff/opinion/orgs/{org_tree['county'].pk}/windows",
        {"level": "major", "hours": 5},
        content_type="application/json",
        **headers,
    )
    assert {w["level"]: w["hours"] for w in ok.json()}["major"] == 5


def test_press_api_and_public_list_bounds(client, staff, org_tree):
    headers = auth(staff["editor"])
    created = client.post(
        "/api/v1/staff/opinion/press",
        {
            "org_id": org_tree["dept"].pk,
            "kind": "online_interview",
            "title": "在线访谈",
            "planned_at": "2025-04-10T10:00:00+08:00",
            "speakers": [{"name": "李明", "post": "主任", "rank": "principal"}],
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert [a["action"] for a in created.json()["actions"]] == ["hold", "cancel"]
    assert client.get(f"/api/v1/opinion/orgs/{org_tree['dept'].slug}/press").json() == []
    assert client.get(f"/api/v1/opinion/orgs/{org_tree['dept'].slug}/press?page_size=1000").status_code == 422
    assert client.get(f"/api/v1/opinion/press/{created.json()['id']}").status_code == 404
    figures = client.get(f"/api/v1/staff/opinion/orgs/{org_tree['dept'].pk}/figures?year=2025", **headers).json()
    assert figures["by_form"]["online_interview"] == 0 and figures["responses"]["total"] == 0
    assert (
        client.get(f"/api/v1/staff/opinion/orgs/{org_tree['dept'].pk}/figures?year=3000", **headers).status_code == 422
    )
