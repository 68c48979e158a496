"""Which orgs a public list is scoped to, and how that is written: a subtree that holds every org
needs no condition (a province's own pages: 5,000 ids written out cost 14 ms a list), a catalog
column's list is its own org's (what is filed in a column is its org's), and every org's policies
are read kind by kind from the kind's index with their orgs after the page's rows."""

import datetime
import re
from typing import Any

import pytest
from conftest import make_credit_code
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.disclosure import public_reads, selectors, services
from gongkai.disclosure.models import CatalogNode, Publication
from gongkai.disclosure.public_reads import POLICY_KINDS, PublicFilters
from gongkai.disclosure.tests.conftest import content
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role
from gongkai.orgs.services import organization_create

pytestmark = pytest.mark.django_db

# The list's query among a page's: the one ordered newest first.
LIST = re.compile(r'ORDER BY "disclosure_publication"\."published_on" DESC')


@pytest.fixture
def items(org_tree, make_user, superuser) -> dict[str, Any]:
    """One item published by the county, filed in its column 通知公告, and copies of it spread over
    the city's orgs (a day apart, three kinds in turn), the county's filed in the column too."""
    county = org_tree["county"]
    editor = make_user("editor", org=county, role=Role.EDITOR)
    approver = make_user("approver", org=county, role=Role.APPROVER)
    reviewer = make_user("reviewer", org=county, role=Role.REVIEWER)
    column = CatalogNode.objects.create(org=county, name="通知公告", code="tzgg")
    column.path = f"/{column.pk}/"
    column.save()
    draft, _ = services.publication_create_draft(
        actor=editor, org=county, content=content(title="石城县通知", catalog_node_ids=[column.pk])
    )
    services.publication_submit(actor=editor, publication=draft)
    services.publication_decide(actor=reviewer, publication=draft, decision="approve")
    services.publication_decide(actor=approver, publication=draft, decision="approve")
    first = services.publication_publish(actor=approver, publication=draft)
    orgs = [org_tree["city"], county, org_tree["dept"], org_tree["township"], org_tree["sibling"]]
    rows = []
    for i in range(40):
        row = Publication.objects.get(pk=first.pk)
        row.pk = None
        row.index_number = f"COPY-{i}"
        row.title = f"第{i}号文件"
        row.org = orgs[i % len(orgs)]
        row.published_on = datetime.date(2021, 1, 1) + datetime.timedelta(days=i)
        row.kind = ["policy", "notice", "normative"][i % 3]
        row.filed_in = first.filed_in if row.org == county else ""
        rows.append(row)
    Publication.objects.bulk_create(rows)
    Publication.catalog_nodes.through.objects.bulk_create(
        Publication.catalog_nodes.through(publication_id=row.pk, catalognode_id=column.pk)
        for row in rows
        if row.org == county
    )
    return {"org_tree": org_tree, "column": column, "superuser": superuser}


def _list_sql(captured: CaptureQueriesContext) -> str:
    (sql,) = [q["sql"] for q in captured.captured_queries if LIST.search(q["sql"])]
    return sql


def _ids(filters: PublicFilters) -> list[int]:
    return list(selectors.publication_list_public(filters).values_list("pk", flat=True))


def test_a_large_subtree_that_holds_every_org_is_listed_without_an_org_condition(items, monkeypatch):
    city = Organization.objects.get(pk=items["org_tree"]["city"].pk)  # the only root
    everything = _ids(PublicFilters())
    assert len(everything) == 41
    # Within the bound, each org's rows through its index (the ids written out).
    with CaptureQueriesContext(connection) as captured:
        assert _ids(PublicFilters(org=city)) == everything
    assert '"disclosure_publication"."org_id" IN (' in _list_sql(captured)

    monkeypatch.setattr(public_reads, "SMALL_SUBTREE", 2)  # the city's five orgs are past it
    city = Organization.objects.get(pk=city.pk)
    with CaptureQueriesContext(connection) as captured:
        assert _ids(PublicFilters(org=city)) == everything
    sql = _list_sql(captured)
    assert "org_id" not in sql[sql.find(" WHERE ") :], sql
    # The subtree's ids read only as far as one past the bound, to know it is past it.
    path_like = re.compile(r'"orgs_organization"\."path"(::text)? LIKE')
    (path_read,) = [q["sql"] for q in captured.captured_queries if path_like.search(q["sql"])]
    assert path_read.endswith("LIMIT 3"), path_read
    # A page's next list of the same org (a site's home has four) reads neither again.
    with CaptureQueriesContext(connection) as again:
        assert _ids(PublicFilters(org=city, kind="policy"))
    assert not [q for q in again.captured_queries if '"orgs_organization"' in q["sql"]]

    # Another root: the city's subtree is no longer everything, and is written out again.
    other = organization_create(
        actor=items["superuser"],
        name="另一个市人民政府",
        level="city",
        credit_code=make_credit_code("360800"),
        slug="another-city",
    )
    stranger = Publication.objects.get(index_number="COPY-0")
    stranger.pk, stranger.index_number, stranger.org = None, "COPY-X", other
    stranger.save()
    city = Organization.objects.get(pk=city.pk)
    with CaptureQueriesContext(connection) as captured:
        assert _ids(PublicFilters(org=city)) == everything
    assert '"org_id" + 0) IN (' in _list_sql(captured)
    assert stranger.pk in _ids(PublicFilters())


