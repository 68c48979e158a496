"""A NUL character anywhere in a request's text is refused with 400 before any view runs
(PostgreSQL cannot store or compare one), and ordinary text with "%00" in it is not."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_query_string_is_a_chinese_problem(client):
    response = client.get("/api/v1/publications", {"org": "shi\x00cheng"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert json.loads(response.content)["code"] == "nul_character"


def test_nul_in_a_json_body_and_in_a_form_is_refused(client, org_tree):
    body = json.dumps({"subject": "关于\x00路灯", "body": "x"})
    api = client.post(f"/api/v1/orgs/{org_tree['dept'].pk}/mailbox/messages", body, content_type="application/json")
    assert api.status_code == 400 and json.loads(api.content)["code"] == "nul_character"
    page = client.post("/org/shicheng-wjw/foi/apply/", {"name": "张\x00三"})
    assert page.status_code == 400
    assert "控制字符" in page.content.decode()


def test_percent_zero_zero_typed_as_text_in_json_is_not_a_nul(client):
    body = json.dumps({"method": "by_page", "note": "增长100%00"})
    response = client.post("/api/v1/health", body, content_type="application/json")
    assert response.status_code == 405  # reached the API (which does not take POST here), not refused as NUL
