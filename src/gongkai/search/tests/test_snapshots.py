"""Index snapshots on the real tantivy index: publishing, the CURRENT switch, pruning, and a
replica that has no readable snapshot answering with the Chinese notice instead of an error."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.core.models import OutboxEvent
from gongkai.search import indexer, snapshots
from gongkai.search.engine import SearchDocument, SearchIndex
from gongkai.search.snapshots import POINTER, SearchUnavailable, SnapshotInvalid, SnapshotReader
from gongkai.search.tests.conftest import DOCS
from gongkai.search.tests.test_integration import people, publish  # noqa: F401


@pytest.fixture
def live(tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(tmp_path / "live")
    index.add(DOCS)
    index.commit()
    yield index
    index.close()


@pytest.fixture
def replica(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """This process as a replica reading snapshots under tmp/snapshots, checking on every search."""
    root = tmp_path / "snapshots"
    settings.GONGKAI_SEARCH_SNAPSHOT_DIR = str(root)
    settings.GONGKAI_SEARCH_ROLE = "replica"
    settings.GONGKAI_SEARCH_SNAPSHOT_INTERVAL = 0
    snapshots.close_readers()
    yield root
    snapshots.close_readers()


def hit_ids(index: SearchIndex, q: str) -> list[str]:
    return [hit.id for hit in index.search(q).hits]


def test_publish_links_the_committed_files_and_moves_the_pointer(live, tmp_path):
    root = tmp_path / "snapshots"
    first = snapshots.publish(live, root, cursor=7)
    assert first is not None and first.generation == 1 and first.num_docs == len(DOCS) and first.cursor == 7
    assert (root / POINTER).read_text().strip() == "000000000001"
    directory = root / "000000000001"
    segment = next(name for name in first.files if name.endswith(".store"))
    # Hard links: a snapshot costs no copy of the segment files.
    assert (directory / segment).stat().st_ino == (live.path / segment).stat().st_ino
    assert snapshots.verify(directory) == first
    assert not list(root.glob(".tmp-*"))

    assert snapshots.publish(live, root, cursor=7) is None  # nothing committed since
    live.delete(["publication:2"])
    live.add([SearchDocument(id="publication:99", type="publication", title="农村公路养护资金分配方案", version="r1")])
    live.commit()
    second = snapshots.publish(live, root, cursor=9)
    assert second is not None and second.generation == 2 and second.num_docs == len(DOCS)
    assert snapshots.current_name(root) == "000000000002"
    # Each generation is a complete index on its own: the old one still answers as it did.
    old = SearchIndex.open_snapshot(directory)
    new = SearchIndex.open_snapshot(root / "000000000002")
    assert hit_ids(old, "农村公路") == [] and hit_ids(new, "农村公路") == ["publication:99"]
    assert "publication:2" in hit_ids(old, "低保") and "publication:2" not in hit_ids(new, "低保")
    with pytest.raises(PermissionError):
        new.add(DOCS)


def test_a_publisher_killed_half_way_is_completed_by_the_next_run(live, tmp_path):
    root = tmp_path / "snapshots"
    snapshots.publish(live, root, cursor=1)
    # What a publisher killed mid-way leaves: a half-built directory and a finished generation
    # that CURRENT never named.
    (root / ".tmp-2-4242").mkdir()
    (root / ".tmp-2-4242" / "meta.json").write_text("{")
    (root / "000000000002").mkdir()
    live.add([SearchDocument(id="publication:77", type="publication", title="城市供水价格调整听证公告", version="r1")])
    live.commit()
    manifest = snapshots.publish(live, root, cursor=2)
    assert manifest is not None and manifest.generation == 3
    assert snapshots.current_name(root) == "000000000003"
    assert not list(root.glob(".tmp-*"))
    assert hit_ids(SearchIndex.open_snapshot(root / "000000000003"), "供水价格") == ["publication:77"]


def test_pruning_keeps_the_newest_and_the_current_snapshot(live, tmp_path):
    root = tmp_path / "snapshots"
    for n in range(5):
        live.add([SearchDocument(id=f"publication:{100 + n}", type="publication", title=f"第{n}号公告", version="r1")])
        live.commit()
        snapshots.publish(live, root, cursor=n)
    assert snapshots.generations(root) == [1, 2, 3, 4, 5]
    assert snapshots.prune(root, keep=2, grace=3600) == []  # superseded too recently
    assert snapshots.prune(root, keep=1, grace=0) == [1, 2, 3]  # keep is at least 2
    assert snapshots.generations(root) == [4, 5]
    # A pointer moved back by hand (a rollback) protects its snapshot too.
    (root / POINTER).write_text("000000000004\n")
    live.add([SearchDocument(id="publication:200", type="publication", title="又一号公告", version="r1")])
    live.commit()
    snapshots.publish(live, root, cursor=6)
    live.add([SearchDocument(id="publication:201", type="publication", title="再一号公告", version="r1")])
    live.commit()
    snapshots.publish(live, root, cursor=7)
    (root / POINTER).write_text("000000000004\n")
    assert snapshots.prune(root, keep=2, grace=0) == [5]
    assert snapshots.generations(root) == [4, 6, 7]


def test_verify_and_open_refuse_a_damaged_snapshot(live, tmp_path):
    root = tmp_path / "snapshots"
    manifest = snapshots.publish(live, root, cursor=1)
    assert manifest is not None
    directory = root / "000000000001"
    name = next(n for n in manifest.files if n.endswith(".term"))
    broken = directory / name
    os.unlink(broken)  # a hard link: never write through it into the live index
    broken.write_bytes(b"\0" * 10)
    with pytest.raises(SnapshotInvalid):
        snapshots.verify(directory)
    with pytest.raises(SnapshotInvalid):
        snapshots.open_snapshot(directory)
    assert hit_ids(live, "低保")  # the live index is untouched


def test_a_replica_switches_and_keeps_the_old_snapshot_when_the_new_one_is_bad(live, replica):
    reader = SnapshotReader(replica, every=0)
    with pytest.raises(SearchUnavailable):
        reader.index()  # nothing published yet
    snapshots.publish(live, replica, cursor=1)
    first = reader.index()
    assert "publication:2" in hit_ids(first, "低保")

    live.delete(["publication:2"])
    live.commit()
    snapshots.publish(live, replica, cursor=2)
    second = reader.index()
    assert second is not first and "publication:2" not in hit_ids(second, "低保")
    assert "publication:2" in hit_ids(first, "低保")  # a search in flight keeps its handle

    (replica / POINTER).write_text("000000000009\n")  # names nothing
    assert reader.index() is second
    (replica / POINTER).unlink()  # the shared directory is unreachable
    assert reader.index() is second
    assert reader.manifest is not None and reader.manifest.generation == 2


def test_a_replica_without_a_snapshot_checks_at_most_once_per_interval(live, tmp_path):
    root = tmp_path / "snapshots"
    reader = SnapshotReader(root, every=3600)
    with pytest.raises(SearchUnavailable):
        reader.index()
    snapshots.publish(live, root, cursor=1)
    with pytest.raises(SearchUnavailable):
        reader.index()  # no new look at CURRENT before the interval is over


@pytest.mark.django_db
def test_the_portal_and_the_api_show_the_notice_when_no_snapshot_is_readable(replica):
    replica.mkdir()
    (replica / POINTER).write_text("000000000001\n")  # a pointer to a snapshot that is not there
    client = Client()
    page = client.get("/search/", {"q": "最低生活保障"})
    assert page.status_code == 503
    assert "检索服务暂时不可用，请稍后再试。" in page.content.decode()
    assert 'name="q"' in page.content.decode()  # the search form is still there
    api = client.get("/api/v1/search", {"q": "最低生活保障"})
    assert api.status_code == 503
    assert api["Content-Type"].startswith("application/problem+json")
    assert api.json()["code"] == "search_unavailable"
    assert api.json()["title"] == "检索服务暂时不可用，请稍后再试。"


@pytest.mark.django_db
def test_a_replica_serves_the_published_snapshot_through_the_portal(live, replica):
    snapshots.publish(live, replica, cursor=1)
    page = Client().get("/search/", {"q": "最低生活保障"})
    assert page.status_code == 200
    assert "关于提高城乡居民" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("own_index")
def test_the_indexer_publishes_after_its_commit_and_the_commands(people, org_tree, settings, tmp_path, capsys):  # noqa: F811
    root = tmp_path / "published"
    settings.GONGKAI_SEARCH_SNAPSHOT_DIR = str(root)
    item = publish(people, org_tree, title="关于做好最低生活保障资金发放工作的通知", doc_number="")
    indexer.apply_pending()
    manifest = snapshots.current_manifest(root)
    assert manifest is not None and manifest.generation == 1 and manifest.num_docs == 1
    assert manifest.cursor == OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first()
    opened = SearchIndex.open_snapshot(root / "000000000001")
    assert hit_ids(opened, "最低生活保障") == [f"publication:{item.pk}"]
    indexer.apply_pending()  # nothing new: no new snapshot
    assert snapshots.generations(root) == [1]
    call_command("search", "publish")
    call_command("search", "reindex")
    assert snapshots.generations(root) == [1, 2, 3]
    assert "已发布索引快照：第 2 代，1 条。" in capsys.readouterr().out
