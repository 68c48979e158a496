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


def test_a_consultations_attachment_is_served_once_it_is_public(staff, org_tree, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    item = services.consultation_create(
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
