"""The last-resort error handler: a database that is down or restarting is a 503, not a 500.

Django calls ``handler500`` inside the ``except`` block of whatever failed (a view, a middleware,
a template), so the exception is at hand here. A lost connection (``OperationalError``,
``InterfaceError``) is temporary: the answer says so, in Chinese for people and as
problem+json ``database_unavailable`` for programs, with ``Retry-After``. The page is rendered
without the database (no context processors, no session), since the database is what failed.
Anything else goes to the portal's ordinary 500 page.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from gongkai.core.plain_errors import plain_error

RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response = plain_error(
        request,
        status=503,
        code="database_unavailable",
        title="服务暂时不可用",
        message="数据库暂时无法连接，请稍后刷新重试。您已提交成功的内容不会丢失。",
        retry_after=RETRY_AFTER_SECONDS,
    )
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    from gongkai.portal.views import server_error as portal_server_error

    return portal_server_error(request)
