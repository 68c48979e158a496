"""Every workflow of the app from its table: each (state, action) pair, and role × org-tree position."""

import datetime

import pytest
import time_machine

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.decisions.models import ProposalUnit
from gongkai.decisions.tests.conftest import DAY, record_all
from gongkai.decisions.transitions import (
    DECISION,
    MEETING,
    PROPOSAL,
    UNIT,
    DecisionAction,
    MeetingAction,
    ProposalAction,
    UnitAction,
)
from gongkai.orgs.roles import Role

DECISION_DATA = {
    DecisionAction.START: {},
    DecisionAction.RECORD_STEP: {"kind": "legality", "status": "done", "done_on": DAY, "summary": "审查合法"},
    DecisionAction.PUBLISH: {"decision_html": "<p>方案</p>", "interpretation_html": "<p>解读</p>", "adoption_note": ""},
    DecisionAction.WITHDRAW: {"reason": "调整"},
}
MEETING_DATA = {
    MeetingAction.ANNOUNCE: {},
    MeetingAction.SELECT: {},
    MeetingAction.RECORD_ATTENDANCE: {"attended_ids": []},
    MeetingAction.SET_LINKS: {"live_url": "https://live.example.gov.cn/1", "record_url": ""},
}


def _check(workflow, obj, state, row, allowed, actor, data):
    events = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as exc:
            workflow.apply(actor, obj, row.action, **data)
        assert exc.value.code == "illegal_transition"
        obj.refresh_from_db()
        assert workflow.state_of(obj) == state and AuditEvent.objects.count() == events
    else:
        workflow.apply(actor, obj, row.action, **data)
        obj.refresh_from_db()
        assert workflow.state_of(obj) == (row.target or state)
        assert AuditEvent.objects.count() == events + 1


D_PAIRS = list(DECISION.pairs())


@pytest.mark.parametrize("state,row,allowed", D_PAIRS, ids=[f"{s}-{r.action}" for s, r, _ in D_PAIRS])
def test_decision_every_state_and_action(state, row, allowed, decision_in, superuser):
    d = decision_in(state)
    if state == "in_progress" and row.action == DecisionAction.PUBLISH:
        with time_machine.travel(DAY):
            record_all(superuser, d)
    with time_machine.travel(DAY):
        _check(DECISION, d, state, row, allowed, superuser, DECISION_DATA[row.action])


M_PAIRS = list(MEETING.pairs())


@pytest.mark.parametrize("state,row,allowed", M_PAIRS, ids=[f"{s}-{r.action}" for s, r, _ in M_PAIRS])
def test_meeting_every_state_and_action(state, row, allowed, meeting_in, superuser):
    # A draft gets a later 报名截止 so that it can still be announced on the test day.
    m = meeting_in(state, ends=datetime.date(2025, 6, 20) if state == "draft" else datetime.date(2025, 6, 10))
    with time_machine.travel(datetime.date(2025, 6, 15)):
        _check(MEETING, m, state, row, allowed, superuser, MEETING_DATA[row.action])


P_PAIRS = list(PROPOSAL.pairs())


@pytest.mark.parametrize("state,row,allowed", P_PAIRS, ids=[f"{s}-{r.action}" for s, r, _ in P_PAIRS])
def test_proposal_every_state_and_action(state, row, allowed, proposal_in, superuser, org_tree):
    p = proposal_in(state)
    data = {
        ProposalAction.ASSIGN: {"lead": org_tree["dept"], "joint": []},
        ProposalAction.ANSWER: {},
        ProposalAction.EVALUATE: {"satisfaction": "basic"},
        ProposalAction.PUBLISH: {"mode": "full", "consent": True},
    }[row.action]
    if row.action == ProposalAction.ANSWER and allowed:
        # The state allows it, the condition does not: no unit has answered yet.
        with pytest.raises(Conflict) as exc:
            PROPOSAL.apply(superuser, p, row.action)
        assert exc.value.message == "还有承办单位未答复。"
        return
    with time_machine.travel(datetime.date(2025, 3, 10)):
        _check(PROPOSAL, p, state, row, allowed, superuser, data)


