"""catalog_tree's counts: the public items filed under each column and the columns beneath it."""

import datetime
import importlib
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.apps import apps
from django.db import connection

from gongkai.disclosure import public_reads, selectors, services
from gongkai.disclosure.models import CatalogNode, Publication
from gongkai.disclosure.tests.conftest import content
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def counts(org: Any) -> dict[str, int]:
    flat: dict[str, int] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            flat[item["node"].code] = item["count"]
            walk(item["children"])

    walk(selectors.catalog_tree(org))
    return flat


def test_counts_take_public_items_only_per_column_and_sum_the_columns_beneath(org_tree, superuser, make_user):
    dept, sibling = org_tree["dept"], org_tree["sibling"]
    admin = make_user("admin", org=dept, role=Role.ADMIN)
    editor = make_user("editor", org=dept, role=Role.EDITOR)
    reviewer = make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER)
    approver = make_user("approver", org=org_tree["county"], role=Role.APPROVER)
    with time_machine.travel(NOON, tick=False) as clock:
        services.catalog_ensure_default(org=dept)
        parent = services.catalog_node_create(actor=admin, org=dept, name="财政信息", code="cz", parent=None)
        services.catalog_node_create(actor=admin, org=dept, name="预算", code="ys", parent=parent)
        services.catalog_node_create(actor=admin, org=dept, name="决算", code="js", parent=parent)

        def imported(key: str, codes: list[str], org: Any = dept) -> Publication:
            values: dict[str, Any] = {"title": f"信息{key}", "body": "正文", "published_on": datetime.date(2026, 6, 1)}
            item, _ = services.publication_import(
                actor=superuser, org=org, source_key=key, catalog_codes=codes, **values
            )
            return item

        imported("a", ["ys"])
        imported("b", ["ys", "cz"])  # in two columns: counted in each, once in 财政信息
        withdrawn = imported("c", ["ys"])
        services.publication_withdraw(actor=approver, publication=withdrawn, reason="内容有误")
        imported("d", ["js"])
        imported("e", [])  # no column given: filed by its kind, under 通知公告 (in 法定主动公开内容)
        # Another org's item never counts here.
        services.catalog_ensure_default(org=sibling)
        imported("f", [], org=sibling)
        # Approved and scheduled for two hours later: not public yet.
        draft, _ = services.publication_create_draft(
            actor=editor, org=dept, content=content(title="定时发布", catalog_node_ids=[parent.pk])
        )
        services.publication_submit(actor=editor, publication=draft)
        services.publication_decide(actor=reviewer, publication=draft, decision="approve")
        services.publication_decide(actor=approver, publication=draft, decision="approve")
        services.publication_publish(actor=approver, publication=draft, at=NOON + datetime.timedelta(hours=2))
        listed = {code: n for code, n in counts(dept).items() if n}
        assert listed == {"cz": 3, "ys": 2, "js": 1, "statutory": 1, "notices": 1}
        assert_counts_are_the_lists(dept)
        clock.move_to(NOON + datetime.timedelta(hours=3))
        listed = {code: n for code, n in counts(dept).items() if n}
        assert listed == {"cz": 4, "ys": 2, "js": 1, "statutory": 1, "notices": 1}
        assert_counts_are_the_lists(dept)


def assert_counts_are_the_lists(org: Any) -> None:
    """Each column's count is the length of its public list (what its pager says), and the list
    is the same read either way: by the column's ids (a small column) or by walking the org's
    list and probing each row's links (a large one)."""
    for node in CatalogNode.objects.filter(org=org):
        lists = []
        for small_column in (public_reads.SMALL_COLUMN, 0):
            with mock.patch.object(public_reads, "SMALL_COLUMN", small_column):
                filters = selectors.PublicFilters(org=org, node=node)
                lists.append(list(selectors.publication_list_public(filters).values_list("pk", flat=True)))
        assert lists[0] == lists[1], node.code
        assert counts(org)[node.code] == len(lists[0]), node.code


def test_the_migration_copies_each_publications_links(org_tree, superuser):
    dept = org_tree["dept"]
    services.catalog_ensure_default(org=dept)
    values: dict[str, Any] = {"body": "正文", "published_on": datetime.date(2026, 6, 1)}
    two, _ = services.publication_import(
        actor=superuser, org=dept, source_key="two", title="两栏", catalog_codes=["plans", "notices"], **values
    )
    one, _ = services.publication_import(
        actor=superuser, org=dept, source_key="one", title="一栏", catalog_codes=["plans"], **values
    )
    expected = dict(Publication.objects.values_list("pk", "filed_in"))
    assert expected[two.pk].count(",") == 1 and "," not in expected[one.pk]
    Publication.objects.update(filed_in="")
    migration = importlib.import_module("gongkai.disclosure.migrations.0010_publication_filed_in")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert dict(Publication.objects.values_list("pk", "filed_in")) == expected
