"""Notification tasks (gongkai.core.tasks): delivering one queued message, and a catch-up run for
messages still queued after a mail server or SMS gateway outage."""

from __future__ import annotations

from gongkai.core.tasks import task
from gongkai.notify import services


@task(name="notify.deliver")
def deliver(notification_id: int) -> str:
    """Send one notification. Idempotent: the service locks the row and sends only while it is
    queued, so a redelivered task sends nothing twice."""
    return services.deliver(notification_id)


@task(name="notify.deliver_queued")
def deliver_queued(limit: int = 100) -> int:
    """Send what is still queued, oldest first (at most `limit` per run)."""
    return services.deliver_queued(limit=min(max(limit, 1), 1000))
