"""Tests generated from the version workflow's table: every (state, action) pair, and every role
× position in the org tree × action; plus the item services behind EDIT and BIND."""

import pytest

from gongkai.catalogs import services
from gongkai.catalogs.models import CatalogVersion, VersionState
from gongkai.catalogs.tests.workbooks import ALL_FORMS, build
from gongkai.catalogs.timelimits import RuleKind
from gongkai.catalogs.transitions import VERSION, Action
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

VALID = {"level1": "政策文件", "level2": "新文件", "deadline_text": "实时", "proactive": True, "channels": ["政府网站"]}


def make_version(actor, org, state):
    data = build({"社会救助": ALL_FORMS})
    if state == VersionState.SUPERSEDED:
        services.catalog_import(actor=actor, org=org, data=data, publish=True)
        services.catalog_import(actor=actor, org=org, data=data, publish=True)
        return CatalogVersion.objects.get(state=VersionState.SUPERSEDED)
    version = services.catalog_import(
        actor=actor, org=org, data=data, publish=state == VersionState.PUBLISHED
    ).versions[0]
    if state == VersionState.DISCARDED:
        services.version_discard(actor=actor, version=version)
    version.refresh_from_db()
    return version


def data_for(action, version):
    if action == Action.EDIT:
        return {"op": "add_item", "values": VALID}
    if action == Action.BIND:
        return {"item_id": version.items.first().pk, "column_id": None}
    return {}


PAIRS = [(state, row.action, allowed) for state, row, allowed in VERSION.pairs()]


@pytest.mark.parametrize(("state", "action", "allowed"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_every_state_and_action(state, action, allowed, org_tree, superuser):
    version = make_version(superuser, org_tree["county"], state)
    audits = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as refused:
            VERSION.apply(superuser, version, action, **data_for(action, version))
        assert refused.value.code == "illegal_transition"
        version.refresh_from_db()
        assert version.state == state and AuditEvent.objects.count() == audits
        return
    VERSION.apply(superuser, version, action, **data_for(action, version))
    version.refresh_from_db()
    assert version.state == (VERSION.transition(action).target or state)
    assert AuditEvent.objects.filter(action=f"catalog_version.{action}", object_id=str(version.pk)).exists()


POSITIONS = {"own": "county", "parent": "city", "child": "township", "sibling": "sibling"}
ROLES = (Role.ADMIN, Role.EDITOR, Role.APPROVER)
INTERACTIVE = [a for a in Action if VERSION.transition(a).interactive]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("position", list(POSITIONS))
@pytest.mark.parametrize("action", INTERACTIVE)
def test_every_role_and_position(role, position, action, org_tree, superuser, make_user):
    version = make_version(superuser, org_tree["county"], VersionState.DRAFT)
    user = make_user(f"u-{role}-{position}", org=org_tree[POSITIONS[position]], role=role)
    above = position in ("own", "parent")
    expected = "ok" if above and role == Role.ADMIN else ("forbidden" if above else "hidden")
    offered = action in {t.action for t in VERSION.available_actions(user, version)}
    assert offered == (expected == "ok")
    if expected == "ok":
        VERSION.apply(user, version, action, **data_for(action, version))
        return
    with pytest.raises(PermissionDenied if expected == "forbidden" else NotFound):
        VERSION.apply(user, version, action, **data_for(action, version))


def test_publishing_supersedes_the_published_version_and_needs_items(org_tree, people):
    county = org_tree["county"]
    first = services.catalog_import(
        actor=people["admin"], org=county, data=build({"社会救助": ALL_FORMS}), publish=True
    )
    draft = services.version_start_draft(actor=people["admin"], org=county, area="social_assistance")
    assert draft.items.count() == len(ALL_FORMS) and draft.number == 2
    assert services.version_start_draft(actor=people["admin"], org=county, area="social_assistance") == draft
    services.version_publish(actor=people["admin"], version=draft)
    states = dict(CatalogVersion.objects.values_list("number", "state"))
    assert states == {1: VersionState.SUPERSEDED, 2: VersionState.PUBLISHED}
    assert first.versions[0].pk != draft.pk
    empty = services.version_start_draft(actor=people["admin"], org=county, area="tax")
    with pytest.raises(Conflict, match="没有事项"):
        services.version_publish(actor=people["admin"], version=empty)


def test_item_edits_validate_and_flag_unparsed_limits(org_tree, people):
    county = org_tree["county"]
    draft = services.version_start_draft(actor=people["admin"], org=county, area="health")
    item = services.item_add(actor=people["admin"], version=draft, values={**VALID, "deadline_text": "按规定时限"})
    assert item.deadline_flagged and item.deadline_rule["kind"] == RuleKind.UNPARSED
    confirmed = services.item_update(
        actor=people["admin"],
        item=item,
        values={**VALID, "deadline_text": "按规定时限"},
        override=services.manual_rule("按规定时限", "working_day", 15),
    )
    assert not confirmed.deadline_flagged and confirmed.deadline_rule["days"] == 15
    assert confirmed.deadline_text == "按规定时限"  # the original text is kept
    with pytest.raises(ValidationFailed) as refused:
        services.item_add(actor=people["admin"], version=draft, values={"level1": "", "channels": ["飞鸽传书"]})
    assert set(refused.value.fields) >= {"level1", "level2", "channels", "withholding_ground"}
    withheld = services.item_add(
        actor=people["admin"], version=draft, values={**VALID, "proactive": False, "withholding_ground": "条例第十五条"}
    )
    assert withheld.negative_list and withheld.withholding_ground == "条例第十五条"
    services.item_delete(actor=people["admin"], item=withheld)
    assert draft.items.count() == 1
    with pytest.raises(PermissionDenied):
        services.item_add(actor=people["editor"], version=draft, values=VALID)


def test_binding_refuses_another_orgs_column(org_tree, people):
    from gongkai.disclosure import selectors as disclosure
    from gongkai.disclosure.services import catalog_ensure_default

    catalog_ensure_default(org=org_tree["sibling"])
    foreign = disclosure.catalog_columns([org_tree["sibling"].pk])[0]
    version = services.version_from_template(actor=people["admin"], org=org_tree["county"], area="budget")
    with pytest.raises(ValidationFailed, match="不属于本机构"):
        services.item_bind(actor=people["admin"], item=version.items.first(), column_id=foreign.pk)
    assert version.items.filter(column__isnull=False).count() == 0
