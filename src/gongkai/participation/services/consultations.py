"""征求意见: prepare, open (with the legal minimum period), take and register comments, moderate,
decide each comment, publish the 意见采纳情况 feedback.

Sources (regulations.md §5.3): 《重大行政决策程序暂行条例》第十五条 (30日, 缩短须说明理由; publish
the draft, its 说明, the 方式 and 期限), 《规章制定程序条例》第十五条 (30日), 《优化营商环境条例》
第六十二条 (30日 and 意见采纳情况反馈), 国办发〔2018〕37号 (7个工作日), 国办发〔2016〕80号 (publish
社会公众意见情况、采纳与否情况及理由).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.disclosure import selectors as disclosure_selectors
from gongkai.disclosure.richtext import sanitize_html
from gongkai.orgs.models import Organization
from gongkai.participation import domain, permissions, selectors
from gongkai.participation.models import (
    Adoption,
    Channel,
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationState,
    DraftType,
    Moderation,
)
from gongkai.participation.services._common import (
    MAX_TEXT,
    check_token,
    clean_text,
    mask_known,
    once,
    snapshot,
    today_or,
)
from gongkai.participation.transitions import Phase, check_phase
from gongkai.privacy.extract import check_upload
from gongkai.privacy.services import privacy_mask_apply
from gongkai.workdays import selectors as workdays

# Outbox topic: what the public sees of a consultation changed (opened, edited before it starts,
# feedback published); the search indexer follows it.
CONSULTATION_CHANGED = "consultation.changed"


@dataclass
class ConsultationInput:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    draft_type: str = DraftType.NORMATIVE
    notice_html: str = ""
    draft_html: str = ""
    explanation_html: str = ""
    channels: str = ""
    accepts_online: bool = True
    identity_required: bool = False
    ends_note: str = ""
    shortened_reason: str = ""


_FIELDS = (
    "title",
    "draft_type",
    "notice_html",
    "draft_html",
    "explanation_html",
    "channels",
    "accepts_online",
    "identity_required",
    "starts_on",
    "ends_on",
    "ends_note",
    "shortened_reason",
)


def _validate(data: ConsultationInput) -> ConsultationInput:
    errors: dict[str, list[str]] = {}
    data.title = clean_text(data.title, label="标题", field="title", required=True, limit=300, errors=errors)
    if data.draft_type not in DraftType.values:
        errors["draft_type"] = ["请选择文件类型。"]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = ["截止日期不能早于开始日期。"]
    data.channels = clean_text(
        data.channels, label="提交渠道", field="channels", required=False, limit=1000, errors=errors
    )
    data.ends_note = clean_text(
        data.ends_note, label="截止时间说明", field="ends_note", required=False, limit=100, errors=errors
    )
    data.shortened_reason = clean_text(
        data.shortened_reason, label="缩短理由", field="shortened_reason", required=False, limit=1000, errors=errors
    )
    if not data.accepts_online and not data.channels:
        errors["channels"] = ["不接受网上提交时，须写明信函、传真或电子邮件等提交渠道。"]
    data.notice_html = sanitize_html(data.notice_html)
    data.draft_html = sanitize_html(data.draft_html)
    data.explanation_html = sanitize_html(data.explanation_html)
    if errors:
        raise ValidationFailed("征求意见信息有误，未保存。", code="consultation_invalid", fields=errors)
    return data


def _lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().select_related("org").get(pk=consultation.pk)


@transaction.atomic
def consultation_create(
    *, actor: Any, org: Organization, data: ConsultationInput, source_key: str | None = None
) -> Consultation:
    """Prepare a consultation as a draft (not public)."""
    if not permissions.can_draft_consultation(actor, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    data = _validate(data)
    item = Consultation.objects.create(
        org=org,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        source_key=source_key,
        **{name: getattr(data, name) for name in _FIELDS},
    )
    audit_record(actor=actor, action="consultation.created", obj=item, after=snapshot(item, _FIELDS))
    return item


@transaction.atomic
def consultation_update(
    *, actor: Any, consultation: Consultation, data: ConsultationInput, today: datetime.date | None = None
) -> Consultation:
    """Change a draft; once published only until it starts (the public must see what it comments on)."""
    item = _lock(consultation)
    if not permissions.can_see_consultation_work(actor, item.org):
        raise NotFound("未找到该征求意见。")
    if not permissions.can_draft_consultation(actor, item.org):
        raise PermissionDenied("您不是该机构的起草人员。")
    check_phase(item, today_or(today), {Phase.DRAFT, Phase.UPCOMING}, "修改")
    data = _validate(data)
    before = snapshot(item, _FIELDS)
    for name in _FIELDS:
        setattr(item, name, getattr(data, name))
    if item.state == ConsultationState.PUBLISHED:
        _check_period(item, today_or(today))
    item.save(update_fields=list(_FIELDS))
    if item.state == ConsultationState.PUBLISHED:
        outbox_emit(topic=CONSULTATION_CHANGED, obj=item)
    audit_record(actor=actor, action="consultation.updated", obj=item, before=before, after=snapshot(item, _FIELDS))
    return item


def _check_period(item: Consultation, today: datetime.date) -> domain.PeriodCheck:
    errors: dict[str, list[str]] = {}
    if item.starts_on < today:
        errors["starts_on"] = ["开始日期不能早于今天。"]
    check = domain.check_period(item.draft_type, item.starts_on, item.ends_on, workdays.get_calendar())
    if check.is_short and not item.shortened_reason.strip() and check.minimum is not None:
        # 《重大行政决策程序暂行条例》第十五条: 因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明.
        errors["shortened_reason"] = [
            f"征求意见期限为{check.length}个{'工作日' if check.minimum.working_days else '日'}，"
            f"少于{DraftType(item.draft_type).label}的法定最短期限{check.minimum.label}（{check.minimum.source}）。"
            f"如需缩短，须填写理由（将向社会公开），或将截止日期延至{check.earliest_end}或以后。"
        ]
    if not item.draft_html.strip() and not item.attachments.exists():
        errors["draft_html"] = ["征求意见稿正文和附件不能都为空。"]
    if errors:
        raise ValidationFailed("征求意见不能发布。", code="consultation_period_invalid", fields=errors)
    return check


@transaction.atomic
def consultation_open(*, actor: Any, consultation: Consultation, today: datetime.date | None = None) -> Consultation:
    """Publish the consultation: from its start date it takes comments until its end date.

    A period shorter than the legal minimum for its type needs a recorded reason, shown publicly.
    `today` is the date of the act (a record of a past consultation passes that date).
    """
    item = _lock(consultation)
    if not permissions.can_see_consultation_work(actor, item.org):
        raise NotFound("未找到该征求意见。")
    if not permissions.can_open_consultation(actor, item.org):
        raise PermissionDenied("只有签发人员或政务公开管理员可以发布征求意见。")
    today = today_or(today)
    check_phase(item, today, {Phase.DRAFT}, "发布")
    check = _check_period(item, today)
    item.state = ConsultationState.PUBLISHED
    item.published_at = timezone.now()
    item.save(update_fields=["state", "published_at"])
    outbox_emit(topic=CONSULTATION_CHANGED, obj=item)
    audit_record(
        actor=actor,
        action="consultation.opened",
        obj=item,
        after={
            "starts_on": item.starts_on.isoformat(),
            "ends_on": item.ends_on.isoformat(),
            "length": check.length,
            "minimum": check.minimum.label if check.minimum else None,
            "shortened": check.is_short,
        },
        note=item.shortened_reason if check.is_short else "",
    )
    return item


@transaction.atomic
def consultation_attach(*, actor: Any, consultation: Consultation, upload: UploadedFile) -> ConsultationAttachment:
    """Attach the draft or its 起草说明 as a file (PDF, DOCX, XLSX, images), checked by content."""
    item = _lock(consultation)
    if not permissions.can_see_consultation_work(actor, item.org):
        raise NotFound("未找到该征求意见。")
    if not permissions.can_draft_consultation(actor, item.org):
        raise PermissionDenied("您不是该机构的起草人员。")
    if item.state != ConsultationState.DRAFT:
        raise Conflict("已发布的征求意见不能再添加附件。", code="illegal_transition")
    checked = check_upload(upload)  # by content; refuses oversized, disguised or unreadable files
    name, media_type = checked.name, checked.media_type
    attachment = ConsultationAttachment(consultation=item, name=name, media_type=media_type, size=checked.size)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="consultation.attachment_added",
        obj=item,
        after={"attachment": attachment.pk, "name": name, "media_type": media_type, "size": checked.size},
    )
    return attachment


# --- comments -------------------------------------------------------------------------------


def _check_paragraph(consultation: Consultation, paragraph: int | None, errors: dict[str, list[str]]) -> None:
    if paragraph is not None and not 1 <= paragraph <= len(selectors.draft_paragraphs(consultation)):
        errors["paragraph"] = ["所选段落不存在。"]


@transaction.atomic
def comment_submit(
    *,
    consultation: Consultation,
    body: str,
    token: str,
    paragraph: int | None = None,
    author_name: str = "",
    author_contact: str = "",
    today: datetime.date | None = None,
) -> tuple[Comment, bool]:
    """A comment from the portal while the consultation is open. Returns (comment, created):
    a second submit with the same form token returns the first comment."""
    token = check_token(token)
    item = Consultation.objects.select_related("org").get(pk=consultation.pk)
    existing = Comment.objects.filter(token=token, consultation=item).first()
    if existing is not None:
        return existing, False
    today = today_or(today)
    check_phase(item, today, {Phase.OPEN}, "提交意见")
    if not item.accepts_online:
        raise Conflict("本次征求意见不接受网上提交，请按公告所列渠道反馈。", code="online_not_accepted")
    errors: dict[str, list[str]] = {}
    body = clean_text(body, label="意见内容", field="body", required=True, limit=MAX_TEXT, errors=errors)
    author_name = clean_text(
        author_name, label="姓名", field="author_name", required=item.identity_required, limit=100, errors=errors
    )
    author_contact = clean_text(
        author_contact,
        label="联系方式",
        field="author_contact",
        required=item.identity_required,
        limit=100,
        errors=errors,
    )
    _check_paragraph(item, paragraph, errors)
    if errors:
        raise ValidationFailed("意见未提交，请检查后重试。", code="comment_invalid", fields=errors)

    def create() -> Comment:
        return Comment.objects.create(
            consultation=item,
            channel=Channel.PORTAL,
            paragraph=paragraph,
            body=body,
            received_on=today,
            author_name=author_name,
            author_contact=author_contact,
            token=token,
        )

    comment, created = once(Comment, token, create)
    if created:
        audit_record(
            actor=None,
            action="consultation.comment_received",
            obj=comment,
            after={"consultation": item.pk, "channel": Channel.PORTAL.value, "paragraph": paragraph},
        )
    return comment, created


@transaction.atomic
def comment_register(
    *,
    actor: Any,
    consultation: Consultation,
    channel: str,
    body: str,
    received_on: datetime.date,
    paragraph: int | None = None,
    author_name: str = "",
    author_contact: str = "",
    today: datetime.date | None = None,
) -> Comment:
    """Register a comment received by letter, fax, e-mail or at a meeting (as the notices allow).

    It must have been received within the period; it can be registered after the end (a letter
    posted in time) until the feedback is published.
    """
    item = _lock(consultation)
    if not permissions.can_see_consultation_work(actor, item.org):
        raise NotFound("未找到该征求意见。")
    if not permissions.can_handle_comments(actor, item.org):
        raise PermissionDenied("您不能登记该征求意见的意见。")
    today = today_or(today)
    check_phase(item, today, {Phase.OPEN, Phase.CLOSED}, "登记意见")
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values or channel == Channel.PORTAL:
        errors["channel"] = ["请选择信函、传真、电子邮件、座谈会或其他渠道。"]
    if not item.starts_on <= received_on <= min(item.ends_on, today):
        errors["received_on"] = [f"收到日期须在征求意见期间（{item.starts_on}至{item.ends_on}）内，且不晚于今天。"]
    body = clean_text(body, label="意见内容", field="body", required=True, limit=MAX_TEXT, errors=errors)
    author_name = clean_text(
        author_name, label="姓名或单位", field="author_name", required=False, limit=100, errors=errors
    )
    author_contact = clean_text(
        author_contact, label="联系方式", field="author_contact", required=False, limit=100, errors=errors
    )
    _check_paragraph(item, paragraph, errors)
    if errors:
        raise ValidationFailed("意见未登记，请检查后重试。", code="comment_invalid", fields=errors)
    comment = Comment.objects.create(
        consultation=item,
        channel=channel,
        paragraph=paragraph,
        body=body,
        received_on=received_on,
        author_name=author_name,
        author_contact=author_contact,
        registered_by=actor,
    )
    audit_record(
        actor=actor,
        action="consultation.comment_registered",
        obj=comment,
        after={"consultation": item.pk, "channel": channel, "received_on": received_on.isoformat()},
    )
    return comment


def _lock_comment(comment: Comment) -> tuple[Comment, Consultation]:
    consultation = _lock(comment.consultation)
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    return locked, consultation


@transaction.atomic
def comment_moderate(*, actor: Any, comment: Comment, moderation: str, note: str = "") -> Comment:
    """审核 before a comment is shown: shown (its text masked of personal data), valid but not
    shown, or invalid (spam, unrelated — excluded from the feedback's decisions)."""
    comment, consultation = _lock_comment(comment)
    if not permissions.can_see_consultation_work(actor, consultation.org):
        raise NotFound("未找到该意见。")
    if not permissions.can_handle_comments(actor, consultation.org):
        raise PermissionDenied("您不能审核该征求意见的意见。")
    if consultation.state != ConsultationState.PUBLISHED:
        raise Conflict("采纳情况公布后不能再审核意见。", code="illegal_transition")
    if moderation not in (Moderation.SHOWN, Moderation.NOT_SHOWN, Moderation.INVALID):
        raise ValidationFailed("审核结论无效。", code="moderation_invalid", fields={"moderation": ["无效的结论。"]})
    note = note.strip()[:200]
    if moderation != Moderation.SHOWN and not note:
        raise ValidationFailed(
            "不公开显示或认定无效时须说明理由。", code="note_required", fields={"note": ["请填写理由。"]}
        )
    before = {"moderation": comment.moderation}
    comment.moderation = moderation
    comment.moderation_note = note
    comment.public_body = (
        mask_known(comment.body, name=comment.author_name, phone=comment.author_contact, email=comment.author_contact)[
            0
        ]
        if moderation == Moderation.SHOWN
        else ""
    )
    if moderation == Moderation.INVALID:
        comment.decision, comment.decision_reason, comment.decided_by, comment.decided_at = "", "", None, None
    comment.save(
        update_fields=[
            "moderation",
            "moderation_note",
            "public_body",
            "decision",
            "decision_reason",
            "decided_by",
            "decided_at",
        ]
    )
    if moderation == Moderation.SHOWN:
        # 去标识化 before anything of a comment is public (条例第十五条).
        privacy_mask_apply(actor=actor, obj=comment, fields=["public_body"])
    audit_record(
        actor=actor,
        action="consultation.comment_moderated",
        obj=comment,
        before=before,
        after={"moderation": moderation},
        note=note,
    )
    return comment


@transaction.atomic
def comment_decide(
    *, actor: Any, comment: Comment, decision: str, reason: str = "", today: datetime.date | None = None
) -> Comment:
    """采纳 / 部分采纳 / 不予采纳 with its reason, after the consultation closed."""
    comment, consultation = _lock_comment(comment)
    if not permissions.can_see_consultation_work(actor, consultation.org):
        raise NotFound("未找到该意见。")
    if not permissions.can_handle_comments(actor, consultation.org):
        raise PermissionDenied("您不能处理该征求意见的意见。")
    check_phase(consultation, today_or(today), {Phase.CLOSED}, "作出采纳决定")
    errors: dict[str, list[str]] = {}
    if decision not in Adoption.values:
        errors["decision"] = ["请选择采纳、部分采纳或不予采纳。"]
    if comment.moderation == Moderation.PENDING:
        errors["moderation"] = ["请先审核该意见。"]
    elif comment.moderation == Moderation.INVALID:
        errors["moderation"] = ["该意见已认定为无效意见，无需作出采纳决定。"]
    reason = clean_text(
        reason,
        label="理由",
        field="reason",
        required=decision in (Adoption.PARTLY, Adoption.NOT_ADOPTED),
        limit=1000,
        errors=errors,
    )
    if errors:
        raise ValidationFailed("采纳决定有误，未保存。", code="decision_invalid", fields=errors)
    before = {"decision": comment.decision, "reason": comment.decision_reason}
    comment.decision = decision
    comment.decision_reason = reason
    comment.decided_by = actor
    comment.decided_at = timezone.now()
    comment.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="consultation.comment_decided",
        obj=comment,
        before=before,
        after={"decision": decision, "reason": reason},
    )
    return comment


