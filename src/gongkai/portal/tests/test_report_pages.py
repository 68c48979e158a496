"""年度报告 pages through real HTTP: staff workflow, public page and downloads, figures,
supervision and roll-up. The pages are not registered in portal/urls.py yet, so this module is
its own URLconf: the project's URLs plus gongkai.portal.reports in the "portal" namespace."""

import datetime
import io

import pytest
import time_machine
from django.contrib import admin
from django.test import override_settings
from django.urls import include, path

from gongkai.portal import reports as report_pages
from gongkai.portal import urls as portal_urls
from gongkai.reports import selectors as report_selectors
from gongkai.reports.models import AnnualReport, ReportFigures
from gongkai.reports.tests.conftest import CE, finished, fixture_year, make_application, staff  # noqa: F401

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((portal_urls.urlpatterns + report_pages.urlpatterns, "portal"), namespace="portal")),
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_own_urls"),
]
NOON = datetime.datetime(2026, 1, 20, 4, 0, tzinfo=datetime.UTC)


@pytest.fixture
def _own_urls():
    with override_settings(ROOT_URLCONF=__name__):
        yield


def complete(client, org):
    """The clerk writes out the prefilled placeholders before 送审 (a placeholder blocks 发布)."""
    report = AnnualReport.objects.get(org=org, year=2025)
    assert client.post(staff_url(org), finished(report_selectors.prose_of(report))).status_code == 302


def login(client, user):
    client.force_login(user)
    return client


def staff_url(org, suffix=""):
    return f"/staff/orgs/{org.pk}/reports/2025/{suffix}"


@time_machine.travel(NOON, tick=False)
def test_staff_workflow_to_the_public_page_and_downloads(client, fixture_year, staff):  # noqa: F811
    dept = fixture_year
    assert client.get("/org/shicheng-wjw/reports/2025/").status_code == 404
    login(client, staff["editor"])
    assert "按平台数据生成报告草稿" in client.get(staff_url(dept)).content.decode()
    assert client.post(staff_url(dept, "start/")).status_code == 302
    page = client.get(staff_url(dept)).content.decode()
    assert "一、本年新收政府信息公开申请数量" in page and "全部勾稽关系成立" not in page  # BLANK warnings
    report = AnnualReport.objects.get(org=dept, year=2025)
    prose = finished(report_selectors.prose_of(report))
    edited = client.post(
        staff_url(dept),
        {
            "overview": prose["overview"] + "\n（三）政府信息管理。已完成。",
            "problems": "依申请公开答复的规范性有待提高。",
            "other": "本年未收取信息处理费。",
        },
    )
    assert edited.status_code == 302
    assert client.post(staff_url(dept, "submit/")).status_code == 302
    # the editor may not publish: the service refuses (403)
    assert client.post(staff_url(dept, "publish/")).status_code == 403
    login(client, staff["approver"])
    client.post(staff_url(dept, "publish/"))
    assert AnnualReport.objects.get(pk=report.pk).state == "published"

    client.logout()
    public = client.get("/org/shicheng-wjw/reports/2025/")
    html = public.content.decode()
    assert public.status_code == 200
    assert "石城县卫生健康委员会2025年政府信息公开工作年度报告" in html
    assert '<th rowspan="22" scope="rowgroup">三、本年度办理结果</th>' in html
    assert "已完成" in html
    assert "2025年" in client.get("/org/shicheng-wjw/reports/").content.decode()
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(f"/org/shicheng-wjw/reports/2025/report.{fmt}")
        assert response.status_code == 200, fmt
        assert response.content.startswith(magic), fmt
    assert client.get("/org/shicheng-wjw/reports/2025/report.exe").status_code == 404

    # later data changes do not alter the published page
    make_application(dept, CE, "2025-08-01", outcome="disclosed", replied="2025-08-05")
    again = client.get("/org/shicheng-wjw/reports/2025/").content.decode()
    assert again == html


@time_machine.travel(NOON, tick=False)
def test_drafts_are_not_public_and_not_for_other_orgs(client, fixture_year, staff):  # noqa: F811
    login(client, staff["editor"])
    client.post(staff_url(fixture_year, "start/"))
    client.logout()
    assert client.get(staff_url(fixture_year)).status_code == 302  # to the login page
    assert client.get("/org/shicheng-wjw/reports/2025/").status_code == 404
    login(client, staff["stranger"])
    assert client.get(staff_url(fixture_year)).status_code == 404
    assert client.post(staff_url(fixture_year, "submit/")).status_code == 404


@time_machine.travel(NOON, tick=False)
def test_failing_report_is_not_published_without_an_admins_reason(client, fixture_year, staff):  # noqa: F811
    make_application(fixture_year, CE, "2025-07-01", outcome="", replied="2025-07-10", state="replied")
    login(client, staff["editor"])
    client.post(staff_url(fixture_year, "start/"))
    complete(client, fixture_year)
    client.post(staff_url(fixture_year, "submit/"))
    login(client, staff["admin"])
    page = client.get(staff_url(fixture_year)).content.decode()
    assert "I1" in page and "override_reason" in page
    response = client.post(staff_url(fixture_year, "publish/"), follow=True)
    assert "勾稽关系不成立，不能发布" in response.content.decode()
    assert AnnualReport.objects.get(org=fixture_year).state == "review"
    client.post(staff_url(fixture_year, "publish/"), {"override_reason": "一件申请办理结果漏登，更正版补正。"})
    assert AnnualReport.objects.get(org=fixture_year).state == "published"


