"""政府网站工作年度报表 pages (国办函〔2018〕12号): the office's working copy with exactly the
actions ``WEBSITE_REPORT.available_actions`` offers, the supervisor's list of who has published by
1月31日, and the public statement with its spreadsheet."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from gongkai.core.audit import timeline_of
from gongkai.core.errors import NotFound
from gongkai.core.transitions import audit_labels
from gongkai.orgs import selectors as orgs
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import (
    ActionHandler,
    PageAction,
    action_rows,
    id_or_404,
    path_steps,
    require_staff,
    run_action,
)
from gongkai.portal.casepage import cn_date, deadline_words
from gongkai.reports import permissions, website, website_render, website_selectors
from gongkai.reports.models import WebsiteReport, WebsiteReportState
from gongkai.reports.services import website as services
from gongkai.reports.transitions import WEBSITE_REPORT, WebsiteAction

YESNO = [("", "未填"), ("是", "是"), ("否", "否")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ValuesForm(forms.Form):
    """Every row of the statement as typed text: the service checks each against its kind, so
    the rules live once (reports/website.py) and errors come back beside their rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, row in website.ROWS.items():
            label = f"{row.label}（{row.unit}）" if row.unit else row.label
            help_text = "由平台数据统计生成，可核实修改。" if row.source == website.Source.DATA else ""
            if row.kind == website.Kind.YESNO:
                field: forms.Field = forms.ChoiceField(label=label, choices=YESNO, required=False, help_text=help_text)
            else:
                # Bounds and kinds are checked by the service (one rule, errors beside the row);
                # the browser gets the same length limit as a hint.
                attrs = {
                    website.Kind.COUNT: {"inputmode": "numeric"},
                    website.Kind.DECIMAL: {"inputmode": "decimal"},
                }.get(row.kind, {"maxlength": str(website.MAX_TEXT)})
                field = forms.CharField(
                    label=label, required=False, help_text=help_text, widget=forms.TextInput(attrs=attrs)
                )
            self.fields[key] = field

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(s.title, [self[row.key] for row in s.rows]) for s in website.SECTIONS]


def initial_of(values: dict[str, Any]) -> dict[str, str]:
    initial = {}
    for key, row in website.ROWS.items():
        value = values.get(key)
        if value is None:
            initial[key] = ""
        elif row.kind == website.Kind.YESNO:
            initial[key] = "是" if value else "否"
        else:
            initial[key] = str(value)
    return initial


class YearForm(forms.Form):
    year = forms.IntegerField(label="报表年度", min_value=services.FIRST_WEBSITE_REPORT_YEAR, max_value=2100)


def _edit(request: HttpRequest, report: WebsiteReport, data: dict[str, Any]) -> object:
    return services.website_report_edit(actor=request.user, report=report, values=data)


def _regenerate(request: HttpRequest, report: WebsiteReport, data: dict[str, Any]) -> object:
    return services.website_report_regenerate(actor=request.user, report=report)


def _publish(request: HttpRequest, report: WebsiteReport, data: dict[str, Any]) -> object:
    return services.website_report_publish(actor=request.user, report=report)


def _reopen(request: HttpRequest, report: WebsiteReport, data: dict[str, Any]) -> object:
    return services.website_report_reopen(actor=request.user, report=report)


HANDLERS: dict[str, ActionHandler] = {
    WebsiteAction.EDIT: ActionHandler(_edit, ValuesForm, "已保存。"),
    WebsiteAction.REGENERATE: ActionHandler(_regenerate, None, "已按平台数据重新统计，手工填写的项目保持不变。"),
    WebsiteAction.PUBLISH: ActionHandler(_publish, None, "已发布，网站首页显示本年度报表。"),
    WebsiteAction.REOPEN: ActionHandler(_reopen, None, "已开始更正。已发布的报表在重新发布前保持公开。"),
}
HINTS: dict[str, str] = {
    WebsiteAction.REGENERATE: "重新统计由平台数据生成的项目；手工填写的项目不变。",
    WebsiteAction.PUBLISH: "发布后在本网站首页显著位置展示（国办函〔2018〕12号：每年1月31日前）。",
    WebsiteAction.REOPEN: "更正期间，已发布的报表继续公开，重新发布后替换。",
}


WEBSITE_PATH = ("填报", "发布")
_TIMELINE_LABELS = {**audit_labels(WEBSITE_REPORT), "website_report.started": "按平台数据生成草稿"}


