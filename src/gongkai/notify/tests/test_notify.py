"""notify: queued in the caller's transaction, delivered once after commit, through Django's mail
backends (locmem here, a real SMTP conversation below) and the SMS interface."""

from __future__ import annotations

import email
import logging
import os
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from email import policy

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction

from gongkai.core.errors import ValidationFailed
from gongkai.notify import services
from gongkai.notify.models import Notification, State

pytestmark = pytest.mark.django_db


def _queue(key: str = "test:1", **extra: object) -> Notification:
    values: dict = {
        "channel": "email",
        "recipient": "applicant@example.cn",
        "subject": "政府信息公开申请已收到",
        "body": "您好：已收到。",
        "idempotency_key": key,
    }
    values.update(extra)
    return services.queue(**values)


def test_deliver_after_commit_and_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notification = _queue()
        assert mail.outbox == []  # nothing leaves before the event commits
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    assert mail.outbox[0].to == ["applicant@example.cn"] and mail.outbox[0].subject == "政府信息公开申请已收到"
    # Delivering again (a retried task, a second worker) sends nothing more.
    assert services.deliver(notification.pk) == State.SENT
    assert services.deliver(notification.pk) == State.SENT
    # The same event queued again finds its row: no second message, no second delivery.
    with django_capture_on_commit_callbacks(execute=True) as again:
        assert _queue().pk == notification.pk
    assert again == [] and len(mail.outbox) == 1
    stored = Notification.objects.get(pk=notification.pk)
    assert stored.state == State.SENT and stored.attempts == 1 and stored.sent_at is not None
    assert "applicant@example.cn" not in str(stored)  # the audit log copies __str__


def test_stored_file_and_generated_attachments(django_capture_on_commit_callbacks):
    path = default_storage.save("notify-test/letter.pdf", ContentFile(b"%PDF-1.7 stored"))
    with django_capture_on_commit_callbacks(execute=True):
        _queue(
            "test:attachments",
            attachments=[
                services.Attachment(name="答复书.pdf", media_type="application/pdf", path=path),
                services.Attachment(
                    name="说明.txt",
                    media_type="text/plain",
                    source="gongkai.notify.tests.test_notify:_generated",
                    kwargs={"text": "生成的附件"},
                ),
            ],
        )
    (message,) = mail.outbox
    assert [(a[0], a[1]) for a in message.attachments] == [
        ("答复书.pdf", b"%PDF-1.7 stored"),
        ("说明.txt", "生成的附件"),
    ]


def _generated(*, text: str) -> bytes:
    return text.encode()


def test_bad_input_is_refused():
    with pytest.raises(ValidationFailed):
        _queue("test:bad", recipient="")
    with pytest.raises(ValidationFailed):
        _queue("test:sms-attachment", channel="sms", attachments=[services.Attachment("a", "b", path="x")])
    with pytest.raises(ValidationFailed):
        _queue("test:foreign", attachments=[services.Attachment("a", "b", source="os:system")])
    with pytest.raises(ValidationFailed):
        _queue("test:long-sms", channel="sms", body="长" * (services.SMS_MAX_CHARS + 1))
    assert not Notification.objects.exists()


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.messages.append(data)  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_smtp_settings_come_from_the_environment():
    """Production reads EMAIL_* from the environment: SMTP by default, host, port, TLS, sender."""
    env = {
        **os.environ,
        "EMAIL_HOST": "smtp.example.gov.cn",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "1",
        "DEFAULT_FROM_EMAIL": "gongkai@example.gov.cn",
        "SECRET_KEY": "x" * 50,
    }
    env.pop("EMAIL_BACKEND", None)
    code = (
        "from gongkai.config.settings import base as s;"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS,"
        " s.DEFAULT_FROM_EMAIL, s.NOTIFY_SMS_BACKEND)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.gov.cn",
        "587",
        "True",
        "gongkai@example.gov.cn",
        "gongkai.notify.sms.LoggingBackend",
    ]


def test_smtp_delivery_and_retry_when_the_server_is_down(settings, smtp_server, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, port = smtp_server.server_address
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    assert isinstance(get_connection(), SmtpBackend)
    with django_capture_on_commit_callbacks(execute=True):
        sent = _queue("test:smtp-ok")
    assert Notification.objects.get(pk=sent.pk).state == State.SENT
    (raw,) = smtp_server.messages
    received = email.message_from_bytes(raw, policy=policy.default)
    assert received["To"] == "applicant@example.cn" and "已收到" in received["Subject"]
    assert mail.outbox == []  # it went through SMTP, not the test outbox

    # The server goes away: the notification stays queued with the error, and is given up after
    # MAX_ATTEMPTS tries; it is never marked sent.
    smtp_server.shutdown()
    smtp_server.server_close()
    with django_capture_on_commit_callbacks(execute=True):
        failing = _queue("test:smtp-down")
    stored = Notification.objects.get(pk=failing.pk)
    assert stored.state == State.QUEUED and stored.attempts == 1 and stored.last_error
    for _ in range(services.MAX_ATTEMPTS):
        services.deliver(failing.pk)
    stored.refresh_from_db()
    assert stored.state == State.FAILED and stored.attempts == services.MAX_ATTEMPTS


def test_sms_goes_to_the_logging_backend_with_the_number_masked(caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="gongkai.notify.sms")
    with django_capture_on_commit_callbacks(execute=True):
        notification = _queue("test:sms", channel="sms", recipient="13912345678", subject="", body="您的申请已收到。")
    assert Notification.objects.get(pk=notification.pk).state == State.SENT
    logged = [r.getMessage() for r in caplog.records if r.name == "gongkai.notify.sms"]
    assert logged == ["SMS to ***5678: 您的申请已收到。"]
    assert "13912345678" not in caplog.text and mail.outbox == []


class _Gateway:
    sent: list[tuple[str, str]] = []

    def send(self, recipient: str, text: str) -> None:
        self.sent.append((recipient, text))


def test_sms_backend_is_pluggable(settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_SMS_BACKEND = "gongkai.notify.tests.test_notify._Gateway"
    _Gateway.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        _queue("test:gateway", channel="sms", recipient="13912345678", body="短信正文")
    assert _Gateway.sent == [("13912345678", "短信正文")]
