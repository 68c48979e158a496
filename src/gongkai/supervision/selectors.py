"""Reads of 督查考核: the unit's 工作台, the office's dashboard (progress, overdue, scores),
rankings and training."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound, PermissionDenied
from gongkai.orgs.models import Membership, Organization
from gongkai.supervision import permissions
from gongkai.supervision.models import (
    Assignment,
    AssignmentState,
    Attendance,
    Escalation,
    Interview,
    Plan,
    ReportAttachment,
    Scheme,
    ScoreSheet,
    SpecialCheck,
    TrainingSession,
    UnitName,
)

OPEN_STATES = (AssignmentState.ASSIGNED, AssignmentState.RETURNED)


def office_org(*, actor: Actor, org_id: int) -> Organization:
    org = Organization.objects.filter(pk=org_id).first()
    if org is None or not permissions.can_view_office(actor, org):
        raise NotFound("未找到该机构的督查考核。")
    return org


def offices_of(actor: Actor) -> list[Organization]:
    """Orgs whose dashboard the actor may open (the office's own orgs)."""
    ids = Membership.objects.filter(user_id=getattr(actor, "pk", 0) or 0, role__in=["admin", "approver"])
    orgs = Organization.objects.filter(pk__in=ids.values("org_id")).order_by("path")
    if getattr(actor, "is_superuser", False):
        orgs = Organization.objects.filter(pk__in=Plan.objects.values("org_id")).order_by("path")
    return list(orgs)


def _assignments() -> QuerySet[Assignment]:
    return Assignment.objects.select_related("org", "task", "task__plan", "task__plan__org")


def my_assignments(actor: Actor) -> QuerySet[Assignment]:
    """The 工作台: assignments of the units where the actor works (not the ones they supervise)."""
    paths = list(Membership.objects.filter(user_id=getattr(actor, "pk", 0) or 0).values_list("org__path", flat=True))
    if not paths:
        return Assignment.objects.none()
    scope = Q()
    for path in paths:
        scope |= Q(org__path__startswith=path)
    supervised = Q()
    for path in Membership.objects.filter(user_id=getattr(actor, "pk", 0) or 0, role="admin").values_list(
        "org__path", flat=True
    ):
        supervised |= Q(task__plan__org__path__startswith=path)
    qs = _assignments().filter(scope)
    if supervised:
        qs = qs.exclude(supervised)
    return qs.order_by("due_on", "task__seq")


def assignment_get(*, actor: Actor, pk: int) -> Assignment:
    assignment = _assignments().filter(pk=pk).first()
    if assignment is None or not permissions.can_view_assignment(actor, assignment):
        raise NotFound("未找到该任务。")
    return assignment


def report_file_get(*, actor: Actor, assignment_pk: int, pk: int) -> ReportAttachment:
    """Evidence of one of the assignment's progress reports, for who may see the assignment."""
    assignment = assignment_get(actor=actor, pk=assignment_pk)
    item = ReportAttachment.objects.filter(report__assignment=assignment, pk=pk).first()
    if item is None:
        raise NotFound("未找到该附件。")
    return item


def plans_of(org: Organization) -> QuerySet[Plan]:
    return Plan.objects.filter(org=org).order_by("-year", "-id")


def plan_get(*, actor: Actor, pk: int) -> Plan:
    plan = Plan.objects.select_related("org").filter(pk=pk).first()
    if plan is None or not permissions.can_view_office(actor, plan.org):
        raise NotFound("未找到该工作要点。")
    return plan


def unmatched_names(plan: Plan) -> list[str]:
    return list(
        UnitName.objects.filter(task__plan=plan, resolved=False)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


def overdue(org: Organization, *, day: datetime.date) -> QuerySet[Assignment]:
    """Open assignments of the org's plans whose period is past due on `day`."""
    return (
        _assignments()
        .filter(task__plan__org=org, state__in=OPEN_STATES, due_on__lt=day)
        .order_by("due_on", "org__path", "task__seq")
    )


def escalations_of(org: Organization) -> QuerySet[Escalation]:
    return Escalation.objects.filter(assignment__task__plan__org=org).select_related(
        "assignment__org", "assignment__task"
    )


@dataclass
class UnitProgress:
    org: Organization
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    overdue: int = 0

    @property
    def done(self) -> int:
        return self.counts.get(AssignmentState.DONE, 0)

    @property
    def done_rate(self) -> Decimal:
        return (Decimal(self.done) / self.total * 100).quantize(Decimal("0.1")) if self.total else Decimal(0)


def progress_by_unit(plan: Plan, *, day: datetime.date) -> list[UnitProgress]:
    rows: dict[int, UnitProgress] = {}
    for a in Assignment.objects.filter(task__plan=plan).select_related("org").order_by("org__path"):
        row = rows.setdefault(a.org_id, UnitProgress(a.org))
        row.counts[a.state] = row.counts.get(a.state, 0) + 1
        row.total += 1
        row.overdue += int(a.state in OPEN_STATES and a.due_on < day)
    return sorted(rows.values(), key=lambda r: (-r.total, r.org.path))


# --- scores -----------------------------------------------------------------------------------


def schemes_of(org: Organization) -> QuerySet[Scheme]:
    return Scheme.objects.filter(org=org).order_by("-year")


def scheme_get(*, actor: Actor, pk: int) -> Scheme:
    scheme = Scheme.objects.select_related("org").filter(pk=pk).first()
    if scheme is None or not permissions.can_view_office(actor, scheme.org):
        raise NotFound("未找到该考核方案。")
    return scheme


def sheet_get(*, actor: Actor, pk: int) -> ScoreSheet:
    sheet = ScoreSheet.objects.select_related("scheme", "scheme__org").filter(pk=pk).first()
    if sheet is None or not permissions.can_view_sheet(actor, sheet):
        raise NotFound("未找到该考核结果。")
    return sheet


@dataclass
class RankRow:
    rank: int
    org: Organization
    total: Decimal
    scores: dict[str, Decimal]


def ranking(sheet: ScoreSheet) -> list[RankRow]:
    """Units by total, highest first; equal totals share a rank (1, 2, 2, 4)."""
    rows: dict[int, RankRow] = {}
    for s in sheet.scores.select_related("org").order_by("org__path", "indicator_code"):
        row = rows.setdefault(s.org_id, RankRow(0, s.org, Decimal(0), {}))
        row.total += s.points
        row.scores[s.indicator_code] = s.points
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.org.sort_order, r.org.path))
    for i, row in enumerate(ordered):
        row.rank = ordered[i - 1].rank if i and ordered[i - 1].total == row.total else i + 1
    return ordered


