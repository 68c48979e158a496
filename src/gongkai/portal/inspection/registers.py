"""Back office of the registers kept by the inspecting office: the sites it inspects, the
政务新媒体 register (开设备案, 备案信息变更, manual entries and the feed) and the org's own
严重表述错误 rules. Thin: forms collect, services decide (permissions and validation there)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.inspection import permissions, selectors, services
from gongkai.inspection.models import MediaAccount
from gongkai.inspection.transitions import ACCOUNT, AccountAction
from gongkai.portal._shared import ActionHandler, action_rows, apply_errors, error_text, id_or_404, require_staff
from gongkai.portal.inspection import forms

SITE_FIELDS = ("name", "url", "department", "scheduled")
ACCOUNT_FIELDS = (
    "platform",
    "name",
    "account_id",
    "registered_on",
    "responsible",
    "contact",
    "feed_url",
    "has_interaction",
)
RULE_FIELDS = ("pattern", "correction", "source")


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, submit: str, status: int = 200, intro: str = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, "submit": submit, "intro": intro}
    return render(request, "portal/inspection/form.html", context, status=status)


def _pick(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {n: data[n] if data[n] is not None else "" for n in names}


# --- inspected sites ----------------------------------------------------------------------------


@login_required
def site_new(request: HttpRequest) -> HttpResponse:
    actor = require_staff(request)
    orgs = selectors.admin_orgs(actor)
    form = forms.SiteForm(request.POST or None, orgs=orgs)
    back = reverse("portal:inspection_home")
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_register(
                actor=actor, org=form.cleaned_data["org"], **_pick(form.cleaned_data, SITE_FIELDS)
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记检查对象。")
            return redirect("portal:inspection_site", site.pk)
    status = 422 if request.method == "POST" else 200
    return _form_page(request, form, title="登记检查对象", back=back, submit="登记", status=status)


@login_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    site = selectors.site_get(actor=actor, pk=id_or_404(pk))
    if not permissions.can_inspect(actor, site.org):
        raise PermissionDenied("只有上级政务公开办管理员可以修改检查对象。")
    initial = {"org": site.org, **{n: getattr(site, n) for n in SITE_FIELDS}}
    orgs = selectors.admin_orgs(actor)
    form = forms.SiteForm(request.POST or None, initial=initial, orgs=orgs)
    back = reverse("portal:inspection_site", args=[site.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.site_update(
                actor=actor, site=site, org=form.cleaned_data["org"], **_pick(form.cleaned_data, SITE_FIELDS)
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect(back)
    status = 422 if request.method == "POST" else 200
    return _form_page(request, form, title=f"修改检查对象：{site.name}", back=back, submit="保存", status=status)


# --- 政务新媒体 register --------------------------------------------------------------------------


def _account_handler(action: str, form: Any, done: str) -> ActionHandler:
    return ActionHandler(lambda r, a, d: services.account_act(actor=r.user, account=a, action=action, **d), form, done)


A_HANDLERS: dict[str, ActionHandler] = {
    AccountAction.ORDER_RECTIFICATION: _account_handler(
        AccountAction.ORDER_RECTIFICATION, forms.OrderForm, "已责令整改。"
    ),
    AccountAction.RESTORE: _account_handler(AccountAction.RESTORE, None, "已恢复运营。"),
    AccountAction.SHUT_DOWN: _account_handler(AccountAction.SHUT_DOWN, forms.ShutDownForm, "已动态关停。"),
    AccountAction.REINSTATE: _account_handler(AccountAction.REINSTATE, forms.ReinstateForm, "已重新备案开设。"),
    AccountAction.DEREGISTER: _account_handler(AccountAction.DEREGISTER, forms.DeregisterForm, "已注销。"),
}


def account_context(request: HttpRequest, account: MediaAccount, *, post_form: Any = None) -> dict[str, Any]:
    """The account page: the register entry, its updates, the table's buttons (动态管理) and the
    forms the user's role allows (the services check the same policies again)."""
    actor = request.user
    may_record = permissions.can_record_posts(actor, account)
    return {
        "account": account,
        "posts": selectors.account_posts(account, limit=20),
        "actions": action_rows(ACCOUNT, actor, account, A_HANDLERS),
        "may_edit": permissions.can_edit_account(actor, account),
        "may_record": may_record,
        "post_form": post_form or (forms.PostForm() if may_record else None),
    }


