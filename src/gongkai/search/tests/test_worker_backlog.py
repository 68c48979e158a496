"""The search worker during an import: a poll that finds a backlog indexes it in worker
processes and keeps them for the next poll, which then starts in bulk batches; the first poll
that finds nothing stops them. What is indexed is the same either way."""

import pytest

from gongkai.disclosure.importing import import_manifest
from gongkai.disclosure.services.bulk_import import BATCH_SIZE
from gongkai.disclosure.tests.test_bulk_import import sample_rows, write_csv
from gongkai.search import indexer
from gongkai.search.services import SearchRequest, search


@pytest.mark.django_db(transaction=True)
def test_a_backlogs_workers_stay_until_a_poll_finds_nothing(tmp_path, org_tree, superuser, settings):
    settings.GONGKAI_SEARCH_INLINE = False
    settings.GONGKAI_SEARCH_INDEX_PROCESSES = 2
    settings.GONGKAI_SEARCH_DIR = str(tmp_path / "index")
    rows = sample_rows(BATCH_SIZE + 130)
    try:
        indexer.worker_pass()  # the cursor, as a running worker has it
        report = import_manifest(write_csv(tmp_path / "first.csv", rows[: BATCH_SIZE + 100]), actor=superuser)
        first = indexer.worker_pass()
        # A full first read (BATCH_SIZE events) is a backlog: the rest went through the workers.
        assert first.batches == 2 and first.items == report.count("imported") > BATCH_SIZE
        assert indexer.get_index().workers_running

        # The import goes on: the next poll starts with the workers, in one bulk batch.
        more = import_manifest(write_csv(tmp_path / "more.csv", rows[BATCH_SIZE + 100 :]), actor=superuser)
        second = indexer.worker_pass()
        assert second.batches == 1 and second.items == more.count("imported") > 0
        assert indexer.get_index().workers_running

        idle = indexer.worker_pass()
        assert (idle.items, idle.batches) == (0, 0) and not indexer.get_index().workers_running

        found = search(SearchRequest(q="最低生活保障", page_size=10))
        assert found.total == report.count("imported") + more.count("imported")
        assert not indexer.check().missing

        # apply_pending without keep_workers (inline indexing, tests) never leaves them behind.
        again = [[r[0], r[1] + "（续）", r[2], "", "", *r[5:]] for r in rows[: BATCH_SIZE + 30]]  # new documents
        last = import_manifest(write_csv(tmp_path / "last.csv", again), actor=superuser)
        assert last.count("imported") > BATCH_SIZE
        assert indexer.apply_pending().batches == 2 and not indexer.get_index().workers_running
    finally:
        indexer.close_index()
