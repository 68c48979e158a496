"""Shared pieces of the browser tests: a headless Debian Chromium driven by Playwright, one
browser per test module, fresh contexts per test, and a login helper. Test modules import the
fixtures from here (`from gongkai.portal.tests.browsing import browser, ...`)."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


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
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def login(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the login form, with the keyboard, as a clerk does."""
    page.goto(base_url + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
