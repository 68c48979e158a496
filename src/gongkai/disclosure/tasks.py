"""Disclosure tasks: importing a manifest of published information (gongkai.core.tasks)."""

from __future__ import annotations

import logging
from pathlib import Path

from django.contrib.auth import get_user_model

from gongkai.core.tasks import task
from gongkai.disclosure.importing import import_manifest

logger = logging.getLogger(__name__)


@task(name="disclosure.import_manifest", time_limit=6 * 3600)
def import_manifest_task(path: str, username: str) -> dict[str, int]:
    """Import a manifest (a path every worker can read, e.g. shared storage) as `username`.
    Safe to run twice: a row already imported is skipped, so a redelivered task adds nothing."""
    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        logger.error("disclosure.import_manifest: user %r does not exist or is inactive", username)
        return {}
    report = import_manifest(Path(path), actor=actor)
    counts = {status: report.count(status) for status in ("imported", "skipped", "rejected")}
    for row in report.rejected:
        logger.warning("disclosure.import_manifest: %s line %s rejected: %s", path, row.line, row.reason)
    logger.info("disclosure.import_manifest: %s %s", path, counts)
    return counts
