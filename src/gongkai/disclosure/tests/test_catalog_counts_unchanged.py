"""catalog_counts_unchanged: which changes since a stamp can move one org's catalog counts."""

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from gongkai.core.models import OutboxEvent
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import CatalogNode, Publication
from gongkai.disclosure.tests.conftest import content
from gongkai.disclosure.topics import PUBLICATION_CHANGED

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def traveller() -> Any:
    with time_machine.travel(NOON, tick=False) as frozen:
        yield frozen


def stamp(traveller: Any = None) -> dict[str, Any]:
    """What the page cache reads when it computes the counts: newest event, newest release.
    With the clock frozen, it is first moved past the window in which an event written before
    the stamp may still be committing (those are looked at again, see the last tests)."""
    if traveller is not None:
        traveller.shift(datetime.timedelta(seconds=10))
    now = timezone.now()
    newest = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    released = (
        Publication.objects.filter(public_from__lte=now)
        .order_by("-public_from")
        .values_list("public_from", flat=True)
        .first()
    )
    return {"after_event": newest, "released_after": released, "seen_at": now}


def unchanged(org: Any, since: dict[str, Any]) -> bool:
    return selectors.catalog_counts_unchanged(org, now=timezone.now(), **since)


def imported(org: Any, superuser: Any, key: str, **overrides: Any) -> Publication:
    values = {"title": f"导入的信息{key}", "body": "正文", "published_on": datetime.date(2026, 6, 1)}
    publication, _ = services.publication_import(actor=superuser, org=org, source_key=key, **{**values, **overrides})
    return publication


def test_a_publication_elsewhere_leaves_the_counts_and_one_of_the_org_does_not(org_tree, superuser, traveller):
    dept, sibling = org_tree["dept"], org_tree["sibling"]
    imported(dept, superuser, "a")
    since = stamp(traveller)
    assert unchanged(dept, since)
    imported(sibling, superuser, "b")
    assert unchanged(dept, since)
    assert not unchanged(sibling, since)
    imported(dept, superuser, "c")
    assert not unchanged(dept, since)


def test_a_withdrawal_in_the_org_changes_the_counts(org_tree, superuser, make_user, traveller):
    from gongkai.orgs.roles import Role

    dept = org_tree["dept"]
    item = imported(dept, superuser, "a")
    since = stamp(traveller)
    approver = make_user("approver", org=dept, role=Role.APPROVER)
    services.publication_withdraw(actor=approver, publication=item, reason="内容有误")
    assert not unchanged(dept, since)
    assert unchanged(org_tree["sibling"], since)


def test_a_scheduled_release_of_the_org_changes_the_counts_without_an_event(org_tree, superuser, make_user):
    from gongkai.orgs.roles import Role

    dept = org_tree["dept"]
    editor = make_user("editor", org=dept, role=Role.EDITOR)
    reviewer = make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER)
    approver = make_user("approver", org=org_tree["county"], role=Role.APPROVER)
    with time_machine.travel(NOON, tick=False) as traveller:
        draft, _ = services.publication_create_draft(actor=editor, org=dept, content=content(title="定时发布"))
        services.publication_submit(actor=editor, publication=draft)
        services.publication_decide(actor=reviewer, publication=draft, decision="approve")
        services.publication_decide(actor=approver, publication=draft, decision="approve")
        services.publication_publish(actor=approver, publication=draft, at=NOON + datetime.timedelta(hours=2))
        since = stamp(traveller)
        assert unchanged(dept, since)
    events = OutboxEvent.objects.count()
    with time_machine.travel(NOON + datetime.timedelta(hours=3), tick=False):
        assert OutboxEvent.objects.count() == events  # the release wrote nothing
        assert not unchanged(dept, since)
        assert unchanged(org_tree["sibling"], since)


def test_catalog_columns_of_the_org_or_deleted_ones_change_the_counts(org_tree, superuser, make_user, traveller):
    from gongkai.orgs.roles import Role

    dept, sibling = org_tree["dept"], org_tree["sibling"]
    since = stamp(traveller)
    other_admin = make_user("other-admin", org=sibling, role=Role.ADMIN)
    column = services.catalog_node_create(actor=other_admin, org=sibling, name="新设栏目", code="xin-she", parent=None)
    assert unchanged(dept, since)
    assert not unchanged(sibling, since)
    services.catalog_node_delete(actor=other_admin, node=column)
    assert not CatalogNode.objects.filter(pk=column.pk).exists()
    assert not unchanged(dept, since)  # whose column it was is no longer known: recount
    admin = make_user("admin", org=dept, role=Role.ADMIN)
    since = stamp(traveller)
    services.catalog_node_create(actor=admin, org=dept, name="本部门新栏目", code="ben-bu-men", parent=None)
    assert not unchanged(dept, since)


def test_an_event_committed_after_a_later_numbered_one_is_still_seen(org_tree, superuser, traveller):
    """A transaction may take its outbox id, then commit after a later-numbered event did: the
    stamp then names the later event, and the earlier one arrives below it."""
    dept = org_tree["dept"]
    item = imported(dept, superuser, "a")
    traveller.shift(datetime.timedelta(seconds=10))
    placeholder = OutboxEvent.objects.create(topic="other.changed", object_type="x.y", object_id="1")
    later = OutboxEvent.objects.create(topic="other.changed", object_type="x.y", object_id="2")
    placeholder_id, written_at = placeholder.pk, placeholder.created_at
    placeholder.delete()  # the id taken by the transaction still running
    traveller.shift(datetime.timedelta(seconds=1))
    since = stamp()  # a second after the placeholder's id was taken
    assert since["after_event"] == later.pk and unchanged(dept, since)
    OutboxEvent.objects.create(
        id=placeholder_id, topic=PUBLICATION_CHANGED, object_type="disclosure.publication", object_id=str(item.pk)
    )
    # Its transaction wrote it when it took the id, before the stamp; it commits only now.
    OutboxEvent.objects.filter(pk=placeholder_id).update(created_at=written_at)
    assert not unchanged(dept, since)
    # Written well before the stamp it is not looked at again: it was in the counts.
    traveller.shift(datetime.timedelta(seconds=10))
    assert unchanged(dept, stamp())


# More changes than it sorts out: test_public_changes.py (shared with the page cache's question).


def test_refiling_a_public_item_is_a_change_of_its_org_when_released(org_tree, superuser, make_user, traveller):
    """An edit files the new revision only (先审后发): the public item, and so the counts, move
    when that revision is released, which writes an event (the search index and counts follow)."""
    from gongkai.orgs.roles import Role

    dept, county = org_tree["dept"], org_tree["county"]
    item = imported(dept, superuser, "a", kind="notice")
    editor = make_user("editor", org=dept, role=Role.EDITOR)
    reviewer = make_user("reviewer", org=county, role=Role.REVIEWER)
    approver = make_user("approver", org=county, role=Role.APPROVER)
    column = CatalogNode.objects.get(org=dept, code="plans")
    since = stamp(traveller)
    services.publication_edit(actor=editor, publication=item, content=content(catalog_node_ids=[column.pk]))
    assert unchanged(dept, since)
    assert not selectors.public_publications().filter(pk=item.pk, catalog_nodes=column).exists()
    services.publication_submit(actor=editor, publication=item)
    services.publication_decide(actor=reviewer, publication=item, decision="approve")
    services.publication_decide(actor=approver, publication=item, decision="approve")
    assert unchanged(dept, since)  # approved, not yet released
    services.publication_publish(actor=approver, publication=item)
    assert not unchanged(dept, since)
    assert selectors.public_publications().filter(pk=item.pk, catalog_nodes=column).exists()
