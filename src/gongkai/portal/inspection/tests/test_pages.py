"""The inspection back office: a report page in the 19号 structure, its XLSX/DOCX, the trend,
and the buttons of rectification items and accounts coming from the tables."""

from __future__ import annotations

import datetime
import io

import pytest

from gongkai.inspection import services
from gongkai.inspection.models import MediaAccount, Rectification, RectificationState
from gongkai.inspection.tests.fixture_site import main_site, serve
from gongkai.orgs.roles import Role
from gongkai.privacy.extract import check_zip_bounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(org_tree, make_user):
    admin = make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)
    with serve(main_site("http://127.0.0.1:9")) as (origin, _log):
        site = services.site_register(actor=admin, org=org_tree["dept"], name="县卫健委网站", url=origin + "/old/")
        first = services.inspection_run(actor=admin, site=site, as_of=datetime.date(2024, 3, 31), timeout=2.0)
        second = services.inspection_run(actor=admin, site=site, as_of=datetime.date(2024, 6, 30), timeout=2.0)
    return admin, site, first, second


def test_report_page_and_files(client, inspected):
    admin, site, _first, second = inspected
    client.force_login(admin)
    page = client.get(f"/staff/inspection/reports/{second.pk}/").content.decode()
    assert (
        "单项否决" in page
        and "首页不更新" in page
        and "网页标题被篡改" in page
        and "2024Q1" in page
        and "2024Q2" in page
    )
    xlsx = client.get(f"/staff/inspection/reports/{second.pk}/report.xlsx")
    assert xlsx.status_code == 200
    check_zip_bounds(xlsx.content)
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert book.sheetnames == ["检查结论", "问题清单", "季度趋势"]
    trend = list(book["季度趋势"].iter_rows(values_only=True))
    assert [r[0] for r in trend[1:]] == ["2024Q1", "2024Q2"]
    docx_file = client.get(f"/staff/inspection/reports/{second.pk}/report.docx")
    check_zip_bounds(docx_file.content)
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_file.content)).paragraphs)
    assert "一、单项否决" in text and "首页不更新" in text
    assert client.get(f"/staff/inspection/reports/{second.pk}/report.pdf").status_code == 404
    assert client.get(f"/staff/inspection/sites/{site.pk}/").status_code == 200
    assert client.get("/staff/inspection/").status_code == 200


def test_outsider_gets_404_and_buttons_follow_the_table(client, inspected, org_tree, make_user):
    _admin, _site, _first, second = inspected
    outsider = make_user("sibling-admin", org=org_tree["sibling"], role=Role.ADMIN)
    client.force_login(outsider)
    assert client.get(f"/staff/inspection/reports/{second.pk}/").status_code == 404
    item = Rectification.objects.filter(site=second.site).first()
    assert client.get(f"/staff/inspection/rectifications/{item.pk}/").status_code == 404
    editor = make_user("dept-editor", org=org_tree["dept"], role=Role.EDITOR)
    client.force_login(editor)
    page = client.get(f"/staff/inspection/rectifications/{item.pk}/").content.decode()
    assert "报送整改情况" in page and "核验通过" not in page
    # An empty response stays beside the field; the state does not move.
    response = client.post(f"/staff/inspection/rectifications/{item.pk}/submit/", {"response": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == RectificationState.OPEN
    client.post(f"/staff/inspection/rectifications/{item.pk}/submit/", {"response": "已更新首页。"})
    item.refresh_from_db()
    assert item.state == RectificationState.SUBMITTED
    # The editor cannot verify their own fix.
    assert client.post(f"/staff/inspection/rectifications/{item.pk}/verify/", {}).status_code == 403


def test_account_page_offers_shut_down_to_the_office_above(client, org_tree, make_user):
    account = MediaAccount.objects.create(
        org=org_tree["dept"],
        platform="weibo",
        name="石城卫健微博",
        registered_on=datetime.date(2020, 1, 1),
        responsible="王五",
    )
    county_admin = make_user("c-admin", org=org_tree["county"], role=Role.ADMIN)
    client.force_login(county_admin)
    page = client.get(f"/staff/inspection/accounts/{account.pk}/").content.decode()
    assert "动态关停" in page and "注销账号" in page
    client.post(f"/staff/inspection/accounts/{account.pk}/shut_down/", {"reason": "更新不及时"})
    account.refresh_from_db()
    assert account.status == "closed" and account.status_reason == "更新不及时"
