"""Uploads are served by the application, never straight from MEDIA_ROOT.

MEDIA_ROOT holds drafts' attachments before their privacy review, FOI reply attachments meant
for one applicant, supervision evidence and the files of 有条件开放 datasets. A web server that
served the directory would publish all of them to anyone who guesses a name (the names are the
uploaders' own, 附件1.pdf). Each public page links to a view of its app that checks, through the
app's selector, that the file is part of what is public, and then sends it with this helper.
"""

from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from gongkai.core.errors import NotFound

# What a browser may do with a downloaded file: save it. `sandbox` keeps an HTML or SVG upload
# that slipped past the type checks from running script in the site's origin if opened inline.
_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox", "Cache-Control": "no-cache"}


def send_upload(file: FieldFile, *, name: str, media_type: str) -> FileResponse:
    """The stored file as a download named `name` (the name it was uploaded with)."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):  # lost from storage, or a record without a file
        raise NotFound("未找到该文件。") from None
    response = FileResponse(
        handle, as_attachment=True, filename=name or "附件", content_type=media_type or "application/octet-stream"
    )
    for header, value in _HEADERS.items():
        response[header] = value
    return response


def send_one_of(uploads: QuerySet[Any], pk: int) -> FileResponse:
    """The upload `pk` among `uploads`, a record's files that the caller's selector already let
    the actor see (one 404 for another record's file and for none)."""
    item = uploads.filter(pk=pk).first()
    if item is None:
        raise NotFound("未找到该文件。")
    return send_upload(item.file, name=item.name, media_type=item.media_type)
