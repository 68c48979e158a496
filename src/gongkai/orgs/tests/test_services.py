import pytest
from conftest import make_credit_code

from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Level, Role
from gongkai.orgs.selectors import organization_subtree, organization_tree
from gongkai.orgs.services import membership_grant, membership_revoke, organization_create, organization_update

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Organization.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def test_create_builds_paths_and_audits(org_tree, superuser):
    county, dept = org_tree["county"], org_tree["dept"]
    assert dept.path == f"{county.path}{dept.pk}/"
    assert dept.depth == 2
    assert set(organization_subtree(county)) == {county, dept, org_tree["township"]}
    event = AuditEvent.objects.filter(action="org.created", object_id=str(dept.pk)).get()
    assert event.actor == superuser
    assert event.after is not None
    assert event.after["credit_code"] == dept.credit_code


def test_tree_nests_children_under_parents(org_tree):
    (city,) = organization_tree()
    assert city.org == org_tree["city"]
    county_node = next(n for n in city.children if n.org == org_tree["county"])
    assert {n.org for n in county_node.children} == {org_tree["dept"], org_tree["township"]}


def test_invalid_credit_code_is_refused_and_nothing_changes(org_tree, superuser):
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        organization_create(
            actor=superuser,
            name="石城县教育局",
            level=Level.DEPARTMENT,
            credit_code="11360735000000010X",
            slug="shicheng-jyj",
            parent=org_tree["county"],
        )
    assert exc.value.code == "org_invalid"
    assert "校验位" in exc.value.fields["credit_code"][0]
    assert snapshot() == before


def test_duplicate_credit_code_and_slug_are_refused(org_tree, superuser):
    with pytest.raises(ValidationFailed) as exc:
        organization_create(
            actor=superuser,
            name="重复",
            level=Level.DEPARTMENT,
            credit_code=org_tree["dept"].credit_code,
            slug="shicheng",
            parent=org_tree["county"],
        )
    assert set(exc.value.fields) == {"credit_code", "slug"}


def test_hierarchy_rules(org_tree, superuser):
    with pytest.raises(ValidationFailed) as exc:
        organization_create(
            actor=superuser,
            name="某省",
            level=Level.PROVINCE,
            credit_code=make_credit_code(),
            slug="x-province",
            parent=org_tree["county"],
        )
    assert "parent" in exc.value.fields
    with pytest.raises(ValidationFailed):
        organization_create(
            actor=superuser, name="孤立部门", level=Level.DEPARTMENT, credit_code=make_credit_code(), slug="lonely"
        )


def test_an_org_cannot_become_its_own_ancestor(org_tree, superuser):
    before = snapshot()
    for new_parent in (org_tree["county"], org_tree["dept"]):
        with pytest.raises(ValidationFailed) as exc:
            organization_update(actor=superuser, org=org_tree["county"], parent=new_parent)
        assert exc.value.code == "org_cycle"
    assert snapshot() == before


def test_moving_an_org_moves_its_subtree(org_tree, superuser):
    county, sibling, dept = org_tree["county"], org_tree["sibling"], org_tree["dept"]
    organization_update(actor=superuser, org=county, parent=org_tree["city"])  # no-op move
    moved = organization_update(actor=superuser, org=dept, parent=sibling)
    assert moved.path == f"{sibling.path}{dept.pk}/"
    assert dept not in organization_subtree(county)
    assert dept in organization_subtree(sibling)
    assert AuditEvent.objects.filter(action="org.updated", object_id=str(dept.pk)).count() == 1


def test_only_admins_of_the_parent_create_children(org_tree, make_user):
    dept_admin = make_user("dept-admin", org=org_tree["dept"], role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        organization_create(
            actor=dept_admin,
            name="石城县人民政府办公室",
            level=Level.DEPARTMENT,
            credit_code=make_credit_code(),
            slug="shicheng-office",
            parent=org_tree["county"],
        )
    county_admin = make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)
    office = organization_create(
        actor=county_admin,
        name="石城县人民政府办公室",
        level=Level.DEPARTMENT,
        credit_code=make_credit_code(),
        slug="shicheng-office",
        parent=org_tree["county"],
    )
    assert office.parent == org_tree["county"]


def test_membership_grant_and_revoke_are_audited(org_tree, make_user, superuser):
    clerk = make_user("clerk")
    membership = membership_grant(actor=superuser, user=clerk, org=org_tree["dept"], role=Role.EDITOR)
    granted = AuditEvent.objects.get(action="membership.granted")
    assert granted.after == {"user": "clerk", "org_id": org_tree["dept"].pk, "role": "editor"}
    membership_revoke(actor=superuser, membership=membership)
    revoked = AuditEvent.objects.get(action="membership.revoked")
    assert revoked.before is not None
    assert revoked.before["role"] == "editor"
    assert not Membership.objects.filter(user=clerk).exists()


def test_unknown_role_is_refused_and_nothing_changes(org_tree, make_user, superuser):
    clerk = make_user("clerk")
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        membership_grant(actor=superuser, user=clerk, org=org_tree["dept"], role="mayor")
    assert exc.value.code == "unknown_role"
    assert snapshot() == before


def test_duplicate_membership_is_a_conflict(org_tree, make_user, superuser):
    clerk = make_user("clerk", org=org_tree["dept"], role=Role.EDITOR)
    with pytest.raises(Conflict):
        membership_grant(actor=superuser, user=clerk, org=org_tree["dept"], role=Role.EDITOR)


def test_granting_needs_admin_rights_over_the_org(org_tree, make_user):
    editor = make_user("editor", org=org_tree["county"], role=Role.EDITOR)
    clerk = make_user("clerk")
    with pytest.raises(PermissionDenied):
        membership_grant(actor=editor, user=clerk, org=org_tree["dept"], role=Role.EDITOR)
    assert not Membership.objects.filter(user=clerk).exists()
