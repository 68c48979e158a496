"""Who may edit and publish the 政府公报: the org's editors compile, approvers and admins publish."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.core.actors import Actor
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

if TYPE_CHECKING:
    from gongkai.gazette.models import GazetteIssue

STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def can_see_gazette(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, *STAFF_ROLES)


def can_edit_gazette(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_publish_gazette(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.APPROVER, Role.ADMIN)


def can_see_issue(actor: Actor, issue: GazetteIssue) -> bool:
    return can_see_gazette(actor, issue.org)


def can_edit_issue(actor: Actor, issue: GazetteIssue) -> bool:
    return can_edit_gazette(actor, issue.org)


def can_publish_issue(actor: Actor, issue: GazetteIssue) -> bool:
    return can_publish_gazette(actor, issue.org)
