"""Who may do what in inspections. The disclosure office (政务公开办, role admin) inspects
every site in its subtree; a site's own staff answer rectification items; verification is
done by the office above the site's org, never by the org that fixed the problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.core.actors import Actor
from gongkai.orgs.models import Organization
from gongkai.orgs.permissions import has_role, is_platform_operator
from gongkai.orgs.roles import Role

if TYPE_CHECKING:
    from gongkai.inspection.models import MediaAccount, Rectification

STAFF_ROLES = (Role.EDITOR, Role.APPROVER, Role.ADMIN)


def can_inspect(actor: Actor | None, org: Organization) -> bool:
    """Run inspections of `org`'s sites and see their reports: the office over it."""
    return has_role(actor, org, Role.ADMIN)


def can_see_org_inspections(actor: Actor | None, org: Organization) -> bool:
    return has_role(actor, org, *STAFF_ROLES)


def _supervises(actor: Actor | None, org: Organization) -> bool:
    """Admin of an org above `org` (or the platform operator): the inspecting office."""
    if is_platform_operator(actor):
        return True
    return org.parent is not None and has_role(actor, org.parent, Role.ADMIN)


# --- rectification items -------------------------------------------------------------------


def can_see_rectification(actor: Actor, item: Rectification) -> bool:
    return has_role(actor, item.org, *STAFF_ROLES)


def can_submit_rectification(actor: Actor, item: Rectification) -> bool:
    """The site's org reports what it fixed (editor, approver or admin of the org)."""
    return has_role(actor, item.org, *STAFF_ROLES)


def can_verify_rectification(actor: Actor, item: Rectification) -> bool:
    return _supervises(actor, item.org)


# --- new-media register ---------------------------------------------------------------------


def can_see_account(actor: Actor, account: MediaAccount) -> bool:
    return has_role(actor, account.org, *STAFF_ROLES)


def can_register_account(actor: Actor | None, org: Organization) -> bool:
    """开设备案: the org's admin registers its accounts."""
    return has_role(actor, org, Role.ADMIN)


def can_manage_account(actor: Actor, account: MediaAccount) -> bool:
    """动态管理 (整改, 关停, 恢复): the office above the account's org."""
    return _supervises(actor, account.org)


def can_deregister_account(actor: Actor, account: MediaAccount) -> bool:
    return has_role(actor, account.org, Role.ADMIN)


def can_edit_account(actor: Actor, account: MediaAccount) -> bool:
    """备案信息变更: whoever may register the account (the org's admin, or the office above)."""
    return has_role(actor, account.org, Role.ADMIN)


def can_record_posts(actor: Actor, account: MediaAccount) -> bool:
    """Manual entries and reading the feed: the account's org staff and the offices above."""
    return has_role(actor, account.org, *STAFF_ROLES)


# --- the org's own wording rules ----------------------------------------------------------------


def can_manage_wording(actor: Actor | None, org: Organization) -> bool:
    """An org's 严重表述错误 list (leaders' names, place names): its 政务公开办 admin. The rules
    apply to the org's sites and every site below it."""
    return has_role(actor, org, Role.ADMIN)


def can_see_wording(actor: Actor | None, org: Organization) -> bool:
    return has_role(actor, org, *STAFF_ROLES)
