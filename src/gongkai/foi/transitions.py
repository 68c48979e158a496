"""The state tables of an application and of an appeal, declared once for the engine.

registered --accept--> in_progress
registered|in_progress --request_correction (once, within 7 WD of receipt: 第三十条)--> awaiting_correction
awaiting_correction --record_correction--> in_progress
in_progress --start_consultation (第三十二、三十四条)--> consulting --end_consultation (all answered)--> in_progress
in_progress --send_fee_notice (109号, within the reply period)--> awaiting_fee --record_payment--> in_progress
awaiting_fee --record_fee_delivery (a mailed notice's 签收, starts the 20 WD to pay)--> (same state)
registered|in_progress --request_reasons (once, 第三十五条, with a letter)--> --record_reasons--> (same state)
  then set_reasonable_period (reasons accepted) or reply 不予处理 (reasons not given or not reasonable)
in_progress|consulting --notify_third_party (第三十二条: disclosure over an objection)--> (same state);
  签发 of a disclosing reply waits for it
in_progress|consulting|awaiting_fee --extend (once, ≤ 20 WD, 工作机构负责人: 第三十三条)--> (same state)
registered|in_progress --reply--> replied --close--> closed
awaiting_correction --reply (视为放弃, after the deadline)--> replied
awaiting_fee --reply (逾期未缴费, after the deadline)--> replied
any open state --withdraw--> withdrawn
replied|closed, or open past its due date --record_appeal (行政复议、行政诉讼)--> (same state)

An appeal: pending --decide--> upheld | corrected | other (its result is its state).
A letter: draft --sign--> signed (a notice is signed as it is sent; the reply when 签发).
A fee notice: pending --pay--> paid | pending --expire (reply 逾期未缴费)--> expired.
Letters and fee notices move only inside an application's action (``apply_nested``).

Who may take each action comes from ``foi.permissions``; a case the actor may not see is 404.
The effects (validation and changes) are registered in ``gongkai.foi.services``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.transitions import Transition, Workflow
from gongkai.foi import permissions
from gongkai.foi.models import (
    OPEN_STATES,
    Appeal,
    AppealResult,
    Application,
    EventKind,
    FeeNotice,
    Letter,
    LetterKind,
    State,
)


class Action(models.TextChoices):
    ACCEPT = "accept", "受理"
    REQUEST_CORRECTION = "request_correction", "告知补正"
    RECORD_CORRECTION = "record_correction", "登记补正"
    START_CONSULTATION = "start_consultation", "征求意见"
    END_CONSULTATION = "end_consultation", "登记征求意见结果"
    EXTEND = "extend", "延期答复"
    REQUEST_REASONS = "request_reasons", "要求说明理由"
    RECORD_REASONS = "record_reasons", "登记申请人说明的理由"
    SET_REASONABLE_PERIOD = "set_reasonable_period", "确定合理期限"
    NOTIFY_THIRD_PARTY = "notify_third_party", "书面告知第三方决定公开"
    SEND_FEE_NOTICE = "send_fee_notice", "发出收费通知"
    RECORD_FEE_DELIVERY = "record_fee_delivery", "登记收费通知签收"
    RECORD_PAYMENT = "record_payment", "登记缴费"
    DRAFT_REPLY = "draft_reply", "起草答复书"
    ADD_REPLY_ATTACHMENT = "add_reply_attachment", "上传答复附件"
    REMOVE_REPLY_ATTACHMENT = "remove_reply_attachment", "删除答复附件"
    REPLY = "reply", "签发答复"
    CLOSE = "close", "办结"
    WITHDRAW = "withdraw", "撤回申请"
    TRANSFER = "transfer", "转送有关机关"
    ASSIGN = "assign", "指定经办人"
    EDIT_LETTER = "edit_letter", "修改文书"
    RECORD_APPEAL = "record_appeal", "登记复议或诉讼"


class AppealAction(models.TextChoices):
    DECIDE = "decide", "登记复议、诉讼结果"


class LetterAction(models.TextChoices):
    SIGN = "sign", "签发文书"


class FeeAction(models.TextChoices):
    PAY = "pay", "登记缴费"
    EXPIRE = "expire", "逾期未缴费"


_OPEN = frozenset(OPEN_STATES)
_REPLYABLE = frozenset({State.REGISTERED, State.IN_PROGRESS, State.AWAITING_CORRECTION, State.AWAITING_FEE})
HANDLER_ONLY = "您不是该机关的依申请公开经办人员。"


def _appealable(app: Application) -> bool:
    """条例第五十一条: an applicant may seek 行政复议 or sue over a reply, and equally over a case
    left unanswered past its due date (逾期不予答复, 不作为) while it is still open."""
    if app.state not in OPEN_STATES:
        return True
    return app.due_on is not None and not app.clock_paused and app.due_on < timezone.localdate()


def _not_extended(app: Application) -> bool:
    return not app.events.filter(kind=EventKind.EXTENSION_GRANTED).exists()


def _kinds(app: Application) -> set[str]:
    return set(app.events.values_list("kind", flat=True))


def _reasons_not_requested(app: Application) -> bool:
    return EventKind.REASONS_REQUESTED not in _kinds(app)


def _reasons_awaited(app: Application) -> bool:
    kinds = _kinds(app)
    return EventKind.REASONS_REQUESTED in kinds and EventKind.REASONS_RECORDED not in kinds


def _reasons_accepted_period_unset(app: Application) -> bool:
    """第三十五条: a reasonable period only after the applicant's reasons were found reasonable."""
    if EventKind.REASONABLE_PERIOD_SET in _kinds(app):
        return False
    event = app.events.filter(kind=EventKind.REASONS_RECORDED).order_by("-on", "-id").first()
    return event is not None and event.data.get("verdict") == "reasonable"


