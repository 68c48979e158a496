"""Where uploads are stored: under a random directory of their own.

The files are served only through views that check they are public (portal/downloads.py), but a
name such as attachments/2026/12/附件1.pdf is guessable wherever MEDIA_ROOT is exposed by
mistake (an old proxy rule, a backup left in a web root). A random directory per file makes the
path as hard to guess as a 96-bit token, and keeps the uploader's own name for the download.
"""

import secrets

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class UploadPath:
    """upload_to for a FileField: "<prefix>/<year>/<month>/<random>/<original name>"."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: object, filename: str) -> str:
        month = timezone.localdate().strftime("%Y/%m")
        return f"{self.prefix}/{month}/{secrets.token_urlsafe(12)}/{filename}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadPath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def delete_upload_on_commit(file: FieldFile) -> None:
    """Delete a stored upload whose row is being deleted, once the transaction commits: a rollback
    keeps the file with its row, and no row is left pointing at a missing file."""
    storage, name = file.storage, file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
