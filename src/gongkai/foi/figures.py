"""Plain figures of an agency's applications for reading apps (supervision's assessment).

Reading apps must not hold model instances of this app (import-linter ``reading-layer``): these
functions return frozen dataclasses. The due date of each reply is the case's own clock
(``selectors.clock_of``, the one computation of it), so pauses for 补正, consultation and fees,
extensions and 第三十五条 periods count exactly as they do on the case page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from gongkai.foi.models import Appeal, AppealResult, Application, ClockEvent
from gongkai.foi.selectors import clock_of
from gongkai.orgs.models import Organization

MAX_ROWS = 20_000  # an agency's replies in one year; far above any county's (seed 003: 1795 a year for a city)


@dataclass(frozen=True)
class ReplyTiming:
    """One reply given in the period: 条例第三十三条 on time when `replied_on` ≤ `due_on`."""

    application_id: int
    registration_number: str
    received_on: datetime.date
    replied_on: datetime.date
    due_on: datetime.date | None  # None: no statutory clock ran (e.g. never accepted, 补正 never came)

    @property
    def on_time(self) -> bool:
        return self.due_on is None or self.replied_on <= self.due_on


def reply_timings(org: Organization, start: datetime.date, end: datetime.date) -> list[ReplyTiming]:
    """Replies `org` itself (not its subtree) gave in [start, end], oldest first."""
    apps = (
        Application.objects.filter(org=org, replied_on__range=(start, end))
        .prefetch_related(Prefetch("events", queryset=ClockEvent.objects.order_by("on", "id")))
        .order_by("replied_on", "id")[:MAX_ROWS]
    )
    rows = []
    for app in apps:
        assert app.replied_on is not None  # noqa: S101 — filtered above
        rows.append(
            ReplyTiming(
                app.pk,
                app.registration_number,
                app.received_on,
                app.replied_on,
                clock_of(app, today=app.replied_on).due_on,
            )
        )
    return rows


@dataclass(frozen=True)
class AppealDecision:
    """A 行政复议 or 行政诉讼 decided in the period (条例第五十一条; table 四's result columns)."""

    appeal_id: int
    application_id: int
    registration_number: str
    kind: str
    kind_label: str
    result: str
    result_label: str
    filed_on: datetime.date
    decided_on: datetime.date

    @property
    def corrected(self) -> bool:
        return self.result == AppealResult.CORRECTED


def appeals_decided(org: Organization, start: datetime.date, end: datetime.date) -> list[AppealDecision]:
    """Appeals against `org`'s handling decided in [start, end]: a result counts in the year it
    is known, as table 四 counts it (``selectors.appeals_by_kind_result``)."""
    appeals = (
        Appeal.objects.filter(application__org=org, decided_on__range=(start, end))
        .exclude(result=AppealResult.PENDING)
        .select_related("application")
        .order_by("decided_on", "id")[:MAX_ROWS]
    )
    return [
        AppealDecision(
            a.pk,
            a.application_id,
            a.application.registration_number,
            a.kind,
            a.get_kind_display(),
            a.result,
            a.get_result_display(),
            a.filed_on,
            a.decided_on,
        )
        for a in appeals
        if a.decided_on is not None
    ]
