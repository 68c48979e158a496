"""What every portal page module shares: the staff guard, service errors shown on forms, safe
parsing of ids, and the one action runner that turns a back-office POST into a service call.

Back-office case pages list ``workflow.available_actions(actor, obj)`` and post each action to
one URL; ``run_action`` looks the action up in the page's handler table (one form per action),
validates the form, calls the handler (which calls the service, which calls the engine) and
shows the outcome. A refusal the clerk can fix (422) or a step that is no longer open (409) is a
message on the page they come back to; 403 and 404 stay errors, so nothing leaks.
``action_rows`` puts the workflow's suggested next step first (its ``side_tasks``/``suggest``
declaration); ``action_view`` makes a case page's action POST view from its record getter.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

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


def file_choice(label: str, help_text: str) -> forms.IntegerField:
    """One of a record's files, by id (for removing it): the page offers the record's files with
    offer_files, the service checks that the id is one of them."""
    return forms.IntegerField(label=label, min_value=1, max_value=2**63 - 1, widget=forms.Select, help_text=help_text)


def offer_files(rows: Sequence["PageAction"], action: str, files: Any) -> None:
    """The choices of `action`'s file_choice field (named attachment): the record's files by name."""
    for row in rows:
        if row.action == action and row.form is not None:
            row.form.fields["attachment"].widget.choices = [("", "请选择文件"), *((f.pk, f.name) for f in files)]


@dataclass(frozen=True)
class ActionHandler:
    """How a page takes one action: the form that collects its data and the service call."""

    run: Callable[[HttpRequest, Any, dict[str, Any]], object]
    form: type[forms.Form] | None = None
    done: str = "已保存。"


def action_rows(workflow: Workflow[Any], actor: Actor, obj: Any, handlers: Mapping[str, ActionHandler]) -> list[Any]:
    """The actions a page shows: exactly ``available_actions``, each with its form when it has one,
    the workflow's suggested next step first (``Workflow.in_suggested_order``)."""
    rows = []
    for transition in workflow.available_actions(actor, obj, interactive_only=True):
        handler = handlers.get(transition.action)
        if handler is None:
            continue
        # Ids of its own per form: several action forms on one page may share field names.
        form = handler.form(auto_id=f"id_{transition.action}_%s") if handler.form else None
        rows.append(PageAction(transition, form))
    return workflow.in_suggested_order(obj, rows, key=lambda row: row.action)


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


def in_suggested_order(workflow: Workflow[Any], obj: Any, rows: list[PageAction]) -> list[PageAction]:
    """Rows a page added to or rebuilt from ``action_rows``, again with the suggestion first."""
    return workflow.in_suggested_order(obj, rows, key=lambda row: row.action)


def action_view(
    *,
    get: Callable[..., Any],
    back: str | Callable[[Any], str],
    handlers: Mapping[str, ActionHandler] | Callable[[Any], Mapping[str, ActionHandler]],
    rerender: Callable[[HttpRequest, Any, str, forms.Form], HttpResponse] | None = None,
) -> Callable[[HttpRequest, int, str], HttpResponse]:
    """The POST view of a case page's actions: find the record the clerk may see
    (``get(actor=, pk=)``, else 404), run ``action`` through ``run_action`` and go back to the
    page named ``back`` (its one argument the record's pk; or a function giving the address).
    ``handlers`` may depend on the record; ``rerender(request, obj, action, form)`` shows a
    refused form again on the page."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
        obj = get(actor=require_staff(request), pk=id_or_404(pk))
        table = handlers(obj) if callable(handlers) else handlers
        again = (lambda name, form: rerender(request, obj, name, form)) if rerender is not None else None
        url = back(obj) if callable(back) else reverse(back, args=[obj.pk])
        return run_action(request, obj=obj, action=action, handlers=table, back=url, rerender=again)

    return view


@dataclass(frozen=True)
class Step:
    """One stage of a case's natural path, for ``steps.html``."""

    label: str
    state: str  # done | current | todo
    note: str = ""


def path_steps(labels: Sequence[str], current: int | None, note: str = "") -> list[Step]:
    """A workflow's natural path with the stages before ``current`` done; ``current`` past the end
    (or ``None``) means every stage is done. ``note`` goes beside the current stage."""
    at = len(labels) if current is None else current
    return [
        Step(label, "done" if i < at else "current" if i == at else "todo", note if i == at else "")
        for i, label in enumerate(labels)
    ]
