"""The assessment: the scheme and its indicators, manual points, computing a draft score sheet
from the modules' data and publishing it (frozen)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.orgs.models import Organization
from gongkai.supervision import indicators, permissions
from gongkai.supervision.models import Indicator, ManualPoint, Rule, Scheme, Score, ScoreSheet, SheetState
from gongkai.supervision.transitions import SHEET, SheetAction

MAX_INDICATORS = 50


def _user(actor: Actor) -> Any:
    return actor if actor.is_authenticated else None


def _office(actor: Actor, org: Organization) -> None:
    if not permissions.can_run_office(actor, org):
        raise PermissionDenied("只有本级政务公开办可以管理考核。")


def _decimal(value: Any, field: str, low: Decimal, high: Decimal, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(f"{label}应为数字。", code="bad_number", fields={field: ["应为数字。"]}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationFailed(f"{label}应在{low}至{high}之间。", code="out_of_range", fields={field: ["超出范围。"]})
    return number


def scheme_create(*, actor: Actor, org: Organization, year: int, title: str = "") -> Scheme:
    _office(actor, org)
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年度应在2000至2100之间。", code="bad_year", fields={"year": ["年度无效。"]})
    if Scheme.objects.filter(org=org, year=year).exists():
        raise ValidationFailed("该年度的考核方案已存在。", code="duplicate", fields={"year": ["已存在。"]})
    scheme = Scheme.objects.create(org=org, year=year, title=(title or f"{year}年度政务公开工作考核")[:200])
    audit_record(actor=actor, action="supervision.scheme_created", obj=scheme)
    return scheme


def indicator_add(
    *,
    actor: Actor,
    scheme: Scheme,
    code: str,
    name: str,
    weight: Any,
    rule: str,
    source: str = "",
    target: Any = None,
    per_item: Any = None,
) -> Indicator:
    _office(actor, scheme.org)
    code, name = code.strip()[:20], name.strip()[:100]
    if not code or not name:
        raise ValidationFailed(
            "请填写指标编号和名称。", code="required", fields={"code": ["必填。"], "name": ["必填。"]}
        )
    if rule not in Rule.values:
        raise ValidationFailed("评分规则无效。", code="bad_rule", fields={"rule": ["无效。"]})
    if rule != Rule.MANUAL and source not in indicators.REGISTRY:
        raise ValidationFailed("自动指标须选择数据来源。", code="bad_source", fields={"source": ["请选择数据来源。"]})
    if scheme.indicators.count() >= MAX_INDICATORS:
        raise ValidationFailed(f"一个方案最多{MAX_INDICATORS}项指标。", code="too_many")
    if scheme.indicators.filter(code=code).exists():
        raise ValidationFailed("指标编号重复。", code="duplicate", fields={"code": ["编号已存在。"]})
    weight_value = _decimal(weight, "weight", Decimal(0), Decimal(1000), "分值")
    target_value = _decimal(target, "target", Decimal(0), Decimal(1), "目标值") if target not in (None, "") else None
    step = _decimal(per_item, "per_item", Decimal(0), Decimal(100), "每项扣分") if per_item not in (None, "") else None
    if rule == Rule.DEDUCT and step is None:
        raise ValidationFailed("扣分规则须填写每项扣分。", code="required", fields={"per_item": ["必填。"]})
    indicator = Indicator.objects.create(
        scheme=scheme,
        code=code,
        name=name,
        weight=weight_value,
        source="" if rule == Rule.MANUAL else source,
        rule=rule,
        target=target_value,
        per_item=step,
        sort_order=scheme.indicators.count(),
    )
    audit_record(actor=actor, action="supervision.indicator_added", obj=scheme, after={"code": code, "name": name})
    return indicator


def manual_point_add(
    *, actor: Actor, scheme: Scheme, org: Organization, points: Any, reason: str, indicator_code: str = ""
) -> ManualPoint:
    """A manual indicator's points, or a bonus/deduction on the total, always with its reason."""
    _office(actor, scheme.org)
    if org.parent_id != scheme.org.pk:
        raise ValidationFailed("只能为本级考核的下级单位评分。", code="org_outside", fields={"org": ["不是考核对象。"]})
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写加减分理由。", code="required", fields={"reason": ["必填。"]})
    value = _decimal(points, "points", Decimal(-100), Decimal(100), "分数")
    if indicator_code and not scheme.indicators.filter(code=indicator_code, rule=Rule.MANUAL).exists():
        raise ValidationFailed("只能为人工评分指标打分。", code="bad_indicator", fields={"indicator_code": ["无效。"]})
    point = ManualPoint.objects.create(
        scheme=scheme,
        org=org,
        indicator_code=indicator_code,
        points=value,
        reason=reason[:500],
        on=timezone.localdate(),
        by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="supervision.manual_point",
        obj=scheme,
        after={"org": org.pk, "points": str(value), "indicator": indicator_code, "reason": reason[:500]},
    )
    return point


