"""scope_unchanged: which changes since a stamp reach a public page that shows a scope (an org's
subtree, an item with its interpretations), for the page cache of a province."""

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from gongkai.core.models import OutboxEvent
from gongkai.disclosure import public_changes, selectors, services
from gongkai.disclosure.public_changes import PublicScope
from gongkai.disclosure.tests.conftest import content
from gongkai.disclosure.tests.test_catalog_counts_unchanged import NOON, imported, stamp
from gongkai.disclosure.topics import PUBLICATION_CHANGED
from gongkai.orgs import services as org_services
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def traveller(org_tree) -> Any:
    """The clock at NOON, the orgs set up the day before (their events were written at the
    machine's real time, which a test must not depend on: a page counts any event of the last
    seconds before its stamp as possibly late, and an org's event reaches every page)."""
    OutboxEvent.objects.update(created_at=NOON - datetime.timedelta(days=1))
    with time_machine.travel(NOON, tick=False) as frozen:
        yield frozen


def unchanged(scope: PublicScope, since: dict[str, Any], **unshown: Any) -> bool:
    return selectors.scope_unchanged(scope, now=timezone.now(), **since, **unshown)


@pytest.fixture
def publish(org_tree, make_user) -> Any:
    """Through review and release, as the dept's items are (imports carry no links or dates)."""
    editor = make_user("editor", org=org_tree["dept"], role=Role.EDITOR)
    reviewer = make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER)
    approver = make_user("approver", org=org_tree["county"], role=Role.APPROVER)

    def published(at: datetime.datetime | None = None, **overrides: Any) -> Any:
        draft, _ = services.publication_create_draft(actor=editor, org=org_tree["dept"], content=content(**overrides))
        services.publication_submit(actor=editor, publication=draft)
        services.publication_decide(actor=reviewer, publication=draft, decision="approve")
        services.publication_decide(actor=approver, publication=draft, decision="approve")
        return services.publication_publish(actor=approver, publication=draft, at=at)

    def republished(publication: Any, **overrides: Any) -> Any:
        services.publication_edit(actor=editor, publication=publication, content=content(**overrides))
        services.publication_submit(actor=editor, publication=publication)
        services.publication_decide(actor=reviewer, publication=publication, decision="approve")
        services.publication_decide(actor=approver, publication=publication, decision="approve")
        return services.publication_publish(actor=approver, publication=publication)

    published.again = republished  # type: ignore[attr-defined]
    return published


def test_an_item_is_in_the_subtrees_above_its_org_and_in_no_other(org_tree, superuser, traveller):
    dept, county, city, sibling = (org_tree[k] for k in ("dept", "county", "city", "sibling"))
    since = stamp(traveller)
    imported(dept, superuser, "a")
    changed = {org.slug for org in (dept, county, city, sibling) if not unchanged(PublicScope.of_subtree(org), since)}
    assert changed == {dept.slug, county.slug, city.slug}
    assert not unchanged(PublicScope.everything(), since)
    assert unchanged(PublicScope(), since)  # a page that shows none of it
    # Two subtrees: either one's change is the page's.
    assert not unchanged(PublicScope(subtrees=(sibling.path, dept.path)), since)


def test_an_items_page_follows_the_item_its_interpretations_and_the_documents_it_names(
    org_tree, superuser, traveller, publish
):
    dept, sibling = org_tree["dept"], org_tree["sibling"]
    policy = imported(dept, superuser, "policy", kind="policy")
    newer = imported(sibling, superuser, "newer", kind="policy")
    services.publication_change_validity(
        actor=superuser, publication=policy, validity="revised", changed_on=NOON.date(), replaced_by_id=newer.pk
    )
    policy.refresh_from_db()
    scope = PublicScope.of_publication(policy)
    assert set(scope.publications) == {policy.pk, newer.pk}
    since = stamp(traveller)
    imported(dept, superuser, "other")
    assert unchanged(scope, since)  # another item of the same org
    since = stamp(traveller)
    services.publication_withdraw(actor=superuser, publication=newer, reason="内容有误")
    assert not unchanged(scope, since)  # the document it names as its replacement
    since = stamp(traveller)
    publish(
        title="政策解读",
        kind="interpretation",
        interpretation_form="qa",
        interprets_id=policy.pk,
        body_html="<p>问：这份政策管什么？答：基层卫生服务。</p>",
    )
    assert not unchanged(scope, since)  # a new interpretation of it


