"""The 答复公开栏 (participation.wall_reads): every list of it, on the page and in the API, of
everyone, of a mailbox and of a subtree's mailboxes, comes from the wall's partial indexes in
its ORDER BY order, on SQLite and PostgreSQL; a subtree either through each mailbox's index or by
walking the wall newest first (orgs.selectors.subtree_scope), with the same letters either way.
Without the indexes each page of a province's wall read and sorted every letter (bench/wall.py:
142 ms at 200,000 letters against 8 ms at 2,000)."""

import datetime
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.disclosure.tests.test_query_plans import explain, problems_of
from gongkai.orgs import selectors as orgs_selectors
from gongkai.participation import selectors, services
from gongkai.participation.models import Message, MessageState
from gongkai.participation.tests.test_mailbox import write

pytestmark = pytest.mark.django_db
D = datetime.date
TABLE = "participation_message"


@pytest.fixture
def letters(staff, org_tree) -> dict[str, Any]:
    """Answered letters: two to the county's mailbox, one to its health commission's, one whose
    writer did not agree to publication (never on the wall)."""
    county, dept = org_tree["county"], org_tree["dept"]
    made: dict[str, Any] = {}
    for name, mailbox, public, day in (
        ("county-1", county, True, 1),
        ("dept", dept, True, 2),
        ("county-2", county, True, 3),
        ("private", dept, False, 4),
    ):
        message, _ = write(mailbox, on=D(2025, 9, day), public=public)
        services.message_route(actor=staff["admin"], message=message, handling_org=dept, today=D(2025, 9, day))
        services.message_reply(actor=staff["editor"], message=message, reply="已修复。", today=D(2025, 9, day + 1))
        services.message_review(actor=staff["reviewer"], message=message, approve=True, today=D(2025, 9, day + 1))
        message.refresh_from_db()
        assert message.state == MessageState.ANSWERED and message.on_wall == public
        made[name] = message
    return made


def wall_urls(org_tree, letters) -> list[str]:
    county, dept = org_tree["county"], org_tree["dept"]
    return [
        "/mailbox/",
        "/mailbox/?page=2",
        f"/mailbox/?org={county.slug}",  # a mailbox and its subtree's
        f"/mailbox/?org={dept.slug}",
        f"/mailbox/{letters['dept'].pk}/",
        "/api/v1/mailbox/wall",
        f"/api/v1/mailbox/wall?org={county.slug}&page=1&page_size=2",
    ]


@pytest.mark.parametrize("small_subtree", [orgs_selectors.SMALL_SUBTREE, 1], ids=["subtree-by-orgs", "subtree-walked"])
def test_the_wall_is_read_from_its_indexes_in_order(org_tree, letters, small_subtree, monkeypatch):
    monkeypatch.setattr(orgs_selectors, "SMALL_SUBTREE", small_subtree)
    client = Client()
    checked, failures, subtree_reads = 0, [], set()
    for url in wall_urls(org_tree, letters):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        for query in captured.captured_queries:
            sql = query["sql"]
            if f'FROM "{TABLE}"' not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            if " ORDER BY " not in sql.upper() and "COUNT(" not in sql.upper():
                continue
            checked += 1
            by_orgs = f'"{TABLE}"."org_id" IN (' in sql
            if by_orgs:
                subtree_reads.add("by orgs")
            elif "+ 0) IN (" in sql:
                subtree_reads.add("walked")
            bad = problems_of(explain(sql), by_orgs=by_orgs, table=TABLE, org_index="msg_wall_org_recent")
            if bad:
                failures.append({"url": url, "sql": sql[sql.upper().find(" FROM ") :][:600], "bad": bad})
    assert checked >= len(wall_urls(org_tree, letters))
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)
    assert subtree_reads == ({"by orgs"} if small_subtree > 1 else {"walked"})

    # The same letters either way, newest first; a mailbox's subtree includes its departments'.
    county, dept = org_tree["county"], org_tree["dept"]
    assert [m.pk for m in selectors.reply_wall(org=county)] == [letters[k].pk for k in ("county-2", "dept", "county-1")]
    assert [m.pk for m in selectors.reply_wall(org=dept)] == [letters["dept"].pk]
    assert list(selectors.reply_wall(org=org_tree["sibling"])) == []
    page = client.get(f"/mailbox/?org={county.slug}").content.decode()
    shown = [int(pk) for pk in re.findall(r'href="/mailbox/(\d+)/"', page)]
    assert shown == [letters[k].pk for k in ("county-2", "dept", "county-1")]
    api = client.get(f"/api/v1/mailbox/wall?org={county.slug}&page=2&page_size=2").json()
    assert [row["id"] for row in api] == [letters["county-1"].pk]
    assert api[0]["org_name"] == county.name and api[0]["handling_org_name"] == dept.name


def test_the_check_flags_a_wall_sorted_by_what_no_index_holds(letters):
    """The detector is not trivially satisfied on this table: the wall in an order no index
    gives (the rating date) is a sort, or a full scan, on either database."""
    sql = str(
        Message.objects.filter(on_wall=True, wants_public=True)
        .exclude(state__constant=MessageState.DISMISSED)
        .order_by("-rated_on", "-id")
        .query
    )
    assert problems_of(explain(sql), table=TABLE, org_index="msg_wall_org_recent")


def test_the_walls_dismissed_state_is_written_into_the_query_not_bound(letters):
    """SQLite uses a partial index without reading each row only when it sees the query's term is
    the index's condition, which it cannot for a bound parameter (core.lookups)."""
    sql, params = selectors.reply_wall().query.sql_with_params()
    assert "\"state\" = 'dismissed'" in sql and MessageState.DISMISSED not in params
