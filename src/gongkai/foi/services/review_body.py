"""Setting the 行政复议机关 an org's reply letters name, where the org tree cannot say it.

The derivation (``foi.review_body``) covers departments and governments; an admin marks a
vertically led body (《行政复议法》第二十七条: 海关、金融、外汇管理等实行垂直领导的行政机关、税务和
国家安全机关 → 上一级主管部门, named here) or overrides the derivation. Always with a reason; every
change is an audit row with the before and after. Not a workflow (a setting has no states).
"""

from __future__ import annotations

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.foi import permissions, selectors
from gongkai.foi.models import ReviewBodySetting, VerticalSystem
from gongkai.foi.review_body import ReviewBody
from gongkai.foi.services._common import signed_in_user
from gongkai.orgs.models import Organization

_DENIED = "只有本机关的政务公开管理员可以设置行政复议机关。"


def _snapshot(setting: ReviewBodySetting | None) -> dict[str, str]:
    if setting is None:
        return {}
    return {"vertical_system": setting.vertical_system, "body_name": setting.body_name, "reason": setting.reason}


@transaction.atomic
def review_body_set(
    *, actor: Actor, org: Organization, body_name: str, reason: str, vertical_system: str = ""
) -> ReviewBody:
    """Mark `org` as vertically led and/or name its 复议机关, with the reason."""
    if not permissions.can_set_review_body(actor, org):
        raise PermissionDenied(_DENIED)
    body_name, reason = (body_name or "").strip(), (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if vertical_system not in VerticalSystem.values:
        errors["vertical_system"] = ["请选择。"]
    if not body_name:
        errors["body_name"] = ["请填写行政复议机关的全称（垂直领导的机关填写其上一级主管部门）。"]
    elif len(body_name) > 200:
        errors["body_name"] = ["不能超过200字。"]
    if not reason:
        errors["reason"] = ["请说明设置的理由。"]
    elif len(reason) > 500:
        errors["reason"] = ["不能超过500字。"]
    if errors:
        raise ValidationFailed("行政复议机关设置有误。", code="review_body_invalid", fields=errors)
    setting = ReviewBodySetting.objects.select_for_update().filter(org=org).first()
    before = _snapshot(setting)
    if setting is None:
        setting = ReviewBodySetting(org=org)
    setting.vertical_system = vertical_system
    setting.body_name = body_name
    setting.reason = reason
    setting.set_by = signed_in_user(actor)
    setting.save()
    audit_record(actor=actor, action="foi.review_body_set", obj=setting, before=before, after=_snapshot(setting))
    return selectors.review_body_of(org)


@transaction.atomic
def review_body_clear(*, actor: Actor, org: Organization, reason: str) -> ReviewBody:
    """Back to the body derived from the org tree (the reason is audited)."""
    if not permissions.can_set_review_body(actor, org):
        raise PermissionDenied(_DENIED)
    reason = (reason or "").strip()[:500]
    if not reason:
        raise ValidationFailed("请说明恢复默认的理由。", fields={"reason": ["请说明理由。"]})
    setting = ReviewBodySetting.objects.select_for_update().filter(org=org).first()
    if setting is not None:
        audit_record(
            actor=actor, action="foi.review_body_cleared", obj=setting, before=_snapshot(setting), after={}, note=reason
        )
        setting.delete()
    return selectors.review_body_of(org)
