"""The only write path for government information (主动公开), one module per stage.

The publication's actions go through ``transitions.PUBLICATION.apply``: one durable
transaction that locks the row, checks visibility (404), permission (403) and state (409), runs
the effect registered here, saves and audits. Importing this package registers every effect.
"""

from gongkai.disclosure.content import Content
from gongkai.disclosure.services._common import PUBLICATION_CHANGED
from gongkai.disclosure.services.catalog import (
    StepSpec,
    catalog_ensure_default,
    catalog_node_create,
    catalog_node_delete,
    review_steps_set,
)
from gongkai.disclosure.services.drafting import (
    attachment_add,
    attachment_remove,
    publication_create_draft,
    publication_edit,
    publication_mask_personal_data,
    publication_submit,
)
from gongkai.disclosure.services.release import (
    attachment_take_down,
    publication_change_validity,
    publication_import,
    publication_publish,
    publication_withdraw,
)
from gongkai.disclosure.services.review import publication_decide

__all__ = [
    "PUBLICATION_CHANGED",
    "Content",
    "StepSpec",
    "attachment_add",
    "attachment_remove",
    "attachment_take_down",
    "catalog_ensure_default",
    "catalog_node_create",
    "catalog_node_delete",
    "publication_change_validity",
    "publication_create_draft",
    "publication_decide",
    "publication_edit",
    "publication_import",
    "publication_mask_personal_data",
    "publication_publish",
    "publication_submit",
    "publication_withdraw",
    "review_steps_set",
]
