"""What the bulk import path writes is found by search exactly as what the per-row path wrote."""

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from gongkai.disclosure.importing import import_manifest
from gongkai.disclosure.models import Publication
from gongkai.disclosure.services.bulk_import import BATCH_SIZE
from gongkai.disclosure.tests.test_bulk_import import sample_rows, write_csv
from gongkai.search import indexer
from gongkai.search.services import SearchRequest, search


class _Rollback(Exception):
    pass


def _found(directory: Path, settings: Any) -> list[tuple[int, list[str]]]:
    settings.GONGKAI_SEARCH_DIR = str(directory)
    by_pk = dict(Publication.objects.values_list("pk", "source_key"))
    try:
        indexer.apply_pending()
        found = []
        for q in ("最低生活保障", "第7号民生事项", "石卫字〔2023〕6号"):
            result = search(SearchRequest(q=q, page_size=100))
            # Equal scores are ordered by index position, which follows the write order (the
            # bulk path writes each org's rows together): compare what is found, not the ties;
            # for a query matching more than a page, the total.
            hits = sorted(str(by_pk[int(hit.id.split(":")[1])]) for hit in result.hits)
            found.append((result.total, hits if result.total <= len(result.hits) else []))
        return found
    finally:
        indexer.close_index()


@pytest.mark.django_db
def test_bulk_and_per_row_imports_are_found_alike(tmp_path, org_tree, superuser, settings):
    settings.GONGKAI_SEARCH_INLINE = False
    path = write_csv(tmp_path / "m.csv", sample_rows(BATCH_SIZE + 130))
    results = {}
    for bulk in (False, True):
        try:
            with transaction.atomic():  # the index cursor rolls back with the rows
                import_manifest(path, actor=superuser, bulk=bulk)
                results[bulk] = _found(tmp_path / f"index-{bulk}", settings)
                raise _Rollback
        except _Rollback:
            pass
    assert results[True] == results[False]
    assert all(total for total, _ in results[True]) and any(hits for _, hits in results[True])
