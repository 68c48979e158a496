"""REST API of the 网站与新媒体检查 module: reports, rectification items and the new-media register.

Each item's ``actions`` are its table's ``available_actions`` for the token's user.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from gongkai.api.actions import ActionOut, actions_of
from gongkai.api.auth import StaffToken
from gongkai.inspection import selectors, services
from gongkai.inspection.models import Inspection, MediaAccount, Rectification
from gongkai.inspection.transitions import ACCOUNT, RECTIFICATION

router = Router(tags=["inspection"])
staff = StaffToken()


class FindingOut(Schema):
    kind: str
    url: str
    target: str
    column: str
    detail: str
    evidence: dict[str, Any]


class ReportOut(Schema):
    id: int
    site_id: int
    site: str
    as_of: datetime.date
    quarter: str
    verdict: str
    score: float | None
    vetoes: dict[str, str]
    deductions: dict[str, float]
    findings: list[FindingOut]


class RectificationOut(Schema):
    id: int
    site_id: int
    org_id: int
    kind: str
    url: str
    detail: str
    due_on: datetime.date
    state: str
    state_label: str
    response: str
    review_note: str
    actions: list[ActionOut]


class RectificationActionIn(Schema):
    response: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)


class AccountOut(Schema):
    id: int
    org_id: int
    platform: str
    name: str
    registered_on: datetime.date
    responsible: str
    last_post_on: datetime.date | None
    has_interaction: bool
    status: str
    status_label: str
    status_reason: str
    actions: list[ActionOut]


class AccountActionIn(Schema):
    reason: str = Field("", max_length=200)


def _report(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "site_id": inspection.site_id,
        "site": inspection.site.name,
        "as_of": inspection.as_of,
        "quarter": inspection.quarter,
        "verdict": inspection.verdict,
        "score": inspection.score,
        "vetoes": inspection.vetoes,
        "deductions": inspection.deductions,
        "findings": list(inspection.findings.values("kind", "url", "target", "column", "detail", "evidence")),
    }


def _item(request: HttpRequest, item: Rectification) -> dict[str, Any]:
    return {
        "id": item.pk,
        "site_id": item.site_id,
        "org_id": item.org_id,
        "kind": item.kind,
        "url": item.finding.url,
        "detail": item.finding.detail,
        "due_on": item.due_on,
        "state": item.state,
        "state_label": item.get_state_display(),
        "response": item.response,
        "review_note": item.review_note,
        "actions": actions_of(RECTIFICATION, request.user, item, interactive_only=True),
    }


def _account(request: HttpRequest, account: MediaAccount) -> dict[str, Any]:
    return {
        "id": account.pk,
        "org_id": account.org_id,
        "platform": account.platform,
        "name": account.name,
        "registered_on": account.registered_on,
        "responsible": account.responsible,
        "last_post_on": account.last_post_on,
        "has_interaction": account.has_interaction,
        "status": account.status,
        "status_label": account.get_status_display(),
        "status_reason": account.status_reason,
        "actions": actions_of(ACCOUNT, request.user, account, interactive_only=True),
    }


@router.get("/staff/inspection/reports/{pk}", response=ReportOut, auth=staff, summary="网站检查报告")
def report_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _report(selectors.inspection_get(actor=request.user, pk=pk))


@router.get("/staff/inspection/rectifications", response=list[RectificationOut], auth=staff, summary="整改事项")
def rectification_list(request: HttpRequest, unresolved: bool = True) -> list[dict[str, Any]]:
    items = selectors.rectifications_for(request.user, unresolved_only=unresolved)[:500]
    return [_item(request, i) for i in items]


@router.post(
    "/staff/inspection/rectifications/{pk}/{action}", response=RectificationOut, auth=staff, summary="整改事项办理"
)
def rectification_act(request: HttpRequest, pk: int, action: str, payload: RectificationActionIn) -> dict[str, Any]:
    item = selectors.rectification_get(actor=request.user, pk=pk)
    handlers = {
        "submit": lambda: services.rectification_submit(actor=request.user, item=item, response=payload.response),
        "verify": lambda: services.rectification_verify(actor=request.user, item=item, note=payload.note),
        "reopen": lambda: services.rectification_reopen(actor=request.user, item=item, note=payload.note),
    }
    if action not in handlers:
        from gongkai.core.errors import NotFound

        raise NotFound("没有该操作。", code="unknown_action")
    handlers[action]()
    return _item(request, selectors.rectification_get(actor=request.user, pk=pk))


@router.get("/staff/inspection/accounts", response=list[AccountOut], auth=staff, summary="政务新媒体备案")
def account_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_account(request, a) for a in selectors.accounts_for(request.user)[:500]]


@router.post("/staff/inspection/accounts/{pk}/{action}", response=AccountOut, auth=staff, summary="政务新媒体动态管理")
def account_act(request: HttpRequest, pk: int, action: str, payload: AccountActionIn) -> dict[str, Any]:
    account = selectors.account_get(actor=request.user, pk=pk)
    services.account_act(actor=request.user, account=account, action=action, reason=payload.reason)
    return _account(request, selectors.account_get(actor=request.user, pk=pk))
