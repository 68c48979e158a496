"""State tables of 公众参与, declared once with core's transition engine.

Consultation: draft --open--> published --publish_feedback--> feedback_published; draft or
published --withdraw--> withdrawn. A published consultation is *upcoming*, *open* or *closed*
by date (no job has to close it): these phases are conditions (``when=``) on the rows, so
editing is open until it starts, registering comments while it is open or closed, and the
feedback once it is closed. ``phase()`` stays as the read the pages show.

Comment (its moderation is its state): moderate (审核: shown / not shown / invalid) while the
consultation is published; decide (采纳决定) once it is closed.

Message: received --route--> routed --reply--> replied --release (review)--> answered;
replied --return--> routed; answered --rate 不满意--> reopened --follow_up (回访, new reply)--> replied;
received/routed --dismiss--> dismissed. A routed message may be routed again (改派).

Rectifications (好差评) and events have no state field (a rectification is open until its
``closed_on`` is set; an event's report is a date), so they have no table here;
``rectification_actions`` names a rectification's open steps, the suggested one first.

The date of an act: services take ``today`` (a record of a past consultation passes that date);
``on_day()`` makes it the date the conditions and effects read, for the one call.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

from django.db import models
from django.utils import timezone

from gongkai.core.errors import Conflict
from gongkai.core.transitions import Transition, Workflow
from gongkai.participation import permissions as p
from gongkai.participation.models import (
    Comment,
    Consultation,
    ConsultationState,
    Message,
    MessageState,
    Moderation,
    Rectification,
)

_TODAY: ContextVar[datetime.date | None] = ContextVar("participation_today", default=None)


def today() -> datetime.date:
    """The date of the act being applied (``on_day``), else today's date."""
    return _TODAY.get() or timezone.localdate()


@contextmanager
def on_day(day: datetime.date | None) -> Iterator[datetime.date]:
    token = _TODAY.set(day)
    try:
        yield today()
    finally:
        _TODAY.reset(token)


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
    """For the public comment form, which is no staff action and has no row in the table."""
    current = phase(consultation, today)
    if current not in allowed:
        raise Conflict(
            f"征求意见“{current.label}”时不能{action}。",
            code="illegal_transition",
            extra={"phase": current.value},
        )
    return current


def _in_phase(*phases: Phase) -> Callable[[Consultation], bool]:
    def check(consultation: Consultation) -> bool:
        return phase(consultation, today()) in phases

    return check


def _comment_in_phase(*phases: Phase) -> Callable[[Comment], bool]:
    def check(comment: Comment) -> bool:
        return phase(comment.consultation, today()) in phases

    return check


# --- consultations ------------------------------------------------------------------------------


class ConsultationAction(models.TextChoices):
    UPDATE = "update", "修改"
    ATTACH = "attach", "添加附件"
    DETACH = "detach", "删除附件"
    OPEN = "open", "发布"
    REGISTER_COMMENT = "register_comment", "登记意见"
    PUBLISH_FEEDBACK = "publish_feedback", "公布采纳情况"
    WITHDRAW = "withdraw", "撤回"


C = ConsultationState
CA = ConsultationAction


def _has_attachments(consultation: Consultation) -> bool:
    return consultation.attachments.exists()


