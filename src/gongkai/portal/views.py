"""Error pages for the whole site (the handlers config.urls and settings name): one mapping of
application errors for both audiences, problem+json under /api/ and a page for people."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongkai.core.errors import ApplicationError, NotFound, PermissionDenied


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


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer for a flood from one address (django-ratelimit), in Chinese, with 429."""
    error = ApplicationError("提交过于频繁，请稍后再试。", code="rate_limited")
    error.http_status = 429  # type: ignore[misc]
    return _error_page(request, error)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    error = PermissionDenied("页面已过期或来源无法验证，请刷新页面后重新提交。", code="csrf_failed")
    return _error_page(request, error)