def _objection_unnotified(app: Application) -> bool:
    """第三十二条: a third party objected and has not been told in writing of a disclosure."""
    return app.consultations.filter(kind="third_party", answer="objection", notified_on__isnull=True).exists()


def _mailed_fee_notice_undelivered(app: Application) -> bool:
    return FeeNotice.objects.filter(application=app, delivery="mail", delivered_on__isnull=True).exists()


def _has_reply_attachments(app: Application) -> bool:
    return app.reply_attachments.exists()


def _no_fee_notice(app: Application) -> bool:
    return not FeeNotice.objects.filter(application=app).exists()


def _handling(
    action: Action, sources: frozenset[str], target: str | None = None, *, audit: str, **extra: Any
) -> Transition[Application]:
    """A row processed by the org's FOI officers (依申请公开经办)."""
    return Transition(
        action,
        action.label,
        sources,
        target,
        permissions.can_handle_application,
        denied=HANDLER_ONLY,
        audit_action=audit,
        **extra,
    )


def _suggest_for_application(app: Application) -> tuple[str, ...]:
    """Once a reply letter is drafted, the officer's next step is 签发 (第三十六条's 答复)."""
    drafted = app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT).exists()
    return (Action.REPLY,) if drafted else ()


APPLICATION: Workflow[Application] = Workflow(
    name="application",
    model=Application,
    states=State,
    visible=permissions.can_view_application,
    not_found="未找到该申请。",
    lock_related=("org",),
    effects_module="gongkai.foi.services",
    # 指定经办人 and uploading the information to provide are side tasks, never the suggestion.
    side_tasks=(Action.ASSIGN, Action.ADD_REPLY_ATTACHMENT, Action.REMOVE_REPLY_ATTACHMENT),
    suggest=_suggest_for_application,
    transitions=[
        _handling(Action.ACCEPT, frozenset({State.REGISTERED}), State.IN_PROGRESS, audit="foi.accepted"),
        # 第三十条: within 7 working days of receipt, also after 受理 (the effect checks the days).
        _handling(
            Action.REQUEST_CORRECTION,
            frozenset({State.REGISTERED, State.IN_PROGRESS}),
            State.AWAITING_CORRECTION,
            audit="foi.correction_requested",
        ),
        _handling(
            Action.RECORD_CORRECTION, frozenset({State.AWAITING_CORRECTION}), State.IN_PROGRESS, audit="foi.corrected"
        ),
        _handling(
            Action.START_CONSULTATION,
            frozenset({State.IN_PROGRESS, State.CONSULTING}),
            State.CONSULTING,
            audit="foi.consultation_started",
        ),
        # Back to 办理中 once every consultation is answered; the effect stays while others are open.
        _handling(
            Action.END_CONSULTATION, frozenset({State.CONSULTING}), State.IN_PROGRESS, audit="foi.consultation_ended"
        ),
        Transition(
            Action.EXTEND,
            Action.EXTEND.label,
            frozenset({State.IN_PROGRESS, State.CONSULTING, State.AWAITING_FEE}),
            None,
            permissions.can_extend_application,
            denied="延期答复须经政府信息公开工作机构负责人同意（第三十三条第二款）。",
            when=_not_extended,
            when_fails="答复期限只能延长一次（第三十三条第二款）。",
            audit_action="foi.extended",
        ),
        # 第三十五条: ask for reasons (a letter with a reply date), record them, then either a
        # reasonable period (reasons accepted) or 不予处理 (a reply; reasons not given or not reasonable).
        _handling(
            Action.REQUEST_REASONS,
            frozenset({State.REGISTERED, State.IN_PROGRESS}),
            audit="foi.reasons_requested",
            when=_reasons_not_requested,
            when_fails="本申请已要求说明过理由（第三十五条）。",
        ),
        _handling(
            Action.RECORD_REASONS,
            frozenset({State.REGISTERED, State.IN_PROGRESS}),
            audit="foi.reasons_recorded",
            when=_reasons_awaited,
            when_fails="须先要求申请人说明理由（第三十五条），且理由只登记一次。",
        ),
        _handling(
            Action.SET_REASONABLE_PERIOD,
            frozenset({State.REGISTERED, State.IN_PROGRESS, State.CONSULTING}),
            audit="foi.reasonable_period_set",
            when=_reasons_accepted_period_unset,
            when_fails="须先要求申请人说明理由并认定理由合理（第三十五条），且合理期限只能确定一次。",
        ),
        # 第三十二条: deciding to disclose over a third party's objection needs a written notice to
        # it (content, reasons, disclosure date) before disclosure; 签发 checks it was sent.
        _handling(
            Action.NOTIFY_THIRD_PARTY,
            frozenset({State.IN_PROGRESS, State.CONSULTING}),
            audit="foi.third_party_notified",
            when=_objection_unnotified,
            when_fails="没有需要书面告知的不同意公开的第三方（第三十二条）。",
        ),
        _handling(
            Action.SEND_FEE_NOTICE,
            frozenset({State.IN_PROGRESS}),
            State.AWAITING_FEE,
            audit="foi.fee_notice_sent",
            when=_no_fee_notice,
            when_fails="本申请已发出过收费通知，不能重复收费。",
        ),
        _handling(
            Action.RECORD_FEE_DELIVERY,
            frozenset({State.AWAITING_FEE}),
            audit="foi.fee_notice_delivered",
            when=_mailed_fee_notice_undelivered,
            when_fails="没有待登记签收的邮寄收费通知。",
        ),
        _handling(Action.RECORD_PAYMENT, frozenset({State.AWAITING_FEE}), State.IN_PROGRESS, audit="foi.fee_paid"),
        _handling(Action.DRAFT_REPLY, _REPLYABLE, audit="foi.reply_drafted"),
        _handling(Action.ADD_REPLY_ATTACHMENT, _REPLYABLE, audit="foi.reply_attachment_added"),
        # Before the reply only: a file found to hold others' personal data is replaced by its
        # redacted copy (第三十七条 区分处理); once signed, the files are what was provided.
        _handling(
            Action.REMOVE_REPLY_ATTACHMENT,
            _REPLYABLE,
            audit="foi.reply_attachment_removed",
            when=_has_reply_attachments,
            when_fails="没有可删除的答复附件。",
        ),
        Transition(
            Action.REPLY,
            Action.REPLY.label,
            _REPLYABLE,
            State.REPLIED,
            permissions.can_sign_application_reply,
            denied="您无权签发答复书。",
            audit_action="foi.replied",
        ),
        _handling(Action.CLOSE, frozenset({State.REPLIED}), State.CLOSED, audit="foi.closed"),
        # The applicant may withdraw at any time before the reply: online with the tracking code
        # (permissions.CodeHolder), or in writing, recorded by the officer.
        Transition(
            Action.WITHDRAW,
            Action.WITHDRAW.label,
            _OPEN,
            State.WITHDRAWN,
            permissions.can_withdraw_application,
            denied=HANDLER_ONLY,
            audit_action="foi.withdrawn",
        ),
        _handling(Action.TRANSFER, frozenset({State.REGISTERED, State.IN_PROGRESS}), audit="foi.transferred"),
        _handling(Action.ASSIGN, _OPEN, audit="foi.assigned"),
        _handling(Action.EDIT_LETTER, _OPEN, audit="foi.letter_edited", interactive=False),
        # 行政复议、行政诉讼 are brought against a reply (or a closed case), or against an open case
        # left unanswered past its due date; not against a case still within its time.
        _handling(
            Action.RECORD_APPEAL,
            frozenset({State.REPLIED, State.CLOSED}) | _OPEN,
            audit="foi.appeal_recorded",
            when=_appealable,
            when_fails="申请尚在答复期限内，不能登记对其不作为的复议或诉讼。",
        ),
    ],
)


