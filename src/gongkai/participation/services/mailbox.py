"""领导信箱 / 网民留言: receive, route (转办), reply, review with 去标识化 before the public reply
wall, rate, reopen for 回访 after 不满意, dismiss.

Reply deadlines are local rules in working days (regulations.md §6.3 [L]: 沈阳 3/10 WD); each
org sets its own (`ParticipationSettings.mailbox_reply_working_days`). The deadline runs from
receipt, counting from the next day (as the working-day engine does), and is stored with the
working-day app so that it moves when a holiday schedule is entered. A reopened case gets a new
deadline of the same length from the day of the unhappy rating. The 检查指标 (国办秘函〔2019〕19号)
make a valid message unanswered for more than 3 months a veto: the 督办 list is how it is avoided.
"""

import dataclasses
import datetime
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.core.urls import public_url
from gongkai.notify import services as notify
from gongkai.notify.models import Channel as NotifyChannel
from gongkai.orgs.models import Organization
from gongkai.participation import domain, selectors, wall
from gongkai.participation.models import (
    Message,
    MessageCategory,
    MessageEvent,
    MessageState,
    Satisfaction,
)
from gongkai.participation.permissions import MessageWriter
from gongkai.participation.services._common import (
    MAX_TEXT,
    check_token,
    clean_text,
    once,
    same_text,
    today_or,
    token_reused,
)
from gongkai.participation.transitions import MESSAGE, MessageAction, on_day
from gongkai.participation.transitions import today as act_day
from gongkai.privacy.services import privacy_mask_apply
from gongkai.workdays import services as workdays_services

OWNER_LABEL = "participation.message"
# Outbox topic: what the reply wall shows of a message changed; the search indexer follows it.
MESSAGE_CHANGED = "message.changed"
_PHONE = re.compile(r"^[0-9+\-() ]{7,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _event(
    message: Message, kind: str, on: datetime.date, actor: Actor | None = None, note: str = "", org: Any = None
) -> None:
    MessageEvent.objects.create(
        message=message,
        kind=kind,
        on=on,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        org=org,
        note=note,
    )


def _track_deadline(message: Message, start: datetime.date, actor: Actor | None) -> None:
    days = selectors.settings_for(message.org).mailbox_reply_working_days
    deadline = workdays_services.deadline_track(
        owner_label=OWNER_LABEL, owner_id=message.pk, kind="reply", start=start, working_days=days, actor=actor
    )
    message.due_on = deadline.due_date
    message.due_provisional = deadline.provisional


def on_deadlines_moved(changes: list[Any]) -> None:
    """Listener of the working-day app: a holiday schedule entered later moves stored deadlines."""
    for change in changes:
        Message.objects.filter(pk=int(change.owner_id)).update(
            due_on=change.new_due_date, due_provisional=change.new_provisional
        )


def _new_code(today: datetime.date) -> str:
    for _ in range(20):
        code = f"LY{today:%Y%m%d}{secrets.randbelow(10**5):05d}"
        if not Message.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not allocate a message code")


