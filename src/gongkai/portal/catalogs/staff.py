"""标准目录 back office: an org's 26 areas, import with a dry-run preview, a version's items
with its actions (from the table), item editing, binding to 主动公开目录 columns, coverage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.catalogs import coverage as cov
from gongkai.catalogs import permissions, selectors, services
from gongkai.catalogs.importing import WorkbookUnreadable
from gongkai.catalogs.models import CatalogItem, CatalogVersion
from gongkai.catalogs.transitions import VERSION, Action
from gongkai.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from gongkai.disclosure import selectors as disclosure
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import (
    ActionHandler,
    action_rows,
    apply_errors,
    error_text,
    id_or_404,
    require_staff,
    run_action,
)
from gongkai.portal.catalogs import forms as f

HANDLERS: dict[str, ActionHandler] = {
    Action.PUBLISH: ActionHandler(lambda r, v, d: services.version_publish(actor=r.user, version=v), None, "已发布。"),
    Action.DISCARD: ActionHandler(
        lambda r, v, d: services.version_discard(actor=r.user, version=v), None, "已放弃草稿。"
    ),
}
TEMPLATE = "portal/catalogs/"


def _org(request: HttpRequest, org_id: int) -> Organization:
    org = organization_get(pk=org_id)
    if not permissions.can_see_coverage(request.user, org):
        raise NotFound("未找到该机构。")
    return org


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    seen: dict[int, Organization] = {}
    for membership in orgs.memberships_of(request.user):
        seen.setdefault(membership.org.pk, membership.org)
    if getattr(request.user, "is_superuser", False):
        seen = {o.pk: o for o in Organization.objects.filter(depth__lte=2).order_by("path")}
    return render(request, TEMPLATE + "staff_home.html", {"orgs": list(seen.values())})


@login_required
def org_page(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = _org(request, org_id)
    form = f.AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        area, use_template = form.cleaned_data["area"], form.cleaned_data["template"]
        try:
            if use_template:
                draft = services.version_from_template(actor=request.user, org=org, area=area)
            else:
                draft = services.version_start_draft(actor=request.user, org=org, area=area)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            return redirect("portal:catalogs_version", draft.pk)
    return render(
        request,
        TEMPLATE + "staff_org.html",
        {
            "org": org,
            "areas": selectors.area_overview(org),
            "form": form,
            "can_manage": permissions.can_manage_catalogs(request.user, org),
        },
    )


@login_required
def import_page(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = _org(request, org_id)
    if not permissions.can_manage_catalogs(request.user, org):
        raise PermissionDenied("只有政务公开管理员可以编制和发布标准目录。")
    form = f.ImportForm(request.POST or None, request.FILES or None)
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            outcome = services.catalog_import(
                actor=request.user, org=org, data=data, filename=upload.name[:200], dry_run=True
            )
            preview = outcome.result
            if not form.cleaned_data["dry_run"] and preview.ok:
                saved = services.catalog_import(
                    actor=request.user,
                    org=org,
                    data=b"",
                    filename=upload.name[:200],
                    publish=form.cleaned_data["publish"],
                    parsed=preview,
                )
                messages.success(request, f"已导入 {len(preview.items)} 个事项（{len(saved.versions)} 个领域）。")
                return redirect("portal:catalogs_org", org.pk)
            if not preview.ok:
                status = 422
                form.add_error("file", f"有 {len(preview.errors)} 处错误，未导入任何内容，详见下方。")
        except (WorkbookUnreadable, ValidationFailed) as exc:
            apply_errors(form, exc)
            status = 422
    elif request.method == "POST":
        status = 422
    return render(
        request, TEMPLATE + "staff_import.html", {"org": org, "form": form, "preview": preview}, status=status
    )


@login_required
def version_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    version = selectors.version_get_for_staff(actor=request.user, pk=pk)
    org = version.catalog.org
    editable = VERSION.transition(Action.EDIT).state_allows(version, version.state) and any(
        t.action == Action.EDIT for t in VERSION.available_actions(request.user, version)
    )
    can_bind = any(t.action == Action.BIND for t in VERSION.available_actions(request.user, version))
    columns = _column_choices(org) if can_bind else []
    items = list(selectors.version_items(version))
    for item in items:
        item.reading = selectors.rule_reading(item)  # type: ignore[attr-defined]
        item.bind_form = (  # type: ignore[attr-defined]
            f.BindForm(columns=columns, initial={"column": item.column_id}, prefix=f"i{item.pk}") if can_bind else None
        )
    return render(
        request,
        TEMPLATE + "staff_version.html",
        {
            "version": version,
            "org": org,
            "items": items,
            "actions": action_rows(VERSION, request.user, version, HANDLERS),
            "editable": editable,
            "can_bind": can_bind,
            "history": selectors.versions_of(version.catalog),
        },
    )


def _column_choices(org: Organization) -> list[tuple[int, str]]:
    return [(c.pk, "　" * c.depth + c.name) for c in disclosure.catalog_columns([org.pk])]


@login_required
@require_POST
def version_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_staff(request)
    version = selectors.version_get_for_staff(actor=request.user, pk=id_or_404(pk))
    return run_action(
        request,
        obj=version,
        action=action,
        handlers=HANDLERS,
        back=reverse("portal:catalogs_version", args=[version.pk]),
    )


def _item_form_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("manual_kind", "manual_days")}


def _item_page(request: HttpRequest, version: CatalogVersion, item: CatalogItem | None) -> HttpResponse:
    initial = {}
    if item is not None:
        initial = {name: getattr(item, name) for name in f.ItemForm.base_fields if hasattr(item, name)}
    form = f.ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _item_form_values(form.cleaned_data)
        try:
            override = services.manual_rule(
                values["deadline_text"], form.cleaned_data["manual_kind"], form.cleaned_data["manual_days"]
            )
            if item is None:
                services.item_add(actor=request.user, version=version, values=values, override=override)
            else:
                services.item_update(actor=request.user, item=item, values=values, override=override)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            return redirect("portal:catalogs_version", version.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, TEMPLATE + "staff_item.html", {"version": version, "item": item, "form": form}, status=status
    )


@login_required
def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    version = selectors.version_get_for_staff(actor=request.user, pk=pk)
    return _item_page(request, version, None)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    item = selectors.item_get_for_staff(actor=request.user, pk=pk)
    return _item_page(request, item.version, item)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    item = selectors.item_get_for_staff(actor=request.user, pk=pk)
    return _service_then_back(request, item.version_id, lambda: services.item_delete(actor=request.user, item=item))


@login_required
@require_POST
def item_bind(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    item = selectors.item_get_for_staff(actor=request.user, pk=pk)
    form = f.BindForm(request.POST, columns=_column_choices(item.version.catalog.org), prefix=f"i{item.pk}")
    if not form.is_valid():
        messages.error(request, "提交的内容有误：" + "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("portal:catalogs_version", item.version_id)
    d = form.cleaned_data
    return _service_then_back(
        request,
        item.version_id,
        lambda: services.item_bind(
            actor=request.user,
            item=item,
            column_id=d["column"],
            new_column_name=d["new_column_name"],
            new_column_code=d["new_column_code"],
        ),
        done="已关联栏目。",
    )


def _service_then_back(request: HttpRequest, version_id: int, call: Any, done: str = "已保存。") -> HttpResponse:
    try:
        call()
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return redirect("portal:catalogs_version", version_id)


@login_required
def coverage_page(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = _org(request, org_id)
    result = cov.coverage_of_subtree(org)
    return render(
        request, TEMPLATE + "staff_coverage.html", {"org": org, "orgs": [o for o in result if o.areas], "all": result}
    )