@time_machine.travel(NOON, tick=False)
def test_figures_form_and_import(client, fixture_year, staff):  # noqa: F811
    login(client, staff["editor"])
    response = client.post(
        staff_url(fixture_year, "figures/"),
        {"licensing": "12", "punishment": "3", "coercion": "0", "fee_amount": "0.5"},
    )
    assert response.status_code == 302
    figures = ReportFigures.objects.get(org=fixture_year, year=2025)
    assert (figures.licensing, figures.entered_by) == (12, staff["editor"])
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["机构", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费"])
    book.active.append(["shicheng-wjw", 2025, 20, 1, 1, 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "figures.xlsx"
    client.post(staff_url(fixture_year, "figures/import/"), {"file": buffer})
    figures.refresh_from_db()
    assert (figures.licensing, str(figures.fee_amount.normalize()), figures.source) == (20, "1.5", "导入：figures.xlsx")
    login(client, staff["officer"])
    assert client.get(staff_url(fixture_year, "figures/")).status_code == 404


@time_machine.travel(datetime.datetime(2026, 2, 10, 4, 0, tzinfo=datetime.UTC), tick=False)
def test_supervision_and_rollup_pages(client, fixture_year, staff, org_tree):  # noqa: F811
    login(client, staff["editor"])
    client.post(staff_url(fixture_year, "start/"))
    complete(client, fixture_year)
    client.post(staff_url(fixture_year, "submit/"))
    login(client, staff["approver"])
    client.post(staff_url(fixture_year, "publish/"))
    login(client, staff["county_admin"])
    county = org_tree["county"]
    page = client.get(f"/staff/orgs/{county.pk}/reports/supervision/?year=2025").content.decode()
    assert "逾期发布（2026-02-10）" in page  # the department's deadline was 31 January
    assert "石城县木兰乡人民政府" in page and "未发布（未到期限）" in page
    rollup = client.get(f"/staff/orgs/{county.pk}/reports/rollup/?year=2025").content.decode()
    assert "已汇总1家" in rollup and "石城县木兰乡人民政府" in rollup
    assert '<td data-cell="new.total">26</td>' in rollup
    login(client, staff["editor"])
    assert client.get(f"/staff/orgs/{county.pk}/reports/supervision/?year=2025").status_code == 403


def _buttons(page):
    import re

    return re.findall(r'name="do" value="(\w+)"', page)


@time_machine.travel(NOON, tick=False)
def test_buttons_are_exactly_the_workflows_actions(client, fixture_year, staff):  # noqa: F811
    from gongkai.reports.transitions import REPORT

    login(client, staff["editor"])
    client.post(staff_url(fixture_year, "start/"))
    page = client.get(staff_url(fixture_year)).content.decode()
    assert _buttons(page) == ["submit"] and "保存正文" in page
    client.post(staff_url(fixture_year, "submit/"))
    report = AnnualReport.objects.get(org=fixture_year)
    for name in ("editor", "officer", "approver", "admin"):
        login(client, staff[name])
        page = client.get(staff_url(fixture_year)).content.decode()
        offered = REPORT.available_actions(staff[name], report, interactive_only=True)
        # exactly the workflow's actions, the suggested next step (发布 before 退回修改) first
        assert _buttons(page) == [
            r.action for r in REPORT.in_suggested_order(report, offered, key=lambda r: r.action)
        ], name
        assert "保存正文" not in page  # no 修改 while under review
    # the editor holds no publish right: no 发布 button, and the service answers 403
    login(client, staff["editor"])
    page = client.get(staff_url(fixture_year)).content.decode()
    assert "publish" not in _buttons(page) and ">发布</button>" not in page
    assert client.post(staff_url(fixture_year, "publish/")).status_code == 403
    assert client.post(staff_url(fixture_year, "no-such-action/")).status_code == 404
    assert AnnualReport.objects.get(pk=report.pk).state == "review"
    login(client, staff["approver"])
    assert ">发布</button>" in client.get(staff_url(fixture_year)).content.decode()
    # a return without its note is refused by the form: nothing changes
    client.post(staff_url(fixture_year, "return/"), {"note": ""})
    assert AnnualReport.objects.get(pk=report.pk).state == "review"
    client.post(staff_url(fixture_year, "return/"), {"note": "请补充平台建设情况"})
    assert AnnualReport.objects.get(pk=report.pk).review_note == "请补充平台建设情况"


@time_machine.travel(NOON, tick=False)
def test_unknown_ids_and_bad_text_edits(client, fixture_year, staff):  # noqa: F811
    login(client, staff["editor"])
    assert client.get("/staff/orgs/987654/reports/2025/").status_code == 404
    assert client.post("/staff/orgs/987654/reports/2025/submit/").status_code == 404
    client.post(staff_url(fixture_year, "start/"))
    refused = client.post(staff_url(fixture_year), {"overview": "  ", "problems": "", "other": ""})
    assert refused.status_code == 422
    assert "请填写“一、总体情况”" in refused.content.decode()
    login(client, staff["admin"])
    bad_year = client.get(f"/staff/orgs/{fixture_year.pk}/reports/supervision/?year=abc")
    assert bad_year.status_code == 200 and "2025" in bad_year.content.decode()  # the default year
