"""The only write path of open data (effects of the tables register on import)."""

from gongkai.opendata.services.datasets import (
    DATASET_CHANGED,
    MAX_RESOURCES,
    dataset_create,
    dataset_edit,
    dataset_publish,
    dataset_republish,
    dataset_withdraw,
    request_approve,
    request_reject,
    request_submit,
    resource_add,
    resource_downloaded,
)

__all__ = [
    "DATASET_CHANGED",
    "MAX_RESOURCES",
    "dataset_create",
    "dataset_edit",
    "dataset_publish",
    "dataset_republish",
    "dataset_withdraw",
    "request_approve",
    "request_reject",
    "request_submit",
    "resource_add",
    "resource_downloaded",
]
