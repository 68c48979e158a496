"""公众参与 through the API: consultations and comments, the mailbox and its public reply wall,
好差评, open-day events — public reads and forms, and every staff action.

Public answers never carry the personal data of writers, commenters, raters or participants.
Public form endpoints take the same idempotency token as the portal forms (`token`: a double
submit answers with the first record, 200 instead of 201) and share their per-address rate limit
(429, code `rate_limited`).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import is_ratelimited
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from gongkai.api.auth import StaffToken
from gongkai.core.errors import ApplicationError
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get
from gongkai.participation import domain, selectors, services
from gongkai.participation.models import Comment, Consultation, Event, Message, Rectification
from gongkai.participation.transitions import Phase

router = Router(tags=["participation"])
staff = StaffToken()


class RateLimited(ApplicationError):
    http_status = 429
    default_code = "rate_limited"
    default_message = "提交过于频繁，请稍后再试。"


def _limit(request: HttpRequest) -> None:
    if is_ratelimited(
        request,
        group=domain.PUBLIC_FORM_GROUP,
        key="ip",
        rate=domain.PUBLIC_FORM_RATE,
        method="POST",
        increment=True,
    ):
        raise RateLimited()


def _period(start: datetime.date | None, end: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return start or datetime.date(today.year, 1, 1), end or today


# --- consultations: public -------------------------------------------------------------------


class ConsultationSummary(Schema):
    id: int
    title: str
    org_id: int
    org_name: str
    draft_type: str
    draft_type_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    ends_note: str
    phase: str
    phase_label: str
    url: str


class ParagraphOut(Schema):
    number: int
    html: str


class PublicCommentOut(Schema):
    id: int
    paragraph: int | None
    text: str
    received_on: datetime.date
    channel: str
    decision: str
    decision_reason: str


class ConsultationDetail(ConsultationSummary):
    notice_html: str
    explanation_html: str
    paragraphs: list[ParagraphOut]
    channels: str
    accepts_online: bool
    identity_required: bool
    minimum_period: str | None
    shortened_reason: str
    attachments: list[dict[str, Any]]
    comments: list[PublicCommentOut]
    feedback: dict[str, Any] | None
    feedback_note: str
    feedback_published_on: datetime.date | None
    final_publication_id: int | None
    final_document_title: str


def _summary(item: Consultation) -> dict[str, Any]:
    current = selectors.phase_of(item)
    return {
        "id": item.pk,
        "title": item.title,
        "org_id": item.org_id,
        "org_name": item.org.name,
        "draft_type": item.draft_type,
        "draft_type_label": item.get_draft_type_display(),
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "ends_note": item.ends_note,
        "phase": current.value,
        "phase_label": current.label,
        "url": f"/consultations/{item.pk}/",
    }


def _detail(item: Consultation) -> dict[str, Any]:
    minimum = domain.MINIMUM_PERIODS.get(item.draft_type)
    published = item.feedback_snapshot if selectors.phase_of(item) == Phase.FEEDBACK_PUBLISHED else None
    return {
        **_summary(item),
        "notice_html": item.notice_html,
        "explanation_html": item.explanation_html,
        "paragraphs": [{"number": p.number, "html": p.html} for p in selectors.draft_paragraphs(item)],
        "channels": item.channels,
        "accepts_online": item.accepts_online,
        "identity_required": item.identity_required,
        "minimum_period": f"{minimum.label}（{minimum.source}）" if minimum else None,
        "shortened_reason": item.shortened_reason,
        "attachments": [
            {"name": a.name, "media_type": a.media_type, "size": a.size, "url": a.file.url}
            for a in item.attachments.all()
        ],
        "comments": [
            {
                "id": c.pk,
                "paragraph": c.paragraph,
                "text": c.public_body,
                "received_on": c.received_on,
                "channel": c.channel,
                "decision": c.decision if published else "",
                "decision_reason": c.decision_reason if published else "",
            }
            for c in selectors.comments_public(item)
        ],
        "feedback": published,
        "feedback_note": item.feedback_note if published else "",
        "feedback_published_on": item.feedback_published_on,
        "final_publication_id": item.final_publication_id,
        "final_document_title": item.final_document_title,
    }


@router.get(
    "/consultations", response=list[ConsultationSummary], summary="征求意见列表（open 正在征求 / upcoming / closed）"
)
def consultation_list(request: HttpRequest, which: str = "open", org: str = "") -> list[dict[str, Any]]:
    org_obj = org_selectors.organization_by_slug(org) if org else None
    which = which if which in ("open", "upcoming", "closed") else "open"
    return [_summary(c) for c in selectors.consultation_list_public(which=which, org=org_obj)[:200]]


@router.get("/consultations/{pk}", response=ConsultationDetail, summary="征求意见详情（含公开的意见与采纳情况）")
def consultation_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(selectors.consultation_get_public(pk=pk))


class CommentIn(Schema):
    body: str
    token: str
    paragraph: int | None = None
    author_name: str = ""
    author_contact: str = ""


class CommentReceipt(Schema):
    id: int
    received_on: datetime.date
    moderation: str
    message: str


@router.post(
    "/consultations/{pk}/comments",
    response={200: CommentReceipt, 201: CommentReceipt},
    summary="提交意见（审核后公开显示；同一 token 重复提交只保存一次）",
)
def comment_submit(request: HttpRequest, pk: int, payload: CommentIn) -> Status[dict[str, Any]]:
    _limit(request)
    item = selectors.consultation_get_public(pk=pk)
    comment, created = services.comment_submit(
        consultation=item,
        body=payload.body,
        token=payload.token,
        paragraph=payload.paragraph,
        author_name=payload.author_name,
        author_contact=payload.author_contact,
    )
    return Status(
        201 if created else 200,
        {
            "id": comment.pk,
            "received_on": comment.received_on,
            "moderation": comment.moderation,
            "message": "意见已收到，审核后公开显示。",
        },
    )


# --- consultations: staff --------------------------------------------------------------------


class ConsultationIn(Schema):
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    draft_type: str = "normative"
    notice_html: str = ""
    draft_html: str = ""
    explanation_html: str = ""
    channels: str = ""
    accepts_online: bool = True
    identity_required: bool = False
    ends_note: str = ""
    shortened_reason: str = ""


class ConsultationCreateIn(ConsultationIn):
    org_id: int


class StaffCommentOut(Schema):
    id: int
    channel: str
    paragraph: int | None
    body: str
    public_body: str
    received_on: datetime.date
    author_name: str
    author_contact: str
    moderation: str
    moderation_note: str
    decision: str
    decision_reason: str


class StaffConsultationOut(ConsultationSummary):
    state: str
    shortened_reason: str
    period_check: list[str]
    comments: list[StaffCommentOut]
    feedback_preview: dict[str, Any]


def _comment_out(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "channel": c.channel,
        "paragraph": c.paragraph,
        "body": c.body,
        "public_body": c.public_body,
        "received_on": c.received_on,
        "author_name": c.author_name,
        "author_contact": c.author_contact,
        "moderation": c.moderation,
        "moderation_note": c.moderation_note,
        "decision": c.decision,
        "decision_reason": c.decision_reason,
    }


def _staff_consultation(item: Consultation) -> dict[str, Any]:
    from gongkai.workdays import selectors as workdays

    item.refresh_from_db()
    check = domain.check_period(item.draft_type, item.starts_on, item.ends_on, workdays.get_calendar())
    return {
        **_summary(item),
        "state": item.state,
        "shortened_reason": item.shortened_reason,
        "period_check": check.explanation,
        "comments": [_comment_out(c) for c in selectors.comments_for_staff(item)],
        "feedback_preview": selectors.feedback_build(item),
    }


def _input(payload: ConsultationIn) -> services.ConsultationInput:
    data = payload.dict()
    data.pop("org_id", None)
    return services.ConsultationInput(**data)


@router.post("/staff/consultations", response={201: StaffConsultationOut}, auth=staff, summary="新建征求意见（草稿）")
def staff_consultation_create(request: HttpRequest, payload: ConsultationCreateIn) -> Status[dict[str, Any]]:
    item = services.consultation_create(
        actor=request.user, org=organization_get(pk=payload.org_id), data=_input(payload)
    )
    return Status(201, _staff_consultation(item))


@router.get(
    "/staff/consultations/{pk}", response=StaffConsultationOut, auth=staff, summary="工作人员查看征求意见及全部意见"
)
def staff_consultation_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _staff_consultation(selectors.consultation_get_for_staff(actor=request.user, pk=pk))


@router.put("/staff/consultations/{pk}", response=StaffConsultationOut, auth=staff, summary="修改征求意见（开始前）")
def staff_consultation_update(request: HttpRequest, pk: int, payload: ConsultationIn) -> dict[str, Any]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    return _staff_consultation(
        services.consultation_update(actor=request.user, consultation=item, data=_input(payload))
    )


@router.post(
    "/staff/consultations/{pk}/open",
    response=StaffConsultationOut,
    auth=staff,
    summary="发布征求意见（检查法定最短期限；期限不足须填写缩短理由）",
)
def staff_consultation_open(request: HttpRequest, pk: int) -> dict[str, Any]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    return _staff_consultation(services.consultation_open(actor=request.user, consultation=item))


class AttachmentOut(Schema):
    id: int
    name: str
    media_type: str
    size: int


@router.post(
    "/staff/consultations/{pk}/attachments",
    response={201: AttachmentOut},
    auth=staff,
    summary="上传征求意见稿或起草说明附件（按内容识别类型：PDF、DOCX、XLSX、图片）",
)
def staff_consultation_attach(
    request: HttpRequest,
    pk: int,
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[dict[str, Any]]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    attachment = services.consultation_attach(actor=request.user, consultation=item, upload=file)
    return Status(
        201,
        {"id": attachment.pk, "name": attachment.name, "media_type": attachment.media_type, "size": attachment.size},
    )


class RegisterCommentIn(Schema):
    channel: str
    body: str
    received_on: datetime.date
    paragraph: int | None = None
    author_name: str = ""
    author_contact: str = ""


@router.post(
    "/staff/consultations/{pk}/comments",
    response={201: StaffCommentOut},
    auth=staff,
    summary="登记信函、传真、电子邮件等渠道收到的意见",
)
def staff_comment_register(request: HttpRequest, pk: int, payload: RegisterCommentIn) -> Status[dict[str, Any]]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    comment = services.comment_register(actor=request.user, consultation=item, **payload.dict())
    return Status(201, _comment_out(comment))


class ModerationIn(Schema):
    moderation: str
    note: str = ""


@router.post(
    "/staff/comments/{pk}/moderation", response=StaffCommentOut, auth=staff, summary="审核意见（公开显示前去标识化）"
)
def staff_comment_moderate(request: HttpRequest, pk: int, payload: ModerationIn) -> dict[str, Any]:
    comment = selectors.comment_get_for_staff(actor=request.user, pk=pk)
    return _comment_out(
        services.comment_moderate(actor=request.user, comment=comment, moderation=payload.moderation, note=payload.note)
    )


class DecisionIn(Schema):
    decision: str
    reason: str = ""


@router.post(
    "/staff/comments/{pk}/decision", response=StaffCommentOut, auth=staff, summary="采纳、部分采纳或不予采纳及理由"
)
def staff_comment_decide(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    comment = selectors.comment_get_for_staff(actor=request.user, pk=pk)
    return _comment_out(
        services.comment_decide(actor=request.user, comment=comment, decision=payload.decision, reason=payload.reason)
    )


class FeedbackIn(Schema):
    note: str = ""
    final_publication_id: int | None = None
    final_document_title: str = ""


@router.post(
    "/staff/consultations/{pk}/feedback",
    response=StaffConsultationOut,
    auth=staff,
    summary="公布意见采纳情况（每条有效意见均须有采纳决定）",
)
def staff_feedback_publish(request: HttpRequest, pk: int, payload: FeedbackIn) -> dict[str, Any]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    return _staff_consultation(
        services.consultation_publish_feedback(actor=request.user, consultation=item, **payload.dict())
    )


class AwaitingFeedbackOut(Schema):
    id: int
    title: str
    org_name: str
    ends_on: datetime.date
    due_on: datetime.date
    overdue_by: int
    undecided: int


@router.get(
    "/staff/consultations-awaiting-feedback",
    response=list[AwaitingFeedbackOut],
    auth=staff,
    summary="已截止未公布采纳情况的征求意见（含逾期）",
)
def staff_awaiting_feedback(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": s.consultation.pk,
            "title": s.consultation.title,
            "org_name": s.consultation.org.name,
            "ends_on": s.consultation.ends_on,
            "due_on": s.due_on,
            "overdue_by": s.overdue_by,
            "undecided": s.undecided,
        }
        for s in selectors.consultations_awaiting_feedback(actor=request.user)
    ]


# --- mailbox: public -------------------------------------------------------------------------


class WallItem(Schema):
    id: int
    code: str
    org_name: str
    handling_org_name: str | None
    category: str
    subject: str
    body: str
    reply: str
    received_on: datetime.date
    answered_on: datetime.date | None
    state_label: str
    satisfaction: str


def _wall(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "code": m.code,
        "org_name": m.org.name,
        "handling_org_name": m.handling_org.name if m.handling_org else None,
        "category": m.get_category_display(),
        "subject": m.public_subject,
        "body": m.public_body,
        "reply": m.public_reply,
        "received_on": m.received_on,
        "answered_on": m.answered_on,
        "state_label": m.get_state_display(),
        "satisfaction": m.get_satisfaction_display() if m.satisfaction else "",
    }


@router.get("/mailbox/wall", response=list[WallItem], summary="答复公开栏（已去标识化；不含来信人信息）")
def wall(request: HttpRequest, org: str = "", page: int = 1, page_size: int = 20) -> list[dict[str, Any]]:
    org_obj = org_selectors.organization_by_slug(org) if org else None
    page, page_size = max(page, 1), min(max(page_size, 1), 100)
    qs = selectors.reply_wall(org=org_obj)[(page - 1) * page_size : page * page_size]
    return [_wall(m) for m in qs]


@router.get("/mailbox/wall/{pk}", response=WallItem, summary="答复公开栏中的一条留言")
def wall_item(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _wall(selectors.wall_message_get(pk=pk))


class MessageIn(Schema):
    category: str
    subject: str
    body: str
    writer_name: str
    token: str
    writer_phone: str = ""
    writer_email: str = ""
    wants_public: bool = True


class MessageReceipt(Schema):
    code: str
    secret: str
    received_on: datetime.date
    due_on: datetime.date | None
    message: str


@router.post(
    "/orgs/{org_id}/mailbox/messages",
    response={200: MessageReceipt, 201: MessageReceipt},
    summary="给机构信箱写信（返回留言编号和查询密码，凭此查看答复和评价）",
)
def message_submit(request: HttpRequest, org_id: int, payload: MessageIn) -> Status[dict[str, Any]]:
    _limit(request)
    message, secret, created = services.message_submit(org=organization_get(pk=org_id), **payload.dict())
    return Status(
        201 if created else 200,
        {
            "code": message.code,
            "secret": secret,
            "received_on": message.received_on,
            "due_on": message.due_on,
            "message": "留言已收到。请保存留言编号和查询密码。",
        },
    )


class WriterIn(Schema):
    code: str
    secret: str


class WriterView(Schema):
    code: str
    org_name: str
    handling_org_name: str | None
    subject: str
    body: str
    state: str
    state_label: str
    received_on: datetime.date
    due_on: datetime.date | None
    reply: str
    answered_on: datetime.date | None
    satisfaction: str
    can_rate: bool


def _writer_view(m: Message) -> dict[str, Any]:
    return {
        "code": m.code,
        "org_name": m.org.name,
        "handling_org_name": m.handling_org.name if m.handling_org else None,
        "subject": m.subject,
        "body": m.body,
        "state": m.state,
        "state_label": m.get_state_display(),
        "received_on": m.received_on,
        "due_on": m.due_on,
        # Only a reply that passed review is shown (a new reply after 回访 waits for review).
        "reply": m.reply if m.state in ("answered", "reopened") else "",
        "answered_on": m.answered_on,
        "satisfaction": m.satisfaction,
        "can_rate": m.state == "answered" and m.rating_open,
    }


@router.post("/mailbox/lookup", response=WriterView, summary="来信人凭留言编号和查询密码查看办理情况")
def writer_lookup(request: HttpRequest, payload: WriterIn) -> dict[str, Any]:
    _limit(request)
    return _writer_view(selectors.message_for_writer(code=payload.code, secret=payload.secret))


class RateIn(WriterIn):
    satisfaction: str


@router.post("/mailbox/rate", response=WriterView, summary="来信人评价答复（不满意则重新办理并回访）")
def writer_rate(request: HttpRequest, payload: RateIn) -> dict[str, Any]:
    _limit(request)
    message = selectors.message_for_writer(code=payload.code, secret=payload.secret)
    return _writer_view(
        services.message_rate(message=message, secret=payload.secret, satisfaction=payload.satisfaction)
    )


class FiguresOut(Schema):
    received: int
    closed: int
    closure_rate: Decimal | None
    rated: int
    satisfied: int
    satisfaction_rate: Decimal | None
    unsatisfied: int
    average_reply_working_days: Decimal | None
    overdue_open: int


class OrgFiguresOut(FiguresOut):
    org_id: int
    org_name: str


class MailboxStatsOut(Schema):
    org_name: str
    start: datetime.date
    end: datetime.date
    total: FiguresOut
    by_org: list[OrgFiguresOut]


@router.get(
    "/mailbox/statistics",
    response=MailboxStatsOut,
    summary="信箱统计：受理、办结、办结率、满意率、平均答复工作日（按机构及下属机构、期间）",
)
def mailbox_statistics(
    request: HttpRequest, org: str, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, Any]:
    start, end = _period(start, end)
    stats = selectors.mailbox_statistics(org_selectors.organization_by_slug(org), start=start, end=end)
    return {
        "org_name": stats.org.name,
        "start": start,
        "end": end,
        "total": vars(stats.total),
        "by_org": [{**vars(f), "org_id": o.pk, "org_name": o.name} for o, f in stats.by_org],
    }


# --- mailbox: staff --------------------------------------------------------------------------


class StaffMessageOut(Schema):
    id: int
    code: str
    org_id: int
    handling_org_id: int | None
    category: str
    subject: str
    body: str
    wants_public: bool
    writer_name: str
    writer_phone: str
    writer_email: str
    received_on: datetime.date
    due_on: datetime.date | None
    due_provisional: bool
    state: str
    state_label: str
    reply: str
    answered_on: datetime.date | None
    on_wall: bool
    satisfaction: str
    reopen_count: int
    events: list[dict[str, Any]]


def _staff_message(m: Message) -> dict[str, Any]:
    m.refresh_from_db()
    return {
        "id": m.pk,
        "code": m.code,
        "org_id": m.org_id,
        "handling_org_id": m.handling_org_id,
        "category": m.category,
        "subject": m.subject,
        "body": m.body,
        "wants_public": m.wants_public,
        "writer_name": m.writer_name,
        "writer_phone": m.writer_phone,
        "writer_email": m.writer_email,
        "received_on": m.received_on,
        "due_on": m.due_on,
        "due_provisional": m.due_provisional,
        "state": m.state,
        "state_label": m.get_state_display(),
        "reply": m.reply,
        "answered_on": m.answered_on,
        "on_wall": m.on_wall,
        "satisfaction": m.satisfaction,
        "reopen_count": m.reopen_count,
        "events": [
            {"kind": e.kind, "label": e.get_kind_display(), "on": e.on.isoformat(), "note": e.note}
            for e in m.events.all()
        ],
    }


class StaffMessageRow(Schema):
    id: int
    code: str
    subject: str
    state: str
    received_on: datetime.date
    due_on: datetime.date | None


@router.get("/staff/messages", response=list[StaffMessageRow], auth=staff, summary="我可办理或督办的留言")
def staff_messages(request: HttpRequest, state: str = "") -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "code": m.code,
            "subject": m.subject,
            "state": m.state,
            "received_on": m.received_on,
            "due_on": m.due_on,
        }
        for m in selectors.messages_for_staff(request.user, state=state)[:500]
    ]


@router.get("/staff/messages/{pk}", response=StaffMessageOut, auth=staff, summary="留言详情（含来信人联系方式）")
def staff_message_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _staff_message(selectors.message_get_for_staff(actor=request.user, pk=pk))


class RouteIn(Schema):
    handling_org_id: int
    note: str = ""


@router.post("/staff/messages/{pk}/route", response=StaffMessageOut, auth=staff, summary="转办")
def staff_message_route(request: HttpRequest, pk: int, payload: RouteIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    target = organization_get(pk=payload.handling_org_id)
    return _staff_message(
        services.message_route(actor=request.user, message=message, handling_org=target, note=payload.note)
    )


class ReplyIn(Schema):
    reply: str


@router.post("/staff/messages/{pk}/reply", response=StaffMessageOut, auth=staff, summary="答复（送审核）")
def staff_message_reply(request: HttpRequest, pk: int, payload: ReplyIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(services.message_reply(actor=request.user, message=message, reply=payload.reply))


class ReviewIn(Schema):
    approve: bool
    note: str = ""
    show_on_wall: bool = True


@router.post(
    "/staff/messages/{pk}/review",
    response=StaffMessageOut,
    auth=staff,
    summary="审核答复（通过后去标识化并上答复公开栏）",
)
def staff_message_review(request: HttpRequest, pk: int, payload: ReviewIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(services.message_review(actor=request.user, message=message, **payload.dict()))


class FollowUpIn(Schema):
    note: str
    reply: str


@router.post("/staff/messages/{pk}/follow-up", response=StaffMessageOut, auth=staff, summary="不满意后回访并重新答复")
def staff_message_follow_up(request: HttpRequest, pk: int, payload: FollowUpIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(
        services.message_follow_up(actor=request.user, message=message, note=payload.note, reply=payload.reply)
    )


class DismissIn(Schema):
    reason: str


@router.post("/staff/messages/{pk}/dismiss", response=StaffMessageOut, auth=staff, summary="不予受理")
def staff_message_dismiss(request: HttpRequest, pk: int, payload: DismissIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(services.message_dismiss(actor=request.user, message=message, reason=payload.reason))


class OverdueOut(Schema):
    id: int
    code: str
    subject: str
    org_name: str
    handling_org_name: str | None
    due_on: datetime.date
    late_by: int


@router.get(
    "/staff/orgs/{org_id}/mailbox/overdue", response=list[OverdueOut], auth=staff, summary="督办：逾期未办结的留言"
)
def staff_overdue(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = organization_get(pk=org_id)
    return [
        {
            "id": o.message.pk,
            "code": o.message.code,
            "subject": o.message.subject,
            "org_name": o.message.org.name,
            "handling_org_name": o.message.handling_org.name if o.message.handling_org else None,
            "due_on": o.due_on,
            "late_by": o.late_by,
        }
        for o in selectors.messages_overdue(org, actor=request.user)
    ]


class SettingsIn(Schema):
    mailbox_reply_working_days: int | None = None
    rectification_working_days: int | None = None
    feedback_working_days: int | None = None
    event_report_working_days: int | None = None


@router.put(
    "/staff/orgs/{org_id}/participation-settings",
    response=SettingsIn,
    auth=staff,
    summary="设置答复、整改等期限（工作日）",
)
def staff_settings(request: HttpRequest, org_id: int, payload: SettingsIn) -> dict[str, Any]:
    values = {k: v for k, v in payload.dict().items() if v is not None}
    item = services.settings_save(actor=request.user, org=organization_get(pk=org_id), **values)
    return {k: getattr(item, k) for k in SettingsIn.model_fields}


# --- 好差评 ------------------------------------------------------------------------------------


class RatingIn(Schema):
    level: int
    token: str
    comment: str = ""
    service_name: str = ""
    channel: str = "online"
    rater_name: str = ""
    rater_phone: str = ""


class RatingReceipt(Schema):
    id: int
    level_label: str
    rectification_due_on: datetime.date | None


@router.post(
    "/orgs/{org_id}/ratings",
    response={200: RatingReceipt, 201: RatingReceipt},
    summary="好差评（差评自动生成整改任务）",
)
def rating_submit(request: HttpRequest, org_id: int, payload: RatingIn) -> Status[dict[str, Any]]:
    _limit(request)
    rating, created = services.rating_submit(org=organization_get(pk=org_id), **payload.dict())
    task = Rectification.objects.filter(rating=rating).first()
    return Status(
        201 if created else 200,
        {
            "id": rating.pk,
            "level_label": rating.get_level_display(),
            "rectification_due_on": task.due_on if task else None,
        },
    )


class RatingStatsOut(Schema):
    org_name: str
    start: datetime.date
    end: datetime.date
    total: int
    by_level: list[tuple[str, int]]
    satisfied: int
    satisfaction_rate: Decimal | None
    bad: int
    rectified: int
    rectification_rate: Decimal | None
    overdue: int


@router.get("/ratings/statistics", response=RatingStatsOut, summary="好差评统计与差评整改率")
def rating_statistics(
    request: HttpRequest, org: str, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, Any]:
    start, end = _period(start, end)
    s = selectors.rating_statistics(org_selectors.organization_by_slug(org), start=start, end=end)
    return {**{k: v for k, v in vars(s).items() if k != "org"}, "org_name": s.org.name}


class RectificationOut(Schema):
    id: int
    org_name: str
    level_label: str
    service_name: str
    comment: str
    rater_name: str
    rater_phone: str
    due_on: datetime.date
    followup_note: str
    followed_up_on: datetime.date | None
    result: str
    result_note: str
    closed_on: datetime.date | None


def _rectification(t: Rectification) -> dict[str, Any]:
    t.refresh_from_db()
    r = t.rating
    return {
        "id": t.pk,
        "org_name": r.org.name,
        "level_label": r.get_level_display(),
        "service_name": r.service_name,
        "comment": r.comment,
        "rater_name": r.rater_name,
        "rater_phone": r.rater_phone,
        "due_on": t.due_on,
        "followup_note": t.followup_note,
        "followed_up_on": t.followed_up_on,
        "result": t.result,
        "result_note": t.result_note,
        "closed_on": t.closed_on,
    }


@router.get("/staff/rectifications", response=list[RectificationOut], auth=staff, summary="待办的差评整改")
def staff_rectifications(request: HttpRequest) -> list[dict[str, Any]]:
    return [_rectification(t) for t in selectors.rectifications_for_staff(request.user)[:500]]


class NoteIn(Schema):
    note: str


@router.post("/staff/rectifications/{pk}/follow-up", response=RectificationOut, auth=staff, summary="差评回访")
def staff_rectification_follow_up(request: HttpRequest, pk: int, payload: NoteIn) -> dict[str, Any]:
    task = services.rectification_get(actor=request.user, pk=pk)
    return _rectification(services.rectification_follow_up(actor=request.user, rectification=task, note=payload.note))


class CloseIn(Schema):
    result: str
    note: str


@router.post("/staff/rectifications/{pk}/close", response=RectificationOut, auth=staff, summary="整改办结")
def staff_rectification_close(request: HttpRequest, pk: int, payload: CloseIn) -> dict[str, Any]:
    task = services.rectification_get(actor=request.user, pk=pk)
    return _rectification(
        services.rectification_close(actor=request.user, rectification=task, result=payload.result, note=payload.note)
    )


# --- events ----------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    year: int
    month: int
    theme: str
    org_id: int
    org_name: str
    form: str
    form_label: str
    held_on: datetime.date | None
    location: str
    registration_open: bool
    places_left: int | None
    report_html: str
    report_published_on: datetime.date | None
    participant_count: int | None


def _event(e: Event) -> dict[str, Any]:
    left = None if e.capacity is None else max(e.capacity - e.registrations.count(), 0)
    return {
        "id": e.pk,
        "year": e.year,
        "month": e.month,
        "theme": e.theme,
        "org_id": e.org_id,
        "org_name": e.org.name,
        "form": e.form,
        "form_label": e.get_form_display(),
        "held_on": e.held_on,
        "location": e.location,
        "registration_open": e.registration_open,
        "places_left": left,
        "report_html": e.report_html,
        "report_published_on": e.report_published_on,
        "participant_count": e.participant_count,
    }


@router.get("/events", response=list[EventOut], summary="政务公开讲、政府开放日活动安排表")
def events(request: HttpRequest, year: int | None = None, org: str = "") -> list[dict[str, Any]]:
    org_obj = org_selectors.organization_by_slug(org) if org else None
    return [_event(e) for e in selectors.events_public(year=year, org=org_obj)[:500]]


@router.get("/events/{pk}", response=EventOut, summary="活动详情与举办情况")
def event_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _event(selectors.event_get(pk=pk))


class RegistrationIn(Schema):
    participant_name: str
    participant_phone: str
    token: str
    participant_unit: str = ""


class RegistrationReceipt(Schema):
    id: int
    message: str


@router.post(
    "/events/{pk}/registrations", response={200: RegistrationReceipt, 201: RegistrationReceipt}, summary="活动报名"
)
def event_register(request: HttpRequest, pk: int, payload: RegistrationIn) -> Status[dict[str, Any]]:
    _limit(request)
    registration, created = services.event_register(event=selectors.event_get(pk=pk), **payload.dict())
    return Status(201 if created else 200, {"id": registration.pk, "message": "报名成功。"})


class ImportOut(Schema):
    created: int
    existing: int


@router.post(
    "/staff/orgs/{org_id}/events/import",
    response=ImportOut,
    auth=staff,
    summary="导入年度活动安排表（.xlsx 或 .csv：月份、活动主题、主办单位、活动形式）",
)
def staff_event_import(
    request: HttpRequest,
    org_id: int,
    year: Form[int],
    file: UploadedFile = File(...),  # noqa: B008
) -> dict[str, Any]:
    result = services.event_import(
        actor=request.user, root=organization_get(pk=org_id), year=year, data=file.read(), filename=file.name or ""
    )
    return {"created": len(result.created), "existing": len(result.existing)}


class EventIn(Schema):
    month: int
    theme: str
    form: str = "open_day"
    held_on: datetime.date | None = None
    location: str = ""
    capacity: int | None = None
    registration_open: bool = False


class EventCreateIn(EventIn):
    year: int


@router.post("/staff/orgs/{org_id}/events", response={201: EventOut}, auth=staff, summary="新增活动")
def staff_event_create(request: HttpRequest, org_id: int, payload: EventCreateIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    year = data.pop("year")
    event = services.event_create(
        actor=request.user, org=organization_get(pk=org_id), year=year, data=services.EventInput(**data)
    )
    return Status(201, _event(event))


@router.put("/staff/events/{pk}", response=EventOut, auth=staff, summary="修改活动安排（日期、地点、名额、报名）")
def staff_event_update(request: HttpRequest, pk: int, payload: EventIn) -> dict[str, Any]:
    event = selectors.event_get_for_staff(actor=request.user, pk=pk)
    return _event(services.event_update(actor=request.user, event=event, data=services.EventInput(**payload.dict())))


class ReportIn(Schema):
    report_html: str
    participant_count: int | None = None


@router.post("/staff/events/{pk}/report", response=EventOut, auth=staff, summary="发布举办情况")
def staff_event_report(request: HttpRequest, pk: int, payload: ReportIn) -> dict[str, Any]:
    event = selectors.event_get_for_staff(actor=request.user, pk=pk)
    return _event(services.event_report_publish(actor=request.user, event=event, **payload.dict()))


class ParticipantOut(Schema):
    id: int
    participant_name: str
    participant_phone: str
    participant_unit: str


@router.get("/staff/events/{pk}/registrations", response=list[ParticipantOut], auth=staff, summary="活动报名名单")
def staff_event_registrations(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    event = selectors.event_get_for_staff(actor=request.user, pk=pk)
    return [
        {
            "id": r.pk,
            "participant_name": r.participant_name,
            "participant_phone": r.participant_phone,
            "participant_unit": r.participant_unit,
        }
        for r in event.registrations.all()
    ]


class EventOverdueOut(Schema):
    id: int
    theme: str
    org_name: str
    year: int
    month: int
    due_on: datetime.date
    late_by: int


@router.get("/staff/events-overdue", response=list[EventOverdueOut], auth=staff, summary="逾期未发布举办情况的活动")
def staff_events_overdue(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": o.event.pk,
            "theme": o.event.theme,
            "org_name": o.event.org.name,
            "year": o.event.year,
            "month": o.event.month,
            "due_on": o.due_on,
            "late_by": o.late_by,
        }
        for o in selectors.events_overdue(actor=request.user)
    ]
