"""A block of statements is stopped past its database time, on the database that runs the tests
(SQLite's progress handler, PostgreSQL's statement_timeout). The anonymous reads bound by it:
portal/tests/test_query_budget_requests.py."""

import time

import pytest
from django.db import connection, transaction

from gongkai.core.query_budget import QueryTooCostly, database_time_budget

pytestmark = pytest.mark.django_db


def endless_statement() -> str:
    """A statement that runs until something stops it."""
    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(30)"
    return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"


def short_statement() -> str:
    """Some milliseconds of work."""
    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(0.01)"
    return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT COUNT(*) FROM c"


def statement_timeout() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_statement_past_the_budget_is_stopped_inside_it_and_the_connection_is_left_as_it_was():
    before = statement_timeout()
    start = time.monotonic()
    # In a savepoint: a cancelled statement aborts the test's transaction on PostgreSQL (a
    # request's statements run in autocommit).
    with (
        pytest.raises(QueryTooCostly) as exc,
        database_time_budget(0.2),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(endless_statement())
    assert time.monotonic() - start < 5  # stopped, not left to run its 30 seconds
    assert exc.value.http_status == 422 and exc.value.code == "query_too_costly"
    assert "缩小范围" in exc.value.message
    assert statement_timeout() == before  # the next request on this connection is not bound
    with connection.cursor() as cursor:  # and nothing interrupts its statements any more
        cursor.execute(short_statement())
        assert cursor.fetchone() is not None


def test_the_budget_is_the_sum_of_the_statements():
    """Many short statements together: the one that goes past the sum is refused."""
    ran = 0
    with pytest.raises(QueryTooCostly), database_time_budget(0.1), transaction.atomic(), connection.cursor() as cursor:
        for _ in range(1000):
            cursor.execute(short_statement())
            ran += 1
    assert 1 <= ran < 1000


def test_statements_within_the_budget_run():
    with database_time_budget(5.0), connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute(short_statement())
    assert cursor is not None


@pytest.mark.django_db(transaction=True)  # outside a test's transaction, which a close would break
def test_a_connection_closed_inside_the_block_ends_it_quietly():
    """A view may close the connection (Django opens another at the next statement); the bound
    then has nothing to undo on the old one."""
    with database_time_budget(5.0):
        connection.close()
    with connection.cursor() as cursor:
        cursor.execute(short_statement())
        assert cursor.fetchone() is not None
