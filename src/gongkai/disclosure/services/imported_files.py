"""The attachments of imported documents (the manifest's 附件 column).

Each file is checked as an upload is (size, type by its content, unpacked size, its text for the
search index), stored as an upload is (a random directory, core/uploads.py), and dated at the
imported revision's creation: an imported revision was never submitted, so its creation is the
moment its attachments are fixed (disclosure/attachments.py), and they are public with it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage

from gongkai.core.errors import ValidationFailed
from gongkai.core.uploads import UploadPath
from gongkai.disclosure.models import Attachment
from gongkai.disclosure.services.drafting import MAX_ATTACHMENTS
from gongkai.privacy.extract import ExtractionFailed, check_upload


@dataclass(frozen=True)
class CheckedFile:
    path: Path
    name: str
    media_type: str
    size: int
    text: str


def check_files(paths: Sequence[Path]) -> list[CheckedFile]:
    """The row's files, each checked as an upload; ValidationFailed naming the file otherwise."""
    if len(paths) > MAX_ATTACHMENTS:
        raise ValidationFailed(
            f"每条信息最多 {MAX_ATTACHMENTS} 个附件。",
            code="attachments_too_many",
            fields={"attachments": ["附件过多。"]},
        )
    checked = []
    for path in paths:
        try:
            with path.open("rb") as handle:
                upload = check_upload(File(handle, name=path.name))
        except OSError as exc:
            raise ValidationFailed(f"附件“{path.name}”无法读取。", code="attachment_unreadable") from exc
        except ExtractionFailed as exc:  # its own words, with the name of the file they are about
            raise ValidationFailed(f"附件“{path.name}”：{exc.message}", code=exc.code) from exc
        checked.append(CheckedFile(path, upload.name, upload.media_type, upload.size, upload.text))
    return checked


def store_checked(
    storage: Storage, publication_id: int, files: Sequence[CheckedFile], *, added_at: datetime.datetime
) -> list[dict[str, Any]]:
    """Store the files; the Attachment rows to insert (attribute name -> value)."""
    field = Attachment._meta.get_field("file")
    upload_to = UploadPath("attachments")
    rows = []
    for checked in files:
        with checked.path.open("rb") as handle:
            name = storage.save(upload_to(None, checked.name), File(handle), max_length=field.max_length)
        rows.append(
            {
                "publication_id": publication_id,
                "file": name,
                "name": checked.name,
                "media_type": checked.media_type,
                "size": checked.size,
                "text": checked.text,
                "added_by_id": None,
                "added_at": added_at,
            }
        )
    return rows
