"""撤下附件: a public file found to hold personal data leaves the public page, the public API and
the search text at once, by the people who may withdraw the item, with a reason; no later release
brings it back, and the record keeps it."""

import pytest
from django.test import Client

from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent, OutboxEvent
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import Attachment
from gongkai.disclosure.services import PUBLICATION_CHANGED
from gongkai.disclosure.tests.conftest import content, docx
from gongkai.disclosure.tests.test_attachments_public import link, released
from gongkai.disclosure.transitions import PUBLICATION, Action
from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def public_item(staff, org_tree):
    item, _ = services.publication_create_draft(actor=staff["editor"], org=org_tree["dept"], content=content())
    # What the scanner cannot see (a name list; a scanned ID card would be an image) is found later.
    leaked = services.attachment_add(actor=staff["editor"], publication=item, upload=docx("救助对象名单：李四、王五"))
    kept = services.attachment_add(
        actor=staff["editor"], publication=item, upload=docx("救助标准", name="救助标准.docx")
    )
    return released(item, staff), leaked, kept


def test_a_public_file_leaves_the_public_page_at_once_and_stays_off(staff, org_tree):
    item, leaked, kept = public_item(staff, org_tree)
    anonymous = Client()
    assert anonymous.get(link(item, leaked)).status_code == 200
    events = OutboxEvent.objects.filter(topic=PUBLICATION_CHANGED, object_id=str(item.pk)).count()

    services.attachment_take_down(
        actor=staff["approver"], publication=item, attachment_id=leaked.pk, reason="附件含有个人身份证号码"
    )
    assert anonymous.get(link(item, leaked)).status_code == 404
    assert anonymous.get(link(item, kept)).status_code == 200
    assert f'href="{link(item, leaked)}"' not in anonymous.get(f"/info/{item.pk}/").content.decode()
    api = anonymous.get(f"/api/v1/publications/{item.pk}").json()
    assert [a["name"] for a in api["attachments"]] == ["救助标准.docx"]
    (text,) = selectors.public_publication_texts({item.pk})
    assert "救助对象名单" not in text.text and "救助标准" in text.text
    # The search index and the page cache follow the outbox.
    assert OutboxEvent.objects.filter(topic=PUBLICATION_CHANGED, object_id=str(item.pk)).count() == events + 1
    event = AuditEvent.objects.get(action="publication.attachment_taken_down")
    assert (event.after["name"], event.after["reason"]) == ("附件1.docx", "附件含有个人身份证号码")
    leaked.refresh_from_db()
    assert leaked.taken_down_at is not None and leaked.removed_at is not None
    assert leaked.file.storage.exists(leaked.file.name)  # kept for the record

    # The next revision does not bring it back, and the case page says what happened.
    services.publication_edit(actor=staff["editor"], publication=item, content=content(title="第二版"))
    item.refresh_from_db()
    assert [a.pk for a in selectors.working_attachments(item)] == [kept.pk]
    editor = Client()
    editor.force_login(staff["editor"])
    page = editor.get(f"/staff/publications/{item.pk}/").content.decode()
    assert "已撤下：附件含有个人身份证号码" in page
    item = released(item, staff)
    assert anonymous.get(link(item, leaked)).status_code == 404
    assert [a.pk for a in selectors.public_attachments(item)] == [kept.pk]


def test_only_the_withdrawing_roles_take_down_only_public_files_with_a_reason(staff, org_tree):
    item, leaked, _ = public_item(staff, org_tree)
    assert Action.TAKE_DOWN not in {t.action for t in PUBLICATION.available_actions(staff["editor"], item)}
    with pytest.raises(PermissionDenied):  # an editor edits; taking a public file down is the approver's
        services.attachment_take_down(actor=staff["editor"], publication=item, attachment_id=leaked.pk, reason="x")
    for reason, code in (("", "reason_required"), (" " * 3, "reason_required"), ("理" * 501, "reason_too_long")):
        with pytest.raises(ValidationFailed) as refused:
            services.attachment_take_down(
                actor=staff["approver"], publication=item, attachment_id=leaked.pk, reason=reason
            )
        assert refused.value.code == code
    draft, _ = services.publication_create_draft(
        actor=staff["editor"], org=org_tree["dept"], content=content(title="草稿", doc_number="")
    )
    unpublished = services.attachment_add(actor=staff["editor"], publication=draft, upload=docx("草稿附件"))
    with pytest.raises(ValidationFailed) as refused:  # another item's file, or one not public
        services.attachment_take_down(
            actor=staff["approver"], publication=item, attachment_id=unpublished.pk, reason="错误文件"
        )
    assert refused.value.code == "attachment_not_found"
    with pytest.raises(Conflict):  # a draft never published has nothing public to take down
        services.attachment_take_down(
            actor=staff["approver"], publication=draft, attachment_id=unpublished.pk, reason="错误文件"
        )
    assert not Attachment.objects.filter(taken_down_at__isnull=False).exists()


def test_the_case_page_and_the_api_take_a_file_down(client, staff, org_tree, make_user):
    item, leaked, kept = public_item(staff, org_tree)
    approver = Client()
    approver.force_login(staff["approver"])
    page = approver.get(f"/staff/publications/{item.pk}/").content.decode()
    assert '<label for="id_take_down_attachment_attachment">要撤下的附件' in page
    assert f'<option value="{leaked.pk}">附件1.docx</option>' in page
    url = f"/staff/publications/{item.pk}/actions/take_down_attachment/"
    refused = approver.post(url, {"attachment": str(leaked.pk), "reason": ""})
    assert refused.status_code == 422
    assert "这个字段是必填项。" in refused.content.decode()
    done = approver.post(url, {"attachment": str(leaked.pk), "reason": "含个人信息"}, follow=True)
    assert "附件已从公开页面撤下。" in done.content.decode()
    assert Client().get(link(item, leaked)).status_code == 404

    admin = make_user("api-admin", org=org_tree["county"], role=Role.ADMIN)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=admin, user=admin, name='t')[1]}"}
    api = f"/api/v1/staff/publications/{item.pk}/attachments/{kept.pk}/take-down"
    answer = client.post(api, data={"reason": "文件有误"}, content_type="application/json", **auth)
    assert answer.status_code == 200, answer.content
    listed = {a["id"]: (a["public"], a["removed"]) for a in answer.json()["attachments"]}
    assert listed == {leaked.pk: (False, True), kept.pk: (False, True)}
    assert "take_down_attachment" not in {a["action"] for a in answer.json()["actions"]}  # none left
    again = client.post(api, data={"reason": "文件有误"}, content_type="application/json", **auth)
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")
