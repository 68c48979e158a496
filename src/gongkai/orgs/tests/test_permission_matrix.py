"""The org-tree rule every domain policy is built on: every role × (own org, child org, parent
org, sibling org). The domain rules themselves (起草, 保密审查, 依申请公开 ...) are tested in each
domain app's permission matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.orgs import permissions
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

# The role is held in 石城县 (the county). Roles apply to the org and its subtree only.
TARGET_ALLOWED = {"own": True, "child": True, "parent": False, "sibling": False}


def targets(org_tree):
    return {
        "own": org_tree["county"],
        "child": org_tree["dept"],
        "parent": org_tree["city"],
        "sibling": org_tree["sibling"],
    }


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("where", ["own", "child", "parent", "sibling"])
def test_role_applies_downward_only(org_tree, make_user, role, where):
    user = make_user(f"u-{role}", org=org_tree["county"], role=role)
    target = targets(org_tree)[where]
    assert permissions.has_role(user, target, role) is TARGET_ALLOWED[where]
    assert permissions.can_manage_memberships(user, target) is (TARGET_ALLOWED[where] and role == Role.ADMIN)


@pytest.mark.parametrize("role", list(Role))
def test_a_role_is_only_itself(org_tree, make_user, role):
    user = make_user(f"u-{role}", org=org_tree["county"], role=role)
    for other in Role:
        assert permissions.has_role(user, org_tree["county"], other) is (other == role)
    assert permissions.roles_in(user, org_tree["dept"]) == {role.value}


def test_anonymous_and_unaffiliated_users_may_do_nothing(org_tree, make_user):
    nobody = make_user("nobody")
    for actor in (AnonymousUser(), nobody):
        assert not permissions.can_view_staff_area(actor)
        for role in Role:
            assert not permissions.has_role(actor, org_tree["dept"], role)


def test_platform_operator_may_do_everything(org_tree, superuser):
    for role in Role:
        assert permissions.has_role(superuser, org_tree["sibling"], role)
    assert permissions.can_manage_org(superuser, org_tree["sibling"])
