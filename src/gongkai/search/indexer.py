"""The indexer: applies the outbox to the tantivy index, idempotently, from a cursor.

Publishing or withdrawing writes an outbox event in the same database transaction
(core.outbox). The indexer reads the events after its cursor, rebuilds those items' documents
from the database (the source of truth), writes them, commits the index, and only then moves
the cursor. A crash anywhere in between re-applies the same events next time, which yields the
same index: nothing is lost and nothing is doubled.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gongkai.core.outbox import outbox_after
from gongkai.disclosure import selectors as disclosure
from gongkai.search import documents
from gongkai.search.engine import SCHEMA_VERSION, SearchDocument, SearchIndex
from gongkai.search.models import IndexCursor

CURSOR = "search"
TOPICS = documents.TOPICS
BATCH = 500
# A backlog (the first read returns a full BATCH: an import, a restore) is applied in larger
# batches, one index commit each, with normalisation and segmentation in worker processes
# (GONGKAI_SEARCH_INDEX_PROCESSES, default 2): rjieba holds the GIL, and starting the workers
# (about a second) only pays for itself over thousands of documents.
BULK_BATCH = 2_000
PUBLICATION_TYPE = "disclosure.publication"

logger = logging.getLogger(__name__)

_indexes: dict[Path, SearchIndex] = {}
_lock = threading.Lock()


def index_directory() -> Path:
    return Path(getattr(settings, "GONGKAI_SEARCH_DIR", "") or settings.DATA_DIR / "search")


def get_index() -> SearchIndex:
    """The process's handle on the index (readers share it; the writer lock is taken on first write)."""
    path = index_directory()
    with _lock:
        if path not in _indexes:
            _indexes[path] = SearchIndex(path, writer_heap_bytes=32_000_000)
        return _indexes[path]


def close_index() -> None:
    """Release this process's writer lock (tests, and the worker on exit)."""
    with _lock:
        for index in _indexes.values():
            index.close()
        _indexes.clear()


def _cursor() -> IndexCursor:
    # A new cursor starts from the first event, into the index of this code's schema.
    cursor, _ = IndexCursor.objects.get_or_create(name=CURSOR, defaults={"schema_version": SCHEMA_VERSION})
    return cursor


@dataclass
class Progress:
    events: int = 0
    items: int = 0
    batches: int = 0
    ids: set[str] = field(default_factory=set)  # "object_type:pk" of every object applied


def bulk_processes() -> int:
    return int(settings.GONGKAI_SEARCH_INDEX_PROCESSES)


def apply_pending(*, crash_after_index: bool = False, keep_workers: bool = False) -> Progress:
    """Bring the index up to date with the outbox and with scheduled releases that came due,
    then publish a snapshot for the replicas if they are on.

    `crash_after_index` stops after the index commit and before the cursor moves, as a crash
    there would: tests use it to show that the next run completes the work. `keep_workers`
    leaves a backlog's worker processes running for the next call (see worker_pass).
    """
    stale = _cursor().schema_version
    if stale != SCHEMA_VERSION:
        # The cursor describes an index of another schema (an upgrade bumped SCHEMA_VERSION):
        # the events after it are not enough, the new directory holds nothing yet.
        logger.warning(
            "Search index schema v%s, this code's is v%s: rebuilding from the database.", stale, SCHEMA_VERSION
        )
        written = reindex(processes=bulk_processes())
        get_index().stop_workers()
        progress = Progress(items=written)
    else:
        progress = _apply_outbox(crash_after_index=crash_after_index, keep_workers=keep_workers)
    if not crash_after_index:
        publish_snapshot()
    return progress


def worker_pass() -> Progress:
    """One poll of `gongkai search worker`. While an import commits a batch every fraction of a
    second, each poll finds a backlog: the worker processes of the first stay for the next ones
    (which then start in bulk mode), instead of being started (about a second) and stopped on
    every poll; the first poll that finds nothing stops them."""
    progress = apply_pending(keep_workers=True)
    if not progress.items:
        get_index().stop_workers()
    return progress


