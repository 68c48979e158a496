"""Staff management and two-factor services: every change audited, nothing outside the
actor's subtree, no role above it."""

import pytest
import time_machine
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.orgs import selectors, services, twofactor
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def county_admin(org_tree, make_user):
    return make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)


def test_admin_adds_staff_in_subtree_with_a_role_and_both_steps_are_audited(org_tree, county_admin):
    user = services.staff_create(
        actor=county_admin, username="wang", name="王芳", email="wang@example.cn", org=org_tree["dept"], role="editor"
    )
    assert user.first_name == "王芳" and not user.has_usable_password()
    assert list(Membership.objects.filter(user=user).values_list("org_id", "role")) == [(org_tree["dept"].pk, "editor")]
    actions = list(AuditEvent.objects.filter(actor=county_admin).order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["user.created", "membership.granted"]


def test_admin_cannot_add_staff_or_grant_roles_above_or_beside_the_subtree(org_tree, county_admin, make_user):
    before = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    for org in (org_tree["city"], org_tree["sibling"]):
        with pytest.raises(PermissionDenied):
            services.staff_create(actor=county_admin, username="li", name="李", email="", org=org, role="admin")
        with pytest.raises(PermissionDenied):
            services.membership_grant(actor=county_admin, user=county_admin, org=org, role="admin")
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == before


def test_invalid_staff_input_names_each_field_and_saves_nothing(org_tree, county_admin, make_user):
    make_user("taken")
    before = User.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.staff_create(
            actor=county_admin, username="Taken", name=" ", email="x@", org=org_tree["dept"], role="boss"
        )
    assert set(exc.value.fields) == {"username", "name", "email", "role"}
    assert User.objects.count() == before


def test_accounts_outside_the_subtree_are_not_found(org_tree, county_admin, make_user, superuser):
    outsider = make_user("ruijin-clerk", org=org_tree["sibling"], role=Role.EDITOR)
    # Holds a role inside the county too, but also one above it: not the county admin's to manage.
    city_official = make_user("city-official", org=org_tree["city"], role=Role.APPROVER)
    Membership.objects.create(user=city_official, org=org_tree["dept"], role=Role.EDITOR)
    for user in (outsider, city_official, superuser):
        with pytest.raises(NotFound):
            services.staff_get(actor=county_admin, pk=user.pk)
        with pytest.raises(NotFound):
            services.staff_set_active(actor=county_admin, user=user, active=False)
        with pytest.raises(NotFound):
            services.staff_password_link(actor=county_admin, user=user)
    assert User.objects.filter(is_active=False).count() == 0


def test_deactivate_reactivate_and_revoke_are_audited(org_tree, county_admin, make_user):
    clerk = make_user("clerk", org=org_tree["township"], role=Role.EDITOR)
    services.staff_set_active(actor=county_admin, user=clerk, active=False)
    clerk.refresh_from_db()
    assert not clerk.is_active
    services.staff_set_active(actor=county_admin, user=clerk, active=True)
    services.membership_revoke(actor=county_admin, membership=Membership.objects.get(user=clerk))
    actions = list(AuditEvent.objects.filter(object_id=str(clerk.pk)).values_list("action", flat=True))
    assert "user.deactivated" in actions and "user.reactivated" in actions
    assert AuditEvent.objects.filter(action="membership.revoked", before__user="clerk").exists()
    with pytest.raises(ValidationFailed):
        services.staff_set_active(actor=county_admin, user=county_admin, active=False)


def test_password_link_works_once_and_is_audited(org_tree, county_admin):
    user = services.staff_create(
        actor=county_admin, username="zhao", name="赵", email="", org=org_tree["dept"], role="editor"
    )
    _uidb64, token = services.staff_password_link(actor=county_admin, user=user)
    assert AuditEvent.objects.filter(action="user.password_link_issued", object_id=str(user.pk)).exists()
    with pytest.raises(ValidationFailed) as exc:
        services.staff_password_set(user=user, token=token, password="123")
    assert "password" in exc.value.fields
    services.staff_password_set(user=user, token=token, password="Shicheng-2026-zhao")
    user.refresh_from_db()
    assert user.check_password("Shicheng-2026-zhao")
    assert not default_token_generator.check_token(user, token)  # used: no longer valid
    with pytest.raises(ValidationFailed):
        services.staff_password_set(user=user, token=token, password="Another-2026-pass")
    assert AuditEvent.objects.filter(action="user.password_set", actor=user).count() == 1


def test_password_link_expires(org_tree, county_admin, settings):
    user = services.staff_create(
        actor=county_admin, username="qian", name="钱", email="", org=org_tree["dept"], role="editor"
    )
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        _, token = services.staff_password_link(actor=county_admin, user=user)
    # Past Django's 3-day PASSWORD_RESET_TIMEOUT.
    with time_machine.travel("2026-03-06 09:00 +0800", tick=False), pytest.raises(ValidationFailed):
        services.staff_password_set(user=user, token=token, password="Shicheng-2026-qian")


def test_role_table_lists_the_subtree_only(org_tree, county_admin, make_user):
    make_user("ruijin-clerk", org=org_tree["sibling"], role=Role.EDITOR)
    make_user("mulan-clerk", org=org_tree["township"], role=Role.EDITOR)
    (root,) = selectors.managed_roots(county_admin)
    assert root == org_tree["county"]
    names = {m.user.username for m in selectors.role_holders(root)}
    assert names == {"county-admin", "mulan-clerk"}


def test_totp_enrolment_verification_and_policy(org_tree, county_admin, make_user):
    approver = make_user("approver", org=org_tree["dept"], role=Role.APPROVER)
    editor = make_user("editor", org=org_tree["dept"], role=Role.EDITOR)
    assert not twofactor.two_factor_required(approver)
    with pytest.raises(PermissionDenied):
        twofactor.organization_set_two_factor(actor=editor, org=org_tree["dept"], required=True)
    twofactor.organization_set_two_factor(actor=county_admin, org=org_tree["county"], required=True)
    assert AuditEvent.objects.filter(action="org.two_factor_policy", object_id=str(org_tree["county"].pk)).exists()
    # The county's requirement covers its department's approver, not its editor.
    assert twofactor.two_factor_required(approver) and twofactor.two_factor_required(county_admin)
    assert not twofactor.two_factor_required(editor)
    device = twofactor.totp_enrol_start(actor=approver)
    with pytest.raises(ValidationFailed):
        twofactor.totp_enrol_confirm(actor=approver, token="000000" if code_of(device) != "000000" else "111111")
    twofactor.totp_enrol_confirm(actor=approver, token=code_of(device))
    assert twofactor.is_enrolled(approver)
    assert AuditEvent.objects.filter(action="user.two_factor_enabled", object_id=str(approver.pk)).exists()
    with pytest.raises(Conflict):
        twofactor.totp_enrol_start(actor=approver)
    with pytest.raises(PermissionDenied):
        twofactor.totp_disable(actor=approver)
    assert twofactor.verify_sign_in(approver, "12345x") is None
