"""Index replicas: immutable snapshots of the committed index, and the reader web nodes use.

The indexer (`gongkai search worker`, the one tantivy writer) publishes after it has committed
the index and moved its cursor:

    <root>/000000000042/        the committed segment files (hard links) + meta.json + manifest.json
    <root>/CURRENT              "000000000042": the snapshot replicas serve

A snapshot is built in `<root>/.tmp-<generation>-<pid>/`, its manifest written last (temp name,
then rename), the directory renamed to its generation, and only then CURRENT replaced
(os.replace of a temp file). A crash at any point leaves CURRENT naming a complete snapshot;
the next publish notices that the index has a commit CURRENT does not hold (the opstamp of
meta.json) and publishes it, so nothing is lost.

Segment files are immutable in tantivy (a change writes new segments or a new .del file), so
hard links are safe and cost nothing; across file systems the files are copied.

A replica (GONGKAI_SEARCH_ROLE=replica) looks at CURRENT at most once per interval (one stat),
opens a new snapshot beside the old one and swaps the handle under a lock; a search in flight
keeps the handle it took. A replica with no readable snapshot raises SearchUnavailable: the
portal shows the Chinese notice and the API answers 503 problem+json `search_unavailable`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from gongkai.core.errors import ServiceUnavailable
from gongkai.search.engine import SCHEMA_VERSION, SearchIndex
from gongkai.search.indexer import CURSOR, get_index
from gongkai.search.models import IndexCursor

logger = logging.getLogger(__name__)

POINTER = "CURRENT"
MANIFEST = "manifest.json"
TMP_PREFIX = ".tmp-"
NOTICE = "检索服务暂时不可用，请稍后再试。"
# A snapshot superseded for less than this many intervals (and at least a minute) may still be
# being opened by a replica that read CURRENT just before the switch: pruning leaves it.
GRACE_INTERVALS = 10
MIN_GRACE_SECONDS = 60.0


class SearchUnavailable(ServiceUnavailable):
    default_code = "search_unavailable"
    default_message = NOTICE


class SnapshotInvalid(Exception):
    """A snapshot directory that is incomplete, damaged or of another schema."""


@dataclass(frozen=True)
class Manifest:
    generation: int
    created_at: str
    schema_version: int
    opstamp: int  # the tantivy commit the snapshot holds
    cursor: int  # the indexer's outbox position (last applied event id) when it was published
    num_docs: int
    files: dict[str, dict[str, Any]]  # name -> {"size": bytes, "sha256": hex}

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        try:
            data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as error:
            raise SnapshotInvalid(f"{directory}: no readable manifest ({error}).") from error


# -- settings --------------------------------------------------------------------------------


def snapshot_root() -> Path | None:
    value = getattr(settings, "GONGKAI_SEARCH_SNAPSHOT_DIR", "")
    return Path(value) if value else None


def is_replica() -> bool:
    return getattr(settings, "GONGKAI_SEARCH_ROLE", "writer") == "replica" and snapshot_root() is not None


def interval() -> float:
    return float(getattr(settings, "GONGKAI_SEARCH_SNAPSHOT_INTERVAL", 5.0))


# -- the pointer and the generations ---------------------------------------------------------


def generation_name(generation: int) -> str:
    return f"{generation:012d}"


def generations(root: Path) -> list[int]:
    """Every published (renamed) snapshot directory, oldest first."""
    try:
        names = [entry.name for entry in os.scandir(root) if entry.is_dir()]
    except FileNotFoundError:
        return []
    return sorted(int(name) for name in names if name.isdigit())


def current_name(root: Path) -> str | None:
    """The generation CURRENT names, or None when there is no (sensible) pointer."""
    try:
        name = (root / POINTER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if name.isdigit() and len(name) <= 20 else None


def current_manifest(root: Path) -> Manifest | None:
    name = current_name(root)
    if name is None:
        return None
    try:
        return Manifest.read(root / name)
    except SnapshotInvalid:
        return None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be opened
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_dir(path.parent)


# -- publishing --------------------------------------------------------------------------------


def _committed_files(index_path: Path, attempts: int = 5) -> tuple[bytes, dict[str, Path]]:
    """meta.json as committed and the files its segments need. A background merge may commit
    and delete files while we look: then read meta.json again."""
    for _ in range(attempts):
        meta = (index_path / "meta.json").read_bytes()
        files: dict[str, Path] = {}
        for segment in json.loads(meta)["segments"]:
            key = segment["segment_id"].replace("-", "")
            deletes = segment.get("deletes")
            wanted_del = f"{key}.{deletes['opstamp']}.del" if deletes else None
            for path in index_path.glob(f"{key}.*"):
                if path.name.endswith(".del") and path.name != wanted_del:
                    continue  # an older delete set of the same segment
                files[path.name] = path
            if wanted_del is not None and wanted_del not in files:
                break
        else:
            if (index_path / "meta.json").read_bytes() == meta:
                return meta, files
    raise SnapshotInvalid(f"The index in {index_path} kept changing while it was being copied.")


def _place(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copy2(source, target)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def publish(
    index: SearchIndex | None = None,
    root: Path | None = None,
    *,
    cursor: int | None = None,
    force: bool = False,
    pause_before_switch: float | None = None,
) -> Manifest | None:
    """Publish the committed index as the newest snapshot; None when snapshots are off or
    CURRENT already holds this commit (unless force). Only the indexer calls this: it holds
    the writer lock, so there is one publisher.

    cursor: the outbox position the index holds, recorded in the manifest (default: the
    indexer's cursor in the database). pause_before_switch: sleep after the snapshot
    directory is in place and before CURRENT moves (default GONGKAI_SEARCH_SNAPSHOT_DRILL_PAUSE,
    0: failure drills kill the indexer there, see test_replicas)."""
    root = root or snapshot_root()
    if root is None:
        return None
    index = index or get_index()
    root.mkdir(parents=True, exist_ok=True)
    for leftover in root.glob(f"{TMP_PREFIX}*"):  # a publisher that died half-way
        shutil.rmtree(leftover, ignore_errors=True)

    for attempt in range(3):
        meta, files = _committed_files(index.path)
        opstamp = int(json.loads(meta)["opstamp"])
        previous = current_manifest(root)
        unchanged = previous is not None and (previous.opstamp, previous.schema_version) == (opstamp, SCHEMA_VERSION)
        if unchanged and not force:
            return None
        generation = max([*generations(root), previous.generation if previous else 0]) + 1
        building = root / f"{TMP_PREFIX}{generation}-{os.getpid()}"
        building.mkdir()
        try:
            for name, source in files.items():
                _place(source, building / name)
        except FileNotFoundError:  # merged away between the listing and the link: list again
            shutil.rmtree(building, ignore_errors=True)
            if attempt == 2:
                raise
            continue
        break
    (building / "meta.json").write_bytes(meta)
    # Segment files never change under their name: a hash from the last manifest still holds.
    known = previous.files if previous is not None else {}
    entries: dict[str, dict[str, Any]] = {}
    for name in sorted(files):
        size = (building / name).stat().st_size
        old = known.get(name)
        digest = old["sha256"] if old and old.get("size") == size else _sha256(building / name)
        entries[name] = {"size": size, "sha256": digest}
    entries["meta.json"] = {"size": len(meta), "sha256": hashlib.sha256(meta).hexdigest()}
    num_docs = SearchIndex.open_snapshot(building).num_docs  # also proves the copy opens
    if cursor is None:
        cursor = IndexCursor.objects.filter(name=CURSOR).values_list("last_event_id", flat=True).first() or 0
    manifest = Manifest(
        generation=generation,
        created_at=timezone.now().isoformat(),
        schema_version=SCHEMA_VERSION,
        opstamp=opstamp,
        cursor=int(cursor),
        num_docs=num_docs,
        files=entries,
    )
    _write_atomically(building / MANIFEST, json.dumps(asdict(manifest), ensure_ascii=False, indent=1).encode())
    final = root / generation_name(generation)
    os.rename(building, final)
    _fsync_dir(root)
    if pause_before_switch is None:
        pause_before_switch = float(getattr(settings, "GONGKAI_SEARCH_SNAPSHOT_DRILL_PAUSE", 0))
    if pause_before_switch > 0:
        time.sleep(pause_before_switch)
    _write_atomically(root / POINTER, (final.name + "\n").encode("ascii"))
    return manifest


def prune(root: Path | None = None, *, keep: int | None = None, grace: float | None = None) -> list[int]:
    """Delete old snapshots: never CURRENT's, never the newest `keep` (at least 2), and none
    superseded less than `grace` seconds ago (a replica may be opening it). Returns the
    generations removed."""
    root = root or snapshot_root()
    if root is None:
        return []
    keep = max(2, keep if keep is not None else int(getattr(settings, "GONGKAI_SEARCH_SNAPSHOT_KEEP", 3)))
    grace = grace if grace is not None else max(MIN_GRACE_SECONDS, GRACE_INTERVALS * interval())
    existing = generations(root)
    pointed = current_name(root)
    now = time.time()
    removed: list[int] = []
    for position, generation in enumerate(existing[:-keep] if len(existing) > keep else []):
        if generation_name(generation) == pointed:
            continue
        successor = root / generation_name(existing[position + 1])
        try:
            superseded_at = (successor / MANIFEST).stat().st_mtime
        except OSError:
            superseded_at = now
        if now - superseded_at < grace:
            continue
        shutil.rmtree(root / generation_name(generation), ignore_errors=True)
        removed.append(generation)
    return removed


def verify(directory: Path) -> Manifest:
    """Check a snapshot against its manifest, sizes and sha256 (`gongkai search snapshots --verify`)."""
    manifest = Manifest.read(directory)
    for name, entry in manifest.files.items():
        path = directory / name
        if not path.is_file() or path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise SnapshotInvalid(f"{directory}: {name} is missing or differs from the manifest.")
    return manifest


# -- reading (replicas) ------------------------------------------------------------------------


def open_snapshot(directory: Path) -> tuple[Manifest, SearchIndex]:
    """Open a published snapshot after the cheap checks: manifest, schema, every file there
    with its size (hashing a large index on every switch would cost seconds)."""
    manifest = Manifest.read(directory)
    if manifest.schema_version != SCHEMA_VERSION:
        raise SnapshotInvalid(f"{directory}: schema v{manifest.schema_version}, this code reads v{SCHEMA_VERSION}.")
    for name, entry in manifest.files.items():
        try:
            size = (directory / name).stat().st_size
        except OSError as error:
            raise SnapshotInvalid(f"{directory}: {name} is missing.") from error
        if size != entry["size"]:
            raise SnapshotInvalid(f"{directory}: {name} has {size} bytes, the manifest says {entry['size']}.")
    try:
        index = SearchIndex.open_snapshot(directory)
        index.num_docs  # noqa: B018 - opens every segment now, not in the first search
    except (OSError, ValueError) as error:
        raise SnapshotInvalid(f"{directory}: tantivy cannot open it ({error}).") from error
    return manifest, index


class SnapshotReader:
    """A replica's view of the newest snapshot, shared by the threads of a process."""

    def __init__(self, root: Path, every: float) -> None:
        self.root = root
        self.every = every
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None
        self.manifest: Manifest | None = None
        self._pointer: tuple[int, int, int] | None = None
        self._checked = float("-inf")

    def index(self) -> SearchIndex:
        if time.monotonic() - self._checked >= self.every:
            with self._lock:
                if time.monotonic() - self._checked >= self.every:
                    self._refresh()
                    self._checked = time.monotonic()
        index = self._index
        if index is None:
            raise SearchUnavailable()
        return index

    def _refresh(self) -> None:
        try:
            stat = os.stat(self.root / POINTER)
        except OSError as error:
            # Unreachable: keep serving the snapshot already open (its files stay mapped).
            logger.warning("Search snapshots: no pointer at %s (%s).", self.root, error)
            return
        pointer = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if pointer == self._pointer:
            return
        name = current_name(self.root)
        if name is not None and self.manifest is not None and name == generation_name(self.manifest.generation):
            self._pointer = pointer
            return
        try:
            if name is None:
                raise SnapshotInvalid(f"{self.root / POINTER} names no snapshot.")
            manifest, index = open_snapshot(self.root / name)
        except SnapshotInvalid as error:
            logger.warning("Search snapshots: %s Still serving %s.", error, self.manifest and self.manifest.generation)
            return
        # One assignment each: a search that already took the old handle finishes on it.
        self._index, self.manifest, self._pointer = index, manifest, pointer
        logger.info("Search snapshots: now serving generation %s (%s items).", manifest.generation, manifest.num_docs)


_readers: dict[Path, SnapshotReader] = {}
_readers_lock = threading.Lock()


POLLS_PER_INTERVAL = 4  # replicas check CURRENT, and the indexer the outbox, this often per interval


def snapshot_reader() -> SnapshotReader | None:
    root = snapshot_root()
    if root is None or not is_replica():
        return None
    with _readers_lock:
        if root not in _readers:
            # The indexer polls every quarter interval too: a publication is indexed within a
            # quarter, published, and picked up within another, so it is served within one
            # interval even with the indexing time between (measured in bench/rehearsal.py).
            _readers[root] = SnapshotReader(root, interval() / POLLS_PER_INTERVAL)
        return _readers[root]


def reader() -> SearchIndex:
    """The index searches read: in a replica the snapshot CURRENT names (SearchUnavailable
    when there is none to read), elsewhere the index directory itself."""
    replica = snapshot_reader()
    return replica.index() if replica is not None else get_index()


def close_readers() -> None:
    """Forget the replica readers (tests change the settings between cases)."""
    with _readers_lock:
        _readers.clear()