def scheme_units(scheme: Scheme) -> list[Organization]:
    """Who is assessed: the units directly beneath the assessing org (its departments, townships)."""
    return list(Organization.objects.filter(parent=scheme.org).order_by("sort_order", "path", "id"))


def sheet_draft(*, actor: Actor, scheme: Scheme) -> ScoreSheet:
    """The scheme's working sheet; a new one once the last was published."""
    _office(actor, scheme.org)
    draft = scheme.sheets.filter(state=SheetState.DRAFT).first()
    if draft is None:
        draft = ScoreSheet.objects.create(scheme=scheme, state=SheetState.DRAFT, computed_on=timezone.localdate())
    return draft


def _compute(actor: Actor, sheet: ScoreSheet) -> int:
    scheme = sheet.scheme
    today = timezone.localdate()
    rows: list[Score] = []
    manual = list(scheme.manual_points.all())
    for unit in scheme_units(scheme):
        query = indicators.Query(actor=actor, unit=unit, year=scheme.year, today=today)
        for ind in scheme.indicators.all():
            evidence: list[dict[str, Any]] = []
            if ind.rule == Rule.MANUAL:
                given = [m for m in manual if m.org_id == unit.pk and m.indicator_code == ind.code]
                total = sum((m.points for m in given), Decimal(0))
                points = min(max(total, Decimal(0)), ind.weight)
                value, explanation = f"{total}", "人工评分" if given else "尚未评分"
                evidence = [
                    {"label": f"{m.points:+}分：{m.reason}", "ok": m.points >= 0, "kind": "", "ids": {}} for m in given
                ]
            elif ind.source not in indicators.REGISTRY:
                points, value, explanation = Decimal(0), "—", "数据来源不可用（模块未接入），暂不得分"
            else:
                source = indicators.REGISTRY[ind.source]
                measure = source.compute(query)
                result = indicators.score(
                    rule=ind.rule,
                    weight=ind.weight,
                    measure=measure,
                    higher_is_better=source.higher_is_better,
                    target=ind.target,
                    per_item=ind.per_item,
                )
                points, value = result.points, result.value
                explanation = "；".join(
                    filter(None, [f"{measure.numerator}/{measure.denominator}", result.explanation, measure.note])
                )
                evidence = [e.as_json() for e in measure.evidence[:200]]
            rows.append(
                Score(
                    sheet=sheet,
                    org=unit,
                    indicator_code=ind.code,
                    indicator_name=ind.name,
                    weight=ind.weight,
                    points=points,
                    value=value[:100],
                    explanation=explanation,
                    evidence=evidence,
                )
            )
        extra = [m for m in manual if m.org_id == unit.pk and not m.indicator_code]
        if extra:
            rows.append(
                Score(
                    sheet=sheet,
                    org=unit,
                    indicator_code="加减分",
                    indicator_name="加减分",
                    weight=Decimal(0),
                    points=sum((m.points for m in extra), Decimal(0)),
                    value="",
                    explanation="人工加减分",
                    evidence=[
                        {"label": f"{m.points:+}分：{m.reason}", "ok": m.points >= 0, "kind": "", "ids": {}}
                        for m in extra
                    ],
                )
            )
    sheet.scores.all().delete()
    Score.objects.bulk_create(rows)
    return len(rows)


@SHEET.effect(SheetAction.RECOMPUTE)
def _recompute(ctx: Context[ScoreSheet]) -> ScoreSheet:
    rows = _compute(ctx.actor, ctx.obj)
    ctx.update(computed_on=timezone.localdate())
    ctx.after["scores"] = rows
    return ctx.obj


@SHEET.effect(SheetAction.PUBLISH)
def _publish(ctx: Context[ScoreSheet]) -> ScoreSheet:
    if not ctx.obj.scores.exists():
        raise ValidationFailed("请先计算得分再发布。", code="not_computed")
    ctx.update(published_on=timezone.localdate())
    return ctx.obj


def sheet_recompute(*, actor: Actor, sheet: ScoreSheet | int) -> ScoreSheet:
    return SHEET.apply(actor, sheet, SheetAction.RECOMPUTE)


def sheet_publish(*, actor: Actor, sheet: ScoreSheet | int) -> ScoreSheet:
    return SHEET.apply(actor, sheet, SheetAction.PUBLISH)


def assess(*, actor: Actor, scheme: Scheme) -> ScoreSheet:
    """Compute the scheme's working sheet now (creating it if needed)."""
    with transaction.atomic():
        draft = sheet_draft(actor=actor, scheme=scheme)
    return sheet_recompute(actor=actor, sheet=draft)