CONSULTATION: Workflow[Consultation] = Workflow(
    name="consultation",
    model=Consultation,
    states=ConsultationState,
    visible=p.can_see_consultation_work,
    not_found="未找到该征求意见。",
    lock_related=("org",),
    effects_module="gongkai.participation.services.consultations",
    # The suggested next step: 发布, then 登记意见; once closed, 公布采纳情况.
    side_tasks=(CA.UPDATE, CA.ATTACH, CA.DETACH, CA.WITHDRAW),
    suggest=lambda c: (CA.PUBLISH_FEEDBACK,) if phase(c, today()) == Phase.CLOSED else (),
    transitions=[
        Transition(
            CA.UPDATE,
            CA.UPDATE.label,
            frozenset({C.DRAFT, C.PUBLISHED}),
            None,
            p.can_draft_consultation,
            denied="您不是该机构的起草人员。",
            when=_in_phase(Phase.DRAFT, Phase.UPCOMING),
            when_fails="征求意见开始后不能再修改。",
            audit_action="consultation.updated",
        ),
        Transition(
            CA.ATTACH,
            CA.ATTACH.label,
            frozenset({C.DRAFT}),
            None,
            p.can_draft_consultation,
            denied="您不是该机构的起草人员。",
            when_fails="已发布的征求意见不能再添加附件。",
            audit_action="consultation.attachment_added",
        ),
        # Before publication only: the public comments on the draft and files as published.
        Transition(
            CA.DETACH,
            CA.DETACH.label,
            frozenset({C.DRAFT}),
            None,
            p.can_draft_consultation,
            denied="您不是该机构的起草人员。",
            when=_has_attachments,
            when_fails="没有可删除的附件。",
            audit_action="consultation.attachment_removed",
        ),
        Transition(
            CA.OPEN,
            CA.OPEN.label,
            frozenset({C.DRAFT}),
            C.PUBLISHED,
            p.can_open_consultation,
            denied="只有签发人员或政务公开管理员可以发布征求意见。",
            audit_action="consultation.opened",
        ),
        Transition(
            CA.REGISTER_COMMENT,
            CA.REGISTER_COMMENT.label,
            frozenset({C.PUBLISHED}),
            None,
            p.can_handle_comments,
            denied="您不能登记该征求意见的意见。",
            when=_in_phase(Phase.OPEN, Phase.CLOSED),
            when_fails="征求意见开始后才能登记意见。",
            audit_action="consultation.comment_registered",
        ),
        Transition(
            CA.PUBLISH_FEEDBACK,
            CA.PUBLISH_FEEDBACK.label,
            frozenset({C.PUBLISHED}),
            C.FEEDBACK_PUBLISHED,
            p.can_publish_feedback,
            denied="只有签发人员或政务公开管理员可以公布采纳情况。",
            when=_in_phase(Phase.CLOSED),
            when_fails="征求意见截止后才能公布采纳情况。",
            audit_action="consultation.feedback_published",
        ),
        Transition(
            CA.WITHDRAW,
            CA.WITHDRAW.label,
            frozenset({C.DRAFT, C.PUBLISHED}),
            C.WITHDRAWN,
            p.can_withdraw_consultation,
            denied="只有签发人员或政务公开管理员可以撤回征求意见。",
            audit_action="consultation.withdrawn",
        ),
    ],
)


# --- comments (moderation is the state) -----------------------------------------------------------


class CommentAction(models.TextChoices):
    MODERATE = "moderate", "审核"
    DECIDE = "decide", "采纳决定"


_ALL_MODERATIONS = frozenset(Moderation.values)
COMMENT: Workflow[Comment] = Workflow(
    name="comment",
    model=Comment,
    states=Moderation,
    state_field="moderation",
    visible=p.can_see_consultation_work,
    not_found="未找到该意见。",
    lock_related=("consultation", "consultation__org"),
    effects_module="gongkai.participation.services.consultations",
    # Once the consultation has closed, the decision on each comment is what is left to do.
    suggest=lambda comment: (CommentAction.DECIDE,) if phase(comment.consultation, today()) == Phase.CLOSED else (),
    transitions=[
        # Moderation may be revised until the feedback is published; the effect picks the target.
        Transition(
            CommentAction.MODERATE,
            CommentAction.MODERATE.label,
            _ALL_MODERATIONS,
            None,
            p.can_handle_comments,
            denied="您不能审核该征求意见的意见。",
            when=lambda comment: comment.consultation.state == ConsultationState.PUBLISHED,
            when_fails="采纳情况公布后不能再审核意见。",
            audit_action="consultation.comment_moderated",
        ),
        # Any moderation: a pending or invalid comment is refused by the effect with the reason
        # beside its field (the clerk is told to moderate first), not as a closed step.
        Transition(
            CommentAction.DECIDE,
            CommentAction.DECIDE.label,
            _ALL_MODERATIONS,
            None,
            p.can_handle_comments,
            denied="您不能处理该征求意见的意见。",
            when=_comment_in_phase(Phase.CLOSED),
            when_fails="征求意见截止后、采纳情况公布前才能作出采纳决定。",
            audit_action="consultation.comment_decided",
        ),
    ],
)


