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

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.core.uploads import chosen_file, delete_upload_on_commit
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
    same_text,
    snapshot,
    today_or,
    token_reused,
)
from gongkai.participation.transitions import (
    COMMENT,
    CONSULTATION,
    CommentAction,
    ConsultationAction,
    Phase,
    check_phase,
    on_day,
)
from gongkai.participation.transitions import (
    today as act_day,
)
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


@transaction.atomic
def consultation_create(
    *, actor: Actor, org: Organization, data: ConsultationInput, source_key: str | None = None
) -> Consultation:
    """Prepare a consultation as a draft (not public)."""
    if not permissions.can_draft_consultation(actor, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    data = _validate(data)
    item = Consultation.objects.create(
        org=org,
        created_by_id=actor.pk if actor.is_authenticated else None,
        source_key=source_key,
        **{name: getattr(data, name) for name in _FIELDS},
    )
    audit_record(actor=actor, action="consultation.created", obj=item, after=snapshot(item, _FIELDS))
    return item


def _apply_on_day(
    actor: Actor, consultation: Consultation, action: str, today: datetime.date | None, **data: Any
) -> Any:
    with on_day(today):
        return CONSULTATION.apply(actor, consultation, action, **data)


def consultation_update(
    *, actor: Actor, consultation: Consultation, data: ConsultationInput, today: datetime.date | None = None
) -> Consultation:
    """Change a draft; once published only until it starts (the public must see what it comments on)."""
    return _apply_on_day(actor, consultation, ConsultationAction.UPDATE, today, data=data)


@CONSULTATION.effect(ConsultationAction.UPDATE)
def _update(ctx: Context[Consultation]) -> Consultation:
    item = ctx.obj
    data = _validate(ctx.data["data"])
    ctx.before.update(snapshot(item, _FIELDS))
    ctx.update(**{name: getattr(data, name) for name in _FIELDS})
    if item.state == ConsultationState.PUBLISHED:
        _check_period(item, act_day())
        outbox_emit(topic=CONSULTATION_CHANGED, obj=item)
    ctx.after.update(snapshot(item, _FIELDS))
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


def consultation_open(*, actor: Actor, consultation: Consultation, today: datetime.date | None = None) -> Consultation:
    """Publish the consultation: from its start date it takes comments until its end date.

    A period shorter than the legal minimum for its type needs a recorded reason, shown publicly.
    `today` is the date of the act (a record of a past consultation passes that date).
    """
    return _apply_on_day(actor, consultation, ConsultationAction.OPEN, today)


@CONSULTATION.effect(ConsultationAction.OPEN)
def _open(ctx: Context[Consultation]) -> Consultation:
    item = ctx.obj
    check = _check_period(item, act_day())
    ctx.update(published_at=timezone.now())
    outbox_emit(topic=CONSULTATION_CHANGED, obj=item)
    ctx.after.update(
        {
            "starts_on": item.starts_on.isoformat(),
            "ends_on": item.ends_on.isoformat(),
            "length": check.length,
            "minimum": check.minimum.label if check.minimum else None,
            "shortened": check.is_short,
        }
    )
    ctx.note = item.shortened_reason if check.is_short else ""
    return item


def consultation_withdraw(
    *, actor: Actor, consultation: Consultation, reason: str, today: datetime.date | None = None
) -> Consultation:
    """撤回 a draft or a published consultation (its page then says so), with the reason."""
    return _apply_on_day(actor, consultation, ConsultationAction.WITHDRAW, today, reason=reason)


@CONSULTATION.effect(ConsultationAction.WITHDRAW)
def _withdraw(ctx: Context[Consultation]) -> Consultation:
    errors: dict[str, list[str]] = {}
    reason = clean_text(
        ctx.data.get("reason", ""), label="撤回理由", field="reason", required=True, limit=500, errors=errors
    )
    if errors:
        raise ValidationFailed("未撤回。", code="reason_required", fields=errors)
    ctx.note = reason
    if ctx.obj.state == ConsultationState.PUBLISHED:
        outbox_emit(topic=CONSULTATION_CHANGED, obj=ctx.obj)
    return ctx.obj


def consultation_attach(*, actor: Actor, consultation: Consultation, upload: UploadedFile) -> ConsultationAttachment:
    """Attach the draft or its 起草说明 as a file (PDF, DOCX, XLSX, images), checked by content."""
    return _apply_on_day(actor, consultation, ConsultationAction.ATTACH, None, upload=upload)


# The files of one consultation (the draft, its 起草说明, annexes).
MAX_CONSULTATION_ATTACHMENTS = 20


@CONSULTATION.effect(ConsultationAction.ATTACH)
def _attach(ctx: Context[Consultation]) -> ConsultationAttachment:
    if ctx.obj.attachments.count() >= MAX_CONSULTATION_ATTACHMENTS:
        raise ValidationFailed(
            f"每项征求意见最多 {MAX_CONSULTATION_ATTACHMENTS} 个附件，请先删除不需要的附件。",
            code="attachments_too_many",
            fields={"file": ["附件数量已达上限。"]},
        )
    upload = ctx.data["upload"]
    checked = check_upload(upload)  # by content; refuses oversized, disguised or unreadable files
    name, media_type = checked.name, checked.media_type
    attachment = ConsultationAttachment(consultation=ctx.obj, name=name, media_type=media_type, size=checked.size)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    ctx.after.update({"attachment": attachment.pk, "name": name, "media_type": media_type, "size": checked.size})
    return attachment


def consultation_detach(*, actor: Actor, consultation: Consultation, attachment_id: int) -> str:
    """Take a file off a draft consultation (never public yet: the row and the stored file go, the
    file once the transaction commits; the audit keeps its name). Returns the name."""
    return _apply_on_day(actor, consultation, ConsultationAction.DETACH, None, attachment_id=attachment_id)


@CONSULTATION.effect(ConsultationAction.DETACH)
def _detach(ctx: Context[Consultation]) -> str:
    wanted = ctx.data["attachment_id"]
    found = chosen_file(
        ctx.obj.attachments.all(), wanted, message="该附件不存在或已删除。", hint="请选择本征求意见的附件。"
    )
    name = found.name
    found.delete()
    delete_upload_on_commit(found.file)
    ctx.after.update({"attachment": wanted, "name": name})
    return name


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

    def same(c: Comment) -> bool:
        return c.consultation_id == item.pk and same_text(c.body, body)

    existing = Comment.objects.filter(token=token).first()
    if existing is not None:
        if not same(existing):
            raise token_reused()
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

    comment, created = once(Comment, token, create, same)
    if created:
        audit_record(
            actor=None,
            action="consultation.comment_received",
            obj=comment,
            after={"consultation": item.pk, "channel": Channel.PORTAL.value, "paragraph": paragraph},
        )
    return comment, created


def comment_register(
    *,
    actor: Actor,
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
    return _apply_on_day(
        actor,
        consultation,
        ConsultationAction.REGISTER_COMMENT,
        today,
        channel=channel,
        body=body,
        received_on=received_on,
        paragraph=paragraph,
        author_name=author_name,
        author_contact=author_contact,
    )


@CONSULTATION.effect(ConsultationAction.REGISTER_COMMENT)
def _register_comment(ctx: Context[Consultation]) -> Comment:
    item, data = ctx.obj, ctx.data
    channel, received_on, paragraph = data["channel"], data["received_on"], data.get("paragraph")
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values or channel == Channel.PORTAL:
        errors["channel"] = ["请选择信函、传真、电子邮件、座谈会或其他渠道。"]
    if not item.starts_on <= received_on <= min(item.ends_on, act_day()):
        errors["received_on"] = [f"收到日期须在征求意见期间（{item.starts_on}至{item.ends_on}）内，且不晚于今天。"]
    body = clean_text(data["body"], label="意见内容", field="body", required=True, limit=MAX_TEXT, errors=errors)
    author_name = clean_text(
        data.get("author_name", ""), label="姓名或单位", field="author_name", required=False, limit=100, errors=errors
    )
    author_contact = clean_text(
        data.get("author_contact", ""),
        label="联系方式",
        field="author_contact",
        required=False,
        limit=100,
        errors=errors,
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
        registered_by_id=ctx.actor.pk,
    )
    ctx.after.update({"comment": comment.pk, "channel": channel, "received_on": received_on.isoformat()})
    return comment


def comment_moderate(*, actor: Actor, comment: Comment, moderation: str, note: str = "") -> Comment:
    """审核 before a comment is shown: shown (its text masked of personal data), valid but not
    shown, or invalid (spam, unrelated — excluded from the feedback's decisions)."""
    return COMMENT.apply(actor, comment, CommentAction.MODERATE, moderation=moderation, note=note)


@COMMENT.effect(CommentAction.MODERATE)
def _moderate(ctx: Context[Comment]) -> Comment:
    comment = ctx.obj
    moderation = ctx.data.get("moderation", "")
    if moderation not in (Moderation.SHOWN, Moderation.NOT_SHOWN, Moderation.INVALID):
        raise ValidationFailed("审核结论无效。", code="moderation_invalid", fields={"moderation": ["无效的结论。"]})
    note = (ctx.data.get("note") or "").strip()[:200]
    if moderation != Moderation.SHOWN and not note:
        raise ValidationFailed(
            "不公开显示或认定无效时须说明理由。", code="note_required", fields={"note": ["请填写理由。"]}
        )
    ctx.move_to(moderation)
    public_body = ""
    if moderation == Moderation.SHOWN:
        known = {"name": comment.author_name, "phone": comment.author_contact, "email": comment.author_contact}
        public_body = mask_known(comment.body, **known)[0]
    ctx.update(moderation_note=note, public_body=public_body)
    if moderation == Moderation.INVALID:
        ctx.update(decision="", decision_reason="", decided_by=None, decided_at=None)
    if moderation == Moderation.SHOWN:
        # 去标识化 before anything of a comment is public (条例第十五条). The masking service
        # reads the stored text, so the copy is stored first; the engine saves the masked one.
        comment.save(update_fields=["public_body"])
        privacy_mask_apply(actor=ctx.actor, obj=comment, fields=["public_body"])
    ctx.after["moderation"] = moderation
    ctx.note = note
    return comment


def comment_decide(
    *, actor: Actor, comment: Comment, decision: str, reason: str = "", today: datetime.date | None = None
) -> Comment:
    """采纳 / 部分采纳 / 不予采纳 with its reason, after the consultation closed."""
    with on_day(today):
        return COMMENT.apply(actor, comment, CommentAction.DECIDE, decision=decision, reason=reason)


@COMMENT.effect(CommentAction.DECIDE)
def _decide(ctx: Context[Comment]) -> Comment:
    comment = ctx.obj
    decision = ctx.data.get("decision", "")
    errors: dict[str, list[str]] = {}
    if decision not in Adoption.values:
        errors["decision"] = ["请选择采纳、部分采纳或不予采纳。"]
    if comment.moderation == Moderation.PENDING:
        errors["moderation"] = ["请先审核该意见。"]
    elif comment.moderation == Moderation.INVALID:
        errors["moderation"] = ["该意见已认定为无效意见，无需作出采纳决定。"]
    reason = clean_text(
        ctx.data.get("reason", ""),
        label="理由",
        field="reason",
        required=decision in (Adoption.PARTLY, Adoption.NOT_ADOPTED),
        limit=1000,
        errors=errors,
    )
    if errors:
        raise ValidationFailed("采纳决定有误，未保存。", code="decision_invalid", fields=errors)
    ctx.before.update({"decision": comment.decision, "reason": comment.decision_reason})
    ctx.update(decision=decision, decision_reason=reason, decided_by=ctx.actor, decided_at=timezone.now())
    ctx.after.update({"decision": decision, "reason": reason})
    return comment


def consultation_publish_feedback(
    *,
    actor: Actor,
    consultation: Consultation,
    note: str = "",
    final_publication_id: int | None = None,
    final_document_title: str = "",
    today: datetime.date | None = None,
) -> Consultation:
    """Publish the 意见采纳情况 (counts and reasons, grouped), with the final document if issued.

    Refused while a comment awaits moderation or a valid comment has no decision.
    """
    return _apply_on_day(
        actor,
        consultation,
        ConsultationAction.PUBLISH_FEEDBACK,
        today,
        note=note,
        final_publication_id=final_publication_id,
        final_document_title=final_document_title,
    )


@CONSULTATION.effect(ConsultationAction.PUBLISH_FEEDBACK)
def _publish_feedback(ctx: Context[Consultation]) -> Consultation:
    item = ctx.obj
    final_publication_id = ctx.data.get("final_publication_id")
    final_document_title = ctx.data.get("final_document_title") or ""
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
    note = clean_text(
        ctx.data.get("note", ""), label="总体说明", field="note", required=False, limit=MAX_TEXT, errors=errors
    )
    if errors:
        raise ValidationFailed("采纳情况不能公布。", code="feedback_incomplete", fields=errors)
    ctx.update(
        feedback_snapshot=feedback,
        feedback_note=note,
        feedback_published_on=act_day(),
        final_publication_id=final_publication_id,
        final_document_title=final_document_title.strip()[:300],
    )
    outbox_emit(topic=CONSULTATION_CHANGED, obj=item)
    ctx.after.update(
        {
            "received": feedback["received"],
            "valid": feedback["valid"],
            "counts": {g["decision"]: g["count"] for g in feedback["groups"]},
            "final_publication_id": final_publication_id,
        }
    )
    return item