def test_an_interpretation_that_comes_to_interpret_another_policy_leaves_the_first_ones_page(
    org_tree, superuser, traveller, publish
):
    dept = org_tree["dept"]
    first, second = (imported(dept, superuser, key, kind="policy") for key in ("first", "second"))
    answer = "<p>问：这份政策管什么？答：基层卫生服务。</p>"
    reading = publish(
        title="政策解读", kind="interpretation", interpretation_form="qa", interprets_id=first.pk, body_html=answer
    )
    listed = list(selectors.interpretations_of(first).values_list("pk", flat=True))
    assert listed == [reading.pk]
    scope = PublicScope.of_publication(first, listed)
    since = stamp(traveller)
    publish.again(
        reading,
        title="政策解读",
        kind="interpretation",
        interpretation_form="qa",
        interprets_id=second.pk,
        body_html=answer,
    )
    assert not selectors.interpretations_of(first).exists()
    assert not unchanged(scope, since)  # it was listed there
    assert unchanged(PublicScope.of_publication(first), since)  # what the page would miss without the list


def test_every_other_kind_of_change_reaches_every_page(org_tree, superuser, traveller):
    dept, sibling = org_tree["dept"], org_tree["sibling"]
    since = stamp(traveller)
    org_services.organization_update(actor=superuser, org=sibling, name="瑞金市人民政府（更名）")
    assert not unchanged(PublicScope.of_subtree(dept), since)
    assert not unchanged(PublicScope(), since)
    assert not unchanged(PublicScope.everything(), since)
    # Unless the caller's pages show nothing of that topic; then no page, not even one of everything.
    for scope in (PublicScope.of_subtree(dept), PublicScope.nothing(), PublicScope.everything()):
        assert unchanged(scope, since, unshown_topics=frozenset({org_services.ORG_CHANGED}))
        assert not unchanged(scope, since, unshown_topics=frozenset({org_services.SITE_CHANGED}))


def test_catalog_columns_reach_the_pages_of_their_subtree_and_deleted_ones_every_page(org_tree, make_user, traveller):
    dept, county, sibling = org_tree["dept"], org_tree["county"], org_tree["sibling"]
    admin = make_user("admin", org=sibling, role=Role.ADMIN)
    since = stamp(traveller)
    column = services.catalog_node_create(actor=admin, org=sibling, name="新设栏目", code="xin-she", parent=None)
    assert unchanged(PublicScope.of_subtree(county), since)
    assert not unchanged(PublicScope.of_subtree(sibling), since)
    assert not unchanged(PublicScope.everything(), since)
    services.catalog_node_delete(actor=admin, node=column)
    assert not unchanged(PublicScope.of_subtree(dept), since)  # whose it was is no longer known


def test_a_scheduled_release_reaches_its_subtree_without_an_event(org_tree, publish):
    dept, sibling = org_tree["dept"], org_tree["sibling"]
    OutboxEvent.objects.update(created_at=NOON - datetime.timedelta(days=1))
    with time_machine.travel(NOON, tick=False) as traveller:
        publish(title="定时发布", at=NOON + datetime.timedelta(hours=2))
        since = stamp(traveller)
        assert unchanged(PublicScope.of_subtree(dept), since)
    events = OutboxEvent.objects.count()
    with time_machine.travel(NOON + datetime.timedelta(hours=3), tick=False):
        assert OutboxEvent.objects.count() == events
        assert not unchanged(PublicScope.of_subtree(dept), since)
        assert unchanged(PublicScope.of_subtree(sibling), since)


def test_more_changes_than_they_sort_out_mean_a_recount_and_every_page_afresh(org_tree, superuser, traveller):
    dept, sibling = org_tree["dept"], org_tree["sibling"]
    elsewhere = imported(sibling, superuser, "b")
    since = stamp(traveller)
    OutboxEvent.objects.bulk_create(
        OutboxEvent(topic=PUBLICATION_CHANGED, object_type="disclosure.publication", object_id=str(elsewhere.pk))
        for _ in range(public_changes._CHANGE_SCAN_CAP)
    )
    # At the cap: all sorted out, none of the org's.
    assert unchanged(PublicScope.of_subtree(dept), since)
    assert selectors.catalog_counts_unchanged(dept, now=timezone.now(), **since)
    OutboxEvent.objects.create(
        topic=PUBLICATION_CHANGED, object_type="disclosure.publication", object_id=str(elsewhere.pk)
    )
    assert not unchanged(PublicScope.of_subtree(dept), since)
    assert not selectors.catalog_counts_unchanged(dept, now=timezone.now(), **since)