U_PAIRS = list(UNIT.pairs())


@pytest.mark.parametrize("state,row,allowed", U_PAIRS, ids=[f"{s}-{r.action}" for s, r, _ in U_PAIRS])
def test_unit_every_state_and_action(state, row, allowed, proposal_in, superuser):
    p = proposal_in("handling")
    unit = ProposalUnit.objects.get(proposal=p)
    if state in ("drafted", "answered"):
        UNIT.apply(superuser, unit, UnitAction.DRAFT, reply="答复")
    if state == "answered":
        UNIT.apply(superuser, unit, UnitAction.SIGN, signed_by="张局长")
    unit.refresh_from_db()
    data = {UnitAction.DRAFT: {"reply": "答复"}, UnitAction.SIGN: {"signed_by": "张局长"}}[row.action]
    _check(UNIT, unit, state, row, allowed, superuser, data)


# --- role × position in the tree: the catalogue's org is the county; the host unit is its 卫健委 ---

POSITIONS = ("city", "county", "dept", "township", "sibling")
ROLES = tuple(Role)


def _expect_decision(role: str, pos: str, action: str) -> str:
    """Hand-written from docs/decisions.md (not from the policies): "ok", "403" or "404"."""
    if pos not in ("city", "county", "dept"):
        return "404"  # township and sibling see nothing of it
    if action in (DecisionAction.START, DecisionAction.RECORD_STEP):
        return "ok" if role in (Role.EDITOR, Role.ADMIN) else "403"
    return "ok" if role in (Role.APPROVER, Role.ADMIN) and pos in ("city", "county") else "403"


CASES = [(r, pos, a) for r in ROLES for pos in POSITIONS for a in (DecisionAction.START, DecisionAction.WITHDRAW)]


@pytest.mark.parametrize("role,pos,action", CASES, ids=[f"{r}-{p}-{a}" for r, p, a in CASES])
def test_decision_role_by_tree(role, pos, action, decision_in, org_tree, make_user):
    d = decision_in("planned")
    actor = make_user(f"u-{role}-{pos}", org=org_tree[pos], role=role)
    expected = _expect_decision(role, pos, action)
    shown = action in [t.action for t in DECISION.available_actions(actor, d)]
    assert shown == (expected == "ok")
    with time_machine.travel(DAY):
        if expected == "ok":
            DECISION.apply(actor, d, action, **DECISION_DATA[action])
        else:
            with pytest.raises(NotFound if expected == "404" else PermissionDenied):
                DECISION.apply(actor, d, action, **DECISION_DATA[action])


def _expect_unit(role: str, pos: str, action: str) -> str:
    """The unit part belongs to the 卫健委 (dept); the office is the county."""
    if pos not in ("city", "county", "dept"):
        return "404"
    if action == UnitAction.DRAFT:
        return "ok" if role in (Role.EDITOR, Role.ADMIN) else "403"
    return "ok" if role in (Role.APPROVER, Role.ADMIN) else "403"


U_CASES = [(r, pos, a) for r in ROLES for pos in POSITIONS for a in (UnitAction.DRAFT,)]


@pytest.mark.parametrize("role,pos,action", U_CASES, ids=[f"{r}-{p}-{a}" for r, p, a in U_CASES])
def test_unit_role_by_tree(role, pos, action, proposal_in, org_tree, make_user):
    unit = ProposalUnit.objects.get(proposal=proposal_in("handling"))
    actor = make_user(f"v-{role}-{pos}", org=org_tree[pos], role=role)
    expected = _expect_unit(role, pos, action)
    if expected == "ok":
        UNIT.apply(actor, unit, action, reply="答复")
    else:
        with pytest.raises(NotFound if expected == "404" else PermissionDenied):
            UNIT.apply(actor, unit, action, reply="答复")
