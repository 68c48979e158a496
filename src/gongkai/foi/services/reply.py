"""The reply: drafting the 答复书 from the outcome, the information sent with it, signing
(签发, which stops the clock) and closing (办结)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from gongkai.core.actors import Actor
from gongkai.core.errors import ValidationFailed
from gongkai.core.transitions import Context
from gongkai.core.uploads import chosen_file, delete_upload_on_commit
from gongkai.foi import letters as compose
from gongkai.foi import selectors
from gongkai.foi.models import Application, EventKind, FeeNotice, Letter, LetterKind, ReplyAttachment, State
from gongkai.foi.outcomes import (
    DISCLOSING_KEYS,
    NEEDS_CORRECTION_DONE,
    NEEDS_EARLIER_REPLY,
    NEEDS_EXPIRED_CORRECTION,
    NEEDS_EXPIRED_FEE,
    NEEDS_LAW_ARTICLE,
    NEEDS_REASONS_REFUSED,
    OUTCOMES_BY_KEY,
    WITHHOLDING_KEYS,
)
from gongkai.foi.remedies import missing_from
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
    # 第十四条 法律、行政法规禁止公开: the law and article, e.g. 《中华人民共和国统计法》第三十九条
    law_article: str = ""
    # 第三十六条第（六）项: the registration number of the earlier application already answered
    earlier_application: str = ""

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and k != "outcome"}


# 《……》第N条 (Chinese or Arabic numerals): the form a cited law and article must take.
LAW_ARTICLE = re.compile(r"^《[^《》]{2,60}》第[一二三四五六七八九十百零〇\d]{1,8}条")


def _earlier_text(app: Application, number: str) -> str:
    earlier = selectors.earlier_replied_application(app, number)
    if earlier is None or earlier.replied_on is None:
        return ""
    letter = earlier.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.SIGNED).order_by("-id").first()
    ref = f"（{letter.number}）" if letter is not None and letter.number else ""
    return (
        f"您于{compose.cn_date(earlier.received_on)}提出的政府信息公开申请（登记号：{earlier.registration_number}），"
        f"本机关已于{compose.cn_date(earlier.replied_on)}作出答复{ref}。"
    )


def _reasons_text(app: Application) -> str:
    requested = selectors.last_event(app, EventKind.REASONS_REQUESTED)
    recorded = selectors.last_event(app, EventKind.REASONS_RECORDED)
    if requested is None or recorded is None:
        return ""
    reply_by = selectors.reasons_reply_by(app)
    result = "您逾期未说明理由" if recorded.data.get("verdict") == "not_given" else "经审查，您说明的理由不合理"
    asked = f"本机关已于{compose.cn_date(requested.on)}要求您说明理由"
    if reply_by is not None:
        asked += f"（期限至{compose.cn_date(reply_by)}）"
    return f"{asked}，{result}。"


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
        if notice.pay_by is None:
            raise APPLICATION.refuse(app, row, "邮寄的收费通知尚未登记签收，缴费期限尚未起算。")
        if today <= notice.pay_by:
            raise APPLICATION.refuse(app, row, "缴费期限尚未届满，不能视为放弃申请。")
    if details.outcome == NEEDS_CORRECTION_DONE and not selectors.has_event(app, EventKind.CORRECTED):
        raise APPLICATION.refuse(app, row, "申请人未曾补正，不能按“补正后申请内容仍不明确”处理。")
    if details.outcome == NEEDS_REASONS_REFUSED and selectors.reasons_verdict(app) not in ("unreasonable", "not_given"):
        # 第三十五条: 不予处理 only after asking for reasons and finding them absent or unreasonable.
        raise APPLICATION.refuse(
            app, row, "须先要求申请人说明理由，且理由逾期未说明或经审查不合理，才能不予处理（第三十五条）。"
        )
    if not selectors.review_body_of(app.org).resolved:
        raise APPLICATION.refuse(
            app, row, "未能确定本机关的行政复议机关，请政务公开管理员先设置（《中华人民共和国行政复议法》第二十四条）。"
        )
    errors: dict[str, list[str]] = {}
    if details.outcome == "disclosed" and not (details.provision.strip() or details.published_url.strip()):
        errors["provision"] = ["请写明提供信息的方式，或已主动公开信息的获取途径。"]
    if details.outcome == "partly_disclosed":
        if details.withheld_ground not in WITHHOLDING_KEYS:
            errors["withheld_ground"] = ["请选择不予公开部分的依据。"]
        if not details.provision.strip():
            errors["provision"] = ["请写明可以公开部分的提供方式。"]
    if outcome.needs_reasons and not details.reasons.strip():
        # 第三十六条第（三）项: 不予公开的 … 并说明理由 — the specific reason, not the category.
        errors["reasons"] = ["该办理结果须说明具体理由。"]
    withheld_by_law = details.outcome == NEEDS_LAW_ARTICLE or (
        details.outcome == "partly_disclosed" and details.withheld_ground == NEEDS_LAW_ARTICLE
    )
    if withheld_by_law and not LAW_ARTICLE.match(details.law_article.strip()):
        # 第十四条: which 法律、行政法规 forbids it, and which article.
        errors["law_article"] = ["请写明禁止公开的法律、行政法规名称及条款，如《中华人民共和国统计法》第三十九条。"]
    if details.outcome == NEEDS_EARLIER_REPLY and not _earlier_text(app, details.earlier_application):
        # 第三十六条第（六）项: only where an earlier application of the same applicant was answered.
        errors["earlier_application"] = ["请填写本申请人此前已获答复的申请的登记号。"]
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
    extra = {}
    if details.outcome == NEEDS_EARLIER_REPLY:
        extra["earlier_text"] = _earlier_text(app, details.earlier_application)
    if details.outcome == NEEDS_REASONS_REFUSED:
        extra["reasons_text"] = _reasons_text(app)
    body = selectors.review_body_of(app.org).name
    letter.body = compose.compose_reply(app, details.outcome, {**details.as_json(), **extra}, body)
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


# The files of one reply (each up to GONGKAI_MAX_ATTACHMENT_BYTES).
MAX_REPLY_ATTACHMENTS = 50


@APPLICATION.effect(Action.ADD_REPLY_ATTACHMENT)
def _add_reply_attachment(ctx: AppContext) -> ReplyAttachment:
    from gongkai.privacy.extract import check_upload

    if ctx.obj.reply_attachments.count() >= MAX_REPLY_ATTACHMENTS:
        raise ValidationFailed(
            f"一份答复最多附 {MAX_REPLY_ATTACHMENTS} 个文件，请合并后上传，或先删除不需要的文件。",
            code="attachments_too_many",
            fields={"file": ["答复附件数量已达上限。"]},
        )
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


def reply_attachment_remove(*, actor: Actor, application: Application, attachment_id: int) -> str:
    """Take a file off the reply before it is signed (a wrong file, or one to be replaced by its
    redacted copy, 第三十七条). Nothing has left the agency yet: the row and the stored file are
    deleted (the file once the transaction commits); the audit keeps its name. Returns the name."""
    return APPLICATION.apply(actor, application, Action.REMOVE_REPLY_ATTACHMENT, attachment_id=attachment_id)


@APPLICATION.effect(Action.REMOVE_REPLY_ATTACHMENT)
def _remove_reply_attachment(ctx: AppContext) -> str:
    wanted = ctx.data["attachment_id"]
    found = chosen_file(
        ctx.obj.reply_attachments.all(), wanted, message="该答复附件不存在或已删除。", hint="请选择本申请的答复附件。"
    )
    name = found.name
    found.delete()
    delete_upload_on_commit(found.file)
    ctx.after.update({"attachment": wanted, "name": name})
    return name


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
    details = ReplyDetails(outcome=letter.outcome, **letter.details)
    check_outcome(ctx, details, on)
    _check_remedies(ctx, letter)
    _check_third_parties(ctx, details, on)
    for attachment in app.reply_attachments.all():
        summary, report = _scan_attachment_text(attachment.text)
        if not summary["blocking"]:
            continue
        if not override_reason.strip():
            raise ValidationFailed(
                f"答复附件“{attachment.name}”中有{summary['blocking']}处个人信息等问题：请在办理页删除该文件、"
                "上传去标识化后的文件，或填写仍须提供的理由。",
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


def _check_remedies(ctx: AppContext, letter: Letter) -> None:
    """The signed letter states the remedies of its outcome, naming today's 复议机关 (行政复议法
    第二十三条第二款: the 复议前置 must be told; an admin's new setting means a new draft)."""
    body = selectors.review_body_of(ctx.obj.org).name
    if missing_from(letter.body, letter.outcome, body):
        raise APPLICATION.refuse(
            ctx.obj, ctx.transition, "答复书中的救济途径与办理结果或行政复议机关不一致，请重新起草答复书。"
        )


def _check_third_parties(ctx: AppContext, details: ReplyDetails, on: datetime.date) -> None:
    """第三十二条: disclosing over a third party's objection only after the written notice to it,
    and not before the disclosure date the notice gave. A 部分公开 whose withheld part is the
    third party's (第十五条) honours the objection and needs no notice."""
    if details.outcome not in DISCLOSING_KEYS:
        return
    if details.outcome == "partly_disclosed" and details.withheld_ground == "withheld_third_party":
        return
    app = ctx.obj
    pending = selectors.objections_without_notice(app)
    if pending:
        names = "、".join(c.party_name for c in pending)
        raise APPLICATION.refuse(
            app, ctx.transition, f"第三方（{names}）不同意公开：决定公开的，须先书面告知第三方（第三十二条）。"
        )
    disclose_on = selectors.latest_disclosure_date(app)
    if disclose_on is not None and on < disclose_on:
        raise APPLICATION.refuse(
            app,
            ctx.transition,
            f"已告知第三方于{disclose_on:%Y年%m月%d日}起公开，此前不能签发公开的答复（第三十二条）。",
        )


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
