"""Who may do what with open data: editors catalogue, approvers and admins open and decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.core.actors import Actor
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

if TYPE_CHECKING:
    from gongkai.opendata.models import AccessRequest, Dataset

STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def can_see_datasets(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, *STAFF_ROLES)


def can_edit_datasets(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_publish_datasets(actor: Actor | None, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.APPROVER, Role.ADMIN)


def can_see_dataset(actor: Actor, dataset: Dataset) -> bool:
    return can_see_datasets(actor, dataset.org)


def can_edit_dataset(actor: Actor, dataset: Dataset) -> bool:
    return can_edit_datasets(actor, dataset.org)


def can_publish_dataset(actor: Actor, dataset: Dataset) -> bool:
    return can_publish_datasets(actor, dataset.org)


def can_see_request(actor: Actor, request: AccessRequest) -> bool:
    # The applicant's contact details: the org's approvers and admins only.
    return org_permissions.has_role(actor, request.dataset.org, Role.APPROVER, Role.ADMIN)


def can_decide_request(actor: Actor, request: AccessRequest) -> bool:
    return org_permissions.has_role(actor, request.dataset.org, Role.APPROVER, Role.ADMIN)
