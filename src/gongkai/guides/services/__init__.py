"""The only write path of 办事指南 (effects of the version table register on import)."""

from gongkai.guides.services.guides import (
    GUIDE_CHANGED,
    MAX_FORM_BYTES,
    MAX_FORMS,
    MAX_POLICY_LINKS,
    PUBLISH_CHANGE_WORKING_DAYS,
    form_add,
    form_remove,
    item_create,
    policy_link,
    policy_unlink,
    version_discard,
    version_edit,
    version_new_draft,
    version_publish,
)

__all__ = [
    "GUIDE_CHANGED",
    "MAX_FORMS",
    "MAX_FORM_BYTES",
    "MAX_POLICY_LINKS",
    "PUBLISH_CHANGE_WORKING_DAYS",
    "form_add",
    "form_remove",
    "item_create",
    "policy_link",
    "policy_unlink",
    "version_discard",
    "version_edit",
    "version_new_draft",
    "version_publish",
]
