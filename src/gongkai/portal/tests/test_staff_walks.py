"""Issue 15: the guided case pages walked in Chromium as the demo roles.

1. 主动公开: demo-editor drafts from a .docx upload, edits (the dates survive), submits;
   demo-reviewer passes 保密审查; demo-approver passes 签发 and publishes.
2. 依申请公开: demo-foi registers an application as received, accepts it, names the 经办人,
   drafts the reply, previews it, is refused without the confirmation, then signs.
3. demo-admin adds a staff member with a role, who sets a password and sees their 工作台.
4. That staff member enables two-factor sign-in and signs in with a TOTP code.

On every staff page axe-core finds no critical or serious violation, and on every case page the
actions shown are exactly ``available_actions`` for the signed-in user.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.disclosure.models import Publication, State
from gongkai.disclosure.transitions import PUBLICATION
from gongkai.foi.models import Application, Letter
from gongkai.foi.transitions import APPLICATION
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role
from gongkai.portal import demo
from gongkai.portal.casepage import deadline_words
from gongkai.portal.foi.staff import HANDLERS as FOI_HANDLERS
from gongkai.portal.tests.a11y import axe_violations, describe
from gongkai.portal.tests.browsing import DESKTOP, _orm_beside_playwright, browser, login  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_serious(page: Any, where: str) -> None:
    """The acceptance bar of issue 15: no critical or serious axe-core violation."""
    bad = [v for v in axe_violations(page) if v.get("impact") in ("critical", "serious")]
    assert not bad, f"axe-core on {where} ({page.url}):\n" + describe(bad)


def sign_in(browser: Any, base: str, username: str, password: str) -> Any:  # noqa: F811
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    login(page, base, username, password)
    assert_no_serious(page, f"工作台（{username}）")
    return page


def shown_actions(page: Any) -> set[str]:
    """The labels of the action panels on a case page (an answer form per consultation is one)."""
    texts = page.locator(".s-actions details.s-action > summary").all_inner_texts()
    return {t.strip().split("：")[0] for t in texts}


def open_action(page: Any, label: str) -> None:
    """Unfold an action panel (the suggested next step is open already)."""
    panel = page.locator("details.s-action").filter(has=page.locator("summary", has_text=label)).first
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)  # fresh: no cached roles


def publication_actions(username: str, pk: int) -> set[str]:
    return {t.label for t in PUBLICATION.available_actions(user(username), Publication.objects.get(pk=pk))}


def case_actions(username: str, pk: int) -> set[str]:
    app = Application.objects.get(pk=pk)
    rows = APPLICATION.available_actions(user(username), app, interactive_only=True)
    return {t.label for t in rows if t.action in FOI_HANDLERS}


def docx_file(tmp_path: Any) -> str:
    from docx import Document

    document = Document()
    document.add_paragraph("石城县人民政府办公室关于做好2026年冬季防火工作的通知")
    document.add_paragraph("石府办字〔2026〕31号")
    document.add_paragraph("各乡（镇）人民政府，县直各单位：")
    document.add_paragraph("为切实做好今冬明春森林防火工作，现将有关事项通知如下。")
    document.add_paragraph("一、压实防火责任。")
    path = tmp_path / "冬季防火通知.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_publication_from_word_through_review_to_publication(live_server, browser, tmp_path):  # noqa: F811
    orgs, users, _ = demo.build_all()
    passwords = dict(users)
    base = live_server.url
    bgs = orgs["shicheng-bgs"]

    editor = sign_in(browser, base, "demo-editor", passwords["demo-editor"])
    editor.goto(f"{base}/staff/orgs/{bgs.pk}/publications/new/")
    assert_no_serious(editor, "起草")
    editor.get_by_label("从Word文档导入正文").set_input_files(docx_file(tmp_path))
    editor.get_by_role("button", name="导入（不保存）").click()
    editor.wait_for_load_state()
    assert "为切实做好今冬明春森林防火工作" in editor.locator("textarea[name=body_html]").input_value()
    assert_no_serious(editor, "起草（已从Word导入）")
    editor.get_by_label("信息名称").fill("关于做好2026年冬季防火工作的通知")
    editor.get_by_label("成文日期").fill("2026-11-20")
    editor.get_by_label("形成或变更日期").fill("2026-11-25")
    editor.get_by_role("button", name="保存草稿").click()
    editor.wait_for_url("**/staff/publications/*/")
    pk = int(editor.url.rstrip("/").split("/")[-1])
    assert_no_serious(editor, "信息页（草稿）")
    assert shown_actions(editor) == publication_actions("demo-editor", pk)
    due = Publication.objects.get(pk=pk).current_revision
    assert due is not None and due.written_on == datetime.date(2026, 11, 20)
    assert "公开期限：" in editor.locator(".s-case-clock").inner_text()
    assert "起草（demo-editor）" in editor.locator(".s-timeline").inner_text()

    # An edit keeps both dates (the form shows them again and saves them unchanged).
    open_action(editor, "修改")
    editor.get_by_text("打开修改页面").click()
    editor.wait_for_url("**/edit/")
    assert_no_serious(editor, "修改")
    assert editor.get_by_label("成文日期").input_value() == "2026-11-20"
    editor.get_by_label("信息名称").fill("石城县关于做好2026年冬季防火工作的通知")
    editor.get_by_role("button", name="保存草稿").click()
    editor.wait_for_url(f"**/staff/publications/{pk}/")
    revision = Publication.objects.get(pk=pk).current_revision
    assert revision is not None and revision.title.startswith("石城县")
    assert (revision.written_on, revision.formed_on) == (datetime.date(2026, 11, 20), datetime.date(2026, 11, 25))
    timeline = editor.locator(".s-timeline").inner_text()
    assert "修改（demo-editor）" in timeline and "publication." not in timeline

    editor.get_by_role("button", name="送审").click()
    editor.wait_for_url(f"**/staff/publications/{pk}/")
    assert Publication.objects.get(pk=pk).state == State.IN_REVIEW
    # The drafter is not offered 审核 on their own item.
    assert shown_actions(editor) == publication_actions("demo-editor", pk)
    assert "审核通过" not in shown_actions(editor)
    assert_no_serious(editor, "信息页（审核中，起草人）")
    editor.context.close()

    reviewer = sign_in(browser, base, "demo-reviewer", passwords["demo-reviewer"])
    reviewer.goto(f"{base}/staff/publications/{pk}/")
    assert "当前环节：保密审查" in reviewer.locator(".s-case-state").inner_text()
    assert shown_actions(reviewer) == publication_actions("demo-reviewer", pk) >= {"审核通过", "退回"}
    assert_no_serious(reviewer, "信息页（保密审查）")
    reviewer.get_by_label("审核意见").fill("不涉密，同意公开。")
    reviewer.get_by_role("button", name="审核通过").click()
    reviewer.wait_for_url(f"**/staff/publications/{pk}/")
    assert shown_actions(reviewer) == publication_actions("demo-reviewer", pk)
    reviewer.context.close()

    approver = sign_in(browser, base, "demo-approver", passwords["demo-approver"])
    approver.goto(f"{base}/staff/publications/{pk}/")
    assert "当前环节：签发" in approver.locator(".s-case-state").inner_text()
    assert shown_actions(approver) == publication_actions("demo-approver", pk)
    approver.get_by_role("button", name="审核通过").click()
    approver.wait_for_url(f"**/staff/publications/{pk}/")
    assert Publication.objects.get(pk=pk).state == State.APPROVED
    assert shown_actions(approver) == publication_actions("demo-approver", pk) >= {"发布"}
    assert_no_serious(approver, "信息页（待发布）")
    approver.get_by_role("button", name="发布").click()
    approver.wait_for_url(f"**/staff/publications/{pk}/")
    published = Publication.objects.get(pk=pk)
    assert published.state == State.PUBLISHED
    assert (published.written_on, published.formed_on) == (datetime.date(2026, 11, 20), datetime.date(2026, 11, 25))
    assert shown_actions(approver) == publication_actions("demo-approver", pk)
    assert "已于" in approver.locator(".s-case-clock").inner_text()
    timeline = approver.locator(".s-timeline").inner_text()
    for step in ("起草（demo-editor）", "送审（demo-editor）", "审核通过（demo-reviewer）", "发布（demo-approver）"):
        assert step in timeline
    assert "保密审查：不涉密，同意公开。" in timeline and "publication." not in timeline
    assert_no_serious(approver, "信息页（已发布）")
    approver.context.close()


def fill(page: Any, name: str, value: str) -> None:
    """Fill a form control by its name, whatever its kind (select, radio group, text)."""
    control = page.locator(f"[name={name}]")
    kind = control.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : (e.type || e.tagName)")
    if kind == "select":
        control.select_option(value)
    elif kind == "radio":
        page.locator(f"[name={name}][value={value}]").check()
    else:
        control.fill(value)


def test_foi_case_from_receipt_to_a_signed_letter(live_server, browser):  # noqa: F811
    orgs, users, _ = demo.build_all()
    passwords = dict(users)
    base = live_server.url
    county = orgs["shicheng"]
    colleague, _ = demo.ensure_user("foi-colleague")
    Membership.objects.create(user=colleague, org=county, role=Role.FOI_OFFICER)
    today = timezone.localdate()

    officer = sign_in(browser, base, "demo-foi", passwords["demo-foi"])
    officer.goto(f"{base}/staff/foi/orgs/{county.pk}/register/")
    assert_no_serious(officer, "登记申请")
    for name, value in {
        "channel": "in_person",
        "submitted_on": today.isoformat(),
        "applicant_kind": "natural_person",
        "name": "王五",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13700137000",
        "address": "石城县琴江镇2号",
        "description": "2026年石城县冬季防火工作经费安排",
        "info_form": "paper",
        "delivery": "mail",
    }.items():
        fill(officer, name, value)
    officer.locator("form button[type=submit]").last.click()
    officer.wait_for_url("**/staff/foi/cases/*/")
    pk = int(officer.url.rstrip("/").split("/")[-1])
    app = Application.objects.get(pk=pk)
    state_block = officer.locator(".s-case-state").inner_text()
    assert deadline_words("答复期限", app.due_on, today) in state_block
    assert "经办人：demo-foi" in state_block  # whoever registers it handles it until reassigned
    assert shown_actions(officer) == case_actions("demo-foi", pk)
    assert officer.locator(".s-actions details.s-action").first.get_attribute("open") is not None
    assert_no_serious(officer, "案件页（已登记）")

    officer.get_by_role("button", name="受理", exact=True).click()
    officer.wait_for_url(f"**/staff/foi/cases/{pk}/")
    assert Application.objects.get(pk=pk).state == "in_progress"
    assert shown_actions(officer) == case_actions("demo-foi", pk)

    open_action(officer, "指定经办人")
    officer.get_by_label("经办人").select_option("foi-colleague")
    officer.get_by_role("button", name="指定经办人").click()
    officer.wait_for_url(f"**/staff/foi/cases/{pk}/")
    assert "经办人：foi-colleague" in officer.locator(".s-case-state").inner_text()
    assert Application.objects.get(pk=pk).assigned_to == user("foi-colleague")

    open_action(officer, "起草答复书")
    officer.get_by_label("办理结果").select_option("disclosed")
    officer.get_by_label("提供方式或获取途径").fill("邮寄纸质件")
    officer.get_by_role("button", name="起草答复书").click()
    officer.wait_for_url(f"**/staff/foi/cases/{pk}/")
    assert shown_actions(officer) == case_actions("demo-foi", pk)
    timeline = officer.locator(".s-timeline").inner_text()
    assert "收到申请" in timeline and "受理" in timeline and "起草答复书（demo-foi）" in timeline
    assert "foi." not in timeline
    assert_no_serious(officer, "案件页（答复书草稿）")

    officer.get_by_role("link", name="预览答复书并签发").click()
    officer.wait_for_url(f"**/staff/foi/cases/{pk}/sign/")
    frame = officer.frame_locator("iframe.foi-letter-frame")
    assert "政府信息公开申请答复书" in frame.locator("h1").inner_text()
    assert "王五" in frame.locator("body").inner_text()
    assert_no_serious(officer, "签发答复书（预览）")
    # Without the confirmation nothing is signed, and the officer is told why in Chinese.
    officer.get_by_role("button", name="确认签发").click()
    officer.wait_for_url(f"**/staff/foi/cases/{pk}/")
    assert "我已核对答复书内容" in officer.locator("body").inner_text()
    assert Application.objects.get(pk=pk).state == "in_progress"
    assert not Letter.objects.filter(application_id=pk, kind="reply", status="signed").exists()

    officer.get_by_role("link", name="预览答复书并签发").click()
    officer.wait_for_url(f"**/staff/foi/cases/{pk}/sign/")
    officer.get_by_label("我已核对答复书内容").check()
    officer.get_by_role("button", name="确认签发").click()
    officer.wait_for_url(f"**/staff/foi/cases/{pk}/")
    assert Application.objects.get(pk=pk).state == "replied"
    letter = Letter.objects.get(application_id=pk, kind="reply")
    assert letter.status == "signed" and letter.number
    assert shown_actions(officer) == case_actions("demo-foi", pk)
    assert "签发答复" not in shown_actions(officer)
    assert "答复（demo-foi）" in officer.locator(".s-timeline").inner_text()
    assert_no_serious(officer, "案件页（已答复）")
    officer.context.close()

    # The approver who may also sign sees the case with only what is open to them now.
    approver = sign_in(browser, base, "demo-approver", passwords["demo-approver"])
    approver.goto(f"{base}/staff/foi/cases/{pk}/")
    assert shown_actions(approver) == case_actions("demo-approver", pk)
    assert_no_serious(approver, "案件页（签发人）")
    approver.context.close()


def current_code(username: str, *, steps_ahead: int = 0) -> str:
    device = TOTPDevice.objects.get(user__username=username)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():06d}"


def _add_staff_member(browser: Any, base: str, orgs: Any, admin_password: str) -> str:  # noqa: F811
    """demo-admin adds 李明 as an FOI officer; returns the one-time password link."""
    admin = sign_in(browser, base, "demo-admin", admin_password)
    admin.get_by_role("link", name="人员与角色").click()
    admin.wait_for_url("**/staff/people/")
    assert_no_serious(admin, "人员与角色")
    admin.get_by_role("link", name="添加工作人员").click()
    assert_no_serious(admin, "添加工作人员")
    admin.get_by_label("用户名").fill("liming")
    admin.get_by_label("姓名").fill("李明")
    admin.get_by_label("电子邮箱").fill("liming@example.cn")
    admin.get_by_label("所属机构").select_option(value=str(orgs["shicheng"].pk))
    admin.get_by_label("角色").select_option(label="依申请公开经办")
    admin.get_by_role("button", name="保存").click()
    admin.wait_for_url("**/staff/people/*/")
    assert_no_serious(admin, "人员详情")
    admin.get_by_role("button", name="生成设置密码链接").click()
    link = str(admin.get_by_role("textbox", name="链接").input_value())
    assert "/staff/people/reset/" in link
    admin.context.close()
    return link


def _set_password(browser: Any, link: str) -> None:  # noqa: F811
    newcomer = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    newcomer.goto(link)
    assert_no_serious(newcomer, "设置密码")
    newcomer.get_by_label("新密码", exact=True).fill("Shicheng-2026-liming")
    newcomer.get_by_label("再次输入新密码").fill("Shicheng-2026-liming")
    newcomer.get_by_role("button", name="设置密码").click()
    newcomer.wait_for_url("**/staff/login/")
    newcomer.context.close()


def test_admin_adds_a_staff_member_who_signs_in_to_their_workbench(live_server, browser):  # noqa: F811
    orgs, users, _ = demo.build_all()
    link = _add_staff_member(browser, live_server.url, orgs, dict(users)["demo-admin"])
    _set_password(browser, link)
    newcomer = sign_in(browser, live_server.url, "liming", "Shicheng-2026-liming")
    assert newcomer.get_by_role("heading", level=1).inner_text() == "工作台"
    nav = newcomer.get_by_role("navigation", name="工作模块").inner_text()
    assert "依申请公开" in nav
    newcomer.get_by_role("navigation", name="工作模块").get_by_role("link", name="依申请公开").click()
    newcomer.wait_for_url("**/staff/foi/")
    assert_no_serious(newcomer, "依申请公开（新同事）")
    newcomer.context.close()


def test_staff_member_enables_two_factor_and_signs_in_with_a_code(live_server, browser):  # noqa: F811
    orgs, users, _ = demo.build_all()
    link = _add_staff_member(browser, live_server.url, orgs, dict(users)["demo-admin"])
    _set_password(browser, link)
    page = sign_in(browser, live_server.url, "liming", "Shicheng-2026-liming")
    page.get_by_role("link", name="两步验证").click()
    page.wait_for_url("**/staff/people/2fa/")
    assert page.locator("figure.qr svg").count() == 1
    assert_no_serious(page, "启用两步验证")
    page.get_by_label("验证码").fill(current_code("liming"))
    page.get_by_role("button", name="启用两步验证").click()
    page.wait_for_url("**/staff/")
    page.context.close()

    again = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    again.goto(live_server.url + "/staff/login/")
    again.get_by_label("用户名").fill("liming")
    again.get_by_label("密码").fill("Shicheng-2026-liming")
    again.keyboard.press("Enter")
    again.wait_for_url("**/staff/login/code/")
    assert_no_serious(again, "输入验证码")
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
    assert_no_serious(again, "工作台（两步验证后）")
    again.context.close()
