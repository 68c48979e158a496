"""Tests generated from the state tables: every (state, action) pair, and every role × position
in the org tree × action, through the engine."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from conftest import make_credit_code

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.foi import permissions, services
from gongkai.foi.models import Appeal, AppealResult, Application, ClockEvent, State
from gongkai.foi.tests.cases import D, action_data, make_case, prepare
from gongkai.foi.transitions import APPEAL, APPLICATION, Action, AppealAction
from gongkai.orgs.roles import Level, Role

pytestmark = pytest.mark.django_db

PAIRS = [(state, row.action, allowed) for state, row, allowed in APPLICATION.pairs()]


def _written(app: Application) -> tuple:
    app = Application.objects.get(pk=app.pk)
    return (
        app.state,
        app.due_on,
        app.outcome,
        app.assigned_to_id,
        ClockEvent.objects.filter(application=app).count(),
        AuditEvent.objects.count(),
        app.letters.count(),
        app.appeals.count(),
    )


@pytest.mark.parametrize(("state", "action", "allowed"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_every_state_and_action(state, action, allowed, org_tree, superuser, make_user):
    officer = make_user("table-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    app = make_case(superuser, org_tree["dept"], state, **prepare(action))
    data = action_data(action, app, officer)
    before = _written(app)
    condition = APPLICATION.transition(action).when
    if allowed and condition is not None and not condition(app):
        allowed = False  # the state allows it, the row's own condition (a date, a once-only step) not now
    if not allowed:
        with pytest.raises(Conflict) as refused:
            APPLICATION.apply(superuser, app, action, **data)
        assert refused.value.code == "illegal_transition"
        assert _written(app) == before  # nothing written, not even an audit row
        return
    APPLICATION.apply(superuser, app, action, **data)
    app.refresh_from_db()
    row = APPLICATION.transition(action)
    assert app.state == (row.target or state)
    assert AuditEvent.objects.filter(action=row.audit_action, object_id=str(app.pk)).exists()


APPEAL_PAIRS = [(state, row.action, allowed) for state, row, allowed in APPEAL.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), APPEAL_PAIRS, ids=[f"{s}-{a}" for s, a, _ in APPEAL_PAIRS])
def test_every_appeal_state_and_action(state, action, allowed, org_tree, superuser):
    app = make_case(superuser, org_tree["dept"], State.REPLIED)
    appeal = services.appeal_record(
        actor=superuser, application=app, kind="review", filed_on=D("2025-11-01"), body="石城县人民政府"
    )
    if state != AppealResult.PENDING:
        services.appeal_decide(actor=superuser, appeal=appeal, result=state, decided_on=D("2025-12-01"))
    audits = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as refused:
            APPEAL.apply(superuser, appeal, action, result="corrected", decided_on=D("2025-12-20"))
        assert refused.value.code == "illegal_transition"
        assert Appeal.objects.get(pk=appeal.pk).result == state and AuditEvent.objects.count() == audits
        return
    APPEAL.apply(superuser, appeal, action, result="corrected", decided_on=D("2025-12-20"))
    assert Appeal.objects.get(pk=appeal.pk).result == "corrected"


def test_an_open_case_within_its_time_cannot_be_appealed_but_an_overdue_one_can(org_tree, superuser):
    """条例第五十一条: 不作为 (no reply by the due date) can be appealed while the case is open."""
    app = make_case(superuser, org_tree["dept"], State.IN_PROGRESS)
    app.refresh_from_db()
    assert app.due_on is not None
    with time_machine.travel(app.due_on, tick=False):
        with pytest.raises(Conflict, match="答复期限内"):
            services.appeal_record(
                actor=superuser, application=app, kind="review", filed_on=app.due_on, body="石城县人民政府"
            )
        assert not Appeal.objects.exists()
    day_after = app.due_on + datetime.timedelta(days=1)
    with time_machine.travel(day_after, tick=False):
        services.appeal_record(
            actor=superuser, application=app, kind="review", filed_on=day_after, body="石城县人民政府"
        )
    assert Appeal.objects.filter(application=app).count() == 1


# --------------------------------------------------------------------------- role × tree position

POSITIONS = ("own", "child", "parent", "sibling", "other_province")
CASE_ROLES = (Role.FOI_OFFICER, Role.ADMIN, Role.APPROVER)


def _source_state(action: str) -> str:
    sources = APPLICATION.transition(action).sources
    for state in (State.IN_PROGRESS, State.REPLIED, State.CONSULTING, State.AWAITING_FEE):
        if state in sources:
            return state
    return sorted(sources)[0]


def _expected(role: str, position: str, action: str) -> str:
    """What the table's policies promise: 'ok', 'forbidden' (403) or 'hidden' (404)."""
    if position not in ("own", "parent") or role not in CASE_ROLES:
        return "hidden"  # a role applies to its org's subtree only; nothing upward or sideways
    if action == Action.EXTEND:
        allowed = role == Role.ADMIN  # 条例第三十三条第二款: the 工作机构负责人
    elif action == Action.REPLY:
        allowed = role in CASE_ROLES  # 签发
    else:
        allowed = role == Role.FOI_OFFICER
    return "ok" if allowed else "forbidden"


