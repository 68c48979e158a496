"""Who may do what in 公众参与; used by services, views and the API alike.

Roles are the platform's (orgs.roles.Role) and follow the org tree. The mapping:
- 征求意见: the org's 起草 staff prepare a consultation, register comments received by letter,
  fax or e-mail, moderate them and record decisions; 签发 staff or the 政务公开办 admin open it
  and publish the adoption feedback.
- 信箱: the mailbox org's admin routes (转办), reviews replies (with 保密审查 staff) and dismisses;
  the handling org's 起草 staff or admin reply and record 回访; admins of an ancestor supervise.
- 好差评 and events: the rated / hosting org's 起草 staff or admin.
"""

from typing import Any

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

_CONSULTATION_STAFF = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def can_see_consultation_work(actor: Any, org: Organization) -> bool:
    """Drafts, comments with their authors, decisions not yet published."""
    return org_permissions.has_role(actor, org, *_CONSULTATION_STAFF)


def can_draft_consultation(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_open_consultation(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.APPROVER, Role.ADMIN)


def can_handle_comments(actor: Any, org: Organization) -> bool:
    """Register, moderate and decide comments."""
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_publish_feedback(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.APPROVER, Role.ADMIN)


def can_run_mailbox(actor: Any, org: Organization) -> bool:
    """Route, dismiss, and see every message of the mailbox of `org` (its 政务公开办)."""
    return org_permissions.has_role(actor, org, Role.ADMIN)


def can_review_reply(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN, Role.REVIEWER)


def can_reply(actor: Any, handling_org: Organization) -> bool:
    return org_permissions.has_role(actor, handling_org, Role.EDITOR, Role.ADMIN)


def can_see_message(actor: Any, mailbox_org: Organization, handling_org: Organization | None) -> bool:
    """The message with the writer's contact data: the mailbox office, reviewers, the handling unit."""
    if org_permissions.has_role(actor, mailbox_org, Role.ADMIN, Role.REVIEWER):
        return True
    return handling_org is not None and org_permissions.has_role(actor, handling_org, Role.EDITOR, Role.ADMIN)


def can_supervise(actor: Any, org: Organization) -> bool:
    """督办 and statistics over the org's subtree."""
    return org_permissions.has_role(actor, org, Role.ADMIN)


def can_handle_ratings(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_manage_events(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_manage_settings(actor: Any, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN)
