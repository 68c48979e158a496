"""Illegal actions, permissions, letters, reminders, tracking, intake help, report counts."""

import datetime
import io

import pytest
from django.core import mail

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.form_tokens import issue_form_token
from gongkai.core.models import AuditEvent
from gongkai.foi import selectors, services
from gongkai.foi.models import Application, ClockEvent, Letter, Reminder
from gongkai.foi.tests.conftest import applicant, request

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db


def _state(app):
    app = Application.objects.get(pk=app.pk)
    return (app.state, app.due_on, app.outcome, ClockEvent.objects.filter(application=app).count())


def test_replying_to_a_withdrawn_case_is_refused_and_changes_nothing(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    services.reply_draft(
        actor=people["officer"],
        application=app,
        details=services.ReplyDetails(outcome="disclosed", provision="电子邮件"),
        today=D("2025-10-09"),
    )
    services.application_withdraw(actor=people["officer"], application=app, note="申请人书面撤回", on=D("2025-10-09"))
    before = _state(app)
    with pytest.raises(Conflict):
        services.application_reply(actor=people["officer"], application=app, on=D("2025-10-10"))
    assert _state(app) == before
    assert before[0] == "withdrawn"


def test_extending_twice_or_beyond_twenty_days_is_refused(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    before = _state(app)
    with pytest.raises(Conflict):
        services.application_extend(
            actor=people["admin"], application=app, working_days=21, reason="x", on=D("2025-10-20")
        )
    assert _state(app) == before
    services.application_extend(
        actor=people["admin"], application=app, working_days=10, reason="需要调档", on=D("2025-10-20")
    )
    after_first = _state(app)
    with pytest.raises(Conflict):
        services.application_extend(
            actor=people["admin"], application=app, working_days=5, reason="x", on=D("2025-10-21")
        )
    assert _state(app) == after_first
    assert Letter.objects.filter(application=app, kind="extension").count() == 1


def test_extension_needs_the_office_head(register, people):
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    with pytest.raises(PermissionDenied):
        services.application_extend(
            actor=people["officer"], application=app, working_days=10, reason="x", on=D("2025-10-20")
        )
    with pytest.raises(NotFound):  # another county's officer does not learn the case exists
        services.application_accept(actor=people["stranger"], application=app)


def test_correction_is_one_notice_only(register, people):
    app = register("2025-09-26")
    services.application_request_correction(
        actor=people["officer"], application=app, items=["年份"], deadline=D("2025-10-20"), on=D("2025-09-29")
    )
    services.application_record_correction(actor=people["officer"], application=app, on=D("2025-10-09"))
    with pytest.raises(Conflict):
        services.application_request_correction(
            actor=people["officer"], application=app, items=["再补"], deadline=D("2025-10-30"), on=D("2025-10-10")
        )


def test_intake_validation_names_every_missing_field(org_tree, people):
    with pytest.raises(ValidationFailed) as exc:
        services.application_register(
            actor=people["officer"],
            org=org_tree["dept"],
            applicant=applicant(name="", id_number="110105194912310021", phone="", email="", address=""),
            request=request(description="", delivery="mail"),
            receipt=services.Receipt("fax", D("2025-09-26")),
            today=D("2025-09-26"),
        )
    assert {"name", "id_number", "phone", "description"} <= set(exc.value.fields)
    with pytest.raises(ValidationFailed) as exc:  # 第三十一条: fax counts from the confirmation
        services.application_register(
            actor=people["officer"],
            org=org_tree["dept"],
            applicant=applicant(),
            request=request(),
            receipt=services.Receipt("fax", D("2025-09-26")),
            today=D("2025-09-26"),
        )
    assert "confirmed_on" in exc.value.fields
    assert Application.objects.count() == 0


def test_signed_letters_are_stored_as_docx_and_pdf(register, people, django_capture_on_commit_callbacks):
    from docx import Document
    from pypdf import PdfReader

    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    draft = services.reply_draft(
        actor=people["officer"],
        application=app,
        details=services.ReplyDetails(outcome="disclosed", provision="以电子邮件发送。"),
        today=D("2025-10-09"),
    )
    services.letter_edit(
        actor=people["officer"], letter=draft, body=draft.body + "\n附件：医疗救助资金分配表（共3页）。"
    )
    with pytest.raises(ValidationFailed):  # the appeal rights may not be edited away
        services.letter_edit(actor=people["officer"], letter=draft, body="予以公开。")
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.application_reply(actor=people["approver"], application=app, on=D("2025-10-09"))
    letter = Letter.objects.get(pk=letter.pk)
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(bytes(letter.docx))).paragraphs)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(letter.pdf))).pages).replace("\n", "")
    for text in (docx_text, pdf_text):
        assert "政府信息公开申请答复书" in text
        assert "县卫健委依申请答复〔2025〕1号" in text
        assert "第三十六条第（二）项" in text and "第三十六条第（一）项" not in text  # issue 14: only what applies
        assert "60日内" in text and "申请行政复议" in text and "6个月内向人民法院提起行政诉讼" in text
        assert "附件：医疗救助资金分配表" in text
    with pytest.raises(Conflict):  # signed: frozen
        services.letter_edit(actor=people["officer"], letter=letter, body=letter.body + "x")


