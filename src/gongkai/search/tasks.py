"""Search tasks: applying the outbox to the index (gongkai.core.tasks)."""

from __future__ import annotations

from gongkai.core.tasks import TRANSIENT_ERRORS, Busy, claim, task
from gongkai.search import indexer

# A run takes seconds; the claim only has to outlive the longest one.
CLAIM_SECONDS = 15 * 60


@task(name="search.index_pending", retry_for=(Busy, *TRANSIENT_ERRORS))
def index_pending() -> int:
    """Bring the index up to date with the outbox. Idempotent: the indexer works from a cursor and
    rebuilds each changed item's document from the database. One run at a time (one index writer):
    a run queued while another one works is retried shortly, and then finds the events still due."""
    with claim("search.index_pending", seconds=CLAIM_SECONDS) as mine:
        if not mine:
            raise Busy("另一个索引任务正在运行。")
        return indexer.apply_pending().items
