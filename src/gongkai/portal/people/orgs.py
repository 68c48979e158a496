"""组织机构管理: the platform operator creates, renames and moves organisations. The orgs
services enforce the hierarchy rules (no cycles, governments by rank, departments never on top)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.actors import Actor
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs import permissions, selectors, services
from gongkai.orgs.models import Organization
from gongkai.portal._shared import apply_errors
from gongkai.portal.people.forms import OrgEditForm, OrgForm

ORG_LIMIT = 2000


def _operator(request: HttpRequest) -> Actor:
    if not permissions.is_platform_operator(request.user):
        raise PermissionDenied("只有平台管理员可以管理组织机构。")
    return request.user


def _all_orgs() -> list[Organization]:
    return list(Organization.objects.order_by("path", "sort_order", "id")[:ORG_LIMIT])


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _operator(request)
    return render(request, "portal/people/orgs_home.html", {"tree": selectors.organization_tree()})


def _parent(pk: int | None) -> Organization | None:
    if pk is None:
        return None
    org = Organization.objects.filter(pk=pk).first()
    if org is None:
        raise ValidationFailed("上级机构不存在。", fields={"parent": ["所选上级机构不存在。"]})
    return org


@login_required
def org_new(request: HttpRequest) -> HttpResponse:
    actor = _operator(request)
    form = OrgForm(request.POST or None, orgs=_all_orgs())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = services.organization_create(
                actor=actor,
                name=data["name"],
                short_name=data["short_name"],
                level=data["level"],
                credit_code=data["credit_code"],
                slug=data["slug"],
                parent=_parent(data["parent"]),
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(form, ValidationFailed(exc.message, fields=exc.fields))
        else:
            messages.success(request, f"已创建机构：{org.name}。")
            return redirect("portal:orgs_home")
    return render(request, "portal/people/org_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _operator(request)
    org = Organization.objects.filter(pk=pk).first()
    if org is None:
        raise NotFound("未找到该机构。")
    # A move target outside the org's own subtree (the service refuses cycles too).
    targets = [o for o in _all_orgs() if not o.path.startswith(org.path)]
    initial = {"name": org.name, "short_name": org.short_name, "parent": org.parent_id}
    form = OrgEditForm(request.POST or None, orgs=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_update(
                actor=actor, org=org, name=data["name"], short_name=data["short_name"], parent=_parent(data["parent"])
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(form, ValidationFailed(exc.message, fields=exc.fields))
        else:
            messages.success(request, "机构信息已保存。")
            return redirect("portal:orgs_home")
    context = {"form": form, "org": org}
    return render(request, "portal/people/org_form.html", context, status=422 if form.errors else 200)
