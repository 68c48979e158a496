"""信箱 and 好差评 statistics counted by the database (participation.statistics) against a plain
reading of every letter and rating, as the statistics were computed before: over hundreds of
letters of several mailboxes, with every state, dismissals, ratings, open letters past their
due date and first replies across the 国庆 holiday; in a fixed number of queries however many
letters there are; and the period's bound, on the page and in the API."""

import datetime
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.core.errors import ValidationFailed
from gongkai.participation import domain, selectors
from gongkai.participation.models import (
    Message,
    MessageState,
    Rating,
    RatingLevel,
    Rectification,
    Satisfaction,
)
from gongkai.participation.transitions import OPEN_STATES
from gongkai.workdays import selectors as workdays

pytestmark = pytest.mark.django_db
D = datetime.date
START, END, TODAY = D(2025, 9, 1), D(2025, 10, 31), D(2025, 10, 20)
STATES = list(MessageState)
SATISFACTIONS = ["", *Satisfaction]


def letters(org_tree, n: int, seed: int) -> None:
    """n letters over the county, its two departments, the sibling county and the city, from
    mid-August to mid-November (some outside the period)."""
    rng = random.Random(seed)
    mailboxes = [org_tree[k] for k in ("county", "dept", "township", "sibling", "city")]
    rows = []
    for i in range(n):
        received = D(2025, 8, 15) + datetime.timedelta(days=rng.randrange(90))
        state = rng.choice(STATES)
        replied = state not in (MessageState.RECEIVED, MessageState.ROUTED, MessageState.DISMISSED)
        rows.append(
            Message(
                org=rng.choice(mailboxes),
                code=f"S{seed}{i:06d}",
                secret_digest="x",
                category="consult",
                subject="s",
                body="b",
                writer_name="w",
                received_on=received,
                state=state,
                first_answered_on=received + datetime.timedelta(days=rng.randrange(25)) if replied else None,
                satisfaction=rng.choice(SATISFACTIONS) if replied else "",
                due_on=received + datetime.timedelta(days=rng.randrange(10, 30)) if rng.random() < 0.95 else None,
            )
        )
    Message.objects.bulk_create(rows)


