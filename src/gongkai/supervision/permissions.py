"""Who may do what in 督查考核, on the org tree (``orgs.permissions.has_role``).

The office (政务公开办) of an org is its ADMIN: it imports the plan, maps names, reviews and
sends back reports, presses overdue ones (督办), runs the assessment and keeps the records. A
responsible unit's staff (editor or admin there) report its progress; any role in the unit or
in the office sees the assignment, others get 404.
"""

from __future__ import annotations

from gongkai.core.actors import Actor
from gongkai.orgs.models import Organization
from gongkai.orgs.permissions import has_role
from gongkai.orgs.roles import Role
from gongkai.supervision.models import Assignment, ScoreSheet

_ANY = tuple(Role)


def can_run_office(actor: Actor | None, org: Organization) -> bool:
    return has_role(actor, org, Role.ADMIN)


def can_view_office(actor: Actor | None, org: Organization) -> bool:
    """The dashboard, plans, scores: the office and the org's approvers (签发, its leadership)."""
    return has_role(actor, org, Role.ADMIN, Role.APPROVER)


def can_view_assignment(actor: Actor, assignment: Assignment) -> bool:
    return has_role(actor, assignment.org, *_ANY) or can_view_office(actor, assignment.task.plan.org)


def can_report(actor: Actor, assignment: Assignment) -> bool:
    return has_role(actor, assignment.org, Role.EDITOR, Role.ADMIN)


def can_review(actor: Actor, assignment: Assignment) -> bool:
    return can_run_office(actor, assignment.task.plan.org)


def can_view_sheet(actor: Actor, sheet: ScoreSheet) -> bool:
    return can_view_office(actor, sheet.scheme.org)


def can_score(actor: Actor, sheet: ScoreSheet) -> bool:
    return can_run_office(actor, sheet.scheme.org)