@pytest.fixture
def positions(org_tree, superuser):
    from gongkai.orgs.services import organization_create

    province = organization_create(
        actor=superuser,
        name="湖南省人民政府",
        level=Level.PROVINCE,
        credit_code=make_credit_code("430000"),
        slug="hunan",
    )
    return {
        "own": org_tree["county"],
        "child": org_tree["dept"],
        "parent": org_tree["city"],
        "sibling": org_tree["sibling"],
        "other_province": province,
    }


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("role", list(Role))
def test_every_role_and_position(role, position, positions, org_tree, superuser, make_user):
    case_org = org_tree["county"]
    actor = make_user(f"u-{role}-{position}", org=positions[position], role=role)
    officer = make_user(f"assignee-{role}-{position}", org=case_org, role=Role.FOI_OFFICER)
    shared: dict[str, Application] = {}
    for action in Action:
        expected = _expected(role, position, action)
        state = _source_state(action)
        if expected == "ok":
            app = make_case(superuser, case_org, state, **prepare(action))
        else:  # refused before the effect runs: one case per state will do
            if state not in shared:
                shared[state] = make_case(superuser, case_org, state, draft=True)
            app = shared[state]
        data = action_data(action, app, officer)
        offered = action in {row.action for row in APPLICATION.available_actions(actor, app)}
        if expected == "hidden":
            with pytest.raises(NotFound):
                APPLICATION.apply(actor, app, action, **data)
        elif expected == "forbidden":
            with pytest.raises(PermissionDenied):
                APPLICATION.apply(actor, app, action, **data)
        else:
            APPLICATION.apply(actor, app, action, **data)
        assert offered == (expected == "ok"), (action, expected)


@pytest.mark.parametrize("role", list(Role))
def test_appeal_decision_by_role(role, org_tree, superuser, make_user):
    app = make_case(superuser, org_tree["dept"], State.REPLIED)
    appeal = services.appeal_record(
        actor=superuser, application=app, kind="review", filed_on=D("2025-11-01"), body="石城县人民政府"
    )
    actor = make_user(f"appeal-{role}", org=org_tree["county"], role=role)
    if not permissions.can_view_case(actor, app.org):
        with pytest.raises(NotFound):
            services.appeal_decide(actor=actor, appeal=appeal, result="upheld", decided_on=D("2025-12-01"))
    elif not permissions.can_handle(actor, app.org):
        with pytest.raises(PermissionDenied):
            services.appeal_decide(actor=actor, appeal=appeal, result="upheld", decided_on=D("2025-12-01"))
    else:
        services.appeal_decide(actor=actor, appeal=appeal, result="upheld", decided_on=D("2025-12-01"))
        assert Appeal.objects.get(pk=appeal.pk).result == "upheld"
    assert [row.action for row in APPEAL.available_actions(actor, appeal)] == (
        [AppealAction.DECIDE] if role == Role.FOI_OFFICER else []
    )
