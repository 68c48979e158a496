"""政府公报 back office: an org's issues, a new issue, an issue's contents and its actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.errors import ValidationFailed
from gongkai.gazette import permissions, selectors, services
from gongkai.gazette.transitions import ISSUE, Action
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import (
    ActionHandler,
    action_rows,
    action_view,
    apply_errors,
    error_text,
    id_or_404,
    require_staff,
)
from gongkai.portal.gazette import forms as f


def _edit(request: HttpRequest, issue: Any, data: dict[str, Any]) -> object:
    return services.entry_add(
        actor=request.user, issue=issue, **{k: v for k, v in data.items() if k != "op" and v not in (None, "")}
    )


HANDLERS: dict[str, ActionHandler] = {
    Action.EDIT: ActionHandler(_edit, f.EntryForm, "已添加条目。"),
    Action.PUBLISH: ActionHandler(lambda r, i, d: services.issue_publish(actor=r.user, issue=i), None, "已出版。"),
    Action.DISCARD: ActionHandler(lambda r, i, d: services.issue_discard(actor=r.user, issue=i), None, "已作废。"),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from gongkai.guides.selectors import staff_orgs

    require_staff(request)
    return render(request, "portal/gazette/staff_home.html", {"orgs": staff_orgs(request.user)})


@login_required
def org_page(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    issues = list(selectors.issues_for_staff(request.user, org)[:500])
    form = f.IssueForm(request.POST or None) if permissions.can_edit_gazette(request.user, org) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            issue = services.issue_create(actor=request.user, org=org, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已新建一期公报。")
            return redirect("portal:gazette_staff_issue", issue.pk)
    status = 422 if form is not None and form.errors else 200
    return render(request, "portal/gazette/staff_org.html", {"org": org, "issues": issues, "form": form}, status=status)


def _issue_page(request: HttpRequest, issue: Any, *, form: Any = None, status: int = 200) -> HttpResponse:
    actions = action_rows(ISSUE, request.user, issue, HANDLERS)
    if form is not None:
        actions = [a if a.action != Action.EDIT else type(a)(a.transition, form) for a in actions]
    can_edit = any(a.action == Action.EDIT for a in actions)
    return render(
        request,
        "portal/gazette/staff_issue.html",
        {
            "issue": issue,
            "org": issue.org,
            "entries": list(selectors.entries_of(issue)),
            "actions": actions,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
def issue_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    return _issue_page(request, selectors.issue_get_for_staff(actor=request.user, pk=pk))


issue_action = action_view(
    get=selectors.issue_get_for_staff,
    back="portal:gazette_staff_issue",
    handlers=HANDLERS,
    rerender=lambda request, issue, _action, form: _issue_page(request, issue, form=form, status=422),
)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    require_staff(request)
    issue = selectors.issue_get_for_staff(actor=request.user, pk=pk)
    try:
        services.entry_remove(actor=request.user, issue=issue, entry_id=id_or_404(entry_id))
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已删除条目。")
    return redirect("portal:gazette_staff_issue", issue.pk)
