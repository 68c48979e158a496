"""Tests generated from the guide version table: every (state, action) pair, and every role ×
position in the org tree × action."""

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.guides.transitions import VERSION, Action

pytestmark = pytest.mark.django_db

DATA = {Action.EDIT: {"fees": "不收费（依据赣发改收费〔2019〕1号）"}}
PAIRS = [(state, row.action, allowed) for state, row, allowed in VERSION.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_every_state_and_action(state, action, allowed, guide_in, superuser):
    version = guide_in(state)
    audits = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as refused:
            VERSION.apply(superuser, version, action, **DATA.get(action, {}))
        assert refused.value.code == "illegal_transition"
        version.refresh_from_db()
        assert version.state == state and AuditEvent.objects.count() == audits
        return
    VERSION.apply(superuser, version, action, **DATA.get(action, {}))
    version.refresh_from_db()
    assert version.state == (VERSION.transition(action).target or state)
    assert AuditEvent.objects.filter(action=f"guide_version.{action}", object_id=str(version.pk)).exists()


# Who may take each action on a draft of 县卫健委 (dept): editors and admins edit/discard, approvers
# and admins publish; roles held on an ancestor apply, nothing applies sideways or downwards.
EXPECTED = {
    "editor": {Action.EDIT, Action.DISCARD},
    "admin": {Action.EDIT, Action.DISCARD, Action.PUBLISH},
    "city_admin": {Action.EDIT, Action.DISCARD, Action.PUBLISH},
    "approver": {Action.PUBLISH},
    "reviewer": set(),
}
INVISIBLE = ["township_editor", "sibling_admin", "nobody", "foi"]
ROLES = [*EXPECTED, *INVISIBLE]
INTERACTIVE = [Action.EDIT, Action.PUBLISH, Action.DISCARD]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", INTERACTIVE)
def test_role_tree_action(who, action, guide_in, staff):
    version = guide_in("draft")
    actor = staff[who]
    offered = {row.action for row in VERSION.available_actions(actor, version)}
    if who in INVISIBLE:
        assert offered == set()
        with pytest.raises(NotFound):
            VERSION.apply(actor, version, action, **DATA.get(action, {}))
        return
    allowed = action in EXPECTED[who]
    assert (action in offered) == allowed
    if allowed:
        VERSION.apply(actor, version, action, **DATA.get(action, {}))
    else:
        with pytest.raises(PermissionDenied):
            VERSION.apply(actor, version, action, **DATA.get(action, {}))
