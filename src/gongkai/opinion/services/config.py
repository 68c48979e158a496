"""Each org's response windows (per level, in hours) and routing table (谁主管谁回应)."""

from typing import Any

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.opinion import clock, permissions
from gongkai.opinion.models import Level, ResponseWindow, Route
from gongkai.opinion.services._common import org_in
from gongkai.orgs.models import Organization

_ADMIN = "只有政务公开管理员可以设置。"


@transaction.atomic
def window_set(*, actor: Actor, org: Organization, level: str, hours: Any) -> ResponseWindow:
    """Set `org`'s window for `level`; its subtree inherits it. Running clocks keep their window."""
    if not permissions.can_configure(actor, org):
        raise PermissionDenied(_ADMIN)
    errors: dict[str, list[str]] = {}
    if level not in Level.values:
        errors["level"] = ["请选择舆情级别。"]
    try:
        number = int(hours)
    except (TypeError, ValueError):
        number = 0
    if not clock.MIN_WINDOW_HOURS <= number <= clock.MAX_WINDOW_HOURS:
        errors["hours"] = [f"回应时限须为{clock.MIN_WINDOW_HOURS}至{clock.MAX_WINDOW_HOURS}小时的整数。"]
    if errors:
        raise ValidationFailed("回应时限设置有误，未保存。", code="window_invalid", fields=errors)
    existing = ResponseWindow.objects.filter(org=org, level=level).first()
    before = {"hours": existing.hours} if existing else {}
    window, _ = ResponseWindow.objects.update_or_create(org=org, level=level, defaults={"hours": number})
    audit_record(
        actor=actor, action="opinion.window_set", obj=org, before=before, after={"level": level, "hours": number}
    )
    return window


@transaction.atomic
def route_set(*, actor: Actor, scope: Organization, subject: str, responsible_id: Any) -> Route:
    """谁主管谁回应: 舆情 on `subject` in `scope`'s subtree go to `responsible` (within that subtree)."""
    if not permissions.can_configure(actor, scope):
        raise PermissionDenied(_ADMIN)
    errors: dict[str, list[str]] = {}
    subject = (subject or "").strip()
    if not subject or len(subject) > 40:
        errors["subject"] = ["请填写主管事项（40字以内）。"]
    responsible = org_in(scope, responsible_id)
    if responsible is None:
        errors["responsible"] = ["未找到该单位：责任单位须是本机构或下属机构。"]
    if errors or responsible is None:
        raise ValidationFailed("分办规则有误，未保存。", code="route_invalid", fields=errors)
    route, _ = Route.objects.update_or_create(scope=scope, subject=subject, defaults={"responsible": responsible})
    audit_record(
        actor=actor,
        action="opinion.route_set",
        obj=scope,
        after={"subject": subject, "responsible": route.responsible_id},
    )
    return route


@transaction.atomic
def route_delete(*, actor: Actor, scope: Organization, subject: str) -> None:
    if not permissions.can_configure(actor, scope):
        raise PermissionDenied(_ADMIN)
    deleted, _ = Route.objects.filter(scope=scope, subject=(subject or "").strip()).delete()
    if deleted:
        audit_record(actor=actor, action="opinion.route_deleted", obj=scope, before={"subject": subject})
