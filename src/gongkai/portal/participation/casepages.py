"""What the 公众参与 case pages say above their actions: the state's clock in one sentence and the
natural path as steps (docs/staff-ui.md, 案件页面). Every date here is one the domain stored or
computed (the consultation's dates, the feedback's due date from ``consultations_awaiting_feedback``,
a message's or rectification's ``due_on``); these functions only put it into words."""

from __future__ import annotations

import datetime

from gongkai.participation.models import Consultation, Message, MessageState, Rectification
from gongkai.participation.transitions import Phase
from gongkai.portal._shared import Step, path_steps
from gongkai.portal.casepage import cn_date, deadline_words

CONSULTATION_PATH = ("起草", "发布", "征求意见", "公布采纳情况")
MESSAGE_PATH = ("收到留言", "转办", "答复", "审核答复", "办结")
RECTIFICATION_PATH = ("收到差评", "回访核实", "整改办结")

_OPEN_MESSAGE = frozenset({MessageState.RECEIVED, MessageState.ROUTED, MessageState.REPLIED, MessageState.REOPENED})


def consultation_clock(
    item: Consultation, phase: Phase, today: datetime.date, feedback_due: datetime.date | None
) -> str:
    """The period in calendar days (征求意见期 is counted in days); once closed, the feedback's due date."""
    if phase == Phase.DRAFT:
        return f"征求意见期：拟自{cn_date(item.starts_on)}至{cn_date(item.ends_on)}（发布后对外征求意见）"
    if phase == Phase.UPCOMING:
        days = (item.starts_on - today).days
        return f"征求意见将于{cn_date(item.starts_on)}开始（还有{days}天），截至{cn_date(item.ends_on)}"
    if phase == Phase.OPEN:
        days = (item.ends_on - today).days
        if days == 0:
            return f"征求意见期今天截止（{cn_date(item.ends_on)}）"
        return f"征求意见期还剩{days}天（截至{cn_date(item.ends_on)}）"
    if phase == Phase.CLOSED:
        return deadline_words(
            f"征求意见已于{cn_date(item.ends_on)}截止，公布采纳情况期限", feedback_due, today, stopped="暂无"
        )
    if phase == Phase.FEEDBACK_PUBLISHED and item.feedback_published_on:
        return f"已于{cn_date(item.feedback_published_on)}公布意见采纳情况"
    return "已撤回，不再征求意见" if phase == Phase.WITHDRAWN else ""


def consultation_steps(phase: Phase) -> list[Step]:
    current = {
        Phase.DRAFT: 0,
        Phase.UPCOMING: 2,
        Phase.OPEN: 2,
        Phase.CLOSED: 3,
        Phase.FEEDBACK_PUBLISHED: None,
    }
    if phase not in current:  # withdrawn: the path ended, the state says so
        return []
    return path_steps(CONSULTATION_PATH, current[phase], "即将开始" if phase == Phase.UPCOMING else "")


def message_clock(message: Message, today: datetime.date) -> str:
    if message.state not in _OPEN_MESSAGE:
        return f"{message.get_state_display()}，不再计算答复期限"
    words = deadline_words("答复期限", message.due_on, today)
    return f"{words}（暂定）" if message.due_provisional else words


def message_steps(message: Message) -> list[Step]:
    current = {
        MessageState.RECEIVED: 1,
        MessageState.ROUTED: 2,
        MessageState.REOPENED: 2,
        MessageState.REPLIED: 3,
        MessageState.ANSWERED: None,
    }
    if message.state not in current:  # 不予受理
        return []
    note = "评价不满意，回访后重新答复" if message.state == MessageState.REOPENED else ""
    return path_steps(MESSAGE_PATH, current[MessageState(message.state)], note)


def rectification_state(task: Rectification) -> str:
    if task.closed_on is not None:
        return f"已办结（{task.get_result_display()}）"
    return "整改中（已回访）" if task.followed_up_on else "整改中（待回访）"


def rectification_clock(task: Rectification, today: datetime.date) -> str:
    if task.closed_on is not None:
        late = "，超过整改期限" if task.closed_on > task.due_on else ""
        return f"已于{cn_date(task.closed_on)}办结{late}"
    words = deadline_words("整改期限", task.due_on, today)
    return f"{words}（暂定）" if task.due_provisional else words


def rectification_steps(task: Rectification) -> list[Step]:
    if task.closed_on is not None:
        return path_steps(RECTIFICATION_PATH, None)
    return path_steps(RECTIFICATION_PATH, 2 if task.followed_up_on else 1)
