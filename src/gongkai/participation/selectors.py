"""Reads of 公众参与: what the public sees (never personal data), staff task lists, statistics."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.counting import count_up_to
from gongkai.core.errors import NotFound, PermissionDenied
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs_selectors
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role
from gongkai.participation import domain, permissions
from gongkai.participation.models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationState,
    Event,
    Message,
    Moderation,
    ParticipationSettings,
    Rectification,
)
from gongkai.participation.statistics import (  # noqa: F401
    MailboxFigures,
    MailboxStatistics,
    RatingStatistics,
    mailbox_statistics,
    rating_statistics,
)
from gongkai.participation.transitions import MESSAGE, OPEN_STATES, MessageAction, Phase, phase
from gongkai.participation.wall_reads import PUBLIC_MESSAGE_FIELDS, reply_wall, wall_message_get  # noqa: F401
from gongkai.workdays import selectors as workdays


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


@dataclass(frozen=True)
class Limits:
    mailbox_reply_working_days: int = 10
    rectification_working_days: int = 15
    feedback_working_days: int = 20
    event_report_working_days: int = 10


def settings_for(org: Organization) -> Limits:
    """The org's own settings, else the nearest ancestor's, else the defaults."""
    chain = list(reversed(org.ancestor_ids()))
    found = {s.org_id: s for s in ParticipationSettings.objects.filter(org_id__in=chain)}
    for org_id in chain:
        s = found.get(org_id)
        if s is not None:
            return Limits(
                s.mailbox_reply_working_days,
                s.rectification_working_days,
                s.feedback_working_days,
                s.event_report_working_days,
            )
    return Limits()


def _subtree(org: Organization, field_name: str = "org") -> Q:
    return Q(**{f"{field_name}__path__startswith": org.path})


def _staff_orgs(actor: Actor) -> list[Organization] | None:
    """The orgs whose subtree the actor works in; None for a platform operator (everything)."""
    if org_permissions.is_platform_operator(actor):
        return None
    if not actor.is_authenticated:
        return []
    return [m.org for m in orgs_selectors.memberships_of(actor)]


def _scope(actor: Actor, field_name: str = "org") -> Q:
    orgs = _staff_orgs(actor)
    if orgs is None:
        return Q()
    if not orgs:
        return Q(pk__in=[])
    q = Q()
    for org in orgs:
        q |= _subtree(org, field_name)
    return q


# --- consultations: public ----------------------------------------------------------------------


def consultations_public(*, org: Organization | None = None) -> QuerySet[Consultation]:
    qs = Consultation.objects.filter(
        state__in=[ConsultationState.PUBLISHED, ConsultationState.FEEDBACK_PUBLISHED]
    ).select_related("org")
    if org is not None:
        qs = qs.filter(_subtree(org))
    return qs


def consultation_list_public(
    *, which: str, org: Organization | None = None, today: datetime.date | None = None
) -> QuerySet[Consultation]:
    """`which`: "open" (taking comments now), "upcoming", or "closed" (ended, with or without feedback)."""
    today = _today(today)
    qs = consultations_public(org=org)
    if which == "open":
        return qs.filter(state=ConsultationState.PUBLISHED, starts_on__lte=today, ends_on__gte=today).order_by(
            "ends_on", "id"
        )
    if which == "upcoming":
        return qs.filter(state=ConsultationState.PUBLISHED, starts_on__gt=today).order_by("starts_on", "id")
    return qs.filter(Q(state=ConsultationState.FEEDBACK_PUBLISHED) | Q(ends_on__lt=today)).order_by("-ends_on", "-id")


def consultation_get_public(*, pk: int) -> Consultation:
    item = consultations_public().filter(pk=pk).first()
    if item is None:
        raise NotFound("未找到该征求意见。")
    return item


def consultation_attachment_get_public(*, consultation_pk: int, pk: int) -> ConsultationAttachment:
    """An attachment of a public consultation (one 404 for a draft's, another's or none)."""
    attachment = consultation_get_public(pk=consultation_pk).attachments.filter(pk=pk).first()
    if attachment is None:
        raise NotFound("未找到该附件。")
    return attachment


def comments_public(consultation: Consultation) -> QuerySet[Comment]:
    """Comments shown publicly, masked; `.only()` keeps the author out of the query entirely."""
    return consultation.comments.filter(moderation=Moderation.SHOWN).only(
        "id", "consultation_id", "paragraph", "public_body", "received_on", "channel", "decision", "decision_reason"
    )


@dataclass
class Paragraph:
    number: int
    html: str


def draft_paragraphs(consultation: Consultation) -> list[Paragraph]:
    """The sanitised draft split into numbered top-level blocks, so a comment can point at one."""
    soup = BeautifulSoup(consultation.draft_html or "", "html.parser")
    blocks = [el for el in soup.contents if getattr(el, "name", None) or str(el).strip()]
    return [Paragraph(i + 1, str(el)) for i, el in enumerate(blocks)]


# --- consultations: staff --------------------------------------------------------------------


def consultation_get_for_staff(*, actor: Actor, pk: int) -> Consultation:
    item = Consultation.objects.select_related("org").filter(pk=pk).first()
    if item is None or not permissions.can_see_consultation_work(actor, item.org):
        raise NotFound("未找到该征求意见。")
    return item


def consultations_for_staff(actor: Actor) -> QuerySet[Consultation]:
    return Consultation.objects.filter(_scope(actor)).select_related("org").order_by("-starts_on", "-id")


@dataclass
class FeedbackStatus:
    consultation: Consultation
    due_on: datetime.date
    overdue_by: int  # working days after the due date; 0 when not yet due
    undecided: int


def consultations_awaiting_feedback(
    *, actor: Actor | None = None, org: Organization | None = None, today: datetime.date | None = None
) -> list[FeedbackStatus]:
    """Closed consultations whose 意见采纳情况 is not published, with the due date of the feedback.

    The feedback is due `feedback_working_days` after the end (a local rule, default 20 WD;
    regulations §5.3 requires publishing it, 国办发〔2016〕80号, without a national time limit).
    """
    today = _today(today)
    qs = Consultation.objects.filter(state=ConsultationState.PUBLISHED, ends_on__lt=today).select_related("org")
    if org is not None:
        qs = qs.filter(_subtree(org))
    if actor is not None:
        qs = qs.filter(_scope(actor))
    calendar = workdays.get_calendar()
    result = []
    for c in qs.order_by("ends_on", "id"):
        due = calendar.due_date(c.ends_on, settings_for(c.org).feedback_working_days).date
        late = calendar.working_days_between(due, today).working_days if today > due else 0
        undecided = c.comments.exclude(moderation=Moderation.INVALID).filter(decision="").count()
        result.append(FeedbackStatus(c, due, late, undecided))
    return result


def comments_for_staff(consultation: Consultation) -> QuerySet[Comment]:
    return consultation.comments.select_related("decided_by", "registered_by").order_by("id")


def feedback_build(consultation: Consultation) -> dict[str, Any]:
    """意见采纳情况: counts and the reasons, grouped by decision (what the feedback publishes).

    Invalid comments (spam, unrelated) are counted apart; comment texts appear only for comments
    shown publicly, and only their masked copy.
    """
    from gongkai.participation.models import Adoption, Channel

    comments = list(consultation.comments.order_by("id"))
    valid = [c for c in comments if c.moderation != Moderation.INVALID]
    by_channel: dict[str, int] = {}
    for c in valid:
        label = Channel(c.channel).label
        by_channel[label] = by_channel.get(label, 0) + 1
    groups: list[dict[str, Any]] = []
    for decision in Adoption:
        decided = [c for c in valid if c.decision == decision.value]
        reasons: dict[str, list[Comment]] = {}
        for c in decided:
            reasons.setdefault(c.decision_reason.strip(), []).append(c)
        groups.append(
            {
                "decision": decision.value,
                "label": decision.label,
                "count": len(decided),
                "reasons": [
                    {
                        "reason": reason,
                        "count": len(items),
                        "comments": [
                            {"id": c.pk, "paragraph": c.paragraph, "text": c.public_body}
                            for c in items
                            if c.moderation == Moderation.SHOWN
                        ],
                    }
                    for reason, items in sorted(reasons.items(), key=lambda kv: (-len(kv[1]), kv[0]))
                ],
            }
        )
    counts: dict[str, int] = {g["decision"]: g["count"] for g in groups}
    adopted = counts.get(Adoption.ADOPTED.value, 0) + counts.get(Adoption.PARTLY.value, 0)
    return {
        "received": len(comments),
        "valid": len(valid),
        "invalid": len(comments) - len(valid),
        "by_channel": by_channel,
        "undecided": sum(1 for c in valid if not c.decision),
        "pending_moderation": sum(1 for c in comments if c.moderation == Moderation.PENDING),
        "groups": groups,
        "adoption_rate": str(domain.rate(adopted, len(valid))) if valid else None,
    }


# --- mailbox ---------------------------------------------------------------------------------


def message_for_writer(*, code: str, secret: str) -> Message:
    """The writer's own view, by 留言编号 and 查询密码; 404 for either wrong, alike."""
    item = Message.objects.select_related("org", "handling_org").filter(code=code.strip().upper()).first()
    if item is None or not secret or domain.digest(secret.strip()) != item.secret_digest:
        raise NotFound("留言编号或查询密码不正确。")
    return item


