"""建议提案 办理: register, 交办 to 主办/会办 units, draft and sign replies, satisfaction, publication.

Seed 000（一）: 进一步做好各级人大代表建议和政协委员提案办理结果公开工作，对涉及公共利益、社会广泛
关注的建议提案，原则上都要公开答复全文. So 全文 is the rule; a 摘要 needs the reason recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.core.years import FIRST_YEAR, LAST_YEAR
from gongkai.decisions import deadlines, permissions, selectors
from gongkai.decisions.models import (
    Proposal,
    ProposalKind,
    ProposalSettings,
    ProposalUnit,
    PublishMode,
    Satisfaction,
    UnitRole,
    UnitState,
)
from gongkai.decisions.services._common import clean_text, raise_if, today
from gongkai.decisions.transitions import PROPOSAL, UNIT, ProposalAction, UnitAction
from gongkai.orgs.models import Organization

MAX_JOINT_UNITS = 10


@dataclass
class ProposalInput:
    year: int
    kind: str
    number: str
    author: str
    subject: str
    field: str
    delegation: str = ""
    body: str = ""


@transaction.atomic
def proposal_register(*, actor: Actor, org: Organization, data: ProposalInput) -> Proposal:
    if not permissions.can_run_office(actor, org):
        raise PermissionDenied("只有本级政府办公室可以登记建议提案。")
    errors: dict[str, list[str]] = {}
    if data.kind not in ProposalKind.values:
        errors["kind"] = ["请选择类别。"]
    if not FIRST_YEAR <= int(data.year) <= LAST_YEAR:
        errors["year"] = [f"年度须在{FIRST_YEAR}至{LAST_YEAR}之间。"]
    number = clean_text(data.number, label="编号", field="number", required=True, limit=30, errors=errors)
    author = clean_text(data.author, label="领衔代表/委员", field="author", required=True, limit=100, errors=errors)
    delegation = clean_text(
        data.delegation, label="代表团/界别", field="delegation", required=False, limit=100, errors=errors
    )
    subject = clean_text(data.subject, label="标题", field="subject", required=True, limit=200, errors=errors)
    field = clean_text(data.field, label="领域", field="field", required=True, limit=30, errors=errors)
    body = clean_text(data.body, label="内容", field="body", required=False, limit=20000, errors=errors)
    if number and Proposal.objects.filter(org=org, year=data.year, kind=data.kind, number=number).exists():
        errors["number"] = ["该编号已登记。"]
    raise_if(errors, "建议提案未登记。", "proposal_invalid")
    proposal = Proposal.objects.create(
        org=org,
        year=data.year,
        kind=data.kind,
        number=number,
        author=author,
        delegation=delegation,
        subject=subject,
        field=field,
        body=body,
    )
    audit_record(actor=actor, action="proposal.registered", obj=proposal, after={"number": number})
    return proposal


@transaction.atomic
def proposal_settings_set(*, actor: Actor, org: Organization, reply_months: int) -> ProposalSettings:
    if not permissions.can_run_office(actor, org):
        raise PermissionDenied("只有本级政府办公室可以设置办理期限。")
    if not 1 <= int(reply_months) <= 12:
        raise ValidationFailed(
            "办理期限须在1至12个月之间。", code="settings_invalid", fields={"reply_months": ["1至12。"]}
        )
    item, _ = ProposalSettings.objects.update_or_create(org=org, defaults={"reply_months": reply_months})
    audit_record(actor=actor, action="proposal.settings", obj=item, after={"reply_months": reply_months})
    return item


def proposal_assign(
    *, actor: Actor, proposal: Proposal | int, lead: Organization, joint: list[Organization] | None = None
) -> Proposal:
    return PROPOSAL.apply(actor, proposal, ProposalAction.ASSIGN, lead=lead, joint=list(joint or []))


@PROPOSAL.effect(ProposalAction.ASSIGN)
def _assign(ctx: Context[Proposal]) -> Proposal:
    proposal = ctx.obj
    lead: Organization | None = ctx.data.get("lead")
    joint: list[Organization] = ctx.data.get("joint") or []
    errors: dict[str, list[str]] = {}
    if lead is None:
        errors["lead"] = ["请选择主办单位。"]
    if len(joint) > MAX_JOINT_UNITS:
        errors["joint"] = [f"会办单位最多{MAX_JOINT_UNITS}个。"]
    units = ([lead] if lead else []) + joint
    if len({u.pk for u in units}) != len(units):
        errors["joint"] = ["主办单位和会办单位不能重复。"]
    if any(not u.path.startswith(proposal.org.path) for u in units):
        errors["lead"] = ["承办单位须为本机关或其下属单位。"]
    raise_if(errors, "未交办。", "assign_invalid")
    assigned_on = today()
    due_on = deadlines.reply_due(assigned_on, selectors.reply_months_for(proposal.org))
    for org in units:
        ProposalUnit.objects.create(proposal=proposal, org=org, role=UnitRole.LEAD if org == lead else UnitRole.JOINT)
    ctx.update(assigned_on=assigned_on, due_on=due_on)
    ctx.after.update({"units": [u.pk for u in units], "due_on": due_on.isoformat()})
    return proposal


def unit_draft(*, actor: Actor, unit: ProposalUnit | int, reply: str) -> ProposalUnit:
    return UNIT.apply(actor, unit, UnitAction.DRAFT, reply=reply)


@UNIT.effect(UnitAction.DRAFT)
def _draft(ctx: Context[ProposalUnit]) -> ProposalUnit:
    errors: dict[str, list[str]] = {}
    label = "答复内容" if ctx.obj.role == UnitRole.LEAD else "会办意见"
    reply = clean_text(ctx.data.get("reply"), label=label, field="reply", required=True, limit=20000, errors=errors)
    raise_if(errors, "答复未保存。", "reply_invalid")
    ctx.update(reply=reply)
    return ctx.obj


def unit_sign(*, actor: Actor, unit: ProposalUnit | int, signed_by: str) -> ProposalUnit:
    """签发 the unit's reply; when it is the last unit to answer, the proposal is answered too."""
    with transaction.atomic(durable=True):
        part: ProposalUnit = UNIT.apply_nested(actor, unit, UnitAction.SIGN, signed_by=signed_by)
        proposal = Proposal.objects.get(pk=part.proposal_id)
        if all(s == UnitState.ANSWERED for s in proposal.units.values_list("state", flat=True)):
            PROPOSAL.apply_nested(actor, proposal, ProposalAction.ANSWER)
        return part


