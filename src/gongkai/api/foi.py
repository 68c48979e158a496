"""依申请公开 through the API: public apply and tracking, and the whole workflow for staff."""

import datetime
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_ratelimit.core import is_ratelimited
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from gongkai.api.auth import StaffToken
from gongkai.core.errors import ApplicationError, NotFound, ValidationFailed
from gongkai.foi import permissions, selectors, services, transitions
from gongkai.foi.fees import FeeError, fee_quote
from gongkai.foi.models import Appeal, Application, Consultation, Letter
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get

router = Router(tags=["foi"])
staff = StaffToken()

APPLY_RATE = "5/h"  # per IP, portal form and API together (group "foi-apply")


class TooManyRequests(ApplicationError):
    http_status: ClassVar[int] = 429
    default_code: ClassVar[str] = "rate_limited"
    default_message: ClassVar[str] = "提交过于频繁，请稍后再试。"


# --- schemas -------------------------------------------------------------------------------------


class ApplicantIn(Schema):
    kind: str
    name: str
    id_type: str
    id_number: str
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


class RequestIn(Schema):
    description: str
    info_form: str
    delivery: str
    doc_numbers: str = ""
    purpose: str = ""


class PublicApplyIn(Schema):
    applicant: ApplicantIn
    request: RequestIn
    submission_token: str = ""


class ApplyOut(Schema):
    registration_number: str
    tracking_code: str | None
    received_on: datetime.date
    due_on: datetime.date | None
    repeated_submission: bool


class TrackOut(Schema):
    registration_number: str
    org_name: str
    state: str
    state_label: str
    received_on: datetime.date
    due_on: datetime.date | None
    due_explanation: list[str]
    paused: bool
    replied_on: datetime.date | None
    closed_on: datetime.date | None
    outcome_label: str
    events: list[dict[str, Any]]


class FeeOut(Schema):
    method: str
    quantity: int
    already_this_month: int
    amount: int
    explanation: list[str]


class RegisterIn(Schema):
    org_id: int
    channel: str
    submitted_on: datetime.date
    signed_on: datetime.date | None = None
    confirmed_on: datetime.date | None = None
    oral: bool = False
    applicant: ApplicantIn
    request: RequestIn


class StaffSummary(Schema):
    id: int
    registration_number: str
    org_id: int
    org_name: str
    state: str
    state_label: str
    channel: str
    applicant_kind: str
    received_on: datetime.date
    due_on: datetime.date | None
    outcome: str
    assigned_to: str


class StaffDetail(StaffSummary):
    applicant: dict[str, Any] | None
    request: dict[str, Any] | None
    receipt_basis: str
    replied_on: datetime.date | None
    closed_on: datetime.date | None
    clock: dict[str, Any]
    events: list[dict[str, Any]]
    consultations: list[dict[str, Any]]
    fee_notice: dict[str, Any] | None
    letters: list[dict[str, Any]]
    appeals: list[dict[str, Any]]
    actions: list[str]
    repeat_candidates: list[dict[str, Any]]
    published_matches: list[dict[str, Any]]


class OnIn(Schema):
    on: datetime.date | None = None
    note: str = ""


class CorrectionIn(Schema):
    items: list[str]
    deadline: datetime.date
    on: datetime.date | None = None


class ConsultationIn(Schema):
    kind: str
    party_name: str
    party_address: str = ""
    matter: str = ""
    sent_on: datetime.date | None = None


class ConsultationAnswerIn(Schema):
    answer: str
    on: datetime.date | None = None
    reasons: str = ""


class PeriodIn(Schema):
    working_days: int
    reason: str
    on: datetime.date | None = None


class FeeNoticeIn(Schema):
    method: str
    quantity: int
    payment_method: str
    on: datetime.date | None = None


class ReplyDraftIn(Schema):
    outcome: str
    provision: str = ""
    published_url: str = ""
    reasons: str = ""
    withheld_ground: str = ""
    responsible_agency: str = ""
    responsible_contact: str = ""
    legal_basis: str = ""


class LetterEditIn(Schema):
    body: str


class LetterOut(Schema):
    id: int
    kind: str
    status: str
    number: str
    title: str
    recipient: str
    outcome: str
    body: str
    signed_on: datetime.date | None


class TransferIn(Schema):
    agency_name: str = ""
    agency_contact: str = ""
    to_org_id: int | None = None
    on: datetime.date | None = None


class AssignIn(Schema):
    user_id: int


class AppealIn(Schema):
    kind: str
    filed_on: datetime.date
    body: str
    case_number: str = ""
    note: str = ""


class AppealDecisionIn(Schema):
    result: str
    decided_on: datetime.date


class DeadlinesOut(Schema):
    overdue: list[dict[str, Any]]
    due_soon: list[dict[str, Any]]


# --- public --------------------------------------------------------------------------------------


