"""依申请公开 pages: the apply form, tracking, and the staff back office through real HTTP."""

import datetime
import re

import pytest
import time_machine

from gongkai.core.form_tokens import issue_form_token
from gongkai.foi.models import Application, Letter
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

FORM = {
    "applicant_kind": "natural_person",
    "name": "王五",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13700137000",
    "email": "",
    "address": "石城县琴江镇2号",
    "description": "2024年石城县乡村医生补助发放名单及标准",
    "info_form": "paper",
    "delivery": "mail",
}
NOON = datetime.datetime(2025, 9, 26, 4, 0, tzinfo=datetime.UTC)


def _token(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="submission_token" value="([^"]+)"', page.content.decode()).group(1)


@time_machine.travel(NOON, tick=False)
def test_apply_once_even_when_submitted_twice_and_track(client, org_tree):
    url = "/org/shicheng-wjw/foi/apply/"
    token = _token(client, url)
    first = client.post(url, {**FORM, "submission_token": token})
    second = client.post(url, {**FORM, "submission_token": token})
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    done = client.get(first["Location"])
    page = done.content.decode()
    code = re.search(r'class="tracking-code">([^<]+)<', page).group(1)
    assert "YSQ-2025-0001" in page and "2025年10月30日" in page

    anonymous = client.__class__()
    tracked = anonymous.post("/org/shicheng-wjw/foi/track/", {"number": "2025-0001", "code": code})
    text = tracked.content.decode()
    assert tracked.status_code == 200 and "YSQ-2025-0001" in text and "已登记" in text
    for secret in ("王五", "11010519491231002X", "13700137000", "乡村医生", "琴江镇"):
        assert secret not in text
    wrong = anonymous.post("/org/shicheng-wjw/foi/track/", {"number": "2025-0001", "code": code + "x"})
    elsewhere = anonymous.post("/org/shicheng-mulan/foi/track/", {"number": "2025-0001", "code": code})
    assert wrong.status_code == elsewhere.status_code == 404
    for response in (wrong, elsewhere):
        text = response.content.decode()
        assert "未找到该申请，请核对登记号和查询码。" in text and "YSQ-" not in text and "已登记" not in text


def test_validation_error_keeps_everything_typed(client, org_tree):
    url = "/org/shicheng-wjw/foi/apply/"
    token = _token(client, url)
    response = client.post(url, {**FORM, "id_number": "110105194912310021", "submission_token": token})
    page = response.content.decode()
    assert response.status_code == 200 and "居民身份证号码无效" in page
    for value in ("王五", "13700137000", "石城县琴江镇2号", "2024年石城县乡村医生补助发放名单及标准", token):
        assert value in page
    assert Application.objects.count() == 0


def test_flood_from_one_address_gets_429_in_chinese(client, org_tree):
    url = "/org/shicheng-wjw/foi/apply/"
    for _ in range(5):
        assert client.post(url, {**FORM, "submission_token": issue_form_token()}).status_code == 302
    flood = client.post(url, {**FORM, "submission_token": issue_form_token()})
    assert flood.status_code == 429 and "提交过于频繁" in flood.content.decode()
    assert Application.objects.count() == 5