@UNIT.effect(UnitAction.SIGN)
def _sign(ctx: Context[ProposalUnit]) -> ProposalUnit:
    errors: dict[str, list[str]] = {}
    signed_by = clean_text(
        ctx.data.get("signed_by"), label="签发人", field="signed_by", required=True, limit=50, errors=errors
    )
    if not ctx.obj.reply.strip():
        errors["reply"] = ["答复内容为空，不能签发。"]
    raise_if(errors, "答复未签发。", "sign_invalid")
    ctx.update(signed_by=signed_by, answered_on=today())
    return ctx.obj


@PROPOSAL.effect(ProposalAction.ANSWER)
def _answer(ctx: Context[Proposal]) -> Proposal:
    days = [d for d in ctx.obj.units.values_list("answered_on", flat=True) if d is not None]
    answered_on: datetime.date = max(days) if days else today()
    ctx.update(answered_on=answered_on)
    ctx.after["late"] = bool(ctx.obj.due_on and answered_on > ctx.obj.due_on)
    return ctx.obj


def proposal_evaluate(*, actor: Actor, proposal: Proposal | int, satisfaction: str, note: str = "") -> Proposal:
    """登记 the 代表/委员's satisfaction with the answer (满意/基本满意/不满意)."""
    return PROPOSAL.apply(actor, proposal, ProposalAction.EVALUATE, satisfaction=satisfaction, note=note)


@PROPOSAL.effect(ProposalAction.EVALUATE)
def _evaluate(ctx: Context[Proposal]) -> Proposal:
    errors: dict[str, list[str]] = {}
    value = str(ctx.data.get("satisfaction", ""))
    if value not in Satisfaction.values:
        errors["satisfaction"] = ["请选择满意度。"]
    note = clean_text(
        ctx.data.get("note"), label="代表/委员意见", field="note", required=False, limit=2000, errors=errors
    )
    raise_if(errors, "满意度未登记。", "evaluate_invalid")
    ctx.update(satisfaction=value, satisfaction_note=note)
    ctx.after["satisfaction"] = value
    return ctx.obj


def proposal_publish(
    *,
    actor: Actor,
    proposal: Proposal | int,
    mode: str,
    consent: bool,
    public_summary: str = "",
    summary_reason: str = "",
) -> Proposal:
    return PROPOSAL.apply(
        actor,
        proposal,
        ProposalAction.PUBLISH,
        mode=mode,
        consent=consent,
        public_summary=public_summary,
        summary_reason=summary_reason,
    )


@PROPOSAL.effect(ProposalAction.PUBLISH)
def _publish(ctx: Context[Proposal]) -> Proposal:
    data: Any = ctx.data
    errors: dict[str, list[str]] = {}
    mode = str(data.get("mode", ""))
    if mode not in PublishMode.values:
        errors["mode"] = ["请选择公开方式。"]
    if data.get("consent") is not True:
        # The reply names the 代表/委员 and answers their text: published with their consent.
        errors["consent"] = ["须经代表/委员同意后公开。"]
    summary = clean_text(
        data.get("public_summary"),
        label="公开摘要",
        field="public_summary",
        required=mode == PublishMode.SUMMARY,
        limit=5000,
        errors=errors,
    )
    reason = clean_text(
        data.get("summary_reason"),
        label="不公开全文的理由",
        field="summary_reason",
        required=mode == PublishMode.SUMMARY,
        limit=1000,
        errors=errors,
    )
    raise_if(errors, "办理结果未公开。", "proposal_publish_invalid")
    ctx.update(
        publish_mode=mode,
        consent=True,
        public_summary=summary if mode == PublishMode.SUMMARY else "",
        summary_reason=reason if mode == PublishMode.SUMMARY else "",
        published_on=today(),
    )
    ctx.after["mode"] = mode
    return ctx.obj
