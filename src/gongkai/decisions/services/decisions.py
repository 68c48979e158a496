"""目录 and the procedure of a 重大行政决策: add items, start, record steps, publish."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.core.years import FIRST_YEAR, LAST_YEAR
from gongkai.decisions import permissions, steps
from gongkai.decisions.models import (
    CatalogState,
    Decision,
    DecisionCatalog,
    DecisionStep,
    StepKind,
    StepStatus,
)
from gongkai.decisions.services._common import clean_text, clean_url, raise_if, today
from gongkai.decisions.transitions import CATALOG, DECISION, CatalogAction, DecisionAction
from gongkai.disclosure.richtext import sanitize_html
from gongkai.orgs.models import Organization
from gongkai.participation import selectors as participation

MAX_ITEMS = 200


@transaction.atomic
def catalog_create(*, actor: Actor, org: Organization, year: int, title: str) -> DecisionCatalog:
    if not permissions.can_run_office(actor, org):
        raise PermissionDenied("只有本级政府办公室可以编制重大行政决策事项目录。")
    errors: dict[str, list[str]] = {}
    title = clean_text(title, label="目录名称", field="title", required=True, limit=200, errors=errors)
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        errors["year"] = [f"年度须在{FIRST_YEAR}至{LAST_YEAR}之间。"]
    elif DecisionCatalog.objects.filter(org=org, year=year).exists():
        errors["year"] = [f"{year}年度的目录已存在。"]
    raise_if(errors, "目录未保存。", "catalog_invalid")
    catalog = DecisionCatalog.objects.create(org=org, year=year, title=title)
    audit_record(actor=actor, action="decision_catalog.created", obj=catalog, after={"year": year})
    return catalog


@transaction.atomic
def decision_add(
    *,
    actor: Actor,
    catalog: DecisionCatalog,
    title: str,
    host_org: Organization,
    planned_on: datetime.date,
    summary: str = "",
    technical: bool = True,
    affects_stability: bool = True,
) -> Decision:
    """列入目录 one 决策事项 with its 承办单位 and planned date (also after the catalogue is out: 目录调整)."""
    catalog = DecisionCatalog.objects.select_for_update().select_related("org").get(pk=catalog.pk)
    if not permissions.can_see_catalog(actor, catalog):
        raise NotFound("未找到该目录。")
    if not permissions.can_edit_catalog(actor, catalog):
        raise PermissionDenied("只有本级政府办公室可以编制重大行政决策事项目录。")
    errors: dict[str, list[str]] = {}
    title = clean_text(title, label="决策事项名称", field="title", required=True, limit=200, errors=errors)
    summary = clean_text(summary, label="主要内容", field="summary", required=False, limit=2000, errors=errors)
    if not host_org.path.startswith(catalog.org.path):
        errors["host_org"] = ["承办单位须为本机关或其下属单位。"]
    if not catalog.year - 1 <= planned_on.year <= catalog.year + 1:
        errors["planned_on"] = ["计划完成时间须在目录年度前后一年内。"]
    if catalog.items.count() >= MAX_ITEMS:
        errors["title"] = [f"一个目录最多{MAX_ITEMS}项。"]
    raise_if(errors, "决策事项未保存。", "decision_invalid")
    seq = (catalog.items.aggregate(m=Max("seq"))["m"] or 0) + 1
    decision = Decision.objects.create(
        catalog=catalog,
        seq=seq,
        title=title,
        summary=summary,
        host_org=host_org,
        planned_on=planned_on,
        technical=technical,
        affects_stability=affects_stability,
    )
    audit_record(actor=actor, action="decision.added", obj=decision, after={"catalog": catalog.pk, "seq": seq})
    return decision


def catalog_publish(*, actor: Actor, catalog: DecisionCatalog | int) -> DecisionCatalog:
    return CATALOG.apply(actor, catalog, CatalogAction.PUBLISH)


@CATALOG.effect(CatalogAction.PUBLISH)
def _catalog_publish(ctx: Context[DecisionCatalog]) -> DecisionCatalog:
    if not ctx.obj.items.exists():
        raise ValidationFailed(
            "目录中还没有决策事项，不能公布。", code="catalog_empty", fields={"items": ["请先添加决策事项。"]}
        )
    ctx.update(published_on=today())
    return ctx.obj


def decision_start(*, actor: Actor, decision: Decision | int) -> Decision:
    return DECISION.apply(actor, decision, DecisionAction.START)


@DECISION.effect(DecisionAction.START)
def _start(ctx: Context[Decision]) -> Decision:
    if ctx.obj.catalog.state != CatalogState.PUBLISHED:
        raise ValidationFailed("目录尚未公布，不能启动决策程序。", code="catalog_not_published", fields={})
    return ctx.obj


def decision_record_step(
    *, actor: Actor, decision: Decision | int, kind: str, status: str, **data: Any
) -> DecisionStep:
    """Record a statutory step: in progress (e.g. the consultation is open), done, or not applicable."""
    return DECISION.apply(actor, decision, DecisionAction.RECORD_STEP, kind=kind, status=status, **data)


def _consultation(decision: Decision, pk: Any, errors: dict[str, list[str]], *, status: str) -> int | None:
    """The linked 公众参与 consultation, read through the participation selectors: a published one
    (linking shows nothing that is not already public) of the 决策机关 or an org beneath it."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        number = 0
    item = (
        participation.consultations_public(org=decision.catalog.org).filter(pk=number).first() if number > 0 else None
    )
    if item is None:
        errors["consultation_id"] = ["未找到该征求意见：须为本机关或下属单位已发布的征求意见。"]
        return None
    if item.draft_type != "major_decision":
        # 第十五条: 公开征求意见的期限一般不少于30日 — checked by the participation module for
        # consultations of the type 重大行政决策 only, so other types are not accepted here.
        errors["consultation_id"] = ["请关联文件类型为“重大行政决策”的征求意见（法定期限一般不少于30日）。"]
    elif status == StepStatus.DONE and item.ends_on >= today():
        errors["status"] = [f"征求意见于{item.ends_on:%Y-%m-%d}截止，截止后才能记为已履行。"]
    return int(item.pk)


