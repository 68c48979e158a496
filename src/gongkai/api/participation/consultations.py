"""征求意见 through the API: the public list, detail and comment form; the staff drafting,
opening, comment handling and feedback, each answer with the record's ``actions``."""

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from gongkai.api.participation._common import actions, limit, staff
from gongkai.api.participation.schemas import (
    AttachmentOut,
    AwaitingFeedbackOut,
    CommentIn,
    CommentReceipt,
    ConsultationCreateIn,
    ConsultationDetail,
    ConsultationIn,
    ConsultationSummary,
    DecisionIn,
    FeedbackIn,
    ModerationIn,
    RegisterCommentIn,
    StaffCommentOut,
    StaffConsultationOut,
    WithdrawIn,
)
from gongkai.core.actors import Actor
from gongkai.core.urls import public_url
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get
from gongkai.participation import domain, selectors, services
from gongkai.participation.models import Comment, Consultation
from gongkai.participation.transitions import COMMENT, CONSULTATION, Phase
from gongkai.workdays import selectors as workdays

router = Router(tags=["participation"])


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
            {
                "name": a.name,
                "media_type": a.media_type,
                "size": a.size,
                "url": public_url("consultation_attachment", pk=item.pk, attachment=a.pk),
            }
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


@router.post(
    "/consultations/{pk}/comments",
    response={200: CommentReceipt, 201: CommentReceipt},
    summary="提交意见（审核后公开显示；同一 token 重复提交只保存一次）",
)
def comment_submit(request: HttpRequest, pk: int, payload: CommentIn) -> Status[dict[str, Any]]:
    limit(request)
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


def _comment_out(c: Comment, actor: Actor) -> dict[str, Any]:
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
        "actions": actions(COMMENT, actor, c),
    }


def _staff_consultation(item: Consultation, actor: Actor) -> dict[str, Any]:
    item.refresh_from_db()
    check = domain.check_period(item.draft_type, item.starts_on, item.ends_on, workdays.get_calendar())
    return {
        **_summary(item),
        "state": item.state,
        "shortened_reason": item.shortened_reason,
        "period_check": check.explanation,
        "comments": [_comment_out(c, actor) for c in selectors.comments_for_staff(item)],
        "feedback_preview": selectors.feedback_build(item),
        "actions": actions(CONSULTATION, actor, item),
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
    return Status(201, _staff_consultation(item, request.user))


@router.get(
    "/staff/consultations/{pk}", response=StaffConsultationOut, auth=staff, summary="工作人员查看征求意见及全部意见"
)
def staff_consultation_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _staff_consultation(selectors.consultation_get_for_staff(actor=request.user, pk=pk), request.user)


@router.put("/staff/consultations/{pk}", response=StaffConsultationOut, auth=staff, summary="修改征求意见（开始前）")
def staff_consultation_update(request: HttpRequest, pk: int, payload: ConsultationIn) -> dict[str, Any]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    return _staff_consultation(
        services.consultation_update(actor=request.user, consultation=item, data=_input(payload)), request.user
    )


@router.post(
    "/staff/consultations/{pk}/open",
    response=StaffConsultationOut,
    auth=staff,
    summary="发布征求意见（检查法定最短期限；期限不足须填写缩短理由）",
)
def staff_consultation_open(request: HttpRequest, pk: int) -> dict[str, Any]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    return _staff_consultation(services.consultation_open(actor=request.user, consultation=item), request.user)


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


@router.delete(
    "/staff/consultations/{pk}/attachments/{attachment_id}",
    response={204: None},
    auth=staff,
    summary="删除附件（发布前）",
)
def staff_consultation_detach(request: HttpRequest, pk: int, attachment_id: int) -> Status[None]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    services.consultation_detach(actor=request.user, consultation=item, attachment_id=attachment_id)
    return Status(204, None)


@router.post(
    "/staff/consultations/{pk}/comments",
    response={201: StaffCommentOut},
    auth=staff,
    summary="登记信函、传真、电子邮件等渠道收到的意见",
)
def staff_comment_register(request: HttpRequest, pk: int, payload: RegisterCommentIn) -> Status[dict[str, Any]]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    comment = services.comment_register(actor=request.user, consultation=item, **payload.dict())
    return Status(201, _comment_out(comment, request.user))


@router.post(
    "/staff/comments/{pk}/moderation", response=StaffCommentOut, auth=staff, summary="审核意见（公开显示前去标识化）"
)
def staff_comment_moderate(request: HttpRequest, pk: int, payload: ModerationIn) -> dict[str, Any]:
    comment = selectors.comment_get_for_staff(actor=request.user, pk=pk)
    return _comment_out(
        services.comment_moderate(
            actor=request.user, comment=comment, moderation=payload.moderation, note=payload.note
        ),
        request.user,
    )


@router.post(
    "/staff/comments/{pk}/decision", response=StaffCommentOut, auth=staff, summary="采纳、部分采纳或不予采纳及理由"
)
def staff_comment_decide(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    comment = selectors.comment_get_for_staff(actor=request.user, pk=pk)
    return _comment_out(
        services.comment_decide(actor=request.user, comment=comment, decision=payload.decision, reason=payload.reason),
        request.user,
    )


@router.post(
    "/staff/consultations/{pk}/feedback",
    response=StaffConsultationOut,
    auth=staff,
    summary="公布意见采纳情况（每条有效意见均须有采纳决定）",
)
def staff_feedback_publish(request: HttpRequest, pk: int, payload: FeedbackIn) -> dict[str, Any]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    return _staff_consultation(
        services.consultation_publish_feedback(actor=request.user, consultation=item, **payload.dict()), request.user
    )


@router.post(
    "/staff/consultations/{pk}/withdraw",
    response=StaffConsultationOut,
    auth=staff,
    summary="撤回征求意见（草稿或已发布、尚未公布采纳情况的）",
)
def staff_consultation_withdraw(request: HttpRequest, pk: int, payload: WithdrawIn) -> dict[str, Any]:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    return _staff_consultation(
        services.consultation_withdraw(actor=request.user, consultation=item, reason=payload.reason), request.user
    )


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