def test_notices_are_letters_too(register, people):
    app = register("2025-09-26")
    letter = services.application_request_correction(
        actor=people["officer"],
        application=app,
        items=["所需信息的年份", "文号"],
        deadline=D("2025-10-20"),
        on=D("2025-09-29"),
    )
    assert letter.number == "县卫健委依申请补正〔2025〕1号"
    assert "1. 所需信息的年份" in letter.body and "视为放弃申请" in letter.body and "第三十条" in letter.body
    services.application_record_correction(actor=people["officer"], application=app, on=D("2025-10-09"))
    consultation = services.application_start_consultation(
        actor=people["officer"], application=app, kind="third_party", party_name="某医药公司", sent_on=D("2025-10-10")
    )
    consult_letter = Letter.objects.get(consultation=consultation)
    assert consult_letter.recipient == "某医药公司" and "15个工作日" in consult_letter.body
    assert "张三" not in consult_letter.body  # the third party never learns who applied


def test_scan_sends_each_reminder_once(register, people):
    people["officer"].email = "officer@example.org"
    people["officer"].save()
    app = register("2025-09-26")
    services.application_accept(actor=people["officer"], application=app, on=D("2025-09-29"))
    first = services.foi_scan(today=D("2025-10-27"))  # due 10-30: 3 WD left
    assert first.reminders == [(app.registration_number, "due_soon")]
    assert services.foi_scan(today=D("2025-10-27")).reminders == []
    overdue = services.foi_scan(today=D("2025-10-31"))
    assert overdue.reminders == [(app.registration_number, "overdue")]
    assert Reminder.objects.filter(application=app).count() == 2
    lists = selectors.cases_by_deadline(actor=people["officer"], today=D("2025-10-31"))
    assert [c.application.pk for c in lists["overdue"]] == [app.pk]
    assert selectors.cases_by_deadline(actor=people["stranger"], today=D("2025-10-31"))["overdue"] == []


def test_scan_command_is_idempotent(register, people, capsys):
    from django.core.management import call_command

    people["officer"].email = "officer@example.org"
    people["officer"].save()
    register("2025-09-26")
    call_command("foi", "scan", "--today", "2025-10-31")
    first = capsys.readouterr().out
    call_command("foi", "scan", "--today", "2025-10-31")
    second = capsys.readouterr().out
    assert "新发提醒 1 条" in first and "新发提醒 0 条" in second


def test_tracking_shows_status_only_and_hides_other_orgs(org_tree):
    token = issue_form_token()
    app, code, _ = services.application_submit(
        org=org_tree["dept"], applicant=applicant(), request=request(), submission_token=token, today=D("2025-09-26")
    )
    status = selectors.track(org=org_tree["dept"], code=code, today=D("2025-09-29"))
    assert status.registration_number == app.registration_number and status.due_on == D("2025-10-30")
    assert "张三" not in repr(status) and ID_NUMBER_FRAGMENT not in repr(status)
    with pytest.raises(NotFound) as wrong:
        selectors.track(org=org_tree["dept"], code=code + "x")
    with pytest.raises(NotFound) as elsewhere:
        selectors.track(org=org_tree["township"], code=code)
    assert wrong.value.message == elsewhere.value.message
    # A resubmission after a lost answer: the same application and the same receipt.
    again, again_code, created = services.application_submit(
        org=org_tree["dept"], applicant=applicant(), request=request(), submission_token=token, today=D("2025-09-26")
    )
    assert again.pk == app.pk and again_code == code and not created
    assert Application.objects.count() == 1