@time_machine.travel(NOON, tick=False)
def test_staff_register_and_reply_through_the_back_office(client, org_tree, make_user):
    officer = make_user("page-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    approver = make_user("page-approver", org=org_tree["dept"], role=Role.APPROVER)
    client.force_login(officer)
    register = f"/staff/foi/orgs/{org_tree['dept'].pk}/register/"
    response = client.post(
        register, {**FORM, "channel": "registered_mail", "submitted_on": "2025-09-24", "signed_on": "2025-09-26"}
    )
    assert response.status_code == 302, response.content.decode()
    app = Application.objects.get()
    assert app.received_on == datetime.date(2025, 9, 26) and app.oral_record is False
    case = f"/staff/foi/cases/{app.pk}/"
    page = client.get(case).content.decode()
    assert "2025-10-30" in page and "王五" in page and "第三十一条" in page
    client.post(f"{case}accept/", {"on": "2025-09-26"})
    client.post(f"{case}draft/", {"outcome": "disclosed", "provision": "邮寄纸质件"})
    letter = Letter.objects.get(application=app, kind="reply")
    edit = client.post(f"/staff/foi/letters/{letter.pk}/edit/", {"body": "予以公开。"})
    # issue 14: the remedies paragraph (periods, 复议机关) must stay verbatim, not just the words
    assert "答复书须完整保留救济途径的告知" in edit.content.decode()
    assert ">予以公开。</textarea>" in edit.content.decode()  # refused, the typed text kept
    client.post(f"{case}reply/", {"confirmed": "on"})  # issue 15: 签发 asks for confirmation
    app.refresh_from_db()
    assert app.state == "replied" and app.outcome == "disclosed"
    refused = client.post(f"{case}extend/", {"working_days": "5", "reason": "x"})
    assert refused.status_code in (403, 409)
    client.force_login(approver)
    masked = client.get(case).content.decode()
    assert "王五" not in masked and "11010519491231002X" not in masked and app.registration_number in masked
    docx = client.get(f"/staff/foi/letters/{letter.pk}/file.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


@time_machine.travel(datetime.datetime(2025, 10, 31, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_staff_home_lists_overdue_cases(client, org_tree, make_user):
    from gongkai.foi import services
    from gongkai.foi.tests.conftest import applicant, request

    officer = make_user("list-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    services.application_register(
        actor=officer,
        org=org_tree["dept"],
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", datetime.date(2025, 9, 26)),
    )
    client.force_login(officer)
    page = client.get("/staff/foi/").content.decode()
    overdue = page.split("已逾期")[1].split("即将到期")[0]
    assert "YSQ-2025-0001" in overdue
    other = make_user("other-officer", org=org_tree["sibling"], role=Role.FOI_OFFICER)
    client.force_login(other)
    assert "YSQ-2025-0001" not in client.get("/staff/foi/").content.decode()


def _case_in_progress(officer):
    from gongkai.foi import services
    from gongkai.foi.tests.conftest import applicant, request

    app, _ = services.application_register(
        actor=officer,
        org=officer_org(officer),
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", datetime.date(2025, 9, 26)),
        today=datetime.date(2025, 9, 26),
    )
    return services.application_accept(actor=officer, application=app, on=datetime.date(2025, 9, 29))


def officer_org(user):
    from gongkai.orgs.models import Membership

    return Membership.objects.filter(user=user).first().org


@time_machine.travel(datetime.datetime(2025, 10, 9, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_case_page_offers_exactly_the_available_actions(client, org_tree, make_user):
    from gongkai.foi.transitions import APPLICATION

    officer = make_user("btn-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    admin = make_user("btn-admin", org=org_tree["dept"], role=Role.ADMIN)
    app = _case_in_progress(officer)
    case = f"/staff/foi/cases/{app.pk}/"
    client.force_login(officer)
    page = client.get(case).content.decode()
    offered = set(re.findall(rf'action="/staff/foi/cases/{app.pk}/([a-z_]+)/"', page))
    if f'href="/staff/foi/cases/{app.pk}/sign/"' in page:  # 签发 goes through its preview page
        offered.add("reply")
    expected = {row.action for row in APPLICATION.available_actions(officer, app, interactive_only=True)}
    assert offered == expected and "extend" not in offered
    assert "延期答复" not in page  # no 延期答复 button for an officer who is not the office head
    assert client.post(f"{case}extend/", {"working_days": "5", "reason": "x"}).status_code == 403
    client.force_login(admin)
    page = client.get(case).content.decode()
    assert f"/staff/foi/cases/{app.pk}/extend/" in page and "延期答复" in page
    assert 'type="date"' in page and 'max="20"' in page  # ISO date pickers, 1–20 working days
    response = client.post(f"{case}extend/", {"working_days": "10", "reason": "需要调取档案", "on": "2025-10-09"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.due_on == datetime.date(2025, 11, 13)
    assert "2025-11-13" in client.get(case).content.decode()  # the stored date is shown


@time_machine.travel(datetime.datetime(2025, 10, 9, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_action_forms_validate_before_the_service(client, org_tree, make_user):
    officer = make_user("form-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    app = _case_in_progress(officer)
    case = f"/staff/foi/cases/{app.pk}/"
    client.force_login(officer)
    bad = client.post(f"{case}set_reasonable_period/", {"working_days": "abc", "reason": "x"}, follow=True)
    assert "请填写整数" in bad.content.decode()
    client.post(f"{case}request_reasons/", {"note": "申请数量较大", "on": "2025-10-09"})
    # issue 14 (第三十五条): the reasons are recorded and found reasonable before a period is set
    client.post(f"{case}record_reasons/", {"verdict": "reasonable", "reasons": "课题研究", "on": "2025-10-09"})
    short = client.post(f"{case}set_reasonable_period/", {"working_days": "20", "reason": "x"}, follow=True)
    assert "应不少于21" in short.content.decode()
    client.post(f"{case}set_reasonable_period/", {"working_days": "40", "reason": "档案较多", "on": "2025-10-09"})
    client.post(f"{case}assign/", {"officer": "form-officer"})
    app.refresh_from_db()
    assert app.assigned_to == officer and app.events.filter(kind="reasonable_period_set").exists()
    client.post(f"{case}consult/", {"kind": "third_party", "party_name": "某医药公司", "on": "2025-10-09"})
    app.refresh_from_db()
    assert app.state == "consulting"
    page = client.get(case).content.decode()
    assert "某医药公司" in page and 'name="consultation"' in page


@time_machine.travel(datetime.datetime(2025, 10, 9, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_unknown_consultation_or_appeal_ids_are_404(client, org_tree, make_user):
    from gongkai.foi import services

    officer = make_user("ids-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    app = _case_in_progress(officer)
    other = _case_in_progress(officer)
    foreign = services.application_start_consultation(
        actor=officer, application=other, kind="third_party", party_name="某公司", sent_on=datetime.date(2025, 10, 9)
    )
    case = f"/staff/foi/cases/{app.pk}/"
    client.force_login(officer)
    for value in ("999999", "abc", "", str(foreign.pk), "-1", "99999999999999999999999"):
        answer = client.post(f"{case}end_consultation/", {"consultation": value or "x", "answer": "consent"})
        assert answer.status_code == 404, value
        decide = client.post(
            f"{case}appeal_decide/", {"appeal": value or "x", "result": "upheld", "decided_on": "2025-10-09"}
        )
        assert decide.status_code == 404, value
    assert client.post(f"{case}no_such_action/", {}).status_code == 404


@time_machine.travel(datetime.datetime(2025, 10, 9, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_issue14_steps_are_buttons_with_their_forms_and_letters(client, org_tree, make_user):
    """第三十五条 and 第三十二条 steps appear only when the table opens them, each with its form."""
    officer = make_user("steps-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    app = _case_in_progress(officer)
    case = f"/staff/foi/cases/{app.pk}/"
    client.force_login(officer)
    page = client.get(case).content.decode()
    assert "/request_reasons/" in page and "/record_reasons/" not in page and "/notify_third_party/" not in page
    assert "石城县人民政府" in page  # the 复议机关 of a county department
    client.post(f"{case}request_reasons/", {"note": "一个月内申请120件", "reply_by": "2025-10-20"})
    page = client.get(case).content.decode()
    assert "/record_reasons/" in page and "/request_reasons/" not in page and "要求说明理由告知书" in page
    refused = client.post(f"{case}record_reasons/", {"verdict": "unreasonable", "reasons": "收集资料"}, follow=True)
    assert "请写明认为理由不合理的依据" in refused.content.decode()


def test_review_body_page_admin_sets_with_reason_others_cannot(client, org_tree, make_user):
    admin = make_user("rb-admin", org=org_tree["dept"], role=Role.ADMIN)
    officer = make_user("rb-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    url = f"/staff/foi/orgs/{org_tree['dept'].pk}/review-body/"
    client.force_login(officer)
    page = client.get(url)
    assert page.status_code == 200 and "石城县人民政府" in page.content.decode() and "保存" not in page.content.decode()
    assert client.post(url, {"op": "set", "body_name": "x", "reason": "y"}).status_code == 403
    client.force_login(admin)
    missing = client.post(url, {"op": "set", "vertical_system": "tax", "body_name": "国家税务总局赣州市税务局"})
    assert missing.status_code == 422 and "请填写设置理由" in missing.content.decode()
    done = client.post(
        url,
        {"op": "set", "vertical_system": "tax", "body_name": "国家税务总局赣州市税务局", "reason": "垂直领导"},
        follow=True,
    )
    assert "国家税务总局赣州市税务局" in done.content.decode() and "第二十七条" in done.content.decode()
