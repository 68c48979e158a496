"""Pages through the HTTP client: public catalogue, decision with steps, meeting registration (CSRF,
rate limit, double submit), published replies; back office buttons from ``available_actions``."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from gongkai.decisions.models import MeetingRegistration, ProposalUnit
from gongkai.decisions.tests.conftest import DAY

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_public_catalogue_and_decision_page(client, decision_in):
    d = decision_in("published")
    page = client.get(f"/decisions/catalogs/{d.catalog_id}/")
    assert (
        page.status_code == 200
        and "县城区公交线网优化调整方案" in page.content.decode()
        and "石城县卫生健康委员会" in page.content.decode()
    )
    body = client.get(f"/decisions/items/{d.pk}/").content.decode()
    for text in ("合法性审查", "集体讨论决定", "已履行", "不适用理由", "政策解读", "第二十五条"):
        assert text in body
    assert client.get("/decisions/items/999999/").status_code == 404


def test_draft_catalogue_is_not_public(client, catalog, decision_in, people):
    assert client.get(f"/decisions/catalogs/{catalog.pk}/").status_code == 404


def test_meeting_registration_form(meeting_in, settings):
    m = meeting_in("announced")
    browser = Client(enforce_csrf_checks=True)
    with time_machine.travel(datetime.date(2025, 6, 5)):
        page = browser.get(f"/decisions/meetings/{m.pk}/")
        html = page.content.decode()
        assert "报名列席、旁听" in html and "李明" not in html and "13800000001" not in html  # no personal data
        token = _token(html)
        data = {"token": token, "kind": "observe", "name": "张三", "phone": "13800000002", "unit": ""}
        assert browser.post(f"/decisions/meetings/{m.pk}/register/", data).status_code == 403  # no CSRF token
        csrf = browser.cookies["csrftoken"].value
        data["csrfmiddlewaretoken"] = csrf
        first = browser.post(f"/decisions/meetings/{m.pk}/register/", data)
        second = browser.post(f"/decisions/meetings/{m.pk}/register/", data)
        assert first.status_code == 302 and second.status_code == 302
        assert MeetingRegistration.objects.filter(meeting=m, phone="13800000002").count() == 1  # double submit = one
        fresh = _token(browser.get(f"/decisions/meetings/{m.pk}/").content.decode())
        bad = browser.post(
            f"/decisions/meetings/{m.pk}/register/", {**data, "token": fresh, "phone": "abc", "name": "王"}
        )
        assert (
            bad.status_code == 422
            and "请填写正确的联系电话" in bad.content.decode()
            and 'value="王"' in bad.content.decode()
        )
        for _ in range(5):
            last = browser.post(f"/decisions/meetings/{m.pk}/register/", data)
        assert last.status_code == 429 and "提交过于频繁" in last.content.decode()


def test_published_reply_page(client, proposal_in):
    p = proposal_in("published")
    listing = client.get("/decisions/replies/").content.decode()
    assert "关于增设城区公交站点的建议" in listing
    page = client.get(f"/decisions/replies/{p.pk}/").content.decode()
    assert "已协调公交公司增设站点。" in page and "答复全文" in page
    closed = proposal_in("closed", number="2")
    assert client.get(f"/decisions/replies/{closed.pk}/").status_code == 404


def test_back_office_shows_only_available_actions(client, decision_in, people):
    d = decision_in("in_progress", affects_stability=True)
    client.force_login(people["host"])
    page = client.get(f"/staff/decisions/items/{d.pk}/").content.decode()
    assert 'value="record_step"' in page and 'value="publish"' not in page  # the host records, cannot publish
    assert "风险评估" in page
    client.force_login(people["approver"])
    page = client.get(f"/staff/decisions/items/{d.pk}/").content.decode()
    assert 'value="publish"' in page and 'value="record_step"' not in page
    with time_machine.travel(DAY):
        refused = client.post(
            f"/staff/decisions/items/{d.pk}/do/publish/",
            {"decision_html": "<p>a</p>", "interpretation_html": "<p>b</p>"},
            follow=True,
        )
    assert "不能公布决策" in refused.content.decode()
    d.refresh_from_db()
    assert d.state == "in_progress"
    client.force_login(people["stranger"])
    assert client.get(f"/staff/decisions/items/{d.pk}/").status_code == 404
    client.force_login(people["host"])
    assert (
        client.post(
            f"/staff/decisions/items/{d.pk}/do/publish/", {"decision_html": "x", "interpretation_html": "y"}
        ).status_code
        == 403
    )


def test_step_form_errors_and_unit_reply_through_pages(client, decision_in, proposal_in, people):
    d = decision_in("in_progress", affects_stability=True)
    client.force_login(people["host"])
    with time_machine.travel(DAY):
        r = client.post(
            f"/staff/decisions/items/{d.pk}/do/record_step/",
            {"kind": "risk", "status": "not_applicable", "reason": "x"},
            follow=True,
        )
        assert "不能记为不适用" in r.content.decode()
        r = client.post(
            f"/staff/decisions/items/{d.pk}/do/record_step/",
            {"kind": "legality", "status": "done", "done_on": "2025-03-03", "summary": "合法"},
            follow=True,
        )
        assert "程序记录已保存" in r.content.decode()
    p = proposal_in("handling")
    unit = ProposalUnit.objects.get(proposal=p)
    page = client.get(f"/staff/decisions/units/{unit.pk}/").content.decode()
    assert 'value="draft"' in page and 'value="sign"' not in page
    client.post(f"/staff/decisions/units/{unit.pk}/do/draft/", {"reply": "已办理。"})
    client.force_login(people["unit_signer"])
    client.post(f"/staff/decisions/units/{unit.pk}/do/sign/", {"signed_by": "张主任"})
    p.refresh_from_db()
    assert p.state == "answered"


def test_staff_create_pages_and_summary(client, org_tree, people):
    client.force_login(people["office"])
    county = org_tree["county"]
    assert "编制决策事项目录" in client.get("/staff/decisions/").content.decode()
    r = client.post(f"/staff/decisions/orgs/{county.pk}/catalogs/new/", {"year": "2025", "title": ""})
    assert r.status_code == 422 and "field-error" in r.content.decode()
    r = client.post(
        f"/staff/decisions/orgs/{county.pk}/proposals/new/",
        {"year": 2025, "kind": "suggestion", "number": "8", "author": "王芳", "subject": "建议", "field": "城市建设"},
    )
    assert r.status_code == 302
    page = client.get(f"/staff/decisions/orgs/{county.pk}/summary/2025/").content.decode()
    assert "办理期限设置" in page
    client.force_login(people["stranger"])
    assert client.get(f"/staff/decisions/orgs/{county.pk}/proposals/new/").status_code == 404
