"""Writes of the privacy app: wording rules, 去标识化 of drafts, and audited overrides.

Audit rows carry kinds and counts of what was found or masked, never the values: the audit
log must not become a copy of the personal information it documents the removal of.
"""

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import models, transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.privacy.content_checks import compile_wording_pattern
from gongkai.privacy.findings import Severity
from gongkai.privacy.models import WordingRule
from gongkai.privacy.scanner import ScanReport, mask_html, preview_masking

_RULE_FIELDS = ("pattern", "is_regex", "correction", "severity", "active", "note")


def _rule_state(rule: WordingRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in _RULE_FIELDS}


def wording_rule_save(
    *,
    actor: Actor,
    pattern: str,
    correction: str = "",
    is_regex: bool = False,
    severity: str = Severity.ERROR.value,
    active: bool = True,
    note: str = "",
    rule_id: int | None = None,
) -> WordingRule:
    """Create (rule_id None) or update a wording rule; the pattern is compiled to validate it."""
    permission = "privacy.add_wordingrule" if rule_id is None else "privacy.change_wordingrule"
    has_perm = getattr(actor, "has_perm", None)
    if has_perm is None or not has_perm(permission):
        raise PermissionDenied("您没有维护表述错误规则的权限。")
    pattern = pattern.strip()
    correction = correction.strip()
    compile_wording_pattern(pattern, is_regex=is_regex)
    if severity not in {s.value for s in Severity}:
        raise ValidationFailed("严重程度无效。", code="invalid_severity", fields={"severity": ["严重程度无效。"]})
    with transaction.atomic():
        duplicate = WordingRule.objects.filter(pattern=pattern, is_regex=is_regex)
        if rule_id is None:
            rule = WordingRule()
            before = None
        else:
            rule = WordingRule.objects.select_for_update().get(pk=rule_id)
            before = _rule_state(rule)
            duplicate = duplicate.exclude(pk=rule_id)
        if duplicate.exists():
            message = "已有相同的错误表述规则。"
            raise ValidationFailed(message, code="duplicate_pattern", fields={"pattern": [message]})
        rule.pattern = pattern
        rule.correction = correction
        rule.is_regex = is_regex
        rule.severity = severity
        rule.active = active
        rule.note = note
        if rule_id is None:
            rule.save()
        else:
            rule.save(update_fields=[*_RULE_FIELDS, "updated_at"])
        audit_record(
            actor=actor,
            action="privacy.wording_rule.created" if before is None else "privacy.wording_rule.updated",
            obj=rule,
            before=before,
            after=_rule_state(rule),
        )
    return rule


def privacy_mask_apply(
    *, actor: Actor, obj: models.Model, fields: Sequence[str] = (), html_fields: Sequence[str] = ()
) -> dict[str, int]:
    """去标识化 of a draft in one action: mask every personal finding in the given text
    fields (plain text) and `html_fields` (rich text), save, and audit the kinds and counts.

    Called by the owning domain service (publishing, 依申请公开 replies, mailbox, comments),
    which has already checked that `actor` may edit `obj`: this base-domain app cannot know
    those rules. Show scanner.preview_masking first; this applies the same masking.
    """
    names = [*fields, *html_fields]
    if not names:
        raise ValidationFailed("没有指定要去标识化的字段。", code="no_fields")
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        per_field: dict[str, dict[str, int]] = {}
        total: Counter[str] = Counter()
        for name in names:
            value = getattr(locked, name)
            if not isinstance(value, str):
                raise ValidationFailed(f"字段 {name} 不是文本，无法去标识化。", code="not_text")
            if name in html_fields:
                masked, counts = mask_html(value)
            else:
                preview = preview_masking(value)
                masked, counts = preview.masked, preview.counts
            if counts:
                setattr(locked, name, masked)
                per_field[name] = counts
                total.update(counts)
        if per_field:
            locked.save(update_fields=list(per_field))
            for name in per_field:
                setattr(obj, name, getattr(locked, name))
        audit_record(
            actor=actor,
            action="privacy.masked",
            obj=locked,
            after={"fields": per_field, "counts": dict(sorted(total.items())), "total": sum(total.values())},
        )
    return dict(sorted(total.items()))


def privacy_override_record(*, actor: Actor, obj: models.Model, report: ScanReport, reason: str) -> AuditEvent:
    """Record that `actor` publishes `obj` despite the report's blocking findings.

    The caller (the review workflow) decides who may override; the reason is mandatory and
    the audit row keeps the kinds and counts that were overridden, not the values.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            "请填写不作去标识化处理而直接发布的理由。", code="reason_required", fields={"reason": ["请填写理由。"]}
        )
    counts = report.counts_by_kind()
    if not counts:
        raise ValidationFailed("检查未发现需要处理的问题，无需特批。", code="nothing_to_override")
    return audit_record(
        actor=actor,
        action="privacy.override",
        obj=obj,
        after={"counts": counts, "total": sum(counts.values())},
        note=reason,
    )
