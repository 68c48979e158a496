"""REST API of the 网站与新媒体检查 module: reports, rectification items, the sites inspected, the
政务新媒体 register (with manual entries and the feed) and the org's own wording rules.

Each item's ``actions`` are its table's ``available_actions`` for the token's user; ``editable``
says whether the register entry may be changed by them (the services check the same policy).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from gongkai.api import params
from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.api.inspection.schemas import (
    AccountActionIn,
    AccountDetailOut,
    AccountFields,
    AccountIn,
    AccountOut,
    FeedReadOut,
    PostIn,
    PostOut,
    RectificationActionIn,
    RectificationOut,
    ReportOut,
    SiteIn,
    SiteOut,
    WordingRuleFields,
    WordingRuleIn,
    WordingRuleOut,
)
from gongkai.core.errors import NotFound
from gongkai.inspection import permissions, selectors, services
from gongkai.inspection.models import InspectedSite, Inspection, MediaAccount, OrgWordingRule, Rectification
from gongkai.inspection.scoring import in_veto_order
from gongkai.inspection.transitions import ACCOUNT, RECTIFICATION, RectificationAction

router = Router(tags=["inspection"])
staff = StaffToken()


def _page(items: Any, page: int, page_size: int) -> Any:
    start = (page - 1) * page_size
    return items[start : start + page_size]


def _report(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "site_id": inspection.site_id,
        "site": inspection.site.name,
        "as_of": inspection.as_of,
        "quarter": inspection.quarter,
        "verdict": inspection.verdict,
        "score": inspection.score,
        "vetoes": in_veto_order(inspection.vetoes),
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


def _site(request: HttpRequest, site: InspectedSite) -> dict[str, Any]:
    return {
        "id": site.pk,
        "org_id": site.org_id,
        "org_name": site.org.name,
        "name": site.name,
        "url": site.url,
        "department": site.department,
        "scheduled": site.scheduled,
        "latest_report_id": selectors.latest_inspection_id(site),
        "editable": permissions.can_inspect(request.user, site.org),
    }


def _account(request: HttpRequest, account: MediaAccount) -> dict[str, Any]:
    return {
        "id": account.pk,
        "org_id": account.org_id,
        "org_name": account.org.name,
        "platform": account.platform,
        "platform_label": account.get_platform_display(),
        "name": account.name,
        "account_id": account.account_id,
        "registered_on": account.registered_on,
        "responsible": account.responsible,
        "contact": account.contact,
        "feed_url": account.feed_url,
        "last_post_on": account.last_post_on,
        "has_interaction": account.has_interaction,
        "status": account.status,
        "status_label": account.get_status_display(),
        "status_reason": account.status_reason,
        "editable": permissions.can_edit_account(request.user, account),
        "actions": actions_of(ACCOUNT, request.user, account, interactive_only=True),
    }


def _account_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    account = selectors.account_get(actor=request.user, pk=pk)
    posts = [
        {"posted_on": p.posted_on, "title": p.title, "manual": p.manual}
        for p in selectors.account_posts(account, limit=50)
    ]
    return {**_account(request, account), "posts": posts}


def _rule(request: HttpRequest, rule: OrgWordingRule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "org_id": rule.org_id,
        "org_name": rule.org.name,
        "pattern": rule.pattern,
        "correction": rule.correction,
        "source": rule.source,
        "editable": permissions.can_manage_wording(request.user, rule.org),
    }


# --- reports and rectification ------------------------------------------------------------------


@router.get("/staff/inspection/reports/{pk}", response=ReportOut, auth=staff, summary="网站检查报告")
def report_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _report(selectors.inspection_get(actor=request.user, pk=pk))


@router.get("/staff/inspection/rectifications", response=list[RectificationOut], auth=staff, summary="整改事项")
def rectification_list(
    request: HttpRequest, unresolved: bool = True, page: int = params.page(), page_size: int = params.page_size(50)
) -> list[dict[str, Any]]:
    items = selectors.rectifications_for(request.user, unresolved_only=unresolved).order_by("due_on", "id")
    return [_item(request, i) for i in _page(items, page, page_size)]


RECTIFICATION_CALLS = {
    RectificationAction.SUBMIT: lambda r, i, p: services.rectification_submit(
        actor=r.user, item=i, response=p.response
    ),
    RectificationAction.VERIFY: lambda r, i, p: services.rectification_verify(actor=r.user, item=i, note=p.note),
    RectificationAction.REOPEN: lambda r, i, p: services.rectification_reopen(actor=r.user, item=i, note=p.note),
}


@router.post(
    "/staff/inspection/rectifications/{pk}/{action}", response=RectificationOut, auth=staff, summary="整改事项办理"
)
def rectification_act(request: HttpRequest, pk: int, action: str, payload: RectificationActionIn) -> dict[str, Any]:
    item = selectors.rectification_get(actor=request.user, pk=pk)
    call = RECTIFICATION_CALLS.get(action)  # type: ignore[call-overload]
    if call is None:  # the programs' steps (复查) are taken by the next inspection only
        raise NotFound("没有该操作。", code="unknown_action")
    call(request, item, payload)
    return _item(request, selectors.rectification_get(actor=request.user, pk=pk))


# --- inspected sites ----------------------------------------------------------------------------


@router.get("/staff/inspection/sites", response=list[SiteOut], auth=staff, summary="检查对象")
def site_list(
    request: HttpRequest, page: int = params.page(), page_size: int = params.page_size(50)
) -> list[dict[str, Any]]:
    return [_site(request, s) for s in _page(selectors.sites_for(request.user), page, page_size)]


@router.post("/staff/inspection/sites", response={201: SiteOut}, auth=staff, summary="登记检查对象")
def site_create(request: HttpRequest, payload: SiteIn) -> Status:
    org = selectors.org_get(payload.org_id)
    data = payload.dict(exclude={"org_id"})
    site = services.site_register(actor=request.user, org=org, **data)
    return Status(201, _site(request, site))


@router.get("/staff/inspection/sites/{pk}", response=SiteOut, auth=staff, summary="检查对象详情")
def site_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _site(request, selectors.site_get(actor=request.user, pk=pk))


@router.put("/staff/inspection/sites/{pk}", response=SiteOut, auth=staff, summary="修改检查对象")
def site_update(request: HttpRequest, pk: int, payload: SiteIn) -> dict[str, Any]:
    site = selectors.site_get(actor=request.user, pk=pk)
    org = selectors.org_get(payload.org_id)
    services.site_update(actor=request.user, site=site, org=org, **payload.dict(exclude={"org_id"}))
    return _site(request, selectors.site_get(actor=request.user, pk=pk))


# --- 政务新媒体 register --------------------------------------------------------------------------


@router.get("/staff/inspection/accounts", response=list[AccountOut], auth=staff, summary="政务新媒体备案")
def account_list(
    request: HttpRequest, page: int = params.page(), page_size: int = params.page_size(50)
) -> list[dict[str, Any]]:
    return [_account(request, a) for a in _page(selectors.accounts_for(request.user), page, page_size)]


def _account_data(payload: AccountFields) -> dict[str, Any]:
    data = payload.dict(exclude={"org_id"})
    data["platform"] = str(payload.platform.value)
    return data


@router.post("/staff/inspection/accounts", response={201: AccountDetailOut}, auth=staff, summary="政务新媒体开设备案")
def account_create(request: HttpRequest, payload: AccountIn) -> Status:
    org = selectors.org_get(payload.org_id)
    account = services.account_register(actor=request.user, org=org, **_account_data(payload))
    return Status(201, _account_detail(request, account.pk))


@router.get("/staff/inspection/accounts/{pk}", response=AccountDetailOut, auth=staff, summary="政务新媒体账号详情")
def account_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _account_detail(request, pk)


@router.put("/staff/inspection/accounts/{pk}", response=AccountDetailOut, auth=staff, summary="修改备案信息")
def account_update(request: HttpRequest, pk: int, payload: AccountFields) -> dict[str, Any]:
    account = selectors.account_get(actor=request.user, pk=pk)
    services.account_update(actor=request.user, account=account, **_account_data(payload))
    return _account_detail(request, pk)


# Registered before the action route below, which would otherwise take "posts"/"feed" for an action.
@router.post("/staff/inspection/accounts/{pk}/posts", response={201: PostOut}, auth=staff, summary="录入更新记录")
def account_post(request: HttpRequest, pk: int, payload: PostIn) -> Status:
    account = selectors.account_get(actor=request.user, pk=pk)
    post = services.account_record_post(
        actor=request.user, account=account, posted_on=payload.posted_on, title=payload.title
    )
    return Status(201, {"posted_on": post.posted_on, "title": post.title, "manual": post.manual})


@router.post("/staff/inspection/accounts/{pk}/feed", response=FeedReadOut, auth=staff, summary="立即读取信息源")
def account_feed(request: HttpRequest, pk: int) -> dict[str, Any]:
    account = selectors.account_get(actor=request.user, pk=pk)
    new = services.account_read_feed(actor=request.user, account=account)
    return {"new": new, "account": _account(request, selectors.account_get(actor=request.user, pk=pk))}


@router.post("/staff/inspection/accounts/{pk}/{action}", response=AccountOut, auth=staff, summary="政务新媒体动态管理")
def account_act(request: HttpRequest, pk: int, action: str, payload: AccountActionIn) -> dict[str, Any]:
    account = selectors.account_get(actor=request.user, pk=pk)
    services.account_act(actor=request.user, account=account, action=action, reason=payload.reason)
    return _account(request, selectors.account_get(actor=request.user, pk=pk))


# --- the org's own wording rules ----------------------------------------------------------------


@router.get("/staff/inspection/wording-rules", response=list[WordingRuleOut], auth=staff, summary="本单位表述错误规则")
def wording_list(
    request: HttpRequest, page: int = params.page(), page_size: int = params.page_size(50)
) -> list[dict[str, Any]]:
    return [_rule(request, r) for r in _page(selectors.wording_rules_for_staff(request.user), page, page_size)]


@router.post("/staff/inspection/wording-rules", response={201: WordingRuleOut}, auth=staff, summary="添加表述错误规则")
def wording_create(request: HttpRequest, payload: WordingRuleIn) -> Status:
    org = selectors.org_get(payload.org_id)
    rule = services.wording_rule_create(actor=request.user, org=org, **payload.dict(exclude={"org_id"}))
    return Status(201, _rule(request, rule))


@router.put("/staff/inspection/wording-rules/{pk}", response=WordingRuleOut, auth=staff, summary="修改表述错误规则")
def wording_update(request: HttpRequest, pk: int, payload: WordingRuleFields) -> dict[str, Any]:
    rule = selectors.wording_rule_get(actor=request.user, pk=pk)
    services.wording_rule_update(actor=request.user, rule=rule, **payload.dict())
    return _rule(request, selectors.wording_rule_get(actor=request.user, pk=pk))


@router.delete("/staff/inspection/wording-rules/{pk}", response={204: None}, auth=staff, summary="删除表述错误规则")
def wording_delete(request: HttpRequest, pk: int) -> Status:
    rule = selectors.wording_rule_get(actor=request.user, pk=pk)
    services.wording_rule_delete(actor=request.user, rule=rule)
    return Status(204, None)
