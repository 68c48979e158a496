"""Writing audit events. Services call `audit_record` inside their own transaction."""

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
