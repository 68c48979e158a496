"""Migration operations that keep a large table writable while its indexes change.

A plain CREATE INDEX on PostgreSQL holds a lock that makes every write to the table wait until
the index is built: about a second per index at a million publications, longer on a busy
province, during which no one can publish, withdraw or import. PostgreSQL builds and drops an
index CONCURRENTLY instead (no write waits; the build reads the table twice), which cannot run
inside a transaction: a migration using these sets `atomic = False`. SQLite has one writer at a
time whatever is done, and gets the plain statements.

An interrupted concurrent build leaves an INVALID index of that name behind; docs/operations.md
says how to drop it before running `migrate` again.
"""

from typing import Any

from django.db import NotSupportedError
from django.db.migrations.operations import AddIndex, RemoveIndex


def _concurrently(schema_editor: Any, operation: object) -> bool:
    if schema_editor.connection.vendor != "postgresql":
        return False
    if schema_editor.connection.in_atomic_block:
        raise NotSupportedError(f"{type(operation).__name__} 须在非事务迁移中执行（atomic = False）。")
    return True


class AddIndexOnline(AddIndex):
    """AddIndex, built CONCURRENTLY on PostgreSQL."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_options(schema_editor, self))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_options(schema_editor, self))


class RemoveIndexOnline(RemoveIndex):
    """RemoveIndex, dropped CONCURRENTLY on PostgreSQL."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.remove_index(model, index, **_options(schema_editor, self))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.add_index(model, index, **_options(schema_editor, self))


def _options(schema_editor: Any, operation: object) -> dict[str, bool]:
    # The SQLite schema editor's add_index/remove_index take no `concurrently` at all.
    return {"concurrently": True} if _concurrently(schema_editor, operation) else {}
