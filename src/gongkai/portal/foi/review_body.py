"""The 行政复议机关 page of an org (back office): what its reply letters name, derived from the
org tree (《行政复议法》第二十四条), and the admin's setting for vertically led bodies (第二十七条)
or an override, each with its reason (the services audit it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.foi import permissions, selectors, services
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import apply_errors, require_staff
from gongkai.portal.foi import forms as f


@login_required
def review_body_page(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_view_case(request.user, org):
        raise PermissionDenied("您无权查看该机关的依申请公开设置。")
    can_set = permissions.can_set_review_body(request.user, org)
    setting = selectors.review_body_setting_of(org)
    initial = (
        {"vertical_system": setting.vertical_system, "body_name": setting.body_name, "reason": setting.reason}
        if setting
        else {}
    )
    form = f.ReviewBodyForm(request.POST if request.POST.get("op") == "set" else None, initial=initial)
    clear = f.ReviewBodyClearForm(request.POST if request.POST.get("op") == "clear" else None)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied("只有本机关的政务公开管理员可以设置行政复议机关。")
        try:
            if request.POST.get("op") == "clear" and clear.is_valid():
                services.review_body_clear(actor=request.user, org=org, reason=clear.cleaned_data["reason"])
                messages.success(request, "已恢复按机构层级确定的行政复议机关。")
                return redirect("portal:foi_review_body", org_id=org.pk)
            if request.POST.get("op") == "set" and form.is_valid():
                d = form.cleaned_data
                services.review_body_set(
                    actor=request.user,
                    org=org,
                    vertical_system=d["vertical_system"],
                    body_name=d["body_name"],
                    reason=d["reason"],
                )
                messages.success(request, "已保存行政复议机关设置。")
                return redirect("portal:foi_review_body", org_id=org.pk)
        except ValidationFailed as exc:
            apply_errors(form if request.POST.get("op") == "set" else clear, exc)
    context = {
        "org": org,
        "body": selectors.review_body_of(org),
        "setting": setting,
        "can_set": can_set,
        "form": form,
        "clear": clear,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/foi/review_body.html", context, status=status)
