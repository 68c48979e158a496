"""Build an application in any state, and the data each action of the table takes (for the
table-generated tests). Everything goes through the services, as a clerk would."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.foi import services
from gongkai.foi.models import Application, Letter, LetterKind, State
from gongkai.foi.outcomes import NEEDS_EXPIRED_CORRECTION, NEEDS_EXPIRED_FEE
from gongkai.foi.tests.conftest import applicant, request
from gongkai.foi.transitions import Action

D = datetime.date.fromisoformat
RECEIVED = D("2025-09-26")
LATE = D("2025-12-01")  # after the 补正 deadline (10-20) and the fee deadline of a 09-30 notice


def _draft_details(state: str) -> tuple[services.ReplyDetails, datetime.date]:
    if state == State.AWAITING_CORRECTION:
        return services.ReplyDetails(outcome=NEEDS_EXPIRED_CORRECTION), LATE
    if state == State.AWAITING_FEE:
        return services.ReplyDetails(outcome=NEEDS_EXPIRED_FEE), LATE
    return services.ReplyDetails(outcome="disclosed", provision="以电子邮件发送。"), D("2025-10-09")


def make_case(
    actor: Any,
    org: Any,
    state: str,
    *,
    reasons: bool = False,
    accepted: bool = False,
    objection: bool = False,
    mailed: bool = False,
    draft: bool = False,
    reply_file: bool = False,
) -> Application:
    """An application of `org` in `state` (set up by `actor`, who may do everything).

    reasons: 第三十五条 reasons asked on receipt (accepted: and found reasonable); objection: a
    third party consulted and objecting (第三十二条); mailed: the fee notice went by mail;
    reply_file: a file to provide, uploaded on receipt."""
    app, _ = services.application_register(
        actor=actor,
        org=org,
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", RECEIVED),
        today=RECEIVED,
    )
    if reply_file:  # a file to provide, uploaded while the case was open
        services.reply_attachment_add(actor=actor, application=app, upload=docx_upload())
    if reasons or accepted:
        services.application_request_reasons(actor=actor, application=app, note="申请数量较大", on=RECEIVED)
    if accepted:
        services.application_record_reasons(
            actor=actor, application=app, verdict="reasonable", reasons="课题研究需要", on=RECEIVED
        )
    if state == State.AWAITING_CORRECTION:
        services.application_request_correction(
            actor=actor, application=app, items=["年份"], deadline=D("2025-10-20"), on=D("2025-09-29")
        )
    elif state == State.WITHDRAWN:
        services.application_withdraw(actor=actor, application=app, note="书面撤回", on=D("2025-09-29"))
    elif state != State.REGISTERED:
        services.application_accept(actor=actor, application=app, on=D("2025-09-29"))
        if objection:
            consultation = services.application_start_consultation(
                actor=actor, application=app, kind="third_party", party_name="某医药公司", sent_on=D("2025-09-30")
            )
            services.application_end_consultation(
                actor=actor, consultation=consultation, answer="objection", reasons="涉及商业秘密", on=D("2025-10-09")
            )
        if state == State.CONSULTING:
            if draft:  # drafted while 办理中, then a party is consulted
                details, day = _draft_details(State.IN_PROGRESS)
                services.reply_draft(actor=actor, application=app, details=details, today=day)
            services.application_start_consultation(
                actor=actor, application=app, kind="third_party", party_name="某建设公司", sent_on=D("2025-10-09")
            )
        elif state == State.AWAITING_FEE:
            services.application_send_fee_notice(
                actor=actor,
                application=app,
                method="by_page",
                quantity=250,
                payment_method="银行转账",
                delivery="mail" if mailed else "in_person",
                on=D("2025-10-09") if objection else D("2025-09-30"),
            )
        elif state in (State.REPLIED, State.CLOSED):
            details, day = _draft_details(State.IN_PROGRESS)
            if objection:  # 第三十二条: disclosing over the objection, after the written notice
                services.application_notify_third_party(
                    actor=actor, application=app, reasons="公共利益", disclose_on=D("2025-10-10"), on=day
                )
                day = D("2025-10-10")
            services.reply_draft(actor=actor, application=app, details=details, today=day)
            services.application_reply(actor=actor, application=app, on=day)
            if state == State.CLOSED:
                services.application_close(actor=actor, application=app, on=D("2025-10-10"))
    app.refresh_from_db()
    if draft and state in (State.REGISTERED, State.IN_PROGRESS, State.AWAITING_CORRECTION, State.AWAITING_FEE):
        details, day = _draft_details(state)
        services.reply_draft(actor=actor, application=app, details=details, today=day)
    app.refresh_from_db()
    assert app.state == state
    return app


def docx_upload(text: str = "医疗救助资金分配表") -> SimpleUploadedFile:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        "分配表.docx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def prepare(action: str) -> dict[str, bool]:
    """What an action needs beyond its state: reasons asked first, a draft reply."""
    return {
        "reasons": action == Action.RECORD_REASONS,
        "accepted": action == Action.SET_REASONABLE_PERIOD,
        "objection": action == Action.NOTIFY_THIRD_PARTY,
        "mailed": action == Action.RECORD_FEE_DELIVERY,
        "draft": action in (Action.REPLY, Action.EDIT_LETTER),
        "reply_file": action == Action.REMOVE_REPLY_ATTACHMENT,
    }


def action_data(action: str, app: Application, officer: Any) -> dict[str, Any]:
    """The data `APPLICATION.apply(actor, app, action, **data)` takes for a valid request."""
    state = app.state
    draft = Letter.objects.filter(application=app, kind=LetterKind.REPLY, status=Letter.Status.DRAFT).first()
    open_consultation = app.consultations.filter(answered_on__isnull=True).first()
    details, day = _draft_details(state)
    table: dict[str, dict[str, Any]] = {
        Action.ACCEPT: {"on": D("2025-09-30")},
        Action.REQUEST_CORRECTION: {"items": ["年份"], "deadline": D("2025-10-20"), "on": D("2025-09-29")},
        Action.RECORD_CORRECTION: {"on": D("2025-10-09")},
        Action.START_CONSULTATION: {"kind": "co_producer", "party_name": "县财政局", "on": D("2025-10-09")},
        Action.END_CONSULTATION: {
            "consultation_id": open_consultation.pk if open_consultation else 0,
            "answer": "consent",
            "on": D("2025-10-10"),
        },
        Action.EXTEND: {"working_days": 10, "reason": "需要调取档案", "on": D("2025-10-10")},
        Action.REQUEST_REASONS: {"note": "申请数量较大", "on": D("2025-10-10")},
        Action.RECORD_REASONS: {"verdict": "reasonable", "reasons": "课题研究需要", "on": D("2025-10-09")},
        Action.NOTIFY_THIRD_PARTY: {
            "reasons": "不公开可能对公共利益造成重大影响",
            "disclose_on": D("2025-10-20"),
            "on": D("2025-10-10"),
        },
        Action.RECORD_FEE_DELIVERY: {"delivered_on": D("2025-10-09")},
        Action.SET_REASONABLE_PERIOD: {"working_days": 40, "reason": "涉及档案较多", "on": D("2025-10-10")},
        Action.SEND_FEE_NOTICE: {
            "method": "by_page",
            "quantity": 250,
            "payment_method": "银行转账",
            "on": D("2025-10-09"),
        },
        Action.RECORD_PAYMENT: {"on": D("2025-10-10")},
        Action.DRAFT_REPLY: {"details": details, "today": day},
        Action.ADD_REPLY_ATTACHMENT: {"upload": docx_upload()},
        Action.REMOVE_REPLY_ATTACHMENT: {
            "attachment_id": app.reply_attachments.values_list("pk", flat=True).first() or 0
        },
        Action.REPLY: {"on": day},
        Action.CLOSE: {"on": D("2025-10-10")},
        Action.WITHDRAW: {"note": "书面撤回", "on": D("2025-10-10")},
        Action.TRANSFER: {"agency_name": "石城县财政局", "on": D("2025-10-09")},
        Action.ASSIGN: {"officer": officer},
        Action.EDIT_LETTER: {
            "letter_id": draft.pk if draft else 0,
            "body": (draft.body if draft else "") + "\n附：分配表。 行政复议 行政诉讼",
        },
        Action.RECORD_APPEAL: {"kind": "review", "filed_on": D("2025-11-01"), "body": "石城县人民政府"},
    }
    return table[action]
