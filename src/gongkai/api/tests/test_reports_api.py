"""年度报告 through the API: public JSON of a published report, the staff workflow with its
error answers, figures, supervision and the roll-up. Until api/main.py registers the router,
this module is its own URLconf with an API that carries only the reports router."""

import datetime
import io

import pytest
import time_machine
from django.test import override_settings
from django.urls import path
from ninja import NinjaAPI

from gongkai.api import reports
from gongkai.api.errors import install_error_handlers
from gongkai.api.main import api as project_api
from gongkai.orgs.services import api_token_create
from gongkai.reports.tests.conftest import CE, finished, fixture_year, make_application, staff  # noqa: F401


def _api_urls():
    if any(router is reports.router for _, router in project_api._routers):  # registered by the lead
        return project_api.urls
    own = NinjaAPI(urls_namespace="reports_api_test", docs_url=None)
    install_error_handlers(own)
    own.add_router("", reports.router)
    return own.urls


urlpatterns = [path("api/v1/", _api_urls())]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_own_urls")]
NOON = datetime.datetime(2026, 1, 20, 4, 0, tzinfo=datetime.UTC)


@pytest.fixture
def _own_urls():
    with override_settings(ROOT_URLCONF=__name__):
        yield


@pytest.fixture
def auth(staff):  # noqa: F811
    return {
        name: {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}
        for name, user in staff.items()
    }


def post(client, url, data, headers):
    return client.post(url, data=data, content_type="application/json", **headers)


def complete(client, org, headers):
    """The clerk writes out the prefilled placeholders before 送审 (a placeholder blocks 发布)."""
    sections = client.get(base(org), **headers).json()["sections"]
    prose = finished({key: sections.get(key, "") for key in ("overview", "problems", "other")})
    edited = client.put(f"{base(org)}/sections", data=prose, content_type="application/json", **headers)
    assert edited.status_code == 200, edited.content


def base(org):
    return f"/api/v1/staff/orgs/{org.pk}/reports/2025"


@time_machine.travel(NOON, tick=False)
def test_workflow_and_public_json(client, fixture_year, auth):  # noqa: F811
    assert client.get("/api/v1/orgs/shicheng-wjw/reports/2025").status_code == 404
    created = post(client, base(fixture_year), {}, auth["editor"])
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "draft" and body["version"] is None
    assert body["tables"]["table3"]["new"]["total"] == 26
    # The prefilled draft still has its placeholders for the clerk to write out.
    assert {v["identity"] for v in body["violations"]} == {"PLACEHOLDER"}
    assert {w["identity"] for w in body["warnings"]} == {"BLANK"}
    figures = client.put(
        f"{base(fixture_year)}/figures",
        data={"licensing": 5, "punishment": 0, "coercion": 0, "fee_amount": "0"},
        content_type="application/json",
        **auth["editor"],
    )
    assert figures.status_code == 200 and figures.json()["entered_by"] == "rep-editor"
    complete(client, fixture_year, auth["editor"])
    assert client.get(base(fixture_year), **auth["editor"]).json()["violations"] == []
    assert post(client, f"{base(fixture_year)}/submit", {}, auth["editor"]).json()["state"] == "review"
    denied = post(client, f"{base(fixture_year)}/publish", {}, auth["editor"])
    assert denied.status_code == 403 and denied["Content-Type"] == "application/problem+json"
    published = post(client, f"{base(fixture_year)}/publish", {}, auth["approver"])
    assert published.status_code == 200 and published.json()["state"] == "published"
    conflict = post(client, f"{base(fixture_year)}/submit", {}, auth["editor"])
    assert conflict.status_code == 409

    make_application(fixture_year, CE, "2025-08-01", outcome="disclosed", replied="2025-08-05")
    public = client.get("/api/v1/orgs/shicheng-wjw/reports/2025").json()
    assert public["version"] == 1 and public["format"] == "2021"
    assert public["tables"]["table3"]["new"]["total"] == 26  # frozen
    assert public["tables"]["table2"]["licensing"] == {"decisions": 5}
    assert public["warnings"] == []
    assert client.get("/api/v1/orgs/shicheng-wjw/reports").json()[0]["year"] == 2025


