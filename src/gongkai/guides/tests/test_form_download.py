"""A guide's forms (申请表、示范文本) download from the published guide, through a view that
checks it; a draft version's forms do not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.guides import services
from gongkai.guides.models import VersionState
from gongkai.privacy.tests.pdf import make_pdf

pytestmark = pytest.mark.django_db
PDF = make_pdf(["Draft explanation: three articles."])


def test_a_form_is_served_from_the_published_guide_only(guide_in, superuser, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    version = guide_in(VersionState.DRAFT)
    form = services.form_add(actor=superuser, version=version, upload=SimpleUploadedFile("申请表.pdf", PDF))
    url = f"/guides/{version.item_id}/forms/{form.pk}/"
    anonymous = Client()
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(f"/media/{form.file.name}").status_code == 404

    services.version_publish(actor=superuser, version=version)
    response = anonymous.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment;" in response["Content-Disposition"]
    assert f'href="{url}"' in anonymous.get(f"/guides/{version.item_id}/").content.decode()
    assert anonymous.get(f"/guides/{version.item_id + 1}/forms/{form.pk}/").status_code == 404

    # A new draft's form is not the published guide's.
    draft = services.version_new_draft(actor=superuser, item=version.item)
    later = services.form_add(actor=superuser, version=draft, upload=SimpleUploadedFile("新表.pdf", PDF))
    assert anonymous.get(f"/guides/{version.item_id}/forms/{later.pk}/").status_code == 404
