"""Columns and co-issuers belong to a revision: an edit of a published item moves it only when
the new revision has passed review and is released (先审后发), like its text."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from gongkai.core.errors import ValidationFailed
from gongkai.core.models import AuditEvent, OutboxEvent
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import CatalogNode, Publication, Revision
from gongkai.disclosure.tests.conftest import content

pytestmark = pytest.mark.django_db


def released(publication, staff):
    services.publication_submit(actor=staff["editor"], publication=publication)
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=staff["approver"], publication=publication, decision="approve")
    return services.publication_publish(actor=staff["approver"], publication=publication)


def codes(nodes) -> set[str]:
    return set(nodes.values_list("code", flat=True))


def public_columns(publication) -> set[str]:
    """Where the public finds the item: the column lists and the search document."""
    listed = {
        node.code
        for node in CatalogNode.objects.filter(org=publication.org)
        if selectors.public_publications().filter(pk=publication.pk, catalog_nodes=node).exists()
    }
    (text,) = selectors.public_publication_texts({publication.pk})
    indexed = set(
        CatalogNode.objects.filter(pk__in=text.catalog_node_ids, org=publication.org).values_list("code", flat=True)
    )
    # The search document also carries the ancestors of each column; the leaves are the same.
    assert listed <= indexed
    # The catalog counts read filed_in: it names the links, whatever the last change was.
    publication.refresh_from_db()
    linked = sorted(publication.catalog_nodes.values_list("pk", flat=True))
    assert publication.filed_in == ",".join(map(str, linked))
    return listed


def test_a_published_item_moves_when_the_revision_that_moves_it_is_released(staff, org_tree):
    dept, county = org_tree["dept"], org_tree["county"]
    item = released(services.publication_create_draft(actor=staff["editor"], org=dept, content=content())[0], staff)
    assert public_columns(item) == {"notices"}
    plans = CatalogNode.objects.get(org=dept, code="plans")
    events = OutboxEvent.objects.count()

    services.publication_edit(
        actor=staff["editor"], publication=item, content=content(catalog_node_ids=[plans.pk], co_issuer_ids=[county.pk])
    )
    item.refresh_from_db()
    assert public_columns(item) == {"notices"}  # the public item has not moved
    assert not item.co_issuers.exists()
    assert OutboxEvent.objects.count() == events  # nothing public changed: no event
    pending = selectors.content_of(item.working_revision)
    assert (pending.catalog_node_ids, pending.co_issuer_ids) == ([plans.pk], [county.pk])  # what the form shows
    edit = AuditEvent.objects.filter(action="publication.edited").latest("pk")
    assert (edit.before["catalog_nodes"], edit.after["catalog_nodes"]) == (
        [CatalogNode.objects.get(org=dept, code="notices").pk],
        [plans.pk],
    )
    html = Client().get(f"/info/{item.pk}/").content.decode()
    assert "联合发文" not in html

    released(item, staff)
    item.refresh_from_db()
    assert public_columns(item) == {"plans"}
    assert list(item.co_issuers.all()) == [county]
    assert OutboxEvent.objects.count() > events  # the index, page cache and counts hear of it
    assert "石城县人民政府" in Client().get(f"/info/{item.pk}/").content.decode()


def test_a_rejected_move_leaves_the_item_where_it_was(staff, org_tree):
    dept = org_tree["dept"]
    item = released(services.publication_create_draft(actor=staff["editor"], org=dept, content=content())[0], staff)
    plans = CatalogNode.objects.get(org=dept, code="plans")
    services.publication_edit(actor=staff["editor"], publication=item, content=content(catalog_node_ids=[plans.pk]))
    services.publication_submit(actor=staff["editor"], publication=item)
    services.publication_decide(actor=staff["reviewer"], publication=item, decision="reject", opinion="栏目不对")
    item.refresh_from_db()
    assert public_columns(item) == {"notices"}
    assert codes(item.published_revision.catalog_nodes) == {"notices"}
    assert codes(item.working_revision.catalog_nodes) == {"plans"}


def test_a_draft_is_filed_at_once_since_nothing_of_it_is_public(staff, org_tree):
    dept = org_tree["dept"]
    item, _ = services.publication_create_draft(actor=staff["editor"], org=dept, content=content(kind="plan"))
    assert codes(item.catalog_nodes) == codes(item.working_revision.catalog_nodes) == {"plans"}
    notices = CatalogNode.objects.get(org=dept, code="notices")
    services.publication_edit(actor=staff["editor"], publication=item, content=content(catalog_node_ids=[notices.pk]))
    assert codes(item.catalog_nodes) == codes(item.working_revision.catalog_nodes) == {"notices"}


def test_the_diff_shows_a_change_of_column(staff, org_tree):
    dept = org_tree["dept"]
    item = released(services.publication_create_draft(actor=staff["editor"], org=dept, content=content())[0], staff)
    plans = CatalogNode.objects.get(org=dept, code="plans")
    services.publication_edit(actor=staff["editor"], publication=item, content=content(catalog_node_ids=[plans.pk]))
    client = Client()
    client.force_login(staff["editor"])
    html = client.get(f"/staff/publications/{item.pk}/diff/?a=1&b=2").content.decode()
    assert "目录栏目" in html
    assert "通知公告" in html
    assert "规划信息" in html
    unchanged = client.get(f"/staff/publications/{item.pk}/diff/?a=1&b=1").content.decode()
    assert "目录栏目" not in unchanged


def test_the_migration_files_every_revision_where_its_item_is(staff, org_tree):
    """Before revisions had links, every revision of an item gets the item's (the latest edit's)."""
    dept, county = org_tree["dept"], org_tree["county"]
    item = released(services.publication_create_draft(actor=staff["editor"], org=dept, content=content())[0], staff)
    services.publication_edit(actor=staff["editor"], publication=item, content=content(title="第二版"))
    other, _ = services.publication_create_draft(actor=staff["editor"], org=dept, content=content(kind="plan"))
    item.co_issuers.set([county])
    for through in (Revision.catalog_nodes.through, Revision.co_issuers.through):
        through.objects.all().delete()
    migration = importlib.import_module("gongkai.disclosure.migrations.0006_revision_filing")
    with connection.cursor() as cursor:
        editor = SimpleNamespace(quote_name=connection.ops.quote_name, execute=cursor.execute)
        migration.file_revisions_as_their_publication(apps, editor)
    for revision in Revision.objects.filter(publication__in=[item, other]):
        publication = Publication.objects.get(pk=revision.publication_id)
        assert codes(revision.catalog_nodes) == codes(publication.catalog_nodes)
        assert set(revision.co_issuers.all()) == set(publication.co_issuers.all())
    assert Revision.objects.filter(publication=item).count() == 2
    assert codes(item.working_revision.catalog_nodes) == {"notices"}
    assert list(item.working_revision.co_issuers.all()) == [county]


def test_id_lists_are_bounded_before_they_are_looked_up(staff, org_tree):
    from gongkai.disclosure.services._common import MAX_CO_ISSUERS, MAX_COLUMNS

    dept = org_tree["dept"]
    services.catalog_ensure_default(org=dept)
    columns = list(CatalogNode.objects.filter(org=dept).values_list("pk", flat=True))
    assert len(columns) > MAX_COLUMNS
    item, _ = services.publication_create_draft(
        actor=staff["editor"], org=dept, content=content(catalog_node_ids=columns[:MAX_COLUMNS])
    )
    assert item.working_revision.catalog_nodes.count() == MAX_COLUMNS
    before = (Publication.objects.count(), Revision.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        services.publication_create_draft(
            actor=staff["editor"],
            org=dept,
            content=content(catalog_node_ids=columns[: MAX_COLUMNS + 1], co_issuer_ids=list(range(MAX_CO_ISSUERS + 1))),
        )
    assert exc.value.fields == {
        "catalog_nodes": [f"一条信息至多放入{MAX_COLUMNS}个栏目。"],
        "co_issuers": [f"联合发文机构至多{MAX_CO_ISSUERS}个。"],
    }
    with pytest.raises(ValidationFailed):
        services.publication_edit(
            actor=staff["editor"], publication=item, content=content(catalog_node_ids=list(range(1, 100_000)))
        )
    assert (Publication.objects.count(), Revision.objects.count(), AuditEvent.objects.count()) == before
    assert item.working_revision.catalog_nodes.count() == MAX_COLUMNS  # nothing saved is lost


def test_the_case_page_shows_the_revisions_columns_and_where_the_item_is_public(staff, org_tree):
    dept, county = org_tree["dept"], org_tree["county"]
    item = released(services.publication_create_draft(actor=staff["editor"], org=dept, content=content())[0], staff)
    client = Client()
    client.force_login(staff["editor"])
    page = client.get(f"/staff/publications/{item.pk}/").content.decode()
    assert '<th scope="row">目录栏目</th><td colspan="3">通知公告</td>' in page
    assert "本版发布后生效" not in page
    plans = CatalogNode.objects.get(org=dept, code="plans")
    services.publication_edit(
        actor=staff["editor"], publication=item, content=content(catalog_node_ids=[plans.pk], co_issuer_ids=[county.pk])
    )
    page = client.get(f"/staff/publications/{item.pk}/").content.decode()
    assert '规划信息 <span class="s-badge s-badge--warn">本版发布后生效</span> 现公开于：通知公告' in page
    assert '<th scope="row">联合发文</th><td colspan="3">石城县人民政府</td>' in page


def test_a_column_a_pending_move_files_into_cannot_be_deleted(staff, org_tree):
    dept = org_tree["dept"]
    item = released(services.publication_create_draft(actor=staff["editor"], org=dept, content=content())[0], staff)
    target = services.catalog_node_create(actor=staff["admin"], org=dept, name="新栏目", code="new-column", parent=None)
    services.publication_edit(actor=staff["editor"], publication=item, content=content(catalog_node_ids=[target.pk]))
    with pytest.raises(ValidationFailed) as refused:
        services.catalog_node_delete(actor=staff["admin"], node=target)
    assert refused.value.code == "catalog_not_empty"
    assert CatalogNode.objects.filter(pk=target.pk).exists()
    # Back to the old column before release: nothing files into the new one, which may go.
    notices = CatalogNode.objects.get(org=dept, code="notices")
    services.publication_edit(actor=staff["editor"], publication=item, content=content(catalog_node_ids=[notices.pk]))
    services.catalog_node_delete(actor=staff["admin"], node=target)
    assert not CatalogNode.objects.filter(pk=target.pk).exists()
