"""What every portal page module shares: the staff guard, service errors shown on forms, safe
parsing of ids, and the one action runner that turns a back-office POST into a service call.

Back-office case pages list ``workflow.available_actions(actor, obj)`` and post each action to
one URL; ``run_action`` looks the action up in the page's handler table (one form per action),
validates the form, calls the handler (which calls the service, which calls the engine) and
shows the outcome. A refusal the clerk can fix (422) or a step that is no longer open (409) is a
message on the page they come back to; 403 and 404 stay errors, so nothing leaks.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gongkai.core.actors import Actor
from gongkai.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.transitions import Transition, Workflow
from gongkai.orgs import permissions as org_permissions


def require_staff(request: HttpRequest) -> Actor:
    """Any back-office page: the account must hold a role somewhere (or run the platform)."""
    if not org_permissions.can_view_staff_area(request.user):
        raise PermissionDenied("您的账号尚未分配任何机构角色，请联系本单位政务公开管理员。")
    return request.user


def apply_errors(form: forms.Form, error: ValidationFailed, *, aliases: Mapping[str, str] | None = None) -> None:
    """Show a service's validation errors beside their fields, keeping everything the user typed."""
    form.add_error(None, error.message)
    for name, problems in error.fields.items():
        target = (aliases or {}).get(name, name)
        for problem in problems:
            form.add_error(target if target in form.fields else None, problem)


def error_text(error: ApplicationError) -> str:
    """One line for a flash message: the message and what each field says."""
    details = "；".join(p for problems in error.fields.values() for p in problems)
    return f"{error.message}{details}"


def id_or_404(value: Any, message: str = "未找到所请求的内容。") -> int:
    """An id from a form or query string; anything else is *not found*, never a server error."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise NotFound(message) from None
    if not 0 < number < 2**63:
        raise NotFound(message)
    return number


@dataclass(frozen=True)
class ActionHandler:
    """How a page takes one action: the form that collects its data and the service call."""

    run: Callable[[HttpRequest, Any, dict[str, Any]], object]
    form: type[forms.Form] | None = None
    done: str = "已保存。"


def action_rows(workflow: Workflow[Any], actor: Actor, obj: Any, handlers: Mapping[str, ActionHandler]) -> list[Any]:
    """The actions a page shows: exactly ``available_actions``, each with its form when it has one."""
    rows = []
    for transition in workflow.available_actions(actor, obj, interactive_only=True):
        handler = handlers.get(transition.action)
        if handler is None:
            continue
        # Ids of its own per form: several action forms on one page may share field names.
        form = handler.form(auto_id=f"id_{transition.action}_%s") if handler.form else None
        rows.append(PageAction(transition, form))
    return rows


@dataclass(frozen=True)
class PageAction:
    transition: Transition[Any]
    form: forms.Form | None

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def label(self) -> str:
        return self.transition.label


def run_action(
    request: HttpRequest,
    *,
    obj: Any,
    action: str,
    handlers: Mapping[str, ActionHandler],
    back: str,
    rerender: Callable[[str, forms.Form], HttpResponse] | None = None,
) -> HttpResponse:
    """Handle one action POST: validate its form, call the service, report, go back to ``back``.

    With ``rerender``, a form whose input the service refuses is shown again with the errors
    beside its fields (status 422); without it the errors become a message on ``back``.
    """
    handler = handlers.get(action)
    if handler is None:
        raise NotFound("没有该操作。", code="unknown_action")
    form = handler.form(request.POST, request.FILES, auto_id=f"id_{action}_%s") if handler.form else None
    if form is not None and not form.is_valid():
        if rerender is not None:
            return rerender(action, form)
        messages.error(request, "提交的内容有误：" + "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        handler.run(request, obj, form.cleaned_data if form is not None else {})
    except ValidationFailed as exc:
        if rerender is not None and form is not None:
            apply_errors(form, exc)
            return rerender(action, form)
        messages.error(request, error_text(exc))
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:  # 409: the step is no longer open (someone else acted first)
        messages.error(request, error_text(exc))
    else:
        messages.success(request, handler.done)
    return redirect(back)
