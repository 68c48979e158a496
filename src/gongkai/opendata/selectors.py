"""Reads of open data: the public catalogue, one dataset, staff lists, the stale check, search texts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.opendata import permissions
from gongkai.opendata.models import AccessRequest, Dataset, DatasetState, Frequency, Resource
from gongkai.orgs.models import Organization

MAX_LIST = 1000
# How old the data may be for each 更新频率 before the dataset is stale (a grace of a few days
# beyond the period: a monthly dataset updated on the 3rd is not stale on the 1st).
STALE_AFTER_DAYS = {
    Frequency.DAILY: 3,
    Frequency.WEEKLY: 10,
    Frequency.MONTHLY: 35,
    Frequency.QUARTERLY: 100,
    Frequency.YEARLY: 380,
}


def published_datasets() -> QuerySet[Dataset]:
    return Dataset.objects.filter(state=DatasetState.PUBLISHED).select_related("org")


def catalogue(*, org: Organization | None = None, q: str = "") -> QuerySet[Dataset]:
    qs = published_datasets()
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    q = q.strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(keywords__icontains=q))
    return qs.order_by("-published_at", "-id")


def dataset_get_public(*, pk: int) -> Dataset:
    dataset = published_datasets().filter(pk=pk).first()
    if dataset is None:
        raise NotFound("未找到该数据集。")
    return dataset


def resources_of(dataset: Dataset) -> QuerySet[Resource]:
    return dataset.resources.order_by("id")


def resource_get_public(*, dataset_pk: int, pk: int) -> Resource:
    resource = (
        Resource.objects.select_related("dataset")
        .filter(pk=pk, dataset_id=dataset_pk, dataset__state=DatasetState.PUBLISHED)
        .first()
    )
    if resource is None:
        raise NotFound("未找到该资源。")
    return resource


def dataset_get_for_staff(*, actor: Actor, pk: int) -> Dataset:
    dataset = Dataset.objects.select_related("org").filter(pk=pk).first()
    if dataset is None or not permissions.can_see_dataset(actor, dataset):
        raise NotFound("未找到该数据集。")
    return dataset


def datasets_for_staff(actor: Actor, org: Organization) -> QuerySet[Dataset]:
    if not permissions.can_see_datasets(actor, org):
        raise NotFound("未找到该机构。")
    return Dataset.objects.filter(org__path__startswith=org.path).select_related("org").order_by("-id")


def request_get_for_staff(*, actor: Actor, pk: int) -> AccessRequest:
    request = AccessRequest.objects.select_related("dataset", "dataset__org").filter(pk=pk).first()
    if request is None or not permissions.can_see_request(actor, request):
        raise NotFound("未找到该申请。")
    return request


def requests_of(dataset: Dataset) -> QuerySet[AccessRequest]:
    return dataset.requests.order_by("-created_at", "-id")


@dataclass(frozen=True)
class StaleDataset:
    pk: int
    title: str
    org_name: str
    frequency: str
    last_update: datetime.date | None
    days_overdue: int


def stale_datasets(org: Organization, *, today: datetime.date) -> list[StaleDataset]:
    """Published datasets whose data is older than their 更新频率 allows (不定期 never is)."""
    result = []
    for ds in published_datasets().filter(org__path__startswith=org.path)[:MAX_LIST]:
        limit = STALE_AFTER_DAYS.get(Frequency(ds.update_frequency))
        if limit is None:
            continue
        last = ds.data_updated_on or (ds.published_at.date() if ds.published_at else None)
        age = (today - last).days if last else limit + 1
        if age > limit:
            result.append(
                StaleDataset(ds.pk, ds.title, ds.org.name, ds.get_update_frequency_display(), last, age - limit)
            )
    return sorted(result, key=lambda s: -s.days_overdue)


@dataclass(frozen=True)
class DatasetText:
    pk: int
    org_id: int
    org_path: list[int]
    title: str
    text: str
    open_type_label: str
    published_on: datetime.date | None
    modified: str


def public_dataset_texts(pks: set[int] | list[int]) -> list[DatasetText]:
    result = []
    for ds in published_datasets().filter(pk__in=list(pks)).prefetch_related("resources"):
        columns = " ".join(f"{f.get('name', '')} {f.get('description', '')}" for f in ds.fields)
        resources = " ".join(r.name for r in ds.resources.all())
        result.append(
            DatasetText(
                ds.pk,
                ds.org_id,
                ds.org.ancestor_ids(),
                ds.title,
                "\n".join(p for p in (ds.description, ds.keywords, columns, resources) if p),
                ds.get_open_type_display(),
                ds.published_at.date() if ds.published_at else None,
                ds.modified_at.isoformat(),
            )
        )
    return result


def public_dataset_pks() -> list[int]:
    return list(published_datasets().order_by("pk").values_list("pk", flat=True))
