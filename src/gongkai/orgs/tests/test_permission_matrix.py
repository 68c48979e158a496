"""Every role × (own org, child org, parent org, sibling org) for the action each role exists for."""

import pytest

from gongkai.orgs import permissions
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

ACTION_OF_ROLE = {
    Role.EDITOR: permissions.can_draft,
    Role.REVIEWER: permissions.can_review,
    Role.APPROVER: permissions.can_approve,
    Role.FOI_OFFICER: permissions.can_handle_foi,
    Role.ADMIN: permissions.can_manage_memberships,
}
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
    assert ACTION_OF_ROLE[role](user, target) is TARGET_ALLOWED[where]


@pytest.mark.parametrize("role", list(Role))
def test_a_role_grants_only_its_own_actions(org_tree, make_user, role):
    user = make_user(f"u-{role}", org=org_tree["county"], role=role)
    for other_role, action in ACTION_OF_ROLE.items():
        assert action(user, org_tree["county"]) is (other_role == role)


def test_applicant_data_is_for_foi_officers_and_admins_only(org_tree, make_user):
    allowed = {Role.FOI_OFFICER, Role.ADMIN}
    for role in Role:
        user = make_user(f"v-{role}", org=org_tree["dept"], role=role)
        assert permissions.can_view_applicant_data(user, org_tree["dept"]) is (role in allowed)
        assert permissions.can_view_applicant_data(user, org_tree["county"]) is False


def test_anonymous_and_unaffiliated_users_may_do_nothing(org_tree, make_user):
    from django.contrib.auth.models import AnonymousUser

    nobody = make_user("nobody")
    for actor in (AnonymousUser(), nobody):
        assert not permissions.can_view_staff_area(actor)
        for action in ACTION_OF_ROLE.values():
            assert not action(actor, org_tree["dept"])


def test_platform_operator_may_do_everything(org_tree, superuser):
    for action in ACTION_OF_ROLE.values():
        assert action(superuser, org_tree["sibling"])
