"""Who may do what with government information; used by services, views and the API alike.

A role held in an organisation applies to its whole subtree (orgs.permissions.has_role), so a
county's reviewers and approvers act on its departments' items, and nobody acts upward or
sideways.
"""

from gongkai.core.actors import Actor
from gongkai.disclosure import selectors
from gongkai.disclosure.models import Publication
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role

_STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def can_see_unpublished(actor: Actor, publication: Publication) -> bool:
    """Drafts and work in progress: the org's (or an ancestor's) editorial staff only."""
    return org_permissions.has_role(actor, publication.org, *_STAFF_ROLES)


def can_draft(actor: Actor, org: Organization) -> bool:
    """Draft and submit government information on behalf of `org` (起草)."""
    return org_permissions.has_role(actor, org, Role.EDITOR)


def can_review(actor: Actor, org: Organization) -> bool:
    """Decide the 保密审查 step for `org`'s items."""
    return org_permissions.has_role(actor, org, Role.REVIEWER)


def can_approve(actor: Actor, org: Organization) -> bool:
    """Decide the 签发 step for `org`'s items."""
    return org_permissions.has_role(actor, org, Role.APPROVER)


def can_create_in(actor: Actor, org: Organization) -> bool:
    return can_draft(actor, org)


def can_edit(actor: Actor, publication: Publication) -> bool:
    return can_draft(actor, publication.org)


def can_submit(actor: Actor, publication: Publication) -> bool:
    return can_draft(actor, publication.org)


def can_decide_step(actor: Actor, publication: Publication, role: str | None = None) -> bool:
    """A review step is decided by a holder of the step's role over the publishing org, never
    by the author of the revision under review (``is_own_draft``).

    Without ``role``, the step is the publication's current one (the first not yet approved
    for its working revision). With no step pending there is nothing to decide; the table's
    state column refuses the action then, so only the roles of the org's workflow are asked.
    """
    if is_own_draft(actor, publication):
        return False
    if role is None:
        step = selectors.current_step(publication)
        if step is None:
            roles = {Role(s.role) for s in selectors.review_steps_for(publication.org)}
            return org_permissions.has_role(actor, publication.org, *roles)
        role = step.role
    return org_permissions.has_role(actor, publication.org, Role(role))


OWN_DRAFT_REFUSED = "起草人不能审核本人起草的信息，请由其他审核人员办理。"


def is_own_draft(actor: Actor, publication: Publication) -> bool:
    """起草与审核分离: whoever wrote the revision under review does not decide its review steps,
    whatever other roles they hold (platform operators excepted: they may do everything)."""
    if org_permissions.is_platform_operator(actor):
        return False
    revision = publication.current_revision
    return revision is not None and revision.author_id is not None and revision.author_id == getattr(actor, "pk", None)


def can_mask(actor: Actor, publication: Publication) -> bool:
    """去标识化: the drafting editor, or the reviewers and approvers who find the data."""
    return org_permissions.has_role(actor, publication.org, Role.EDITOR, Role.REVIEWER, Role.APPROVER)


def can_publish(actor: Actor, publication: Publication) -> bool:
    """Release an approved item now or at a set time: 签发 holders and the disclosure office."""
    return org_permissions.has_role(actor, publication.org, Role.APPROVER, Role.ADMIN)


def can_withdraw(actor: Actor, publication: Publication) -> bool:
    return org_permissions.has_role(actor, publication.org, Role.APPROVER, Role.ADMIN)


def can_change_validity(actor: Actor, publication: Publication) -> bool:
    return org_permissions.has_role(actor, publication.org, Role.EDITOR, Role.APPROVER, Role.ADMIN)


def can_manage_catalog(actor: Actor, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN)


def can_manage_review_steps(actor: Actor, org: Organization) -> bool:
    return org_permissions.has_role(actor, org, Role.ADMIN)
