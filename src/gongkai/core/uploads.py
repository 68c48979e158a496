"""Where uploads are stored: under a random directory of their own.

The files are served only through views that check they are public (portal/downloads.py), but a
name such as attachments/2026/12/附件1.pdf is guessable wherever MEDIA_ROOT is exposed by
mistake (an old proxy rule, a backup left in a web root). A random directory per file makes the
path as hard to guess as a 96-bit token, and keeps the uploader's own name for the download.
"""

import functools
import re
import secrets
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from gongkai.core.errors import ValidationFailed

M = TypeVar("M", bound=models.Model)


@deconstructible
class UploadPath:
    """upload_to for a FileField: "<prefix>/<year>/<month>/<random>/<original name>"."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: object, filename: str) -> str:
        month = timezone.localdate().strftime("%Y/%m")
        return f"{self.prefix}/{month}/{secrets.token_urlsafe(12)}/{filename}"

    def holds(self, name: str) -> bool:
        """Whether a stored name is already of this shape (a random directory of its own)."""
        return re.fullmatch(rf"{re.escape(self.prefix)}/\d{{4}}/\d{{2}}/[A-Za-z0-9_-]{{16}}/[^/]+", name) is not None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadPath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def chosen_file(files: "models.QuerySet[M]", pk: int, *, message: str, hint: str) -> M:
    """The record's file a clerk chose for an action on it (removal, take-down), from `files`
    (the record's files that action may touch). The action's workflow holds the record's row
    lock, so no other action on its files runs meanwhile. One answer for an id out of range,
    another record's file or none: ValidationFailed beside the form's attachment field."""
    found = files.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if found is None:
        raise ValidationFailed(message, code="attachment_not_found", fields={"attachment": [hint]})
    return found


def delete_upload_on_commit(file: FieldFile) -> None:
    """Delete a stored upload whose row is being deleted, once the transaction commits: a rollback
    keeps the file with its row, and no row is left pointing at a missing file."""
    storage, name = file.storage, file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@dataclass
class Relocation:
    moved: int = 0
    missing: list[str] = field(default_factory=list)  # "model pk: name" of rows whose file is gone
    by_model: dict[str, int] = field(default_factory=dict)


def relocate_uploads(*, dry_run: bool = False) -> Relocation:
    """Move the files stored before UploadPath (attachments/2026/12/附件1.pdf, guessable) under a
    random directory each, as new uploads are: copy, point the row at the copy, delete the old file
    once the row's change commits. For an installation that served MEDIA_ROOT (docs/operations.md).
    A row changed meanwhile keeps its file (the copy is deleted); running it again moves nothing."""
    report = Relocation()
    for model in apps.get_models():
        for file_field in model._meta.concrete_fields:
            if isinstance(file_field, models.FileField) and isinstance(file_field.upload_to, UploadPath):
                _relocate_field(model, file_field, file_field.upload_to, report, dry_run=dry_run)
    return report


_PAGE = 500


def _relocate_field(
    model: type[models.Model], file_field: models.FileField, path: UploadPath, report: Relocation, *, dry_run: bool
) -> None:
    rows = model._default_manager.exclude(**{file_field.attname: ""}).order_by("pk")
    names = rows.values_list("pk", file_field.attname)
    # Pages by primary key rather than one open cursor: the loop writes to the table it reads.
    page = list(names[:_PAGE])
    while page:
        for pk, name in page:
            if not path.holds(name):
                _relocate_one(model, file_field, path, report, pk, name, dry_run=dry_run)
        page = list(names.filter(pk__gt=page[-1][0])[:_PAGE])


def _relocate_one(
    model: type[models.Model],
    file_field: models.FileField,
    path: UploadPath,
    report: Relocation,
    pk: Any,
    name: str,
    *,
    dry_run: bool,
) -> None:
    storage, label = file_field.storage, model._meta.label
    if not storage.exists(name):
        report.missing.append(f"{label} {pk}: {name}")
        return
    report.moved += 1
    report.by_model[label] = report.by_model.get(label, 0) + 1
    if dry_run:
        return
    with storage.open(name, "rb") as old:
        # max_length: a long name is shortened to fit the column, as FieldFile.save does.
        saved = storage.save(path(None, name.rsplit("/", 1)[-1]), old, max_length=file_field.max_length)
    with transaction.atomic():
        changed = model._default_manager.filter(pk=pk, **{file_field.attname: name}).update(
            **{file_field.attname: saved}
        )
        transaction.on_commit(functools.partial(storage.delete, name if changed else saved))
