"""Tests generated from the state tables: every (state, action) pair, and every role × position
in the org tree × action, through the engine."""

import pytest
import time_machine
from conftest import make_credit_code

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.opinion import services
from gongkai.opinion.models import Channel, Event, EventState, PressEvent, PressState
from gongkai.opinion.tests.conftest import at, publish_policy
from gongkai.opinion.transitions import EVENT, PRESS, Action, PressAction
from gongkai.orgs.roles import Level, Role

pytestmark = pytest.mark.django_db


def event_data(action: str, org_tree) -> dict:
    data: dict[str, dict] = {
        Action.ASSESS: {"assessment": "研判意见"},
        Action.RESPOND: {
            "responded_at": at("2025-06-01 07:30"),
            "channel": Channel.STATEMENT,
            "response_text": "回应内容",
        },
        Action.CLOSE: {"effect": "good"},
        Action.SHARE: {"org_ids": [org_tree["township"].pk]},
    }
    return data[action]


def _written(event: Event) -> tuple:
    event = Event.objects.get(pk=event.pk)
    return (event.state, event.assessed_at, event.responded_at, event.closed_at, AuditEvent.objects.count())


PAIRS = [(state, row.action, allowed) for state, row, allowed in EVENT.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_every_event_state_and_action(state, action, allowed, make_event, superuser, org_tree):
    event = make_event(state)
    before = _written(event)
    with time_machine.travel(at("2025-06-01 09:00"), tick=False):
        if not allowed:
            with pytest.raises(Conflict) as refused:
                EVENT.apply(superuser, event, action, **event_data(action, org_tree))
            assert refused.value.code == "illegal_transition"
            assert _written(event) == before
            return
        EVENT.apply(superuser, event, action, **event_data(action, org_tree))
    event.refresh_from_db()
    assert event.state == (EVENT.transition(action).target or state)
    assert AuditEvent.objects.filter(action=f"opinion_event.{action}", object_id=str(event.pk)).exists()


def _press_in(state: str, staff, org_tree) -> PressEvent:
    with time_machine.travel(at("2025-04-10 12:00"), tick=False):
        policy = publish_policy(staff, org_tree["dept"])
        press = services.press_plan(
            actor=staff["editor"],
            org=org_tree["dept"],
            data=services.PressInput(
                "online_interview",
                "在线访谈",
                at("2025-04-10 10:00"),
                policy_id=policy.pk,
                speakers=[services.SpeakerInput("甲", "主任", "principal")],
            ),
        )
        if state == PressState.CANCELLED:
            services.press_cancel(actor=staff["editor"], press=press, reason="改期")
        if state in (PressState.HELD, PressState.PUBLISHED):
            services.press_hold(
                actor=staff["editor"], press=press, held_at=at("2025-04-10 10:00"), transcript_html="<p>实录</p>"
            )
        if state == PressState.PUBLISHED:
            services.press_publish_transcript(actor=staff["editor"], press=press)
    press.refresh_from_db()
    return press


PRESS_DATA = {
    PressAction.HOLD: {"held_at": at("2025-04-10 10:00"), "transcript_html": "<p>实录</p>"},
    PressAction.CANCEL: {"reason": "改期"},
}
PRESS_PAIRS = [(state, row.action, allowed) for state, row, allowed in PRESS.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), PRESS_PAIRS, ids=[f"{s}-{a}" for s, a, _ in PRESS_PAIRS])
def test_every_press_state_and_action(state, action, allowed, staff, org_tree, superuser):
    press = _press_in(state, staff, org_tree)
    audits = AuditEvent.objects.count()
    with time_machine.travel(at("2025-04-10 12:00"), tick=False):
        if not allowed:
            with pytest.raises(Conflict) as refused:
                PRESS.apply(superuser, press, action, **PRESS_DATA.get(action, {}))
            assert refused.value.code == "illegal_transition"
            assert PressEvent.objects.get(pk=press.pk).state == state and AuditEvent.objects.count() == audits
            return
        PRESS.apply(superuser, press, action, **PRESS_DATA.get(action, {}))
    assert PressEvent.objects.get(pk=press.pk).state == PRESS.transition(action).target


# --------------------------------------------------------------------------- role × tree position

ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)
POSITIONS = ("own", "parent", "grandparent", "sibling", "cousin", "other_province")
SOURCE = {
    Action.ASSESS: EventState.REGISTERED,
    Action.RESPOND: EventState.ASSESSED,
    Action.CLOSE: EventState.RESPONDED,
    Action.SHARE: EventState.REGISTERED,
}
ALLOWED_ROLES: dict[str, set[Role]] = {
    Action.ASSESS: {Role.EDITOR, Role.APPROVER, Role.ADMIN},
    Action.RESPOND: {Role.APPROVER, Role.ADMIN},
    Action.CLOSE: {Role.APPROVER, Role.ADMIN},
    Action.SHARE: {Role.APPROVER, Role.ADMIN},
}


def _expected(role: str, position: str, action: str) -> str:
    """What the policies promise for an event registered in the county and routed to 县卫健委."""
    if position not in ("own", "parent", "grandparent"):
        return "hidden"
    return "ok" if role in ALLOWED_ROLES[action] else "forbidden"


@pytest.fixture
def position_org(org_tree, superuser):
    from gongkai.orgs.services import organization_create

    def org_at(position: str):
        if position == "other_province":
            return organization_create(
                actor=superuser,
                name="某省人民政府",
                level=Level.PROVINCE,
                credit_code=make_credit_code("430000"),
                slug="other-prov",
            )
        return {
            "own": org_tree["dept"],
            "parent": org_tree["county"],
            "grandparent": org_tree["city"],
            "sibling": org_tree["township"],
            "cousin": org_tree["sibling"],
        }[position]

    return org_at


MATRIX = [(r, p, a) for r in ROLES for p in POSITIONS for a in SOURCE]


@pytest.mark.parametrize(("role", "position", "action"), MATRIX, ids=[f"{r}-{p}-{a}" for r, p, a in MATRIX])
def test_every_role_position_and_action(role, position, action, make_event, make_user, position_org, org_tree):
    event = make_event(SOURCE[action])
    user = make_user("matrix-user", org=position_org(position), role=role)
    expected = _expected(role, position, action)
    offered = [t.action for t in EVENT.available_actions(user, event)]
    with time_machine.travel(at("2025-06-01 09:00"), tick=False):
        if expected == "ok":
            assert action in offered
            EVENT.apply(user, event, action, **event_data(action, org_tree))
            return
        assert action not in offered
        with pytest.raises(NotFound if expected == "hidden" else PermissionDenied):
            EVENT.apply(user, event, action, **event_data(action, org_tree))
