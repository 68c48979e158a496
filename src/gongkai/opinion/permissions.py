"""Who may do what in the 舆情 ledger and with press events; used by services, pages and the API.

Roles apply to an org's whole subtree (orgs.permissions.has_role): the county's 政务公开办 acts on
its departments' events. The responsible org (谁主管谁回应) assesses and answers; the org where the
event was registered keeps sight of it; related orgs see shared events (信息共享, 002 六) but act
on nothing.
"""

from gongkai.core.actors import Actor
from gongkai.opinion.models import Event, PressEvent
from gongkai.orgs.models import Organization
from gongkai.orgs.permissions import has_role
from gongkai.orgs.roles import Role

STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMIN)


def can_register(actor: Actor, org: Organization) -> bool:
    """Register a 舆情 in `org` (监测收集): its editors, approvers and 政务公开办."""
    return has_role(actor, org, Role.EDITOR, Role.APPROVER, Role.ADMIN)


def can_see_event(actor: Actor, event: Event) -> bool:
    if has_role(actor, event.org, *STAFF_ROLES) or has_role(actor, event.registered_in, *STAFF_ROLES):
        return True
    return any(has_role(actor, org, *STAFF_ROLES) for org in event.related_orgs.all())


def can_assess(actor: Actor, event: Event) -> bool:
    """研判: the responsible org's staff, or the 政务公开办 that registered it."""
    return has_role(actor, event.org, Role.EDITOR, Role.APPROVER, Role.ADMIN) or has_role(
        actor, event.registered_in, Role.ADMIN
    )


def can_respond(actor: Actor, event: Event) -> bool:
    """回应 through an authoritative channel: the responsible org's 签发 holders or 政务公开办."""
    return has_role(actor, event.org, Role.APPROVER, Role.ADMIN)


def can_share(actor: Actor, event: Event) -> bool:
    return has_role(actor, event.org, Role.APPROVER, Role.ADMIN) or has_role(actor, event.registered_in, Role.ADMIN)


def can_configure(actor: Actor, org: Organization) -> bool:
    """Response windows and the routing table: the org's 政务公开办 (or an ancestor's)."""
    return has_role(actor, org, Role.ADMIN)


def can_plan_press(actor: Actor, org: Organization) -> bool:
    return has_role(actor, org, Role.EDITOR, Role.APPROVER, Role.ADMIN)


def can_see_press(actor: Actor, press: PressEvent) -> bool:
    return has_role(actor, press.org, *STAFF_ROLES)


def can_run_press(actor: Actor, press: PressEvent) -> bool:
    """Record that it was held, publish its transcript (as a draft for the org's review), cancel."""
    return has_role(actor, press.org, Role.EDITOR, Role.APPROVER, Role.ADMIN)


def can_publish_transcript(actor: Actor, press: PressEvent) -> bool:
    """The transcript becomes an interpretation draft in disclosure: its drafters (起草) do that."""
    return has_role(actor, press.org, Role.EDITOR)
