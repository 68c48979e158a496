"""Website inspection tasks: the quarterly check (gongkai.core.tasks)."""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth import get_user_model

from gongkai.core.tasks import Busy, claim, task
from gongkai.inspection import services

logger = logging.getLogger(__name__)

TIME_LIMIT = 6 * 3600


@task(name="inspection.scheduled_run", time_limit=TIME_LIMIT, retry_for=(Busy,))
def scheduled_run(username: str, as_of: datetime.date | None = None, max_pages: int = 300) -> int:
    """Inspect every scheduled site not yet inspected this quarter, as `username`. Safe to run
    twice: a site inspected this quarter is skipped. Two runs at once could both find a site
    unchecked, so only one runs at a time (the other is retried later and then skips it)."""
    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        logger.error("inspection.scheduled_run: user %r does not exist or is inactive", username)
        return 0
    with claim("inspection.scheduled_run", seconds=TIME_LIMIT) as mine:
        if not mine:
            raise Busy("另一个网站检查任务正在运行。")
        done = services.scheduled_run(actor=actor, as_of=as_of, max_pages=max_pages)
    logger.info("inspection.scheduled_run: %s sites inspected", len(done))
    return len(done)
