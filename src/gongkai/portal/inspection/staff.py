"""Back office of 网站与新媒体检查: sites and their reports (page, XLSX, DOCX, quarterly trend),
rectification items and the 政务新媒体 register. Thin: selectors, services and the tables."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.core.errors import ValidationFailed
from gongkai.inspection import exports, permissions, selectors, services
from gongkai.inspection.scoring import in_veto_order
from gongkai.inspection.transitions import RECTIFICATION, RectificationAction
from gongkai.portal._shared import ActionHandler, action_rows, error_text, id_or_404, require_staff, run_action
from gongkai.portal.inspection import forms
from gongkai.portal.inspection.registers import A_HANDLERS, account_context

R_HANDLERS: dict[str, ActionHandler] = {
    RectificationAction.SUBMIT: ActionHandler(
        lambda r, i, d: services.rectification_submit(actor=r.user, item=i, **d), forms.SubmitForm, "已报送整改情况。"
    ),
    RectificationAction.VERIFY: ActionHandler(
        lambda r, i, d: services.rectification_verify(actor=r.user, item=i, **d), forms.VerifyForm, "已核验通过。"
    ),
    RectificationAction.REOPEN: ActionHandler(
        lambda r, i, d: services.rectification_reopen(actor=r.user, item=i, **d), forms.ReopenForm, "已退回重新整改。"
    ),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = require_staff(request)
    context = {
        "sites": selectors.sites_for(actor)[:200],
        "inspections": selectors.inspections_for(actor)[:50],
        "items": selectors.rectifications_for(actor, unresolved_only=True)[:200],
        "accounts": selectors.accounts_for(actor)[:200],
        "may_register": selectors.admin_orgs(actor).exists(),
    }
    return render(request, "portal/inspection/home.html", context)


@login_required
def site_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    site = selectors.site_get(actor=actor, pk=id_or_404(pk))
    return render(
        request,
        "portal/inspection/site.html",
        {
            "site": site,
            "trend": selectors.trend(site),
            "form": forms.RunForm(),
            "inspections": site.inspections.all()[:40],
            "may_edit": permissions.can_inspect(actor, site.org),
        },
    )


@login_required
@require_POST
def site_run(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    site = selectors.site_get(actor=actor, pk=id_or_404(pk))
    form = forms.RunForm(request.POST)
    if not form.is_valid():
        context = {
            "site": site,
            "trend": selectors.trend(site),
            "form": form,
            "inspections": site.inspections.all()[:40],
            "may_edit": permissions.can_inspect(actor, site.org),
        }
        return render(request, "portal/inspection/site.html", context, status=422)
    try:
        inspection = services.inspection_run(
            actor=actor, site=site, as_of=form.cleaned_data["as_of"], max_pages=form.cleaned_data["max_pages"]
        )
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
        return redirect("portal:inspection_site", site.pk)
    messages.success(request, "检查完成。")
    return redirect("portal:inspection_report", inspection.pk)


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    inspection = selectors.inspection_get(actor=actor, pk=id_or_404(pk))
    findings = list(inspection.findings.all())
    context = {
        "inspection": inspection,
        "vetoes": in_veto_order(inspection.vetoes),
        "findings": findings,
        "trend": selectors.trend(inspection.site),
        "deduction_labels": exports.DEDUCTION_LABELS,
    }
    return render(request, "portal/inspection/report.html", context)


@login_required
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    actor = require_staff(request)
    inspection = selectors.inspection_get(actor=actor, pk=id_or_404(pk))
    trend = selectors.trend(inspection.site)
    name = f"inspection-{inspection.pk}-{inspection.as_of.isoformat()}"
    if fmt == "xlsx":
        data = exports.report_xlsx(inspection, trend)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "docx":
        data = exports.report_docx(inspection, trend)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        from gongkai.core.errors import NotFound

        raise NotFound("不支持该格式。")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def rectification_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    item = selectors.rectification_get(actor=actor, pk=id_or_404(pk))
    return render(
        request,
        "portal/inspection/rectification.html",
        {"item": item, "actions": action_rows(RECTIFICATION, actor, item, R_HANDLERS)},
    )


@login_required
@require_POST
def rectification_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = require_staff(request)
    item = selectors.rectification_get(actor=actor, pk=id_or_404(pk))
    back = reverse("portal:inspection_rectification", args=[item.pk])
    return run_action(request, obj=item, action=action, handlers=R_HANDLERS, back=back)


@login_required
def account_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    account = selectors.account_get(actor=actor, pk=id_or_404(pk))
    return render(request, "portal/inspection/account.html", account_context(request, account))


@login_required
@require_POST
def account_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = require_staff(request)
    account = selectors.account_get(actor=actor, pk=id_or_404(pk))
    back = reverse("portal:inspection_account", args=[account.pk])
    return run_action(request, obj=account, action=action, handlers=A_HANDLERS, back=back)
