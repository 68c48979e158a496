"""A bound on the database time of one anonymous read (GET, HEAD): past it the request is answered
QueryTooCostly instead of running on.

The public lists and the API take filters in any combination, and a combination that matches
little in a large subtree (a topic no item of a city's 100,000 has, a column of a county with a
kind) reads every row of the subtree to find it, twice (the page and its capped count): 316 ms
for a county of bench/pages.py's million, seconds for a city of several hundred thousand. Indexes
cannot serve every combination; this bound keeps any of them from costing more than
GONGKAI_ANONYMOUS_QUERY_SECONDS of database time (the brief: one anonymous request never costs
more than a second).

Only database time counts (each statement's, summed), so a slow first request of a fresh worker
or a busy machine does not trip it. SQLite is interrupted inside a statement by a progress
handler; PostgreSQL by its statement_timeout. Writes (a citizen's application, a comment) are
never cut off: a wait for the writer's lock is not a costly query.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse

from gongkai.core.errors import ApplicationError

__all__ = ["QueryTooCostly", "anonymous_read_budget", "database_time_budget"]

# SQLite virtual-machine instructions between two looks at the clock: some tens of microseconds.
PROGRESS_STEPS = 20_000


class QueryTooCostly(ApplicationError):
    http_status = 422
    default_code = "query_too_costly"
    default_message = "这组查询条件需要检索的信息过多，请增加机构、年份、体裁等条件缩小范围后再试。"


class _Budget:
    """The request's database time; armed on the connection at its first statement (a request
    that reads nothing, or whose database is down, never opens a connection for it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0  # database time of the statements that have ended
        self.started: float | None = None  # the running statement's start
        # Once refused, the request's answer is the refusal, and the page that says so reads the
        # site's name and menus: those statements run (each within PostgreSQL's timeout).
        self.refused = False
        self.armed: Any = None  # the driver's connection the bound is set on
        self.previous_timeout: str | None = None  # PostgreSQL's statement_timeout before

    def exceeded(self) -> bool:
        if self.refused:
            return False
        running = time.monotonic() - self.started if self.started is not None else 0.0
        return self.spent + running > self.seconds

    def refuse(self) -> QueryTooCostly:
        self.refused = True
        return QueryTooCostly()

    def wrap(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if self.exceeded():
            raise self.refuse()
        raw = context["connection"].connection
        if raw is not self.armed:  # the first statement, or on a connection opened since
            self.arm(raw)
        self.started = time.monotonic()
        try:
            return execute(sql, params, many, context)
        except DatabaseError as exc:
            if self.exceeded() or (not self.refused and _cancelled(exc)):
                raise self.refuse() from exc
            raise
        finally:
            self.spent += time.monotonic() - self.started
            self.started = None

    def arm(self, raw: Any) -> None:
        if connection.vendor == "postgresql":
            # On the driver's connection: not one of the request's statements (nor logged as
            # one). Inside a transaction (a test's) the setting is the transaction's, ending with it.
            self.previous_timeout = raw.execute("SHOW statement_timeout").fetchone()[0]
            _set_statement_timeout(raw, f"{max(1, int(self.seconds * 1000))}ms")
        else:
            raw.set_progress_handler(lambda: 1 if self.exceeded() else 0, PROGRESS_STEPS)
        self.armed = raw

    def disarm(self) -> None:
        raw, self.armed = self.armed, None
        if raw is None:
            return
        if self.previous_timeout is None:
            with suppress(sqlite3.ProgrammingError):  # closed by the view: its handler went with it
                raw.set_progress_handler(None, 0)
        elif raw is connection.connection:
            _restore_statement_timeout(self.previous_timeout)


def _cancelled(exc: DatabaseError) -> bool:
    """PostgreSQL's statement_timeout (SQLSTATE 57014, query_canceled)."""
    return getattr(exc.__cause__, "sqlstate", None) == "57014"


@contextmanager
def database_time_budget(seconds: float) -> Iterator[None]:
    """Statements on the default connection inside this block may take `seconds` together; the
    one that goes past is stopped and QueryTooCostly raised."""
    budget = _Budget(seconds)
    try:
        with connection.execute_wrapper(budget.wrap):
            yield
    finally:
        budget.disarm()


def _set_statement_timeout(raw: Any, value: str) -> None:
    raw.execute("SELECT set_config('statement_timeout', %s, %s)", [value, connection.in_atomic_block])


def _restore_statement_timeout(previous: str) -> None:
    """The connection outlives the request (CONN_MAX_AGE): the next request on it, a staff
    member's report, must not inherit the bound. Closed instead when it cannot be set back."""
    try:
        _set_statement_timeout(connection.connection, previous)
    except Exception:  # the driver's own errors (a transaction the bound cut short): give it up
        if not connection.in_atomic_block:  # a transaction's own setting ends with it
            connection.close()


# The staff API authenticates by token in each operation (api/auth.py), not in a middleware: its
# reads are not the public's, and without a valid token they answer 401 before any query.
STAFF_API = "/api/v1/staff/"


def anonymous_read_budget(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """The budget around every anonymous GET and HEAD (after authentication: signed-in staff and
    the staff API are not limited)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        seconds = settings.GONGKAI_ANONYMOUS_QUERY_SECONDS
        user = getattr(request, "user", None)
        public = (user is None or not user.is_authenticated) and not request.path.startswith(STAFF_API)
        if not seconds or request.method not in ("GET", "HEAD") or not public:
            return get_response(request)
        with database_time_budget(seconds):
            return get_response(request)

    return middleware
