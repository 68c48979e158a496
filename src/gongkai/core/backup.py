"""Backup and restore of a whole site: the database, the uploads (MEDIA_ROOT) and the search index.

One tar.gz archive:

  database/gongkai.sqlite3   SQLite, copied with the online backup API (consistent while the
                             site runs), or
  database/gongkai.pgdump    PostgreSQL, `pg_dump -Fc` (restored with `pg_restore`)
  media/...                  MEDIA_ROOT
  search/...                 the search index directory, from a hard-link snapshot
  manifest.json              last: format version, engine, creation time, the applied
                             migrations, and the size and SHA-256 of every other member

Restoring reads the archive twice: first the headers (names, types, sizes; the manifest),
refusing anything that is not a plain file or directory under those four names, any path
that climbs out, and more data than the caps; then the content, each file checked against
the manifest's digest before anything is replaced.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from gongkai.core.errors import Conflict, ValidationFailed

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/gongkai.sqlite3"
PGDUMP_MEMBER = "database/gongkai.pgdump"
ROOTS = ("database", "media", "search")
# Bounds on what a restore reads: an archive is a file from elsewhere, maybe damaged or hostile.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 500_000
MAX_NAME_CHARS = 1024
CHUNK = 1024 * 1024


def max_total_bytes() -> int:
    return int(os.environ.get("GONGKAI_RESTORE_MAX_GB", "200")) * 1024**3


def search_directory() -> Path:
    # The same rule as gongkai.search.indexer.index_directory (core may not import search;
    # api/tests/test_ready.py checks the two agree).
    return Path(getattr(settings, "GONGKAI_SEARCH_DIR", "") or settings.DATA_DIR / "search")


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise ValidationFailed(f"不支持备份 {vendor} 数据库（仅支持 SQLite 与 PostgreSQL）。", code="backup_engine")
    return vendor


@dataclass
class BackupReport:
    path: Path
    engine: str
    files: dict[str, int] = field(default_factory=dict)  # root -> number of files
    bytes: int = 0


@dataclass
class RestoreReport:
    engine: str
    created_at: str
    files: dict[str, int] = field(default_factory=dict)
    pending_migrations: list[str] = field(default_factory=list)


# --- writing ----------------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile while hashing exactly what went into the archive."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, source: Path, name: str, members: dict[str, dict[str, Any]]) -> None:
    with source.open("rb") as handle:
        info = tarfile.TarInfo(name)
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        info.mode = 0o644
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    members[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}


def _files_under(root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under root with their relative POSIX names; symbolic links are not followed
    (an upload directory has none, and a link could reach outside the data directory)."""
    if not root.is_dir():
        return
    for directory, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def _snapshot_index(source: Path, target: Path) -> None:
    """A consistent copy of a tantivy index that the indexer may be writing: segment files are
    never changed in place, only meta.json is replaced on commit, so hard links taken between
    two equal readings of every meta.json are one committed state."""

    def metas() -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in sorted(source.rglob("meta.json"))}

    for _attempt in range(5):
        before = metas()
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        try:
            for path, name in _files_under(source):
                if name.endswith(".lock"):
                    continue  # lock files belong to the running writer
                destination = target / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, destination)
                except OSError:
                    shutil.copy2(path, destination)  # another filesystem
        except FileNotFoundError:
            continue  # a merge removed a segment while we linked: take the snapshot again
        if metas() == before:
            return
    raise Conflict("检索索引在备份期间持续变化，未能取得一致的副本，请稍后重试。", code="backup_index_busy")


