"""开放数据 through the API: the catalogue and a dataset (public); a dataset with its `actions`,
creating, adding a resource (bounded upload), publishing, the stale check (staff)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from gongkai.api import params
from gongkai.api.actions import ActionOut, actions_of
from gongkai.api.auth import StaffToken
from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.opendata import permissions, selectors, services
from gongkai.opendata.models import Dataset
from gongkai.opendata.transitions import DATASET
from gongkai.orgs.services import organization_get

router = Router(tags=["opendata"])
staff = StaffToken()


class FieldOut(Schema):
    name: str
    type: str
    description: str


class ResourceOut(Schema):
    id: int
    name: str
    format: str
    size: int
    url: str
    columns: list[str]
    preview: list[list[str]]
    row_count: int | None
    download_count: int


class DatasetOut(Schema):
    id: int
    title: str
    description: str
    org: str
    org_name: str
    topic: str
    keywords: str
    update_frequency: str
    update_frequency_label: str
    licence: str
    licence_label: str
    open_type: str
    open_type_label: str
    open_conditions: str
    fields: list[FieldOut]
    state: str
    state_label: str
    published_at: datetime.datetime | None
    data_updated_on: datetime.date | None
    download_count: int
    resources: list[ResourceOut]
    actions: list[ActionOut]


class DatasetListOut(Schema):
    total: int
    page: int
    page_size: int
    items: list[DatasetOut]


class FieldIn(Schema):
    name: str
    type: str = ""
    description: str = ""


class DatasetIn(Schema):
    title: str
    description: str = ""
    topic: str = ""
    keywords: str = ""
    update_frequency: str
    licence: str = "gov-open"
    open_type: str
    open_conditions: str = ""
    fields: list[FieldIn] = []


class StaleOut(Schema):
    id: int
    title: str
    org: str
    frequency: str
    last_update: datetime.date | None
    days_overdue: int


def _dataset(request: HttpRequest, actor: Actor, ds: Dataset) -> dict[str, Any]:
    from gongkai.api.opendata.packages import resource_url

    data = {n: getattr(ds, n) for n in ("title", "description", "topic", "keywords", "update_frequency", "licence")}
    data |= {n: getattr(ds, n) for n in ("open_type", "open_conditions", "state", "published_at", "data_updated_on")}
    return data | {
        "id": ds.pk,
        "org": ds.org.slug,
        "org_name": ds.org.name,
        "update_frequency_label": ds.get_update_frequency_display(),
        "licence_label": ds.get_licence_display(),
        "open_type_label": ds.get_open_type_display(),
        "state_label": ds.get_state_display(),
        "fields": [
            {"name": f.get("name", ""), "type": f.get("type", ""), "description": f.get("description", "")}
            for f in ds.fields
        ],
        "download_count": ds.download_count,
        "resources": [
            {
                "id": r.pk,
                "name": r.name,
                "format": r.format,
                "size": r.size,
                "url": resource_url(request, r),
                "columns": r.columns,
                "preview": r.preview,
                "row_count": r.row_count,
                "download_count": r.download_count,
            }
            for r in selectors.resources_of(ds)
        ],
        "actions": actions_of(DATASET, actor, ds, interactive_only=True),
    }


class CatalogueQuery(Schema):
    q: str = Query("", max_length=100)


@router.get("/opendata/datasets", response=DatasetListOut, summary="政府数据开放目录")
def dataset_list(
    request: HttpRequest, query: Query[CatalogueQuery], page: int = params.page(), page_size: int = params.page_size()
) -> dict[str, Any]:
    qs = selectors.catalogue(q=query.q)
    start = (page - 1) * page_size
    items = [_dataset(request, request.user, d) for d in qs[start : start + page_size]]
    return {"total": qs.count(), "page": page, "page_size": page_size, "items": items}


@router.get("/opendata/datasets/{dataset_id}", response=DatasetOut, summary="一个开放数据集")
def dataset_detail(request: HttpRequest, dataset_id: int) -> dict[str, Any]:
    return _dataset(request, request.user, selectors.dataset_get_public(pk=dataset_id))


@router.post("/staff/opendata/orgs/{org_id}/datasets", response=DatasetOut, auth=staff, summary="新建数据集（草稿）")
def staff_create(request: HttpRequest, org_id: int, payload: DatasetIn) -> dict[str, Any]:
    org = organization_get(pk=org_id)
    if not permissions.can_see_datasets(request.user, org):
        raise NotFound("未找到该机构。")
    data = payload.dict()
    ds = services.dataset_create(actor=request.user, org=org, **data)
    return _dataset(request, request.user, ds)


@router.get("/staff/opendata/datasets/{dataset_id}", response=DatasetOut, auth=staff, summary="数据集（含可执行操作）")
def staff_dataset(request: HttpRequest, dataset_id: int) -> dict[str, Any]:
    return _dataset(request, request.user, selectors.dataset_get_for_staff(actor=request.user, pk=dataset_id))


class ResourceIn(Schema):
    name: str
    format: str
    url: str = ""


@router.post(
    "/staff/opendata/datasets/{dataset_id}/resources",
    response=DatasetOut,
    auth=staff,
    summary="添加数据资源（文件或接口）",
)
def staff_resource(
    request: HttpRequest,
    dataset_id: int,
    payload: Form[ResourceIn],
    file: UploadedFile | None = File(None),  # noqa: B008
) -> dict[str, Any]:
    services.resource_add(
        actor=request.user, dataset=dataset_id, name=payload.name, format=payload.format, upload=file, url=payload.url
    )
    return _dataset(request, request.user, selectors.dataset_get_for_staff(actor=request.user, pk=dataset_id))


@router.post("/staff/opendata/datasets/{dataset_id}/publish", response=DatasetOut, auth=staff, summary="开放数据集")
def staff_publish(request: HttpRequest, dataset_id: int) -> dict[str, Any]:
    ds = services.dataset_publish(actor=request.user, dataset=dataset_id)
    return _dataset(request, request.user, selectors.dataset_get_for_staff(actor=request.user, pk=ds.pk))


@router.get(
    "/staff/opendata/orgs/{org_id}/stale", response=list[StaleOut], auth=staff, summary="未按更新频率更新的数据集"
)
def staff_stale(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = organization_get(pk=org_id)
    if not permissions.can_see_datasets(request.user, org):
        raise NotFound("未找到该机构。")
    return [
        {
            "id": s.pk,
            "title": s.title,
            "org": s.org_name,
            "frequency": s.frequency,
            "last_update": s.last_update,
            "days_overdue": s.days_overdue,
        }
        for s in selectors.stale_datasets(org, today=timezone.localdate())
    ]
