"""The only write path of 政府公报 (effects of the issue table register on import)."""

from gongkai.gazette.services.issues import (
    GAZETTE_CHANGED,
    MAX_ENTRIES,
    entry_add,
    entry_remove,
    issue_create,
    issue_discard,
    issue_publish,
)

__all__ = [
    "GAZETTE_CHANGED",
    "MAX_ENTRIES",
    "entry_add",
    "entry_remove",
    "issue_create",
    "issue_discard",
    "issue_publish",
]
