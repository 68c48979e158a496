"""Who may do what with information applications; used by services, views and the API alike.

The org-level rules (``can_handle(actor, org)`` ...) answer for an organisation; the
``*_case`` / ``*_appeal`` policies answer for one record and are what the state tables in
``foi.transitions`` use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from gongkai.core.actors import Actor
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

if TYPE_CHECKING:
    from gongkai.foi.models import Appeal, Application


def can_handle(actor: Actor | None, org: Organization) -> bool:
    """Register and process applications addressed to `org` (依申请公开经办)."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER)


def can_view_case(actor: Actor | None, org: Organization) -> bool:
    """See a case: its officers, the org's admins, and the approver (签发) who signs replies.
    Applicant data is a separate, narrower permission."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER, Role.ADMIN, Role.APPROVER)


def can_view_applicant_data(actor: Actor | None, org: Organization) -> bool:
    """Name, ID, contact and the request text: only the org's FOI officers and admins."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER, Role.ADMIN)


def can_approve_extension(actor: Actor | None, org: Organization) -> bool:
    """条例第三十三条第二款: an extension needs the consent of the 工作机构负责人, held here by
    the org's 政务公开办 admin role."""
    return org_permissions.has_role(actor, org, Role.ADMIN)


def can_sign_reply(actor: Actor | None, org: Organization) -> bool:
    """Sign the reply letter: the officer, the approver or the admin."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER, Role.APPROVER, Role.ADMIN)


class CodeHolder(AnonymousUser):
    """A visitor who gave an application's 登记号 and tracking code (checked by
    ``selectors.find_tracked``): the applicant, for that one application and nothing else."""

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id


def is_code_holder(actor: Actor | None, app: Application) -> bool:
    return isinstance(actor, CodeHolder) and actor.application_id == app.pk


# --- policies over one record (the state tables' columns) ------------------------------------------


def can_view_application(actor: Actor, app: Application) -> bool:
    return is_code_holder(actor, app) or can_view_case(actor, app.org)


def can_withdraw_application(actor: Actor, app: Application) -> bool:
    """The applicant withdraws online with their code; staff record a withdrawal made in writing."""
    return is_code_holder(actor, app) or can_handle(actor, app.org)


def can_handle_application(actor: Actor, app: Application) -> bool:
    return can_handle(actor, app.org)


def can_extend_application(actor: Actor, app: Application) -> bool:
    return can_approve_extension(actor, app.org)


def can_sign_application_reply(actor: Actor, app: Application) -> bool:
    return can_sign_reply(actor, app.org)


def can_view_appeal(actor: Actor, appeal: Appeal) -> bool:
    return can_view_case(actor, appeal.application.org)


def can_handle_appeal(actor: Actor, appeal: Appeal) -> bool:
    return can_handle(actor, appeal.application.org)


def can_set_review_body(actor: Actor | None, org: Organization) -> bool:
    """Name or override the org's 行政复议机关 (行政复议法第二十四条、第二十七条): its 政务公开办 admin."""
    return org_permissions.has_role(actor, org, Role.ADMIN)