@transaction.atomic
def message_submit(
    *,
    org: Organization,
    category: str,
    subject: str,
    body: str,
    writer_name: str,
    token: str,
    writer_phone: str = "",
    writer_email: str = "",
    wants_public: bool = True,
    today: datetime.date | None = None,
) -> tuple[Message, str, bool]:
    """A citizen writes to `org`'s mailbox. Returns (message, query password, created).

    The query password lets the writer read the reply and rate it; it is derived from the
    form token, so a double submit answers with the same message and password.
    """
    token = check_token(token)
    secret = domain.derive_secret(settings.SECRET_KEY, token)

    def same(m: Message) -> bool:
        # A double submit repeats the form; the same token with another org or text is a reuse.
        return m.org_id == org.pk and same_text(m.subject, subject) and same_text(m.body, body)

    existing = Message.objects.filter(token=token).first()
    if existing is not None:
        if not same(existing):
            raise token_reused()
        return existing, secret, False
    today = today_or(today)
    errors: dict[str, list[str]] = {}
    if category not in MessageCategory.values:
        errors["category"] = ["请选择留言类别。"]
    subject = clean_text(subject, label="主题", field="subject", required=True, limit=100, errors=errors)
    body = clean_text(body, label="留言内容", field="body", required=True, limit=MAX_TEXT, errors=errors)
    writer_name = clean_text(writer_name, label="姓名", field="writer_name", required=True, limit=50, errors=errors)
    writer_phone = (writer_phone or "").strip()
    writer_email = (writer_email or "").strip()
    if not writer_phone and not writer_email:
        errors["writer_phone"] = ["请填写联系电话或电子邮箱，以便答复和回访。"]
    if writer_phone and not _PHONE.match(writer_phone):
        errors["writer_phone"] = ["联系电话格式不正确。"]
    if writer_email and (len(writer_email) > 254 or not _EMAIL.match(writer_email)):
        errors["writer_email"] = ["电子邮箱格式不正确。"]
    if errors:
        raise ValidationFailed("留言未提交，请检查后重试。", code="message_invalid", fields=errors)

    def create() -> Message:
        return Message.objects.create(
            org=org,
            code=_new_code(today),
            secret_digest=domain.digest(secret),
            category=category,
            subject=subject,
            body=body,
            wants_public=wants_public,
            writer_name=writer_name,
            writer_phone=writer_phone,
            writer_email=writer_email,
            received_on=today,
            state=MessageState.RECEIVED,
            token=token,
        )

    try:
        message, created = once(Message, token, create, same)
    except IntegrityError:  # a code taken between the check and the insert: try once more
        message, created = once(Message, token, create, same)
    if created:
        _track_deadline(message, today, None)
        message.save(update_fields=["due_on", "due_provisional"])
        _event(message, MessageEvent.Kind.RECEIVED, today, org=org)
        audit_record(
            actor=None,
            action="mailbox.message_received",
            obj=message,
            after={
                "org": org.pk,
                "category": category,
                "due_on": message.due_on.isoformat() if message.due_on else None,
            },
        )
    return message, secret, created


def _apply_on_day(actor: Actor, message: Message, action: str, today: datetime.date | None, **data: Any) -> Message:
    with on_day(today):
        result: Message = MESSAGE.apply(actor, message, action, **data)
    return result


def message_route(
    *, actor: Actor, message: Message, handling_org: Organization, note: str = "", today: datetime.date | None = None
) -> Message:
    """转办 to the responsible unit (the mailbox's org itself or an org of its subtree)."""
    return _apply_on_day(actor, message, MessageAction.ROUTE, today, handling_org=handling_org, note=note)


@MESSAGE.effect(MessageAction.ROUTE)
def _route(ctx: Context[Message]) -> Message:
    message, handling_org = ctx.obj, ctx.data["handling_org"]
    if not handling_org.path.startswith(message.org.path):
        raise ValidationFailed(
            "只能转办给本机构或其下属单位。",
            code="route_invalid",
            fields={"handling_org": ["办理单位不在本机构之下。"]},
        )
    ctx.before["handling_org"] = message.handling_org_id
    ctx.update(handling_org=handling_org)
    _event(
        message,
        MessageEvent.Kind.ROUTED,
        act_day(),
        ctx.actor,
        (ctx.data.get("note") or "").strip()[:500],
        org=handling_org,
    )
    ctx.after["handling_org"] = handling_org.pk
    return message


def message_reply(*, actor: Actor, message: Message, reply: str, today: datetime.date | None = None) -> Message:
    """The handling unit's reply; it goes to review before the writer or the public sees it."""
    return _apply_on_day(actor, message, MessageAction.REPLY, today, reply=reply)


@MESSAGE.effect(MessageAction.REPLY)
def _reply(ctx: Context[Message]) -> Message:
    message = ctx.obj
    errors: dict[str, list[str]] = {}
    reply = clean_text(
        ctx.data.get("reply", ""), label="答复内容", field="reply", required=True, limit=MAX_TEXT, errors=errors
    )
    if errors:
        raise ValidationFailed("答复未保存。", code="reply_invalid", fields=errors)
    ctx.update(reply=reply, replied_by=ctx.actor)
    _event(message, MessageEvent.Kind.REPLIED, act_day(), ctx.actor, org=message.handling_org)
    return message


