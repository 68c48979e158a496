"""In a real headless Chromium: a department officer reports progress, the office sends it back;
the overdue list and the 督办 record on fixed dates; the dashboard's chart (ECharts) has its table."""

import datetime

import pytest
import time_machine

from gongkai.orgs.models import Membership
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible
from gongkai.portal.tests.test_browser import _orm_beside_playwright, browser  # noqa: F401 — shared fixtures
from gongkai.supervision.models import Assignment, Escalation, Plan, Task
from gongkai.supervision.tests.conftest import build_shicheng

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url, username, password):
    page.goto(url + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")


def test_report_return_overdue_and_escalation(live_server, browser):  # noqa: F811
    with time_machine.travel(datetime.datetime(2024, 6, 20, 9, 0, tzinfo=datetime.UTC), tick=True):
        operator, _ = demo.ensure_user("sup-operator", operator=True)
        orgs = build_shicheng(operator)
        clerk, clerk_pw = demo.ensure_user("sup-clerk")
        office, office_pw = demo.ensure_user("sup-office")
        Membership.objects.create(user=clerk, org=orgs["shicheng-wjw"], role="editor")
        Membership.objects.create(user=office, org=orgs["shicheng"], role="admin")
        plan = Plan.objects.create(org=orgs["shicheng"], year=2024, title="石城县2024年政务公开工作要点")
        task = Task.objects.create(
            plan=plan,
            seq=1,
            number="二",
            title="围绕保障和改善民生深化信息公开",
            body="…",
            due=datetime.date(2024, 6, 30),
        )
        a = Assignment.objects.create(
            task=task, org=orgs["shicheng-wjw"], role="support", due_on=datetime.date(2024, 6, 30)
        )

        page = browser.new_page(locale="zh-CN")
        _login(page, live_server.url, "sup-clerk", clerk_pw)
        page.goto(live_server.url + "/staff/supervision/")
        assert_accessible(page, context="督查考核任务（经办人）")
        page.get_by_role("link", name="二 围绕保障和改善民生深化信息公开").click()
        assert_accessible(page, context="任务（经办人）")
        page.get_by_label("进展情况").fill("已在专栏公开医疗卫生监督检查信息12条。")
        page.get_by_role("button", name="报送进展").click()
        page.wait_for_load_state()
        assert "已报送" in page.locator(".assignment-state").inner_text()
        assert page.get_by_role("button", name="退回").count() == 0  # not the clerk's step
        assert_accessible(page, context="已报送的任务（经办人）")
        page.close()

        page = browser.new_page(locale="zh-CN")
        _login(page, live_server.url, "sup-office", office_pw)
        page.goto(live_server.url + f"/staff/supervision/assignments/{a.pk}/")
        assert_accessible(page, context="任务（政务公开办）")
        page.get_by_label("退回理由").fill("请补充公开链接。")
        page.get_by_role("button", name="退回").click()
        page.wait_for_load_state()
        assert "已退回" in page.locator(".assignment-state").inner_text()
        assert "请补充公开链接" in page.locator(".reports").inner_text()
        assert_accessible(page, context="已退回的任务（政务公开办）")
        page.goto(live_server.url + f"/staff/supervision/orgs/{orgs['shicheng'].pk}/?year=2024")
        assert_accessible(page, context="督查看板")
        assert "没有逾期任务" in page.locator(".overdue-list").inner_text()
        assert page.get_by_role("img", name="各单位任务进度（按状态）").count() == 1
        # Drawn by the vendored ECharts (SVG renderer), its legend naming the task states.
        assert page.locator("#chart-progress svg").count() == 1
        assert page.locator("#chart-progress svg text", has_text="已报送").count() == 1
        assert (
            "石城县卫生健康委员会" in page.get_by_role("table", name="各单位任务进度（图表数据）").inner_text()
            or "县卫健委" in page.get_by_role("table", name="各单位任务进度（图表数据）").inner_text()
        )
        page.goto(live_server.url + f"/staff/supervision/assignments/{a.pk}/")
        assert page.get_by_role("button", name="督办").count() == 0  # not overdue yet
        assert_accessible(page, context="未逾期的任务（政务公开办）")
        page.close()

    with time_machine.travel(datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC), tick=True):
        page = browser.new_page(locale="zh-CN")
        _login(page, live_server.url, "sup-office", office_pw)
        page.goto(live_server.url + f"/staff/supervision/orgs/{orgs['shicheng'].pk}/?year=2024")
        assert_accessible(page, context="督查看板（有逾期）")
        overdue = page.locator(".overdue-list").inner_text()
        assert "围绕保障和改善民生深化信息公开" in overdue and "2024-06-30" in overdue
        page.get_by_role("link", name="二 围绕保障和改善民生深化信息公开").click()
        page.get_by_label("督办要求").fill("请于7月5日前补报。")
        page.get_by_role("button", name="督办").click()
        page.wait_for_load_state()
        assert "请于7月5日前补报" in page.locator(".escalations").inner_text()
        assert_accessible(page, context="已督办的任务")
        page.close()
    record = Escalation.objects.get(assignment=a)
    assert record.on == datetime.date(2024, 7, 2) and record.due_on == datetime.date(2024, 6, 30)
