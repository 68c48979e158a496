"""The people, org and two-factor pages through the HTTP client."""

import re

import pytest
from conftest import make_credit_code
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin(org_tree, make_user):
    return make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)


def test_admin_adds_staff_then_hands_over_a_link_the_new_user_signs_in_with(org_tree, admin):
    client = signed_in(admin)
    page = client.get("/staff/people/")
    assert page.status_code == 200 and "石城县人民政府及下属机构" in page.content.decode()
    response = client.post(
        "/staff/people/new/",
        {"username": "wang", "name": "王芳", "email": "", "org": org_tree["dept"].pk, "role": "editor"},
    )
    user = User.objects.get(username="wang")
    assert response.status_code == 302 and response["Location"] == f"/staff/people/{user.pk}/"
    shown = client.post(f"/staff/people/{user.pk}/password-link/").content.decode()
    link = re.search(r'value="http://testserver(/staff/people/reset/[^"]+)"', shown)
    assert link is not None
    anonymous = Client()
    assert anonymous.get(link.group(1)).status_code == 200
    mismatch = anonymous.post(link.group(1), {"password": "Shicheng-2026-wang", "password2": "other"})
    assert mismatch.status_code == 422 and "两次输入的密码不一致" in mismatch.content.decode()
    done = anonymous.post(link.group(1), {"password": "Shicheng-2026-wang", "password2": "Shicheng-2026-wang"})
    assert done.status_code == 302
    assert anonymous.get(link.group(1)).status_code == 410  # one time only
    login = anonymous.post("/staff/login/", {"username": "wang", "password": "Shicheng-2026-wang"})
    assert login.status_code == 302 and login["Location"] == "/staff/"
    assert "您好，wang" in anonymous.get("/staff/").content.decode()