@router.post(
    "/foi/{org_slug}/applications",
    response={201: ApplyOut, 200: ApplyOut},
    summary="提交政府信息公开申请（同一 submission_token 重复提交只生成一件；同一地址每小时限5次）",
)
def public_apply(request: HttpRequest, org_slug: str, payload: PublicApplyIn) -> Status[dict[str, Any]]:
    org = org_selectors.organization_by_slug(org_slug)
    if is_ratelimited(request, group="foi-apply", key="ip", rate=APPLY_RATE, method="POST", increment=True):
        raise TooManyRequests("提交过于频繁：同一网络地址每小时最多提交5件申请，请稍后再试。")
    app, code = services.application_submit(
        org=org,
        applicant=services.Applicant(**payload.applicant.dict()),
        request=services.Request(**payload.request.dict()),
        submission_token=payload.submission_token,
    )
    body = {
        "registration_number": app.registration_number,
        "tracking_code": code,
        "received_on": app.received_on,
        "due_on": app.due_on,
        "repeated_submission": code is None,
    }
    return Status(201 if code else 200, body)


@router.get(
    "/foi/{org_slug}/track/{code}",
    response=TrackOut,
    summary="凭查询码查询办理进度（只显示状态和日期，不含个人信息）",
)
def public_track(request: HttpRequest, org_slug: str, code: str) -> dict[str, Any]:
    org = org_selectors.organization_by_slug(org_slug)
    status = selectors.track(org=org, code=code)
    data = dict(status.__dict__)
    data["events"] = [{"on": on, "label": label} for on, label in status.events]
    return data


@router.get("/foi/fees/quote", response=FeeOut, summary="信息处理费计算（国办函〔2020〕109号，按件或按量）")
def fee_calculator(request: HttpRequest, method: str, quantity: int, already_this_month: int = 0) -> dict[str, Any]:
    try:
        quote = fee_quote(method, quantity, already_this_month=already_this_month)
    except FeeError as exc:
        raise ValidationFailed(str(exc), fields={"method": [str(exc)]}) from None
    return {
        "method": quote.method.value,
        "quantity": quote.quantity,
        "already_this_month": quote.already,
        "amount": quote.amount,
        "explanation": quote.explanation,
    }


# --- staff ---------------------------------------------------------------------------------------


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
    clock = services.clock_of(app)
    fee = getattr(app, "fee_notice", None) if hasattr(app, "fee_notice") else None
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
            "due_on": clock.due_on,
            "paused": clock.paused,
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
            }
            for c in app.consultations.all()
        ],
        "fee_notice": (
            {
                "method": fee.method,
                "quantity": fee.quantity,
                "amount": fee.amount,
                "sent_on": fee.sent_on,
                "pay_by": fee.pay_by,
                "paid_on": fee.paid_on,
                "status": fee.status,
            }
            if fee
            else None
        ),
        "letters": [_letter(letter) for letter in app.letters.all()],
        "appeals": [
            {"id": a.pk, "kind": a.kind, "filed_on": a.filed_on, "body": a.body, "result": a.result}
            for a in app.appeals.all()
        ],
        "actions": [a.value for a in transitions.available_actions(app)],
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
    consultation = Consultation.objects.filter(application=app, pk=cid).first()
    if consultation is None:
        raise NotFound("未找到该征求意见记录。")
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
    summary="要求说明理由（第三十五条）",
)
def staff_reasons(request: HttpRequest, pk: int, payload: OnIn) -> dict[str, Any]:
    app = services.application_request_reasons(
        actor=request.user, application=_app(request, pk), note=payload.note, on=payload.on
    )
    return _detail(request, app)


@router.post(
    "/staff/foi/applications/{pk}/reasonable-period",
    response=StaffDetail,
    auth=staff,
    summary="确定合理期限（第三十五条）",
)
def staff_reasonable_period(request: HttpRequest, pk: int, payload: PeriodIn) -> dict[str, Any]:
    app = services.application_set_reasonable_period(
        actor=request.user, application=_app(request, pk), **payload.dict()
    )
    return _detail(request, app)


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
    letter = Letter.objects.select_related("application__org").filter(pk=lid).first()
    if letter is None or not permissions.can_view_case(request.user, letter.application.org):
        raise NotFound("未找到该文书。")
    return letter


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


class ReplyIn(OnIn):
    override_reason: str = ""


@router.post("/staff/foi/applications/{pk}/reply", response=LetterOut, auth=staff, summary="签发答复书（记录办理结果）")
def staff_reply(request: HttpRequest, pk: int, payload: ReplyIn) -> dict[str, Any]:
    return _letter(
        services.application_reply(
            actor=request.user, application=_app(request, pk), on=payload.on, override_reason=payload.override_reason
        )
    )


class ReplyAttachmentOut(Schema):
    id: int
    name: str
    media_type: str
    size: int
    scan: dict[str, Any]


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
    officer = get_user_model().objects.filter(pk=payload.user_id).first()
    if officer is None:
        raise ValidationFailed("未找到该用户。", fields={"user_id": ["未找到该用户。"]})
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
    appeal = Appeal.objects.filter(application=app, pk=aid).first()
    if appeal is None:
        raise NotFound("未找到该复议、诉讼记录。")
    services.appeal_decide(actor=request.user, appeal=appeal, **payload.dict())
    return _detail(request, app)
