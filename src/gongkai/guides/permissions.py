"""Who may do what with 办事指南: the org's editors draft, approvers and admins publish."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.core.actors import Actor
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

if TYPE_CHECKING:
    from gongkai.guides.models import GuideVersion

STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def can_see_guides(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, *STAFF_ROLES)


def can_edit_guides(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_publish_guides(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.APPROVER, Role.ADMIN)


def can_see_version(actor: Actor, version: GuideVersion) -> bool:
    return can_see_guides(actor, version.item.org)


def can_edit_version(actor: Actor, version: GuideVersion) -> bool:
    return can_edit_guides(actor, version.item.org)


def can_publish_version(actor: Actor, version: GuideVersion) -> bool:
    return can_publish_guides(actor, version.item.org)
