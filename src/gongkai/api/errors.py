"""Every API error is RFC 9457 problem+json with a machine-readable `code`."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gongkai.api.problems import PROBLEM_STATUSES
from gongkai.core.errors import ApplicationError, NotFound, ValidationFailed

PROBLEM_JSON = "application/problem+json"


def problem_response(api: NinjaAPI, request: HttpRequest, problem: dict[str, Any]) -> HttpResponse:
    response = api.create_response(request, problem, status=problem["status"])
    response["Content-Type"] = PROBLEM_JSON
    return response


def _input_errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "request", []).append(_chinese_input_message(error))
    return fields


def _chinese_input_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "必填项缺失。"
    if "int" in kind:
        return "应为整数。"
    if "date" in kind:
        return "日期格式应为 YYYY-MM-DD。"
    if "string" in kind:
        return "应为文本。"
    if "json" in kind:
        return "请求体不是有效的 JSON。"
    return "格式不正确。"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return problem_response(api, request, exc.as_problem(request.path))

    @api.exception_handler(NinjaValidationError)
    def input_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        error = ValidationFailed("请求参数有误。", code="invalid_request", fields=_input_errors(exc))
        return problem_response(api, request, error.as_problem(request.path))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        problem = {
            "type": "urn:gongkai:problem:unauthenticated",
            "title": "需要有效的接口令牌（Authorization: Bearer <令牌>）。",
            "status": 401,
            "code": "unauthenticated",
            "instance": request.path,
        }
        response = problem_response(api, request, problem)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(OverflowError)
    def id_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # An id past the database's integer range names nothing that can exist.
        return problem_response(api, request, NotFound().as_problem(request.path))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(api, request, NotFound().as_problem(request.path))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # django-ninja's own messages are English ("Cannot parse request body"): the title a
        # person reads is the Chinese one for the status, the code the status's own.
        code, title = PROBLEM_STATUSES.get(exc.status_code, ("http_error", "请求无法处理。"))
        problem = {
            "type": f"urn:gongkai:problem:{code}",
            "title": title,
            "status": exc.status_code,
            "code": code,
            "instance": request.path,
        }
        return problem_response(api, request, problem)
