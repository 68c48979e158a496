"""The registers the inspecting office keeps: the sites it inspects (the platform's own org
sites and external sites by URL, in its subtree) and each org's own 严重表述错误 rules."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.inspection import permissions
from gongkai.inspection.models import InspectedSite, OrgWordingRule
from gongkai.orgs.models import Organization

MAX_URL = 500
SITE_FIELDS = ("org_id", "name", "url", "department", "scheduled")
RULE_FIELDS = ("pattern", "correction", "source")


# --- inspected sites ----------------------------------------------------------------------------


def _site_errors(name: str, url: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 100:
        errors["name"] = ["请填写网站名称（不超过100字）。"]
    if url and (not url.strip().startswith(("http://", "https://")) or len(url) > MAX_URL):
        errors["url"] = [f"网址须以 http:// 或 https:// 开头，不超过{MAX_URL}个字符。"]
    return errors


def _site_state(site: InspectedSite) -> dict[str, str]:
    return {f: str(getattr(site, f)) for f in SITE_FIELDS}


def site_register(
    *, actor: Actor, org: Organization, name: str, url: str = "", department: bool = False, scheduled: bool = True
) -> InspectedSite:
    """Register a site to inspect: `url` empty means the org's site on this platform (read from
    the database); otherwise an external site crawled by URL."""
    if not permissions.can_inspect(actor, org):
        raise PermissionDenied("只有政务公开办管理员可以登记检查对象。")
    errors = _site_errors(name, url)
    if errors:
        raise ValidationFailed("检查对象信息有误，未保存。", code="site_invalid", fields=errors)
    with transaction.atomic():
        site = InspectedSite.objects.create(
            org=org, name=name.strip(), url=url.strip(), department=department, scheduled=scheduled
        )
        audit_record(actor=actor, action="inspected_site.registered", obj=site, after=_site_state(site))
    return site


def site_update(
    *,
    actor: Actor,
    site: InspectedSite | int,
    org: Organization,
    name: str,
    url: str = "",
    department: bool = False,
    scheduled: bool = True,
) -> InspectedSite:
    """Edit a registered site. Moving it to another org needs the right to inspect both."""
    with transaction.atomic():
        pk = site.pk if isinstance(site, InspectedSite) else site
        row = InspectedSite.objects.select_for_update(of=("self",)).select_related("org").filter(pk=pk).first()
        if row is None or not permissions.can_see_org_inspections(actor, row.org):
            raise NotFound("未找到该检查对象。")
        if not permissions.can_inspect(actor, row.org) or not permissions.can_inspect(actor, org):
            raise PermissionDenied("只有上级政务公开办管理员可以修改检查对象。")
        errors = _site_errors(name, url)
        if errors:
            raise ValidationFailed("检查对象信息有误，未保存。", code="site_invalid", fields=errors)
        before = _site_state(row)
        row.org, row.name, row.url = org, name.strip(), url.strip()
        row.department, row.scheduled = department, scheduled
        row.save(update_fields=["org", "name", "url", "department", "scheduled"])
        after = _site_state(row)
        changed = [k for k in SITE_FIELDS if before[k] != after[k]]
        audit_record(
            actor=actor,
            action="inspected_site.updated",
            obj=row,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return row


# --- the org's own wording rules (OrgWordingRule) -----------------------------------------------


def _rule_errors(pattern: str, correction: str, source: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not pattern.strip() or len(pattern) > 200:
        errors["pattern"] = ["请填写错误表述（不超过200字）。"]
    elif len(pattern.strip()) < 2:
        # A one-character pattern would flag ordinary text everywhere.
        errors["pattern"] = ["错误表述至少2个字。"]
    if len(correction) > 200:
        errors["correction"] = ["正确表述不超过200字。"]
    elif correction.strip() and correction.strip() == pattern.strip():
        errors["correction"] = ["正确表述不能与错误表述相同。"]
    if len(source) > 200:
        errors["source"] = ["依据不超过200字。"]
    return errors


def _rule_state(rule: OrgWordingRule) -> dict[str, str]:
    return {f: getattr(rule, f) for f in RULE_FIELDS}


def _duplicate() -> ValidationFailed:
    message = "本单位已有该错误表述。"
    return ValidationFailed(message, code="rule_duplicate", fields={"pattern": [message]})


def wording_rule_create(
    *, actor: Actor, org: Organization, pattern: str, correction: str = "", source: str = ""
) -> OrgWordingRule:
    """Add an org's own 严重表述错误 (19号 单项否决), checked on its sites and all sites below it."""
    if not permissions.can_manage_wording(actor, org):
        raise PermissionDenied("只有本单位政务公开办管理员可以维护表述错误规则。")
    errors = _rule_errors(pattern, correction, source)
    if errors:
        raise ValidationFailed("规则有误，未保存。", code="rule_invalid", fields=errors)
    try:
        with transaction.atomic():
            rule = OrgWordingRule.objects.create(
                org=org, pattern=pattern.strip(), correction=correction.strip(), source=source.strip()
            )
            audit_record(actor=actor, action="wording_rule.created", obj=rule, after=_rule_state(rule))
    except IntegrityError:
        raise _duplicate() from None
    return rule


def _locked_rule(actor: Actor, rule: OrgWordingRule | int) -> OrgWordingRule:
    pk = rule.pk if isinstance(rule, OrgWordingRule) else rule
    row = OrgWordingRule.objects.select_for_update(of=("self",)).select_related("org").filter(pk=pk).first()
    if row is None or not permissions.can_see_wording(actor, row.org):
        raise NotFound("未找到该规则。")
    if not permissions.can_manage_wording(actor, row.org):
        raise PermissionDenied("只有本单位政务公开办管理员可以维护表述错误规则。")
    return row


def wording_rule_update(
    *, actor: Actor, rule: OrgWordingRule | int, pattern: str, correction: str = "", source: str = ""
) -> OrgWordingRule:
    errors = _rule_errors(pattern, correction, source)
    try:
        with transaction.atomic():
            row = _locked_rule(actor, rule)
            if errors:
                raise ValidationFailed("规则有误，未保存。", code="rule_invalid", fields=errors)
            before = _rule_state(row)
            row.pattern, row.correction, row.source = pattern.strip(), correction.strip(), source.strip()
            row.save(update_fields=list(RULE_FIELDS))
            audit_record(actor=actor, action="wording_rule.updated", obj=row, before=before, after=_rule_state(row))
    except IntegrityError:
        raise _duplicate() from None
    return row


def wording_rule_delete(*, actor: Actor, rule: OrgWordingRule | int) -> None:
    with transaction.atomic():
        row = _locked_rule(actor, rule)
        audit_record(actor=actor, action="wording_rule.deleted", obj=row, before=_rule_state(row))
        row.delete()
