"""The last-resort error handler: a database that is down or restarting is a 503, not a 500.

Django calls ``handler500`` inside the ``except`` block of whatever failed (a view, a middleware,
a template), so the exception is at hand here. A lost connection (``OperationalError``,
``InterfaceError``) is temporary: the answer says so, in Chinese for people and as
problem+json ``database_unavailable`` for programs, with ``Retry-After``. The page is rendered
without the database (no context processors, no session), since the database is what failed.
Anything else goes to the portal's ordinary 500 page.
"""

import json
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

RETRY_AFTER_SECONDS = 30

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务暂时不可用</title></head>
<body><main><h1>服务暂时不可用</h1>
<p>数据库暂时无法连接，请稍后（约 {seconds} 秒后）刷新重试。您已提交成功的内容不会丢失。</p>
<p>错误代码：database_unavailable</p></main></body></html>
"""


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        problem = {
            "type": "urn:gongkai:problem:database_unavailable",
            "title": "数据库暂时不可用，请稍后重试。",
            "status": 503,
            "code": "database_unavailable",
            "instance": request.path,
        }
        response = HttpResponse(
            json.dumps(problem, ensure_ascii=False), status=503, content_type="application/problem+json"
        )
    else:
        response = HttpResponse(
            _PAGE.format(seconds=RETRY_AFTER_SECONDS), status=503, content_type="text/html; charset=utf-8"
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    from gongkai.portal.views import server_error as portal_server_error

    return portal_server_error(request)
