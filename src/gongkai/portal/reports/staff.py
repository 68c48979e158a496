"""年度报告 back office: the working copy with exactly the actions the workflow offers
(``REPORT.available_actions`` through ``portal._shared``), table 二 figures and their import,
the supervisor's page and the roll-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.audit import timeline_of
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.transitions import audit_labels
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import (
    ActionHandler,
    PageAction,
    action_rows,
    apply_errors,
    path_steps,
    require_staff,
    run_action,
)
from gongkai.portal.casepage import cn_date, deadline_words
from gongkai.portal.reports.forms import (
    FiguresForm,
    ImportForm,
    ProseForm,
    PublishForm,
    ReopenForm,
    ReturnForm,
    YearForm,
)
from gongkai.portal.reports.public import document
from gongkai.reports import permissions, selectors, services
from gongkai.reports.deadlines import deadline_basis
from gongkai.reports.layout import layouts
from gongkai.reports.models import ReportState
from gongkai.reports.transitions import REPORT, Action

_FIGURE_FIELDS = ("licensing", "punishment", "coercion", "fee_amount")


def _edit(request: HttpRequest, report: Any, data: dict[str, Any]) -> object:
    return services.report_edit(actor=request.user, report=report, **data)


def _submit(request: HttpRequest, report: Any, data: dict[str, Any]) -> object:
    return services.report_submit(actor=request.user, report=report)


def _return(request: HttpRequest, report: Any, data: dict[str, Any]) -> object:
    return services.report_return(actor=request.user, report=report, note=data["note"])


def _publish(request: HttpRequest, report: Any, data: dict[str, Any]) -> object:
    return services.report_publish(actor=request.user, report=report, **data)


def _reopen(request: HttpRequest, report: Any, data: dict[str, Any]) -> object:
    return services.report_reopen(actor=request.user, report=report, note=data["note"])


HANDLERS: dict[str, ActionHandler] = {
    Action.EDIT: ActionHandler(_edit, ProseForm, "已保存。"),
    Action.SUBMIT: ActionHandler(_submit, None, "已送审。"),
    Action.RETURN: ActionHandler(_return, ReturnForm, "已退回。"),
    Action.PUBLISH: ActionHandler(_publish, PublishForm, "已发布。"),
    Action.REOPEN: ActionHandler(_reopen, ReopenForm, "已开始更正。已发布的版本在新版本发布前保持公开。"),
}


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    return int(form.cleaned_data["year"]) if form.is_valid() else timezone.localdate().year - 1


def _back(org_id: int, year: int) -> str:
    return reverse("portal:report_staff", kwargs={"org_id": org_id, "year": year})


def _page_actions(
    request: HttpRequest, view: selectors.ReportView, failed: tuple[str, forms.Form] | None
) -> list[PageAction]:
    """The workflow's actions for this user and report, each with its form made for this page:
    the text prefilled, the publish form without fields that cannot apply, a refused form kept."""
    rows = []
    for row in action_rows(REPORT, request.user, view.report, HANDLERS):
        form = row.form
        if failed is not None and failed[0] == row.action:
            form = failed[1]
        elif row.action == Action.EDIT:
            form = ProseForm(initial=view.prose)
        elif row.action == Action.PUBLISH and form is not None:
            if not view.versions:  # a first publication is not a correction
                del form.fields["change_note"]
            if not (view.errors and permissions.can_override_report(request.user, view.report)):
                del form.fields["override_reason"]
        rows.append(PageAction(row.transition, form))
    return rows


REPORT_PATH = ("起草", "审核", "发布")
_PATH_AT: dict[str, int] = {ReportState.DRAFT: 0, ReportState.REVIEW: 1}  # published: every stage done
_TIMELINE_LABELS = {**audit_labels(REPORT), "report.started": "生成草稿"}


def _clock_words(view: selectors.ReportView) -> str:
    """The deadline the domain set for this org's level (``view.deadline``), in words."""
    report = view.report
    if report.state == ReportState.PUBLISHED:
        published = max((v.published_on for v in view.versions), default=None)
        return f"已于{cn_date(published)}发布" if published else "已发布"
    words = deadline_words("发布期限", view.deadline, timezone.localdate())
    return f"{words}，正在更正已发布的报告" if view.versions else words