@transaction.atomic
def consultation_publish_feedback(
    *,
    actor: Any,
    consultation: Consultation,
    note: str = "",
    final_publication_id: int | None = None,
    final_document_title: str = "",
    today: datetime.date | None = None,
) -> Consultation:
    """Publish the 意见采纳情况 (counts and reasons, grouped), with the final document if issued.

    Refused while a comment awaits moderation or a valid comment has no decision.
    """
    item = _lock(consultation)
    if not permissions.can_see_consultation_work(actor, item.org):
        raise NotFound("未找到该征求意见。")
    if not permissions.can_publish_feedback(actor, item.org):
        raise PermissionDenied("只有签发人员或政务公开管理员可以公布采纳情况。")
    today = today_or(today)
    check_phase(item, today, {Phase.CLOSED}, "公布采纳情况")
    feedback = selectors.feedback_build(item)
    errors: dict[str, list[str]] = {}
    if feedback["pending_moderation"]:
        errors["comments"] = [f"还有{feedback['pending_moderation']}条意见未审核。"]
    if feedback["undecided"]:
        undecided = list(
            item.comments.exclude(moderation=Moderation.INVALID).filter(decision="").values_list("pk", flat=True)
        )
        errors.setdefault("comments", []).append(
            f"还有{feedback['undecided']}条意见未作出采纳决定（意见编号：{'、'.join(map(str, undecided))}）。"
        )
    if final_publication_id is not None:
        try:
            final = disclosure_selectors.publication_get_public(pk=final_publication_id)
        except ApplicationError:
            errors["final_publication_id"] = ["正式文件须是已公开的政府信息。"]
        else:
            final_document_title = final_document_title.strip() or final.title
    note = clean_text(note, label="总体说明", field="note", required=False, limit=MAX_TEXT, errors=errors)
    if errors:
        raise ValidationFailed("采纳情况不能公布。", code="feedback_incomplete", fields=errors)
    item.state = ConsultationState.FEEDBACK_PUBLISHED
    item.feedback_snapshot = feedback
    item.feedback_note = note
    item.feedback_published_on = today
    item.final_publication_id = final_publication_id
    item.final_document_title = final_document_title.strip()[:300]
    item.save(
        update_fields=[
            "state",
            "feedback_snapshot",
            "feedback_note",
            "feedback_published_on",
            "final_publication_id",
            "final_document_title",
        ]
    )
    outbox_emit(topic=CONSULTATION_CHANGED, obj=item)
    audit_record(
        actor=actor,
        action="consultation.feedback_published",
        obj=item,
        after={
            "received": feedback["received"],
            "valid": feedback["valid"],
            "counts": {g["decision"]: g["count"] for g in feedback["groups"]},
            "final_publication_id": final_publication_id,
        },
    )
    return item
