"""The 工作台's cross-module list: what waits for this clerk and when it is due, from each
module's own selectors (the same visibility rules as the module's pages), late items first.

依申请公开 cases due within 5 working days or overdue (条例第三十三条), mailbox messages open in
the clerk's mailboxes or routed to their units, consultations whose 采纳情况 is due, 舆情 awaiting
研判 or 回应, 督查考核 tasks of the clerk's units, and rectifications of their sites.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.foi import selectors as foi
from gongkai.inspection import selectors as inspection
from gongkai.opinion import selectors as opinion
from gongkai.participation import selectors as participation
from gongkai.participation.transitions import OPEN_STATES
from gongkai.supervision import selectors as supervision
from gongkai.supervision.models import AssignmentState

PER_MODULE = 20  # a 工作台 is a to-do list, not a register: each module's page has the rest


@dataclass(frozen=True)
class WorkItem:
    module: str  # 依申请公开, 领导信箱 ...
    title: str
    url: str
    due_on: datetime.date | None
    status: str  # what is awaited, in words
    late: bool


def _foi(actor: Actor, today: datetime.date) -> list[WorkItem]:
    cases = foi.cases_by_deadline(actor=actor, today=today)
    items = []
    for case in (cases["overdue"] + cases["due_soon"])[:PER_MODULE]:
        app = case.application
        left = case.working_days_left
        status = f"已逾期{-left}个工作日" if left < 0 else f"还剩{left}个工作日答复"
        url = reverse("portal:foi_staff_case", args=[app.pk])
        items.append(WorkItem("依申请公开", app.registration_number, url, case.due_on, status, left < 0))
    return items


def _mailbox(actor: Actor, today: datetime.date) -> list[WorkItem]:
    messages = participation.messages_for_staff(actor).filter(state__in=OPEN_STATES)[:PER_MODULE]
    return [
        WorkItem(
            "领导信箱",
            f"{m.code} {m.subject}",
            reverse("portal:mailbox_staff", args=[m.pk]),
            m.due_on,
            m.get_state_display(),
            m.due_on is not None and m.due_on < today,
        )
        for m in messages
    ]


def _consultations(actor: Actor, today: datetime.date) -> list[WorkItem]:
    rows = participation.consultations_awaiting_feedback(actor=actor, today=today)[:PER_MODULE]
    return [
        WorkItem(
            "征求意见",
            row.consultation.title,
            reverse("portal:consultation_staff", args=[row.consultation.pk]),
            row.due_on,
            f"待公布意见采纳情况（尚有{row.undecided}条意见未处理）" if row.undecided else "待公布意见采纳情况",
            row.overdue_by > 0,
        )
        for row in rows
    ]


def _opinion(actor: Actor) -> list[WorkItem]:
    ledger = opinion.ledger(actor, limit=PER_MODULE * 5)
    items = []
    for key, status in (("to_assess", "待研判"), ("to_respond", "待回应")):
        for row in ledger[key][:PER_MODULE]:
            event = row.event
            items.append(
                WorkItem(
                    "舆情回应",
                    event.title,
                    reverse("portal:opinion_staff_event", args=[event.pk]),
                    timezone.localtime(event.respond_by).date(),
                    status,
                    row.clock.late,
                )
            )
    return items


def _supervision(actor: Actor, today: datetime.date) -> list[WorkItem]:
    open_states = (AssignmentState.ASSIGNED, AssignmentState.RETURNED)
    assignments = supervision.my_assignments(actor).filter(state__in=open_states)[:PER_MODULE]
    return [
        WorkItem(
            "督查考核",
            f"{a.task.number} {a.task.title}",
            reverse("portal:supervision_assignment", args=[a.pk]),
            a.due_on,
            a.get_state_display(),
            a.due_on is not None and a.due_on < today,
        )
        for a in assignments
    ]


def _rectifications(actor: Actor, today: datetime.date) -> list[WorkItem]:
    items = inspection.rectifications_for(actor, unresolved_only=True)[:PER_MODULE]
    return [
        WorkItem(
            "网站检查整改",
            f"{r.site.name}：{r.get_kind_display()}",
            reverse("portal:inspection_rectification", args=[r.pk]),
            r.due_on,
            r.get_state_display(),
            r.due_on < today,
        )
        for r in items
    ]


def worklist(actor: Actor, *, today: datetime.date | None = None) -> list[WorkItem]:
    """Everything waiting for `actor` across modules: late first, then by due date."""
    today = today or timezone.localdate()
    items = [
        *_foi(actor, today),
        *_mailbox(actor, today),
        *_consultations(actor, today),
        *_opinion(actor),
        *_supervision(actor, today),
        *_rectifications(actor, today),
    ]
    return sorted(items, key=lambda i: (not i.late, i.due_on or datetime.date.max, i.module))