def writer_can_rate(message: Message) -> bool:
    """Whether the writer (proven by the query password) is offered 评价 now: the mailbox table's
    answer for them, and a reply not yet rated."""
    writer = permissions.MessageWriter(message.pk)
    offered = any(t.action == MessageAction.RATE for t in MESSAGE.available_actions(writer, message))
    return offered and message.rating_open


def message_get_for_staff(*, actor: Actor, pk: int) -> Message:
    item = Message.objects.select_related("org", "handling_org").filter(pk=pk).first()
    if item is None or not (
        permissions.can_see_message(actor, item.org, item.handling_org) or permissions.can_supervise(actor, item.org)
    ):
        raise NotFound("未找到该留言。")
    return item


def _scope_by_roles(actor: Actor, roles: tuple[Role, ...], field_name: str) -> Q:
    """Records whose `field_name` org lies under an org where the actor holds one of `roles`."""
    if org_permissions.is_platform_operator(actor):
        return Q()
    if not actor.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    for membership in orgs_selectors.memberships_of(actor):
        if membership.role in roles:
            q |= _subtree(membership.org, field_name)
    return q


def messages_for_staff(actor: Actor, *, state: str = "") -> QuerySet[Message]:
    """Exactly the messages `message_get_for_staff` shows this actor (one visibility rule for list
    and detail, permissions.can_see_message / can_supervise): the mailboxes where the actor is
    admin or reviewer, and the messages routed to units where the actor is editor or admin."""
    visible = _scope_by_roles(actor, (Role.ADMIN, Role.REVIEWER), "org") | _scope_by_roles(
        actor, (Role.EDITOR, Role.ADMIN), "handling_org"
    )
    qs = Message.objects.filter(visible).select_related("org", "handling_org")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "id")