APPEAL: Workflow[Appeal] = Workflow(
    name="appeal",
    model=Appeal,
    states=AppealResult,
    state_field="result",
    visible=permissions.can_view_appeal,
    not_found="未找到该复议、诉讼记录。",
    lock_related=("application__org",),
    effects_module="gongkai.foi.services",
    transitions=[
        # The result chosen is the target (维持、纠正、其他); the effect moves there.
        Transition(
            AppealAction.DECIDE,
            AppealAction.DECIDE.label,
            frozenset({AppealResult.PENDING}),
            None,
            permissions.can_handle_appeal,
            denied=HANDLER_ONLY,
            audit_action="foi.appeal_decided",
        ),
    ],
)


def _letter_visible(actor: Actor, letter: Letter) -> bool:
    return permissions.can_view_case(actor, letter.application.org)


def _letter_signer(actor: Actor, letter: Letter) -> bool:
    return permissions.can_sign_reply(actor, letter.application.org)


LETTER: Workflow[Letter] = Workflow(
    name="letter",
    model=Letter,
    states=Letter.Status,
    state_field="status",
    visible=_letter_visible,
    not_found="未找到该文书。",
    lock_related=("application__org",),
    effects_module="gongkai.foi.services",
    transitions=[
        Transition(
            LetterAction.SIGN,
            LetterAction.SIGN.label,
            frozenset({Letter.Status.DRAFT}),
            Letter.Status.SIGNED,
            _letter_signer,
            denied="您无权签发答复书。",
            audit_action="foi.letter_signed",
            interactive=False,
        ),
    ],
)