def latest_published(scheme: Scheme) -> ScoreSheet | None:
    return scheme.sheets.filter(state="published").order_by("-id").first()


def require_office(actor: Actor, org: Organization) -> None:
    if not permissions.can_view_office(actor, org):
        raise PermissionDenied("只有本级政务公开办和签发人可以查看。")


# --- records and training ---------------------------------------------------------------------


def special_checks(org: Organization, *, year: int) -> QuerySet[SpecialCheck]:
    return SpecialCheck.objects.filter(org=org, held_on__year=year).prefetch_related("units")


def interviews(org: Organization, *, year: int) -> QuerySet[Interview]:
    return Interview.objects.filter(org=org, held_on__year=year).select_related("unit")


def training_sessions(org: Organization, *, year: int) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(org=org, held_on__year=year).prefetch_related("attendance__org")


@dataclass
class TrainingRow:
    org: Organization
    people: int
    hours: Decimal


def training_by_unit(org: Organization, *, year: int) -> tuple[list[TrainingRow], list[Organization]]:
    """Each unit beneath `org` with the people it sent and their hours this year, and the units
    that sent nobody (seed 002 十: every unit at least once a year)."""
    units = list(Organization.objects.filter(parent=org).order_by("sort_order", "path"))
    people: Counter[int] = Counter()
    hours: dict[int, Decimal] = {}
    for a in Attendance.objects.filter(session__held_on__year=year, org__in=units).select_related("session"):
        people[a.org_id] += 1
        hours[a.org_id] = hours.get(a.org_id, Decimal(0)) + a.session.hours
    rows = [TrainingRow(u, people[u.pk], hours.get(u.pk, Decimal(0))) for u in units if people[u.pk]]
    return rows, [u for u in units if not people[u.pk]]
