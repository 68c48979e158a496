"""An anonymous read past GONGKAI_ANONYMOUS_QUERY_SECONDS of database time is refused, in Chinese
for people and as problem+json for programs; staff and writes are not bound (core/query_budget.py)."""

import pytest
from django.test import Client

from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_budget_left(settings):
    """Any statement of an anonymous read is past the budget."""
    settings.GONGKAI_ANONYMOUS_QUERY_SECONDS = 1e-9
    settings.GONGKAI_PAGE_CACHE = False


def test_an_anonymous_api_read_past_the_budget_is_a_problem_json_in_chinese(org_tree, no_budget_left):
    response = Client().get("/api/v1/publications", {"org": "shicheng"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "query_too_costly" and "缩小范围" in body["title"]


def test_an_anonymous_page_past_the_budget_says_so_in_chinese(org_tree, no_budget_left):
    response = Client().get("/policies/")
    assert response.status_code == 422
    page = response.content.decode()
    assert "这组查询条件需要检索的信息过多" in page and "<html" in page


def test_signed_in_staff_the_staff_api_and_writes_are_not_bound(org_tree, make_user, superuser, no_budget_left):
    editor = make_user("budget-editor", org=org_tree["county"], role=Role.EDITOR)
    client = Client()
    client.force_login(editor)
    assert client.get("/policies/").status_code == 200
    token = api_token_create(actor=superuser, user=superuser, name="t")[1]
    staff_api = Client().get("/api/v1/staff/foi/applications", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert staff_api.status_code == 200
    # A citizen's write may wait for the writer's lock: not a costly query. (The form answers
    # with its own errors; what matters is that it is not refused as too costly.)
    posted = Client().post("/api/v1/foi/shicheng/applications", data={}, content_type="application/json")
    assert posted.status_code == 422 and posted.json()["code"] != "query_too_costly"


def test_an_authorization_header_does_not_lift_the_bound_from_a_public_read(org_tree, no_budget_left):
    response = Client().get("/api/v1/publications", HTTP_AUTHORIZATION="Bearer made-up")
    assert response.status_code == 422 and response.json()["code"] == "query_too_costly"
