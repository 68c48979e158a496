"""Removing an attachment: an edit of the draft like adding one. A public attachment stays on the
public page, in the public API and in the search text until the revision that removes it is
reviewed and released (先审后发); the file is kept for the record."""

import pytest
from django.test import Client

from gongkai.core.errors import Conflict, NotFound, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import Attachment
from gongkai.disclosure.services.drafting import MAX_ATTACHMENT_ROWS, MAX_ATTACHMENTS
from gongkai.disclosure.tests.conftest import content, docx
from gongkai.disclosure.tests.test_attachments_public import link, released
from gongkai.disclosure.transitions import PUBLICATION, Action
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def actions(actor, item) -> set[str]:
    return {t.action for t in PUBLICATION.available_actions(actor, item)}


def public_item_with(staff, org_tree, text: str):
    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    attachment = services.attachment_add(actor=staff["editor"], publication=item, upload=docx(text))
    return released(item, staff), attachment


def test_a_drafts_attachment_is_removed_from_the_draft_and_kept_for_the_record(staff, org_tree):
    item, _ = services.publication_create_draft(
        actor=staff["editor"], org=org_tree["dept"], content=content(body_html="")
    )
    assert Action.DETACH not in actions(staff["editor"], item)  # nothing to remove
    attachment = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("收费目录清单"))
    item.refresh_from_db()
    assert Action.DETACH in actions(staff["editor"], item)

    services.attachment_remove(actor=staff["editor"], publication=item, attachment_id=attachment.pk)
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert attachment.removed_by == staff["editor"]
    assert attachment.file.storage.exists(attachment.file.name)
    assert list(selectors.working_attachments(item)) == []
    assert selectors.attachment_rows(item) == []
    event = AuditEvent.objects.get(action="publication.attachment_removed")
    assert event.after["name"] == "附件1.docx"
    # With neither body nor attachment left, the draft cannot go to review.
    with pytest.raises(ValidationFailed) as refused:
        services.publication_submit(actor=staff["editor"], publication=item)
    assert refused.value.code == "publication_empty"
    with pytest.raises(Conflict):  # no attachment left to remove: the action is not open
        services.attachment_remove(actor=staff["editor"], publication=item, attachment_id=attachment.pk)


def test_a_public_attachment_leaves_the_public_page_when_the_removing_revision_is_released(staff, org_tree):
    item, attachment = public_item_with(staff, org_tree, "二〇二五年收费目录清单附表")
    services.publication_edit(actor=staff["editor"], publication=item, content=content(title="第二版"))
    item.refresh_from_db()
    second = services.attachment_add(
        actor=staff["editor"], publication=item, upload=docx("补充说明", name="补充说明.docx")
    )
    services.attachment_remove(actor=staff["editor"], publication=item, attachment_id=attachment.pk)
    item.refresh_from_db()

    anonymous = Client()
    assert anonymous.get(link(item, attachment)).status_code == 200  # the published revision still holds it
    assert f'href="{link(item, attachment)}"' in anonymous.get(f"/info/{item.pk}/").content.decode()
    (text,) = selectors.public_publication_texts({item.pk})
    assert "收费目录清单附表" in text.text
    rows = {row.attachment.pk: (row.removed, row.public_now, row.status) for row in selectors.attachment_rows(item)}
    assert rows == {
        attachment.pk: (True, True, "已删除，本版发布后从公开页面撤下"),
        second.pk: (False, False, "本版发布后公开"),
    }
    editor = Client()
    editor.force_login(staff["editor"])
    page = editor.get(f"/staff/publications/{item.pk}/").content.decode()
    assert "已删除，本版发布后从公开页面撤下" in page
    assert "本版发布后公开" in page

    item = released(item, staff)
    assert anonymous.get(link(item, attachment)).status_code == 404
    assert anonymous.get(link(item, second)).status_code == 200
    assert f'href="{link(item, attachment)}"' not in anonymous.get(f"/info/{item.pk}/").content.decode()
    api = anonymous.get(f"/api/v1/publications/{item.pk}").json()
    assert [a["name"] for a in api["attachments"]] == ["补充说明.docx"]
    assert api["attachments"][0]["url"] == link(item, second)
    (text,) = selectors.public_publication_texts({item.pk})
    assert "收费目录清单附表" not in text.text
    assert "补充说明" in text.text
    assert [(r.attachment.pk, r.status) for r in selectors.attachment_rows(item)] == [(second.pk, "已公开")]
    # Reviewers still download what was published before (the record), from the case page's link.
    reviewer = Client()
    reviewer.force_login(staff["reviewer"])
    assert reviewer.get(f"/staff/publications/{item.pk}/attachments/{attachment.pk}/").status_code == 200

    # The revision diff names the change.
    diff = editor.get(f"/staff/publications/{item.pk}/diff/?a=1&b=2").content.decode()
    assert '<th scope="row">附件</th>' in diff
    assert "<td><del>附件1.docx</del></td><td><ins>补充说明.docx</ins></td>" in diff


