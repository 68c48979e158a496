"""年度报告 pages: the public report (portal layout, downloads), the staff workflow, table 二
figures, the supervisor's page and the roll-up. Thin views over gongkai.reports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.orgs import selectors as orgs
from gongkai.orgs.services import organization_get
from gongkai.reports import permissions, selectors, services, transitions
from gongkai.reports import render as rendering
from gongkai.reports.deadlines import deadline_basis
from gongkai.reports.layout import layouts
from gongkai.reports.transitions import Action

DOWNLOAD_RATE = "60/m"  # per IP: rendering is expensive the first time
_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ProseForm(forms.Form):
    overview = forms.CharField(label="一、总体情况", widget=forms.Textarea(attrs={"rows": 14}), required=False)
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    other = forms.CharField(label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class FiguresForm(forms.Form):
    licensing = forms.IntegerField(label="行政许可 本年处理决定数量", min_value=0, required=False)
    punishment = forms.IntegerField(label="行政处罚 本年处理决定数量", min_value=0, required=False)
    coercion = forms.IntegerField(label="行政强制 本年处理决定数量", min_value=0, required=False)
    fee_amount = forms.DecimalField(
        label="行政事业性收费 本年收费金额（单位：万元）", min_value=Decimal(0), decimal_places=4, required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV或Excel文件")


def _default_year() -> int:
    return timezone.localdate().year - 1


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or _default_year())
    except ValueError:
        return _default_year()


def _document(view: selectors.ReportView) -> rendering.Document:
    return rendering.Document(view.report.org.name, view.report.year, view.tables, view.prose, view.version)


def _errors_to_form(form: forms.Form, error: ValidationFailed) -> None:
    form.add_error(None, error.message)
    for name, problems in error.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


# --- public --------------------------------------------------------------------------------------


def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    return render(request, "portal/reports/list.html", {"org": org, "reports": selectors.reports_public(org)})


def _version_param(request: HttpRequest) -> int | None:
    value = request.GET.get("v", "")
    return int(value) if value.isdigit() else None


def report_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    view = selectors.report_get_public(org=org, year=year, version=_version_param(request))
    doc = _document(view)
    context = {"org": org, "view": view, "doc": doc, **rendering.context(doc)}
    return render(request, "portal/reports/page.html", context)


@ratelimit(key="ip", rate=DOWNLOAD_RATE, group="report-download", block=True)
def report_download(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in _CONTENT_TYPES:
        raise NotFound("不支持该格式。")
    org = orgs.organization_by_slug(slug)
    view = selectors.report_get_public(org=org, year=year, version=_version_param(request))
    body = selectors.report_file(view, fmt)
    response = HttpResponse(body, content_type=_CONTENT_TYPES[fmt])
    number = view.version.number if view.version else 1
    filename = f"annual-report-{org.slug}-{year}-v{number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- staff ---------------------------------------------------------------------------------------


def _staff_context(request: HttpRequest, view: selectors.ReportView, form: forms.Form | None = None) -> dict[str, Any]:
    org, report = view.report.org, view.report
    doc = _document(view)
    return {
        "org": org,
        "view": view,
        "report": report,
        "form": form or ProseForm(initial=view.prose),
        "layouts": layouts(view.tables),
        "figures": selectors.figures_of(org, report.year),
        "basis": deadline_basis(org.level),
        "can_edit": permissions.can_edit(request.user, org) and transitions.allowed(Action.EDIT, report),
        "can_submit": permissions.can_edit(request.user, org) and transitions.allowed(Action.SUBMIT, report),
        "can_decide": permissions.can_publish(request.user, org) and transitions.allowed(Action.PUBLISH, report),
        "can_override": permissions.can_override(request.user, org),
        "can_reopen": permissions.can_publish(request.user, org) and transitions.allowed(Action.REOPEN, report),
        "doc": doc,
    }


@login_required
def report_staff(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    org = organization_get(pk=org_id)
    if not permissions.can_view_draft(request.user, org):
        raise NotFound("未找到该年度报告。")
    if selectors.report_find(org, year) is None:
        return render(
            request,
            "portal/reports/staff_start.html",
            {"org": org, "year": year, "can_edit": permissions.can_edit(request.user, org)},
        )
    view = selectors.report_get_for_staff(actor=request.user, org=org, year=year)
    form = None
    if request.method == "POST":
        form = ProseForm(request.POST)
        if form.is_valid():
            try:
                services.report_edit(actor=request.user, report=view.report, **form.cleaned_data)
            except ValidationFailed as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("portal:report_staff", org_id=org.pk, year=year)
    return render(request, "portal/reports/staff_report.html", _staff_context(request, view, form))


@login_required
@require_POST
def report_start(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    org = organization_get(pk=org_id)
    services.report_start(actor=request.user, org=org, year=year)
    messages.success(request, "已生成年度报告草稿，正文已按平台数据预填，请补充完善。")
    return redirect("portal:report_staff", org_id=org.pk, year=year)


@login_required
@require_POST
def report_action(request: HttpRequest, org_id: int, year: int, action: str) -> HttpResponse:
    org = organization_get(pk=org_id)
    report = services.report_get_for_update(actor=request.user, org=org, year=year)
    try:
        if action == "submit":
            services.report_submit(actor=request.user, report=report)
            messages.success(request, "已送审。")
        elif action == "return":
            services.report_return(actor=request.user, report=report, note=request.POST.get("note", ""))
            messages.success(request, "已退回。")
        elif action == "publish":
            version = services.report_publish(
                actor=request.user,
                report=report,
                override_reason=request.POST.get("override_reason", ""),
                change_note=request.POST.get("change_note", ""),
            )
            messages.success(request, f"已发布（第{version.number}版）。")
        elif action == "reopen":
            services.report_reopen(actor=request.user, report=report, note=request.POST.get("note", ""))
            messages.success(request, "已开始更正。已发布的版本在新版本发布前保持公开。")
        else:
            raise NotFound("未知操作。")
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        for problems in exc.fields.values():
            for problem in problems:
                messages.error(request, problem)
    return redirect("portal:report_staff", org_id=org.pk, year=year)


@login_required
def report_figures(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    org = organization_get(pk=org_id)
    if not permissions.can_edit(request.user, org):
        raise NotFound("未找到该页面。")
    current = selectors.figures_of(org, year)
    initial = {k: getattr(current, k) for k in ("licensing", "punishment", "coercion", "fee_amount")} if current else {}
    form = FiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.figures_set(actor=request.user, org=org, year=year, figures=services.Figures(**form.cleaned_data))
        except ValidationFailed as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "已保存表二数据。")
            return redirect("portal:report_staff", org_id=org.pk, year=year)
    context = {"org": org, "year": year, "form": form, "current": current, "import_form": ImportForm()}
    return render(request, "portal/reports/staff_figures.html", context)


@login_required
@require_POST
def report_figures_import(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    org = organization_get(pk=org_id)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = services.figures_import(actor=request.user, content=upload.read(), filename=upload.name)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
            for where, problems in exc.fields.items():
                messages.error(request, f"{where}：{'；'.join(problems)}")
        else:
            messages.success(request, f"已导入{len(rows)}行。")
    return redirect("portal:report_figures", org_id=org.pk, year=year)


@login_required
def report_supervision(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organization_get(pk=org_id)
    year = _year(request)
    rows = selectors.supervision(actor=request.user, org=org, year=year, today=timezone.localdate())
    return render(request, "portal/reports/supervision.html", {"org": org, "year": year, "rows": rows})


@login_required
def report_rollup(request: HttpRequest, org_id: int) -> HttpResponse:
    org = organization_get(pk=org_id)
    year = _year(request)
    result = selectors.rollup(actor=request.user, org=org, year=year)
    context = {"org": org, "year": year, "result": result, "layouts": layouts(result.tables)}
    return render(request, "portal/reports/rollup.html", context)


urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/reports/", report_list, name="report_list"),
    path("org/<slug:slug>/reports/<int:year>/", report_page, name="report_page"),
    path("org/<slug:slug>/reports/<int:year>/report.<str:fmt>", report_download, name="report_download"),
    path("staff/orgs/<int:org_id>/reports/supervision/", report_supervision, name="report_supervision"),
    path("staff/orgs/<int:org_id>/reports/rollup/", report_rollup, name="report_rollup"),
    path("staff/orgs/<int:org_id>/reports/<int:year>/", report_staff, name="report_staff"),
    path("staff/orgs/<int:org_id>/reports/<int:year>/start/", report_start, name="report_start"),
    path("staff/orgs/<int:org_id>/reports/<int:year>/figures/", report_figures, name="report_figures"),
    path(
        "staff/orgs/<int:org_id>/reports/<int:year>/figures/import/",
        report_figures_import,
        name="report_figures_import",
    ),
    path("staff/orgs/<int:org_id>/reports/<int:year>/<str:action>/", report_action, name="report_action"),
]
