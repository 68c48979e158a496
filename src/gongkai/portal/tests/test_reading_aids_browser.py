"""Reading aids in a real Chromium: a visitor switches an item page to 繁體 and back, enlarges the
type and turns on the 适老化 mode; each view passes axe-core on a desktop and a 390 px phone and
nothing widens the page. The 政府网站工作年度报表 and the office overview pages pass axe too."""

import datetime

import pytest

from gongkai.disclosure.services import publication_import
from gongkai.orgs.models import Membership
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible, assert_reflows
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, login  # noqa: F401
from gongkai.reports.services import website as website_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def item(live_server):
    orgs, _, _ = demo.build_all()
    operator, _ = demo.ensure_user("demo-operator", operator=True)
    publication, _ = publication_import(
        actor=operator,
        org=orgs["shicheng-wjw"],
        title="石城县卫生健康委员会关于开展基本公共卫生服务项目的通知",
        body="各乡镇卫生院：现将有关事项通知如下。",
        published_on=datetime.date(2025, 3, 1),
        source_key="aids-1",
    )
    return orgs, publication


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_a_visitor_reads_an_item_in_traditional_large_type_and_care_mode(live_server, browser, item, viewport):  # noqa: F811
    _, publication = item
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/info/{publication.pk}/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "卫生健康委员会" in page.locator("h1").inner_text()

    page.get_by_role("link", name="繁體").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert "衛生健康委員會" in page.locator("h1").inner_text()
    assert page.url.endswith(f"/info/{publication.pk}/")
    assert_accessible(page, context="正文（繁體）")

    page.get_by_role("link", name="大", exact=True).click()
    page.wait_for_load_state()
    assert "font-l" in (page.locator("html").get_attribute("class") or "")
    page.get_by_role("link", name="適老化模式").click()
    page.wait_for_load_state()
    classes = page.locator("html").get_attribute("class") or ""
    assert "care" in classes and "font-l" in classes
    size = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size >= 22  # 16 px × 143.75 %
    assert_accessible(page, context="正文（繁體、大字、适老化）")
    assert_reflows(page)

    page.get_by_role("link", name="简体").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "卫生健康委员会" in page.locator("h1").inner_text()
    page.get_by_role("link", name="退出适老化模式").click()
    page.wait_for_load_state()
    assert "care" not in (page.locator("html").get_attribute("class") or "").split()
    close = page.get_by_role("button", name="关闭窗口")
    assert close.is_visible()  # revealed by our own script, under the content security policy
    context.close()


def test_the_website_report_and_overview_pages_pass_axe(live_server, browser, item):  # noqa: F811
    orgs, _ = item
    county = orgs["shicheng"]
    user, password = demo.ensure_user("aids-office")
    assert password is not None
    Membership.objects.get_or_create(user=user, org=county, role="admin")
    # 2024: the demo publishes 2025's statement, and a published one shows no form.
    report = website_services.website_report_start(actor=user, org=county, year=2024, today=datetime.date(2025, 1, 20))
    page = browser.new_page(locale="zh-CN")
    login(page, live_server.url, "aids-office", password)
    page.goto(f"{live_server.url}/staff/orgs/{county.pk}/website-reports/?year=2024")
    assert_accessible(page, context="网站年度报表")
    page.goto(f"{live_server.url}/staff/website-reports/{report.pk}/")
    page.get_by_label("网站总访问量（次）").fill("很多")
    page.get_by_role("button", name="保存").click()
    error = page.locator("#id_edit_page_views_error")
    assert "整数" in error.inner_text()
    assert (
        page.get_by_label("网站总访问量（次）").get_attribute("aria-describedby").find("id_edit_page_views_error") >= 0
    )
    assert_accessible(page, context="网站年度报表（填报，有错误）")
    page.goto(f"{live_server.url}/staff/overview/orgs/{county.pk}/?year=2025")
    page.locator(".ec-chart svg").first.wait_for()  # drawn by the vendored ECharts
    assert_accessible(page, context="政务公开工作概览")
    page.close()