@DECISION.effect(DecisionAction.RECORD_STEP)
def _record_step(ctx: Context[Decision]) -> DecisionStep:
    decision, data = ctx.obj, ctx.data
    errors: dict[str, list[str]] = {}
    kind, status = str(data.get("kind", "")), str(data.get("status", ""))
    if kind not in StepKind.values:
        errors["kind"] = ["请选择决策程序。"]
    if status not in StepStatus.values:
        errors["status"] = ["请选择履行情况。"]
    raise_if(errors, "程序记录未保存。", "step_invalid")
    summary = clean_text(
        data.get("summary"), label="情况说明", field="summary", required=False, limit=5000, errors=errors
    )
    reason = clean_text(
        data.get("reason"), label="不适用理由", field="reason", required=False, limit=2000, errors=errors
    )
    doc_title = clean_text(
        data.get("document_title"), label="文书名称", field="document_title", required=False, limit=200, errors=errors
    )
    doc_url = clean_url(data.get("document_url"), label="文书链接", field="document_url", errors=errors)
    done_on = data.get("done_on")
    consultation_id: int | None = None
    if status == StepStatus.NOT_APPLICABLE:
        if not steps.may_waive(decision, kind):
            errors["status"] = [
                f"“{StepKind(kind).label}”是本决策的必经程序，不能记为不适用（{steps.ARTICLES[StepKind(kind)]}）。"
            ]
        elif not reason:
            errors["reason"] = ["记为不适用时，须写明理由。"]
    if status == StepStatus.DONE:
        if not isinstance(done_on, datetime.date):
            errors["done_on"] = ["请填写完成日期。"]
        elif done_on > today():
            errors["done_on"] = ["完成日期不能晚于今天。"]
        if not summary:
            errors["summary"] = ["请填写情况说明。"]
    if kind == StepKind.PARTICIPATION and status in (StepStatus.IN_PROGRESS, StepStatus.DONE):
        if data.get("consultation_id") in (None, ""):
            errors["consultation_id"] = ["公众参与须关联公众参与模块的征求意见。"]
        else:
            consultation_id = _consultation(decision, data.get("consultation_id"), errors, status=status)
    if kind == StepKind.COLLECTIVE and status == StepStatus.DONE:
        # 第二十五条: 未经合法性审查或者经审查不合法的，不得提交决策机关讨论.
        legality = decision.steps.filter(kind=StepKind.LEGALITY, status=StepStatus.DONE).first()
        if legality is None:
            errors["status"] = ["合法性审查尚未完成，不得提交集体讨论（《重大行政决策程序暂行条例》第二十五条）。"]
        elif isinstance(done_on, datetime.date) and legality.done_on and done_on < legality.done_on:
            errors["done_on"] = ["集体讨论日期不能早于合法性审查完成日期。"]
    raise_if(errors, "程序记录未保存。", "step_invalid")
    previous = decision.steps.filter(kind=kind).first()
    step, _ = DecisionStep.objects.update_or_create(
        decision=decision,
        kind=kind,
        defaults={
            "status": status,
            "done_on": done_on if status == StepStatus.DONE else None,
            "summary": summary,
            "reason": reason if status == StepStatus.NOT_APPLICABLE else "",
            "consultation_id": consultation_id,
            "document_title": doc_title,
            "document_url": doc_url,
            "recorded_by_id": ctx.actor.pk if ctx.actor.is_authenticated else None,
        },
    )
    ctx.before["step"] = {"kind": kind, "status": previous.status if previous else ""}
    ctx.after["step"] = {"kind": kind, "status": status, "consultation_id": consultation_id}
    ctx.note = reason
    return step


