"""A consultation's attachments (起草说明, the draft as a file) download from the consultation's
page once it is public, through a view that checks it; a draft's do not."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.participation import services
from gongkai.participation.services import ConsultationInput
from gongkai.privacy.tests.pdf import make_pdf

pytestmark = pytest.mark.django_db
PDF = make_pdf(["Draft explanation: three articles."])


def draft_consultation(staff, org_tree):
    return services.consultation_create(
        actor=staff["editor"],
        org=org_tree["dept"],
        data=ConsultationInput(
            title="石城县城区养犬管理规定（征求意见稿）",
            draft_type="normative",
            draft_html="<p>第一条 为了规范养犬行为，制定本规定。</p>",
            explanation_html="<p>起草说明</p>",
            channels="信函请寄至：石城县卫生健康委员会",
            starts_on=datetime.date(2025, 9, 26),
            ends_on=datetime.date(2025, 10, 13),
        ),
    )


def test_a_consultations_attachment_is_served_once_it_is_public(staff, org_tree, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    item = draft_consultation(staff, org_tree)
    attachment = services.consultation_attach(
        actor=staff["editor"], consultation=item, upload=SimpleUploadedFile("起草说明.pdf", PDF)
    )
    url = f"/consultations/{item.pk}/attachments/{attachment.pk}/"
    anonymous = Client()
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(f"/media/{attachment.file.name}").status_code == 404

    opened = services.consultation_open(actor=staff["approver"], consultation=item, today=datetime.date(2025, 9, 26))
    response = anonymous.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert f'href="{url}"' in anonymous.get(f"/consultations/{opened.pk}/").content.decode()
    assert [a["url"] for a in anonymous.get(f"/api/v1/consultations/{opened.pk}").json()["attachments"]] == [url]
    assert anonymous.get(f"/consultations/{opened.pk}/attachments/{attachment.pk + 1}/").status_code == 404


def test_a_draft_consultations_file_is_removed_from_its_page_before_publication(
    staff, org_tree, settings, tmp_path, django_capture_on_commit_callbacks
):
    from gongkai.core.errors import Conflict
    from gongkai.participation.models import ConsultationAttachment

    settings.MEDIA_ROOT = str(tmp_path)
    item = draft_consultation(staff, org_tree)
    wrong = services.consultation_attach(
        actor=staff["editor"], consultation=item, upload=SimpleUploadedFile("旧稿.pdf", PDF)
    )
    editor = Client()
    editor.force_login(staff["editor"])
    page = editor.get(f"/staff/participation/consultations/{item.pk}/").content.decode()
    assert f'<option value="{wrong.pk}">旧稿.pdf</option>' in page
    # The drafters open what they uploaded from the page; others do not learn it exists.
    download = f"/staff/participation/consultations/{item.pk}/attachments/{wrong.pk}/"
    assert f'href="{download}"' in page
    response = editor.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    outsider = Client()
    outsider.force_login(staff["sibling_admin"])
    assert outsider.get(download).status_code == 404
    url = f"/staff/participation/consultations/{item.pk}/do/detach/"
    refused = editor.post(url, {"attachment": str(wrong.pk + 1000)})
    assert refused.status_code == 422
    assert "请选择本征求意见的附件。" in refused.content.decode()

    stored, storage = wrong.file.name, wrong.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        done = editor.post(url, {"attachment": str(wrong.pk)}, follow=True)
    assert "附件已删除。" in done.content.decode()
    assert not ConsultationAttachment.objects.exists()
    assert not storage.exists(stored)  # never public: the file goes with its row

    kept = services.consultation_attach(
        actor=staff["editor"], consultation=item, upload=SimpleUploadedFile("起草说明.pdf", PDF)
    )
    services.consultation_open(actor=staff["approver"], consultation=item, today=datetime.date(2025, 9, 26))
    item.refresh_from_db()
    with pytest.raises(Conflict):  # published: the public comments on the files as they are
        services.consultation_detach(actor=staff["editor"], consultation=item, attachment_id=kept.pk)
    assert ConsultationAttachment.objects.filter(pk=kept.pk).exists()
