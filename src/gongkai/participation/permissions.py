"""Who may do what in 公众参与; used by services, views, the API and the state tables alike.

Roles are the platform's (orgs.roles.Role) and follow the org tree. The mapping:
- 征求意见: the org's 起草 staff prepare a consultation, register comments received by letter,
  fax or e-mail, moderate them and record decisions; 签发 staff or the 政务公开办 admin open it,
  withdraw it and publish the adoption feedback.
- 信箱: the mailbox org's admin routes (转办), reviews replies (with 保密审查 staff) and dismisses;
  the handling org's 起草 staff or admin reply and record 回访; admins of an ancestor supervise.
  The writer, proven by the query password, rates the reply.
- 好差评 and events: the rated / hosting org's 起草 staff or admin.

The consultation policies take the organisation or the record itself (a consultation, or a
comment of one), so the same function answers a list page ("may I create here?") and a row of
the state table ("may I take this action on this record?").
"""

from django.contrib.auth.models import AnonymousUser

from gongkai.core.actors import Actor
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role
from gongkai.participation.models import Comment, Consultation, Message

_CONSULTATION_STAFF = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def _org(target: Organization | Consultation | Comment) -> Organization:
    """The organisation a consultation rule is about."""
    if isinstance(target, Comment):
        return target.consultation.org
    if isinstance(target, Consultation):
        return target.org
    return target


class MessageWriter(AnonymousUser):
    """The anonymous writer of one message, proven by its query password (never stored)."""

    def __init__(self, message_id: int) -> None:
        super().__init__()
        self.message_id = message_id


# --- consultations ---------------------------------------------------------------------------


def can_see_consultation_work(actor: Actor, target: Organization | Consultation | Comment) -> bool:
    """Drafts, comments with their authors, decisions not yet published."""
    return org_permissions.has_role(actor, _org(target), *_CONSULTATION_STAFF)


def can_draft_consultation(actor: Actor, target: Organization | Consultation | Comment) -> bool:
    return org_permissions.has_role(actor, _org(target), Role.EDITOR, Role.ADMIN)


def can_open_consultation(actor: Actor, target: Organization | Consultation | Comment) -> bool:
    return org_permissions.has_role(actor, _org(target), Role.APPROVER, Role.ADMIN)


def can_withdraw_consultation(actor: Actor, target: Organization | Consultation | Comment) -> bool:
    """Withdrawing is the signer's decision, as opening is."""
    return can_open_consultation(actor, target)


def can_handle_comments(actor: Actor, target: Organization | Consultation | Comment) -> bool:
    """Register, moderate and decide comments."""
    return org_permissions.has_role(actor, _org(target), Role.EDITOR, Role.ADMIN)


def can_publish_feedback(actor: Actor, target: Organization | Consultation | Comment) -> bool:
    return org_permissions.has_role(actor, _org(target), Role.APPROVER, Role.ADMIN)


# --- mailbox ----------------------------------------------------------------------------------


def can_run_mailbox(actor: Actor, org: Organization) -> bool:
    """Route, dismiss, and see every message of the mailbox of `org` (its 政务公开办)."""
    return org_permissions.has_role(actor, org, Role.ADMIN)


def can_review_reply(actor: Actor, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN, Role.REVIEWER)


def can_reply(actor: Actor, handling_org: Organization) -> bool:
    return org_permissions.has_role(actor, handling_org, Role.EDITOR, Role.ADMIN)


def can_see_message(actor: Actor, mailbox_org: Organization, handling_org: Organization | None) -> bool:
    """The message with the writer's contact data: the mailbox office, reviewers, the handling unit."""
    if org_permissions.has_role(actor, mailbox_org, Role.ADMIN, Role.REVIEWER):
        return True
    return handling_org is not None and org_permissions.has_role(actor, handling_org, Role.EDITOR, Role.ADMIN)


def can_supervise(actor: Actor, org: Organization) -> bool:
    """督办 and statistics over the org's subtree."""
    return org_permissions.has_role(actor, org, Role.ADMIN)


def is_writer_of(actor: Actor, message: Message) -> bool:
    return isinstance(actor, MessageWriter) and actor.message_id == message.pk


def message_visible(actor: Actor, message: Message) -> bool:
    """Staff who handle or supervise the message, or its writer; anyone else gets 404."""
    return (
        is_writer_of(actor, message)
        or can_see_message(actor, message.org, message.handling_org)
        or can_supervise(actor, message.org)
    )


def can_route_message(actor: Actor, message: Message) -> bool:
    return can_run_mailbox(actor, message.org)


def can_dismiss_message(actor: Actor, message: Message) -> bool:
    return can_run_mailbox(actor, message.org)


def can_reply_message(actor: Actor, message: Message) -> bool:
    """The handling unit replies; before routing the mailbox office is the one handling it."""
    return can_reply(actor, message.handling_org or message.org)


def can_review_message(actor: Actor, message: Message) -> bool:
    return can_review_reply(actor, message.org)


def can_rate_message(actor: Actor, message: Message) -> bool:
    return is_writer_of(actor, message)


# --- ratings, events, settings ------------------------------------------------------------------


def can_handle_ratings(actor: Actor, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_manage_events(actor: Actor, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.EDITOR, Role.ADMIN)


def can_manage_settings(actor: Actor, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN)
