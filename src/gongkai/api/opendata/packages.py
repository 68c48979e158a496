"""A dataset as CKAN's package dict and as a DCAT dataset: one mapping for both exports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.core.urls import public_url
from gongkai.opendata import selectors
from gongkai.opendata.models import Dataset, Resource

# CKAN licence ids (the Open Definition ids CKAN ships) and their canonical URLs for DCAT.
LICENCES = {
    "cc-by": ("cc-by", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-zero": ("cc-zero", "Creative Commons CCZero", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "gov-open": ("other-at", "政府数据开放许可协议（署名）", ""),
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "api": "",
}


def package_name(dataset: Dataset) -> str:
    """CKAN's `name`: unique, lower-case ASCII, stable."""
    return f"dataset-{dataset.pk}"


def resource_url(request: HttpRequest, resource: Resource) -> str:
    if resource.url:
        return resource.url
    path = public_url("dataset", pk=resource.dataset_id) + f"resources/{resource.pk}/download/"
    return request.build_absolute_uri(path)


def package_dict(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    licence_id, licence_title, licence_url = LICENCES.get(dataset.licence, ("other-open", dataset.licence, ""))
    created = dataset.created_at.isoformat()
    resources = [
        {
            "id": str(r.pk),
            "package_id": str(dataset.pk),
            "name": r.name,
            "description": "",
            "format": r.format.upper() if r.format != "api" else "API",
            "mimetype": MEDIA_TYPES.get(r.format) or None,
            "url": resource_url(request, r),
            "size": r.size or None,
            "created": r.created_at.isoformat(),
            "position": position,
            "state": "active",
        }
        for position, r in enumerate(selectors.resources_of(dataset))
    ]
    tags = [{"name": t.strip()} for t in dataset.keywords.replace("，", ",").split(",") if t.strip()][:50]
    return {
        "id": str(dataset.pk),
        "name": package_name(dataset),
        "title": dataset.title,
        "notes": dataset.description,
        "type": "dataset",
        "state": "active",
        "private": False,
        "license_id": licence_id,
        "license_title": licence_title,
        "license_url": licence_url or None,
        "isopen": dataset.open_type == "unconditional",
        "author": dataset.org.name,
        "author_email": None,
        "maintainer": dataset.org.name,
        "maintainer_email": None,
        "version": None,
        "metadata_created": created,
        "metadata_modified": dataset.modified_at.isoformat(),
        "url": request.build_absolute_uri(public_url("dataset", pk=dataset.pk)),
        "organization": {
            "id": str(dataset.org_id),
            "name": dataset.org.slug,
            "title": dataset.org.name,
            "type": "organization",
            "is_organization": True,
            "state": "active",
        },
        "owner_org": str(dataset.org_id),
        "num_resources": len(resources),
        "num_tags": len(tags),
        "resources": resources,
        "tags": tags,
        "groups": [],
        "extras": [
            {"key": "update_frequency", "value": dataset.get_update_frequency_display()},
            {"key": "open_type", "value": dataset.get_open_type_display()},
            {"key": "open_conditions", "value": dataset.open_conditions},
            {"key": "topic", "value": dataset.topic},
            {"key": "download_count", "value": str(dataset.download_count)},
        ],
    }
