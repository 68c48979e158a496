"""Issue 16 in a real headless Chromium: a citizen applies choosing e-mail, refreshes the receipt,
and after the officer signs the reply finds the letter on the tracking page; the acknowledgement
and the reply (PDF attached) are in the mail outbox. axe-core on each page at 1280 and 390 px.

Also here: a walk over every public page and feed reachable from the demo site once applications
exist, failing if an applicant's name, ID number, phone or e-mail shows anywhere; and the item
page's QR code parsed as SVG with its namespace."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.test import Client

from gongkai.core.form_tokens import issue_form_token
from gongkai.disclosure.models import Publication
from gongkai.foi import services as foi
from gongkai.foi.models import Application
from gongkai.orgs import selectors as orgs
from gongkai.orgs.roles import Role
from gongkai.portal import demo
from gongkai.portal.tests.a11y import assert_accessible, assert_reflows
from gongkai.portal.tests.browsing import _orm_beside_playwright, browser, desktop  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
NAME, ID_NUMBER, PHONE, EMAIL = "欧阳明月", "11010519491231002X", "13987654321", "ouyang.mingyue@example.cn"


@pytest.fixture
def phone390(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport=PHONE_390, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def _check(page: Any, phone: Any, context: str) -> None:
    """axe at desktop width, then the same address at 390 px (reflow and axe)."""
    assert_accessible(page, context=f"{context}（桌面）")
    phone.goto(page.url)
    assert_reflows(phone)
    assert_accessible(phone, context=f"{context}（390 px）")


def test_apply_by_email_refresh_receipt_and_download_the_signed_reply(
    live_server,
    desktop,  # noqa: F811
    phone390,
    make_user,
):
    demo.build_all()
    base = live_server.url
    desktop.goto(base + "/org/shicheng-wjw/foi/apply/")
    _check(desktop, phone390, "依申请公开申请表")
    form = desktop.locator("form.foi-form")
    # Required fields are marked: a visible asterisk and the attributes assistive technology reads.
    for name in ("name", "id_number", "description", "delivery"):
        field = form.locator(f"[name={name}]")
        assert field.get_attribute("aria-required") == "true" and field.get_attribute("required") is not None
    assert form.locator("label[for=id_name] .req").inner_text() == "*"

    # Submitting with the required description missing shows the error beside the field.
    values = {
        "applicant_kind": "natural_person",
        "name": NAME,
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": EMAIL,
        "description": "",
        "info_form": "electronic",
        "delivery": "email",
    }
    for name, value in values.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("[type=submit]").click()
    desktop.wait_for_load_state()
    description = desktop.locator("[name=description]")
    assert description.get_attribute("aria-invalid") == "true"
    error_id = description.get_attribute("aria-describedby").split()[0]
    assert "请描述所需政府信息" in desktop.locator(f"#{error_id}").inner_text()
    assert_accessible(desktop, context="申请表（有错误）")
    description.fill("2024年石城县乡村医生补助发放标准")
    desktop.locator("form.foi-form [type=submit]").click()
    desktop.wait_for_url("**/foi/receipt/**")
    number = desktop.locator(".registration-number").inner_text().strip()
    code = desktop.locator(".tracking-code").inner_text().strip()
    assert len(code) == 8 and not set(code) & set("0O1IL")
    desktop.reload()  # the receipt survives a refresh
    assert desktop.locator(".tracking-code").inner_text().strip() == code
    _check(desktop, phone390, "申请回执")

    # Before the reply the tracking page offers withdrawal (a confirmation box and a button).
    desktop.goto(base + "/org/shicheng-wjw/foi/track/")
    desktop.get_by_label("登记号").fill(number)
    desktop.get_by_label("查询码").fill(code)
    desktop.locator("main form [type=submit]").first.click()
    desktop.wait_for_load_state()
    assert "本机关已收到您的申请" in desktop.locator("main").inner_text()
    assert desktop.get_by_role("button", name="撤回申请").is_visible()
    assert_accessible(desktop, context="进度查询（答复前，可撤回）")

    # The officer signs the reply (through the services the back office calls).
    app = Application.objects.get(registration_number=number, org=orgs.organization_by_slug("shicheng-wjw"))
    officer = make_user("browser-foi-officer", org=app.org, role=Role.FOI_OFFICER)
    foi.application_accept(actor=officer, application=app)
    foi.reply_draft(actor=officer, application=app, details=foi.ReplyDetails(outcome="disclosed", provision="电子邮件"))
    letter = foi.application_reply(actor=officer, application=app)

    desktop.goto(base + "/org/shicheng-wjw/foi/track/")
    desktop.get_by_label("登记号").fill(number)
    desktop.get_by_label("查询码").fill(code.lower())
    desktop.locator("main form [type=submit]").first.click()
    desktop.wait_for_load_state()
    main = desktop.locator("main").inner_text()
    assert "已答复" in main and "收到申请" in main and letter.number in main
    for secret in (NAME, ID_NUMBER, PHONE, EMAIL):
        assert secret not in desktop.content()
    assert_accessible(desktop, context="进度查询（桌面）")
    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name=re.compile("政府信息公开申请答复书")).click()
    with open(download_info.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    # The same tracking at 390 px (the page is a POST result: fill the form there too).
    phone390.goto(base + "/org/shicheng-wjw/foi/track/")
    phone390.get_by_label("登记号").fill(number)
    phone390.get_by_label("查询码").fill(code)
    phone390.locator("main form [type=submit]").click()
    phone390.wait_for_load_state()
    assert letter.number in phone390.locator("main").inner_text()
    assert_reflows(phone390)
    assert_accessible(phone390, context="进度查询（390 px）")

    subjects = [m.subject for m in mail.outbox]
    assert len(mail.outbox) == 2, subjects
    ack, reply = mail.outbox
    assert ack.to == reply.to == [EMAIL] and "已收到" in ack.subject and "答复书" in reply.subject
    ((name, content, media_type),) = reply.attachments
    assert media_type == "application/pdf" and content.startswith(b"%PDF-") and number in name


# --------------------------------------------------------------------------- no personal data anywhere

SKIP = ("/staff", "/admin", "/api/", "/static/", "/media/", "/reading/", "/accounts/")


def _links(base_path: str, text: str) -> list[str]:
    found = re.findall(r'href="([^"#]+)', text) + re.findall(r"<loc>([^<]+)</loc>", text)
    found += re.findall(r'<link[^>]+href="([^"]+)"', text)
    out = []
    for link in found:
        parts = urlsplit(urljoin(base_path, link.replace("&amp;", "&")))
        if parts.netloc not in ("", "testserver", "localhost", "127.0.0.1"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP) or "/letter/" in path:
            continue
        out.append(path)
    return out


def test_no_public_page_or_feed_shows_an_applicant(make_user):
    """Walk the public site after applications exist (online, registered, replied, withdrawn)."""
    demo.build_all()
    wjw = orgs.organization_by_slug("shicheng-wjw")
    officer = make_user("walk-officer", org=wjw, role=Role.FOI_OFFICER)
    person = foi.Applicant(
        kind="natural_person", name=NAME, id_type="resident_id", id_number=ID_NUMBER, phone=PHONE, email=EMAIL
    )
    submitted = foi.application_submit(
        org=wjw,
        applicant=person,
        request=foi.Request(description="2024年石城县乡村医生补助发放标准", info_form="electronic", delivery="email"),
        submission_token=issue_form_token(),
    )
    replied, _ = foi.application_register(
        actor=officer,
        org=wjw,
        applicant=person,
        request=foi.Request(description="石城县2024年医疗救助资金分配情况", info_form="paper", delivery="email"),
        receipt=foi.Receipt("in_person", submitted.application.received_on),
    )
    foi.reply_draft(actor=officer, application=replied, details=foi.ReplyDetails(outcome="disclosed", provision="邮寄"))
    foi.application_reply(actor=officer, application=replied)
    foi.application_withdraw_online(org=wjw, number=submitted.application.registration_number, code=submitted.code)

    client = Client()
    start = ["/", "/sitemap.xml", "/org/shicheng/", "/org/shicheng-wjw/", "/org/shicheng-wjw/feed.atom"]
    start += ["/org/shicheng/feed.atom", "/org/shicheng-wjw/foi/track/", "/org/shicheng-wjw/foi/apply/"]
    # The tracking page and the public API answer for the case itself: status only.
    checked: dict[str, int] = {}
    for response in (
        client.post(
            "/org/shicheng-wjw/foi/track/",
            {"number": submitted.application.registration_number, "code": submitted.code},
        ),
        client.get(
            f"/api/v1/foi/shicheng-wjw/track/{submitted.code}",
            {"number": submitted.application.registration_number},
        ),
    ):
        assert response.status_code == 200
        for secret in (NAME, ID_NUMBER, PHONE, EMAIL):
            assert secret not in response.content.decode(), secret
    queue, seen = deque(start), set(start)
    limit = 700
    while queue and len(checked) < limit:
        path = queue.popleft()
        response = client.get(path)
        checked[path] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not re.match(r"(text/|application/(xml|atom|rss|json|xhtml))", content_type):
            continue
        text = response.content.decode("utf-8", "replace")
        for secret in (NAME, ID_NUMBER, PHONE, EMAIL):
            assert secret not in text, f"{secret} shown on {path}"
        for link in _links(path, text):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    ok = [p for p, status in checked.items() if status == 200]
    assert len(ok) >= 100, f"only {len(ok)} pages reached: {sorted(checked)[:50]}"
    assert any(p.endswith(".atom") for p in ok) and "/sitemap.xml" in ok


def test_item_qr_code_is_a_valid_svg_document():
    demo.build_all()
    item = Publication.objects.filter(state="published").order_by("pk").first()
    assert item is not None
    response = Client().get(f"/info/{item.pk}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == "在手机上打开本页"
