"""Every API error is problem+json with a Chinese title and a code, and the OpenAPI says so."""

import json

import pytest

pytestmark = pytest.mark.django_db


def _problem(response):
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = json.loads(response.content)
    assert body["status"] == response.status_code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["title"]), body["title"]
    return body


def test_a_method_the_path_does_not_take_is_a_problem_with_allow(client):
    response = client.delete("/api/v1/health")
    assert response.status_code == 405
    assert _problem(response)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_malformed_json_is_answered_in_chinese(client, org_tree):
    response = client.post("/api/v1/foi/shicheng/applications", data="{bad", content_type="application/json")
    assert response.status_code == 400
    body = _problem(response)
    assert body["code"] == "bad_request"
    assert "Cannot" not in body["title"]


def test_unknown_path_is_a_problem(client):
    assert _problem(client.get("/api/v1/no-such-thing"))["code"] == "not_found"


def test_openapi_documents_the_problem_responses_of_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) > 20
    for operation in operations:
        for status in ("400", "404", "422", "429", "503"):
            content = operation["responses"][status]["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
        assert ("401" in operation["responses"]) is bool(operation.get("security"))
