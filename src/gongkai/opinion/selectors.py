"""Reads of the 舆情 ledger and of press events: staff task lists with their clocks, the public
press pages, the response windows and routes in force, and the figures other modules read
(reports, supervision) as plain data."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.disclosure import interpretations
from gongkai.opinion import clock, permissions
from gongkai.opinion.models import (
    Event,
    EventState,
    Level,
    PressEvent,
    PressKind,
    PressState,
    ResponseWindow,
    Route,
    SpeakerRank,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization

# --- configuration in force -------------------------------------------------------------------


@dataclass(frozen=True)
class WindowInForce:
    level: str
    label: str
    hours: int
    set_by: Organization | None  # None: the platform default (clock.DEFAULT_WINDOW_HOURS)


def window_for(org: Organization, level: str) -> WindowInForce:
    """The window of `level` for `org`: its own setting, else the nearest ancestor's, else the default."""
    chain = list(reversed(org.ancestor_ids()))
    rows = {w.org_id: w for w in ResponseWindow.objects.filter(org_id__in=chain, level=level).select_related("org")}
    for org_id in chain:
        if org_id in rows:
            return WindowInForce(level, Level(level).label, rows[org_id].hours, rows[org_id].org)
    return WindowInForce(level, Level(level).label, clock.DEFAULT_WINDOW_HOURS[level], None)


def windows_of(org: Organization) -> list[WindowInForce]:
    return [window_for(org, level) for level in Level.values]


def routes_of(org: Organization) -> QuerySet[Route]:
    """The routing table in force for `org`: its own routes and its ancestors'."""
    return Route.objects.filter(scope_id__in=org.ancestor_ids()).select_related("scope", "responsible")


def route_for(org: Organization, subject: str) -> Organization | None:
    """谁主管谁回应: the responsible org for `subject` from the nearest scope that routes it."""
    subject = subject.strip()
    if not subject:
        return None
    by_scope = {r.scope_id: r.responsible for r in routes_of(org).filter(subject=subject)}
    for org_id in reversed(org.ancestor_ids()):
        if org_id in by_scope:
            return by_scope[org_id]
    return None


# --- the ledger (staff) -----------------------------------------------------------------------


def _scope(actor: Actor, field: str) -> Q:
    if org_permissions.is_platform_operator(actor):
        return Q()
    paths = (
        [
            m.org.path
            for m in org_selectors.memberships_of(actor)
            if m.role in {r.value for r in permissions.STAFF_ROLES}
        ]
        if getattr(actor, "is_authenticated", False)
        else []
    )
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(**{f"{field}__path__startswith": path})
    return scope


def events_for_staff(actor: Actor, *, org: Organization | None = None, state: str = "") -> QuerySet[Event]:
    """Events the actor may see: of their orgs' subtrees (responsible or registering), and shared."""
    qs = Event.objects.filter(
        _scope(actor, "org") | _scope(actor, "registered_in") | _scope(actor, "related_orgs")
    ).distinct()
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("org", "registered_in").order_by("respond_by", "id")


def event_get_for_staff(*, actor: Actor, pk: int) -> Event:
    event = Event.objects.select_related("org", "registered_in", "response_press").filter(pk=pk).first()
    if event is None or not permissions.can_see_event(actor, event):
        raise NotFound("未找到该舆情。")
    return event


def clock_for(event: Event, *, now: datetime.datetime | None = None) -> clock.Clock:
    return clock.clock_of(
        due=event.respond_by,
        window_hours=event.window_hours,
        responded_at=event.responded_at,
        now=now or timezone.now(),
    )


@dataclass(frozen=True)
class LedgerRow:
    event: Event
    clock: clock.Clock
    shared: bool  # the actor sees it as a related org, not as the responsible or registering one


def ledger(actor: Actor, *, now: datetime.datetime | None = None, limit: int = 200) -> dict[str, list[LedgerRow]]:
    """The task list: awaiting 研判, awaiting response (late ones first), answered, shared with me."""
    now = now or timezone.now()
    result: dict[str, list[LedgerRow]] = {"to_assess": [], "to_respond": [], "responded": [], "shared": []}
    own = _scope(actor, "org") | _scope(actor, "registered_in")
    own_ids = (
        set(Event.objects.filter(own).values_list("pk", flat=True))
        if not org_permissions.is_platform_operator(actor)
        else None
    )
    qs = events_for_staff(actor).exclude(state=EventState.CLOSED)[: max(1, min(limit, 1000))]
    for event in qs:
        shared = own_ids is not None and event.pk not in own_ids
        row = LedgerRow(event, clock_for(event, now=now), shared)
        if shared:
            result["shared"].append(row)
        elif event.state == EventState.REGISTERED:
            result["to_assess"].append(row)
        elif event.state == EventState.ASSESSED:
            result["to_respond"].append(row)
        else:
            result["responded"].append(row)
    for key in ("to_assess", "to_respond"):
        result[key].sort(key=lambda r: (not r.clock.late, r.event.respond_by))
    return result


