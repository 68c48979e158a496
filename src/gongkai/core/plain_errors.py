"""Error answers that need nothing but the request: no template, no context processor, no
session, no database. For failures that happen before a view runs or while the database is
down: problem+json with a code for the API, a bare Chinese page for people."""

import json

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape


def plain_error(
    request: HttpRequest, *, status: int, code: str, title: str, message: str, retry_after: int | None = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        problem = {
            "type": f"urn:gongkai:problem:{code}",
            "title": message,
            "status": status,
            "code": code,
            "instance": request.path.replace("\x00", ""),
        }
        response = HttpResponse(
            json.dumps(problem, ensure_ascii=False), status=status, content_type="application/problem+json"
        )
    else:
        page = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
            f"<p>{escape(message)}</p></main></body></html>"
        )
        response = HttpResponse(page, status=status, content_type="text/html; charset=utf-8")
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
