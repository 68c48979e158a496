"""The vocabulary stamp is read with a fixed SQL statement (cheaper than the ORM on every search):
it must name the model's table and return the token the services set."""

import pytest

from gongkai.search import services
from gongkai.search.models import VocabularyStamp

pytestmark = pytest.mark.django_db


def test_the_fixed_statement_names_the_models_table_and_columns() -> None:
    meta = VocabularyStamp._meta
    assert (meta.db_table, meta.pk.column, meta.get_field("token").column) == ("search_vocabularystamp", "id", "token")


def test_the_stamp_read_returns_the_token_each_change_sets() -> None:
    VocabularyStamp.objects.filter(pk=1).delete()
    assert services._vocabulary_stamp() == ""  # no row yet: nothing loaded can match a token
    services.vocabulary_changed()
    first = services._vocabulary_stamp()
    assert first == VocabularyStamp.objects.get(pk=1).token != ""
    services.vocabulary_changed()
    assert services._vocabulary_stamp() not in {"", first}
