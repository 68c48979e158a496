"""The state tables of a task assignment and of a score sheet.

An assignment (one responsible unit's part of a task):

    assigned|returned --report (the unit)--> reported
    reported --return (the office, with the reason)--> returned
    reported --accept (the office)--> done, or assigned for the next period of a recurring task
    assigned|returned, past the period's due date --escalate (督办, the office)--> (same state)

A score sheet: draft --recompute--> draft; draft --publish--> published (frozen).
The effects are in ``gongkai.supervision.services``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from gongkai.core.transitions import Transition, Workflow
from gongkai.supervision import permissions
from gongkai.supervision.models import Assignment, AssignmentState, ScoreSheet, SheetState


class Action(models.TextChoices):
    REPORT = "report", "报送进展"
    RETURN = "return", "退回"
    ACCEPT = "accept", "审核通过"
    ESCALATE = "escalate", "督办"


class SheetAction(models.TextChoices):
    RECOMPUTE = "recompute", "重新计算"
    PUBLISH = "publish", "发布考核结果"


OFFICE_ONLY = "只有本级政务公开办可以审核和督办任务。"


def is_overdue(assignment: Assignment) -> bool:
    return assignment.due_on < timezone.localdate()


_OPEN = frozenset({AssignmentState.ASSIGNED, AssignmentState.RETURNED})

ASSIGNMENT: Workflow[Assignment] = Workflow(
    name="supervision_assignment",
    model=Assignment,
    states=AssignmentState,
    visible=permissions.can_view_assignment,
    not_found="未找到该任务。",
    lock_related=("org", "task__plan__org"),
    effects_module="gongkai.supervision.services",
    transitions=[
        Transition(
            Action.REPORT,
            Action.REPORT.label,
            _OPEN,
            AssignmentState.REPORTED,
            permissions.can_report,
            denied="只有责任单位的工作人员可以报送进展。",
        ),
        Transition(
            Action.RETURN,
            Action.RETURN.label,
            frozenset({AssignmentState.REPORTED}),
            AssignmentState.RETURNED,
            permissions.can_review,
            denied=OFFICE_ONLY,
        ),
        # The effect moves a recurring task on to its next period (assigned) instead of done.
        Transition(
            Action.ACCEPT,
            Action.ACCEPT.label,
            frozenset({AssignmentState.REPORTED}),
            AssignmentState.DONE,
            permissions.can_review,
            denied=OFFICE_ONLY,
        ),
        Transition(
            Action.ESCALATE,
            Action.ESCALATE.label,
            _OPEN,
            None,
            permissions.can_review,
            denied=OFFICE_ONLY,
            when=is_overdue,
            when_fails="任务尚未逾期，不能督办。",
        ),
    ],
)

SHEET: Workflow[ScoreSheet] = Workflow(
    name="supervision_sheet",
    model=ScoreSheet,
    states=SheetState,
    visible=permissions.can_view_sheet,
    not_found="未找到该考核结果。",
    lock_related=("scheme__org",),
    effects_module="gongkai.supervision.services",
    transitions=[
        Transition(
            SheetAction.RECOMPUTE,
            SheetAction.RECOMPUTE.label,
            frozenset({SheetState.DRAFT}),
            None,
            permissions.can_score,
            denied="只有本级政务公开办可以计算考核得分。",
        ),
        # 条例第四十六条 (考核制度) and 四川省《关于全面推进政务公开工作的实施意见》（二十一）(seed
        # 004: 考核, 通报批评): results go out as a 通报, so a published sheet never changes; a
        # correction is a new sheet.
        Transition(
            SheetAction.PUBLISH,
            SheetAction.PUBLISH.label,
            frozenset({SheetState.DRAFT}),
            SheetState.PUBLISHED,
            permissions.can_score,
            denied="只有本级政务公开办可以发布考核结果。",
        ),
    ],
)
