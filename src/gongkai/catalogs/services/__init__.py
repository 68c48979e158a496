"""The only write path of 标准目录: versions (import, draft, publish) and items (edit, bind)."""

from gongkai.catalogs.services.items import item_add, item_bind, item_delete, item_update, item_values, manual_rule
from gongkai.catalogs.services.versions import (
    ImportOutcome,
    catalog_import,
    version_discard,
    version_from_template,
    version_publish,
    version_start_draft,
)

__all__ = [
    "ImportOutcome",
    "catalog_import",
    "item_add",
    "item_bind",
    "item_delete",
    "item_update",
    "item_values",
    "manual_rule",
    "version_discard",
    "version_from_template",
    "version_publish",
    "version_start_draft",
]
