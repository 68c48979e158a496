"""The transactional outbox: services record what changed, consumers follow at their pace."""

from django.db import models, transaction
from django.db.models import QuerySet

from gongkai.core.models import OutboxEvent


def outbox_emit(*, topic: str, obj: models.Model) -> OutboxEvent:
    """Record that `obj` changed; must run inside the transaction that made the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox events are written inside the service's transaction")
    return OutboxEvent.objects.create(topic=topic, object_type=obj._meta.label_lower, object_id=str(obj.pk))


def outbox_after(cursor: int, *, topics: tuple[str, ...], limit: int = 500) -> QuerySet[OutboxEvent]:
    """Events after `cursor` (an event id) for the given topics, oldest first."""
    return OutboxEvent.objects.filter(id__gt=cursor, topic__in=topics).order_by("id")[:limit]
