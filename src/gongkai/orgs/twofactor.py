"""Two-factor sign-in with TOTP (RFC 6238) through django-otp: who must use it, enrolment and
code checks. The only place that touches django-otp's device models.

Any staff member may enrol. An org can require it (``Organization.two_factor_required``) of
its admins and approvers, who hold the power to grant roles and to sign documents out; the
requirement covers the org's subtree, as roles do. Codes are checked by django-otp, which
also throttles repeated wrong codes per device.
"""

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.orgs import permissions
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role

DEVICE_NAME = "身份验证器"
ENFORCED_ROLES = (Role.ADMIN.value, Role.APPROVER.value)


def confirmed_device(user: Any) -> TOTPDevice | None:
    if user is None or not getattr(user, "is_authenticated", True) or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def is_enrolled(user: Any) -> bool:
    return confirmed_device(user) is not None


def two_factor_required(user: Any) -> bool:
    """Whether the account must sign in with a code: an admin or approver in an org (or below
    an org) that requires it."""
    if user is None or user.pk is None:
        return False
    orgs = Organization.objects.filter(
        pk__in=Membership.objects.filter(user_id=user.pk, role__in=ENFORCED_ROLES).values("org_id")
    )
    ancestor_ids = {pk for org in orgs for pk in org.ancestor_ids()}
    return Organization.objects.filter(pk__in=ancestor_ids, two_factor_required=True).exists()


@transaction.atomic
def totp_enrol_start(*, actor: Actor) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (a fresh one each time the
    account is not yet enrolled, so an abandoned secret seen on a shared screen is dropped)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录。")
    if is_enrolled(actor):
        raise Conflict("您已启用两步验证。", code="totp_enrolled")
    device = TOTPDevice.objects.filter(user_id=actor.pk, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
    return device


def pending_device(actor: Actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=actor.pk, confirmed=False).first()


@transaction.atomic
def totp_enrol_confirm(*, actor: Actor, token: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().filter(user_id=actor.pk, confirmed=False).first()
    if device is None:
        raise Conflict("没有待确认的验证器，请重新开始启用。", code="totp_no_pending")
    if not _verify(device, token):
        raise ValidationFailed(
            "验证码不正确。",
            code="totp_invalid",
            fields={"token": ["验证码不正确或已过期，请输入验证器上的当前6位数字。"]},
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, action="user.two_factor_enabled", obj=device.user, after={"device": device.name})
    return device


@transaction.atomic
def totp_disable(*, actor: Actor) -> None:
    """Turn two-factor off for oneself; refused where an org requires it of the account."""
    if two_factor_required(actor):
        raise PermissionDenied("您所在机构要求管理员和签发人使用两步验证，不能停用。")
    deleted, _ = TOTPDevice.objects.filter(user_id=actor.pk).delete()
    if deleted:
        audit_record(actor=actor, action="user.two_factor_disabled", obj=actor)  # type: ignore[arg-type]


def verify_sign_in(user: Any, token: str) -> TOTPDevice | None:
    """The confirmed device if `token` is its current code, else None (throttled by django-otp)."""
    device = confirmed_device(user)
    if device is None or not _verify(device, token):
        return None
    return device


def _verify(device: TOTPDevice, token: str) -> bool:
    token = (token or "").strip().replace(" ", "")
    # Six digits, nothing else: bounded input before it reaches the device check.
    if len(token) != 6 or not token.isdigit():
        return False
    return bool(device.verify_token(token))


@transaction.atomic
def organization_set_two_factor(*, actor: Actor, org: Organization, required: bool) -> Organization:
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not permissions.can_manage_org(actor, org):
        raise PermissionDenied("您不是该机构的政务公开管理员。")
    if org.two_factor_required != required:
        before = {"two_factor_required": org.two_factor_required}
        org.two_factor_required = required
        org.save(update_fields=["two_factor_required"])
        audit_record(
            actor=actor, action="org.two_factor_policy", obj=org, before=before, after={"two_factor_required": required}
        )
    return org