def test_form_tokens_are_the_sites_and_bound_to_the_application(org_tree):
    with pytest.raises(ValidationFailed) as made_up:
        services.application_submit(
            org=org_tree["dept"], applicant=applicant(), request=request(), submission_token="0000000000000001"
        )
    assert made_up.value.code == "token_invalid"
    token = issue_form_token()
    first, code, _ = services.application_submit(
        org=org_tree["dept"], applicant=applicant(), request=request(), submission_token=token, today=D("2025-09-26")
    )
    other = request(description="另一件事：2024年道路维修合同")
    with pytest.raises(Conflict) as reused:
        services.application_submit(
            org=org_tree["township"],
            applicant=applicant(),
            request=other,
            submission_token=token,
            today=D("2025-09-26"),
        )
    assert reused.value.code == "token_reused"
    assert first.registration_number not in reused.value.message and code not in reused.value.message
    assert Application.objects.count() == 1


ID_NUMBER_FRAGMENT = "19491231"


def test_intake_help_finds_repeats_and_published_items(register, people, org_tree, superuser):
    from gongkai.disclosure import services as disclosure

    publication, _ = disclosure.publication_create_draft(
        actor=superuser,
        org=org_tree["dept"],
        content=disclosure.Content(
            title="关于下达2024年城乡居民医疗救助资金的通知",
            kind="notice",
            doc_number="石卫字〔2024〕12号",
            body_html="<p>现将资金下达如下。</p>",
        ),
    )
    disclosure.publication_submit(actor=superuser, publication=publication)
    for _ in range(2):
        disclosure.publication_decide(actor=superuser, publication=publication, decision="approve")
    disclosure.publication_publish(actor=superuser, publication=publication)
    first = register("2025-09-26")
    second = register(
        "2025-10-09", request=request(description="请公开石卫字[2024]12号 2024年城乡居民医疗救助资金分配使用情况")
    )
    assert [c.application.pk for c in selectors.repeat_candidates(second)] == [first.pk]
    matches = selectors.published_matches(second)
    assert [m.pk for m in matches] == [publication.pk] and matches[0].reason == "文号相同"
    assert selectors.published_matches(first)[0].pk == publication.pk  # by title


def test_report_counts_by_applicant_column(register, people, org_tree):
    dept = org_tree["dept"]
    a = register("2025-03-03")
    b = register(
        "2025-12-22",
        applicant=applicant(kind="legal_service_org", name="某律师事务所", id_type="other", id_number="31360000X"),
    )
    services.application_accept(actor=people["officer"], application=a, on=D("2025-03-04"))
    services.reply_draft(
        actor=people["officer"],
        application=a,
        details=services.ReplyDetails(outcome="unavailable_not_held"),
        today=D("2025-03-10"),
    )
    services.application_reply(actor=people["officer"], application=a, on=D("2025-03-10"))
    year = (D("2025-01-01"), D("2025-12-31"))
    assert selectors.received_by_applicant(dept, *year)["total"] == 2
    assert selectors.received_by_applicant(dept, *year)["legal_service_org"] == 1
    assert selectors.open_on_by_applicant(dept, D("2025-12-31")) == {
        **dict.fromkeys(selectors.APPLICANT_KIND_KEYS, 0),
        "legal_service_org": 1,
        "total": 1,
    }
    appeal = services.appeal_record(
        actor=people["officer"], application=a, kind="review", filed_on=D("2025-04-01"), body="石城县人民政府"
    )
    services.appeal_decide(actor=people["officer"], appeal=appeal, result="upheld", decided_on=D("2025-05-20"))
    table = selectors.appeals_by_kind_result(dept, *year)
    assert table["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert selectors.appeals_by_kind_result(dept, D("2025-01-01"), D("2025-05-01"))["review"]["pending"] == 1
    assert b.state == "registered"


def test_transfer_forwards_to_the_responsible_agency(register, people, org_tree):
    app = register("2025-09-26")
    letter, forwarded = services.application_transfer(
        actor=people["officer"],
        application=app,
        agency_name="",
        agency_contact="0797-5700000",
        to_org=org_tree["township"],
        on=D("2025-09-29"),
    )
    assert forwarded is not None and forwarded.org == org_tree["township"] and forwarded.transferred_from == app
    assert forwarded.received_on == D("2025-09-29")
    assert "石城县木兰乡人民政府" in letter.body and "0797-5700000" in letter.body
    assert letter.outcome == "unavailable_not_held"


def test_personal_data_stays_out_of_the_audit_log(register):
    app = register("2025-09-26")
    logged = " ".join(str(e.after) + str(e.before) for e in AuditEvent.objects.filter(object_id=str(app.pk)))
    assert "foi.registered" in set(AuditEvent.objects.values_list("action", flat=True))
    assert "张三" not in logged and ID_NUMBER_FRAGMENT not in logged and mail.outbox == []