def _dump_database(kind: str, target: Path) -> None:
    db = settings.DATABASES["default"]
    if kind == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    result = subprocess.run(  # noqa: S603
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", str(db["NAME"])],  # noqa: S607
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ValidationFailed(f"pg_dump 失败：{result.stderr.strip()[-500:]}", code="backup_pg_dump")


def _pg_env() -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore through the environment (never the command
    line, where other users of the machine could read a password)."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return env


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup(path: Path, *, overwrite: bool = False) -> BackupReport:
    """Write the archive to `path` (through a temporary file, renamed when complete)."""
    path = path.resolve()
    media, index = Path(settings.MEDIA_ROOT).resolve(), search_directory().resolve()
    for inside in (media, index):
        if path.is_relative_to(inside):
            raise ValidationFailed(f"备份文件不能写在 {inside} 之内（它本身会被备份）。", code="backup_path")
    if path.exists() and not overwrite:
        raise Conflict(f"文件 {path} 已存在；使用 --force 覆盖。", code="backup_exists")
    kind = engine()
    report = BackupReport(path=path, engine=kind)
    members: dict[str, dict[str, Any]] = {}
    work = Path(tempfile.mkdtemp(prefix=".backup-", dir=_work_parent(index)))
    partial = path.with_name(path.name + ".part")
    try:
        dump = work / ("gongkai.sqlite3" if kind == "sqlite" else "gongkai.pgdump")
        _dump_database(kind, dump)
        migrations = applied_migrations()
        _snapshot_index(index, work / "search")
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            _add_file(tar, dump, SQLITE_MEMBER if kind == "sqlite" else PGDUMP_MEMBER, members)
            for root_name, root in (("media", media), ("search", work / "search")):
                count = 0
                for source, name in _files_under(root):
                    _add_file(tar, source, f"{root_name}/{name}", members)
                    count += 1
                report.files[root_name] = count
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "engine": kind,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "migrations": migrations,
                "members": members,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o644, int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
        partial.replace(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        partial.unlink(missing_ok=True)
    report.bytes = path.stat().st_size
    return report


def _work_parent(index: Path) -> Path:
    # Next to the index, so that the snapshot's hard links stay on one filesystem.
    parent = index.parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


# --- reading ----------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    """The member's name if it is a plain relative path under one of ROOTS, else a refusal."""
    if len(name) > MAX_NAME_CHARS or "\x00" in name or "\\" in name:
        raise ValidationFailed(f"备份文件中的路径不合法：{name[:200]!r}", code="restore_bad_path")
    pure = PurePosixPath(name)
    if pure.is_absolute() or any(part in {"..", ""} for part in pure.parts) or pure.as_posix() != name.rstrip("/"):
        raise ValidationFailed(f"备份文件中的路径不合法：{name[:200]!r}", code="restore_bad_path")
    if name != MANIFEST and pure.parts[0] not in ROOTS:
        raise ValidationFailed(f"备份文件中有不认识的内容：{name[:200]!r}", code="restore_bad_path")
    return pure.as_posix()


def read_manifest(path: Path) -> dict[str, Any]:
    """First pass: every header is checked, the manifest is read and checked against them."""
    sizes: dict[str, int] = {}
    manifest_data: bytes | None = None
    total = 0
    try:
        with tarfile.open(path, "r:gz") as tar:
            for count, member in enumerate(tar, start=1):
                if count > MAX_MEMBERS:
                    raise ValidationFailed(f"备份文件条目超过 {MAX_MEMBERS} 个。", code="restore_too_large")
                name = _safe_name(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise ValidationFailed(f"备份文件中有链接或特殊文件：{name[:200]!r}", code="restore_bad_member")
                if name in sizes:
                    raise ValidationFailed(f"备份文件中有重复条目：{name[:200]!r}", code="restore_bad_member")
                total += member.size
                if total > max_total_bytes():
                    raise ValidationFailed(
                        "备份文件解压后的大小超过上限（GONGKAI_RESTORE_MAX_GB）。", code="restore_too_large"
                    )
                if name == MANIFEST:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise ValidationFailed("备份清单过大。", code="restore_bad_manifest")
                    handle = tar.extractfile(member)
                    manifest_data = handle.read() if handle else b""
                else:
                    sizes[name] = member.size
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            f"无法读取备份文件（{type(exc).__name__}）：文件损坏或不是 gongkai backup 的输出。",
            code="restore_unreadable",
        ) from exc
    if manifest_data is None:
        raise ValidationFailed("备份文件中没有清单（manifest.json）。", code="restore_bad_manifest")
    try:
        manifest = json.loads(manifest_data)
    except ValueError as exc:
        raise ValidationFailed("备份清单不是有效的 JSON。", code="restore_bad_manifest") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationFailed("这不是 gongkai backup 生成的备份文件。", code="restore_bad_manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValidationFailed(
            f"备份格式版本 {manifest.get('format_version')!r} 不受支持（应为 {FORMAT_VERSION}）。",
            code="restore_bad_manifest",
        )
    members = manifest.get("members")
    if not isinstance(members, dict) or {k: v.get("size") for k, v in members.items()} != sizes:
        raise ValidationFailed("备份清单与备份内容不一致：文件不完整或被改动。", code="restore_bad_manifest")
    kind = manifest.get("engine")
    expected = {"sqlite": SQLITE_MEMBER, "postgresql": PGDUMP_MEMBER}.get(str(kind))
    if expected is None or expected not in members:
        raise ValidationFailed("备份清单中的数据库类型不正确。", code="restore_bad_manifest")
    return manifest
    if not isinstance(manifest.get("migrations"), dict) or not all(
        isinstance(names, list) and all(isinstance(n, str) for n in names) for names in manifest["migrations"].values()
    ):
        raise ValidationFailed("备份清单中的迁移记录格式不正确。", code="restore_bad_manifest")
    return manifest


# --- restoring --------------------------------------------------------------------------------


def _database_has_tables(kind: str) -> bool:
    if kind == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        if not name.is_file() or name.stat().st_size == 0:
            return False
        probe = sqlite3.connect(name)
        try:
            return bool(probe.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])
        finally:
            probe.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        row = cursor.fetchone()
    return bool(row and row[0])


def _has_files(root: Path) -> bool:
    return root.is_dir() and any(p.is_file() for p in root.rglob("*"))


def occupied_targets() -> list[str]:
    """What already holds data where a restore would write (a restore replaces it only with --force)."""
    kind = engine()
    checks = (
        ("数据库", _database_has_tables(kind)),
        (f"上传文件目录 {settings.MEDIA_ROOT}", _has_files(Path(settings.MEDIA_ROOT))),
        (f"检索索引目录 {search_directory()}", _has_files(search_directory())),
    )
    return [label for label, full in checks if full]


def _migration_check(recorded: dict[str, list[str]]) -> list[str]:
    """Migrations the code has and the backup lacks (to run after the restore); a backup with
    migrations this code does not know comes from a newer version and is refused."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, names in recorded.items() for name in names if (app, name) not in known)
    if unknown:
        raise Conflict(
            "备份来自更新的 Gongkai 版本（含本程序没有的数据库迁移："
            + "、".join(unknown[:5])
            + ("等" if len(unknown) > 5 else "")
            + "），请先升级程序再恢复。",
            code="restore_newer_version",
        )
    return sorted(f"{app}.{name}" for app, name in known if name not in set(recorded.get(app, [])))


def _extract(path: Path, members: dict[str, Any], work: Path) -> None:
    """Second pass: write every file under `work`, each checked against its manifest digest."""
    root = work.resolve()
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            name = _safe_name(member.name)
            if not member.isfile() or name == MANIFEST:
                continue
            expected = members[name]
            destination = (root / name).resolve()
            if not destination.is_relative_to(root):
                raise ValidationFailed(f"备份文件中的路径不合法：{name[:200]!r}", code="restore_bad_path")
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is None:
                raise ValidationFailed(f"无法读取备份条目：{name[:200]!r}", code="restore_unreadable")
            digest, written = hashlib.sha256(), 0
            with destination.open("wb") as out:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if written > expected["size"]:
                        break
                    digest.update(chunk)
                    out.write(chunk)
            if written != expected["size"] or digest.hexdigest() != expected["sha256"]:
                raise ValidationFailed(f"备份条目校验失败（文件损坏或被改动）：{name[:200]!r}", code="restore_checksum")


def _load_database(kind: str, dump: Path, *, replace: bool) -> None:
    connection.close()
    if kind == "sqlite":
        source = sqlite3.connect(dump)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise ValidationFailed("备份中的 SQLite 数据库未通过完整性检查。", code="restore_checksum")
            target_name = Path(settings.DATABASES["default"]["NAME"])
            target_name.parent.mkdir(parents=True, exist_ok=True)
            target = sqlite3.connect(target_name)
            try:
                source.backup(target)  # replaces the whole target, page by page, under its lock
            finally:
                target.close()
        finally:
            source.close()
        return
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        command += ["--clean", "--if-exists"]
    command += [f"--dbname={settings.DATABASES['default']['NAME']}", str(dump)]
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise ValidationFailed(f"pg_restore 失败：{result.stderr.strip()[-500:]}", code="restore_pg_restore")


def _put_in_place(source: Path, target: Path) -> None:
    """Replace the content of `target` by that of `source` (absent: target left empty). The
    directory itself stays: it may be a mount point (a container volume)."""
    target.mkdir(parents=True, exist_ok=True)
    for child in list(target.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        for child in list(source.iterdir()):
            shutil.move(str(child), str(target / child.name))


def restore(path: Path, *, force: bool = False) -> RestoreReport:
    """Restore an archive written by backup() into this configuration's database, MEDIA_ROOT and
    search directory. Refuses targets holding data unless `force`."""
    manifest = read_manifest(path)
    kind = engine()
    if manifest["engine"] != kind:
        raise Conflict(
            f"备份的数据库类型是 {manifest['engine']}，而当前配置的是 {kind}；只能恢复到同类数据库。",
            code="restore_engine_mismatch",
        )
    pending = _migration_check(manifest["migrations"])
    occupied = occupied_targets()
    if occupied and not force:
        raise Conflict(
            "恢复目标不是空的：" + "；".join(occupied) + "。确认要覆盖时使用 --force。", code="restore_not_empty"
        )
    media, index = Path(settings.MEDIA_ROOT), search_directory()
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=_work_parent(index)))
    try:
        _extract(path, manifest["members"], work)
        _load_database(kind, work / (SQLITE_MEMBER if kind == "sqlite" else PGDUMP_MEMBER), replace=force)
        _put_in_place(work / "media", media)
        _put_in_place(work / "search", index)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    files = {
        root: sum(1 for name in manifest["members"] if name.startswith(root + "/")) for root in ("media", "search")
    }
    return RestoreReport(
        engine=kind, created_at=str(manifest.get("created_at", "")), files=files, pending_migrations=pending
    )
