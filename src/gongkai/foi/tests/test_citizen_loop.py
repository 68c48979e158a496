"""Issue 16, the citizen's loop through real HTTP: apply choosing e-mail (and SMS), the receipt at
a signed address that survives a refresh, short case-insensitive codes, tracking with the
timeline and the signed letters to download, notices by the chosen channel, withdrawal online."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail

from gongkai.foi import selectors, services
from gongkai.foi.models import Application, State
from gongkai.foi.tests.conftest import applicant, request
from gongkai.notify import services as notify_services
from gongkai.notify.models import Notification
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2025, 9, 26, 4, 0, tzinfo=datetime.UTC)  # Fri 26 Sep 2025, 12:00 Beijing
SECRETS = ("赵六", "11010519491231002X", "13700137000", "zhao6@example.cn")
FORM = {
    "applicant_kind": "natural_person",
    "name": "赵六",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13700137000",
    "email": "zhao6@example.cn",
    "address": "",
    "description": "2024年石城县乡村医生补助发放标准",
    "info_form": "electronic",
    "delivery": "email",
    "notify_sms": "on",
}
APPLY = "/org/shicheng-wjw/foi/apply/"
TRACK = "/org/shicheng-wjw/foi/track/"


def _apply(client, capture, **over):
    page = client.get(APPLY)
    token = re.search(r'name="submission_token" value="([^"]+)"', page.content.decode()).group(1)
    with capture(execute=True):
        response = client.post(APPLY, {**FORM, **over, "submission_token": token})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _receipt(client, location):
    page = client.get(location)
    assert page.status_code == 200
    text = page.content.decode()
    code = re.search(r'class="tracking-code">([^<]+)<', text).group(1)
    number = re.search(r'class="registration-number">([^<]+)<', text).group(1)
    return page, code, number


def _no_secrets(text):
    for secret in SECRETS:
        assert secret not in text, secret


@time_machine.travel(NOON, tick=False)
def test_apply_by_email_receipt_refresh_letters_and_mail(
    client, org_tree, make_user, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    form = client.get(APPLY).content.decode()
    # Required fields are marked for people (*) and for assistive technology (required, aria-required).
    for name in ("name", "id_number", "description"):
        tag = re.search(rf'<[^>]+name="{name}"[^>]*>', form).group(0)
        assert "required" in tag and 'aria-required="true"' in tag, tag
    assert '<span class="req" aria-hidden="true">*</span>' in form

    location = _apply(client, capture)
    assert "/foi/receipt/" in location
    page, code, number = _receipt(client, location)
    assert number == "YSQ-2025-0001"
    assert len(code) == 8 and set(code) <= set(selectors.TRACKING_CODE_ALPHABET)
    assert not set(code) & set("0O1IL")
    assert page["Cache-Control"] == "private, no-store" and "noindex" in page["X-Robots-Tag"]
    _no_secrets(page.content.decode())
    # A refresh, and another browser with the address, see the same receipt (no session needed).
    again = client.__class__().get(location)
    assert again.status_code == 200 and code in again.content.decode()
    # A forged or altered address is not found.
    assert client.get(location.replace("/receipt/", "/receipt/x")).status_code == 404
    assert client.get(location.replace("shicheng-wjw", "shicheng-mulan")).status_code == 404
    with time_machine.travel(NOON + datetime.timedelta(days=8), tick=False):
        assert client.get(location).status_code == 404  # the receipt address expires (7 days)

    # The acknowledgement went by e-mail and by SMS (logged), without the tracking code.
    (ack,) = mail.outbox
    assert ack.to == ["zhao6@example.cn"] and "YSQ-2025-0001" in ack.subject and "已收到" in ack.subject
    assert code not in ack.body and "/org/shicheng-wjw/foi/track/" in ack.body
    sms = Notification.objects.get(channel="sms", idempotency_key__startswith="foi.received:")
    assert sms.state == "sent" and sms.recipient == "13700137000" and code not in sms.body

    # Tracking: number without "YSQ-", code in lower case with a dash: found.
    anonymous = client.__class__()
    tracked = anonymous.post(TRACK, {"number": "2025-0001", "code": f"{code[:4].lower()}-{code[4:].lower()}"})
    text = tracked.content.decode()
    assert tracked.status_code == 200 and "已登记" in text and "本机关已收到您的申请" in text
    assert "暂无文书" in text and "撤回申请" in text
    _no_secrets(text)
    assert anonymous.post(TRACK, {"number": "2025-0002", "code": code}).status_code == 404
    assert anonymous.post("/org/shicheng-mulan/foi/track/", {"number": "2025-0001", "code": code}).status_code == 404
    missing = anonymous.post(TRACK, {"number": "", "code": ""})
    assert "请填写登记号。" in missing.content.decode() and 'id="id_number_error"' in missing.content.decode()

    # The officer asks for 补正 and, after it, signs the reply through the back office.
    officer = make_user("loop-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    staff = client.__class__()
    staff.force_login(officer)
    app = Application.objects.get()
    case = f"/staff/foi/cases/{app.pk}/"
    with capture(execute=True):
        staff.post(
            f"{case}correction/", {"items": "请写明补助的发放年度", "deadline": "2025-10-20", "on": "2025-09-26"}
        )
    with capture(execute=True):
        staff.post(f"{case}corrected/", {"on": "2025-09-29", "note": ""})
    with capture(execute=True):
        staff.post(f"{case}draft/", {"outcome": "disclosed", "provision": "以电子邮件提供"})
    with capture(execute=True):
        response = staff.post(f"{case}reply/", {"on": "2025-09-30", "confirmed": "on"})  # 已核对答复书
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.REPLIED

    subjects = [m.subject for m in mail.outbox]
    assert len(mail.outbox) == 3, subjects
    correction, reply = mail.outbox[1], mail.outbox[2]
    assert "补正申请告知书" in correction.subject and "政府信息公开申请答复书" in reply.subject
    for message in (correction, reply):
        ((name, content, media_type),) = message.attachments
        assert media_type == "application/pdf" and content.startswith(b"%PDF") and name.endswith(".pdf")
        assert message.to == ["zhao6@example.cn"] and code not in message.body
    # A retried delivery sends nothing twice.
    for notification in Notification.objects.all():
        assert notify_services.deliver(notification.pk) == "sent"
    assert len(mail.outbox) == 3

    # The tracking page now shows the timeline and both letters to download; no withdrawal.
    tracked = anonymous.post(TRACK, {"number": "YSQ-2025-0001", "code": code})
    text = tracked.content.decode()
    assert "告知补正" in text and "收到补正" in text and "答复" in text and "本机关已作出答复" in text
    assert "撤回申请</button>" not in text
    links = re.findall(r'href="(/org/shicheng-wjw/foi/letter/[^"]+/)"', text)
    assert len(links) == 2
    download = anonymous.get(links[-1])
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download["Content-Type"] == "application/pdf" and "no-store" in download["Cache-Control"]
    assert anonymous.get(links[-1].replace("shicheng-wjw", "shicheng-mulan")).status_code == 404
    assert anonymous.get(links[-1][:-3] + "AA/").status_code == 404
    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False):
        assert anonymous.get(links[-1]).status_code == 404  # links last an hour
    _no_secrets(text)


@time_machine.travel(NOON, tick=False)
def test_withdraw_online_with_the_code(client, org_tree, django_capture_on_commit_callbacks):
    location = _apply(client, django_capture_on_commit_callbacks, delivery="online", email="", notify_sms="")
    _, code, number = _receipt(client, location)
    assert mail.outbox == [] and not Notification.objects.exists()  # 网上获取, no SMS: nothing sent
    withdraw = "/org/shicheng-wjw/foi/withdraw/"
    assert client.post(withdraw, {"number": number, "code": "ABCDEFGH", "confirm": "on"}).status_code == 404
    unconfirmed = client.post(withdraw, {"number": number, "code": code})
    assert unconfirmed.status_code == 422 and "请勾选确认撤回。" in unconfirmed.content.decode()
    done = client.post(withdraw, {"number": number, "code": code.lower(), "confirm": "on"})
    assert done.status_code == 200 and "您已撤回本申请" in done.content.decode()
    app = Application.objects.get()
    assert app.state == State.WITHDRAWN and app.outcome == services.WITHDRAWAL_OUTCOME
    event = app.events.get(kind="withdrawn")
    assert event.actor is None and "网上撤回" in event.note
    again = client.post(withdraw, {"number": number, "code": code, "confirm": "on"})
    assert again.status_code == 409


@time_machine.travel(NOON, tick=False)
def test_codes_issued_before_issue_16_stay_valid(client, org_tree, people):
    app, code = services.application_register(
        actor=people["officer"],
        org=org_tree["dept"],
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", datetime.date(2025, 9, 26)),
    )
    assert len(code) == 8 and code == code.upper()
    legacy = "Ab3_xY-9kLmN0pQr"  # a 16-character, case-sensitive code of the old format
    Application.objects.filter(pk=app.pk).update(tracking_hash=selectors.hash_tracking_code(legacy))
    found = client.post(TRACK, {"number": app.registration_number, "code": legacy})
    assert found.status_code == 200 and "已登记" in found.content.decode()
    assert selectors.track(org=org_tree["dept"], code=legacy).registration_number == app.registration_number
    assert client.post(TRACK, {"number": app.registration_number, "code": legacy.upper()}).status_code == 404


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize(("delivery", "offered"), [("online", True), ("email", True), ("mail", False)])
def test_the_information_provided_downloads_from_the_tracking_page_once_replied(
    client, org_tree, people, settings, tmp_path, django_capture_on_commit_callbacks, delivery, offered
):
    """条例第四十条: who asked to get the information online (or by e-mail) downloads the files
    sent with the reply; before the reply is signed there is nothing to download."""
    from gongkai.foi.tests.cases import docx_upload

    settings.MEDIA_ROOT = str(tmp_path)
    address = "江西省赣州市石城县琴江镇1号" if delivery == "mail" else ""
    location = _apply(client, django_capture_on_commit_callbacks, delivery=delivery, address=address, notify_sms="")
    _, code, number = _receipt(client, location)
    app = Application.objects.get()
    officer = people["officer"]
    attachment = services.reply_attachment_add(actor=officer, application=app, upload=docx_upload())
    anonymous = client.__class__()
    before = anonymous.post(TRACK, {"number": number, "code": code}).content.decode()
    assert "提供的政府信息" not in before and "/foi/file/" not in before
    services.reply_draft(
        actor=officer, application=app, details=services.ReplyDetails(outcome="disclosed", provision="随答复书提供")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reply(actor=officer, application=app, on=datetime.date(2025, 9, 26))

    reply_mails = [m for m in mail.outbox if "政府信息公开申请答复书" in m.subject]
    assert len(reply_mails) == (delivery == "email")
    for message in reply_mails:  # the files are not mailed; the message says where they are
        assert "随答复书提供的政府信息（1个文件）请在查询页面下载。" in message.body
        assert len(message.attachments) == 1  # the letter's PDF only
    text = anonymous.post(TRACK, {"number": number, "code": code}).content.decode()
    links = re.findall(r'href="(/org/shicheng-wjw/foi/file/[^"]+/)"', text)
    if not offered:
        assert links == [] and "提供的政府信息" not in text
        return
    assert len(links) == 1 and "分配表.docx" in text
    download = anonymous.get(links[0])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == attachment.file.open("rb").read()
    assert download["Cache-Control"] == "private, no-store" and "noindex" in download["X-Robots-Tag"]
    assert download["Content-Security-Policy"] == "sandbox"
    assert anonymous.get(links[0].replace("shicheng-wjw", "shicheng-mulan")).status_code == 404
    assert anonymous.get(links[0][:-3] + "AA/").status_code == 404
    letter_link = re.findall(r'href="/org/shicheng-wjw/foi/letter/([^"]+)/"', text)[0]
    assert anonymous.get(f"/org/shicheng-wjw/foi/file/{letter_link}/").status_code == 404  # salts differ
    assert anonymous.get(f"/media/{attachment.file.name}").status_code == 404
    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False):
        assert anonymous.get(links[0]).status_code == 404  # links last an hour
