"""The 正文 editor in a real Chromium: it loads from our static files under the content security
policy (no violation), edits write back into the form's textarea, and the page passes axe-core."""

import pytest

from gongkai.orgs.models import Membership
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_enhances_the_body_textarea_without_csp_violations(live_server, browser):  # noqa: F811
    orgs, _, _ = demo.build_all()
    user, password = demo.ensure_user("editor-clerk")
    assert password is not None
    Membership.objects.create(user=user, org=orgs["shicheng-wjw"], role="editor")
    page = browser.new_page(locale="zh-CN")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else external.append(r.url))
    page.goto(live_server.url + "/staff/login/")
    page.get_by_label("用户名").fill("editor-clerk")
    page.get_by_label("密码").fill(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    page.goto(f"{live_server.url}/staff/orgs/{orgs['shicheng-wjw'].pk}/publications/new/")
    editable = page.get_by_role("textbox", name="正文")
    editable.wait_for()
    assert page.locator("textarea[name=body_html]").is_hidden()
    editable.click()
    page.keyboard.type("第一段")
    page.keyboard.press("Enter")
    page.keyboard.type("第二段")
    assert page.locator("textarea[name=body_html]").input_value() == "<p>第一段</p><p>第二段</p>"
    assert page.locator(".prose-menubar").count() == 1
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not [p for p in problems if "Uncaught" in p or "Error" in p], problems
    assert external == []
    # The menu speaks Chinese: no English title left on its buttons.
    titles = page.locator(".prose-menubar [title]").evaluate_all("els => els.map(e => e.title)")
    assert titles and not [t for t in titles if any("a" <= ch.lower() <= "z" for ch in t)], titles
    # The menu shows icons, not their ligature names: its buttons keep the vendored icon font
    # (the staff button style once replaced it, and the menu read "format_bold format_italic").
    page.evaluate("document.fonts.ready.then(() => true)")
    icons = page.locator(".prose-menubar__button.material-icons")
    fonts = icons.evaluate_all("els => els.map(e => getComputedStyle(e).fontFamily)")
    assert fonts and all("Material Icons" in f for f in fonts), fonts
    widths = icons.evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert max(widths) < 48, widths
    page.get_by_role("button", name="插入表格").click()
    page.locator("dialog button[type=submit]").click()
    assert "<table>" in page.locator("textarea[name=body_html]").input_value()
    assert_accessible(page, context="起草（编辑器）")
    page.close()
