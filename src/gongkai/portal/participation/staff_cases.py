"""公众参与 back office: mailbox messages, 差评整改 and events.

A message's page offers exactly ``available_actions`` of the mailbox table, one form per action,
each posted to the message's action URL and run by ``run_action``. Rectifications and events
have no state table (a rectification is open until closed; an event's report is a date): their
forms are offered while the record is open and the services refuse the rest.
"""

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.audit import timeline_of
from gongkai.core.errors import ValidationFailed
from gongkai.core.transitions import Transition, anyone, audit_labels
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.orgs.services import organization_get
from gongkai.participation import permissions, selectors, services, wall
from gongkai.participation.models import Message, Rectification
from gongkai.participation.transitions import (
    MESSAGE,
    RECTIFICATION_CLOSE,
    RECTIFICATION_FOLLOW_UP,
    MessageAction,
    rectification_actions,
)
from gongkai.portal._shared import ActionHandler, PageAction, action_rows, apply_errors, require_staff, run_action
from gongkai.portal.participation import casepages
from gongkai.portal.participation.forms import (
    DismissForm,
    EventEditForm,
    EventImportForm,
    EventPartForm,
    EventReportForm,
    FollowUpForm,
    RectificationCloseForm,
    RectificationFollowUpForm,
    ReleaseForm,
    ReplyForm,
    ReturnForm,
    ReviewForm,
    RouteForm,
)

# --- mailbox ----------------------------------------------------------------------------------------


def _route(request: HttpRequest, message: Message, data: dict[str, Any]) -> Message:
    target = organization_get(pk=data["handling_org"])  # an unknown unit is not found (404)
    return services.message_route(actor=request.user, message=message, handling_org=target, note=data["note"])


MESSAGE_HANDLERS: dict[str, ActionHandler] = {
    MessageAction.ROUTE: ActionHandler(_route, RouteForm, "已转办。"),
    MessageAction.REPLY: ActionHandler(
        lambda request, message, data: services.message_reply(actor=request.user, message=message, **data),
        ReplyForm,
        "答复已提交审核。",
    ),
    MessageAction.RETURN: ActionHandler(
        lambda request, message, data: services.message_review(
            actor=request.user, message=message, approve=False, **data
        ),
        ReturnForm,
        "答复已退回修改。",
    ),
    MessageAction.RELEASE: ActionHandler(
        lambda request, message, data: services.message_review(
            actor=request.user, message=message, approve=True, **data
        ),
        ReleaseForm,
        "答复已审核通过，留言办结。",
    ),
    MessageAction.FOLLOW_UP: ActionHandler(
        lambda request, message, data: services.message_follow_up(actor=request.user, message=message, **data),
        FollowUpForm,
        "回访记录和新的答复已提交审核。",
    ),
    MessageAction.DISMISS: ActionHandler(
        lambda request, message, data: services.message_dismiss(actor=request.user, message=message, **data),
        DismissForm,
        "已不予受理。",
    ),
    # The one-form review of earlier pages (通过 or 退回): still accepted at its URL, never offered.
    "review": ActionHandler(
        lambda request, message, data: services.message_review(actor=request.user, message=message, **data),
        ReviewForm,
        "审核意见已保存。",
    ),
}


def _message_rows(user: Any, message: Message) -> list[PageAction]:
    rows = []
    for row in action_rows(MESSAGE, user, message, MESSAGE_HANDLERS):
        # Each form with ids of its own (two forms on a page may both have a 说明 field).
        form_class = MESSAGE_HANDLERS[row.action].form
        if form_class is None:  # every action of these tables has a form
            continue
        initial: dict[str, Any] = {"reply": message.reply} if row.action == MessageAction.REPLY else {}
        if row.action == MessageAction.RELEASE:
            initial = {"show_on_wall": True, **dataclasses.asdict(wall.wall_preview(message))}
        form = form_class(initial=initial, auto_id=f"{row.action}-%s")
        if isinstance(form, RouteForm):
            form.offer(list(orgs.organization_subtree(message.org).order_by("path")), message.handling_org_id)
        rows.append(PageAction(row.transition, form))
    return rows  # in action_rows' order: the suggested next step first


# The mailbox's audit codes in Chinese: the table's labels and the steps outside it.
_MESSAGE_LABELS = {**audit_labels(MESSAGE), "mailbox.message_received": "收到留言"}


