"""Tests generated from the gazette issue table: every (state, action) pair, and every role ×
position in the org tree × action."""

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.gazette.transitions import ISSUE, Action

pytestmark = pytest.mark.django_db

DATA = {Action.EDIT: {"op": "add", "section": "personnel", "title": "石城县人民政府关于张三同志任职的通知"}}
PAIRS = [(state, row.action, allowed) for state, row, allowed in ISSUE.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_every_state_and_action(state, action, allowed, issue_in, superuser):
    issue = issue_in(state)
    audits = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as refused:
            ISSUE.apply(superuser, issue, action, **DATA.get(action, {}))
        assert refused.value.code == "illegal_transition"
        issue.refresh_from_db()
        assert issue.state == state and AuditEvent.objects.count() == audits
        return
    ISSUE.apply(superuser, issue, action, **DATA.get(action, {}))
    issue.refresh_from_db()
    assert issue.state == (ISSUE.transition(action).target or state)
    assert AuditEvent.objects.filter(action=f"gazette_issue.{action}", object_id=str(issue.pk)).exists()


def test_an_issue_without_entries_cannot_be_published(issue_in, superuser):
    issue = issue_in("draft", entries=False)
    assert Action.PUBLISH not in {row.action for row in ISSUE.available_actions(superuser, issue)}
    with pytest.raises(Conflict):
        ISSUE.apply(superuser, issue, Action.PUBLISH)


# The county's gazette: editors (of the county or above) and admins compile, approvers and
# admins publish. The dept editor's role is below the county, so the issue is invisible to them.
EXPECTED = {
    "county_editor": {Action.EDIT, Action.DISCARD},
    "admin": {Action.EDIT, Action.DISCARD, Action.PUBLISH},
    "city_admin": {Action.EDIT, Action.DISCARD, Action.PUBLISH},
    "approver": {Action.PUBLISH},
    "reviewer": set(),
}
INVISIBLE = ["editor", "township_editor", "sibling_admin", "nobody", "foi"]
ROLES = [*EXPECTED, *INVISIBLE]
INTERACTIVE = [Action.EDIT, Action.PUBLISH, Action.DISCARD]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", INTERACTIVE)
def test_role_tree_action(who, action, issue_in, staff):
    issue = issue_in("draft")
    actor = staff[who]
    offered = {row.action for row in ISSUE.available_actions(actor, issue)}
    if who in INVISIBLE:
        assert offered == set()
        with pytest.raises(NotFound):
            ISSUE.apply(actor, issue, action, **DATA.get(action, {}))
        return
    allowed = action in EXPECTED[who]
    assert (action in offered) == allowed
    if allowed:
        ISSUE.apply(actor, issue, action, **DATA.get(action, {}))
    else:
        with pytest.raises(PermissionDenied):
            ISSUE.apply(actor, issue, action, **DATA.get(action, {}))
