"""Queue and deliver notifications (e-mail through Django's mail backends, SMS through
``notify.sms``).

``queue(...)`` runs in the caller's transaction: the message exists exactly when the event that
caused it commits, and its idempotency key makes a repeated event queue nothing new. Delivery
is the ``notify.deliver`` task, queued to run after commit (core.tasks: in this process by default,
on a worker with a broker); ``deliver(notification_id)`` is safe to run any number of times, from
any process (the row is locked and sent only while queued).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.errors import ValidationFailed
from gongkai.core.tasks import enqueue
from gongkai.core.transitions import Context
from gongkai.notify import sms
from gongkai.notify.models import Channel, Notification, State
from gongkai.notify.transitions import NOTIFICATION, Action

logger = logging.getLogger("gongkai.notify")

MAX_ATTEMPTS = 5
MAX_SUBJECT = 200
MAX_BODY = 20_000
MAX_ATTACHMENTS = 10
SMS_MAX_CHARS = 500  # a long SMS is split by the gateway; more than this is not a text message


@dataclass(frozen=True)
class Attachment:
    """A file sent with an e-mail: a stored file, or bytes a function returns at delivery."""

    name: str
    media_type: str
    path: str = ""
    source: str = ""  # "gongkai.<module>:<function>", called with ``kwargs``
    kwargs: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "media_type": self.media_type}
        if self.path:
            data["path"] = self.path
        else:
            data["source"] = self.source
            data["kwargs"] = dict(self.kwargs or {})
        return data


def _check(channel: str, recipient: str, subject: str, body: str, attachments: list[Attachment]) -> None:
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = ["通知渠道有误。"]
    if not recipient or len(recipient) > 254:
        errors["recipient"] = ["收件人有误。"]
    if len(subject) > MAX_SUBJECT:
        errors["subject"] = [f"主题不超过{MAX_SUBJECT}字。"]
    limit = SMS_MAX_CHARS if channel == Channel.SMS else MAX_BODY
    if not body or len(body) > limit:
        errors["body"] = [f"正文不能为空，且不超过{limit}字。"]
    if len(attachments) > MAX_ATTACHMENTS or (attachments and channel == Channel.SMS):
        errors["attachments"] = ["附件过多，或短信不能带附件。"]
    for item in attachments:
        if bool(item.path) == bool(item.source) or (item.source and not item.source.startswith("gongkai.")):
            errors["attachments"] = ["附件须为已存储的文件或本系统的生成函数。"]
    if errors:
        raise ValidationFailed("通知内容有误。", code="notification_invalid", fields=errors)


def queue(
    *,
    channel: str,
    recipient: str,
    body: str,
    idempotency_key: str,
    subject: str = "",
    attachments: list[Attachment] | None = None,
) -> Notification:
    """Store one message and deliver it after the caller's transaction commits.

    The same ``idempotency_key`` again returns the existing row and queues no second delivery."""
    files = list(attachments or [])
    recipient = recipient.strip()
    _check(channel, recipient, subject, body, files)
    existing = Notification.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                channel=channel,
                recipient=recipient,
                subject=subject,
                body=body,
                attachments=[item.as_json() for item in files],
                idempotency_key=idempotency_key[:200],
            )
    except IntegrityError:  # the same event queued concurrently: the other one won
        return Notification.objects.get(idempotency_key=idempotency_key[:200])
    # Delivered by the task queue after the caller's transaction commits (in this process in the
    # embedded default; by a worker when a broker is configured).
    enqueue("notify.deliver", notification_id=notification.pk)
    return notification


def deliver(notification_id: int) -> str:
    """Send one queued notification; returns its state afterwards. Idempotent: a sent (or given
    up) notification is left alone, so running this twice sends once."""
    current = Notification.objects.filter(pk=notification_id).values_list("state", flat=True).first()
    if current is None:
        return ""
    if current != State.QUEUED:
        return str(current)
    try:
        NOTIFICATION.apply(AnonymousUser(), notification_id, Action.SEND)
    except Exception as exc:  # a concurrent delivery sent it first: nothing more to do
        logger.info("notification %s not sent again: %s", notification_id, exc)
    state = Notification.objects.filter(pk=notification_id).values_list("state", flat=True).first()
    return str(state or "")


def deliver_queued(*, limit: int = 100) -> int:
    """Send what is still queued (after a mail server outage); returns how many went out."""
    ids = list(Notification.objects.filter(state=State.QUEUED).order_by("id").values_list("pk", flat=True)[:limit])
    return sum(1 for pk in ids if deliver(pk) == State.SENT)


def _source(path: str) -> Callable[..., bytes]:
    module, _, name = path.partition(":")
    if not module.startswith("gongkai.") or not name:
        raise ValueError(f"attachment source not allowed: {path!r}")
    fn: Callable[..., bytes] = getattr(importlib.import_module(module), name)
    return fn


def _attachment_bytes(item: dict[str, Any]) -> bytes:
    if item.get("path"):
        with default_storage.open(str(item["path"]), "rb") as f:
            return bytes(f.read())
    return _source(str(item.get("source", "")))(**dict(item.get("kwargs") or {}))


def _send(notification: Notification) -> None:
    if notification.channel == Channel.SMS:
        sms.backend().send(notification.recipient, notification.body)
        return
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
    )
    for item in notification.attachments:
        message.attach(str(item["name"]), _attachment_bytes(item), str(item["media_type"]))
    message.send(fail_silently=False)


@NOTIFICATION.effect(Action.SEND)
def _deliver(ctx: Context[Notification]) -> Notification:
    notification = ctx.obj
    attempts = notification.attempts + 1
    try:
        _send(notification)
    except Exception as exc:  # any backend failure: keep the row, retry later, give up at MAX_ATTEMPTS
        error = f"{type(exc).__name__}: {exc}"[:500]
        ctx.update(attempts=attempts, last_error=error)
        ctx.move_to(State.FAILED if attempts >= MAX_ATTEMPTS else State.QUEUED)
        ctx.after["error"] = type(exc).__name__
        logger.warning("notification %s failed (attempt %s): %s", notification.pk, attempts, type(exc).__name__)
        return notification
    ctx.update(attempts=attempts, last_error="", sent_at=timezone.now())
    return notification
