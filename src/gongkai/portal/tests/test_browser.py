"""The portal in a real headless Chromium: phone width, keyboard use, landmarks, login; every
page visited is checked with axe-core (a11y.assert_accessible)."""

import os

import pytest

from gongkai.orgs.models import Membership
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible, assert_reflows

# The shared fixtures live in browsing.py; importing them here keeps `from
# gongkai.portal.tests.test_browser import browser` (other apps' browser tests) working.
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, phone  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_fits_a_360px_phone_and_has_landmarks(live_server, phone, tmp_path):  # noqa: F811
    demo.build_all()
    phone.goto(live_server.url + "/")
    assert_reflows(phone)
    assert_accessible(phone, context="首页（手机）")
    assert phone.get_by_role("banner").count() == 1
    assert phone.get_by_role("main").count() == 1
    assert phone.get_by_role("contentinfo").count() == 1
    assert phone.get_by_role("navigation", name="主导航").count() == 1
    # The cluster portal names itself in the banner (and again in its member-site list).
    assert phone.locator(".site-name").get_by_role("link", name="石城县人民政府", exact=True).is_visible()
    phone.screenshot(path=os.environ.get("GONGKAI_SCREENSHOT", str(tmp_path / "home-360.png")), full_page=True)
    # Listed under both 要闻动态 and 政策文件 on the site's home page.
    item_page = phone.get_by_role("link", name="关于印发石城县2024年政务公开工作要点的通知").first
    item_page.click()
    phone.wait_for_load_state()
    assert_reflows(phone)
    assert phone.get_by_role("heading", level=1).inner_text() == "关于印发石城县2024年政务公开工作要点的通知"
    assert_accessible(phone, context="信息详情（手机）")


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(live_server, phone):  # noqa: F811
    demo.build_all()
    phone.goto(live_server.url + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
    box = phone.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"
    # Checked after the keyboard steps: the page with the skip link shown and focus on main.
    assert_accessible(phone, context="首页（键盘操作后）")


def test_staff_login_with_the_keyboard_shows_the_roles(live_server, browser):  # noqa: F811
    orgs, _, _ = demo.build_all()
    user, password = demo.ensure_user("browser-clerk")
    assert password is not None
    Membership.objects.create(user=user, org=orgs["shicheng-wjw"], role="editor")
    page = browser.new_page(locale="zh-CN")
    page.goto(live_server.url + "/staff/login/")
    assert_accessible(page, context="工作人员登录")
    page.get_by_label("用户名").fill("browser-clerk")
    page.get_by_label("密码").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    table = page.get_by_role("table", name="我的机构与角色").inner_text()
    assert "石城县卫生健康委员会" in table
    assert "起草" in table
    assert_accessible(page, context="工作台")
    page.close()


def test_citizen_applies_for_information_on_a_phone_and_tracks_it(live_server, phone):  # noqa: F811
    """依申请公开 as a citizen does it: the form on a 360 px phone, then tracking by the code."""
    demo.build_all()
    phone.goto(live_server.url + "/org/shicheng-wjw/foi/apply/")
    assert_reflows(phone)
    assert_accessible(phone, context="依申请公开申请表（手机）")
    form = phone.locator("form").filter(has=phone.locator("[name=description]"))
    values = {
        "applicant_kind": "natural_person",
        "name": "王五",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13700137000",
        "address": "石城县琴江镇2号",
        "description": "2024年石城县乡村医生补助发放标准",
        "info_form": "paper",
        "delivery": "mail",
    }
    for name, value in values.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("[type=submit]").click()
    phone.wait_for_load_state()
    code = phone.locator(".tracking-code").inner_text().strip()
    number = phone.locator(".registration-number").inner_text().strip()
    assert len(code) == 8  # issue 16: short, without look-alike characters
    assert_accessible(phone, context="申请已提交（手机）")
    phone.goto(live_server.url + "/org/shicheng-wjw/foi/track/")
    phone.locator("[name=number]").fill(number)
    phone.locator("[name=code]").fill(code.lower())  # read case-insensitively
    phone.locator("[name=code]").press("Enter")
    phone.wait_for_load_state()
    text = phone.locator("main").inner_text()
    assert "已登记" in text
    assert_accessible(phone, context="申请进度（手机）")
    for secret in ("王五", "11010519491231002X", "13700137000", "乡村医生"):
        assert secret not in text


def test_a_statistics_period_too_long_is_said_beside_the_end_date(live_server, phone):  # noqa: F811
    """The citizen asks for twenty years: the page says so beside the end date, in Chinese,
    keeps what was typed, counts nothing, and passes axe on a phone."""
    demo.build_all()
    phone.goto(live_server.url + "/participation/statistics/?org=shicheng&start=2005-01-01&end=2025-12-31")
    end = phone.get_by_label("截止日期")
    assert end.get_attribute("aria-invalid") == "true" and end.input_value() == "2025-12-31"
    assert "不能超过366天" in phone.get_by_role("alert").inner_text()
    assert phone.locator("dl.figures").count() == 0
    assert_reflows(phone)
    assert_accessible(phone, context="公众参与统计：期间过长（手机）")
    end.fill("2005-12-31")
    phone.get_by_role("button", name="统计").click()
    phone.wait_for_load_state()
    assert phone.locator("dl.figures").count() >= 1 and phone.get_by_role("alert").count() == 0