@dataclass
class Overdue:
    message: Message
    due_on: datetime.date
    late_by: int


# 督办 lists show the letters longest overdue first, this many at most, with how many there are
# (counted up to OVERDUE_COUNTED: 超过 that many).
OVERDUE_SHOWN = 200
OVERDUE_COUNTED = 10_000


@dataclass
class OverdueLetters:
    rows: list[Overdue]  # the most late first, at most the limit asked for
    total: int  # at most OVERDUE_COUNTED
    more: bool = False  # more than OVERDUE_COUNTED


def letters_overdue(
    orgs: Iterable[Organization],
    *,
    actor: Actor | None = None,
    today: datetime.date | None = None,
    limit: int | None = None,
) -> OverdueLetters:
    """督办: open messages of the orgs' subtrees (as mailbox or as handling unit) past their
    reply deadline: the `limit` most late, and how many there are. In a province the open
    letters past their deadline can run to thousands; the work page read and showed them all
    (14 s for a platform operator at a million letters). With `actor`, only a supervisor of
    each org (its admin, or an ancestor's) may ask."""
    orgs = list(orgs)
    for org in orgs:
        if actor is not None and not permissions.can_supervise(actor, org):
            raise PermissionDenied("只有政务公开管理员可以督办。")
    if not orgs:
        return OverdueLetters([], 0)
    today = _today(today)
    limit = OVERDUE_SHOWN if limit is None else limit
    calendar = workdays.get_calendar()
    ids = sorted({pk for org in orgs for pk in orgs_selectors.organization_subtree_ids(org)})
    late = Message.objects.filter(Q(org_id__in=ids) | Q(handling_org_id__in=ids), due_on__lt=today).order_by()
    # Each open state soonest due first (msg_state_due), merged here: each walk stops at the
    # limit, where one query over the four states sorted every open letter.
    reads = [
        list(late.filter(state=state).select_related("org", "handling_org").order_by("due_on", "id")[:limit])
        for state in sorted(OPEN_STATES)
    ]
    soonest = sorted((m for read in reads for m in read), key=lambda m: (m.due_on, m.pk))[:limit]
    shown = [
        Overdue(m, due, calendar.working_days_between(due, today).working_days)
        for m in soonest
        if (due := m.due_on) is not None  # always: due_on < today
    ]
    if all(len(read) < limit for read in reads):  # every one was read to its end
        return OverdueLetters(shown, sum(map(len, reads)))
    counted = count_up_to(late.filter(state__in=OPEN_STATES), OVERDUE_COUNTED)
    return OverdueLetters(shown, min(counted, OVERDUE_COUNTED), counted > OVERDUE_COUNTED)


