"""The vocabulary stamp is read with a fixed SQL statement (cheaper than the ORM on every search):
it must name the model's table and return the token the services set."""

import pytest

from gongkai.search import indexer, services
from gongkai.search.models import IndexCursor, VocabularyStamp

pytestmark = pytest.mark.django_db


def test_the_fixed_statement_names_the_models_table_and_columns() -> None:
    meta = VocabularyStamp._meta
    assert (meta.db_table, meta.pk.column, meta.get_field("token").column) == ("search_vocabularystamp", "id", "token")
    cursor = IndexCursor._meta
    assert (cursor.db_table, cursor.get_field("name").column, cursor.get_field("schema_version").column) == (
        "search_indexcursor",
        "name",
        "schema_version",
    )
    assert f"\"name\" = '{indexer.CURSOR}'" in services._STAMP_SQL


def test_the_same_read_gives_the_indexed_schema() -> None:
    assert services._stamps() == ("", None)  # before any change and before the indexer's first run
    IndexCursor.objects.create(name=indexer.CURSOR, schema_version=2)
    IndexCursor.objects.create(name="another-consumer", schema_version=9)
    services.vocabulary_changed()
    assert services._stamps() == (VocabularyStamp.objects.get(pk=1).token, 2)


def test_the_stamp_read_returns_the_token_each_change_sets() -> None:
    VocabularyStamp.objects.filter(pk=1).delete()
    assert services._vocabulary_stamp() == ""  # no row yet: nothing loaded can match a token
    services.vocabulary_changed()
    first = services._vocabulary_stamp()
    assert first == VocabularyStamp.objects.get(pk=1).token != ""
    services.vocabulary_changed()
    assert services._vocabulary_stamp() not in {"", first}