def _render_report(
    request: HttpRequest, view: selectors.ReportView, failed: tuple[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    org, report = view.report.org, view.report
    rows = _page_actions(request, view, failed)
    doc = document(view)
    context = {
        "org": org,
        "view": view,
        "report": report,
        "edit": next((row for row in rows if row.action == Action.EDIT), None),
        "actions": [row for row in rows if row.action != Action.EDIT],
        # A working copy's tables follow the data until a publication freezes them.
        "live_tables": report.state != ReportState.PUBLISHED,
        "layouts": layouts(view.tables),
        "figures": selectors.figures_of(org, report.year),
        "basis": deadline_basis(org.level),
        "doc": doc,
        "clock_words": _clock_words(view),
        "steps": path_steps(REPORT_PATH, _PATH_AT.get(report.state)),
        "timeline": timeline_of(report, _TIMELINE_LABELS),
    }
    return render(request, "portal/reports/staff_report.html", context, status=status)


@login_required
def report_staff(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    """The working copy; a POST here is the 修改 action (the text form, shown again on errors)."""
    require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_view_draft(request.user, org):
        raise NotFound("未找到该年度报告。")
    if selectors.report_find(org, year) is None:
        context = {"org": org, "year": year, "can_start": permissions.can_edit(request.user, org)}
        return render(request, "portal/reports/staff_start.html", context)
    view = selectors.report_get_for_staff(actor=request.user, org=org, year=year)
    if request.method != "POST":
        return _render_report(request, view)

    def rerender(action: str, form: forms.Form) -> HttpResponse:
        return _render_report(request, view, (action, form), status=422)

    return run_action(
        request, obj=view.report, action=Action.EDIT, handlers=HANDLERS, back=_back(org.pk, year), rerender=rerender
    )


@login_required
@require_POST
def report_start(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    services.report_start(actor=request.user, org=org, year=year)
    messages.success(request, "已生成年度报告草稿，正文已按平台数据预填，请补充完善。")
    return redirect("portal:report_staff", org_id=org.pk, year=year)


@login_required
@require_POST
def report_action(request: HttpRequest, org_id: int, year: int, action: str) -> HttpResponse:
    """One workflow action from the page's buttons; refusals the clerk can fix become messages."""
    require_staff(request)
    org = organization_get(pk=org_id)
    report = selectors.report_get_for_update(actor=request.user, org=org, year=year)
    return run_action(request, obj=report, action=action, handlers=HANDLERS, back=_back(org.pk, year))


@login_required
def report_figures(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_edit(request.user, org):
        raise NotFound("未找到该页面。")
    current = selectors.figures_of(org, year)
    initial = {k: getattr(current, k) for k in _FIGURE_FIELDS} if current else {}
    form = FiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.figures_set(actor=request.user, org=org, year=year, figures=services.Figures(**form.cleaned_data))
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存表二数据。")
            return redirect("portal:report_staff", org_id=org.pk, year=year)
    context = {"org": org, "year": year, "form": form, "current": current, "import_form": ImportForm()}
    return render(request, "portal/reports/staff_figures.html", context)


@login_required
@require_POST
def report_figures_import(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要导入的CSV或Excel文件。")
    else:
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
    require_staff(request)
    org = organization_get(pk=org_id)
    year = _year(request)
    rows = selectors.supervision(actor=request.user, org=org, year=year, today=timezone.localdate())
    return render(request, "portal/reports/supervision.html", {"org": org, "year": year, "rows": rows})


@login_required
def report_rollup(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    year = _year(request)
    result = selectors.rollup(actor=request.user, org=org, year=year)
    context = {"org": org, "year": year, "result": result, "layouts": layouts(result.tables)}
    return render(request, "portal/reports/rollup.html", context)
