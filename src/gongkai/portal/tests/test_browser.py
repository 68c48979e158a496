"""The portal in a real headless Chromium: phone width, keyboard use, landmarks, login."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.orgs.models import Membership
from gongkai.portal import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def _orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an event loop running in this thread while the module's
    # tests run; the ORM calls of the tests themselves (database set-up, fixtures) are safe
    # here. The switch is restored afterwards so no other test or subprocess inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def chromium_path() -> str:
    path = os.environ.get("GONGKAI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("未找到 Chromium：运行 scripts/test 会自动安装，或设置 GONGKAI_CHROMIUM。")
    return path


@pytest.fixture(scope="module")
def browser(_orm_beside_playwright: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def test_home_fits_a_360px_phone_and_has_landmarks(live_server, phone, tmp_path):
    demo.build_all()
    phone.goto(live_server.url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.get_by_role("banner").count() == 1
    assert phone.get_by_role("main").count() == 1
    assert phone.get_by_role("contentinfo").count() == 1
    assert phone.get_by_role("navigation", name="主导航").count() == 1
    assert phone.get_by_role("link", name="石城县人民政府", exact=True).is_visible()
    phone.screenshot(path=os.environ.get("GONGKAI_SCREENSHOT", str(tmp_path / "home-360.png")), full_page=True)
    item_page = phone.get_by_role("link", name="关于印发石城县2024年政务公开工作要点的通知")
    item_page.click()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.get_by_role("heading", level=1).inner_text() == "关于印发石城县2024年政务公开工作要点的通知"


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(live_server, phone):
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


def test_staff_login_with_the_keyboard_shows_the_roles(live_server, browser):
    orgs, _, _ = demo.build_all()
    user, password = demo.ensure_user("browser-clerk")
    assert password is not None
    Membership.objects.create(user=user, org=orgs["shicheng-wjw"], role="editor")
    page = browser.new_page(locale="zh-CN")
    page.goto(live_server.url + "/staff/login/")
    page.get_by_label("用户名").fill("browser-clerk")
    page.get_by_label("密码").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    table = page.get_by_role("table").inner_text()
    assert "石城县卫生健康委员会" in table
    assert "起草" in table
    page.close()


def test_citizen_applies_for_information_on_a_phone_and_tracks_it(live_server, phone):
    """依申请公开 as a citizen does it: the form on a 360 px phone, then tracking by the code."""
    demo.build_all()
    phone.goto(live_server.url + "/org/shicheng-wjw/foi/apply/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
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
    assert len(code) >= 12
    phone.goto(live_server.url + "/org/shicheng-wjw/foi/track/")
    phone.locator("[name=code]").fill(code)
    phone.locator("[name=code]").press("Enter")
    phone.wait_for_load_state()
    text = phone.locator("main").inner_text()
    assert "已登记" in text
    for secret in ("王五", "11010519491231002X", "13700137000", "乡村医生"):
        assert secret not in text
