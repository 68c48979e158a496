"""督查考核 back office: the unit's 工作台, a task with exactly the workflow's actions, the
office's dashboard (progress, overdue and 督办, scores with charts and tables), plan import and
name mapping, schemes and score sheets with the 通报 downloads, records and training."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.urls import public_url
from gongkai.orgs.models import Organization
from gongkai.portal._shared import (
    ActionHandler,
    action_rows,
    apply_errors,
    error_text,
    id_or_404,
    require_staff,
    run_action,
)
from gongkai.portal.downloads import send_upload
from gongkai.portal.supervision import forms
from gongkai.portal.supervision.charts import bar_chart
from gongkai.supervision import exports, selectors, services
from gongkai.supervision.models import AssignmentState
from gongkai.supervision.transitions import ASSIGNMENT, SHEET, Action, SheetAction

ASSIGNMENT_HANDLERS: dict[str, ActionHandler] = {
    Action.REPORT: ActionHandler(
        lambda r, a, d: services.assignment_report(
            actor=r.user,
            assignment=a,
            text=d["text"],
            links=d["links"],
            uploads=[d[f] for f in ("file1", "file2", "file3") if d.get(f)],
        ),
        forms.ReportForm,
        "已报送，等待政务公开办审核。",
    ),
    Action.RETURN: ActionHandler(
        lambda r, a, d: services.assignment_return(actor=r.user, assignment=a, note=d["note"]),
        forms.ReturnForm,
        "已退回。",
    ),
    Action.ACCEPT: ActionHandler(
        lambda r, a, d: services.assignment_accept(actor=r.user, assignment=a, note=d["note"]),
        forms.AcceptForm,
        "已审核通过。",
    ),
    Action.ESCALATE: ActionHandler(
        lambda r, a, d: services.assignment_escalate(actor=r.user, assignment=a, note=d["note"]),
        forms.EscalateForm,
        "已督办。",
    ),
}

SHEET_HANDLERS: dict[str, ActionHandler] = {
    SheetAction.RECOMPUTE: ActionHandler(
        lambda r, s, d: services.sheet_recompute(actor=r.user, sheet=s), None, "已重新计算。"
    ),
    SheetAction.PUBLISH: ActionHandler(
        lambda r, s, d: services.sheet_publish(actor=r.user, sheet=s), None, "已发布，结果已冻结。"
    ),
}


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = require_staff(request)
    today = timezone.localdate()
    items = list(selectors.my_assignments(actor)[:300])
    return render(
        request,
        "portal/supervision/home.html",
        {"items": items, "today": today, "offices": selectors.offices_of(actor)},
    )


@login_required
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    assignment = selectors.assignment_get(actor=actor, pk=pk)
    links = []
    reports = list(assignment.reports.prefetch_related("attachments", "links"))
    for report in reports:
        links.append([(lnk.title, public_url("publication", pk=lnk.publication_id)) for lnk in report.links.all()])
    context = {
        "a": assignment,
        "task": assignment.task,
        "reports": list(zip(reports, links, strict=True)),
        "escalations": list(assignment.escalations.all()),
        "actions": action_rows(ASSIGNMENT, actor, assignment, ASSIGNMENT_HANDLERS),
        "overdue": assignment.state in selectors.OPEN_STATES and assignment.due_on < timezone.localdate(),
    }
    return render(request, "portal/supervision/assignment.html", context)


@login_required
@require_POST
def assignment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = require_staff(request)
    assignment = selectors.assignment_get(actor=actor, pk=id_or_404(pk))
    back = reverse("portal:supervision_assignment", args=[assignment.pk])
    return run_action(request, obj=assignment, action=action, handlers=ASSIGNMENT_HANDLERS, back=back)


@login_required
def dashboard(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = selectors.office_org(actor=actor, org_id=org_id)
    today = timezone.localdate()
    year = _year(request)
    plan = selectors.plans_of(org).filter(year=year).first() or selectors.plans_of(org).first()
    progress = selectors.progress_by_unit(plan, day=today) if plan else []
    states = [AssignmentState.DONE, AssignmentState.REPORTED, AssignmentState.RETURNED, AssignmentState.ASSIGNED]
    progress_chart = bar_chart(
        "progress",
        "各单位任务进度（按状态）",
        [(p.org.display_name, [p.counts.get(s, 0) for s in states]) for p in progress[:40]],
        series=[AssignmentState(s).label for s in states],
    )
    scheme = selectors.schemes_of(org).filter(year=year).first() or selectors.schemes_of(org).first()
    sheet = (selectors.latest_published(scheme) or scheme.sheets.first()) if scheme else None
    ranking = selectors.ranking(sheet) if sheet else []
    score_chart = bar_chart(
        "scores", "各单位考核得分", [(r.org.display_name, [r.total]) for r in ranking[:40]], series=["总分"]
    )
    trained, untrained = selectors.training_by_unit(org, year=year)
    context = {
        "org": org,
        "year": year,
        "today": today,
        "plan": plan,
        "plans": list(selectors.plans_of(org)[:20]),
        "progress": progress,
        "states": [AssignmentState(s).label for s in states],
        "progress_chart": progress_chart if progress else None,
        "overdue": list(selectors.overdue(org, day=today)[:200]),
        "escalations": list(selectors.escalations_of(org)[:20]),
        "scheme": scheme,
        "schemes": list(selectors.schemes_of(org)),
        "sheet": sheet,
        "ranking": ranking,
        "score_chart": score_chart if ranking else None,
        "trained": trained,
        "untrained": untrained,
        "import_form": forms.ImportForm(initial={"year": year}),
        "scheme_form": forms.SchemeForm(initial={"year": year}),
    }
    return render(request, "portal/supervision/dashboard.html", context)


@login_required
@require_POST
def plan_import(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = selectors.office_org(actor=actor, org_id=org_id)
    form = forms.ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            form.add_error("file", "文件超过 20 MB。")
        else:
            try:
                result = services.plan_import(
                    actor=actor, org=org, year=form.cleaned_data["year"], data=upload.read(), name=upload.name
                )
            except ValidationFailed as exc:
                form.add_error("file", error_text(exc))
            else:
                assert result.plan is not None  # noqa: S101 — an import always creates the plan
                messages.success(request, f"已导入任务 {len(result.tasks)} 项。")
                return redirect("portal:supervision_plan", result.plan.pk)
    return render(request, "portal/supervision/import_failed.html", {"org": org, "form": form}, status=422)


@login_required
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    plan = selectors.plan_get(actor=actor, pk=pk)
    tasks = plan.tasks.prefetch_related("unit_names", "assignments__org")
    members = Organization.objects.filter(path__startswith=plan.org.path).order_by("path")
    return render(
        request,
        "portal/supervision/plan.html",
        {"plan": plan, "tasks": tasks, "unmatched": selectors.unmatched_names(plan), "members": members},
    )


@login_required
@require_POST
def unit_map(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    plan = selectors.plan_get(actor=actor, pk=id_or_404(pk))
    form = forms.MapForm(request.POST, scope=plan.org)
    if not form.is_valid():
        messages.error(request, "请从本级及下级机构中选择对应机构。")
        return redirect("portal:supervision_plan", plan.pk)
    try:
        created = services.unit_map(
            actor=actor, plan=plan, name=form.cleaned_data["name"], org=form.cleaned_data["org"]
        )
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已对应，新增分工 {created} 项；以后导入时将自动使用该对应关系。")
    return redirect("portal:supervision_plan", plan.pk)


@login_required
@require_POST
def scheme_create(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = selectors.office_org(actor=actor, org_id=org_id)
    form = forms.SchemeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的年度。")
        return redirect("portal:supervision_dashboard", org.pk)
    try:
        scheme = services.scheme_create(actor=actor, org=org, **form.cleaned_data)
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
        return redirect("portal:supervision_dashboard", org.pk)
    return redirect("portal:supervision_scheme", scheme.pk)


def _scheme_context(scheme: Any, **extra: Any) -> dict[str, Any]:
    return {
        "scheme": scheme,
        "indicators": list(scheme.indicators.all()),
        "sheets": list(scheme.sheets.all()),
        "units": services.scheme_units(scheme),
        "manual": list(scheme.manual_points.select_related("org")),
        "indicator_form": extra.pop("indicator_form", None) or forms.IndicatorForm(),
        "point_form": extra.pop("point_form", None) or forms.ManualPointForm(scheme=scheme),
        **extra,
    }


@login_required
def scheme_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    scheme = selectors.scheme_get(actor=actor, pk=pk)
    if request.method != "POST":
        return render(request, "portal/supervision/scheme.html", _scheme_context(scheme))
    which = "indicator" if request.POST.get("form") == "indicator" else "point"
    form: Any = (
        forms.IndicatorForm(request.POST)
        if which == "indicator"
        else forms.ManualPointForm(request.POST, scheme=scheme)
    )
    if form.is_valid():
        try:
            if which == "indicator":
                services.indicator_add(actor=actor, scheme=scheme, **form.cleaned_data)
            else:
                services.manual_point_add(actor=actor, scheme=scheme, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("portal:supervision_scheme", scheme.pk)
    key = "indicator_form" if which == "indicator" else "point_form"
    return render(request, "portal/supervision/scheme.html", _scheme_context(scheme, **{key: form}), status=422)


@login_required
@require_POST
def scheme_compute(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    scheme = selectors.scheme_get(actor=actor, pk=id_or_404(pk))
    sheet = services.assess(actor=actor, scheme=scheme)
    messages.success(request, "已计算。")
    return redirect("portal:supervision_sheet", sheet.pk)


@login_required
def sheet_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    sheet = selectors.sheet_get(actor=actor, pk=pk)
    ranking = selectors.ranking(sheet)
    scores = sheet.scores.select_related("org").order_by("org__path", "indicator_code")
    chart = bar_chart(
        "scores", "各单位考核得分", [(r.org.display_name, [r.total]) for r in ranking[:40]], series=["总分"]
    )
    return render(
        request,
        "portal/supervision/sheet.html",
        {
            "sheet": sheet,
            "ranking": ranking,
            "scores": scores,
            "chart": chart if ranking else None,
            "actions": action_rows(SHEET, actor, sheet, SHEET_HANDLERS),
        },
    )


@login_required
@require_POST
def sheet_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = require_staff(request)
    sheet = selectors.sheet_get(actor=actor, pk=id_or_404(pk))
    back = reverse("portal:supervision_sheet", args=[sheet.pk])
    return run_action(request, obj=sheet, action=action, handlers=SHEET_HANDLERS, back=back)


@login_required
def sheet_notice(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    actor = require_staff(request)
    sheet = selectors.sheet_get(actor=actor, pk=pk)
    if sheet.state != "published" or fmt not in ("docx", "xlsx"):
        raise NotFound("考核结果发布后才能生成通报。")
    year = sheet.scheme.year
    if fmt == "docx":
        interviews = list(selectors.interviews(sheet.scheme.org, year=year))
        data = exports.notice_docx(sheet, interviews)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = exports.notice_xlsx(sheet)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="notice-{year}-{sheet.pk}.{fmt}"'
    return response


@login_required
def records_page(request: HttpRequest, org_id: int) -> HttpResponse:
    from gongkai.portal.supervision.records import records

    return records(request, org_id)


def parse_day(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
def report_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """Evidence attached to a progress report, for who may see the assignment."""
    item = selectors.report_file_get(actor=require_staff(request), assignment_pk=pk, pk=file_id)
    return send_upload(item.file, name=item.name, media_type=item.media_type)
