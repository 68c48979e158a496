"""依申请公开 tasks: the deadline scan and its reminders (gongkai.core.tasks)."""

from __future__ import annotations

import datetime
import logging

from gongkai.core.tasks import task
from gongkai.foi import services

logger = logging.getLogger(__name__)


@task(name="foi.scan_deadlines")
def scan_deadlines(today: datetime.date | None = None) -> int:
    """Refresh every open application's due date and send the reminders that came due. Safe to run
    twice: a reminder is unique by application, kind and date, and only a new one is mailed."""
    result = services.foi_scan(today=today)
    logger.info("foi.scan_deadlines: %s checked, %s reminders", result.checked, len(result.reminders))
    return len(result.reminders)