def message_review(
    *,
    actor: Actor,
    message: Message,
    approve: bool,
    note: str = "",
    show_on_wall: bool = True,
    public_subject: str = "",
    public_body: str = "",
    public_reply: str = "",
    today: datetime.date | None = None,
) -> Message:
    """Review of a reply. Approved: the writer sees it, the case is closed (办结), and — if the
    writer agreed and the reviewer does not object — the message and reply appear on the public
    wall as masked copies (去标识化, 条例第十五条); the writer's name and contact never do.
    Returned: back to the handling unit with the reviewer's note."""
    if approve:
        edits = {"public_subject": public_subject, "public_body": public_body, "public_reply": public_reply}
        return _apply_on_day(
            actor, message, MessageAction.RELEASE, today, note=note, show_on_wall=show_on_wall, **edits
        )
    return _apply_on_day(actor, message, MessageAction.RETURN, today, note=note)


@MESSAGE.effect(MessageAction.RETURN)
def _return(ctx: Context[Message]) -> Message:
    note = (ctx.data.get("note") or "").strip()[:500]
    if not note:
        raise ValidationFailed("退回须写明修改意见。", code="note_required", fields={"note": ["请填写修改意见。"]})
    _event(ctx.obj, MessageEvent.Kind.RETURNED, act_day(), ctx.actor, note)
    ctx.note = note
    return ctx.obj


@MESSAGE.effect(MessageAction.RELEASE)
def _release(ctx: Context[Message]) -> Message:
    message, today = ctx.obj, act_day()
    note = (ctx.data.get("note") or "").strip()[:500]
    on_wall = bool(message.wants_public and ctx.data.get("show_on_wall", True))
    public = {"public_subject": "", "public_body": "", "public_reply": ""}
    if on_wall:
        # 条例第十五条: the wall shows only what the reviewer saw masked (participation.wall).
        edits = {name: str(ctx.data.get(name) or "") for name in wall.PUBLIC_FIELDS}
        public = dataclasses.asdict(wall.wall_copy(message, edits))
    ctx.update(
        answered_on=today,
        first_answered_on=message.first_answered_on or today,
        rating_open=True,
        on_wall=on_wall,
        **public,
    )
    if on_wall:
        # The masking service reads the stored copies: store them first; it masks once more and audits.
        message.save(update_fields=list(public))
        privacy_mask_apply(actor=ctx.actor, obj=message, fields=list(public))
    outbox_emit(topic=MESSAGE_CHANGED, obj=message)
    workdays_services.deadline_close(owner_label=OWNER_LABEL, owner_id=message.pk, actor=ctx.actor, note="已答复")
    _event(message, MessageEvent.Kind.RELEASED, today, ctx.actor, note)
    ctx.after.update({"answered_on": today.isoformat(), "on_wall": on_wall})
    _notify_writer(message)
    return message


def _notify_writer(message: Message) -> None:
    """The released reply, by e-mail to a writer who gave an address (issue 16). One message per
    release: a reply after 回访 is a new release with its own key."""
    if not message.writer_email:
        return
    try:
        link = f"{getattr(settings, 'GONGKAI_PUBLIC_BASE_URL', '')}{public_url('mailbox_track')}"
    except LookupError:
        link = "本网站的“留言查询”页面"
    notify.queue(
        channel=NotifyChannel.EMAIL,
        recipient=message.writer_email,
        subject=f"您的留言已答复（留言编号 {message.code}）",
        body=(
            f"您好：\n\n您的留言《{message.subject}》（留言编号：{message.code}）已有答复：\n\n{message.reply}\n\n"
            f"您可以凭留言编号和查询密码在以下页面查看答复并评价：\n{link}\n\n本邮件由系统发送，请勿直接回复。"
        ),
        idempotency_key=f"participation.mailbox_reply:{message.pk}:{message.reopen_count}",
    )