@time_machine.travel(NOON, tick=False)
def test_gate_drafts_and_errors(client, fixture_year, auth):  # noqa: F811
    make_application(fixture_year, CE, "2025-07-01", outcome="", replied="2025-07-10", state="replied")
    post(client, base(fixture_year), {}, auth["editor"])
    assert client.get(base(fixture_year), **auth["stranger"]).status_code == 404
    assert client.get(base(fixture_year)).status_code == 401
    complete(client, fixture_year, auth["editor"])
    post(client, f"{base(fixture_year)}/submit", {}, auth["editor"])
    refused = post(client, f"{base(fixture_year)}/publish", {}, auth["admin"])
    assert refused.status_code == 422
    assert refused.json()["code"] == "report_invalid"
    ok = post(client, f"{base(fixture_year)}/publish", {"override_reason": "结果漏登，更正版补正"}, auth["admin"])
    assert ok.status_code == 200
    public = client.get("/api/v1/orgs/shicheng-wjw/reports/2025").json()
    assert {v["identity"] for v in public["violations"]} == {"I1"}  # a finished case with no outcome row
    assert public["override_reason"] == "结果漏登，更正版补正"
    bad = client.put(
        f"{base(fixture_year)}/figures", data={"licensing": -1}, content_type="application/json", **auth["editor"]
    )
    assert bad.status_code == 422 and "licensing" in bad.json()["errors"]


@time_machine.travel(datetime.datetime(2026, 2, 10, 4, 0, tzinfo=datetime.UTC), tick=False)
def test_supervision_rollup_and_import(client, fixture_year, auth, org_tree):  # noqa: F811
    upload = io.BytesIO("机构,年度,行政许可\nshicheng-wjw,2025,7\n".encode())
    upload.name = "figures.csv"
    imported = client.post("/api/v1/staff/report-figures/import", {"file": upload}, **auth["editor"])
    assert imported.status_code == 200, imported.content
    assert imported.json()[0]["licensing"] == 7
    post(client, base(fixture_year), {}, auth["editor"])
    complete(client, fixture_year, auth["editor"])
    post(client, f"{base(fixture_year)}/submit", {}, auth["editor"])
    post(client, f"{base(fixture_year)}/publish", {}, auth["approver"])
    county = org_tree["county"]
    rows = client.get(f"/api/v1/staff/orgs/{county.pk}/reports-status?year=2025", **auth["county_admin"]).json()
    states = {r["org_name"]: r["state"] for r in rows}
    assert states == {"石城县人民政府": "pending", "石城县卫生健康委员会": "late", "石城县木兰乡人民政府": "pending"}
    rollup = client.get(f"/api/v1/staff/orgs/{county.pk}/reports-rollup?year=2025", **auth["county_admin"]).json()
    assert rollup["included"] == [fixture_year.pk]
    assert rollup["tables"]["table3"]["total"]["total"] == 26
    assert client.get(f"/api/v1/staff/orgs/{county.pk}/reports-rollup?year=2025", **auth["editor"]).status_code == 403


@time_machine.travel(NOON, tick=False)
def test_staff_actions_are_the_workflows(client, fixture_year, auth, staff):  # noqa: F811
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.transitions import REPORT

    def names(body):
        return [a["action"] for a in body["actions"]]

    created = post(client, base(fixture_year), {}, auth["editor"]).json()
    assert created["actions"] == [{"action": "edit", "label": "修改"}, {"action": "submit", "label": "送审"}]
    assert names(post(client, f"{base(fixture_year)}/submit", {}, auth["editor"]).json()) == []
    report = AnnualReport.objects.get(org=fixture_year)
    for name in ("editor", "approver", "admin", "officer"):
        body = client.get(base(fixture_year), **auth[name]).json()
        expected = [r.action for r in REPORT.available_actions(staff[name], report, interactive_only=True)]
        assert names(body) == expected, name
    # the editor: no 发布 in `actions`, and 403 from the service
    assert "publish" not in names(client.get(base(fixture_year), **auth["editor"]).json())
    assert post(client, f"{base(fixture_year)}/publish", {}, auth["editor"]).status_code == 403
    assert set(names(client.get(base(fixture_year), **auth["approver"]).json())) == {"return", "publish"}
    # another county's admin: the draft does not exist for them (404, not 403)
    assert post(client, f"{base(fixture_year)}/submit", {}, auth["stranger"]).status_code == 404
    # the public JSON carries no actions
    post(client, f"{base(fixture_year)}/publish", {}, auth["approver"])
    assert "actions" not in client.get("/api/v1/orgs/shicheng-wjw/reports/2025").json()
