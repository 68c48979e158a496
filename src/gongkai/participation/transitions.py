"""State tables of consultations and mailbox messages.

Consultation: draft --open--> published --publish_feedback--> feedback_published; a published
consultation is *upcoming*, *open* or *closed* by date (no job has to close it): comments are
taken while it is open, decisions are recorded once it is closed.

Message: received --route--> routed --reply--> replied --release (review)--> answered;
replied --return--> routed; answered --rate 不满意--> reopened --follow_up (回访, new reply)--> replied;
received/routed --dismiss--> dismissed. A routed message may be routed again (改派).
"""

import datetime
from enum import StrEnum

from django.db import models

from gongkai.core.errors import Conflict
from gongkai.participation.models import Consultation, ConsultationState, Message, MessageState


class Phase(StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    FEEDBACK_PUBLISHED = "feedback_published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "draft": "草稿",
            "upcoming": "即将开始",
            "open": "正在征求意见",
            "closed": "已截止，待公布采纳情况",
            "feedback_published": "已公布采纳情况",
            "withdrawn": "已撤回",
        }[self.value]


def phase(consultation: Consultation, today: datetime.date) -> Phase:
    state = consultation.state
    if state == ConsultationState.DRAFT:
        return Phase.DRAFT
    if state == ConsultationState.WITHDRAWN:
        return Phase.WITHDRAWN
    if state == ConsultationState.FEEDBACK_PUBLISHED:
        return Phase.FEEDBACK_PUBLISHED
    if today < consultation.starts_on:
        return Phase.UPCOMING
    if today <= consultation.ends_on:
        return Phase.OPEN
    return Phase.CLOSED


def check_phase(consultation: Consultation, today: datetime.date, allowed: set[Phase], action: str) -> Phase:
    current = phase(consultation, today)
    if current not in allowed:
        raise Conflict(
            f"征求意见“{current.label}”时不能{action}。",
            code="illegal_transition",
            extra={"phase": current.value},
        )
    return current


class MessageAction(models.TextChoices):
    ROUTE = "route", "转办"
    REPLY = "reply", "答复"
    RETURN = "return", "退回修改"
    RELEASE = "release", "审核通过"
    RATE = "rate", "评价"
    FOLLOW_UP = "follow_up", "回访"
    DISMISS = "dismiss", "不予受理"


S = MessageState
MESSAGE_ALLOWED: dict[MessageAction, frozenset[str]] = {
    MessageAction.ROUTE: frozenset({S.RECEIVED, S.ROUTED}),
    MessageAction.REPLY: frozenset({S.ROUTED}),
    MessageAction.RETURN: frozenset({S.REPLIED}),
    MessageAction.RELEASE: frozenset({S.REPLIED}),
    MessageAction.RATE: frozenset({S.ANSWERED}),
    MessageAction.FOLLOW_UP: frozenset({S.REOPENED}),
    MessageAction.DISMISS: frozenset({S.RECEIVED, S.ROUTED}),
}
OPEN_STATES = frozenset({S.RECEIVED, S.ROUTED, S.REPLIED, S.REOPENED})


def check_message(action: MessageAction, message: Message) -> None:
    if message.state not in MESSAGE_ALLOWED[action]:
        raise Conflict(
            f"留言“{MessageState(message.state).label}”时不能{action.label}。",
            code="illegal_transition",
            extra={"state": message.state, "action": action.value},
        )
