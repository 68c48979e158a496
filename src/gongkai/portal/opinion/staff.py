"""舆情与发布 back office: the task list (events awaiting 研判 or response with their clocks, late
ones first), registering an event, the event page, press events, and each org's windows and routes.

Case pages offer exactly the workflow's ``available_actions`` (``portal._shared.action_rows``),
one form per action, posted to one URL and run through ``run_action`` to the service.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import timeline_of
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import audit_labels
from gongkai.disclosure import interpretations
from gongkai.opinion import permissions, selectors, services
from gongkai.opinion.clock import DEFAULT_WINDOW_HOURS, Clock
from gongkai.opinion.models import Event, EventState, PressEvent, PressState
from gongkai.opinion.transitions import EVENT, PRESS, Action, PressAction
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import ActionHandler, action_rows, action_view, apply_errors, path_steps, require_staff
from gongkai.portal.casepage import cn_date
from gongkai.portal.opinion import forms as f

MAX_ORG_CHOICES = 300


def _org_choices(root: Organization) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in orgs.organization_subtree(root).order_by("path")[:MAX_ORG_CHOICES]]


def _share_root(org: Organization) -> Organization:
    """Orgs offered for sharing: the locality around `org` (its parent's subtree)."""
    return org.parent if org.parent_id and org.parent is not None else org


def _my_orgs(actor: Actor, check: Any) -> list[Organization]:
    seen: dict[int, Organization] = {}
    for m in orgs.memberships_of(actor):
        if m.org_id not in seen and check(actor, m.org):
            seen[m.org_id] = m.org
    return list(seen.values())


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    actor = require_staff(request)
    return render(
        request,
        "portal/opinion/staff_home.html",
        {
            "ledger": selectors.ledger(actor),
            "press": selectors.press_for_staff(actor)[:50],
            "register_orgs": _my_orgs(actor, permissions.can_register),
            "config_orgs": _my_orgs(actor, permissions.can_configure),
        },
    )


@login_required
def staff_register(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_register(actor, org):
        raise PermissionDenied("您不是该机构的工作人员，不能登记舆情。")
    choices = {"orgs": _org_choices(org)}
    form = f.RegisterForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            event = services.event_register(
                actor=actor,
                org=org,
                data=services.EventInput(
                    title=d["title"],
                    source=d["source"],
                    first_seen_at=d["first_seen_at"],
                    level=d["level"],
                    subject=d["subject"],
                    source_detail=d["source_detail"],
                    summary=d["summary"],
                    responsible_org_id=int(d["responsible_org"]) if d["responsible_org"] else None,
                    related_org_ids=[int(x) for x in d["related_orgs"]],
                ),
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记，责任单位：{event.org.name}。")
            return redirect("portal:opinion_staff_event", pk=event.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "portal/opinion/staff_register.html",
        {"org": org, "form": form, "windows": selectors.windows_of(org)},
        status=status,
    )


def _respond(request: HttpRequest, event: Event, d: dict[str, Any]) -> object:
    return services.event_respond(
        actor=request.user,
        event=event,
        responded_at=d["responded_at"],
        channel=d["channel"],
        publication_id=d["publication_id"],
        press_id=d["press_id"],
        response_text=d["response_text"],
        response_url=d["response_url"],
    )


EVENT_HANDLERS: dict[str, ActionHandler] = {
    Action.ASSESS: ActionHandler(
        lambda r, e, d: services.event_assess(actor=r.user, event=e, assessment=d["assessment"], level=d["level"]),
        f.AssessForm,
        "已研判。",
    ),
    Action.RESPOND: ActionHandler(_respond, f.RespondForm, "已登记回应。"),
    Action.CLOSE: ActionHandler(
        lambda r, e, d: services.event_close(actor=r.user, event=e, effect=d["effect"], effect_note=d["effect_note"]),
        f.CloseForm,
        "已办结。",
    ),
    Action.SHARE: ActionHandler(
        lambda r, e, d: services.event_share(actor=r.user, event=e, org_ids=[int(x) for x in d["org_ids"]]),
        f.ShareForm,
        "已共享。",
    ),
}


EVENT_PATH = ("登记", "研判", "回应", "效果评估")
_EVENT_PATH_AT = {EventState.REGISTERED: 1, EventState.ASSESSED: 2, EventState.RESPONDED: 3}
_EVENT_LABELS = {**audit_labels(EVENT), "opinion_event.registered": "登记"}
_PRESS_LABELS = {**audit_labels(PRESS), "press_event.planned": "登记发布活动"}
PRESS_PATH = ("登记", "举行", "实录送审")
_PRESS_PATH_AT = {PressState.PLANNED: 1, PressState.HELD: 2}
_PRESS_HINTS = {
    PressAction.HOLD: "发布人留空则沿用计划时登记的发布人。",
    PressAction.PUBLISH_TRANSCRIPT: (
        "实录将作为所关联政策文件的政策解读提交本机构审核（先审后发），审核发布后计入解读率。"
    ),
}
# The hold action's form carries the speakers' formset beside its fields.
_PRESS_EXTRAS = {PressAction.HOLD: "portal/opinion/_speakers.html"}


def _press_state_words(press: PressEvent) -> str:
    if press.state == PressState.PLANNED:
        return f"计划于{_local(press.planned_at)}举行" + (f"，地点：{press.venue}" if press.venue else "")
    if press.state == PressState.CANCELLED:
        return "已取消" + (f"：{press.cancel_reason}" if press.cancel_reason else "")
    held = f"已于{_local(press.held_at)}举行" if press.held_at else "已举行"
    return held + ("；实录已作为政策解读送审" if press.state == PressState.PUBLISHED else "；文字实录待送审")


def _local(moment: datetime.datetime) -> str:
    moment = timezone.localtime(moment)
    return f"{cn_date(moment.date())} {moment:%H:%M}"


def _event_clock_words(event: Event, clock: Clock) -> str:
    """The response window the domain set (``respond_by``, ``clock_for``) in one sentence."""
    if clock.answered and event.responded_at is not None:
        return f"已于{_local(event.responded_at)}回应（{clock.label}）"
    return f"回应时限：{_local(clock.due)}（{clock.label}）"


def _event_page(request: HttpRequest, event: Event, *, failed: tuple[str, Any] | None = None) -> HttpResponse:
    rows = action_rows(EVENT, request.user, event, EVENT_HANDLERS)
    share_choices = _org_choices(_share_root(event.registered_in))
    for row in rows:
        if failed is not None and row.action == failed[0]:
            object.__setattr__(row, "form", failed[1])
        if row.action == Action.SHARE and row.form is not None:
            row.form.fields["org_ids"].choices = share_choices
    refs = interpretations.refs([event.response_publication_id or 0])
    clock = selectors.clock_for(event)
    return render(
        request,
        "portal/opinion/staff_event.html",
        {
            "event": event,
            "clock": clock,
            "clock_words": _event_clock_words(event, clock),
            "steps": path_steps(EVENT_PATH, _EVENT_PATH_AT.get(EventState(event.state))),
            "timeline": timeline_of(event, _EVENT_LABELS),
            "related": list(event.related_orgs.all()),
            "response_publication": refs.get(event.response_publication_id or 0),
            "actions": rows,
        },
        status=422 if failed else 200,
    )


@login_required
def staff_event(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    return _event_page(request, selectors.event_get_for_staff(actor=request.user, pk=pk))


staff_event_action = action_view(
    get=selectors.event_get_for_staff,
    back="portal:opinion_staff_event",
    handlers=EVENT_HANDLERS,
    rerender=lambda request, event, action, form: _event_page(request, event, failed=(action, form)),
)


# --- press events -------------------------------------------------------------------------------


def _speakers(formset: Any) -> list[services.SpeakerInput]:
    return [
        services.SpeakerInput(form.cleaned_data["name"], form.cleaned_data["post"], form.cleaned_data["rank"])
        for form in formset.forms
        if form.has_speaker()
    ]


@login_required
def staff_press_new(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_plan_press(actor, org):
        raise PermissionDenied("您不是该机构的工作人员。")
    form = f.PressForm(request.POST or None)
    formset = f.SpeakerFormSet(request.POST or None, prefix="speakers")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        try:
            press = services.press_plan(
                actor=actor,
                org=org,
                data=services.PressInput(
                    kind=d["kind"],
                    title=d["title"],
                    planned_at=d["planned_at"],
                    venue=d["venue"],
                    policy_id=d["policy_id"],
                    speakers=_speakers(formset),
                ),
            )
        except ValidationFailed as exc:
            apply_errors(form, exc, aliases={"speakers": "__all__"})
        else:
            messages.success(request, "已登记发布活动。")
            return redirect("portal:opinion_staff_press", pk=press.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "portal/opinion/staff_press_new.html", {"org": org, "form": form, "formset": formset}, status=status
    )


def _hold(request: HttpRequest, press: PressEvent, d: dict[str, Any]) -> object:
    formset = f.SpeakerFormSet(request.POST, prefix="speakers")
    if not formset.is_valid():
        raise ValidationFailed("发布人填写有误。", code="speakers_invalid", fields={"speakers": ["发布人最多20位。"]})
    speakers = _speakers(formset)
    return services.press_hold(
        actor=request.user,
        press=press,
        held_at=d["held_at"],
        transcript_html=d["transcript_html"],
        media_url=d["media_url"],
        speakers=speakers or None,
    )


PRESS_HANDLERS: dict[str, ActionHandler] = {
    PressAction.HOLD: ActionHandler(_hold, f.HoldForm, "已登记举行情况。"),
    PressAction.PUBLISH_TRANSCRIPT: ActionHandler(
        lambda r, p, d: services.press_publish_transcript(actor=r.user, press=p),
        None,
        "实录已作为政策解读提交本机构审核，审核发布后在网站公开。",
    ),
    PressAction.CANCEL: ActionHandler(
        lambda r, p, d: services.press_cancel(actor=r.user, press=p, reason=d["reason"]), f.CancelForm, "已取消。"
    ),
}


def _press_page(request: HttpRequest, press: PressEvent, *, failed: tuple[str, Any] | None = None) -> HttpResponse:
    rows = action_rows(PRESS, request.user, press, PRESS_HANDLERS)
    for row in rows:
        if failed is not None and row.action == failed[0]:
            object.__setattr__(row, "form", failed[1])
    refs = interpretations.refs([press.policy_id or 0, press.interpretation_id or 0])
    return render(
        request,
        "portal/opinion/staff_press.html",
        {
            "press": press,
            "speakers": list(press.speakers.all()),
            "policy": refs.get(press.policy_id or 0),
            "interpretation": refs.get(press.interpretation_id or 0),
            "actions": rows,
            "state_words": _press_state_words(press),
            # A cancelled activity left the path: no stage to show as reached.
            "steps": None
            if press.state == PressState.CANCELLED
            else path_steps(PRESS_PATH, _PRESS_PATH_AT.get(PressState(press.state))),
            "hints": _PRESS_HINTS,
            "extras": _PRESS_EXTRAS,
            "timeline": timeline_of(press, _PRESS_LABELS),
            "formset": f.SpeakerFormSet(prefix="speakers"),
        },
        status=422 if failed else 200,
    )


@login_required
def staff_press(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    return _press_page(request, selectors.press_get_for_staff(actor=request.user, pk=pk))


staff_press_action = action_view(
    get=selectors.press_get_for_staff,
    back="portal:opinion_staff_press",
    handlers=PRESS_HANDLERS,
    rerender=lambda request, press, action, form: _press_page(request, press, failed=(action, form)),
)


# --- each org's settings ------------------------------------------------------------------------


@login_required
def staff_settings(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_configure(actor, org):
        raise PermissionDenied("只有政务公开管理员可以设置。")
    choices = _org_choices(org)
    window_form = f.WindowForm(request.POST if request.POST.get("form") == "window" else None)
    route_form = f.RouteForm(request.POST if request.POST.get("form") == "route" else None, orgs=choices)
    if request.method == "POST":
        form: Any = window_form if request.POST.get("form") == "window" else route_form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if form is window_form:
                    services.window_set(actor=actor, org=org, level=d["level"], hours=d["hours"])
                else:
                    services.route_set(actor=actor, scope=org, subject=d["subject"], responsible_id=d["responsible"])
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("portal:opinion_staff_settings", org_id=org.pk)
    return render(
        request,
        "portal/opinion/staff_settings.html",
        {
            "org": org,
            "windows": selectors.windows_of(org),
            "defaults": DEFAULT_WINDOW_HOURS,
            "routes": selectors.routes_of(org),
            "window_form": window_form,
            "route_form": route_form,
        },
        status=422 if request.method == "POST" else 200,
    )
