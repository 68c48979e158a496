"""The main back-office pages in a real headless Chromium, on the staff shell and components
(templates/portal/staff/): axe-core finds no critical or serious WCAG 2.0/2.1 A/AA violation at
390 CSS px (a phone; every staff page at desktop width is test_staff_every_page_a11y's), nothing
widens the page on the phone, and the shell works from the keyboard: the skip link leads to the
content and the side navigation marks the current module."""

from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.portal.tests.a11y import assert_reflows, axe_violations, describe
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, login  # noqa: F401
from gongkai.portal.tests.staff_site import StaffSite, staff_site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
BLOCKING = {"critical", "serious"}


def main_staff_pages(site: StaffSite) -> list[tuple[str, str]]:
    return [
        ("工作台", "/staff/"),
        ("信息发布页", f"/staff/publications/{site.plan_id}/"),
        ("信息编辑", f"/staff/publications/{site.plan_id}/edit/"),
        ("依申请公开工作台", "/staff/foi/"),
        ("依申请公开案件", f"/staff/foi/cases/{site.case_id}/"),
        ("征求意见", f"/staff/participation/consultations/{site.consultation_id}/"),
        ("信箱留言", f"/staff/participation/messages/{site.message_id}/"),
        ("年度报告", f"/staff/orgs/{site.shicheng_id}/reports/2025/"),
        ("人员与角色", "/staff/people/"),
        ("公开目录", "/staff/catalogs/"),
        ("政务公开考核", f"/staff/supervision/orgs/{site.shicheng_id}/"),
        ("网站与新媒体检查", "/staff/inspection/"),
    ]


@pytest.fixture
def narrow(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport=PHONE_390, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def test_main_staff_pages_have_no_serious_axe_violations_on_a_phone(live_server, staff_site, narrow):  # noqa: F811
    # At desktop width these pages, and every other staff page, are checked by
    # test_staff_every_page_a11y; here the phone width, where the shell folds and tables scroll.
    failures = []
    login(narrow, live_server.url, staff_site.username, staff_site.password)
    for name, path in main_staff_pages(staff_site):
        response = narrow.goto(live_server.url + path)
        assert response is not None and response.status == 200, (name, path, response and response.status)
        assert narrow.locator(".s-shell .s-content h1").count() == 1, f"{name}: not on the staff shell"
        blocking = [v for v in axe_violations(narrow) if v.get("impact") in BLOCKING]
        if blocking:
            failures.append(f"{name} (390 px) {path}:\n{describe(blocking)}")
        try:
            assert_reflows(narrow)
        except AssertionError as failure:
            failures.append(f"{name} (390 px): {failure}")
    assert not failures, "\n\n".join(failures)


def test_shell_navigation_marks_the_module_and_keeps_focus_visible(live_server, staff_site, narrow):  # noqa: F811
    login(narrow, live_server.url, staff_site.username, staff_site.password)
    narrow.goto(f"{live_server.url}/staff/foi/cases/{staff_site.case_id}/")
    current = narrow.locator('.s-nav a[aria-current="page"]')
    assert current.count() == 1 and current.inner_text() == "依申请公开"
    # Every module the clerk's roles open is one link away, 人员与角色 included (an admin role).
    labels = narrow.locator(".s-nav a").all_inner_texts()
    for module in ("工作台", "依申请公开", "公众参与", "公开目录", "政务公开考核", "人员与角色"):
        assert module in labels
    # The suggested next step is open; the other actions are folded but reachable by keyboard.
    assert narrow.locator("details.s-action--primary[open]").count() == 1
    summaries = narrow.locator("details.s-action:not([open]) > summary")
    if summaries.count():
        folded = summaries.first.element_handle()  # a handle: the locator would move on once it opens
        folded.focus()
        outline = folded.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
        assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
        narrow.keyboard.press("Enter")
        assert folded.evaluate("e => e.parentElement.open") is True
