"""Writing audit events. Services call `audit_record` inside their own transaction.

Reading them for a case page: ``timeline_of(obj, labels)`` gives plain rows (when, who, what in
Chinese, note). The labels come from the workflows (``core.transitions.audit_labels``); a code
no label names is shown as a neutral “其他操作”, never as the raw code.
"""

import datetime
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from gongkai.core.actors import Actor
from gongkai.core.models import AuditEvent


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit event. `actor` is a user, or None for the system itself."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    # The account behind the actor (AuditEvent.actor is the project's user model).
    user: Any = actor if getattr(actor, "is_authenticated", False) else None
    label = user.get_username() if user is not None else "系统"
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        action=action,
        before=before,
        after=after,
        note=note,
    )


def audit_trail(*, object_type: str, object_id: str) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by("occurred_at", "id")


# What an action code no workflow names is called on a page (codes are for the API and logs).
UNLABELLED = "其他操作"


@dataclass(frozen=True)
class TimelineRow:
    """One thing that happened to a record, ready for ``staff/components/timeline.html``."""

    when: datetime.datetime | datetime.date
    who: str
    action: str
    note: str = ""

    @property
    def on(self) -> datetime.datetime | datetime.date:
        return self.when

    @property
    def label(self) -> str:
        return f"{self.action}（{self.who}）" if self.who else self.action

    @property
    def day(self) -> datetime.date:
        return self.when.date() if isinstance(self.when, datetime.datetime) else self.when


def display_name(user: Any, fallback: str = "系统") -> str:
    """A person as pages show them: the full name, else the account name; the system otherwise."""
    if user is None:
        return fallback
    return str(user.get_full_name() or user.get_username())


def timeline_of(
    obj: models.Model,
    labels: Mapping[str, str],
    *,
    limit: int = 200,
    skip: Collection[str] = (),
    describe: Callable[[AuditEvent], str] | None = None,
) -> list[TimelineRow]:
    """The audit trail of ``obj`` as page rows, oldest first (at most the latest ``limit``);
    ``skip`` leaves out codes a page shows from its own records (e.g. FOI clock events);
    ``describe`` gives the note of an event that has none (e.g. a review step and its opinion)."""
    limit = max(1, min(limit, 1000))
    events = list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .exclude(action__in=list(skip))
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:limit]
    )
    return [
        TimelineRow(
            when=e.occurred_at,
            who=display_name(e.actor, e.actor_label or "系统"),
            action=labels.get(e.action, UNLABELLED),
            note=e.note or (describe(e) if describe is not None else ""),
        )
        for e in reversed(events)
    ]