def message_rate(*, message: Message, secret: str, satisfaction: str, today: datetime.date | None = None) -> Message:
    """The writer rates the reply (满意 / 基本满意 / 不满意). 不满意 reopens the case for 回访,
    with a new reply deadline counted from today."""
    stored = Message.objects.filter(pk=message.pk).values_list("secret_digest", flat=True).first()
    if not secret or stored is None or domain.digest(secret.strip()) != stored:
        raise NotFound("留言编号或查询密码不正确。")
    return _apply_on_day(MessageWriter(message.pk), message, MessageAction.RATE, today, satisfaction=satisfaction)


@MESSAGE.effect(MessageAction.RATE)
def _rate(ctx: Context[Message]) -> Message:
    message, today = ctx.obj, act_day()
    satisfaction = ctx.data.get("satisfaction", "")
    if not message.rating_open:
        raise ValidationFailed("该答复已评价。", code="already_rated")
    if satisfaction not in Satisfaction.values:
        raise ValidationFailed(
            "请选择满意、基本满意或不满意。", code="rating_invalid", fields={"satisfaction": ["无效的评价。"]}
        )
    ctx.before["satisfaction"] = message.satisfaction
    ctx.update(satisfaction=satisfaction, rated_on=today, rating_open=False)
    _event(message, MessageEvent.Kind.RATED, today, note=Satisfaction(satisfaction).label)
    if satisfaction == Satisfaction.UNSATISFIED:
        ctx.move_to(MessageState.REOPENED)
        ctx.update(reopen_count=message.reopen_count + 1)
        _track_deadline(message, today, None)
        ctx.touch("due_on", "due_provisional")
        _event(message, MessageEvent.Kind.REOPENED, today, org=message.handling_org)
    ctx.after["satisfaction"] = satisfaction
    return message


def message_follow_up(
    *, actor: Actor, message: Message, note: str, reply: str, today: datetime.date | None = None
) -> Message:
    """回访 of an unhappy writer by the handling unit: what was found, and a new reply (reviewed again)."""
    return _apply_on_day(actor, message, MessageAction.FOLLOW_UP, today, note=note, reply=reply)


@MESSAGE.effect(MessageAction.FOLLOW_UP)
def _follow_up(ctx: Context[Message]) -> Message:
    message = ctx.obj
    errors: dict[str, list[str]] = {}
    note = clean_text(
        ctx.data.get("note", ""), label="回访记录", field="note", required=True, limit=MAX_TEXT, errors=errors
    )
    reply = clean_text(
        ctx.data.get("reply", ""), label="答复内容", field="reply", required=True, limit=MAX_TEXT, errors=errors
    )
    if errors:
        raise ValidationFailed("回访记录未保存。", code="follow_up_invalid", fields=errors)
    ctx.before["reply_length"] = len(message.reply)
    ctx.update(reply=reply, replied_by=ctx.actor)
    _event(message, MessageEvent.Kind.FOLLOWED_UP, act_day(), ctx.actor, note, org=message.handling_org)
    return message


def message_dismiss(*, actor: Actor, message: Message, reason: str, today: datetime.date | None = None) -> Message:
    """不予受理 (no content, duplicate, a 信访 matter transferred to the 信访 office …), with the reason."""
    return _apply_on_day(actor, message, MessageAction.DISMISS, today, reason=reason)


@MESSAGE.effect(MessageAction.DISMISS)
def _dismiss(ctx: Context[Message]) -> Message:
    message = ctx.obj
    reason = (ctx.data.get("reason") or "").strip()[:200]
    if not reason:
        raise ValidationFailed("请填写不予受理的理由。", code="reason_required", fields={"reason": ["请填写理由。"]})
    ctx.update(dismiss_reason=reason)
    if message.on_wall:  # the wall hides dismissed messages
        outbox_emit(topic=MESSAGE_CHANGED, obj=message)
    workdays_services.deadline_close(owner_label=OWNER_LABEL, owner_id=message.pk, actor=ctx.actor, note="不予受理")
    _event(message, MessageEvent.Kind.DISMISSED, act_day(), ctx.actor, reason)
    ctx.note = reason
    return message
