"""Reads of 重大行政决策, 会议开放 and 建议提案: public pages (no personal data), staff lists, the
重大决策预公开 column and the yearly 建议提案 summary (plain data other apps and the annual report read)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.core.urls import public_url
from gongkai.decisions import permissions, steps
from gongkai.decisions.deadlines import DEFAULT_REPLY_MONTHS
from gongkai.decisions.models import (
    CatalogState,
    Decision,
    DecisionCatalog,
    DecisionState,
    DecisionStep,
    Meeting,
    MeetingState,
    Proposal,
    ProposalKind,
    ProposalSettings,
    ProposalState,
    ProposalUnit,
    PublishMode,
    StepKind,
    StepStatus,
    UnitRole,
    UnitState,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs_selectors
from gongkai.orgs.models import Organization
from gongkai.participation import selectors as participation


def _subtree(org: Organization, field_name: str = "org") -> Q:
    return Q(**{f"{field_name}__path__startswith": org.path})


def _scope(actor: Actor, *fields: str) -> Q:
    """Records whose org (any of `fields`) lies in a subtree where the actor holds a role."""
    if org_permissions.is_platform_operator(actor):
        return Q()
    orgs = [m.org for m in orgs_selectors.memberships_of(actor)] if actor.is_authenticated else []
    q = Q(pk__in=[])
    for org in orgs:
        for name in fields:
            q |= _subtree(org, name)
    return q


# --- the catalogue and decisions: public -------------------------------------------------------


def catalogs_public(*, org: Organization | None = None) -> QuerySet[DecisionCatalog]:
    qs = DecisionCatalog.objects.filter(state=CatalogState.PUBLISHED).select_related("org")
    return qs.filter(_subtree(org)) if org is not None else qs


def catalog_get_public(*, pk: int) -> DecisionCatalog:
    item = catalogs_public().filter(pk=pk).first()
    if item is None:
        raise NotFound("未找到该目录。")
    return item


def catalog_items(catalog: DecisionCatalog) -> QuerySet[Decision]:
    return catalog.items.select_related("host_org").order_by("seq")


def decision_get_public(*, pk: int) -> Decision:
    item = (
        Decision.objects.select_related("catalog__org", "host_org")
        .filter(pk=pk, catalog__state=CatalogState.PUBLISHED)
        .first()
    )
    if item is None:
        raise NotFound("未找到该决策事项。")
    return item


@dataclass(frozen=True)
class StepView:
    kind: str
    label: str
    article: str
    required: bool
    status: str
    status_label: str
    done_on: datetime.date | None
    summary: str
    reason: str
    document_title: str
    document_url: str
    consultation_url: str


def decision_steps(decision: Decision) -> list[StepView]:
    """The five statutory steps in order, each with its record (or none yet): for every page."""
    records = {s.kind: s for s in DecisionStep.objects.filter(decision=decision)}
    rows = steps.checklist(decision, [steps.StepRecord(k, r.status) for k, r in records.items()])
    out = []
    for row in rows:
        r = records.get(row.kind)
        out.append(
            StepView(
                kind=row.kind,
                label=row.label,
                article=row.article,
                required=row.required,
                status=row.status,
                status_label=str(StepStatus(row.status).label) if row.status else "未记录",
                done_on=r.done_on if r else None,
                summary=r.summary if r else "",
                reason=r.reason if r else "",
                document_title=r.document_title if r else "",
                document_url=r.document_url if r else "",
                consultation_url=public_url("consultation", pk=r.consultation_id) if r and r.consultation_id else "",
            )
        )
    return out


def missing_steps(decision: Decision) -> list[str]:
    records = [steps.StepRecord(s.kind, s.status) for s in DecisionStep.objects.filter(decision=decision)]
    return [str(StepKind(k).label) for k in steps.missing_steps(decision, records)]


# --- 重大决策预公开 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreAnnouncement:
    """A decision whose draft is out for comment now (seed 004（三）: 实行行政决策预公开制度)."""

    decision_id: int
    title: str
    org_name: str
    host_org_name: str
    consultation_id: int
    consultation_title: str
    starts_on: datetime.date
    ends_on: datetime.date
    url: str
    decision_url: str


def preannouncements_open(
    *, org: Organization | None = None, today: datetime.date | None = None
) -> list[PreAnnouncement]:
    """The 重大决策预公开 column: decisions linked to a consultation that is open today.

    Plain data, for the portal and the disclosure side; a consultation that closes (or a decision
    withdrawn) simply drops out.
    """
    qs = DecisionStep.objects.filter(
        kind=StepKind.PARTICIPATION,
        consultation_id__isnull=False,
        decision__catalog__state=CatalogState.PUBLISHED,
        decision__state=DecisionState.IN_PROGRESS,
    ).select_related("decision__catalog__org", "decision__host_org")
    if org is not None:
        qs = qs.filter(_subtree(org, "decision__catalog__org"))
    by_consultation = {s.consultation_id: s for s in qs[:1000]}
    if not by_consultation:
        return []
    open_now = participation.consultation_list_public(which="open", today=today).filter(pk__in=list(by_consultation))
    out = []
    for c in open_now:
        step = by_consultation[c.pk]
        d = step.decision
        out.append(
            PreAnnouncement(
                decision_id=d.pk,
                title=d.title,
                org_name=d.catalog.org.name,
                host_org_name=d.host_org.name,
                consultation_id=c.pk,
                consultation_title=c.title,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                url=public_url("consultation", pk=c.pk),
                decision_url=public_url("decision", pk=d.pk),
            )
        )
    return sorted(out, key=lambda p: (p.ends_on, p.decision_id))


# --- staff ---------------------------------------------------------------------------------------


def catalogs_for_staff(actor: Actor) -> QuerySet[DecisionCatalog]:
    return DecisionCatalog.objects.filter(_scope(actor)).select_related("org")


def catalog_get_for_staff(*, actor: Actor, pk: int) -> DecisionCatalog:
    item = DecisionCatalog.objects.select_related("org").filter(pk=pk).first()
    if item is None or not permissions.can_see_catalog(actor, item):
        raise NotFound("未找到该目录。")
    return item


def decisions_for_staff(actor: Actor) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(_scope(actor, "catalog__org", "host_org"))
        .select_related("catalog__org", "host_org")
        .order_by("-catalog__year", "catalog_id", "seq")
    )


def decision_get_for_staff(*, actor: Actor, pk: int) -> Decision:
    item = Decision.objects.select_related("catalog__org", "host_org").filter(pk=pk).first()
    if item is None or not permissions.can_see_decision(actor, item):
        raise NotFound("未找到该决策事项。")
    return item


# --- meetings ---------------------------------------------------------------------------------------

PUBLIC_MEETING_STATES = (MeetingState.ANNOUNCED, MeetingState.SELECTED, MeetingState.HELD)


def meetings_public(*, org: Organization | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(state__in=PUBLIC_MEETING_STATES).select_related("org")
    return qs.filter(_subtree(org)) if org is not None else qs


def meeting_get_public(*, pk: int) -> Meeting:
    item = meetings_public().filter(pk=pk).first()
    if item is None:
        raise NotFound("未找到该会议。")
    return item


@dataclass(frozen=True)
class MeetingFigures:
    registered: int
    selected: int
    attended: int


def meeting_figures(meeting: Meeting) -> MeetingFigures:
    regs = meeting.registrations
    return MeetingFigures(regs.count(), regs.filter(selected=True).count(), regs.filter(attended=True).count())


def meetings_for_staff(actor: Actor) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_scope(actor)).select_related("org")


def meeting_get_for_staff(*, actor: Actor, pk: int) -> Meeting:
    item = Meeting.objects.select_related("org").filter(pk=pk).first()
    if item is None or not permissions.can_manage_meeting(actor, item):
        raise NotFound("未找到该会议。")
    return item


# --- proposals --------------------------------------------------------------------------------------


def reply_months_for(org: Organization) -> int:
    """The office's own 办理期限, else the nearest ancestor's, else 3 months."""
    chain = list(reversed(org.ancestor_ids()))
    found = dict(ProposalSettings.objects.filter(org_id__in=chain).values_list("org_id", "reply_months"))
    for org_id in chain:
        if org_id in found:
            return int(found[org_id])
    return DEFAULT_REPLY_MONTHS


def proposals_for_staff(actor: Actor) -> QuerySet[Proposal]:
    return Proposal.objects.filter(_scope(actor) | Q(units__in=units_for_staff(actor))).distinct().select_related("org")


def proposal_get_for_staff(*, actor: Actor, pk: int) -> Proposal:
    item = Proposal.objects.select_related("org").filter(pk=pk).first()
    if item is None or not permissions.can_see_proposal(actor, item):
        raise NotFound("未找到该建议提案。")
    return item


def units_for_staff(actor: Actor, *, open_only: bool = False) -> QuerySet[ProposalUnit]:
    qs = ProposalUnit.objects.filter(_scope(actor)).select_related("org", "proposal")
    if open_only:
        qs = qs.exclude(state=UnitState.ANSWERED)
    return qs.order_by("proposal__due_on", "id")


def unit_get_for_staff(*, actor: Actor, pk: int) -> ProposalUnit:
    item = ProposalUnit.objects.select_related("org", "proposal__org").filter(pk=pk).first()
    if item is None or not permissions.can_see_unit(actor, item):
        raise NotFound("未找到该办理任务。")
    return item


def proposals_overdue(org: Organization, *, today: datetime.date | None = None) -> QuerySet[Proposal]:
    day = today or timezone.localdate()
    return Proposal.objects.filter(_subtree(org), state=ProposalState.HANDLING, due_on__lt=day)


@dataclass(frozen=True)
class PublicReply:
    """What the public sees of a published 办理结果: never the author's contact, only their public role."""

    id: int
    year: int
    kind_label: str
    number: str
    author: str
    delegation: str
    subject: str
    field: str
    org_name: str
    lead_org_name: str
    answered_on: datetime.date | None
    published_on: datetime.date | None
    mode: str
    mode_label: str
    text: str