def _clock_words(report: WebsiteReport, due_on: datetime.date) -> str:
    """国办函〔2018〕12号's 1月31日 (``website.due_on``) in words; a published statement says when."""
    if report.state == WebsiteReportState.PUBLISHED and report.published_on:
        return f"已于{cn_date(report.published_on)}发布"
    words = deadline_words("发布期限", due_on, timezone.localdate())
    return f"{words}，正在更正已发布的报表" if report.published_values is not None else words


def _back(report: WebsiteReport) -> str:
    return reverse("portal:website_report_staff", kwargs={"pk": report.pk})


def _render(
    request: HttpRequest, report: WebsiteReport, form: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    rows: list[PageAction] = action_rows(WEBSITE_REPORT, request.user, report, HANDLERS)
    edit = next((row for row in rows if row.action == WebsiteAction.EDIT), None)
    if edit is not None and form is None:
        form = ValuesForm(initial=initial_of(report.values), auto_id="id_edit_%s")
    due_on = website.due_on(report.year)
    context = {
        "report": report,
        "org": report.org,
        "form": form if edit is not None else None,
        "actions": [row for row in rows if row.action != WebsiteAction.EDIT],
        "hints": HINTS,
        "sections": website_selectors.sections_of(report.values),
        "due_on": due_on,
        "clock_words": _clock_words(report, due_on),
        "steps": path_steps(WEBSITE_PATH, 0 if report.state == WebsiteReportState.DRAFT else None),
        "timeline": timeline_of(report, _TIMELINE_LABELS),
        "missing": website.missing_for_publication(report.values),
    }
    return render(request, "portal/reports/website_staff.html", context, status=status)


@login_required
def website_report_home(request: HttpRequest, org_id: int) -> HttpResponse:
    """The org's statements by year, a form to start one, and (for supervisors) the subtree's status."""
    require_staff(request)
    org = organization_get(pk=id_or_404(org_id))
    if not permissions.can_view_draft(request.user, org):
        raise NotFound("未找到该页面。")
    today = timezone.localdate()
    year_form = YearForm(request.GET or None, initial={"year": today.year - 1})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else today.year - 1
    context = {
        "org": org,
        "year": year,
        "year_form": YearForm(initial={"year": year}),
        "reports": website_selectors.website_reports_of(org),
        "can_start": permissions.can_edit(request.user, org),
        "status": website_selectors.supervision(org=org, year=year, today=today)
        if permissions.can_supervise(request.user, org)
        else None,
        "due_on": website.due_on(year),
    }
    return render(request, "portal/reports/website_home.html", context)


@login_required
@require_POST
def website_report_start(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=id_or_404(org_id))
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, "报表年度有误。")
        return redirect("portal:website_report_home", org_id=org.pk)
    report = services.website_report_start(actor=request.user, org=org, year=form.cleaned_data["year"])
    messages.success(request, "已按平台数据生成报表草稿，请补充手工填写的项目。")
    return redirect("portal:website_report_staff", pk=report.pk)


@login_required
def website_report_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """The working copy; a POST here is the 保存 action, shown again with errors beside the rows."""
    require_staff(request)
    report = website_selectors.website_report_for_staff(actor=request.user, pk=id_or_404(pk))
    if request.method != "POST":
        return _render(request, report)

    def rerender(action: str, form: forms.Form) -> HttpResponse:
        return _render(request, report, form, status=422)

    return run_action(
        request, obj=report, action=WebsiteAction.EDIT, handlers=HANDLERS, back=_back(report), rerender=rerender
    )


@login_required
@require_POST
def website_report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_staff(request)
    report = website_selectors.website_report_for_staff(actor=request.user, pk=id_or_404(pk))
    return run_action(request, obj=report, action=action, handlers=HANDLERS, back=_back(report))


# --- public ----------------------------------------------------------------------------------------


def website_report_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    reports = website_selectors.website_reports_public(org)[:50]
    return render(request, "portal/reports/website_list.html", {"org": org, "reports": reports})


def website_report_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    report = website_selectors.website_report_public(org=org, year=year)
    context = {"org": org, "report": report, "sections": website_selectors.sections_of(report.published_values or {})}
    return render(request, "portal/reports/website_page.html", context)


@ratelimit(key="ip", rate="60/m", group="website-report-download", block=True)
def website_report_download(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    report = website_selectors.website_report_public(org=org, year=year)
    response = HttpResponse(website_render.spreadsheet(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="website-report-{org.slug}-{year}.xlsx"'
    return response