@login_required
def mailbox_staff(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_staff(request)
    message = selectors.message_get_for_staff(actor=user, pk=pk)
    context = {
        "message": message,
        "events": message.events.select_related("org").all(),
        "actions": _message_rows(user, message),
        "clock_words": casepages.message_clock(message, timezone.localdate()),
        "steps": casepages.message_steps(message),
        "timeline": timeline_of(message, _MESSAGE_LABELS),
    }
    return render(request, "portal/participation/staff_message.html", context)


@login_required
@require_POST
def mailbox_staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One POST per action of the mailbox table: route, reply, return, release, follow_up, dismiss."""
    user = require_staff(request)
    message = selectors.message_get_for_staff(actor=user, pk=pk)
    back = reverse("portal:mailbox_staff", args=[message.pk])
    return run_action(request, obj=message, action=action, handlers=MESSAGE_HANDLERS, back=back)


# --- 好差评 ------------------------------------------------------------------------------------------

RECTIFICATION_HANDLERS: dict[str, ActionHandler] = {
    RECTIFICATION_FOLLOW_UP: ActionHandler(
        lambda request, task, data: services.rectification_follow_up(actor=request.user, rectification=task, **data),
        RectificationFollowUpForm,
        "回访记录已保存。",
    ),
    RECTIFICATION_CLOSE: ActionHandler(
        lambda request, task, data: services.rectification_close(actor=request.user, rectification=task, **data),
        RectificationCloseForm,
        "整改已办结。",
    ),
}
# A rectification has no state table; its two steps as rows a page can show like any action.
_RECTIFICATION_STEPS: dict[str, Transition[Any]] = {
    RECTIFICATION_FOLLOW_UP: Transition(RECTIFICATION_FOLLOW_UP, "回访", frozenset(), None, anyone),
    RECTIFICATION_CLOSE: Transition(RECTIFICATION_CLOSE, "整改办结", frozenset(), None, anyone),
}


_RECTIFICATION_LABELS = {
    "rating.rectification_opened": "收到差评，开始整改",
    "rating.followed_up": "回访",
    "rating.rectification_closed": "整改办结",
}


def rectification_rows(user: Any, task: Rectification) -> list[PageAction]:
    """The rectification's open steps (no state table: ``rectification_actions``), the suggested
    one first; none for someone who may not handle the org's ratings."""
    if not permissions.can_handle_ratings(user, task.rating.org):
        return []
    initial = {RECTIFICATION_FOLLOW_UP: {"note": task.followup_note}}
    rows = []
    for action in rectification_actions(task):
        handler = RECTIFICATION_HANDLERS[action]
        form = handler.form(initial=initial.get(action, {}), auto_id=f"id_{action}_%s") if handler.form else None
        rows.append(PageAction(_RECTIFICATION_STEPS[action], form))
    return rows


@login_required
def rating_staff(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_staff(request)
    task = selectors.rectification_get_for_staff(actor=user, pk=pk)
    context = {
        "task": task,
        "state_words": casepages.rectification_state(task),
        "clock_words": casepages.rectification_clock(task, timezone.localdate()),
        "steps": casepages.rectification_steps(task),
        "actions": rectification_rows(user, task),
        "timeline": timeline_of(task, _RECTIFICATION_LABELS),
    }
    return render(request, "portal/participation/staff_rectification.html", context)


@login_required
@require_POST
def rating_staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = require_staff(request)
    task = selectors.rectification_get_for_staff(actor=user, pk=pk)
    back = reverse("portal:rating_staff", args=[task.pk])
    return run_action(request, obj=task, action=action, handlers=RECTIFICATION_HANDLERS, back=back)


# --- events ---------------------------------------------------------------------------------------


@login_required
def event_staff_list(request: HttpRequest) -> HttpResponse:
    user = require_staff(request)
    allowed = [m.org.pk for m in orgs.memberships_of(user) if permissions.can_manage_events(user, m.org)]
    form = EventImportForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    queryset = (
        Organization.objects.all()
        if org_permissions.is_platform_operator(user)
        else Organization.objects.filter(pk__in=allowed)
    )
    form.fields["org"].queryset = queryset  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.event_import(
                actor=user,
                root=form.cleaned_data["org"],
                year=form.cleaned_data["year"],
                data=upload.read(),
                filename=upload.name,
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已导入：新增{len(result.created)}项，已存在{len(result.existing)}项。")
            return redirect("portal:event_staff_list")
    context = {
        "form": form,
        "events": selectors.events_for_staff(user),
        "overdue": selectors.events_overdue(actor=user),
    }
    return render(request, "portal/participation/staff_events.html", context, status=422 if form.errors else 200)


@login_required
def event_staff(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_staff(request)
    event = selectors.event_get_for_staff(actor=user, pk=pk)
    part = EventPartForm(request.POST) if request.method == "POST" else None
    sent = part.cleaned_data["part"] if part is not None and part.is_valid() else ""
    edit = EventEditForm(
        request.POST if sent == "edit" else None,
        initial={n: getattr(event, n) for n in EventEditForm.base_fields},
    )
    report = EventReportForm(
        request.POST if sent == "report" else None,
        initial={"report_html": event.report_html, "participant_count": event.participant_count},
    )
    if request.method == "POST":
        try:
            if edit.is_bound and edit.is_valid():
                services.event_update(
                    actor=user,
                    event=event,
                    data=services.EventInput(month=event.month, theme=event.theme, **edit.cleaned_data),
                )
                messages.success(request, "活动安排已保存。")
                return redirect("portal:event_staff", pk=pk)
            if report.is_bound and report.is_valid():
                services.event_report_publish(actor=user, event=event, **report.cleaned_data)
                messages.success(request, "举办情况已发布。")
                return redirect("portal:event_detail", pk=pk)
        except ValidationFailed as exc:
            apply_errors(edit if edit.is_bound else report, exc)
    context = {
        "event": event,
        "edit": edit,
        "report": report,
        "registrations": event.registrations.all(),
        "due_on": selectors.event_report_due(event),
    }
    return render(
        request, "portal/participation/staff_event.html", context, status=422 if request.method == "POST" else 200
    )