def test_removal_is_an_edit_of_the_draft_for_its_editors_only(staff, org_tree):
    item, attachment = public_item_with(staff, org_tree, "收费目录清单")
    with pytest.raises(Conflict):  # published: an edit first starts a new revision
        services.attachment_remove(actor=staff["editor"], publication=item, attachment_id=attachment.pk)
    services.publication_edit(actor=staff["editor"], publication=item, content=content(title="第二版"))
    item.refresh_from_db()
    with pytest.raises(NotFound):  # another org's editor does not learn the draft exists
        services.attachment_remove(actor=staff["other_editor"], publication=item, attachment_id=attachment.pk)
    other, _ = services.publication_create_draft(
        actor=staff["editor"], org=org_tree["dept"], content=content(title="另一条", doc_number="")
    )
    theirs = services.attachment_add(actor=staff["editor"], publication=other, upload=docx("另一条的附件"))
    for wrong in (theirs.pk, 0, 2**63):
        with pytest.raises(ValidationFailed) as refused:
            services.attachment_remove(actor=staff["editor"], publication=item, attachment_id=wrong)
        assert refused.value.code == "attachment_not_found"
        assert "attachment" in refused.value.fields
    assert Attachment.objects.filter(removed_at__isnull=False).count() == 0
    services.publication_submit(actor=staff["editor"], publication=item)
    item.refresh_from_db()
    with pytest.raises(Conflict):  # in review: the reviewers read what was submitted
        services.attachment_remove(actor=staff["editor"], publication=item, attachment_id=attachment.pk)


def test_the_case_page_removes_an_attachment_and_shows_a_refusal_beside_the_field(staff, org_tree):
    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    first = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("一"))
    editor = Client()
    editor.force_login(staff["editor"])
    page = editor.get(f"/staff/publications/{item.pk}/").content.decode()
    assert '<label for="id_detach_attachment">要删除的附件' in page
    assert f'<option value="{first.pk}">附件1.docx</option>' in page
    url = f"/staff/publications/{item.pk}/actions/detach/"

    refused = editor.post(url, {"attachment": "999999"})
    assert refused.status_code == 422
    assert "请选择本信息的附件。" in refused.content.decode()
    assert editor.post(url, {"attachment": "x"}).status_code == 422
    assert Attachment.objects.get(pk=first.pk).removed_at is None

    done = editor.post(url, {"attachment": str(first.pk)}, follow=True)
    assert "附件已删除。" in done.content.decode()
    assert Attachment.objects.get(pk=first.pk).removed_at is not None
    assert 'action="' + url not in done.content.decode()  # nothing left to remove: no form

    reviewer = Client()
    reviewer.force_login(staff["reviewer"])  # not the draft's editor
    second = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("二"))
    assert reviewer.post(url, {"attachment": str(second.pk)}).status_code == 403
    assert Attachment.objects.get(pk=second.pk).removed_at is None


def test_an_items_attachments_are_bounded(staff, org_tree):
    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    row = {"publication": item, "name": "a.pdf", "media_type": "application/pdf", "size": 1, "file": "x/a.pdf"}
    Attachment.objects.bulk_create([Attachment(**row) for _ in range(MAX_ATTACHMENTS)])
    with pytest.raises(ValidationFailed) as refused:
        services.attachment_add(actor=staff["editor"], publication=item, upload=docx("再一个"))
    assert refused.value.code == "attachments_too_many"
    assert Attachment.objects.filter(publication=item).count() == MAX_ATTACHMENTS
    # Removed ones make room in the draft, up to a bound on the rows kept for the record.
    Attachment.objects.filter(publication=item).update(removed_at="2026-01-05T08:00:00Z")
    services.attachment_add(actor=staff["editor"], publication=item, upload=docx("再一个"))
    extra = MAX_ATTACHMENT_ROWS - MAX_ATTACHMENTS - 1
    Attachment.objects.bulk_create([Attachment(**row, removed_at="2026-01-05T08:00:00Z") for _ in range(extra)])
    with pytest.raises(ValidationFailed) as refused:
        services.attachment_add(actor=staff["editor"], publication=item, upload=docx("又一个"))
    assert refused.value.code == "attachments_too_many"
    assert "含已删除的" in refused.value.message


def test_the_staff_api_lists_and_removes_attachments(client, staff, org_tree, make_user):
    item, attachment = public_item_with(staff, org_tree, "收费目录清单")
    services.publication_edit(actor=staff["editor"], publication=item, content=content(title="第二版"))
    editor = make_user("api-remover", org=org_tree["dept"], role=Role.EDITOR)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=editor, user=editor, name='t')[1]}"}
    url = f"/api/v1/staff/publications/{item.pk}"
    listed = client.get(url, **auth).json()["attachments"]
    assert listed == [
        {
            "id": attachment.pk,
            "name": "附件1.docx",
            "media_type": attachment.media_type,
            "size": attachment.size,
            "public": True,
            "removed": False,
        }
    ]
    assert client.delete(f"{url}/attachments/{attachment.pk}", **auth).status_code == 204
    after = client.get(url, **auth).json()
    assert [(a["public"], a["removed"]) for a in after["attachments"]] == [(True, True)]
    assert "detach" not in {a["action"] for a in after["actions"]}
    again = client.delete(f"{url}/attachments/{attachment.pk}", **auth)
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")
    services.attachment_add(actor=editor, publication=item, upload=docx("新附件"))
    missing = client.delete(f"{url}/attachments/{attachment.pk}", **auth)
    assert missing.status_code == 422
    assert missing.json()["code"] == "attachment_not_found"