def _fee_visible(actor: Actor, notice: FeeNotice) -> bool:
    return permissions.can_view_case(actor, notice.application.org)


def _fee_handler(actor: Actor, notice: FeeNotice) -> bool:
    return permissions.can_handle(actor, notice.application.org)


def _fee_signer(actor: Actor, notice: FeeNotice) -> bool:
    return permissions.can_sign_reply(actor, notice.application.org)


FEE_NOTICE: Workflow[FeeNotice] = Workflow(
    name="fee_notice",
    model=FeeNotice,
    states=FeeNotice.Status,
    state_field="status",
    visible=_fee_visible,
    not_found="未找到该收费通知。",
    lock_related=("application__org",),
    effects_module="gongkai.foi.services",
    transitions=[
        Transition(
            FeeAction.PAY,
            FeeAction.PAY.label,
            frozenset({FeeNotice.Status.PENDING}),
            FeeNotice.Status.PAID,
            _fee_handler,
            denied=HANDLER_ONLY,
            audit_action="foi.fee_notice_paid",
            interactive=False,
        ),
        Transition(
            FeeAction.EXPIRE,
            FeeAction.EXPIRE.label,
            frozenset({FeeNotice.Status.PENDING}),
            FeeNotice.Status.EXPIRED,
            _fee_signer,
            denied="您无权签发答复书。",
            audit_action="foi.fee_notice_expired",
            interactive=False,
        ),
    ],
)
