"""`gongkai restore` is careful with what it is given: a target holding data, a path that climbs
out, a link, a changed file, a file the manifest does not list, another engine. Each is refused
before anything is replaced. (The full round trip is api/tests/test_backup_roundtrip.py.)"""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from gongkai.core import backup as site_backup
from gongkai.core.errors import ApplicationError

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_SEARCH_DIR = str(tmp_path / "search")
    (tmp_path / "media" / "attachments").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "a.pdf").write_bytes(b"%PDF-1.4 stand-in")
    get_user_model().objects.create_user("keeper", password="keeper-password-1")
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive))
    return archive


def rewrite(archive: Path, target: Path, *, change=None, extra=None, manifest_change=None) -> Path:
    """A copy of `archive` with members changed, added, or the manifest edited."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            handle = source.extractfile(member)
            data = handle.read() if handle else b""
            if member.name == site_backup.MANIFEST and manifest_change:
                manifest = json.loads(data)
                manifest_change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            elif change and member.name in change:
                data = change[member.name](data)
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
        for info, data in extra or []:
            out.addfile(info, io.BytesIO(data) if data is not None else None)
    return target


def restore_error(archive: Path, *, force: bool = True) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        site_backup.restore(archive, force=force)
    return caught.value


def test_backup_lists_every_file_with_its_digest(site):
    manifest = site_backup.read_manifest(site)
    assert manifest["format_version"] == site_backup.FORMAT_VERSION
    assert manifest["engine"] in {"sqlite", "postgresql"}
    assert "media/attachments/a.pdf" in manifest["members"]
    assert "core" in manifest["migrations"]
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(site))  # never overwrites without --force


def test_restore_refuses_a_target_holding_data_without_force(site):
    with pytest.raises(CommandError, match="恢复目标不是空的"):
        call_command("restore", str(site))
    assert get_user_model().objects.filter(username="keeper").exists()


def test_a_changed_file_is_refused_before_anything_is_replaced(site, tmp_path, settings):
    tampered = rewrite(site, tmp_path / "t.tar.gz", change={"media/attachments/a.pdf": lambda d: d.upper()})
    (Path(settings.MEDIA_ROOT) / "attachments" / "a.pdf").write_bytes(b"current")
    assert restore_error(tampered).code == "restore_checksum"
    assert (Path(settings.MEDIA_ROOT) / "attachments" / "a.pdf").read_bytes() == b"current"


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("media/../../escaped.txt", tarfile.REGTYPE, "restore_bad_path"),
        ("/etc/escaped.txt", tarfile.REGTYPE, "restore_bad_path"),
        ("elsewhere/file.txt", tarfile.REGTYPE, "restore_bad_path"),
        ("media/link", tarfile.SYMTYPE, "restore_bad_member"),
        ("media/hard", tarfile.LNKTYPE, "restore_bad_member"),
        ("media/unlisted.txt", tarfile.REGTYPE, "restore_bad_manifest"),
    ],
)
def test_members_outside_the_format_are_refused(site, tmp_path, name, kind, code):
    info = tarfile.TarInfo(name)
    info.type = kind
    data = b"x" if kind == tarfile.REGTYPE else None
    info.size = 1 if data else 0
    if kind in {tarfile.SYMTYPE, tarfile.LNKTYPE}:
        info.linkname = "/etc/passwd"
    bad = rewrite(site, tmp_path / "bad.tar.gz", extra=[(info, data)])
    assert restore_error(bad).code == code
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_another_engine_a_newer_version_and_another_format_are_refused(site, tmp_path):
    def other_engine(manifest):
        manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
        member = site_backup.SQLITE_MEMBER if manifest["engine"] == "sqlite" else site_backup.PGDUMP_MEMBER
        manifest["members"][member] = {"size": 0, "sha256": ""}

    # The other engine's database member must exist for the manifest to match the content.
    info = tarfile.TarInfo("placeholder")
    engine = site_backup.read_manifest(site)["engine"]
    info.name = site_backup.PGDUMP_MEMBER if engine == "sqlite" else site_backup.SQLITE_MEMBER
    swapped = rewrite(site, tmp_path / "e.tar.gz", extra=[(info, b"")], manifest_change=other_engine)
    assert restore_error(swapped).code == "restore_engine_mismatch"

    newer = rewrite(
        site, tmp_path / "n.tar.gz", manifest_change=lambda m: m["migrations"]["core"].append("9999_from_the_future")
    )
    assert restore_error(newer).code == "restore_newer_version"

    version = rewrite(site, tmp_path / "v.tar.gz", manifest_change=lambda m: m.update(format_version=99))
    assert restore_error(version).code == "restore_bad_manifest"

    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive at all")
    assert restore_error(tmp_path / "junk.tar.gz").code == "restore_unreadable"
