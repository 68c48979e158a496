"""办事指南 back office: an org's service items with the key-element check, a version's page
with its actions (from the table), forms to download, and policy links."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.guides import permissions, selectors, services
from gongkai.guides.elements import LABELS, missing_elements
from gongkai.guides.transitions import VERSION, Action
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
from gongkai.portal.guides import forms as f

CONTENT_FIELDS = list(f.ContentForm.base_fields)


def _edit(request: HttpRequest, version: Any, data: dict[str, Any]) -> object:
    return services.version_edit(actor=request.user, version=version, **data)


HANDLERS: dict[str, ActionHandler] = {
    Action.EDIT: ActionHandler(_edit, f.ContentForm, "已保存。"),
    Action.PUBLISH: ActionHandler(lambda r, v, d: services.version_publish(actor=r.user, version=v), None, "已发布。"),
    Action.DISCARD: ActionHandler(
        lambda r, v, d: services.version_discard(actor=r.user, version=v), None, "已放弃草稿。"
    ),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    return render(request, "portal/guides/staff_home.html", {"orgs": selectors.staff_orgs(request.user)})


@login_required
def org_page(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    number = id_or_404(request.GET["page"]) if request.GET.get("page") else 1
    items = Paginator(selectors.items_for_staff(request.user, org), 100).get_page(number)
    return render(
        request,
        "portal/guides/staff_org.html",
        {
            "org": org,
            "items": items,
            "incomplete": selectors.incomplete_guides(org),
            "overdue": list(selectors.overdue_changes(org, today=timezone.localdate())),
            "can_edit": permissions.can_edit_guides(request.user, org),
        },
    )


@login_required
def item_new(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_see_guides(request.user, org):
        raise NotFound("未找到该机构。")
    form = f.ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.item_create(actor=request.user, org=org, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已新增服务事项，办事指南为草稿。")
            return redirect("portal:guides_version", version.pk)
    return render(
        request, "portal/guides/staff_item_new.html", {"org": org, "form": form}, status=422 if form.errors else 200
    )


def _version_page(request: HttpRequest, version: Any, *, edit_form: Any = None, status: int = 200) -> HttpResponse:
    actions = action_rows(VERSION, request.user, version, HANDLERS)
    for row in actions:
        if row.action == Action.EDIT:
            initial = {name: getattr(version, name, "") for name in CONTENT_FIELDS}
            initial["name"] = version.item.name
            row.form.initial = initial
            if edit_form is not None:
                object.__setattr__(row, "form", edit_form)
    item = version.item
    return render(
        request,
        "portal/guides/staff_version.html",
        {
            "version": version,
            "item": item,
            "org": item.org,
            "actions": actions,
            "missing": [LABELS[k] for k in missing_elements(version)],
            "forms": list(version.forms.all()),
            "upload_form": f.UploadForm() if version.state == "draft" else None,
            "policies": selectors.policies_of(item),
            "policy_form": f.PolicyForm() if permissions.can_edit_guides(request.user, item.org) else None,
            "new_draft_form": f.NewDraftForm() if permissions.can_edit_guides(request.user, item.org) else None,
            "history": list(item.versions.order_by("-number")),
        },
        status=status,
    )


@login_required
def version_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    return _version_page(request, selectors.version_get_for_staff(actor=request.user, pk=pk))


version_action = action_view(
    get=selectors.version_get_for_staff,
    back="portal:guides_version",
    handlers=HANDLERS,
    rerender=lambda request, version, _action, form: _version_page(request, version, edit_form=form, status=422),
)


@login_required
@require_POST
def form_upload(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    version = selectors.version_get_for_staff(actor=request.user, pk=pk)
    form = f.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        try:
            services.form_add(actor=request.user, version=version, upload=form.cleaned_data["file"])
        except ValidationFailed as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "已上传表格。")
    return redirect("portal:guides_version", version.pk)


@login_required
@require_POST
def policy_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    version = selectors.version_get_for_staff(actor=request.user, pk=pk)
    form = f.PolicyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的政策文件编号。")
    else:
        try:
            services.policy_link(
                actor=request.user, item=version.item, publication_id=form.cleaned_data["publication_id"]
            )
        except ValidationFailed as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "已关联政策。")
    return redirect("portal:guides_version", version.pk)


@login_required
@require_POST
def new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    version = selectors.version_get_for_staff(actor=request.user, pk=pk)
    form = f.NewDraftForm(request.POST)
    changed_on = form.cleaned_data["changed_on"] if form.is_valid() else None
    try:
        draft = services.version_new_draft(actor=request.user, item=version.item, changed_on=changed_on)
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
        return redirect("portal:guides_version", version.pk)
    messages.success(request, "已新建修订草稿。")
    return redirect("portal:guides_version", draft.pk)