def read_by_hand(org, start: D, end: D, today: D) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """Every letter of the subtree in the period read one by one: the totals and each mailbox's."""
    calendar = workdays.get_calendar()
    every = [
        m
        for m in Message.objects.select_related("org")
        if m.org.path.startswith(org.path) and start <= m.received_on <= end
    ]

    def figures(messages: list[Message]) -> dict[str, Any]:
        received = [m for m in messages if m.state != MessageState.DISMISSED]
        rated = [m for m in received if m.satisfaction]
        satisfied = [m for m in rated if m.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASIC)]
        spans = [
            calendar.working_days_between(m.received_on, m.first_answered_on).working_days
            for m in received
            if m.first_answered_on
        ]
        closed = [m for m in received if m.state == MessageState.ANSWERED]
        return {
            "received": len(received),
            "closed": len(closed),
            "closure_rate": domain.rate(len(closed), len(received)),
            "rated": len(rated),
            "satisfied": len(satisfied),
            "satisfaction_rate": domain.rate(len(satisfied), len(rated)),
            "unsatisfied": len(rated) - len(satisfied),
            "average_reply_working_days": (Decimal(sum(spans)) / len(spans)).quantize(Decimal("0.1"))
            if spans
            else None,
            "overdue_open": sum(1 for m in received if m.state in OPEN_STATES and m.due_on and m.due_on < today),
        }

    by_org: dict[int, list[Message]] = {}
    for m in every:
        by_org.setdefault(m.org_id, []).append(m)
    return figures(every), {org_id: figures(ms) for org_id, ms in by_org.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mailbox_statistics_are_what_reading_every_letter_gives(org_tree, seed):
    letters(org_tree, 400, seed)
    for org in (org_tree["city"], org_tree["county"], org_tree["dept"], org_tree["sibling"]):
        stats = selectors.mailbox_statistics(org, start=START, end=END, today=TODAY)
        total, by_org = read_by_hand(org, START, END, TODAY)
        assert vars(stats.total) == total, org.name
        assert {o.pk: vars(f) for o, f in stats.by_org} == by_org, org.name
        paths = [(o.path, o.pk) for o, _ in stats.by_org]
        assert paths == sorted(paths)
    assert total["received"] > 10 and total["average_reply_working_days"] is not None


def test_rating_statistics_are_what_reading_every_rating_gives(org_tree):
    rng = random.Random(7)
    units = [org_tree[k] for k in ("county", "dept", "sibling")]
    for _ in range(300):
        rating = Rating.objects.create(
            org=rng.choice(units),
            level=rng.choice(list(RatingLevel)),
            rated_on=D(2025, 8, 20) + datetime.timedelta(days=rng.randrange(80)),
        )
        if rating.is_bad and rng.random() < 0.8:
            Rectification.objects.create(
                rating=rating,
                due_on=rating.rated_on + datetime.timedelta(days=rng.randrange(5, 40)),
                closed_on=rating.rated_on + datetime.timedelta(days=3) if rng.random() < 0.5 else None,
            )
    county = org_tree["county"]
    stats = selectors.rating_statistics(county, start=START, end=END, today=TODAY)
    every = [
        r
        for r in Rating.objects.select_related("org", "rectification")
        if r.org.path.startswith(county.path) and START <= r.rated_on <= END
    ]
    bad = [r for r in every if r.is_bad]
    tracked = [r for r in bad if hasattr(r, "rectification")]
    rectified = [r for r in tracked if r.rectification.closed_on is not None]
    overdue = [r for r in tracked if r.rectification.closed_on is None and r.rectification.due_on < TODAY]
    satisfied = [r for r in every if r.level >= RatingLevel.BASIC]
    assert (stats.total, stats.satisfied, stats.bad, stats.rectified, stats.overdue) == (
        len(every),
        len(satisfied),
        len(bad),
        len(rectified),
        len(overdue),
    )
    assert stats.by_level == [
        (RatingLevel(level).label, sum(1 for r in every if r.level == level))
        for level in sorted(RatingLevel, reverse=True)
    ]
    assert stats.satisfaction_rate == domain.rate(len(satisfied), len(every))
    assert stats.rectification_rate == domain.rate(len(rectified), len(bad))
    assert rectified and overdue and len(tracked) < len(bad)


@pytest.mark.parametrize("n", [20, 600])
def test_the_statistics_read_the_same_few_queries_for_any_number_of_letters(org_tree, n):
    letters(org_tree, n, seed=n)
    with CaptureQueriesContext(connection) as queries:
        selectors.mailbox_statistics(org_tree["city"], start=START, end=END, today=TODAY)
        selectors.rating_statistics(org_tree["city"], start=START, end=END, today=TODAY)
    assert len(queries) <= 8, [q["sql"][:120] for q in queries.captured_queries]


def test_the_period_is_at_most_a_year_and_not_reversed(org_tree):
    county = org_tree["county"]
    leap_year = selectors.mailbox_statistics(county, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert leap_year.total.received == 0  # 366 days: accepted
    with pytest.raises(ValidationFailed) as longer:
        selectors.mailbox_statistics(county, start=D(2024, 1, 1), end=D(2025, 1, 1))
    assert longer.value.code == "period_too_long" and "end" in longer.value.fields
    with pytest.raises(ValidationFailed) as reversed_:
        selectors.rating_statistics(county, start=D(2025, 2, 1), end=D(2025, 1, 1))
    assert reversed_.value.code == "period_reversed"

    client = Client()
    api = client.get("/api/v1/mailbox/statistics", {"org": county.slug, "start": "2005-01-01", "end": "2025-12-31"})
    assert api.status_code == 422 and api["Content-Type"].startswith("application/problem+json")
    assert api.json()["code"] == "period_too_long"
    assert client.get("/api/v1/ratings/statistics", {"org": county.slug, "start": "2025-03-01", "end": "2025-02-01"})[
        "Content-Type"
    ].startswith("application/problem+json")

    page = client.get("/participation/statistics/", {"org": county.slug, "start": "2005-01-01", "end": "2025-12-31"})
    html = page.content.decode()
    assert page.status_code == 422
    assert f"不能超过{domain.MAX_STATISTICS_DAYS}天" in html and 'aria-invalid="true"' in html
    assert "<dt>受理</dt>" not in html  # nothing counted
    assert 'value="2005-01-01"' in html  # what was asked stays in the form
