"""Per-org time limits of 公众参与 (local rules, see models.ParticipationSettings)."""

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.participation import permissions
from gongkai.participation.models import ParticipationSettings

_FIELDS = (
    "mailbox_reply_working_days",
    "rectification_working_days",
    "feedback_working_days",
    "event_report_working_days",
)


@transaction.atomic
def settings_save(*, actor: Actor, org: Organization, **values: int) -> ParticipationSettings:
    """Set the org's limits (they apply to its subtree unless a descendant sets its own)."""
    if not permissions.can_manage_settings(actor, org):
        raise PermissionDenied("只有政务公开管理员可以设置期限。")
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise ValidationFailed(
            "未知的设置项。", code="settings_invalid", fields={k: ["未知的设置项。"] for k in unknown}
        )
    errors = {k: ["期限应为1至60个工作日。"] for k, v in values.items() if not isinstance(v, int) or not 1 <= v <= 60}
    if errors:
        raise ValidationFailed("期限设置有误。", code="settings_invalid", fields=errors)
    item, _ = ParticipationSettings.objects.select_for_update().get_or_create(org=org)
    before = {k: getattr(item, k) for k in _FIELDS}
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    audit_record(
        actor=actor,
        action="participation.settings_saved",
        obj=org,
        before=before,
        after={k: getattr(item, k) for k in _FIELDS},
    )
    return item
