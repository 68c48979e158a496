"""In Chromium: an admin adds a staff member with a role; the new user sets a password through
the one-time link, signs in and sees their 工作台; then enables two-factor sign-in and signs in
again with a TOTP code. axe-core checks every page on the way."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.orgs.models import Membership
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, desktop, login  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(username: str, *, steps_ahead: int = 0) -> str:
    device = TOTPDevice.objects.get(user__username=username)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():06d}"


def test_admin_adds_staff_who_signs_in_and_enables_two_factor(live_server, browser, desktop):  # noqa: F811
    orgs, _, _ = demo.build_all()
    admin, password = demo.ensure_user("browser-admin")
    assert password is not None
    Membership.objects.create(user=admin, org=orgs["shicheng-wjw"], role="admin")
    page = desktop
    login(page, live_server.url, "browser-admin", password)
    page.get_by_role("link", name="人员与角色").click()
    page.wait_for_url("**/staff/people/")
    assert_accessible(page, context="人员与角色")
    page.get_by_role("link", name="添加工作人员").click()
    assert_accessible(page, context="添加工作人员")
    page.get_by_label("用户名").fill("liming")
    page.get_by_label("姓名").fill("李明")
    page.get_by_label("电子邮箱").fill("liming@example.cn")
    page.get_by_label("所属机构").select_option(value=str(orgs["shicheng-wjw"].pk))
    page.get_by_label("角色").select_option(label="起草")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/staff/people/*/")
    assert_accessible(page, context="人员详情")
    page.get_by_role("button", name="生成设置密码链接").click()
    link = page.get_by_role("textbox", name="链接").input_value()
    assert "/staff/people/reset/" in link
    assert_accessible(page, context="人员详情（设置密码链接）")

    newcomer = browser.new_context(locale="zh-CN").new_page()
    newcomer.goto(link)
    assert_accessible(newcomer, context="设置密码")
    newcomer.get_by_label("新密码", exact=True).fill("Shicheng-2026-liming")
    newcomer.get_by_label("再次输入新密码").fill("Shicheng-2026-liming")
    newcomer.get_by_role("button", name="设置密码").click()
    newcomer.wait_for_url("**/staff/login/")
    login(newcomer, live_server.url, "liming", "Shicheng-2026-liming")
    assert newcomer.get_by_role("heading", level=1).inner_text() == "工作台"
    assert "石城县卫生健康委员会" in newcomer.get_by_role("table").last.inner_text()

    newcomer.get_by_role("link", name="两步验证").click()
    newcomer.wait_for_url("**/staff/people/2fa/")
    assert newcomer.locator("figure.qr svg").count() == 1
    assert_accessible(newcomer, context="启用两步验证")
    newcomer.get_by_label("验证码").fill(current_code("liming"))
    newcomer.get_by_role("button", name="启用两步验证").click()
    newcomer.wait_for_url("**/staff/")
    newcomer.context.close()

    again = browser.new_context(locale="zh-CN").new_page()
    again.goto(live_server.url + "/staff/login/")
    again.get_by_label("用户名").fill("liming")
    again.get_by_label("密码").fill("Shicheng-2026-liming")
    again.keyboard.press("Enter")
    again.wait_for_url("**/staff/login/code/")
    assert_accessible(again, context="输入验证码")
    # The code used at enrolment cannot be replayed: while its 30-second step lasts, sign in with
    # the next step's code, which the device accepts (one step of tolerance) instead of waiting.
    device = TOTPDevice.objects.get(user__username="liming")
    code = current_code("liming")
    if TOTP(device.bin_key, device.step, device.t0).t() <= device.last_t:
        code = current_code("liming", steps_ahead=1)
    again.get_by_label("验证码").fill(code)
    again.get_by_role("button", name="验证并登录").click()
    again.wait_for_url("**/staff/")
    assert again.get_by_role("heading", level=1).inner_text() == "工作台"
    assert_accessible(again, context="工作台（两步验证后）")
    again.context.close()
