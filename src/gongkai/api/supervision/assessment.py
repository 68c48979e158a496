"""The assessment through the API: schemes with indicators and manual points, computing a draft
score sheet, recomputing and publishing it (the sheet's ``actions`` come from the state table),
and reading the published (frozen) sheet with the evidence behind every point."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.api.supervision.plans import org_ref
from gongkai.api.supervision.schemas import (
    IndicatorIn,
    ManualPointIn,
    SchemeDetail,
    SchemeIn,
    SchemeOut,
    SheetDetail,
    SourceOut,
)
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.urls import public_url
from gongkai.orgs.models import Organization
from gongkai.supervision import indicators, selectors, services
from gongkai.supervision.models import Rule, Scheme, ScoreSheet
from gongkai.supervision.transitions import SHEET

router = Router(tags=["supervision"])
staff = StaffToken()


def _scheme(scheme: Scheme) -> dict[str, Any]:
    return {"id": scheme.pk, "org": org_ref(scheme.org), "year": scheme.year, "title": scheme.title}


def _sheet_brief(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        "id": sheet.pk,
        "state": sheet.state,
        "state_label": sheet.get_state_display(),
        "computed_on": sheet.computed_on,
        "published_on": sheet.published_on,
    }


def _scheme_detail(scheme: Scheme) -> dict[str, Any]:
    sources = indicators.REGISTRY
    return {
        **_scheme(scheme),
        "indicators": [
            {
                "id": i.pk,
                "code": i.code,
                "name": i.name,
                "weight": str(i.weight),
                "rule": i.rule,
                "rule_label": i.get_rule_display(),
                "source": i.source,
                "source_label": sources[i.source].label if i.source in sources else "",
                "target": None if i.target is None else str(i.target),
                "per_item": None if i.per_item is None else str(i.per_item),
            }
            for i in scheme.indicators.all()
        ],
        "manual_points": [
            {
                "id": m.pk,
                "org": org_ref(m.org),
                "indicator_code": m.indicator_code,
                "points": str(m.points),
                "reason": m.reason,
                "on": m.on,
            }
            for m in scheme.manual_points.select_related("org").order_by("id")
        ],
        "units": [org_ref(u) for u in services.scheme_units(scheme)],
        "sheets": [_sheet_brief(s) for s in scheme.sheets.all()],
    }


def _ids(raw: Any) -> dict[str, int | str]:
    """Evidence ids as stored (ints and slugs); anything else is dropped rather than guessed."""
    if not isinstance(raw, dict):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, int | str) and not isinstance(v, bool)}


def _url(kind: str, ids: dict[str, int | str]) -> str | None:
    if not kind:
        return None
    try:
        return public_url(kind, **ids)
    except (LookupError, TypeError, ValueError):
        return None


def _sheet_detail(request: HttpRequest, sheet: ScoreSheet) -> dict[str, Any]:
    scores = []
    for s in sheet.scores.select_related("org").order_by("org__path", "indicator_code"):
        evidence = []
        for e in s.evidence if isinstance(s.evidence, list) else []:
            ids = _ids(e.get("ids"))
            kind = str(e.get("kind") or "")
            evidence.append(
                {
                    "label": str(e.get("label", "")),
                    "ok": bool(e.get("ok")),
                    "kind": kind,
                    "ids": ids,
                    "url": _url(kind, ids),
                }
            )
        scores.append(
            {
                "org": org_ref(s.org),
                "indicator_code": s.indicator_code,
                "indicator_name": s.indicator_name,
                "weight": str(s.weight),
                "points": str(s.points),
                "value": s.value,
                "explanation": s.explanation,
                "evidence": evidence,
            }
        )
    return {
        **_sheet_brief(sheet),
        "scheme": _scheme(sheet.scheme),
        "ranking": [{"rank": r.rank, "org": org_ref(r.org), "total": str(r.total)} for r in selectors.ranking(sheet)],
        "scores": scores,
        "actions": actions_of(SHEET, request.user, sheet, interactive_only=True),
    }


@router.get("/staff/supervision/sources", response=list[SourceOut], auth=staff, summary="自动考核指标的数据来源")
def sources(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"key": s.key, "label": s.label, "module": s.module, "higher_is_better": s.higher_is_better}
        for s in indicators.REGISTRY.values()
    ]


@router.get("/staff/supervision/orgs/{org_id}/schemes", response=list[SchemeOut], auth=staff, summary="考核方案")
def scheme_list(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    return [_scheme(s) for s in selectors.schemes_of(org).select_related("org")[:200]]


@router.post(
    "/staff/supervision/orgs/{org_id}/schemes", response={201: SchemeDetail}, auth=staff, summary="新建年度考核方案"
)
def scheme_create(request: HttpRequest, org_id: int, payload: SchemeIn) -> Status[dict[str, Any]]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    scheme = services.scheme_create(actor=request.user, org=org, year=payload.year, title=payload.title)
    return Status(201, _scheme_detail(scheme))


@router.get(
    "/staff/supervision/schemes/{pk}", response=SchemeDetail, auth=staff, summary="考核方案：指标、人工评分、结果"
)
def scheme_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _scheme_detail(selectors.scheme_get(actor=request.user, pk=pk))


@router.post("/staff/supervision/schemes/{pk}/indicators", response=SchemeDetail, auth=staff, summary="添加考核指标")
def indicator_add(request: HttpRequest, pk: int, payload: IndicatorIn) -> dict[str, Any]:
    scheme = selectors.scheme_get(actor=request.user, pk=pk)
    if payload.rule not in Rule.values:
        raise ValidationFailed("评分规则无效。", code="bad_rule", fields={"rule": ["无效。"]})
    services.indicator_add(
        actor=request.user,
        scheme=scheme,
        code=payload.code,
        name=payload.name,
        weight=payload.weight,
        rule=payload.rule,
        source=payload.source,
        target=payload.target or None,
        per_item=payload.per_item or None,
    )
    return _scheme_detail(scheme)


@router.post(
    "/staff/supervision/schemes/{pk}/manual-points",
    response=SchemeDetail,
    auth=staff,
    summary="人工评分或加减分（须写明理由）",
)
def manual_point_add(request: HttpRequest, pk: int, payload: ManualPointIn) -> dict[str, Any]:
    scheme = selectors.scheme_get(actor=request.user, pk=pk)
    unit = Organization.objects.filter(pk=payload.org_id).first()
    if unit is None:
        raise ValidationFailed("未找到该单位。", code="unknown_org", fields={"org_id": ["未找到。"]})
    services.manual_point_add(
        actor=request.user,
        scheme=scheme,
        org=unit,
        points=payload.points,
        reason=payload.reason,
        indicator_code=payload.indicator_code,
    )
    return _scheme_detail(scheme)


@router.post(
    "/staff/supervision/schemes/{pk}/compute",
    response=SheetDetail,
    auth=staff,
    summary="按各模块数据计算得分（写入草稿结果；已发布的结果不变）",
)
def scheme_compute(request: HttpRequest, pk: int) -> dict[str, Any]:
    scheme = selectors.scheme_get(actor=request.user, pk=pk)
    sheet = services.assess(actor=request.user, scheme=scheme)
    return _sheet_detail(request, selectors.sheet_get(actor=request.user, pk=sheet.pk))


@router.get(
    "/staff/supervision/schemes/{pk}/published",
    response=SheetDetail,
    auth=staff,
    summary="最近发布的考核结果（冻结，不随数据变化）",
)
def scheme_published(request: HttpRequest, pk: int) -> dict[str, Any]:
    scheme = selectors.scheme_get(actor=request.user, pk=pk)
    sheet = selectors.latest_published(scheme)
    if sheet is None:
        raise NotFound("该考核方案尚未发布结果。")
    return _sheet_detail(request, selectors.sheet_get(actor=request.user, pk=sheet.pk))


@router.get("/staff/supervision/sheets/{pk}", response=SheetDetail, auth=staff, summary="考核结果：排名、得分及依据")
def sheet_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _sheet_detail(request, selectors.sheet_get(actor=request.user, pk=pk))


@router.post("/staff/supervision/sheets/{pk}/recompute", response=SheetDetail, auth=staff, summary="重新计算草稿结果")
def sheet_recompute(request: HttpRequest, pk: int) -> dict[str, Any]:
    sheet = services.sheet_recompute(actor=request.user, sheet=selectors.sheet_get(actor=request.user, pk=pk))
    return _sheet_detail(request, selectors.sheet_get(actor=request.user, pk=sheet.pk))


@router.post(
    "/staff/supervision/sheets/{pk}/publish", response=SheetDetail, auth=staff, summary="发布考核结果（发布后冻结）"
)
def sheet_publish(request: HttpRequest, pk: int) -> dict[str, Any]:
    sheet = services.sheet_publish(actor=request.user, sheet=selectors.sheet_get(actor=request.user, pk=pk))
    return _sheet_detail(request, selectors.sheet_get(actor=request.user, pk=sheet.pk))
