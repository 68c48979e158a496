"""Who may do what with information applications; used by services, views and the API alike."""

from typing import Any

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role


def can_handle(actor: Any, org: Organization) -> bool:
    """Register and process applications addressed to `org` (依申请公开经办)."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER)


def can_view_case(actor: Any, org: Organization) -> bool:
    """See a case: its officers, the org's admins, and the approver (签发) who signs replies.
    Applicant data is a separate, narrower permission."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER, Role.ADMIN, Role.APPROVER)


def can_view_applicant_data(actor: Any, org: Organization) -> bool:
    """Name, ID, contact and the request text: only the org's FOI officers and admins."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER, Role.ADMIN)


def can_approve_extension(actor: Any, org: Organization) -> bool:
    """条例第三十三条第二款: an extension needs the consent of the 工作机构负责人, held here by
    the org's 政务公开办 admin role."""
    return org_permissions.has_role(actor, org, Role.ADMIN)


def can_sign_reply(actor: Any, org: Organization) -> bool:
    """Sign the reply letter: the officer, the approver or the admin."""
    return org_permissions.has_role(actor, org, Role.FOI_OFFICER, Role.APPROVER, Role.ADMIN)
