"""Who may do what with government information; used by services, views and the API alike."""

from typing import Any

from gongkai.disclosure.models import Publication
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

_STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def can_see_unpublished(actor: Any, publication: Publication) -> bool:
    """Drafts and work in progress: the org's (or an ancestor's) editorial staff only."""
    return org_permissions.has_role(actor, publication.org, *_STAFF_ROLES)


def can_draft(actor: Any, org: Organization) -> bool:
    """Draft and submit government information on behalf of `org` (起草)."""
    return org_permissions.has_role(actor, org, Role.EDITOR)


def can_review(actor: Any, org: Organization) -> bool:
    """Decide the 保密审查 step for `org`'s items."""
    return org_permissions.has_role(actor, org, Role.REVIEWER)


def can_approve(actor: Any, org: Organization) -> bool:
    """Decide the 签发 step for `org`'s items."""
    return org_permissions.has_role(actor, org, Role.APPROVER)


def can_create_in(actor: Any, org: Organization) -> bool:
    return can_draft(actor, org)


def can_edit(actor: Any, publication: Publication) -> bool:
    return can_draft(actor, publication.org)


def can_submit(actor: Any, publication: Publication) -> bool:
    return can_draft(actor, publication.org)


def can_decide_step(actor: Any, publication: Publication, role: str) -> bool:
    """A review step is decided by a holder of the step's role over the publishing org."""
    return org_permissions.has_role(actor, publication.org, Role(role))


def can_mask(actor: Any, publication: Publication) -> bool:
    """去标识化: the drafting editor, or the reviewers and approvers who find the data."""
    return org_permissions.has_role(actor, publication.org, Role.EDITOR, Role.REVIEWER, Role.APPROVER)


def can_publish(actor: Any, publication: Publication) -> bool:
    """Release an approved item now or at a set time: 签发 holders and the disclosure office."""
    return org_permissions.has_role(actor, publication.org, Role.APPROVER, Role.ADMIN)


def can_withdraw(actor: Any, publication: Publication) -> bool:
    return org_permissions.has_role(actor, publication.org, Role.APPROVER, Role.ADMIN)


def can_change_validity(actor: Any, publication: Publication) -> bool:
    return org_permissions.has_role(actor, publication.org, Role.EDITOR, Role.APPROVER, Role.ADMIN)


def can_manage_catalog(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN)


def can_manage_review_steps(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN)
