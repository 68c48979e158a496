"""依申请公开 API for staff: the case list, deadlines, the case and every action on it.

A case's ``actions`` are ``APPLICATION.available_actions`` for the token's user: exactly what the
services would accept from them now, and what the back-office page shows.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Router, Status
from ninja.files import UploadedFile

from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.api.foi.schemas import (
    AppealDecisionIn,
    AppealIn,
    AssignIn,
    ConsultationAnswerIn,
    ConsultationIn,
    CorrectionIn,
    DeadlinesOut,
    FeeDeliveryIn,
    FeeNoticeIn,
    LetterEditIn,
    LetterOut,
    OnIn,
    PeriodIn,
    ReasonsRequestIn,
    RecordReasonsIn,
    RegisterIn,
    ReplyAttachmentOut,
    ReplyDraftIn,
    ReplyIn,
    ReviewBodyIn,
    ReviewBodyOut,
    StaffDetail,
    StaffSummary,
    ThirdPartyNoticeIn,
    TransferIn,
)
from gongkai.core.errors import NotFound
from gongkai.foi import permissions, selectors, services
from gongkai.foi.models import Application, Letter
from gongkai.foi.transitions import APPEAL, APPLICATION
from gongkai.orgs.services import organization_get

router = Router(tags=["foi"])
staff = StaffToken()


def _summary(app: Application) -> dict[str, Any]:
    return {
        "id": app.pk,
        "registration_number": app.registration_number,
        "org_id": app.org_id,
        "org_name": app.org.name,
        "state": app.state,
        "state_label": app.get_state_display(),
        "channel": app.channel,
        "applicant_kind": app.applicant_kind,
        "received_on": app.received_on,
        "due_on": app.due_on,
        "outcome": app.outcome,
        "assigned_to": app.assigned_to.get_username() if app.assigned_to else "",
    }


def _letter(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "status": letter.status,
        "number": letter.number,
        "title": letter.title,
        "recipient": letter.recipient,
        "outcome": letter.outcome,
        "body": letter.body,
        "signed_on": letter.signed_on,
    }


def _detail(request: HttpRequest, app: Application) -> dict[str, Any]:
    app = selectors.application_get_for_staff(actor=request.user, pk=app.pk)
    personal = permissions.can_view_applicant_data(request.user, app.org)
    clock = selectors.clock_of(app)
    fee = selectors.fee_notice_of(app)
    return {
        **_summary(app),
        "applicant": (
            {
                "name": app.applicant_name,
                "id_type": app.id_type,
                "id_number": app.id_number,
                "contact_person": app.contact_person,
                "phone": app.phone,
                "email": app.email,
                "address": app.address,
            }
            if personal
            else None
        ),
        "request": (
            {
                "description": app.description,
                "doc_numbers": app.doc_numbers,
                "purpose": app.purpose,
                "info_form": app.info_form,
                "delivery": app.delivery,
            }
            if personal
            else None
        ),
        "receipt_basis": app.receipt_basis,
        "replied_on": app.replied_on,
        "closed_on": app.closed_on,
        "clock": {
            "start": clock.start,
            "working_days": clock.working_days,
            # The stored due date (one source of truth); the derivation gives the explanation.
            "due_on": app.due_on,
            "paused": app.clock_paused,
            "explanation": clock.explanation,
        },
        "events": [
            {"kind": e.kind, "label": e.get_kind_display(), "on": e.on, "data": e.data} for e in app.events.all()
        ],
        "consultations": [
            {
                "id": c.pk,
                "kind": c.kind,
                "party_name": c.party_name,
                "sent_on": c.sent_on,
                "reply_due_on": c.reply_due_on,
                "answered_on": c.answered_on,
                "answer": c.answer,
                "deemed_consent": c.deemed_consent,
                "late": c.late,
                "notified_on": c.notified_on,
                "disclose_on": c.disclose_on,
            }
            for c in app.consultations.all()
        ],
        "fee_notice": (
            {
                "method": fee.method,
                "quantity": fee.quantity,
                "amount": fee.amount,
                "sent_on": fee.sent_on,
                "delivery": fee.delivery,
                "delivered_on": fee.delivered_on,
                "pay_by": fee.pay_by,
                "paid_on": fee.paid_on,
                "status": fee.status,
            }
            if fee
            else None
        ),
        "letters": [_letter(letter) for letter in app.letters.all()],
        "appeals": [
            {
                "id": a.pk,
                "kind": a.kind,
                "filed_on": a.filed_on,
                "body": a.body,
                "result": a.result,
                "actions": actions_of(APPEAL, request.user, a),
            }
            for a in app.appeals.all()
        ],
        "actions": actions_of(APPLICATION, request.user, app),
        "repeat_candidates": (
            [
                {
                    "id": c.application.pk,
                    "registration_number": c.application.registration_number,
                    "similarity": c.similarity,
                }
                for c in selectors.repeat_candidates(app)
            ]
            if personal
            else []
        ),
        "published_matches": [m.__dict__ for m in selectors.published_matches(app)] if personal else [],
    }


def _app(request: HttpRequest, pk: int) -> Application:
    return selectors.application_get_for_staff(actor=request.user, pk=pk)


@router.post(
    "/staff/foi/applications", response={201: StaffDetail}, auth=staff, summary="登记申请（信函、传真、当面、口头等）"
)
def staff_register(request: HttpRequest, payload: RegisterIn) -> Status[dict[str, Any]]:
    org = organization_get(pk=payload.org_id)
    app, _ = services.application_register(
        actor=request.user,
        org=org,
        applicant=services.Applicant(**payload.applicant.dict()),
        request=services.Request(**payload.request.dict()),
        receipt=services.Receipt(
            payload.channel, payload.submitted_on, payload.signed_on, payload.confirmed_on, payload.oral
        ),
    )
    return Status(201, _detail(request, app))


@router.get("/staff/foi/applications", response=list[StaffSummary], auth=staff, summary="申请列表（按期限排序）")
def staff_list(
    request: HttpRequest, org_id: int | None = None, state: str = "", mine: bool = False, open_only: bool = False
) -> list[dict[str, Any]]:
    org = organization_get(pk=org_id) if org_id else None
    qs = selectors.application_list_for_staff(
        actor=request.user, org=org, state=state, officer=request.user if mine else None, open_only=open_only
    )
    return [_summary(a) for a in qs[:500]]


@router.get("/staff/foi/deadlines", response=DeadlinesOut, auth=staff, summary="已逾期和即将到期的申请")
def staff_deadlines(request: HttpRequest, org_id: int | None = None, mine: bool = False) -> dict[str, Any]:
    org = organization_get(pk=org_id) if org_id else None
    lists = selectors.cases_by_deadline(
        actor=request.user, today=timezone.localdate(), org=org, officer=request.user if mine else None
    )
    return {
        key: [{**_summary(c.application), "working_days_left": c.working_days_left} for c in items]
        for key, items in lists.items()
    }


@router.get("/staff/foi/applications/{pk}", response=StaffDetail, auth=staff, summary="申请详情（期限及其计算说明）")
def staff_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(request, _app(request, pk))


@router.post("/staff/foi/applications/{pk}/accept", response=StaffDetail, auth=staff, summary="受理")
def staff_accept(request: HttpRequest, pk: int, payload: OnIn) -> dict[str, Any]:
    return _detail(
        request, services.application_accept(actor=request.user, application=_app(request, pk), on=payload.on)
    )


@router.post(
    "/staff/foi/applications/{pk}/correction", response=LetterOut, auth=staff, summary="告知补正（第三十条，一次性）"
)
def staff_correction(request: HttpRequest, pk: int, payload: CorrectionIn) -> dict[str, Any]:
    letter = services.application_request_correction(
        actor=request.user, application=_app(request, pk), items=payload.items, deadline=payload.deadline, on=payload.on
    )
    return _letter(letter)


@router.post(
    "/staff/foi/applications/{pk}/correction-received",
    response=StaffDetail,
    auth=staff,
    summary="收到补正（期限重新计算）",
)
def staff_corrected(request: HttpRequest, pk: int, payload: OnIn) -> dict[str, Any]:
    app = services.application_record_correction(
        actor=request.user, application=_app(request, pk), on=payload.on, note=payload.note
    )
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/consultations",
    response=StaffDetail,
    auth=staff,
    summary="书面征求第三方或共同制作机关意见",
)
def staff_consult(request: HttpRequest, pk: int, payload: ConsultationIn) -> dict[str, Any]:
    app = _app(request, pk)
    services.application_start_consultation(actor=request.user, application=app, **payload.dict())
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/consultations/{cid}/answer",
    response=StaffDetail,
    auth=staff,
    summary="登记意见结果（同意、不同意、逾期未答复）",
)
def staff_consult_answer(request: HttpRequest, pk: int, cid: int, payload: ConsultationAnswerIn) -> dict[str, Any]:
    app = _app(request, pk)
    consultation = selectors.consultation_of(app, cid)
    services.application_end_consultation(actor=request.user, consultation=consultation, **payload.dict())
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/extension", response=LetterOut, auth=staff, summary="延期答复（一次，≤20个工作日）"
)
def staff_extend(request: HttpRequest, pk: int, payload: PeriodIn) -> dict[str, Any]:
    return _letter(services.application_extend(actor=request.user, application=_app(request, pk), **payload.dict()))


@router.post(
    "/staff/foi/applications/{pk}/reasons-request",
    response=StaffDetail,
    auth=staff,
    summary="要求说明理由（第三十五条，发出告知书）",
)
def staff_reasons(request: HttpRequest, pk: int, payload: ReasonsRequestIn) -> dict[str, Any]:
    app = _app(request, pk)
    services.application_request_reasons(
        actor=request.user, application=app, note=payload.note, reply_by=payload.reply_by, on=payload.on
    )
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/reasons",
    response=StaffDetail,
    auth=staff,
    summary="登记申请人说明的理由及审查结论（第三十五条）",
)
def staff_record_reasons(request: HttpRequest, pk: int, payload: RecordReasonsIn) -> dict[str, Any]:
    app = _app(request, pk)
    services.application_record_reasons(actor=request.user, application=app, **payload.dict())
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/reasonable-period",
    response=StaffDetail,
    auth=staff,
    summary="确定合理期限并告知申请人（第三十五条）",
)
def staff_reasonable_period(request: HttpRequest, pk: int, payload: PeriodIn) -> dict[str, Any]:
    app = _app(request, pk)
    services.application_set_reasonable_period(actor=request.user, application=app, **payload.dict())
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/third-party-notice",
    response=LetterOut,
    auth=staff,
    summary="书面告知不同意公开的第三方决定公开的内容、理由和公开日期（第三十二条）",
)
def staff_third_party_notice(request: HttpRequest, pk: int, payload: ThirdPartyNoticeIn) -> dict[str, Any]:
    letter = services.application_notify_third_party(
        actor=request.user, application=_app(request, pk), **payload.dict()
    )
    return _letter(letter)


@router.post(
    "/staff/foi/applications/{pk}/fee-delivery",
    response=StaffDetail,
    auth=staff,
    summary="登记邮寄收费通知的签收日期（缴费期限自次日起算）",
)
def staff_fee_delivery(request: HttpRequest, pk: int, payload: FeeDeliveryIn) -> dict[str, Any]:
    app = _app(request, pk)
    services.application_record_fee_delivery(actor=request.user, application=app, delivered_on=payload.delivered_on)
    return _detail(request, app)


def _review_body(org: Any) -> dict[str, Any]:
    body = selectors.review_body_of(org)
    setting = selectors.review_body_setting_of(org)
    return {
        "name": body.name,
        "basis": body.basis,
        "source": body.source,
        "vertical_system": setting.vertical_system if setting else "",
        "body_name": setting.body_name if setting else "",
        "reason": setting.reason if setting else "",
    }


@router.get(
    "/staff/foi/orgs/{org_id}/review-body",
    response=ReviewBodyOut,
    auth=staff,
    summary="答复书告知的行政复议机关（按机构层级确定或管理员设置）",
)
def staff_review_body(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = organization_get(pk=org_id)
    if not permissions.can_view_case(request.user, org):
        raise NotFound("未找到该机构。")
    return _review_body(org)


@router.put(
    "/staff/foi/orgs/{org_id}/review-body",
    response=ReviewBodyOut,
    auth=staff,
    summary="设置行政复议机关（垂直领导的机关或更正，须说明理由）",
)
def staff_review_body_set(request: HttpRequest, org_id: int, payload: ReviewBodyIn) -> dict[str, Any]:
    org = organization_get(pk=org_id)
    if not permissions.can_view_case(request.user, org):
        raise NotFound("未找到该机构。")
    services.review_body_set(actor=request.user, org=org, **payload.dict())
    return _review_body(org)


@router.post("/staff/foi/applications/{pk}/fee-notice", response=StaffDetail, auth=staff, summary="发出收费通知")
def staff_fee_notice(request: HttpRequest, pk: int, payload: FeeNoticeIn) -> dict[str, Any]:
    app = _app(request, pk)
    services.application_send_fee_notice(actor=request.user, application=app, **payload.dict())
    return _detail(request, app)


@router.post("/staff/foi/applications/{pk}/fee-payment", response=StaffDetail, auth=staff, summary="登记缴费")
def staff_fee_paid(request: HttpRequest, pk: int, payload: OnIn) -> dict[str, Any]:
    app = _app(request, pk)
    services.application_record_payment(actor=request.user, application=app, on=payload.on)
    return _detail(request, app)


@router.post("/staff/foi/applications/{pk}/reply-draft", response=LetterOut, auth=staff, summary="按办理结果起草答复书")
def staff_reply_draft(request: HttpRequest, pk: int, payload: ReplyDraftIn) -> dict[str, Any]:
    letter = services.reply_draft(
        actor=request.user, application=_app(request, pk), details=services.ReplyDetails(**payload.dict())
    )
    return _letter(letter)


@router.put("/staff/foi/letters/{lid}", response=LetterOut, auth=staff, summary="修改未签发的文书")
def staff_letter_edit(request: HttpRequest, lid: int, payload: LetterEditIn) -> dict[str, Any]:
    return _letter(services.letter_edit(actor=request.user, letter=_letter_get(request, lid), body=payload.body))


def _letter_get(request: HttpRequest, lid: int) -> Letter:
    return selectors.letter_get_for_staff(actor=request.user, pk=lid)


@router.get("/staff/foi/letters/{lid}/file", auth=staff, summary="下载已签发文书（format=pdf 或 docx）")
def staff_letter_file(request: HttpRequest, lid: int, format: str = "pdf") -> HttpResponse:
    letter = services.letter_render_files(letter_id=_letter_get(request, lid).pk)
    if format == "docx":
        response = HttpResponse(
            bytes(letter.docx or b""),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        response = HttpResponse(bytes(letter.pdf or b""), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="letter-{letter.pk}.{"docx" if format == "docx" else "pdf"}"'
    )
    return response


@router.post("/staff/foi/applications/{pk}/reply", response=LetterOut, auth=staff, summary="签发答复书（记录办理结果）")
def staff_reply(request: HttpRequest, pk: int, payload: ReplyIn) -> dict[str, Any]:
    return _letter(
        services.application_reply(
            actor=request.user, application=_app(request, pk), on=payload.on, override_reason=payload.override_reason
        )
    )


@router.post(
    "/staff/foi/applications/{pk}/attachments",
    response={201: ReplyAttachmentOut},
    auth=staff,
    summary="上传答复附件（提供的政府信息；按内容识别类型并检查个人信息）",
)
def staff_reply_attachment(request: HttpRequest, pk: int, file: UploadedFile = File(...)) -> Status[dict[str, Any]]:  # noqa: B008
    attachment = services.reply_attachment_add(actor=request.user, application=_app(request, pk), upload=file)
    return Status(
        201,
        {
            "id": attachment.pk,
            "name": attachment.name,
            "media_type": attachment.media_type,
            "size": attachment.size,
            "scan": attachment.scan_summary,
        },
    )


@router.delete(
    "/staff/foi/applications/{pk}/attachments/{attachment_id}",
    response={204: None},
    auth=staff,
    summary="删除答复附件（签发答复前；如换成去标识化后的文件）",
)
def staff_reply_attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> Status[None]:
    services.reply_attachment_remove(actor=request.user, application=_app(request, pk), attachment_id=attachment_id)
    return Status(204, None)


@router.post("/staff/foi/applications/{pk}/close", response=StaffDetail, auth=staff, summary="办结归档")
def staff_close(request: HttpRequest, pk: int, payload: OnIn) -> dict[str, Any]:
    return _detail(
        request, services.application_close(actor=request.user, application=_app(request, pk), on=payload.on)
    )


@router.post("/staff/foi/applications/{pk}/withdraw", response=StaffDetail, auth=staff, summary="申请人撤回")
def staff_withdraw(request: HttpRequest, pk: int, payload: OnIn) -> dict[str, Any]:
    app = services.application_withdraw(
        actor=request.user, application=_app(request, pk), note=payload.note, on=payload.on
    )
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/transfer",
    response=LetterOut,
    auth=staff,
    summary="告知并转送负责公开的机关（第三十六条第（五）项）",
)
def staff_transfer(request: HttpRequest, pk: int, payload: TransferIn) -> dict[str, Any]:
    to_org = organization_get(pk=payload.to_org_id) if payload.to_org_id else None
    letter, _ = services.application_transfer(
        actor=request.user,
        application=_app(request, pk),
        agency_name=payload.agency_name,
        agency_contact=payload.agency_contact,
        to_org=to_org,
        on=payload.on,
    )
    return _letter(letter)


@router.post("/staff/foi/applications/{pk}/assign", response=StaffDetail, auth=staff, summary="指定经办人")
def staff_assign(request: HttpRequest, pk: int, payload: AssignIn) -> dict[str, Any]:
    # No answer of its own for an unknown id: a missing account and one that is not an officer
    # of this org get the service's one refusal, so ids cannot be probed here.
    officer = get_user_model().objects.filter(pk=payload.user_id).first()
    return _detail(
        request, services.application_assign(actor=request.user, application=_app(request, pk), officer=officer)
    )


@router.post(
    "/staff/foi/applications/{pk}/appeals", response={201: StaffDetail}, auth=staff, summary="登记行政复议、行政诉讼"
)
def staff_appeal(request: HttpRequest, pk: int, payload: AppealIn) -> Status[dict[str, Any]]:
    app = _app(request, pk)
    services.appeal_record(actor=request.user, application=app, **payload.dict())
    return Status(201, _detail(request, app))


@router.post(
    "/staff/foi/applications/{pk}/appeals/{aid}/decision",
    response=StaffDetail,
    auth=staff,
    summary="登记复议、诉讼结果",
)
def staff_appeal_decide(request: HttpRequest, pk: int, aid: int, payload: AppealDecisionIn) -> dict[str, Any]:
    app = _app(request, pk)
    appeal = selectors.appeal_of(app, aid)
    services.appeal_decide(actor=request.user, appeal=appeal, **payload.dict())
    return _detail(request, app)
