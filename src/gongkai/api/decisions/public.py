"""Public reads of 重大行政决策 and 建议提案 (no token): catalogues, decisions with their steps, the
重大决策预公开 column, open meetings and registration (rate-limited, one registration per token),
published replies and the yearly summary by field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Router, Status

from gongkai.api import params
from gongkai.api.decisions.schemas import (
    CatalogOut,
    DecisionOut,
    MeetingOut,
    PreAnnouncementOut,
    RegistrationIn,
    RegistrationOut,
    ReplyOut,
    SummaryOut,
    TokenOut,
)
from gongkai.core.errors import ApplicationError
from gongkai.core.form_tokens import issue_form_token
from gongkai.decisions import selectors, services
from gongkai.decisions.models import Decision, Meeting
from gongkai.orgs import selectors as orgs

router = Router(tags=["decisions"])


class RateLimited(ApplicationError):
    http_status = 429
    default_code = "rate_limited"
    default_message = "提交过于频繁，请稍后再试。"


def decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "catalog_id": d.catalog_id,
        "year": d.catalog.year,
        "seq": d.seq,
        "title": d.title,
        "org": d.catalog.org.name,
        "host_org": d.host_org.name,
        "planned_on": d.planned_on,
        "technical": d.technical,
        "affects_stability": d.affects_stability,
        "state": d.state,
        "state_label": d.get_state_display(),
        "published_on": d.published_on,
        "steps": [s.__dict__ for s in selectors.decision_steps(d)],
        "missing_steps": selectors.missing_steps(d),
        "actions": [],
    }


def meeting_out(m: Meeting) -> dict[str, Any]:
    figures = selectors.meeting_figures(m)
    return {
        "id": m.pk,
        "org": m.org.name,
        "title": m.title,
        "agenda": m.agenda,
        "held_at": m.held_at,
        "location": m.location,
        "registration_ends_on": m.registration_ends_on,
        "capacity": m.capacity,
        "selection": m.selection,
        "state": m.state,
        "state_label": m.get_state_display(),
        "live_url": m.live_url,
        "record_url": m.record_url,
        "registered": figures.registered,
        "selected": figures.selected,
        "attended": figures.attended,
        "actions": [],
    }


@router.get("/decisions/catalogs/{pk}", response=CatalogOut, summary="已公布的重大行政决策事项目录")
def catalog_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    c = selectors.catalog_get_public(pk=pk)
    return {
        "id": c.pk,
        "org": c.org.name,
        "year": c.year,
        "title": c.title,
        "published_on": c.published_on,
        "items": [decision_out(d) for d in selectors.catalog_items(c).select_related("catalog__org")],
    }


@router.get("/decisions/items/{pk}", response=DecisionOut, summary="决策事项及其程序履行情况")
def decision_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return decision_out(selectors.decision_get_public(pk=pk))


@router.get(
    "/decisions/preannouncements", response=list[PreAnnouncementOut], summary="重大决策预公开：正在征求意见的决策事项"
)
def preannouncements(request: HttpRequest, org: str = "") -> list[Any]:
    root = orgs.organization_by_slug(org[:100]) if org else None
    return [p.__dict__ for p in selectors.preannouncements_open(org=root)]


@router.get("/decisions/meetings/{pk}", response=MeetingOut, summary="开放会议")
def meeting_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return meeting_out(selectors.meeting_get_public(pk=pk))


@router.get("/decisions/meetings/{pk}/token", response=TokenOut, summary="取得报名表单令牌（重复提交只登记一次）")
def meeting_token(request: HttpRequest, pk: int) -> dict[str, str]:
    selectors.meeting_get_public(pk=pk)
    return {"token": issue_form_token()}


@router.post(
    "/decisions/meetings/{pk}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut},
    summary="报名列席、旁听",
)
def meeting_register(request: HttpRequest, pk: int, payload: RegistrationIn) -> Status:
    if is_ratelimited(request, group="decisions.public_form", key="ip", rate="5/m", method="POST", increment=True):
        raise RateLimited()
    registration, created = services.meeting_register(meeting=selectors.meeting_get_public(pk=pk).pk, **payload.dict())
    return Status(201 if created else 200, {"id": registration.pk, "created": created})


@router.get("/decisions/replies", response=list[ReplyOut], summary="已公开的建议提案办理结果")
def replies(
    request: HttpRequest, org: str = "", year: int | None = params.year(), page_size: int = params.page_size()
) -> list[Any]:
    root = orgs.organization_by_slug(org[:100]) if org else None
    return [r.__dict__ for r in selectors.replies_public(org=root, year=year, limit=page_size)]


@router.get("/decisions/replies/{pk}", response=ReplyOut, summary="建议提案办理结果")
def reply_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return selectors.reply_get_public(pk=pk).__dict__


@router.get("/decisions/summary/{org}/{year}", response=list[SummaryOut], summary="建议提案年度办理情况（按领域）")
def summary(request: HttpRequest, org: str, year: int) -> list[dict[str, Any]]:
    root = orgs.organization_by_slug(org[:100])
    if not params.FIRST_YEAR <= year <= params.LAST_YEAR:
        year = max(params.FIRST_YEAR, min(year, params.LAST_YEAR))
    out = []
    for kind in ("suggestion", "proposal"):
        s = selectors.yearly_summary(org=root, year=year, kind=kind)
        out.append(
            {
                **{k: getattr(s, k) for k in ("year", "kind", "kind_label", "total", "published")},
                "by_field": [r.__dict__ for r in s.by_field],
                "sentence": s.sentence(),
            }
        )
    return out
