"""Tests generated from the open-data tables: every (state, action) pair of datasets and
requests, and every role × position in the org tree × action."""

import pytest

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.opendata import services
from gongkai.opendata.models import AccessRequest, RequestState
from gongkai.opendata.transitions import DATASET, REQUEST, Action, RequestAction

pytestmark = pytest.mark.django_db


def data_for(action):
    if action == Action.EDIT:
        return {"description": "更新后的摘要。"}
    if action == Action.ADD_RESOURCE:
        return {"name": "接口", "format": "api", "url": "https://data.example.gov.cn/api/sites"}
    return {}


PAIRS = [(state, row.action, allowed) for state, row, allowed in DATASET.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_every_dataset_state_and_action(state, action, allowed, dataset_in, superuser):
    dataset = dataset_in(state)
    audits = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as refused:
            DATASET.apply(superuser, dataset, action, **data_for(action))
        assert refused.value.code == "illegal_transition"
        dataset.refresh_from_db()
        assert dataset.state == state and AuditEvent.objects.count() == audits
        return
    DATASET.apply(superuser, dataset, action, **data_for(action))
    dataset.refresh_from_db()
    assert dataset.state == (DATASET.transition(action).target or state)
    assert AuditEvent.objects.filter(action=f"dataset.{action}", object_id=str(dataset.pk)).exists()


def test_a_dataset_without_resources_cannot_be_opened(dataset_in, superuser):
    dataset = dataset_in("draft", resource=False)
    with pytest.raises(Conflict):
        services.dataset_publish(actor=superuser, dataset=dataset)


EXPECTED = {
    "editor": {Action.EDIT, Action.ADD_RESOURCE},
    "admin": {Action.EDIT, Action.ADD_RESOURCE, Action.PUBLISH},
    "city_admin": {Action.EDIT, Action.ADD_RESOURCE, Action.PUBLISH},
    "approver": {Action.PUBLISH},
    "reviewer": set(),
}
INVISIBLE = ["township_editor", "sibling_admin", "nobody", "foi"]
DRAFT_ACTIONS = [Action.EDIT, Action.ADD_RESOURCE, Action.PUBLISH]


@pytest.mark.parametrize("who", [*EXPECTED, *INVISIBLE])
@pytest.mark.parametrize("action", DRAFT_ACTIONS)
def test_dataset_role_tree_action(who, action, dataset_in, staff):
    dataset = dataset_in("draft")
    actor = staff[who]
    offered = {row.action for row in DATASET.available_actions(actor, dataset)}
    if who in INVISIBLE:
        assert offered == set()
        with pytest.raises(NotFound):
            DATASET.apply(actor, dataset, action, **data_for(action))
        return
    allowed = action in EXPECTED[who]
    assert (action in offered) == allowed
    if allowed:
        DATASET.apply(actor, dataset, action, **data_for(action))
    else:
        with pytest.raises(PermissionDenied):
            DATASET.apply(actor, dataset, action, **data_for(action))


def make_request(dataset_in):
    dataset = dataset_in("published", open_type="conditional", open_conditions="仅限科研用途，须签订使用协议。")
    return services.request_submit(
        dataset=dataset, applicant="某大学公共管理学院", contact="0797-1234567", purpose="研究公共文化服务均等化"
    )


REQUEST_PAIRS = [(state, row.action, allowed) for state, row, allowed in REQUEST.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), REQUEST_PAIRS, ids=[f"{s}-{a}" for s, a, _ in REQUEST_PAIRS])
def test_every_request_state_and_action(state, action, allowed, dataset_in, superuser):
    req = make_request(dataset_in)
    if state == RequestState.APPROVED:
        services.request_approve(actor=superuser, request=req)
    elif state == RequestState.REJECTED:
        services.request_reject(actor=superuser, request=req, note="用途与开放条件不符。")
    req.refresh_from_db()
    note = {"note": "同意，请签订协议。"}
    if not allowed:
        with pytest.raises(Conflict):
            REQUEST.apply(superuser, req, action, **note)
        return
    REQUEST.apply(superuser, req, action, **note)
    req.refresh_from_db()
    assert req.state == REQUEST.transition(action).target and req.decided_at is not None


@pytest.mark.parametrize("who", ["approver", "admin", "city_admin", "editor", "reviewer", *INVISIBLE])
def test_request_role_tree(who, dataset_in, staff):
    req = make_request(dataset_in)
    actor = staff[who]
    if who in ("approver", "admin", "city_admin"):
        assert {r.action for r in REQUEST.available_actions(actor, req)} == {
            RequestAction.APPROVE,
            RequestAction.REJECT,
        }
        services.request_approve(actor=actor, request=req)
        assert AccessRequest.objects.get(pk=req.pk).state == RequestState.APPROVED
    else:
        # The applicant's contact details are for the deciding officers only: invisible to others.
        assert REQUEST.available_actions(actor, req) == []
        with pytest.raises(NotFound):
            services.request_approve(actor=actor, request=req)


def test_reject_needs_a_reason(dataset_in, superuser):
    from gongkai.core.errors import ValidationFailed

    req = make_request(dataset_in)
    with pytest.raises(ValidationFailed):
        services.request_reject(actor=superuser, request=req, note="")
    req.refresh_from_db()
    assert req.state == RequestState.PENDING
