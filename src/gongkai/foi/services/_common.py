"""What every stage of the 依申请公开 services shares: today, clock events, the stored due date,
serial numbers and the registry of effects.

The due date has one computation (``foi.clock.derive``, through ``selectors.clock_of``) and one
stored value (``Application.due_on`` with ``clock_paused``). ``refresh_clock`` writes it, in the
transaction of the action that changed the clock; the working-day engine's tracked deadline only
tells us when a new holiday schedule may have moved it (``on_deadlines_moved``), and we then
derive it again rather than take the engine's own figure.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.transitions import Context
from gongkai.foi import clock as clock_rules
from gongkai.foi import selectors
from gongkai.foi.models import OPEN_STATES, Application, ClockEvent, LetterSequence
from gongkai.orgs.models import Organization
from gongkai.workdays import services as workdays_services

DEADLINE_OWNER = "foi.application"

AppContext = Context[Application]


def today() -> datetime.date:
    return timezone.localdate()


def signed_in_user(actor: Actor | None) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def add_event(
    app: Application,
    kind: str,
    on: datetime.date,
    actor: Actor | None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> ClockEvent:
    return ClockEvent.objects.create(
        application=app, kind=kind, on=on, data=data or {}, note=note, actor=signed_in_user(actor)
    )


def next_serial(org: Organization, year: int, series: str) -> int:
    sequence, _ = LetterSequence.objects.select_for_update().get_or_create(org=org, year=year, series=series)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return sequence.last_serial


def snapshot(app: Application) -> dict[str, Any]:
    return {"outcome": app.outcome, "due_on": app.due_on.isoformat() if app.due_on else None}


def _store(app: Application, clock: clock_rules.Clock, state: str) -> None:
    """Set the stored due date from `clock` and keep the tracked deadline in step."""
    app.due_on = clock.due_on
    app.clock_paused = clock.paused
    # The tracked deadline lets a new holiday schedule reach this case at once (and audits the
    # move); it is not read back: on_deadlines_moved derives the date again.
    if clock.start is not None and clock.due is not None and state in OPEN_STATES and not clock.paused:
        workdays_services.deadline_track(
            owner_label=DEADLINE_OWNER,
            owner_id=app.pk,
            kind="reply",
            start=clock.start,
            working_days=clock.working_days,
            pauses=[(p.start, p.end, p.reason) for p in clock.pauses],
        )
    else:
        workdays_services.deadline_close(owner_label=DEADLINE_OWNER, owner_id=app.pk, kind="reply")


def refresh_clock(ctx: AppContext, on: datetime.date | None) -> clock_rules.Clock:
    """Inside an effect: derive the clock from the events (including the one just added) and
    store it with the action's save. `ctx.target` is the state the case is moving to."""
    app = ctx.obj
    clock = selectors.clock_of(app, today=on)
    state = ctx.target if ctx.target is not None else app.state
    before = app.due_on
    _store(app, clock, state)
    ctx.touch("due_on", "clock_paused", "updated_at")
    if before != app.due_on:
        ctx.before["due_on"] = before.isoformat() if before else None
        ctx.after["due_on"] = app.due_on.isoformat() if app.due_on else None
    return clock


def refresh_stored_clock(app: Application, on: datetime.date | None = None) -> clock_rules.Clock:
    """Outside the engine (registration, the daily scan, a new holiday schedule): the same
    derivation, saved at once. The caller holds the row (created or locked)."""
    clock = selectors.clock_of(app, today=on)
    _store(app, clock, app.state)
    app.save(update_fields=["due_on", "clock_paused", "updated_at"])
    return clock


def on_deadlines_moved(changes: list[Any]) -> None:
    """Listener of the working-day engine: a new holiday schedule moved some reply deadlines.

    Runs inside the schedule change's transaction; each case's date is derived again from its
    events with the new calendar (one computation), not copied from the engine's figure."""
    ids = {int(change.owner_id) for change in changes if str(change.owner_id).isdigit()}
    with transaction.atomic():
        for app in Application.objects.select_for_update(of=("self",)).filter(pk__in=ids):
            clock = selectors.clock_of(app)
            Application.objects.filter(pk=app.pk).update(due_on=clock.due_on, clock_paused=clock.paused)
