"""SMS behind one small interface. The default backend only logs (with the number masked):
a deployment plugs in its operator's gateway with ``NOTIFY_SMS_BACKEND = "pkg.module.Class"``."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gongkai.notify.sms")

DEFAULT_BACKEND = "gongkai.notify.sms.LoggingBackend"


class SmsBackend(Protocol):
    def send(self, recipient: str, text: str) -> None:
        """Send one message; raise on failure (the notification is then retried)."""


def masked(number: str) -> str:
    """A phone number as logs may show it: the last four digits only."""
    digits = "".join(c for c in number if c.isdigit())
    return f"***{digits[-4:]}" if len(digits) >= 4 else "***"


class LoggingBackend:
    """Writes each message to the ``gongkai.notify.sms`` logger instead of sending it."""

    def send(self, recipient: str, text: str) -> None:
        logger.info("SMS to %s: %s", masked(recipient), text)


def backend() -> SmsBackend:
    path = str(getattr(settings, "NOTIFY_SMS_BACKEND", "") or DEFAULT_BACKEND)
    backend_class = import_string(path)
    instance: SmsBackend = backend_class()
    return instance
