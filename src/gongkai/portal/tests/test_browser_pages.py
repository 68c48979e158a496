"""The main public and staff pages in a real headless Chromium, each checked with axe-core
(WCAG 2.0/2.1 A and AA) at desktop and phone width. The data are the demo site plus an
依申请公开 case, a 领导信箱 letter and a published 年度报告, all made through the services."""

from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from gongkai.disclosure.models import Publication
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role
from gongkai.participation.models import Consultation, Event
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible, assert_reflows
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, desktop, login, phone  # noqa: F401
from gongkai.portal.tests.staff_site import NOW, add_casework
from gongkai.search import indexer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# NOW (10:00 on 20 January 2026 in 石城): the 2025 annual report is due and may be published, the
# demo consultations are dated against this day, and every page renders the same on any run.


@dataclass
class Site:
    clerk: str
    password: str
    plan: Publication
    consultations: list[Consultation]
    case_id: int
    message_id: int
    event_id: int
    shicheng_id: int


@pytest.fixture
def site() -> Any:
    with time_machine.travel(NOW, tick=True):
        orgs, _, _ = demo.build_all()
        user, password = demo.ensure_user("a11y-clerk")
        assert password is not None
        # The clerk of 石城县's 政务公开办: drafts, signs, answers 依申请公开 and the mailbox.
        # Demo set-up like demo.build_users, not an administrative act.
        for role in (Role.ADMIN, Role.EDITOR, Role.FOI_OFFICER):
            Membership.objects.create(user=user, org=orgs["shicheng"], role=role)
        application, message = add_casework(user, orgs["shicheng"])
        indexer.reindex()
        yield Site(
            clerk=user.username,
            password=password,
            plan=Publication.objects.get(source_key="seed:002_0cf31afc2e5c933c.txt"),
            consultations=list(Consultation.objects.order_by("pk")),
            case_id=application.pk,
            message_id=message.pk,
            event_id=Event.objects.order_by("pk").values_list("pk", flat=True)[0],
            shicheng_id=orgs["shicheng"].pk,
        )


def public_pages(site: Site) -> list[tuple[str, str]]:
    return [
        ("首页", "/"),
        ("石城县网站首页", "/org/shicheng/"),
        ("石城县信息公开专栏", "/org/shicheng/xxgk/"),
        ("主动公开目录栏目", "/org/shicheng/catalog/other-docs/"),
        ("信息详情", f"/info/{site.plan.pk}/"),
        ("政策文件库", "/policies/"),
        ("政策文件库按主题大类", "/policies/?topic=综合政务"),
        ("检索结果", "/search/?q=政务公开"),
        ("征求意见列表", "/consultations/"),
        *((f"征求意见 {c.title}", f"/consultations/{c.pk}/") for c in site.consultations),
        ("领导信箱写信", "/org/shicheng/mailbox/"),
        ("留言公开", "/mailbox/"),
        ("依申请公开申请表", "/org/shicheng/foi/apply/"),
        ("依申请公开查询", "/org/shicheng/foi/track/"),
        ("年度报告列表", "/org/shicheng/reports/"),
        ("2025年度报告", "/org/shicheng/reports/2025/"),
        ("政府开放日", "/events/"),
        ("政府开放日活动", f"/events/{site.event_id}/"),
        ("公众参与统计", "/participation/statistics/"),
        ("好差评", "/org/shicheng/rate/"),
        ("留言查询", "/mailbox/track/"),
        ("工作人员登录", "/staff/login/"),
        ("公开指南", "/org/shicheng/xxgk/guide/"),
        ("网站地图", "/org/shicheng/sitemap/"),
        ("政府网站工作年度报表", "/org/shicheng/website-reports/2025/"),
    ]


def staff_pages(site: Site) -> list[tuple[str, str]]:
    return [
        ("工作台", "/staff/"),
        ("发布页", f"/staff/publications/{site.plan.pk}/"),
        ("依申请公开工作台", "/staff/foi/"),
        ("依申请公开案件", f"/staff/foi/cases/{site.case_id}/"),
        ("公众参与工作台", "/staff/participation/"),
        ("信箱留言", f"/staff/participation/messages/{site.message_id}/"),
        ("起草新信息", f"/staff/orgs/{site.shicheng_id}/publications/new/"),
        ("登记申请", f"/staff/foi/orgs/{site.shicheng_id}/register/"),
        ("新建征求意见", f"/staff/participation/orgs/{site.shicheng_id}/consultations/new/"),
        ("活动安排", "/staff/participation/events/"),
        ("年度报告编辑", f"/staff/orgs/{site.shicheng_id}/reports/2025/"),
        ("年度报告督查", f"/staff/orgs/{site.shicheng_id}/reports/supervision/?year=2025"),
        ("公开时限与解读率", "/staff/orgs/shicheng/compliance/"),
    ]


def check_all(base_url: str, pages: list[tuple[str, str]], views: list[tuple[Any, str]]) -> None:
    """Visit every page in every view and check it; fail once, listing every page's violations."""
    failures = []
    for name, path in pages:
        for page, width in views:
            response = page.goto(base_url + path)
            assert response is not None and response.status == 200, (name, path, response and response.status)
            try:
                assert_accessible(page, context=f"{name} ({width})")
                if width == "phone":
                    assert_reflows(page)
            except AssertionError as failure:
                failures.append(str(failure))
    assert not failures, "\n\n".join(failures)


def test_public_pages_pass_axe_on_desktop_and_phone(live_server, site, desktop, phone):  # noqa: F811
    check_all(live_server.url, public_pages(site), [(desktop, "desktop"), (phone, "phone")])


def test_public_pages_pass_axe_in_traditional_large_type_and_care_mode(live_server, site, desktop, phone):  # noqa: F811
    """The same pages as a visitor who chose 繁體, 大字 and the 适老化 mode sees them."""
    for page in (desktop, phone):
        page.context.add_cookies(
            [
                {"name": n, "value": v, "url": live_server.url}
                for n, v in (("gk_script", "hant"), ("gk_font", "l"), ("gk_care", "1"))
            ]
        )
    check_all(live_server.url, public_pages(site), [(desktop, "desktop"), (phone, "phone")])
    assert desktop.locator("html").get_attribute("lang") == "zh-Hant"
    assert "care" in (phone.locator("html").get_attribute("class") or "")


def test_staff_pages_pass_axe_on_desktop_and_phone(live_server, site, desktop, phone):  # noqa: F811
    login(desktop, live_server.url, site.clerk, site.password)
    login(phone, live_server.url, site.clerk, site.password)
    check_all(live_server.url, staff_pages(site), [(desktop, "desktop"), (phone, "phone")])


def test_the_checks_fail_on_a_page_with_violations(browser):  # noqa: F811
    """The checks bite: a page without lang, an image without alt, an unlabelled field and a
    table wider than a phone fail with the rule ids and the nodes named."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_content(
        "<title>t</title><main><h1>t</h1><img src='x.png'><input id='q'>"
        "<p style='width:900px'>比手机屏幕宽的一段</p></main>"
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, context="自检")
    for expected in ("html-has-lang", "image-alt", "label", "#q", "自检"):
        assert expected in str(failure.value)
    with pytest.raises(AssertionError, match="viewport"):
        assert_reflows(page)
    context.close()
