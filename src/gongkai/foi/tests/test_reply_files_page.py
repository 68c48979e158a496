"""The officer uploads the information to provide on the case page (a side task, never the
suggested step); it is listed with what the scan found and downloads for the case's staff only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.foi.models import ReplyAttachment
from gongkai.foi.tests.cases import docx_upload

pytestmark = pytest.mark.django_db


def test_the_officer_uploads_and_downloads_the_information_to_provide(register, people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    app = register()
    officer = Client()
    officer.force_login(people["officer"])
    case = f"/staff/foi/cases/{app.pk}/"
    page = officer.get(case).content.decode()
    assert "上传答复附件" in page and 'enctype="multipart/form-data"' in page
    assert "建议下一步：上传答复附件" not in page

    refused = officer.post(
        f"{case}add_reply_attachment/", {"file": SimpleUploadedFile("分配表.pdf", b"MZ\x90\x00 not a pdf")}, follow=True
    )
    assert ReplyAttachment.objects.count() == 0
    assert '<p class="message error">只接受 PDF、DOCX、XLSX 和图片' in refused.content.decode()

    done = officer.post(f"{case}add_reply_attachment/", {"file": docx_upload()}, follow=True)
    (item,) = ReplyAttachment.objects.all()
    text = done.content.decode()
    assert "已上传答复附件。" in text
    link = f"/staff/foi/cases/{app.pk}/reply-files/{item.pk}/"
    assert f'href="{link}"' in text and "未发现个人信息" in text
    response = officer.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == item.file.open("rb").read()

    stranger = Client()
    stranger.force_login(people["stranger"])  # an FOI officer of another county
    assert stranger.get(link).status_code == 404
    assert Client().get(link).status_code == 302
