"""An upgrade that changes the index schema: the new schema's directory starts empty, and the
indexer's next run rebuilds it from the database instead of applying only the events after its
cursor (which would leave every item published before the upgrade unfindable)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from gongkai.search import indexer
from gongkai.search.engine import SCHEMA_VERSION
from gongkai.search.models import IndexCursor
from gongkai.search.services import REBUILDING, SearchRequest, search, zero_result_collect
from gongkai.search.snapshots import SearchUnavailable
from gongkai.search.tests.test_integration import people, publish  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_index")]


def found(q: str) -> list[str]:
    return [hit.id for hit in search(SearchRequest(q=q)).hits]


def test_an_index_of_an_older_schema_is_rebuilt_on_the_indexers_next_run(people, org_tree, settings, tmp_path):  # noqa: F811
    before = publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知")
    indexer.apply_pending()
    assert found("最低生活保障") == [f"publication:{before.pk}"]
    assert IndexCursor.objects.get().schema_version == SCHEMA_VERSION

    # The upgrade: the cursor describes the old schema's index; the code opens a new directory.
    IndexCursor.objects.update(schema_version=SCHEMA_VERSION - 1)
    indexer.close_index()
    settings.GONGKAI_SEARCH_DIR = str(tmp_path / "after-upgrade")
    after = publish(people, org_tree, title="关于最低生活保障标准调整的公告", doc_number="")
    # The new directory is empty: searches say the index is being rebuilt, not "nothing found".
    with pytest.raises(SearchUnavailable, match="重建"):
        search(SearchRequest(q="最低生活保障"))
    page = Client().get("/search/", {"q": "最低生活保障"})
    assert page.status_code == 503 and REBUILDING in page.content.decode()
    api = Client().get("/api/v1/search", {"q": "最低生活保障"})
    assert (api.status_code, api.json()["code"], api.json()["title"]) == (503, "search_unavailable", REBUILDING)
    assert zero_result_collect() == 0  # nor logged as queries that find nothing

    progress = indexer.apply_pending()
    assert progress.items == 2
    assert sorted(found("最低生活保障")) == sorted([f"publication:{before.pk}", f"publication:{after.pk}"])
    assert IndexCursor.objects.get().schema_version == SCHEMA_VERSION
    assert indexer.apply_pending().items == 0  # rebuilt once, then the outbox as usual
    assert indexer.check().ok


def test_the_migration_marks_existing_cursors_as_the_schema_before_it():
    IndexCursor.objects.create(name="search", last_event_id=42, schema_version=0)
    migration = importlib.import_module("gongkai.search.migrations.0003_indexcursor_schema_version")
    migration.existing_cursors_describe_schema_2(apps, SimpleNamespace(connection=connection))
    assert IndexCursor.objects.values_list("last_event_id", "schema_version").get() == (42, 2)


def test_a_new_cursor_starts_in_this_codes_schema(people, org_tree):  # noqa: F811
    item = publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知")
    assert not IndexCursor.objects.exists()
    progress = indexer.apply_pending()
    assert (progress.items, progress.events) == (1, 1)  # from the outbox, not a rebuild
    assert found("最低生活保障") == [f"publication:{item.pk}"]
    assert IndexCursor.objects.get().schema_version == SCHEMA_VERSION