def _public_reply(p: Proposal) -> PublicReply:
    lead = next((u for u in p.units.all() if u.role == UnitRole.LEAD), None)
    text = (lead.reply if lead else "") if p.publish_mode == PublishMode.FULL else p.public_summary
    return PublicReply(
        id=p.pk,
        year=p.year,
        kind_label=str(ProposalKind(p.kind).label),
        number=p.number,
        author=p.author,
        delegation=p.delegation,
        subject=p.subject,
        field=p.field,
        org_name=p.org.name,
        lead_org_name=lead.org.name if lead else "",
        answered_on=p.answered_on,
        published_on=p.published_on,
        mode=p.publish_mode,
        mode_label=str(PublishMode(p.publish_mode).label),
        text=text,
    )


def replies_public(*, org: Organization | None = None, year: int | None = None, limit: int = 500) -> list[PublicReply]:
    qs = Proposal.objects.filter(state=ProposalState.PUBLISHED).select_related("org").prefetch_related("units__org")
    if org is not None:
        qs = qs.filter(_subtree(org))
    if year is not None:
        qs = qs.filter(year=year)
    return [_public_reply(p) for p in qs.order_by("-published_on", "-id")[: max(1, min(limit, 500))]]


def reply_get_public(*, pk: int) -> PublicReply:
    p = (
        Proposal.objects.filter(pk=pk, state=ProposalState.PUBLISHED)
        .select_related("org")
        .prefetch_related("units__org")
        .first()
    )
    if p is None:
        raise NotFound("未找到该办理结果。")
    return _public_reply(p)