def publish_snapshot() -> None:
    """Index replicas (search/snapshots.py): after the commit and the cursor move, publish the
    committed index when GONGKAI_SEARCH_SNAPSHOT_DIR is set and the newest snapshot lacks a
    commit (also one a publisher killed half-way left unpublished)."""
    from gongkai.search import snapshots  # it reads the index through this module

    if snapshots.snapshot_root() is not None and not snapshots.is_replica():
        snapshots.publish()
        snapshots.prune()


def _apply_outbox(*, crash_after_index: bool, keep_workers: bool) -> Progress:
    index = get_index()
    progress = Progress()
    # Workers still running from the previous call: that backlog is most likely going on.
    limit, processes = (BULK_BATCH, bulk_processes()) if index.workers_running else (BATCH, 1)
    try:
        while True:
            cursor = _cursor()
            now = timezone.now()
            events = list(outbox_after(cursor.last_event_id, topics=TOPICS, limit=limit))
            changed: dict[str, set[int]] = {}
            for event in events:
                changed.setdefault(event.object_type, set()).add(int(event.object_id))
            # A publication scheduled for later (public_from) becomes public without an event.
            # A fresh cursor starts from a reindex, so it has nothing released to catch up on.
            if cursor.released_until is not None:
                released = disclosure.public_publication_pks(now=now, released_after=cursor.released_until)
                changed.setdefault(PUBLICATION_TYPE, set()).update(released)
            keys = {f"{object_type}:{pk}" for object_type, ids in changed.items() for pk in ids}
            if not keys and not events:
                if cursor.released_until is None:
                    IndexCursor.objects.filter(pk=cursor.pk).update(released_until=now)
                return progress
            index.add(documents.documents_of(changed), processes=processes)
            index.commit()
            progress.events += len(events)
            progress.items += len(keys)
            progress.batches += 1
            progress.ids |= keys
            if crash_after_index:
                return progress
            IndexCursor.objects.filter(pk=cursor.pk).update(
                last_event_id=events[-1].pk if events else cursor.last_event_id, released_until=now
            )
            if len(events) < limit:
                return progress
            limit, processes = BULK_BATCH, bulk_processes()  # a backlog: see BULK_BATCH
    finally:
        if not keep_workers:
            index.stop_workers()  # the worker process then idles without two helpers


def _all_public() -> list[tuple[documents.Source, list[int]]]:
    return [(source, list(source.public_ids())) for source in documents.SOURCES]


def reindex(*, progress: Callable[[int, int], None] | None = None, processes: int = 1) -> int:
    """Rebuild the whole index from the database; the cursor then starts at the newest event.
    processes > 1: normalisation and segmentation in that many worker processes."""
    from gongkai.core.models import OutboxEvent

    index = get_index()
    newest = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    now = timezone.now()
    work = _all_public()
    total = sum(len(ids) for _, ids in work)

    def docs() -> Iterator[SearchDocument]:
        done = 0
        for source, ids in work:
            for chunk in _chunks(ids, BATCH):
                yield from source.documents(set(chunk))
                done += len(chunk)
                if progress:
                    progress(done, total)

    written = index.rebuild(docs(), processes=processes)
    cursor = _cursor()
    IndexCursor.objects.filter(pk=cursor.pk).update(
        last_event_id=newest, released_until=now, schema_version=SCHEMA_VERSION
    )
    return written


@dataclass
class CheckReport:
    missing: list[str]
    stale: list[str]
    extra: list[str]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check() -> CheckReport:
    """Items whose index entry is missing, stale (another version) or should not be there."""
    expected: dict[str, str] = {}
    for source, ids in _all_public():
        for chunk in _chunks(ids, BATCH):
            for doc in source.documents(set(chunk)):
                if doc.public:
                    expected[doc.id] = doc.version
    indexed = {entry.id: entry.version for entry in get_index().entries()}
    return CheckReport(
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(i for i in expected if i in indexed and indexed[i] != expected[i]),
        extra=sorted(set(indexed) - set(expected)),
    )


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def apply_after_commit() -> None:
    """Inline indexing: queue the index task (search/tasks.py) for when the transaction commits;
    without a broker it runs in this process then, with one a worker runs it (issue 25)."""
    if getattr(settings, "GONGKAI_SEARCH_INLINE", False):
        from gongkai.core.tasks import enqueue

        enqueue("search.index_pending")