def test_a_columns_list_is_its_own_orgs_whatever_subtree_is_asked(items):
    org_tree, column = items["org_tree"], items["column"]
    county = Organization.objects.get(pk=org_tree["county"].pk)
    filed = set(Publication.objects.filter(catalog_nodes=column).values_list("pk", flat=True))
    assert len(filed) == 9  # the first item and the county's eight copies
    with CaptureQueriesContext(connection) as captured:
        listed = _ids(PublicFilters(org=county, node=column))
    assert set(listed) == filed and len(listed) == len(filed)
    # The column's nodes read through its org's index, unsorted, without its orgs; the county's
    # subtree is not read at all (the column is the county's own).
    (nodes,) = [q["sql"] for q in captured.captured_queries if 'FROM "disclosure_catalognode"' in q["sql"]]
    assert f'"disclosure_catalognode"."org_id" = {county.pk}' in nodes and "JOIN" not in nodes, nodes
    assert "ORDER BY" not in nodes, nodes
    assert not [q for q in captured.captured_queries if '"orgs_organization"' in q["sql"]]
    assert re.search(
        rf'"disclosure_publication"\."org_id"\)? ?(?:\+ 0\) IN \({county.pk}\)|= {county.pk})', _list_sql(captured)
    )
    # Asked under an org above it: the same; under an org beside it: nothing.
    assert set(_ids(PublicFilters(org=org_tree["city"], node=column))) == filed
    assert _ids(PublicFilters(org=org_tree["sibling"], node=column)) == []
    assert _ids(PublicFilters(org=org_tree["dept"], node=column)) == []


@pytest.mark.parametrize("scope", ["", "ganzhou"], ids=["every-org", "the-only-root"])
def test_every_orgs_policies_come_kind_by_kind_with_their_orgs_after_the_rows(items, scope):
    """The policy library of every org, or of the only root's subtree (the same rows)."""
    expected = list(
        selectors.publication_list_public()
        .filter(kind__in=[k.value for k in POLICY_KINDS])
        .values_list("title", "org_id")[:20]
    )
    assert len(expected) == 20
    with CaptureQueriesContext(connection) as captured:
        response = Client().get("/policies/", {"org": scope} if scope else {})
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.findall(r"第\d+号文件", html)
    assert shown == [title for title, _ in expected if title.startswith("第")]
    names = {org.pk: org.display_name for org in Organization.objects.all()}
    assert re.findall(r'<span class="org">([^<]+)</span>', html) == [names[org_id] for _, org_id in expected]
    sql = _list_sql(captured)
    assert '"disclosure_publication"."kind" IN (' in sql and "JOIN" not in sql, sql
    # SQLite: id = 3 OR id = 5 ...; PostgreSQL: ("orgs_organization"."id") IN ((3), (5), ...)
    by_key = re.compile(r'^SELECT "orgs_organization".* WHERE \(*"orgs_organization"\."id"\)? (IN \(|= )')
    org_reads = [q["sql"] for q in captured.captured_queries if by_key.search(q["sql"])]
    assert len(org_reads) == 1, org_reads  # the page's orgs by key, once
    # Its count is of the same rows (14 policies and 13 normative documents of the copies).
    total = selectors.publication_list_public().filter(kind__in=[k.value for k in POLICY_KINDS]).count()
    assert total == 27 and "共 27 条" in html
