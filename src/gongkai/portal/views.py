"""Public portal and staff landing pages. Thin: each view calls selectors and renders."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongkai.core.errors import ApplicationError, NotFound, PermissionDenied
from gongkai.disclosure import selectors as disclosure
from gongkai.orgs import permissions
from gongkai.orgs import selectors as orgs


def _site(org: Any) -> dict[str, Any]:
    """Pages about one organisation carry its name as the site name (see portal.context)."""
    return {"site_name": org.name, "site_org": org}


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "tree": orgs.organization_tree(),
        "recent": disclosure.publication_list_recent(limit=10),
    }
    return render(request, "portal/home.html", context)


def org_site(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    context = {
        **_site(org),
        "org": org,
        "ancestors": orgs.organization_ancestors(org),
        "tree": orgs.organization_tree(root=org),
        "recent": disclosure.publication_list_recent(org=org, limit=20),
    }
    return render(request, "portal/org.html", context)


def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = disclosure.publication_get_public(pk=pk)
    paragraphs = [p.strip() for p in item.body.split("\n") if p.strip()]
    context = {**_site(item.org), "item": item, "paragraphs": paragraphs}
    return render(request, "portal/publication.html", context)


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_staff_area(request.user):
        raise PermissionDenied("您的账号尚未分配任何机构角色，请联系本单位政务公开管理员。")
    context = {"memberships": orgs.memberships_of(request.user)}
    return render(request, "portal/staff_home.html", context)


def _error_page(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    # One mapping for both audiences: the API path gets problem+json, people get a page.
    if request.path.startswith("/api/"):
        response = JsonResponse(error.as_problem(request.path), status=error.http_status)
        response["Content-Type"] = "application/problem+json"
        return response
    return render(request, "portal/error.html", {"error": error}, status=error.http_status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, NotFound())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, PermissionDenied())


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, ApplicationError())


def server_error(request: HttpRequest) -> HttpResponse:
    error = ApplicationError("服务器内部错误，我们已记录此问题，请稍后再试。", code="server_error")
    error.http_status = 500  # type: ignore[misc]
    return _error_page(request, error)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    error = PermissionDenied("页面已过期或来源无法验证，请刷新页面后重新提交。", code="csrf_failed")
    return _error_page(request, error)
