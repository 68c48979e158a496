"""Base models and the append-only audit log."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("审计日志只能追加，不能修改。")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除。")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("审计日志只能追加，不能修改。")


class AuditEvent(models.Model):
    """Who did what to which object, when, with the state before and after.

    Append-only: the queryset and the instance refuse update and delete, and a database
    trigger (migration 0002) refuses UPDATE from any client.
    """

    occurred_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the log still reads well if the account is later renamed.
    actor_label = models.CharField("操作人（记录时）", max_length=150, blank=True)
    object_type = models.CharField("对象类型", max_length=100, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, db_index=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    before = models.JSONField("操作前", null=True, blank=True)
    after = models.JSONField("操作后", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除。")


class OutboxEvent(models.Model):
    """A change that other parts of the system must follow (the search index, later feeds),
    written in the same database transaction as the change itself (transactional outbox).

    Consumers keep their own cursor (the last id they applied) and apply events idempotently,
    so a crash between the commit and the consumer's work loses nothing: the next run
    catches up from the cursor.
    """

    topic = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "变更事件"
        verbose_name_plural = "变更事件"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.pk} {self.topic} {self.object_type}:{self.object_id}"


class RateCounter(models.Model):
    """One rate-limit window's counter, for sites without Redis (see core.ratelimit).

    Increments are single UPDATE statements, so concurrent requests in several worker
    processes never lose a count, which a file or local-memory cache would.
    """

    key = models.CharField(max_length=250, primary_key=True)
    value = models.BigIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "限流计数"
        verbose_name_plural = "限流计数"

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
