"""人员与角色: an org admin's pages for the staff of their subtree. Each view calls one orgs
service; the services check the permissions and audit every change."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.core.actors import Actor
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs import permissions, selectors, services, twofactor
from gongkai.orgs.models import Membership, Organization
from gongkai.portal._shared import apply_errors, error_text, id_or_404, require_staff
from gongkai.portal.people.forms import GrantForm, StaffForm

ROW_LIMIT = 1000


def _admin(request: HttpRequest) -> tuple[Actor, list[Organization]]:
    actor = require_staff(request)
    orgs = selectors.managed_orgs(actor)
    if not orgs:
        raise PermissionDenied("只有政务公开办管理员可以管理人员与角色。")
    return actor, orgs


def _managed_org(orgs: list[Organization], org_id: Any) -> Organization:
    pk = id_or_404(org_id, "未找到该机构。")
    for org in orgs:
        if org.pk == pk:
            return org
    raise NotFound("未找到该机构。")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Who holds which role where: one table per administered subtree."""
    actor, orgs = _admin(request)
    roots = selectors.managed_roots(actor)
    wanted = request.GET.get("org")
    if wanted:
        roots = [_managed_org(orgs, wanted)]
    sections = []
    for root in roots[:50]:
        rows = selectors.role_holders(root, limit=ROW_LIMIT)
        sections.append({"org": root, "rows": rows, "capped": len(rows) >= ROW_LIMIT})
    return render(request, "portal/people/home.html", {"sections": sections, "orgs": orgs, "row_limit": ROW_LIMIT})


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    actor, orgs = _admin(request)
    initial = {"org": request.GET.get("org")} if request.GET.get("org") else None
    form = StaffForm(request.POST or None, orgs=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.staff_create(
                actor=actor,
                username=data["username"],
                name=data["name"],
                email=data["email"],
                org=_managed_org(orgs, data["org"]),
                role=data["role"],
            )
        except (ValidationFailed, Conflict) as exc:
            apply_errors(form, ValidationFailed(exc.message, fields=exc.fields))
        else:
            messages.success(request, f"已添加工作人员 {user.get_username()}。请生成设置密码链接交给本人。")
            return redirect("portal:people_person", user.pk)
    status = 422 if form.errors else 200
    return render(request, "portal/people/staff_form.html", {"form": form}, status=status)


def _person_context(actor: Actor, user: User, orgs: list[Organization], **extra: Any) -> dict[str, Any]:
    memberships = list(selectors.memberships_of(user))
    return {
        "person": user,
        "memberships": [(m, permissions.can_manage_memberships(actor, m.org)) for m in memberships],
        "grant_form": extra.pop("grant_form", None) or GrantForm(orgs=orgs, auto_id="id_grant_%s"),
        "enrolled": twofactor.is_enrolled(user),
        "is_self": user.pk == actor.pk,
        **extra,
    }


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    actor, orgs = _admin(request)
    user = services.staff_get(actor=actor, pk=pk)
    return render(request, "portal/people/person.html", _person_context(actor, user, orgs))


@login_required
@require_POST
def person_grant(request: HttpRequest, pk: int) -> HttpResponse:
    actor, orgs = _admin(request)
    user = services.staff_get(actor=actor, pk=pk)
    form = GrantForm(request.POST, orgs=orgs, auto_id="id_grant_%s")
    if form.is_valid():
        org = _managed_org(orgs, form.cleaned_data["org"])
        try:
            services.membership_grant(actor=actor, user=user, org=org, role=form.cleaned_data["role"])
        except (ValidationFailed, Conflict) as exc:
            apply_errors(form, ValidationFailed(exc.message, fields=exc.fields))
        else:
            messages.success(request, "已分配角色。")
            return redirect("portal:people_person", user.pk)
    context = _person_context(actor, user, orgs, grant_form=form)
    return render(request, "portal/people/person.html", context, status=422)


@login_required
@require_POST
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor, _ = _admin(request)
    membership = Membership.objects.select_related("org", "user").filter(pk=pk).first()
    if membership is None or not permissions.can_manage_memberships(actor, membership.org):
        raise NotFound("未找到该角色。")
    services.membership_revoke(actor=actor, membership=membership)
    messages.success(
        request,
        f"已撤销 {membership.user.get_username()} 在{membership.org.name}的“{membership.get_role_display()}”角色。",
    )
    if permissions.can_manage_user(actor, membership.user):
        return redirect("portal:people_person", membership.user_id)
    return redirect("portal:people_home")


@login_required
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    actor, _ = _admin(request)
    user = services.staff_get(actor=actor, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.staff_set_active(actor=actor, user=user, active=active)
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "账号已恢复。" if active else "账号已停用，该人员将无法登录。")
    return redirect("portal:people_person", user.pk)


@login_required
@require_POST
def person_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a one-time password link once, on this response only; it is never stored."""
    actor, orgs = _admin(request)
    user = services.staff_get(actor=actor, pk=pk)
    try:
        uidb64, token = services.staff_password_link(actor=actor, user=user)
    except ValidationFailed as exc:
        messages.error(request, error_text(exc))
        return redirect("portal:people_person", user.pk)
    link = request.build_absolute_uri(reverse("portal:people_reset", args=[uidb64, token]))
    return render(request, "portal/people/person.html", _person_context(actor, user, orgs, reset_link=link))


@login_required
@require_POST
def org_two_factor(request: HttpRequest, org_id: int) -> HttpResponse:
    actor, orgs = _admin(request)
    org = _managed_org(orgs, org_id)
    required = request.POST.get("required") == "1"
    twofactor.organization_set_two_factor(actor=actor, org=org, required=required)
    messages.success(request, f"{org.name}：管理员和签发人{'须' if required else '不再强制'}使用两步验证。")
    return redirect(reverse("portal:people_home") + f"?org={org.pk}")
