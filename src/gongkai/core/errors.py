"""The one application-error hierarchy.

Services raise these; the page middleware and the API exception handler turn them into
HTTP answers through `http_status` and `code`, in one place each (core.middleware and
api.errors), so a rule broken through the portal and through the API reads the same.
Messages are for people and therefore in Simplified Chinese; codes are for programs.
"""

from collections.abc import Mapping
from typing import Any, ClassVar


class ApplicationError(Exception):
    http_status: ClassVar[int] = 400
    default_code: ClassVar[str] = "bad_request"
    default_message: ClassVar[str] = "请求无法处理。"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: Mapping[str, list[str]] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.code = code or self.default_code
        self.fields = dict(fields or {})
        self.extra = dict(extra or {})
        super().__init__(self.message)

    def as_problem(self, instance: str = "") -> dict[str, Any]:
        """RFC 9457 problem details, with our machine-readable code."""
        problem: dict[str, Any] = {
            "type": f"urn:gongkai:problem:{self.code}",
            "title": self.message,
            "status": self.http_status,
            "code": self.code,
        }
        if instance:
            problem["instance"] = instance
        if self.fields:
            problem["errors"] = self.fields
        problem.update(self.extra)
        return problem


class PermissionDenied(ApplicationError):
    http_status = 403
    default_code = "permission_denied"
    default_message = "您没有执行此操作的权限。"


class NotFound(ApplicationError):
    """Also used where a record exists but the actor may not learn that it does."""

    http_status = 404
    default_code = "not_found"
    default_message = "未找到所请求的内容。"


class Gone(ApplicationError):
    """The record existed publicly and was withdrawn (撤回); the public learns only that."""

    http_status = 410
    default_code = "gone"
    default_message = "该信息已撤回。"


class Conflict(ApplicationError):
    """The action is not allowed in the record's current state (an illegal transition)."""

    http_status = 409
    default_code = "conflict"
    default_message = "当前状态下不能执行此操作。"


class ValidationFailed(ApplicationError):
    http_status = 422
    default_code = "validation_failed"
    default_message = "提交的内容有误，请检查后重试。"


class ServiceUnavailable(ApplicationError):
    http_status = 503
    default_code = "service_unavailable"
    default_message = "服务暂时不可用，请稍后再试。"
