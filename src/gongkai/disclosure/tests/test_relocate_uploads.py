"""`gongkai relocate_uploads`: files stored by earlier versions under their uploaders' names
(guessable wherever MEDIA_ROOT was served) move under a random directory each, and still download
through the checked views."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from gongkai.disclosure import services
from gongkai.disclosure.models import Attachment
from gongkai.disclosure.tests.conftest import content, docx
from gongkai.disclosure.tests.test_attachments_public import link, released
from gongkai.foi.models import ReplyAttachment
from gongkai.foi.tests.cases import make_case

pytestmark = pytest.mark.django_db
RANDOM = re.compile(r"(attachments|foi)/\d{4}/\d{2}/[A-Za-z0-9_-]{16}/[^/]+")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def stored_as(model, pk: int, name: str, data: bytes) -> str:
    """Put a row's file where an earlier version stored it (the uploader's name, by month)."""
    saved = default_storage.save(name, ContentFile(data))
    model.objects.filter(pk=pk).update(file=saved)
    return saved


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("relocate_uploads", *args, stdout=out)
    return out.getvalue()


def test_old_names_move_under_a_random_directory_and_still_download(
    staff, org_tree, superuser, django_capture_on_commit_callbacks
):
    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    attachment = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("收费目录清单"))
    data = attachment.file.open("rb").read()
    old = stored_as(Attachment, attachment.pk, "attachments/2024/05/附件1.docx", data)
    item = released(item, staff)
    case = make_case(superuser, org_tree["dept"], "in_progress")
    reply = ReplyAttachment.objects.create(application=case, name="分配表.pdf", media_type="application/pdf", size=3)
    old_reply = stored_as(ReplyAttachment, reply.pk, "foi/2024/05/分配表.pdf", b"pdf")
    gone = ReplyAttachment.objects.create(application=case, name="丢失.pdf", media_type="application/pdf", size=1)
    ReplyAttachment.objects.filter(pk=gone.pk).update(file="foi/2024/05/丢失.pdf")  # its file was lost
    untouched = attachment.file.name  # the new-style copy the service stored first

    planned = run("--dry-run")
    assert "需要移动 2 个文件（disclosure.Attachment 1 个，foi.ReplyAttachment 1 个）。" in planned
    assert f"foi.ReplyAttachment {gone.pk}: foi/2024/05/丢失.pdf" in planned
    assert Attachment.objects.get(pk=attachment.pk).file.name == old  # a dry run moves nothing

    with django_capture_on_commit_callbacks(execute=True):  # the old files go once the rows commit
        assert "已移动 2 个文件" in run()
    moved = Attachment.objects.get(pk=attachment.pk).file.name
    assert RANDOM.fullmatch(moved) and moved.endswith("/附件1.docx")
    assert default_storage.open(moved).read() == data
    assert not default_storage.exists(old)
    moved_reply = ReplyAttachment.objects.get(pk=reply.pk).file.name
    assert RANDOM.fullmatch(moved_reply) and not default_storage.exists(old_reply)
    assert ReplyAttachment.objects.get(pk=gone.pk).file.name == "foi/2024/05/丢失.pdf"
    assert default_storage.exists(untouched)  # a file no row points at is not this command's business
    response = Client().get(link(item, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data

    assert "已移动 0 个文件。" in run()  # again: nothing left to move


def test_more_rows_than_a_page(staff, org_tree, django_capture_on_commit_callbacks):
    from gongkai.core.uploads import _PAGE

    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    count = _PAGE + 2
    names = [default_storage.save(f"attachments/2024/05/附件{i}.pdf", ContentFile(b"%PDF")) for i in range(count)]
    Attachment.objects.bulk_create(
        Attachment(publication=item, file=name, name=name.rsplit("/", 1)[-1], media_type="application/pdf", size=4)
        for name in names
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert f"已移动 {count} 个文件" in run()
    assert all(RANDOM.fullmatch(name) for name in Attachment.objects.values_list("file", flat=True))
    assert not any(default_storage.exists(name) for name in names)
    assert "已移动 0 个文件。" in run()