# --- the yearly summary (seed 003 四; the annual report reads it) ---------------------------------------


@dataclass(frozen=True)
class FieldCount:
    field: str
    count: int


@dataclass(frozen=True)
class YearSummary:
    year: int
    kind: str
    kind_label: str
    total: int
    by_field: list[FieldCount]
    published: int

    def sentence(self) -> str:
        """The annual report's sentence, in the shape of seed 003:
        "2017年，交办22件代表建议中，文教卫生方面5件，城市管理方面6件，……"."""
        short = "代表建议" if self.kind == ProposalKind.SUGGESTION else "政协提案"
        parts = "，".join(f"{row.field}方面{row.count}件" for row in self.by_field)
        return f"{self.year}年，交办{self.total}件{short}" + (f"中，{parts}。" if parts else "。")


def yearly_summary(*, org: Organization, year: int, kind: str = ProposalKind.SUGGESTION) -> YearSummary:
    """Proposals 交办 in the year (registered but not yet assigned do not count), by field, in the
    order fields first appear by number (a hand-made table lists them so)."""
    rows = list(
        Proposal.objects.filter(_subtree(org), year=year, kind=kind)
        .exclude(state=ProposalState.REGISTERED)
        .order_by("id")
        .values_list("field", "state")
    )
    counts = Counter(f for f, _ in rows)
    order = list(dict.fromkeys(f for f, _ in rows))
    return YearSummary(
        year=year,
        kind=kind,
        kind_label=str(ProposalKind(kind).label),
        total=len(rows),
        by_field=[FieldCount(f, counts[f]) for f in order],
        published=sum(1 for _, s in rows if s == ProposalState.PUBLISHED),
    )
