import json
from pathlib import Path

import pytest
from conftest import make_credit_code

from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"


@pytest.fixture
def token_for(make_user, org_tree):
    def factory(role: str | None, org_key: str = "county") -> str:
        user = make_user(f"api-{role}-{org_key}", org=org_tree[org_key] if role else None, role=role)
        _, raw = api_token_create(actor=user, user=user, name="测试")
        return raw

    return factory


def auth(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_health_reports_the_database_after_a_round_trip(client, django_db_setup):
    from django.db import connection

    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}
    assert connection.vendor in {"sqlite", "postgresql"}


def test_openapi_document_matches_the_committed_snapshot(client):
    served = client.get("/api/v1/openapi.json").json()
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert served == committed, "OpenAPI changed: run `gongkai openapi --write` and commit docs/openapi.json"


def test_org_tree_is_public(client, org_tree):
    from pydantic import TypeAdapter

    from gongkai.api.orgs import OrgTreeOut

    response = client.get("/api/v1/orgs")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    # Written out without the schema's validation (api/orgs.py): it still answers the schema.
    TypeAdapter(list[OrgTreeOut]).validate_python(response.json(), strict=True)
    (city,) = response.json()
    assert city["level_label"] == "市" and city["parent_id"] is None
    assert city["slug"] == "ganzhou"
    county = next(c for c in city["children"] if c["slug"] == "shicheng")
    assert {c["slug"] for c in county["children"]} == {"shicheng-wjw", "shicheng-mulan"}


def test_unknown_org_and_unknown_route_are_problem_json(client):
    for path in ("/api/v1/orgs/999999", "/api/v1/no-such-thing"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "not_found"


def test_staff_endpoints_need_a_valid_token(client, token_for):
    for headers in ({}, auth("gk_not-a-real-token"), {"HTTP_AUTHORIZATION": "Token abc"}):
        response = client.get("/api/v1/me", **headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "unauthenticated"
    response = client.get("/api/v1/me", **auth(token_for(Role.EDITOR)))
    assert response.status_code == 200
    assert response.json()["memberships"][0]["role"] == "editor"


def org_payload(**overrides):
    payload = {
        "name": "石城县教育局",
        "level": "department",
        "credit_code": make_credit_code(),
        "slug": "shicheng-jyj",
    }
    payload.update(overrides)
    return payload


def test_county_admin_creates_a_department_through_the_api(client, org_tree, token_for):
    raw = token_for(Role.ADMIN)
    response = client.post(
        "/api/v1/orgs", data=org_payload(parent_id=org_tree["county"].pk), content_type="application/json", **auth(raw)
    )
    assert response.status_code == 201, response.content
    created = Organization.objects.get(slug="shicheng-jyj")
    assert created.parent == org_tree["county"]
    assert AuditEvent.objects.filter(action="org.created", object_id=str(created.pk)).exists()


def test_invalid_credit_code_is_422_problem_json_and_nothing_is_saved(client, org_tree, token_for):
    raw = token_for(Role.ADMIN)
    count = Organization.objects.count()
    response = client.post(
        "/api/v1/orgs",
        data=org_payload(parent_id=org_tree["county"].pk, credit_code="11360735000000010X"),
        content_type="application/json",
        **auth(raw),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "org_invalid"
    assert "校验位" in body["errors"]["credit_code"][0]
    assert Organization.objects.count() == count


def test_malformed_payload_is_422_in_chinese(client, org_tree, token_for):
    response = client.post(
        "/api/v1/orgs", data={"name": "缺字段"}, content_type="application/json", **auth(token_for(Role.ADMIN))
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["errors"]["level"] == ["必填项缺失。"]


def test_editor_may_not_create_orgs_403(client, org_tree, token_for):
    response = client.post(
        "/api/v1/orgs",
        data=org_payload(parent_id=org_tree["county"].pk),
        content_type="application/json",
        **auth(token_for(Role.EDITOR)),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_unknown_role_is_refused_and_duplicate_is_409(client, org_tree, token_for, make_user):
    make_user("newcomer")
    raw = token_for(Role.ADMIN)
    url = f"/api/v1/orgs/{org_tree['dept'].pk}/memberships"
    bad = client.post(url, data={"username": "newcomer", "role": "mayor"}, content_type="application/json", **auth(raw))
    assert bad.status_code == 422
    assert bad.json()["code"] == "unknown_role"
    assert not Membership.objects.filter(user__username="newcomer").exists()
    ok = client.post(url, data={"username": "newcomer", "role": "editor"}, content_type="application/json", **auth(raw))
    assert ok.status_code == 201
    again = client.post(
        url, data={"username": "newcomer", "role": "editor"}, content_type="application/json", **auth(raw)
    )
    assert again.status_code == 409
    assert again.json()["code"] == "membership_exists"


def test_admin_of_a_sibling_cannot_grant_roles_here(client, org_tree, token_for, make_user):
    make_user("newcomer")
    raw = token_for(Role.ADMIN, org_key="sibling")
    response = client.post(
        f"/api/v1/orgs/{org_tree['dept'].pk}/memberships",
        data={"username": "newcomer", "role": "editor"},
        content_type="application/json",
        **auth(raw),
    )
    assert response.status_code == 403