# --- mailbox ------------------------------------------------------------------------------------


class MessageAction(models.TextChoices):
    ROUTE = "route", "转办"
    REPLY = "reply", "答复"
    RETURN = "return", "退回修改"
    RELEASE = "release", "审核通过"
    RATE = "rate", "评价"
    FOLLOW_UP = "follow_up", "回访"
    DISMISS = "dismiss", "不予受理"


S = MessageState
MA = MessageAction
OPEN_STATES = frozenset({S.RECEIVED, S.ROUTED, S.REPLIED, S.REOPENED})

MESSAGE: Workflow[Message] = Workflow(
    name="mailbox",
    model=Message,
    states=MessageState,
    visible=p.message_visible,
    not_found="未找到该留言。",
    lock_related=("org", "handling_org"),
    effects_module="gongkai.participation.services.mailbox",
    # The suggested next step: 转办, 答复 (before 改派), 审核通过 (before 退回修改), 回访.
    suggest={S.ROUTED: (MA.REPLY,), S.REPLIED: (MA.RELEASE,)},
    side_tasks=(MA.DISMISS,),
    transitions=[
        Transition(
            MA.ROUTE,
            MA.ROUTE.label,
            frozenset({S.RECEIVED, S.ROUTED}),
            S.ROUTED,
            p.can_route_message,
            denied="只有信箱所属机构的政务公开管理员可以转办留言。",
            audit_action="mailbox.message_routed",
        ),
        Transition(
            MA.REPLY,
            MA.REPLY.label,
            frozenset({S.ROUTED}),
            S.REPLIED,
            p.can_reply_message,
            denied="只有办理单位的工作人员可以答复。",
            audit_action="mailbox.message_replied",
        ),
        Transition(
            MA.RETURN,
            MA.RETURN.label,
            frozenset({S.REPLIED}),
            S.ROUTED,
            p.can_review_message,
            denied="只有信箱所属机构的管理员或保密审查人员可以审核答复。",
            audit_action="mailbox.reply_returned",
        ),
        Transition(
            MA.RELEASE,
            MA.RELEASE.label,
            frozenset({S.REPLIED}),
            S.ANSWERED,
            p.can_review_message,
            denied="只有信箱所属机构的管理员或保密审查人员可以审核答复。",
            audit_action="mailbox.reply_released",
            waiting_label="待审核答复",
        ),
        # The writer's own step (on the public tracking page), never a back-office button.
        Transition(
            MA.RATE,
            MA.RATE.label,
            frozenset({S.ANSWERED}),
            None,
            p.can_rate_message,
            denied="只有留言人可以评价答复。",
            audit_action="mailbox.message_rated",
            interactive=False,
        ),
        Transition(
            MA.FOLLOW_UP,
            MA.FOLLOW_UP.label,
            frozenset({S.REOPENED}),
            S.REPLIED,
            p.can_reply_message,
            denied="只有办理单位的工作人员可以回访。",
            audit_action="mailbox.message_followed_up",
        ),
        Transition(
            MA.DISMISS,
            MA.DISMISS.label,
            frozenset({S.RECEIVED, S.ROUTED}),
            S.DISMISSED,
            p.can_dismiss_message,
            denied="只有信箱所属机构的政务公开管理员可以不予受理。",
            audit_action="mailbox.message_dismissed",
        ),
    ],
)


# --- 差评整改 (no state table: open until closed) -------------------------------------------------

RECTIFICATION_FOLLOW_UP = "follow_up"
RECTIFICATION_CLOSE = "close"


def rectification_actions(task: Rectification) -> tuple[str, ...]:
    """The steps still open on a rectification, the suggested one first: 回访 until it is done
    (a named rating must be followed up before it is closed), then 办结."""
    if task.closed_on is not None:
        return ()
    if task.followed_up_on is None:
        return (RECTIFICATION_FOLLOW_UP, RECTIFICATION_CLOSE)
    return (RECTIFICATION_CLOSE, RECTIFICATION_FOLLOW_UP)
