"""The files provided with a reply can be taken off before it is signed: a file that holds others'
personal data blocks the reply until it is replaced by its redacted copy (第三十七条 区分处理), and
the original must be removable for that. Once signed, the files are what the applicant got."""

import datetime

import pytest
from django.test import Client

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.foi import services
from gongkai.foi.models import ReplyAttachment, State
from gongkai.foi.services.reply import MAX_REPLY_ATTACHMENTS
from gongkai.foi.tests.cases import docx_upload, make_case
from gongkai.foi.transitions import APPLICATION, Action
from gongkai.orgs.services import api_token_create
from gongkai.privacy.tests.helpers import make_id

pytestmark = pytest.mark.django_db

REPLY_DAY = datetime.date(2025, 10, 9)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_file_with_others_personal_data_is_replaced_by_its_redacted_copy_before_the_reply(
    org_tree, people, superuser, django_capture_on_commit_callbacks
):
    officer = people["officer"]
    app = make_case(superuser, org_tree["dept"], State.IN_PROGRESS, draft=True)
    assert Action.REMOVE_REPLY_ATTACHMENT not in {t.action for t in APPLICATION.available_actions(officer, app)}
    raw = services.reply_attachment_add(
        actor=officer, application=app, upload=docx_upload(f"救助对象：李四，身份证号：{make_id()}")
    )
    assert raw.scan_summary["blocking"] == 1
    with pytest.raises(ValidationFailed) as blocked:
        services.application_reply(actor=officer, application=app, on=REPLY_DAY)
    assert blocked.value.code == "scan_findings_unresolved"
    assert "请在办理页删除该文件、上传去标识化后的文件" in blocked.value.message

    stored = raw.file.name
    storage = raw.file.storage
    assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        name = services.reply_attachment_remove(actor=officer, application=app, attachment_id=raw.pk)
    assert name == "分配表.docx"
    assert not ReplyAttachment.objects.filter(pk=raw.pk).exists()
    assert not storage.exists(stored)  # nothing has left the agency: the unredacted copy goes
    event = AuditEvent.objects.get(action="foi.reply_attachment_removed")
    assert (event.after["attachment"], event.after["name"]) == (raw.pk, "分配表.docx")

    services.reply_attachment_add(actor=officer, application=app, upload=docx_upload("救助对象：李*，身份证号：已隐去"))
    letter = services.application_reply(actor=officer, application=app, on=REPLY_DAY)  # no override needed
    assert letter.status == "signed"
    app.refresh_from_db()
    (kept,) = app.reply_attachments.all()
    with pytest.raises(Conflict):  # signed: the files are what the applicant was given
        services.reply_attachment_remove(actor=officer, application=app, attachment_id=kept.pk)
    assert app.reply_attachments.count() == 1


def test_only_the_cases_officers_remove_only_the_cases_files(org_tree, people, superuser):
    app = make_case(superuser, org_tree["dept"], State.IN_PROGRESS)
    other = make_case(superuser, org_tree["dept"], State.IN_PROGRESS)
    mine = services.reply_attachment_add(actor=people["officer"], application=app, upload=docx_upload())
    theirs = services.reply_attachment_add(actor=people["officer"], application=other, upload=docx_upload())
    with pytest.raises(NotFound):  # an FOI officer of another county does not learn the case exists
        services.reply_attachment_remove(actor=people["stranger"], application=app, attachment_id=mine.pk)
    with pytest.raises(PermissionDenied):  # the org's disclosure staff see the case, its officers handle it
        services.reply_attachment_remove(actor=people["approver"], application=app, attachment_id=mine.pk)
    for wrong in (theirs.pk, 0, 2**63):
        with pytest.raises(ValidationFailed) as refused:
            services.reply_attachment_remove(actor=people["officer"], application=app, attachment_id=wrong)
        assert refused.value.code == "attachment_not_found"
    assert ReplyAttachment.objects.count() == 2


def test_a_reply_holds_a_bounded_number_of_files(org_tree, people, superuser):
    app = make_case(superuser, org_tree["dept"], State.IN_PROGRESS)
    row = {"application": app, "name": "a.pdf", "media_type": "application/pdf", "size": 1, "file": "foi/a.pdf"}
    ReplyAttachment.objects.bulk_create([ReplyAttachment(**row) for _ in range(MAX_REPLY_ATTACHMENTS)])
    with pytest.raises(ValidationFailed) as refused:
        services.reply_attachment_add(actor=people["officer"], application=app, upload=docx_upload())
    assert refused.value.code == "attachments_too_many"
    assert ReplyAttachment.objects.count() == MAX_REPLY_ATTACHMENTS


def test_the_case_page_and_the_api_remove_a_reply_file(client, org_tree, people, superuser):
    app = make_case(superuser, org_tree["dept"], State.IN_PROGRESS)
    first = services.reply_attachment_add(actor=people["officer"], application=app, upload=docx_upload())
    officer = Client()
    officer.force_login(people["officer"])
    case = f"/staff/foi/cases/{app.pk}/"
    page = officer.get(case).content.decode()
    assert '<label for="id_remove_reply_attachment_attachment">要删除的答复附件' in page
    assert f'<option value="{first.pk}">分配表.docx</option>' in page
    assert "建议下一步：删除答复附件" not in page  # a side task, never the suggestion

    refused = officer.post(f"{case}remove_reply_attachment/", {"attachment": "999999"}, follow=True)
    assert "该答复附件不存在或已删除。" in refused.content.decode()
    done = officer.post(f"{case}remove_reply_attachment/", {"attachment": str(first.pk)}, follow=True)
    assert "已删除答复附件。" in done.content.decode()
    assert not ReplyAttachment.objects.exists()
    assert "要删除的答复附件" not in done.content.decode()  # nothing left to remove

    second = services.reply_attachment_add(actor=people["officer"], application=app, upload=docx_upload())
    auth = {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=people['officer'], user=people['officer'], name='t')[1]}"
    }
    url = f"/api/v1/staff/foi/applications/{app.pk}/attachments/{second.pk}"
    assert client.delete(url, **auth).status_code == 204
    again = client.delete(url, **auth)
    assert again.status_code == 409  # no file left: the action is not open
    assert again["Content-Type"].startswith("application/problem+json")