def decision_publish(
    *, actor: Actor, decision: Decision | int, decision_html: str, interpretation_html: str, adoption_note: str = ""
) -> Decision:
    """公布 the decision with its 解读 (第三十二条); refused while a step lacks its record."""
    return DECISION.apply(
        actor,
        decision,
        DecisionAction.PUBLISH,
        decision_html=decision_html,
        interpretation_html=interpretation_html,
        adoption_note=adoption_note,
    )


@DECISION.effect(DecisionAction.PUBLISH)
def _publish(ctx: Context[Decision]) -> Decision:
    decision = ctx.obj
    records = [steps.StepRecord(s.kind, s.status) for s in decision.steps.all()]
    missing = steps.missing_steps(decision, records)
    if missing:
        labels = "、".join(str(StepKind(k).label) for k in missing)
        raise ValidationFailed(
            f"以下程序尚未履行或未记录，不能公布决策：{labels}。",
            code="decision_steps_missing",
            fields={"steps": [f"{StepKind(k).label}：{steps.ARTICLES[StepKind(k)]}" for k in missing]},
        )
    errors: dict[str, list[str]] = {}
    body = sanitize_html(str(ctx.data.get("decision_html") or ""))
    reading = sanitize_html(str(ctx.data.get("interpretation_html") or ""))
    if not body.strip():
        errors["decision_html"] = ["请填写决策文件正文。"]
    if not reading.strip():
        errors["interpretation_html"] = ["请填写政策解读（决策文件与解读同步公布）。"]
    note = clean_text(
        ctx.data.get("adoption_note"),
        label="采纳情况",
        field="adoption_note",
        required=False,
        limit=5000,
        errors=errors,
    )
    consulted = any(
        r.status == StepStatus.DONE and r.kind in (StepKind.PARTICIPATION, StepKind.EXPERT) for r in records
    )
    if consulted and not note:
        # 第三十二条: 对社会公众普遍关心或者专业性、技术性较强的重大行政决策，应当说明公众意见、专家
        # 论证意见的采纳情况. Safer reading: whenever either step was done.
        errors["adoption_note"] = ["请说明公众意见、专家论证意见的采纳情况（第三十二条）。"]
    raise_if(errors, "决策未公布。", "decision_publish_invalid")
    ctx.update(decision_html=body, interpretation_html=reading, adoption_note=note, published_on=today())
    return decision


def decision_withdraw(*, actor: Actor, decision: Decision | int, reason: str) -> Decision:
    return DECISION.apply(actor, decision, DecisionAction.WITHDRAW, reason=reason)


@DECISION.effect(DecisionAction.WITHDRAW)
def _withdraw(ctx: Context[Decision]) -> Decision:
    errors: dict[str, list[str]] = {}
    reason = clean_text(
        ctx.data.get("reason"), label="调整理由", field="reason", required=True, limit=1000, errors=errors
    )
    raise_if(errors, "未调整。", "reason_required")
    ctx.update(withdrawn_reason=reason)
    ctx.note = reason
    return ctx.obj
