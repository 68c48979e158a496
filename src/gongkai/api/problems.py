"""Every API error is problem+json, and the OpenAPI document says so.

``ProblemAPI`` adds the problem responses a client must expect to every operation of the
OpenAPI document (schemathesis and client generators read them), and ``problem_fallback``
turns the few answers Django or django-ninja produce outside our exception handlers (405 for a
method a path does not take, for one) into the same problem+json, with a Chinese title.
"""

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

PROBLEM_JSON = "application/problem+json"

# What each status means to a client of this API, in the words a person reads.
PROBLEM_STATUSES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求格式有误，无法解析。"),
    401: ("unauthenticated", "需要有效的接口令牌（Authorization: Bearer <令牌>）。"),
    403: ("permission_denied", "您没有执行此操作的权限。"),
    404: ("not_found", "未找到所请求的内容。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    409: ("conflict", "当前状态下不能执行此操作。"),
    410: ("gone", "该信息已撤回。"),
    413: ("payload_too_large", "提交的内容过大。"),
    422: ("validation_failed", "提交的内容有误，请检查后重试。"),
    429: ("rate_limited", "请求过于频繁，请稍后再试。"),
    503: ("service_unavailable", "服务暂时不可用，请稍后再试。"),
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details；code 为机器可读的错误代码，title 为中文说明。",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["type", "title", "status", "code"],
    "additionalProperties": True,
}


class ProblemAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        reference = {"$ref": "#/components/schemas/Problem"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                for status, (_, title) in PROBLEM_STATUSES.items():
                    if status == 401 and not operation.get("security"):
                        continue
                    entry = responses.setdefault(status, {"description": title})
                    entry.setdefault("content", {})[PROBLEM_JSON] = {"schema": reference}
        return schema


def problem_fallback(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: an API error answer that is not problem+json yet becomes one."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            not request.path.startswith("/api/")
            or response.status_code < 400
            or response.get("Content-Type", "").startswith((PROBLEM_JSON, "application/json"))
        ):
            return response
        code, title = PROBLEM_STATUSES.get(response.status_code, ("http_error", "请求无法处理。"))
        problem = {
            "type": f"urn:gongkai:problem:{code}",
            "title": title,
            "status": response.status_code,
            "code": code,
            "instance": request.path,
        }
        replacement = HttpResponse(
            json.dumps(problem, ensure_ascii=False), status=response.status_code, content_type=PROBLEM_JSON
        )
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    return middleware
