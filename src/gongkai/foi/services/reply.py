"""The reply: drafting the 答复书 from the outcome, the information sent with it, signing
(签发, which stops the clock) and closing (办结)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from gongkai.core.actors import Actor
from gongkai.core.errors import ValidationFailed
from gongkai.core.transitions import Context
from gongkai.foi import letters as compose
from gongkai.foi import selectors
from gongkai.foi.models import Application, EventKind, FeeNotice, Letter, LetterKind, ReplyAttachment, State
from gongkai.foi.outcomes import (
    NEEDS_CORRECTION_DONE,
    NEEDS_EXPIRED_CORRECTION,
    NEEDS_EXPIRED_FEE,
    OUTCOMES_BY_KEY,
    WITHHOLDING_KEYS,
)
from gongkai.foi.services._common import AppContext, add_event, refresh_clock, signed_in_user
from gongkai.foi.services._common import today as _today
from gongkai.foi.services.letters import sign
from gongkai.foi.transitions import APPLICATION, FEE_NOTICE, Action, FeeAction
from gongkai.privacy.services import privacy_override_record


@dataclass
class ReplyDetails:
    outcome: str
    provision: str = ""  # how the information is provided (第三十六条第（二）项、第四十条)
    published_url: str = ""  # 已主动公开: where (第三十六条第（一）项)
    reasons: str = ""
    withheld_ground: str = ""  # 部分公开: the ground of the withheld part (第三十七条)
    responsible_agency: str = ""  # 第三十六条第（五）项
    responsible_contact: str = ""
    legal_basis: str = ""  # 其他: the officer names the basis

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and k != "outcome"}


def check_outcome(ctx: AppContext, details: ReplyDetails, today: datetime.date) -> None:
    """The outcome must fit the case (409) and carry what its letter needs (422)."""
    app, row = ctx.obj, ctx.transition
    outcome = OUTCOMES_BY_KEY.get(details.outcome)
    if outcome is None:
        raise ValidationFailed("请选择办理结果。", fields={"outcome": ["请选择办理结果。"]})
    if app.state == State.AWAITING_CORRECTION or details.outcome == NEEDS_EXPIRED_CORRECTION:
        deadline = selectors.correction_deadline(app)
        if details.outcome != NEEDS_EXPIRED_CORRECTION or app.state != State.AWAITING_CORRECTION:
            raise APPLICATION.refuse(app, row, "等待补正期间只能在补正期限届满后按“逾期不补正”处理（第三十条）。")
        if deadline is None or today <= deadline:
            raise APPLICATION.refuse(app, row, "补正期限尚未届满，不能视为放弃申请（第三十条）。")
    if app.state == State.AWAITING_FEE or details.outcome == NEEDS_EXPIRED_FEE:
        notice = selectors.fee_notice_of(app)
        if details.outcome != NEEDS_EXPIRED_FEE or app.state != State.AWAITING_FEE or notice is None:
            raise APPLICATION.refuse(app, row, "等待缴费期间只能在缴费期限届满后按“逾期未缴费”处理。")
        if today <= notice.pay_by:
            raise APPLICATION.refuse(app, row, "缴费期限尚未届满，不能视为放弃申请。")
    if details.outcome == NEEDS_CORRECTION_DONE and not selectors.has_event(app, EventKind.CORRECTED):
        raise APPLICATION.refuse(app, row, "申请人未曾补正，不能按“补正后申请内容仍不明确”处理。")
    errors: dict[str, list[str]] = {}
    if details.outcome == "disclosed" and not (details.provision.strip() or details.published_url.strip()):
        errors["provision"] = ["请写明提供信息的方式，或已主动公开信息的获取途径。"]
    if details.outcome == "partly_disclosed":
        if details.withheld_ground not in WITHHOLDING_KEYS:
            errors["withheld_ground"] = ["请选择不予公开部分的依据。"]
        if not details.provision.strip():
            errors["provision"] = ["请写明可以公开部分的提供方式。"]
    if outcome.needs_reasons and not details.reasons.strip():
        errors["reasons"] = ["该办理结果须说明理由。"]
    if details.outcome == "other_reason" and not details.legal_basis.strip():
        errors["legal_basis"] = ["请写明处理的依据。"]
    if errors:
        raise ValidationFailed("答复内容不完整。", code="reply_invalid", fields=errors)


def draft_letter(ctx: AppContext, details: ReplyDetails, today: datetime.date) -> Letter:
    """Compose (or recompose) the draft 答复书 of the locked case; used by 起草 and by 转送."""
    app = ctx.obj
    check_outcome(ctx, details, today)
    letter = app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT).first()
    if letter is None:
        letter = Letter(application=app, kind=LetterKind.REPLY, title=LetterKind.REPLY.label)
    letter.outcome = details.outcome
    letter.details = details.as_json()
    letter.recipient = app.applicant_name
    letter.body = compose.compose_reply(app, details.outcome, details.as_json())
    letter.save()
    ctx.after["outcome"] = details.outcome
    return letter


def reply_draft(
    *, actor: Actor, application: Application, details: ReplyDetails, today: datetime.date | None = None
) -> Letter:
    """Compose the 答复书 from the outcome; it stays editable until signed."""
    return APPLICATION.apply(actor, application, Action.DRAFT_REPLY, details=details, today=today)


@APPLICATION.effect(Action.DRAFT_REPLY)
def _draft_reply(ctx: AppContext) -> Letter:
    return draft_letter(ctx, ctx.data["details"], ctx.data.get("today") or _today())


def _scan_attachment_text(text: str) -> tuple[dict[str, Any], Any]:
    from gongkai.privacy.scanner import scan_text

    report = scan_text(text, checks=("personal", "spam"))
    counts = report.counts_by_kind()
    return {"blocking": sum(counts.values()), "counts": counts}, report


def reply_attachment_add(*, actor: Actor, application: Application, upload: Any) -> ReplyAttachment:
    """Attach the information provided with the reply; scanned at once for personal data."""
    return APPLICATION.apply(actor, application, Action.ADD_REPLY_ATTACHMENT, upload=upload)


@APPLICATION.effect(Action.ADD_REPLY_ATTACHMENT)
def _add_reply_attachment(ctx: AppContext) -> ReplyAttachment:
    from gongkai.privacy.extract import check_upload

    upload = ctx.data["upload"]
    checked = check_upload(upload)
    summary, _ = _scan_attachment_text(checked.text)
    attachment = ReplyAttachment(
        application=ctx.obj,
        name=checked.name,
        media_type=checked.media_type,
        size=checked.size,
        text=checked.text,
        scan_summary=summary,
        added_by=signed_in_user(ctx.actor),
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    ctx.after.update({"attachment": attachment.pk, "name": checked.name, "scan": summary})
    return attachment


def application_reply(
    *, actor: Actor, application: Application, on: datetime.date | None = None, override_reason: str = ""
) -> Letter:
    """Sign the drafted 答复书: the outcome is recorded and the clock stops.

    The information sent with it passes the pre-release scan: personal data of others found in
    an attachment blocks the reply until the attachment is replaced by a redacted one, or the
    signer records why it may go out (audited)."""
    return APPLICATION.apply(actor, application, Action.REPLY, on=on, override_reason=override_reason)


@APPLICATION.effect(Action.REPLY)
def _reply(ctx: AppContext) -> Letter:
    app = ctx.obj
    on = ctx.data.get("on") or _today()
    override_reason = str(ctx.data.get("override_reason") or "")
    letter = app.letters.select_for_update().filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT).first()
    if letter is None:
        raise APPLICATION.refuse(app, ctx.transition, "请先起草答复书。")
    check_outcome(ctx, ReplyDetails(outcome=letter.outcome, **letter.details), on)
    for attachment in app.reply_attachments.all():
        summary, report = _scan_attachment_text(attachment.text)
        if not summary["blocking"]:
            continue
        if not override_reason.strip():
            raise ValidationFailed(
                f"答复附件“{attachment.name}”中有{summary['blocking']}处个人信息等问题：请上传去标识化后的文件，"
                "或填写仍须提供的理由。",
                code="scan_findings_unresolved",
                fields={"override_reason": ["请填写理由。"]},
            )
        privacy_override_record(actor=ctx.actor, obj=attachment, report=report, reason=override_reason)
    if letter.outcome == NEEDS_EXPIRED_FEE:
        notice = selectors.fee_notice_of(app)
        if notice is not None and notice.status == FeeNotice.Status.PENDING:
            FEE_NOTICE.apply_nested(ctx.actor, notice, FeeAction.EXPIRE)
    ctx.before["outcome"] = app.outcome
    ctx.update(outcome=letter.outcome, replied_on=on)
    add_event(app, EventKind.REPLIED, on, ctx.actor, {"outcome": letter.outcome})
    clock = refresh_clock(ctx, on)
    letter = sign(letter, ctx.actor, on)
    ctx.after.update({"outcome": letter.outcome, "letter": letter.number})
    ctx.after["late"] = clock.due_on is not None and on > clock.due_on
    return letter


def application_close(*, actor: Actor, application: Application, on: datetime.date | None = None) -> Application:
    """办结 and 归档 (第四十五条): the reply was delivered."""
    return APPLICATION.apply(actor, application, Action.CLOSE, on=on)


@APPLICATION.effect(Action.CLOSE)
def _close(ctx: AppContext) -> Application:
    on = ctx.data.get("on") or _today()
    ctx.update(closed_on=on)
    ctx.touch("updated_at")
    add_event(ctx.obj, EventKind.CLOSED, on, ctx.actor)
    return ctx.obj


@FEE_NOTICE.effect(FeeAction.EXPIRE)
def _expire_fee_notice(ctx: Context[FeeNotice]) -> FeeNotice:
    """逾期未缴费: the reply treating the application as abandoned closes the notice."""
    return ctx.obj
