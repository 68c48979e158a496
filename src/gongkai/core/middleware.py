"""Turns application errors raised under a page view into the matching HTTP answer."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from gongkai.core.errors import ApplicationError


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if request.path.startswith("/api/"):
            # The API renders its own problem+json answers; this only catches pages.
            return None
        response = TemplateResponse(
            request,
            "portal/error.html",
            {"error": exception, "status": exception.http_status},
            status=exception.http_status,
        )
        return response.render()
