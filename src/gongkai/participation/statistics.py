"""信箱统计 and 好差评统计 of an org's subtree over a period (re-exported by selectors): counted
by the database from one index of the period's letters (msg_statistics, ratings alike), grouped
by mailbox. They were read as model instances and counted in Python: 1.7 s for this year's
65,000 letters of a city (bench/wall.py's database), and any anonymous visitor could ask for twenty
years; now 0.2 s, and the period is at most domain.MAX_STATISTICS_DAYS."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.orgs import selectors as orgs_selectors
from gongkai.orgs.models import Organization
from gongkai.participation import domain
from gongkai.participation.models import Message, MessageState, Rating, RatingLevel, Satisfaction
from gongkai.participation.transitions import OPEN_STATES
from gongkai.workdays import selectors as workdays


@dataclass
class MailboxFigures:
    received: int
    closed: int
    closure_rate: Decimal | None
    rated: int
    satisfied: int  # 满意 + 基本满意
    satisfaction_rate: Decimal | None
    unsatisfied: int
    average_reply_working_days: Decimal | None
    overdue_open: int


@dataclass
class MailboxStatistics:
    org: Organization
    start: datetime.date
    end: datetime.date
    total: MailboxFigures
    by_org: list[tuple[Organization, MailboxFigures]] = field(default_factory=list)


_COUNTS = ("received", "closed", "rated", "satisfied", "overdue_open", "replied")


def _figures(counts: dict[str, Any], reply_days: int) -> MailboxFigures:
    replied = counts["replied"]
    average = (Decimal(reply_days) / replied).quantize(Decimal("0.1")) if replied else None
    return MailboxFigures(
        received=counts["received"],
        closed=counts["closed"],
        closure_rate=domain.rate(counts["closed"], counts["received"]),
        rated=counts["rated"],
        satisfied=counts["satisfied"],
        satisfaction_rate=domain.rate(counts["satisfied"], counts["rated"]),
        unsatisfied=counts["rated"] - counts["satisfied"],
        average_reply_working_days=average,
        overdue_open=counts["overdue_open"],
    )


def _reply_days(replied: QuerySet[Message], calendar: Any) -> dict[int, int]:
    """Per mailbox, the working days from receipt to first reply, summed over its replied
    letters. Working days in (a, b] are W(b) - W(a) for W(d) = working days in (base, d], so
    the sum is Σ W(first reply) - Σ W(receipt): one read of the letters per day and mailbox,
    not of each letter."""
    totals: dict[int, int] = defaultdict(int)
    reads = {
        sign: list(replied.values_list("org_id", column).annotate(n=Count("pk")).order_by())
        for column, sign in (("first_answered_on", 1), ("received_on", -1))
    }
    days = [day for rows in reads.values() for _, day, _ in rows]
    if not days:
        return totals
    base = min(days)  # one base for both sums, so that it cancels out
    counted = {day: calendar.working_days_between(base, day).working_days for day in set(days)}
    for sign, rows in reads.items():
        for org_id, day, n in rows:
            totals[org_id] += sign * n * counted[day]
    return totals


def mailbox_statistics(
    org: Organization, *, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> MailboxStatistics:
    """Messages received in [start, end] by the mailboxes of the org's subtree: 受理 (dismissed
    ones excluded), 办结 (answered as of today), rates, average working days to the first reply,
    open ones past their due date.

    Satisfaction is the share of 满意 and 基本满意 among rated messages (each message's latest
    rating); rates are cut to one decimal (domain.rate).
    """
    domain.check_statistics_period(start, end)
    today = today or timezone.localdate()
    # The period's letters in date order, the mailboxes checked in the index (msg_statistics).
    messages, _ = orgs_selectors.subtree_scope(
        Message.objects.filter(received_on__gte=start, received_on__lte=end), org, steer=False
    )
    taken = ~Q(state=MessageState.DISMISSED)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in messages.values("org_id")
        .annotate(
            received=Count("pk", filter=taken),
            closed=Count("pk", filter=Q(state=MessageState.ANSWERED)),
            rated=Count("pk", filter=taken & ~Q(satisfaction="")),
            satisfied=Count("pk", filter=taken & Q(satisfaction__in=(Satisfaction.SATISFIED, Satisfaction.BASIC))),
            overdue_open=Count("pk", filter=taken & Q(state__in=OPEN_STATES, due_on__lt=today)),
            replied=Count("pk", filter=taken & Q(first_answered_on__isnull=False)),
        )
        .order_by()
    ]
    reply_days = _reply_days(messages.filter(taken, first_answered_on__isnull=False), workdays.get_calendar())
    orgs = Organization.objects.in_bulk([row["org_id"] for row in rows])
    by_org = [(orgs[row["org_id"]], _figures(row, reply_days[row["org_id"]])) for row in rows]
    by_org.sort(key=lambda pair: (pair[0].path, pair[0].pk))
    total = {name: sum(row[name] for row in rows) for name in _COUNTS}
    return MailboxStatistics(org, start, end, _figures(total, sum(reply_days.values())), by_org)


@dataclass
class RatingStatistics:
    org: Organization
    start: datetime.date
    end: datetime.date
    total: int
    by_level: list[tuple[str, int]]
    satisfied: int
    satisfaction_rate: Decimal | None
    bad: int
    rectified: int
    rectification_rate: Decimal | None
    overdue: int


def rating_statistics(
    org: Organization, *, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> RatingStatistics:
    """好差评 of the org's subtree in [start, end]. 满意率 = (非常满意+满意+基本满意)/all;
    整改率 = 差评 whose rectification is closed / all 差评 (国办发〔2019〕51号)."""
    domain.check_statistics_period(start, end)
    today = today or timezone.localdate()
    in_period = Rating.objects.filter(rated_on__gte=start, rated_on__lte=end)
    ratings, _ = orgs_selectors.subtree_scope(in_period, org, steer=False)
    levels = {level.value: 0 for level in RatingLevel}
    for level, n in ratings.values_list("level").annotate(n=Count("pk")).order_by():
        levels[level] += n
    bad = Q(level__lte=RatingLevel.UNSATISFIED)
    tracked = bad & Q(rectification__isnull=False)
    figures = ratings.aggregate(
        rectified=Count("pk", filter=tracked & Q(rectification__closed_on__isnull=False)),
        overdue=Count("pk", filter=tracked & Q(rectification__closed_on__isnull=True, rectification__due_on__lt=today)),
    )
    total = sum(levels.values())
    satisfied = sum(n for level, n in levels.items() if level >= RatingLevel.BASIC)
    bad_count = sum(n for level, n in levels.items() if level <= RatingLevel.UNSATISFIED)
    return RatingStatistics(
        org=org,
        start=start,
        end=end,
        total=total,
        by_level=[(RatingLevel(level).label, levels[level]) for level in sorted(levels, reverse=True)],
        satisfied=satisfied,
        satisfaction_rate=domain.rate(satisfied, total),
        bad=bad_count,
        rectified=figures["rectified"],
        rectification_rate=domain.rate(figures["rectified"], bad_count),
        overdue=figures["overdue"],
    )
