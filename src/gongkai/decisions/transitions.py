"""The state tables of this app (effects are in ``gongkai.decisions.services``).

Catalogue:  draft --publish--> published
Decision:   planned --start--> in_progress --record_step (stays)--> ... --publish--> published;
            planned|in_progress --withdraw--> withdrawn (调整出目录, with the reason)
Meeting:    draft --announce--> announced --select (after 报名截止)--> selected --record_attendance--> held;
            set_links (直播/回放) in announced, selected, held
Proposal:   registered --assign--> handling --answer (program: every unit answered)--> answered
            --evaluate (满意度)--> closed --publish (全文/摘要, with consent)--> published
Unit part:  assigned|drafted --draft--> drafted --sign--> answered
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from gongkai.core.transitions import Transition, Workflow
from gongkai.decisions import permissions as p
from gongkai.decisions import steps
from gongkai.decisions.models import (
    CatalogState,
    Decision,
    DecisionCatalog,
    DecisionState,
    Meeting,
    MeetingState,
    Proposal,
    ProposalState,
    ProposalUnit,
    UnitState,
)


class CatalogAction(models.TextChoices):
    PUBLISH = "publish", "公布目录"


class DecisionAction(models.TextChoices):
    START = "start", "启动决策程序"
    RECORD_STEP = "record_step", "记录程序履行情况"
    PUBLISH = "publish", "公布决策"
    WITHDRAW = "withdraw", "调整出目录"


class MeetingAction(models.TextChoices):
    ANNOUNCE = "announce", "发布会议公告"
    SELECT = "select", "确定参会人员"
    RECORD_ATTENDANCE = "record_attendance", "登记出席情况"
    SET_LINKS = "set_links", "设置直播或回放链接"


class ProposalAction(models.TextChoices):
    ASSIGN = "assign", "交办"
    ANSWER = "answer", "全部单位已答复"
    EVALUATE = "evaluate", "登记满意度"
    PUBLISH = "publish", "公开办理结果"


class UnitAction(models.TextChoices):
    DRAFT = "draft", "拟写答复"
    SIGN = "sign", "签发答复"


OFFICE_ONLY = "只有本级政府办公室（政务公开办）可以执行此操作。"

CATALOG: Workflow[DecisionCatalog] = Workflow(
    name="decision_catalog",
    model=DecisionCatalog,
    states=CatalogState,
    visible=p.can_see_catalog,
    not_found="未找到该目录。",
    lock_related=("org",),
    effects_module="gongkai.decisions.services",
    transitions=[
        # 第三条第三款: 决策机关…确定决策事项目录、标准，经同级党委同意后向社会公布.
        Transition(
            CatalogAction.PUBLISH,
            CatalogAction.PUBLISH.label,
            frozenset({CatalogState.DRAFT}),
            CatalogState.PUBLISHED,
            p.can_edit_catalog,
            denied=OFFICE_ONLY,
        ),
    ],
)

_ACTIVE = frozenset({DecisionState.PLANNED, DecisionState.IN_PROGRESS})


def _steps_complete(decision: Decision) -> bool:
    """Every required step of an active decision has its record (what 公布 waits for)."""
    if decision.state != DecisionState.IN_PROGRESS:
        return False
    records = [steps.StepRecord(s.kind, s.status) for s in decision.steps.all()]
    return not steps.missing_steps(decision, records)


DECISION: Workflow[Decision] = Workflow(
    name="decision",
    model=Decision,
    states=DecisionState,
    visible=p.can_see_decision,
    not_found="未找到该决策事项。",
    lock_related=("catalog__org", "host_org"),
    effects_module="gongkai.decisions.services",
    # The suggested next step: 启动, 记录程序 until every required step has its record, then 公布.
    suggest=lambda d: (DecisionAction.PUBLISH,) if _steps_complete(d) else (),
    side_tasks=(DecisionAction.WITHDRAW,),
    transitions=[
        Transition(
            DecisionAction.START,
            DecisionAction.START.label,
            frozenset({DecisionState.PLANNED}),
            DecisionState.IN_PROGRESS,
            p.can_record_step,
            denied="只有承办单位可以启动决策程序。",
        ),
        Transition(
            DecisionAction.RECORD_STEP,
            DecisionAction.RECORD_STEP.label,
            frozenset({DecisionState.IN_PROGRESS}),
            None,
            p.can_record_step,
            denied="只有承办单位可以记录决策程序。",
        ),
        # 第三十二条: 决策机关应当…及时公布重大行政决策; the effect refuses while a step lacks its record.
        Transition(
            DecisionAction.PUBLISH,
            DecisionAction.PUBLISH.label,
            frozenset({DecisionState.IN_PROGRESS}),
            DecisionState.PUBLISHED,
            p.can_publish_decision,
            denied="只有决策机关的签发人或管理员可以公布决策。",
        ),
        Transition(
            DecisionAction.WITHDRAW,
            DecisionAction.WITHDRAW.label,
            _ACTIVE,
            DecisionState.WITHDRAWN,
            p.can_publish_decision,
            denied="只有决策机关的签发人或管理员可以调整目录。",
        ),
    ],
)


def registration_ended(meeting: Meeting) -> bool:
    return meeting.registration_ends_on < timezone.localdate()


MEETING: Workflow[Meeting] = Workflow(
    name="decision_meeting",
    model=Meeting,
    states=MeetingState,
    visible=p.can_manage_meeting,
    not_found="未找到该会议。",
    lock_related=("org",),
    effects_module="gongkai.decisions.services",
    side_tasks=(MeetingAction.SET_LINKS,),
    transitions=[
        Transition(
            MeetingAction.ANNOUNCE,
            MeetingAction.ANNOUNCE.label,
            frozenset({MeetingState.DRAFT}),
            MeetingState.ANNOUNCED,
            p.can_manage_meeting,
            denied=OFFICE_ONLY,
        ),
        Transition(
            MeetingAction.SELECT,
            MeetingAction.SELECT.label,
            frozenset({MeetingState.ANNOUNCED}),
            MeetingState.SELECTED,
            p.can_manage_meeting,
            denied=OFFICE_ONLY,
            when=registration_ended,
            when_fails="报名尚未截止，不能确定参会人员。",
        ),
        Transition(
            MeetingAction.RECORD_ATTENDANCE,
            MeetingAction.RECORD_ATTENDANCE.label,
            frozenset({MeetingState.SELECTED}),
            MeetingState.HELD,
            p.can_manage_meeting,
            denied=OFFICE_ONLY,
        ),
        Transition(
            MeetingAction.SET_LINKS,
            MeetingAction.SET_LINKS.label,
            frozenset({MeetingState.ANNOUNCED, MeetingState.SELECTED, MeetingState.HELD}),
            None,
            p.can_manage_meeting,
            denied=OFFICE_ONLY,
        ),
    ],
)


def all_units_answered(proposal: Proposal) -> bool:
    states = [u.state for u in proposal.units.all()]
    return bool(states) and all(s == UnitState.ANSWERED for s in states)


PROPOSAL: Workflow[Proposal] = Workflow(
    name="proposal",
    model=Proposal,
    states=ProposalState,
    visible=p.can_see_proposal,
    not_found="未找到该建议提案。",
    lock_related=("org",),
    effects_module="gongkai.decisions.services",
    transitions=[
        Transition(
            ProposalAction.ASSIGN,
            ProposalAction.ASSIGN.label,
            frozenset({ProposalState.REGISTERED}),
            ProposalState.HANDLING,
            p.can_run_proposal,
            denied=OFFICE_ONLY,
        ),
        # Taken by the last unit's signing: a proposal with a 主办 and a 会办 unit is answered only
        # when both have answered.
        Transition(
            ProposalAction.ANSWER,
            ProposalAction.ANSWER.label,
            frozenset({ProposalState.HANDLING}),
            ProposalState.ANSWERED,
            p.can_close_proposal,
            when=all_units_answered,
            when_fails="还有承办单位未答复。",
            interactive=False,
        ),
        Transition(
            ProposalAction.EVALUATE,
            ProposalAction.EVALUATE.label,
            frozenset({ProposalState.ANSWERED}),
            ProposalState.CLOSED,
            p.can_run_proposal,
            denied=OFFICE_ONLY,
        ),
        Transition(
            ProposalAction.PUBLISH,
            ProposalAction.PUBLISH.label,
            frozenset({ProposalState.CLOSED}),
            ProposalState.PUBLISHED,
            p.can_run_proposal,
            denied=OFFICE_ONLY,
        ),
    ],
)

UNIT: Workflow[ProposalUnit] = Workflow(
    name="proposal_unit",
    model=ProposalUnit,
    states=UnitState,
    visible=p.can_see_unit,
    not_found="未找到该办理任务。",
    lock_related=("org", "proposal__org"),
    effects_module="gongkai.decisions.services",
    # A drafted reply is signed next (拟写 stays open to change it).
    suggest={UnitState.DRAFTED: (UnitAction.SIGN,)},
    transitions=[
        Transition(
            UnitAction.DRAFT,
            UnitAction.DRAFT.label,
            frozenset({UnitState.ASSIGNED, UnitState.DRAFTED}),
            UnitState.DRAFTED,
            p.can_draft_reply,
            denied="只有承办单位的工作人员可以拟写答复。",
        ),
        Transition(
            UnitAction.SIGN,
            UnitAction.SIGN.label,
            frozenset({UnitState.DRAFTED}),
            UnitState.ANSWERED,
            p.can_sign_reply,
            denied="只有承办单位的签发人或管理员可以签发答复。",
        ),
    ],
)
