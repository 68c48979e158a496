"""Who may do what with an annual report. Roles follow the org tree (gongkai.orgs.permissions)."""

from typing import Any

from gongkai.orgs.models import Organization
from gongkai.orgs.permissions import has_role
from gongkai.orgs.roles import Role

_ANY_ROLE = tuple(Role)


def can_view_draft(actor: Any, org: Organization) -> bool:
    """Drafts and reports under review: the org's staff (and those above it) only."""
    return has_role(actor, org, *_ANY_ROLE)


def can_edit(actor: Any, org: Organization) -> bool:
    """Start the report, edit its text, send it for review, enter table 二 figures."""
    return has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_publish(actor: Any, org: Organization) -> bool:
    """Return or publish a report under review, or reopen a published one for correction."""
    return has_role(actor, org, Role.ADMIN, Role.APPROVER)


def can_override(actor: Any, org: Organization) -> bool:
    """Publish although an identity fails, recording why: the org's 政务公开办 admin only."""
    return has_role(actor, org, Role.ADMIN)


def can_supervise(actor: Any, org: Organization) -> bool:
    """See which orgs in the subtree have not published, and the roll-up."""
    return has_role(actor, org, Role.ADMIN, Role.APPROVER)
