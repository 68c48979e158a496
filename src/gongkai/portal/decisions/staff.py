"""Back office of 重大行政决策, 会议开放 and 建议提案: task lists first, case pages whose buttons are the
state table's ``available_actions`` (through ``portal._shared``), one form per action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core.audit import timeline_of
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.transitions import audit_labels
from gongkai.decisions import permissions, selectors, services
from gongkai.decisions.models import Proposal, ProposalKind, ProposalState, UnitState
from gongkai.decisions.transitions import (
    CATALOG,
    DECISION,
    MEETING,
    PROPOSAL,
    UNIT,
    CatalogAction,
    DecisionAction,
    MeetingAction,
    ProposalAction,
    UnitAction,
)
from gongkai.orgs import selectors as orgs_selectors
from gongkai.orgs.models import Organization
from gongkai.portal._shared import ActionHandler, action_rows, action_view, apply_errors, id_or_404, require_staff
from gongkai.portal.casepage import deadline_words
from gongkai.portal.decisions import forms as f


def _office_org(request: HttpRequest, org_id: Any) -> Organization:
    org = Organization.objects.filter(pk=id_or_404(org_id)).first()
    if org is None or not permissions.can_run_office(request.user, org):
        raise NotFound("未找到该机构。")
    return org


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = require_staff(request)
    offices = {m.org for m in orgs_selectors.memberships_of(actor)}
    context = {
        "catalogs": selectors.catalogs_for_staff(actor)[:50],
        "decisions": selectors.decisions_for_staff(actor)[:100],
        "meetings": selectors.meetings_for_staff(actor)[:50],
        "proposals": selectors.proposals_for_staff(actor).order_by("due_on", "id")[:100],
        "units": selectors.units_for_staff(actor, open_only=True)[:100],
        "offices": sorted((o for o in offices if permissions.can_run_office(actor, o)), key=lambda o: o.path),
    }
    return render(request, "portal/decisions/staff_home.html", context)


# Every audit code of these pages in Chinese: the tables' labels and the steps outside them.
_LABELS = {
    **audit_labels(CATALOG, DECISION, MEETING, PROPOSAL, UNIT),
    "decision_catalog.created": "编制目录",
    "decision.added": "列入目录",
    "decision_meeting.created": "新建会议",
    "proposal.registered": "登记",
}


def _proposal_clock(proposal: Proposal) -> str:
    """The 办理期限 the domain set at 交办 (``due_on``), in words while the proposal is handled."""
    if proposal.state == ProposalState.REGISTERED:
        return "办理期限：交办后按本级规定的办理期限计算"
    if proposal.state != ProposalState.HANDLING:
        return f"{proposal.get_state_display()}，不再计算办理期限"
    return deadline_words("办理期限", proposal.due_on, timezone.localdate())


def _form_page(request: HttpRequest, title: str, form: Any, status: int = 200) -> HttpResponse:
    return render(request, "portal/decisions/staff_form.html", {"title": title, "form": form}, status=status)


@login_required
def catalog_new(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = _office_org(request, org_id)
    form = f.CatalogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.catalog_create(actor=request.user, org=org, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "目录已创建。")
            return redirect(reverse("portal:decisions_staff_catalog", args=[item.pk]))
        return _form_page(request, f"编制{org.name}重大行政决策事项目录", form, status=422)
    return _form_page(
        request, f"编制{org.name}重大行政决策事项目录", form, status=422 if request.method == "POST" else 200
    )


CATALOG_HANDLERS: dict[str, ActionHandler] = {
    CatalogAction.PUBLISH: ActionHandler(
        lambda r, o, d: services.catalog_publish(actor=r.user, catalog=o), None, "目录已公布。"
    ),
}


@login_required
def catalog_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    item = selectors.catalog_get_for_staff(actor=actor, pk=pk)
    form_class = f.decision_add_form(item.org)
    form = form_class(request.POST or None) if permissions.can_edit_catalog(actor, item) else None
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                services.decision_add(actor=actor, catalog=item, **form.cleaned_data)
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "决策事项已列入目录。")
                return redirect(reverse("portal:decisions_staff_catalog", args=[item.pk]))
        status = 422
    context = {
        "catalog": item,
        "items": selectors.catalog_items(item),
        "form": form,
        "actions": action_rows(CATALOG, actor, item, CATALOG_HANDLERS),
    }
    return render(request, "portal/decisions/staff_catalog.html", context, status=status)


catalog_action = action_view(
    get=selectors.catalog_get_for_staff, back="portal:decisions_staff_catalog", handlers=CATALOG_HANDLERS
)


DECISION_HANDLERS: dict[str, ActionHandler] = {
    DecisionAction.START: ActionHandler(
        lambda r, o, d: services.decision_start(actor=r.user, decision=o), None, "决策程序已启动。"
    ),
    DecisionAction.RECORD_STEP: ActionHandler(
        lambda r, o, d: services.decision_record_step(actor=r.user, decision=o, **d), f.StepForm, "程序记录已保存。"
    ),
    DecisionAction.PUBLISH: ActionHandler(
        lambda r, o, d: services.decision_publish(actor=r.user, decision=o, **d), f.DecisionPublishForm, "决策已公布。"
    ),
    DecisionAction.WITHDRAW: ActionHandler(
        lambda r, o, d: services.decision_withdraw(actor=r.user, decision=o, reason=d["reason"]),
        f.ReasonForm,
        "已调整出目录。",
    ),
}


@login_required
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    item = selectors.decision_get_for_staff(actor=actor, pk=pk)
    context = {
        "d": item,
        "steps": selectors.decision_steps(item),
        "missing": selectors.missing_steps(item),
        "actions": action_rows(DECISION, actor, item, DECISION_HANDLERS),
        "timeline": timeline_of(item, _LABELS),
    }
    return render(request, "portal/decisions/staff_decision.html", context)


decision_action = action_view(
    get=selectors.decision_get_for_staff, back="portal:decisions_staff_decision", handlers=DECISION_HANDLERS
)


@login_required
def meeting_new(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = _office_org(request, org_id)
    form = f.MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.meeting_create(
                    actor=request.user, org=org, data=services.MeetingInput(**form.cleaned_data)
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "会议已保存，发布公告后开始报名。")
                return redirect(reverse("portal:decisions_staff_meeting", args=[item.pk]))
        return _form_page(request, "新建开放会议", form, status=422)
    return _form_page(request, "新建开放会议", form)


MEETING_HANDLERS: dict[str, ActionHandler] = {
    MeetingAction.ANNOUNCE: ActionHandler(
        lambda r, o, d: services.meeting_announce(actor=r.user, meeting=o), None, "会议公告已发布。"
    ),
    MeetingAction.SELECT: ActionHandler(
        lambda r, o, d: services.meeting_select(actor=r.user, meeting=o), None, "参会人员已确定。"
    ),
    MeetingAction.RECORD_ATTENDANCE: ActionHandler(
        lambda r, o, d: services.meeting_record_attendance(actor=r.user, meeting=o, attended_ids=d["attended"]),
        f.AttendanceForm,
        "出席情况已登记。",
    ),
    MeetingAction.SET_LINKS: ActionHandler(
        lambda r, o, d: services.meeting_set_links(actor=r.user, meeting=o, **d), f.LinksForm, "链接已保存。"
    ),
}


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    item = selectors.meeting_get_for_staff(actor=actor, pk=pk)
    context = {
        "m": item,
        "registrations": item.registrations.all()[:2000],
        "figures": selectors.meeting_figures(item),
        "actions": action_rows(MEETING, actor, item, MEETING_HANDLERS),
        "timeline": timeline_of(item, _LABELS),
    }
    return render(request, "portal/decisions/staff_meeting.html", context)


meeting_action = action_view(
    get=selectors.meeting_get_for_staff, back="portal:decisions_staff_meeting", handlers=MEETING_HANDLERS
)


@login_required
def proposal_new(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = _office_org(request, org_id)
    form = f.ProposalForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.proposal_register(
                    actor=request.user, org=org, data=services.ProposalInput(**form.cleaned_data)
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "建议提案已登记。")
                return redirect(reverse("portal:decisions_staff_proposal", args=[item.pk]))
        return _form_page(request, "登记建议提案", form, status=422)
    return _form_page(request, "登记建议提案", form)


def _proposal_handlers(org: Organization) -> dict[str, ActionHandler]:
    return {
        ProposalAction.ASSIGN: ActionHandler(
            lambda r, o, d: services.proposal_assign(actor=r.user, proposal=o, lead=d["lead"], joint=list(d["joint"])),
            f.assign_form(org),
            "已交办。",
        ),
        ProposalAction.EVALUATE: ActionHandler(
            lambda r, o, d: services.proposal_evaluate(actor=r.user, proposal=o, **d), f.EvaluateForm, "满意度已登记。"
        ),
        ProposalAction.PUBLISH: ActionHandler(
            lambda r, o, d: services.proposal_publish(actor=r.user, proposal=o, **d),
            f.PublishReplyForm,
            "办理结果已公开。",
        ),
    }


@login_required
def proposal_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    item = selectors.proposal_get_for_staff(actor=actor, pk=pk)
    context = {
        "p": item,
        "units": item.units.select_related("org"),
        "actions": action_rows(PROPOSAL, actor, item, _proposal_handlers(item.org)),
        "clock_words": _proposal_clock(item),
        "timeline": timeline_of(item, _LABELS),
    }
    return render(request, "portal/decisions/staff_proposal.html", context)


proposal_action = action_view(
    get=selectors.proposal_get_for_staff,
    back="portal:decisions_staff_proposal",
    handlers=lambda item: _proposal_handlers(item.org),
)


UNIT_HANDLERS: dict[str, ActionHandler] = {
    UnitAction.DRAFT: ActionHandler(
        lambda r, o, d: services.unit_draft(actor=r.user, unit=o, **d), f.DraftForm, "答复已保存。"
    ),
    UnitAction.SIGN: ActionHandler(
        lambda r, o, d: services.unit_sign(actor=r.user, unit=o, **d), f.SignForm, "答复已签发。"
    ),
}


@login_required
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = require_staff(request)
    unit = selectors.unit_get_for_staff(actor=actor, pk=pk)
    context = {
        "u": unit,
        "p": unit.proposal,
        "actions": action_rows(UNIT, actor, unit, UNIT_HANDLERS),
        "clock_words": _proposal_clock(unit.proposal) if unit.state != UnitState.ANSWERED else "本单位已签发答复",
        "timeline": timeline_of(unit, _LABELS),
    }
    return render(request, "portal/decisions/staff_unit.html", context)


unit_action = action_view(get=selectors.unit_get_for_staff, back="portal:decisions_staff_unit", handlers=UNIT_HANDLERS)


@login_required
def summary(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    actor = require_staff(request)
    org = Organization.objects.filter(pk=id_or_404(org_id)).first()
    if org is None or not permissions.can_see_office(actor, org) or not 1949 <= year <= 2100:
        raise NotFound("未找到该机构。")
    form = f.SettingsForm(request.POST or None, initial={"reply_months": selectors.reply_months_for(org)})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_settings_set(actor=actor, org=org, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "办理期限已保存。")
            return redirect(reverse("portal:decisions_staff_summary", args=[org.pk, year]))
    summaries = [selectors.yearly_summary(org=org, year=year, kind=k) for k in ProposalKind.values]
    return render(
        request,
        "portal/decisions/staff_summary.html",
        {
            "org": org,
            "year": year,
            "summaries": summaries,
            "form": form,
            "overdue": selectors.proposals_overdue(org)[:200],
        },
    )
