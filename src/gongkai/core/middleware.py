"""Turns application errors raised under a page view into the matching HTTP answer, and refuses
requests carrying NUL characters."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from gongkai.core.errors import ApplicationError
from gongkai.core.plain_errors import plain_error


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


# How a NUL looks in each body encoding: raw, percent-encoded in a form, escaped in JSON (a
# literal "%00" typed into a JSON text is just text, so each encoding has its own markers).
_NUL_MARKERS = {
    "application/x-www-form-urlencoded": (b"\x00", b"%00"),
    "application/json": (b"\x00", b"\\u0000"),
}


def reject_nul_characters(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Refuse a request whose text carries a NUL character, before any view sees it.

    No field of this platform may contain NUL, and PostgreSQL refuses to store or even compare
    one: left alone it turns any lookup into a server error. Answered 400 in Chinese (a page for
    people, problem+json ``nul_character`` for programs). File uploads are binary and are not
    scanned; their text fields are.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            return _nul_response(request)
        return get_response(request)

    return middleware


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or any("\x00" in v for vs in request.GET.lists() for v in vs[1] + [vs[0]]):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        return any("\x00" in v for vs in request.POST.lists() for v in vs[1] + [vs[0]])
    markers = _NUL_MARKERS.get(content_type, (b"\x00",))
    body = request.body
    return any(marker in body for marker in markers)


def _nul_response(request: HttpRequest) -> HttpResponse:
    return plain_error(
        request,
        status=400,
        code="nul_character",
        title="请求有误",
        message="请求中含有不允许的控制字符（NUL），请删除后重试。",
    )