def messages_overdue(
    org: Organization, *, actor: Actor | None = None, today: datetime.date | None = None, limit: int | None = None
) -> list[Overdue]:
    """letters_overdue of one org: its `limit` most late."""
    return letters_overdue([org], actor=actor, today=today, limit=limit).rows


# --- 好差评 ------------------------------------------------------------------------------------


def rectifications_for_staff(actor: Actor, *, open_only: bool = True) -> QuerySet[Rectification]:
    qs = Rectification.objects.filter(_scope(actor, "rating__org")).select_related("rating", "rating__org")
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    return qs.order_by("due_on", "id")


def rectification_get_for_staff(*, actor: Actor, pk: int) -> Rectification:
    item = Rectification.objects.select_related("rating", "rating__org").filter(pk=pk).first()
    if item is None or not permissions.can_handle_ratings(actor, item.rating.org):
        raise NotFound("未找到该整改任务。")
    return item


# --- events ----------------------------------------------------------------------------------


def events_public(*, year: int | None = None, org: Organization | None = None) -> QuerySet[Event]:
    qs = Event.objects.select_related("org")
    if year is not None:
        qs = qs.filter(year=year)
    if org is not None:
        qs = qs.filter(_subtree(org))
    return qs.order_by("year", "month", "id")


def event_get(*, pk: int) -> Event:
    item = Event.objects.select_related("org").filter(pk=pk).first()
    if item is None:
        raise NotFound("未找到该活动。")
    return item


def event_report_due(event: Event, calendar: Any = None) -> datetime.date:
    """举办情况 is due a few working days after the event (its date, else the end of its month).

    Seed 002 asks hosts to 及时发布举办情况 without a number; the count is a local setting.
    """
    calendar = calendar or workdays.get_calendar()
    held = event.held_on or domain.end_of_month(event.year, event.month)
    return calendar.due_date(held, settings_for(event.org).event_report_working_days).date


@dataclass
class EventOverdue:
    event: Event
    due_on: datetime.date
    late_by: int


def events_overdue(
    *, org: Organization | None = None, actor: Actor | None = None, today: datetime.date | None = None
) -> list[EventOverdue]:
    """Events whose 举办情况 is missing after its due date."""
    today = _today(today)
    calendar = workdays.get_calendar()
    qs = Event.objects.filter(report_published_on__isnull=True, year__lte=today.year).select_related("org")
    if org is not None:
        qs = qs.filter(_subtree(org))
    if actor is not None:
        qs = qs.filter(_scope(actor))
    result = []
    for event in qs.order_by("year", "month", "id"):
        due = event_report_due(event, calendar)
        if due < today:
            result.append(EventOverdue(event, due, calendar.working_days_between(due, today).working_days))
    return result


def events_for_staff(actor: Actor, *, year: int | None = None) -> QuerySet[Event]:
    qs = Event.objects.filter(_scope(actor)).select_related("org")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("year", "month", "id")


def event_get_for_staff(*, actor: Actor, pk: int) -> Event:
    item = Event.objects.select_related("org").filter(pk=pk).first()
    if item is None or not permissions.can_manage_events(actor, item.org):
        raise NotFound("未找到该活动。")
    return item


def phase_of(consultation: Consultation, today: datetime.date | None = None) -> Phase:
    return phase(consultation, _today(today))


def comment_get_for_staff(*, actor: Actor, pk: int) -> Comment:
    item = Comment.objects.select_related("consultation", "consultation__org").filter(pk=pk).first()
    if item is None or not permissions.can_see_consultation_work(actor, item.consultation.org):
        raise NotFound("未找到该意见。")
    return item


def interaction_year_figures(org: Organization, *, year: int) -> dict[str, int]:
    """政府网站工作年度报表 互动交流 for the org's own site: 征集调查 published in `year`, the
    comments they received, results (采纳情况) published, and messages answered on the 答复公开栏."""
    consultations = Consultation.objects.filter(org=org, published_at__year=year)
    return {
        "consultations": consultations.count(),
        "comments": Comment.objects.filter(consultation__in=consultations).count(),
        "results": Consultation.objects.filter(org=org, feedback_published_on__year=year).count(),
        "public_replies": reply_wall().filter(org=org, answered_on__year=year).values("pk").count(),
    }
