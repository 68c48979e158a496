"""依申请公开 pages: the apply form, tracking, and the staff back office through real HTTP."""

import datetime
import re

import pytest
import time_machine

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
    tracked = anonymous.post("/org/shicheng-wjw/foi/track/", {"code": code})
    text = tracked.content.decode()
    assert tracked.status_code == 200 and "YSQ-2025-0001" in text and "已登记" in text
    for secret in ("王五", "11010519491231002X", "13700137000", "乡村医生", "琴江镇"):
        assert secret not in text
    wrong = anonymous.post("/org/shicheng-wjw/foi/track/", {"code": code + "x"})
    elsewhere = anonymous.post("/org/shicheng-mulan/foi/track/", {"code": code})
    assert wrong.status_code == elsewhere.status_code == 404
    for response in (wrong, elsewhere):
        text = response.content.decode()
        assert "未找到该申请，请核对查询码。" in text and "YSQ-" not in text and "已登记" not in text


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
    for i in range(5):
        assert client.post(url, {**FORM, "submission_token": f"tok-{i}"}).status_code == 302
    flood = client.post(url, {**FORM, "submission_token": "tok-x"})
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
    assert "答复书须告知申请人申请行政复议、提起行政诉讼的权利" in edit.content.decode()
    assert ">予以公开。</textarea>" in edit.content.decode()  # refused, the typed text kept
    client.post(f"{case}reply/", {})
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