@login_required
def account_new(request: HttpRequest) -> HttpResponse:
    actor = require_staff(request)
    form = forms.AccountForm(request.POST or None, orgs=selectors.admin_orgs(actor))
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_register(
                actor=actor, org=form.cleaned_data["org"], **_pick(form.cleaned_data, ACCOUNT_FIELDS)
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已备案。")
            return redirect("portal:inspection_account", account.pk)
    status = 422 if request.method == "POST" else 200
    back = reverse("portal:inspection_home")
    intro = (
        "开设政务新媒体须报本级政务公开办备案（国办发〔2018〕123号；本县政务公开工作要点第七项：开设备案和动态管理）。"
    )
    return _form_page(request, form, title="政务新媒体开设备案", back=back, submit="备案", status=status, intro=intro)


@login_required
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    account = selectors.account_get(actor=actor, pk=id_or_404(pk))
    if not permissions.can_edit_account(actor, account):
        raise PermissionDenied("只有本单位政务公开办管理员可以修改备案信息。")
    initial = {n: getattr(account, n) for n in ACCOUNT_FIELDS}
    form = forms.AccountForm(request.POST or None, initial=initial)
    back = reverse("portal:inspection_account", args=[account.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(actor=actor, account=account, **_pick(form.cleaned_data, ACCOUNT_FIELDS))
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存备案信息。")
            return redirect(back)
    status = 422 if request.method == "POST" else 200
    title = f"修改备案信息：{account.name}"
    return _form_page(request, form, title=title, back=back, submit="保存", status=status)


@login_required
@require_POST
def account_post(request: HttpRequest, pk: int) -> HttpResponse:
    """A manual entry of an update seen on the account; errors go back beside the fields."""
    actor = require_staff(request)
    account = selectors.account_get(actor=actor, pk=id_or_404(pk))
    form = forms.PostForm(request.POST)
    if form.is_valid():
        try:
            services.account_record_post(actor=actor, account=account, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已录入更新记录。")
            return redirect("portal:inspection_account", account.pk)
    context = account_context(request, account, post_form=form)
    return render(request, "portal/inspection/account.html", context, status=422)


@login_required
@require_POST
def account_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the account's RSS/Atom feed now (on demand) and record its item dates."""
    actor = require_staff(request)
    account = selectors.account_get(actor=actor, pk=id_or_404(pk))
    try:
        new = services.account_read_feed(actor=actor, account=account)
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已读取信息源，新增 {new} 条更新记录。")
    return redirect("portal:inspection_account", account.pk)


# --- the org's own wording rules ----------------------------------------------------------------


@login_required
def wording_list(request: HttpRequest) -> HttpResponse:
    actor = require_staff(request)
    orgs = selectors.admin_orgs(actor)
    form = forms.WordingRuleForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            services.wording_rule_create(
                actor=actor, org=form.cleaned_data["org"], **_pick(form.cleaned_data, RULE_FIELDS)
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已添加规则。")
            return redirect("portal:inspection_wording")
    rules = [
        (rule, permissions.can_manage_wording(actor, rule.org))
        for rule in selectors.wording_rules_for_staff(actor)[:500]
    ]
    context = {"form": form, "rules": rules, "may_add": orgs.exists()}
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/inspection/wording.html", context, status=status)


@login_required
def wording_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    rule = selectors.wording_rule_get(actor=actor, pk=id_or_404(pk))
    if not permissions.can_manage_wording(actor, rule.org):
        raise PermissionDenied("只有本单位政务公开办管理员可以维护表述错误规则。")
    form = forms.WordingRuleForm(request.POST or None, initial={n: getattr(rule, n) for n in RULE_FIELDS})
    back = reverse("portal:inspection_wording")
    if request.method == "POST" and form.is_valid():
        try:
            services.wording_rule_update(actor=actor, rule=rule, **_pick(form.cleaned_data, RULE_FIELDS))
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存规则。")
            return redirect(back)
    status = 422 if request.method == "POST" else 200
    return _form_page(request, form, title=f"修改规则（{rule.org.name}）", back=back, submit="保存", status=status)


@login_required
@require_POST
def wording_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    rule = selectors.wording_rule_get(actor=actor, pk=id_or_404(pk))
    services.wording_rule_delete(actor=actor, rule=rule)
    messages.success(request, "已删除规则。")
    return redirect("portal:inspection_wording")