def response_figures(org: Organization, *, year: int) -> dict[str, Any]:
    """舆情 first seen in `year` in `org`'s subtree (as responsible org): answered in time, late, open."""
    figures: dict[str, Any] = {"year": year, "total": 0, "on_time": 0, "late": 0, "open": 0, "by_level": {}}
    qs = Event.objects.filter(org__path__startswith=org.path, first_seen_at__year=year)
    for level in Level.values:
        figures["by_level"][level] = {"label": Level(level).label, "total": 0, "on_time": 0, "late": 0, "open": 0}
    for event in qs.only("level", "respond_by", "responded_at"):
        key = "open" if event.responded_at is None else ("late" if event.responded_at > event.respond_by else "on_time")
        for bucket in (figures, figures["by_level"][event.level]):
            bucket["total"] += 1
            bucket[key] += 1
    return figures


# --- press events -----------------------------------------------------------------------------


def press_for_staff(actor: Actor, *, org: Organization | None = None) -> QuerySet[PressEvent]:
    qs = PressEvent.objects.filter(_scope(actor, "org")).select_related("org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.prefetch_related("speakers").order_by("-planned_at", "-id")


def press_get_for_staff(*, actor: Actor, pk: int) -> PressEvent:
    press = PressEvent.objects.select_related("org").filter(pk=pk).first()
    if press is None or not permissions.can_see_press(actor, press):
        raise NotFound("未找到该发布活动。")
    return press


def held_press_of(org: Organization, pk: int) -> PressEvent | None:
    """A press event of `org`'s subtree that took place (it can be the channel of a response)."""
    return (
        PressEvent.objects.filter(
            pk=pk, org__path__startswith=org.path, state__in=[PressState.HELD, PressState.PUBLISHED]
        )
        .select_related("org")
        .first()
    )


def _public_press() -> QuerySet[PressEvent]:
    return PressEvent.objects.filter(state=PressState.PUBLISHED, interpretation_id__isnull=False)


def press_list_public(*, org: Organization | None = None, kind: str = "", limit: int = 500) -> list[PressEvent]:
    """Press events whose transcript is public: the interpretation passed the org's review and was
    published (先审后发), so nothing the public sees skipped it."""
    qs = _public_press().select_related("org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if kind in PressKind.values:
        qs = qs.filter(kind=kind)
    items = list(qs.order_by("-held_at", "-id")[: max(1, min(limit, 2000))])
    public = interpretations.public_ids([p.interpretation_id for p in items if p.interpretation_id])
    return [p for p in items if p.interpretation_id in public]


def press_get_public(*, pk: int) -> PressEvent:
    press = _public_press().select_related("org").filter(pk=pk).first()
    if press is None or not interpretations.public_ids([press.interpretation_id or 0]):
        raise NotFound("未找到该发布活动，或其实录尚未公开。")
    return press


# --- figures for reports and supervision --------------------------------------------------------


def interpretation_figures(org: Organization, *, year: int) -> dict[str, Any]:
    """政策解读 figures of `org`'s subtree for `year` (001 四.二; 002 四; 004（十）):

    - ``by_form``: public interpretations by form (文字、图解、音视频、简明问答、在线访谈、新闻发布会),
      from disclosure, so a transcript counts once it is a published interpretation;
    - ``press_by_kind``: press events held in the year, by kind;
    - ``speakers_by_rank``: speaker appearances by level; ``principal_events``: events where a
      主要负责同志 spoke (主要负责同志出席发布会解读).
    """
    by_form = interpretations.interpretation_counts_by_form(org, year=year)
    held = PressEvent.objects.filter(
        org__path__startswith=org.path, held_at__year=year, state__in=[PressState.HELD, PressState.PUBLISHED]
    ).prefetch_related("speakers")
    press_by_kind = dict.fromkeys(PressKind.values, 0)
    speakers_by_rank = dict.fromkeys(SpeakerRank.values, 0)
    principal_events = 0
    for press in held:
        press_by_kind[press.kind] += 1
        ranks = [s.rank for s in press.speakers.all()]
        for rank in ranks:
            speakers_by_rank[rank] += 1
        principal_events += SpeakerRank.PRINCIPAL in ranks
    return {
        "year": year,
        "by_form": by_form,
        "form_labels": dict(interpretations.FORMS),
        "press_by_kind": press_by_kind,
        "press_kind_labels": dict(PressKind.choices),
        "speakers_by_rank": speakers_by_rank,
        "rank_labels": dict(SpeakerRank.choices),
        "principal_events": principal_events,
    }


def online_interviews_held(org: Organization, *, year: int) -> int:
    """在线访谈 the org held in `year` (政府网站工作年度报表 互动交流)."""
    return PressEvent.objects.filter(
        org=org, kind=PressKind.ONLINE_INTERVIEW, held_at__year=year, state__in=[PressState.HELD, PressState.PUBLISHED]
    ).count()
