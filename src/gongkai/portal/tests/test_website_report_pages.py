"""政府网站工作年度报表 pages through real HTTP: start from the data, errors beside their rows,
only the workflow's actions offered, publication on the public pages and as a spreadsheet."""

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from gongkai.orgs.roles import Role
from gongkai.reports.models import WebsiteReport, WebsiteReportState

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 1, 20, 4, 0, tzinfo=datetime.UTC)

ENTERED = {
    "site_name": "石城县人民政府门户网站",
    "sponsor": "石城县人民政府办公室",
    "head": "张三",
    "filler": "李四",
    "phone": "0797-5712345",
    "filled_on": "2026年1月15日",
    "page_views": "125000",
    "unique_visitors": "40000",
    "unified_platform": "是",
}


@pytest.fixture
def people(org_tree, make_user):
    county = org_tree["county"]
    return {
        "editor": make_user("w-editor", org=county, role=Role.EDITOR),
        "admin": make_user("w-admin", org=county, role=Role.ADMIN),
    }


def form_data(report: WebsiteReport, **changes: str) -> dict[str, str]:
    data = {}
    for key, value in report.values.items():
        if isinstance(value, bool):
            data[key] = "是" if value else "否"
        else:
            data[key] = "" if value is None else str(value)
    data.update(ENTERED)
    data.update(changes)
    return data


@time_machine.travel(NOON, tick=False)
def test_a_clerk_fills_in_and_the_admin_publishes(client, org_tree, people):
    county = org_tree["county"]
    client.force_login(people["editor"])
    home = client.get(f"/staff/orgs/{county.pk}/website-reports/")
    assert home.status_code == 200
    assert "按平台数据生成报表" in home.content.decode()
    response = client.post(f"/staff/orgs/{county.pk}/website-reports/start/", {"year": "2025"})
    report = WebsiteReport.objects.get(org=county, year=2025)
    assert response.status_code == 302 and response["Location"] == f"/staff/website-reports/{report.pk}/"

    page = client.get(f"/staff/website-reports/{report.pk}/").content.decode()
    assert "由平台数据统计生成" in page and "网站总访问量（次）" in page
    assert "在网站首页发布" not in page  # an editor is not offered publication

    bad = client.post(f"/staff/website-reports/{report.pk}/", form_data(report, page_views="很多", phone="x" * 300))
    assert bad.status_code == 422
    html = bad.content.decode()
    assert 'id="id_edit_page_views_error"' in html and "请填写0到" in html
    assert "很多" in html  # what was typed stays in the field
    report.refresh_from_db()
    assert report.values["page_views"] is None  # nothing of the bad submission was saved

    ok = client.post(f"/staff/website-reports/{report.pk}/", form_data(report))
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.values["page_views"] == 125000 and report.values["unified_platform"] is True

    refused = client.post(f"/staff/website-reports/{report.pk}/publish/")
    assert refused.status_code == 403
    assert client.get(f"/org/{county.slug}/website-reports/2025/").status_code == 404

    client.force_login(people["admin"])
    page = client.get(f"/staff/website-reports/{report.pk}/").content.decode()
    assert "在网站首页发布" in page
    assert client.post(f"/staff/website-reports/{report.pk}/publish/").status_code == 302
    report.refresh_from_db()
    assert report.state == WebsiteReportState.PUBLISHED and report.published_on == datetime.date(2026, 1, 20)

    public = client.get(f"/org/{county.slug}/website-reports/2025/")
    assert public.status_code == 200
    text = public.content.decode()
    assert "125000 次" in text and "石城县人民政府门户网站" in text
    listing = client.get(f"/org/{county.slug}/website-reports/").content.decode()
    assert "2025年度政府网站工作年度报表" in listing

    download = client.get(f"/org/{county.slug}/website-reports/2025/report.xlsx")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    rows = {row[1]: row[2] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["网站总访问量"] == 125000
    assert rows["是否使用统一平台"] == "是"
    assert book.properties.creator == county.name


def test_pages_of_others_do_not_exist(client, org_tree, people, make_user):
    county = org_tree["county"]
    report = WebsiteReport.objects.create(org=county, year=2025, values={})
    stranger = make_user("w-stranger", org=org_tree["sibling"], role=Role.ADMIN)
    client.force_login(stranger)
    assert client.get(f"/staff/website-reports/{report.pk}/").status_code == 404
    assert client.post(f"/staff/website-reports/{report.pk}/publish/").status_code == 404
    assert client.get(f"/staff/website-reports/{2**70}/").status_code == 404
    client.logout()
    assert client.get(f"/staff/website-reports/{report.pk}/").status_code == 302  # to the login page
    assert client.get(f"/org/{county.slug}/website-reports/2025/").status_code == 404  # a draft is not public


@time_machine.travel(NOON, tick=False)
def test_the_supervisor_sees_who_has_not_published(client, org_tree, people):
    client.force_login(people["admin"])
    page = client.get(f"/staff/orgs/{org_tree['county'].pk}/website-reports/?year=2024").content.decode()
    assert "2024年度政府网站工作年度报表发布情况" in page
    assert org_tree["dept"].name in page and "逾期" in page
