"""Who may do what in 重大行政决策, 会议开放 and 建议提案 (on the org tree, ``orgs.permissions.has_role``).

- The 决策机关's office (ADMIN of the catalogue's org) keeps the catalogue, opens meetings and 交办s
  proposals; its approvers (签发) and admins publish decisions.
- A decision's 承办单位 (editor or admin there) records the statutory steps.
- A proposal unit's editors draft its reply; its approvers or admins sign it.
Anyone outside these sees nothing (404).
"""

from __future__ import annotations

from gongkai.core.actors import Actor
from gongkai.decisions.models import Decision, DecisionCatalog, Meeting, Proposal, ProposalUnit
from gongkai.orgs.models import Organization
from gongkai.orgs.permissions import has_role
from gongkai.orgs.roles import Role

_ANY = tuple(Role)


def can_run_office(actor: Actor | None, org: Organization) -> bool:
    return has_role(actor, org, Role.ADMIN)


def can_see_office(actor: Actor | None, org: Organization) -> bool:
    return has_role(actor, org, Role.ADMIN, Role.APPROVER)


def can_see_catalog(actor: Actor, catalog: DecisionCatalog) -> bool:
    return has_role(actor, catalog.org, *_ANY)


def can_edit_catalog(actor: Actor, catalog: DecisionCatalog) -> bool:
    return can_run_office(actor, catalog.org)


def can_see_decision(actor: Actor, decision: Decision) -> bool:
    return has_role(actor, decision.catalog.org, *_ANY) or has_role(actor, decision.host_org, *_ANY)


def can_record_step(actor: Actor, decision: Decision) -> bool:
    return has_role(actor, decision.host_org, Role.EDITOR, Role.ADMIN) or can_run_office(actor, decision.catalog.org)


def can_publish_decision(actor: Actor, decision: Decision) -> bool:
    return has_role(actor, decision.catalog.org, Role.APPROVER, Role.ADMIN)


def can_manage_meeting(actor: Actor, meeting: Meeting) -> bool:
    return can_run_office(actor, meeting.org)


def can_see_proposal(actor: Actor, proposal: Proposal) -> bool:
    if can_see_office(actor, proposal.org):
        return True
    return any(has_role(actor, unit.org, *_ANY) for unit in proposal.units.all())


def can_run_proposal(actor: Actor, proposal: Proposal) -> bool:
    return can_run_office(actor, proposal.org)


def can_close_proposal(actor: Actor, proposal: Proposal) -> bool:
    """Called by a unit's signing when every unit has answered: its signer, or the office."""
    return can_run_office(actor, proposal.org) or any(
        has_role(actor, unit.org, Role.APPROVER, Role.ADMIN) for unit in proposal.units.all()
    )


def can_see_unit(actor: Actor, unit: ProposalUnit) -> bool:
    return has_role(actor, unit.org, *_ANY) or can_see_office(actor, unit.proposal.org)


def can_draft_reply(actor: Actor, unit: ProposalUnit) -> bool:
    return has_role(actor, unit.org, Role.EDITOR, Role.ADMIN)


def can_sign_reply(actor: Actor, unit: ProposalUnit) -> bool:
    return has_role(actor, unit.org, Role.APPROVER, Role.ADMIN)
