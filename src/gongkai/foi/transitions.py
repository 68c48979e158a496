"""The state table of an application: which action is allowed in which state.

registered --accept--> in_progress
registered --request_correction (once, within 7 WD: 第三十条)--> awaiting_correction --record_correction--> in_progress
in_progress --start_consultation (第三十二、三十四条)--> consulting --end_consultation (all answered)--> in_progress
in_progress --send_fee_notice (109号)--> awaiting_fee --record_payment--> in_progress
in_progress|consulting|awaiting_fee --extend (once, ≤ 20 WD: 第三十三条)--> (same state)
registered|in_progress --reply--> replied --close--> closed
awaiting_correction --reply (视为放弃, after the deadline)--> replied
awaiting_fee --reply (逾期未缴费, after the deadline)--> replied
any open state --withdraw--> withdrawn
"""

from django.db import models

from gongkai.core.errors import Conflict
from gongkai.foi.models import OPEN_STATES, Application, State


class Action(models.TextChoices):
    ACCEPT = "accept", "受理"
    REQUEST_CORRECTION = "request_correction", "告知补正"
    RECORD_CORRECTION = "record_correction", "登记补正"
    START_CONSULTATION = "start_consultation", "征求意见"
    END_CONSULTATION = "end_consultation", "登记征求意见结果"
    EXTEND = "extend", "延期答复"
    REQUEST_REASONS = "request_reasons", "要求说明理由"
    SET_REASONABLE_PERIOD = "set_reasonable_period", "确定合理期限"
    SEND_FEE_NOTICE = "send_fee_notice", "发出收费通知"
    RECORD_PAYMENT = "record_payment", "登记缴费"
    DRAFT_REPLY = "draft_reply", "起草答复书"
    REPLY = "reply", "签发答复"
    CLOSE = "close", "办结"
    WITHDRAW = "withdraw", "撤回申请"
    TRANSFER = "transfer", "转送有关机关"
    ASSIGN = "assign", "指定经办人"
    EDIT_LETTER = "edit_letter", "修改文书"


_OPEN = frozenset(OPEN_STATES)

ALLOWED: dict[Action, frozenset[str]] = {
    Action.ACCEPT: frozenset({State.REGISTERED}),
    Action.REQUEST_CORRECTION: frozenset({State.REGISTERED}),
    Action.RECORD_CORRECTION: frozenset({State.AWAITING_CORRECTION}),
    Action.START_CONSULTATION: frozenset({State.IN_PROGRESS, State.CONSULTING}),
    Action.END_CONSULTATION: frozenset({State.CONSULTING}),
    Action.EXTEND: frozenset({State.IN_PROGRESS, State.CONSULTING, State.AWAITING_FEE}),
    Action.REQUEST_REASONS: frozenset({State.REGISTERED, State.IN_PROGRESS}),
    Action.SET_REASONABLE_PERIOD: frozenset({State.REGISTERED, State.IN_PROGRESS, State.CONSULTING}),
    Action.SEND_FEE_NOTICE: frozenset({State.IN_PROGRESS}),
    Action.RECORD_PAYMENT: frozenset({State.AWAITING_FEE}),
    Action.DRAFT_REPLY: frozenset({State.REGISTERED, State.IN_PROGRESS, State.AWAITING_CORRECTION, State.AWAITING_FEE}),
    Action.REPLY: frozenset({State.REGISTERED, State.IN_PROGRESS, State.AWAITING_CORRECTION, State.AWAITING_FEE}),
    Action.CLOSE: frozenset({State.REPLIED}),
    Action.WITHDRAW: _OPEN,
    Action.TRANSFER: frozenset({State.REGISTERED, State.IN_PROGRESS}),
    Action.ASSIGN: _OPEN,
    Action.EDIT_LETTER: _OPEN,
}


def is_allowed(action: Action, application: Application) -> bool:
    return application.state in ALLOWED[action]


def check(action: Action, application: Application, *, why: str = "") -> None:
    """Raise Conflict (409) when `action` is not allowed in the application's state."""
    if not is_allowed(action, application):
        refuse(action, application, why or f"“{State(application.state).label}”状态下不能{action.label}。")


def refuse(action: Action, application: Application, message: str) -> None:
    raise Conflict(
        message,
        code="illegal_transition",
        extra={"state": application.state, "action": action.value},
    )


def available_actions(application: Application) -> list[Action]:
    return [a for a in Action if is_allowed(a, application)]
