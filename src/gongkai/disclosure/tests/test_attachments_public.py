"""Attachments reach the public through a view that checks they are part of the public text:
never straight from MEDIA_ROOT, never a draft's, never one added to a revision not yet released."""

import re

import pytest
from django.test import Client

from gongkai.disclosure import selectors, services
from gongkai.disclosure.tests.conftest import content, docx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def released(publication, staff):
    services.publication_submit(actor=staff["editor"], publication=publication)
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=staff["approver"], publication=publication, decision="approve")
    return services.publication_publish(actor=staff["approver"], publication=publication)


def link(item, attachment) -> str:
    return f"/info/{item.pk}/attachments/{attachment.pk}/"


def test_a_drafts_attachment_is_not_public_and_a_released_one_is_served_by_the_app(staff, org_tree):
    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    attachment = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("收费目录清单"))
    # Stored under a random directory of its own, with the uploader's name kept for the download.
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[A-Za-z0-9_-]{16}/附件1\.docx", attachment.file.name)
    anonymous = Client()
    refused = anonymous.get(link(item, attachment))
    assert refused.status_code == 404
    assert "未找到该信息" in refused.content.decode()
    assert anonymous.get(f"/media/{attachment.file.name}").status_code == 404  # MEDIA_ROOT is not served

    released(item, staff)
    response = anonymous.get(link(item, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()
    assert response["Content-Type"] == attachment.media_type
    assert "attachment;" in response["Content-Disposition"]
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E9%99%84%E4%BB%B61.docx"  # 附件1.docx
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    page = anonymous.get(f"/info/{item.pk}/").content.decode()
    assert f'href="{link(item, attachment)}"' in page
    assert "/media/" not in page
    api = anonymous.get(f"/api/v1/publications/{item.pk}").json()
    assert [a["url"] for a in api["attachments"]] == [link(item, attachment)]


def test_an_attachment_added_to_a_new_revision_waits_for_its_release(staff, org_tree):
    item = released(
        services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())[0], staff
    )
    services.publication_edit(actor=staff["editor"], publication=item, content=content(title="第二版"))
    item.refresh_from_db()
    added = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("尚未审核的附件内容"))
    anonymous = Client()
    assert anonymous.get(link(item, added)).status_code == 404
    assert "附件1.docx" not in anonymous.get(f"/info/{item.pk}/").content.decode()
    assert anonymous.get(f"/api/v1/publications/{item.pk}").json()["attachments"] == []
    (text,) = selectors.public_publication_texts({item.pk})
    assert "尚未审核的附件内容" not in text.text  # nor in the search index

    released(item, staff)
    assert anonymous.get(link(item, added)).status_code == 200
    (text,) = selectors.public_publication_texts({item.pk})
    assert "尚未审核的附件内容" in text.text


def test_one_answer_for_another_items_attachment_a_missing_one_and_a_withdrawn_item(staff, org_tree):
    one = released(
        services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())[0], staff
    )
    other, _ = services.publication_create_draft(
        actor=staff["editor"], org=org_tree["dept"], content=content(title="另一条信息", doc_number="")
    )
    theirs = services.attachment_add(actor=staff["editor"], publication=other, upload=docx("草稿附件"))
    anonymous = Client()
    wrong, missing = anonymous.get(link(one, theirs)), anonymous.get(f"/info/{one.pk}/attachments/999999/")
    assert wrong.status_code == missing.status_code == 404
    assert "未找到该附件" in wrong.content.decode()
    assert "未找到该附件" in missing.content.decode()
    services.publication_withdraw(actor=staff["approver"], publication=one, reason="已过期")
    assert anonymous.get(link(one, theirs)).status_code == 410


def test_reviewers_download_a_drafts_attachment_from_its_case_page_and_others_do_not(staff, org_tree):
    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    attachment = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("收费目录清单"))
    url = f"/staff/publications/{item.pk}/attachments/{attachment.pk}/"
    reviewer = Client()
    reviewer.force_login(staff["reviewer"])
    assert f'href="{url}"' in reviewer.get(f"/staff/publications/{item.pk}/").content.decode()
    response = reviewer.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()
    outsider = Client()
    outsider.force_login(staff["other_editor"])  # a township's editor: another org's draft
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page
