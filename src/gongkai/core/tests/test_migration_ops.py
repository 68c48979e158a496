"""Index changes on the publications table keep it writable on PostgreSQL (core.migration_ops):
built and dropped CONCURRENTLY, in migrations that run outside a transaction; SQLite gets the
plain statements. The test database itself was migrated through them, on either database."""

import io

import pytest
from django.core.management import call_command
from django.db import NotSupportedError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddIndex, RemoveIndex

from gongkai.core.migration_ops import AddIndexOnline, RemoveIndexOnline

pytestmark = pytest.mark.django_db

# From here on the publications table may hold a province's million rows.
FIRST_ONLINE = ("disclosure", "0011_public_topic_and_org_filter_indexes")


def _index_operations() -> list[tuple[tuple[str, str], AddIndex | RemoveIndex, bool]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    found = []
    for key, migration in loader.disk_migrations.items():
        for operation in migration.operations:
            if isinstance(operation, AddIndex | RemoveIndex) and operation.model_name == "publication":
                found.append((key, operation, migration.atomic))
    return found


def test_every_index_change_on_publications_since_0011_is_online_outside_a_transaction():
    operations = _index_operations()
    assert FIRST_ONLINE in {key for key, _, _ in operations}
    late = [(key, op, atomic) for key, op, atomic in operations if key[0] == "disclosure" and key >= FIRST_ONLINE]
    assert len(late) >= 7  # 0011's three, 0012's two, 0013's two
    offline = [
        (key, op.describe())
        for key, op, atomic in late
        if atomic or not isinstance(op, AddIndexOnline | RemoveIndexOnline)
    ]
    assert not offline


# SQLite's schema editor needs foreign keys off, which it cannot do inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_statements_are_concurrent_on_postgresql_and_plain_on_sqlite():
    out = io.StringIO()
    call_command("sqlmigrate", "disclosure", "0013", stdout=out)
    sql = out.getvalue()
    assert "BEGIN;" not in sql  # no transaction around them
    if connection.vendor == "postgresql":
        assert 'CREATE INDEX CONCURRENTLY "pub_public_kind"' in sql
        assert 'DROP INDEX CONCURRENTLY IF EXISTS "pub_public_kind_recent"' in sql
    else:
        assert 'CREATE INDEX "pub_public_kind"' in sql and "CONCURRENTLY" not in sql
        assert 'DROP INDEX "pub_public_kind_recent"' in sql
    # The new index is built before the old one goes: the kind's lists have one all along.
    assert sql.index('"pub_public_kind" ON') < sql.index('"pub_public_kind_recent"')


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_postgresql_refuses_and_sqlite_builds_the_index():
    loader = MigrationLoader(connection)
    key = ("disclosure", "0013_kind_index_covers_public_from")
    before = loader.project_state(("disclosure", "0012_public_not_in_force_indexes"), at_end=True)
    after = loader.project_state(key, at_end=True)
    add = next(op for op in loader.disk_migrations[key].operations if isinstance(op, AddIndexOnline))
    probe = AddIndexOnline(model_name="publication", index=add.index.clone())
    probe.index.name = "pub_probe_kind"

    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            return set(connection.introspection.get_constraints(cursor, "disclosure_publication"))

    if connection.vendor == "postgresql":
        # As an atomic migration would run it: refused, and nothing built.
        with (
            transaction.atomic(),
            connection.schema_editor(atomic=False) as editor,
            pytest.raises(NotSupportedError, match="非事务迁移"),
        ):
            probe.database_forwards("disclosure", editor, before, after)
        assert "pub_probe_kind" not in indexes()
        # Outside one, as the migrations run: built, and dropped again.
    with connection.schema_editor(atomic=False) as editor:
        probe.database_forwards("disclosure", editor, before, after)
    try:
        assert "pub_probe_kind" in indexes()
    finally:
        with connection.schema_editor(atomic=False) as editor:
            probe.database_backwards("disclosure", editor, after, before)
    assert "pub_probe_kind" not in indexes()
