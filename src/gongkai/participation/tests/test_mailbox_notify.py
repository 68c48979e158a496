"""Issue 16: the released reply of a 领导信箱 message goes by e-mail to a writer who gave an
address, once per release (a retried delivery sends nothing more); none without an address."""

import datetime

import pytest
from django.core import mail

from gongkai.notify import services as notify
from gongkai.notify.models import Notification
from gongkai.participation import services
from gongkai.participation.tests.conftest import token

pytestmark = pytest.mark.django_db
D = datetime.date


def _answered(staff, org_tree, capture, **writer):
    message, _, _ = services.message_submit(
        org=org_tree["county"],
        category="complain",
        subject="路灯损坏",
        body="小区门口路灯损坏三个月未修。",
        writer_name="刘红梅",
        writer_phone="13912345678",
        token=token(),
        today=D(2025, 9, 1),
        **writer,
    )
    services.message_route(actor=staff["admin"], message=message, handling_org=org_tree["dept"], today=D(2025, 9, 1))
    services.message_reply(
        actor=staff["editor"], message=message, reply="已安排维修，三日内修复。", today=D(2025, 9, 3)
    )
    with capture(execute=True):
        services.message_review(actor=staff["reviewer"], message=message, approve=True, today=D(2025, 9, 3))
    return message


def test_released_reply_is_mailed_to_the_writer_once(staff, org_tree, django_capture_on_commit_callbacks):
    message = _answered(staff, org_tree, django_capture_on_commit_callbacks, writer_email="liu@example.cn")
    (sent,) = mail.outbox
    assert sent.to == ["liu@example.cn"] and message.code in sent.subject
    assert "已安排维修，三日内修复。" in sent.body and "/mailbox/track/" in sent.body
    (row,) = Notification.objects.all()
    assert notify.deliver(row.pk) == "sent" and len(mail.outbox) == 1


def test_no_mail_without_an_address(staff, org_tree, django_capture_on_commit_callbacks):
    _answered(staff, org_tree, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Notification.objects.exists()