def test_errors_are_shown_beside_fields_and_input_kept(org_tree, admin):
    response = signed_in(admin).post(
        "/staff/people/new/",
        {"username": "bad name!", "name": "王芳", "email": "x@", "org": org_tree["dept"].pk, "role": "editor"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "field-error" in body and 'value="王芳"' in body


def test_outsiders_and_plain_staff_get_403_or_404(org_tree, admin, make_user):
    outsider = make_user("ruijin-clerk", org=org_tree["sibling"], role=Role.EDITOR)
    client = signed_in(admin)
    assert client.get(f"/staff/people/{outsider.pk}/").status_code == 404
    assert client.post(f"/staff/people/{outsider.pk}/active/", {"active": "0"}).status_code == 404
    assert client.post(f"/staff/people/{outsider.pk}/password-link/").status_code == 404
    revoke = client.post(f"/staff/people/roles/{Membership.objects.get(user=outsider).pk}/revoke/")
    assert revoke.status_code == 404
    grant = client.post(f"/staff/people/{admin.pk}/roles/", {"org": org_tree["city"].pk, "role": "admin"})
    assert grant.status_code == 422 and not Membership.objects.filter(org=org_tree["city"]).exists()
    assert signed_in(outsider).get("/staff/people/").status_code == 403
    assert client.get("/staff/orgs/").status_code == 403  # orgs are the platform operator's
    assert User.objects.get(pk=outsider.pk).is_active


def test_admin_assigns_revokes_and_deactivates(org_tree, admin, make_user):
    clerk = make_user("clerk", org=org_tree["township"], role=Role.EDITOR)
    client = signed_in(admin)
    client.post(f"/staff/people/{clerk.pk}/roles/", {"org": org_tree["township"].pk, "role": "reviewer"})
    assert set(Membership.objects.filter(user=clerk).values_list("role", flat=True)) == {"editor", "reviewer"}
    client.post(f"/staff/people/roles/{Membership.objects.get(user=clerk, role='editor').pk}/revoke/")
    client.post(f"/staff/people/{clerk.pk}/active/", {"active": "0"})
    assert not User.objects.get(pk=clerk.pk).is_active
    assert Client().post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"}).status_code == 200
    actions = set(AuditEvent.objects.filter(actor=admin).values_list("action", flat=True))
    assert {"membership.granted", "membership.revoked", "user.deactivated"} <= actions


def test_operator_creates_renames_and_moves_orgs(org_tree, superuser):
    client = signed_in(superuser)
    assert "石城县木兰乡人民政府" in client.get("/staff/orgs/").content.decode()
    created = client.post(
        "/staff/orgs/new/",
        {
            "name": "石城县教育局",
            "short_name": "",
            "level": "department",
            "parent": org_tree["county"].pk,
            "credit_code": make_credit_code(),
            "slug": "shicheng-jyj",
        },
    )
    assert created.status_code == 302
    org = Organization.objects.get(slug="shicheng-jyj")
    moved = client.post(
        f"/staff/orgs/{org.pk}/edit/",
        {"name": "石城县教育和体育局", "short_name": "", "parent": org_tree["township"].pk},
    )
    assert moved.status_code == 302
    org.refresh_from_db()
    assert org.name == "石城县教育和体育局" and org.parent_id == org_tree["township"].pk
    # A cycle is refused beside the parent field.
    county = org_tree["county"]
    cycle = client.post(f"/staff/orgs/{county.pk}/edit/", {"name": county.name, "short_name": "", "parent": ""})
    assert cycle.status_code == 302  # to the top: allowed for the operator
    bad = client.post(
        "/staff/orgs/new/",
        {"name": "县政府", "level": "county", "parent": org_tree["dept"].pk, "credit_code": "1", "slug": "x"},
    )
    assert bad.status_code == 422 and "人民政府不能隶属于部门" in bad.content.decode()
    assert AuditEvent.objects.filter(action="org.updated", object_id=str(org.pk)).exists()


def test_enrolled_user_signs_in_with_a_code_and_enforcement_sends_to_enrolment(org_tree, make_user, admin):
    approver = make_user("approver", org=org_tree["dept"], role=Role.APPROVER)
    signed_in(admin).post(f"/staff/people/orgs/{org_tree['county'].pk}/two-factor/", {"required": "1"})
    client = Client()
    assert client.post("/staff/login/", {"username": "approver", "password": "approver-password-1"}).status_code == 302
    assert client.get("/staff/")["Location"] == "/staff/people/2fa/"
    assert client.get("/staff/foi/").status_code == 302
    enrol = client.get("/staff/people/2fa/")
    assert enrol.status_code == 200 and "<svg" in enrol.content.decode()
    device = TOTPDevice.objects.get(user=approver)
    assert client.post("/staff/people/2fa/", {"token": "abcdef"}).status_code == 422
    assert client.post("/staff/people/2fa/", {"token": code_of(device)}).status_code == 302
    assert client.get("/staff/").status_code == 200
    # A new sign-in asks for the code after the password.
    fresh = Client()
    step = fresh.post("/staff/login/", {"username": "approver", "password": "approver-password-1"})
    assert step["Location"] == "/staff/login/code/"
    assert fresh.get("/staff/").status_code == 302  # not signed in yet
    assert (
        fresh.post("/staff/login/code/", {"token": "999999" if code_of(device) != "999999" else "111111"}).status_code
        == 422
    )
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    done = fresh.post("/staff/login/code/", {"token": code_of(device)})
    assert done.status_code == 302 and done["Location"] == "/staff/"
    assert fresh.get("/staff/").status_code == 200


def test_wrong_passwords_still_lock_the_account_for_enrolled_users(org_tree, make_user):
    clerk = make_user("clerk", org=org_tree["dept"], role=Role.EDITOR)
    TOTPDevice.objects.create(user=clerk, name="身份验证器", confirmed=True)
    for _ in range(4):
        assert Client().post("/staff/login/", {"username": "clerk", "password": "wrong"}).status_code == 200
    assert Client().post("/staff/login/", {"username": "clerk", "password": "wrong"}).status_code == 429
    assert Client().post("/staff/login/", {"username": "clerk", "password": "clerk-password-1"}).status_code == 429
