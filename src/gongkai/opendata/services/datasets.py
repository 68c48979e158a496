"""Writes of open data: datasets (through the table), resources with checked uploads, download
counts, and 有条件开放 requests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.opendata import permissions
from gongkai.opendata.models import (
    AccessRequest,
    Dataset,
    DatasetState,
    Frequency,
    Licence,
    OpenType,
    Resource,
    ResourceFormat,
)
from gongkai.opendata.preview import PREVIEWERS
from gongkai.opendata.transitions import DATASET, REQUEST, Action, RequestAction
from gongkai.orgs.models import Organization
from gongkai.privacy.extract import check_upload

DATASET_CHANGED = "dataset.changed"
MAX_RESOURCES = 50
MAX_FIELDS = 200
TEXT_LIMITS = {"title": 200, "description": 5000, "topic": 50, "keywords": 200, "open_conditions": 2000}
CHOICES = {"update_frequency": Frequency, "licence": Licence, "open_type": OpenType}


def _clean(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, limit in TEXT_LIMITS.items():
        if name in data:
            text = str(data[name] or "").strip()
            if len(text) > limit:
                errors[name] = [f"不能超过 {limit} 个字符。"]
            values[name] = text
    for name, choices in CHOICES.items():
        if name in data or creating:
            value = str(data.get(name) or "")
            if value not in choices.values:
                errors[name] = ["请选择。"]
            values[name] = value
    if creating and not values.get("title"):
        errors["title"] = ["请填写数据集名称。"]
    if "fields" in data:
        raw = data["fields"] or []
        if not isinstance(raw, list) or len(raw) > MAX_FIELDS:
            errors["fields"] = [f"数据项须为列表，最多 {MAX_FIELDS} 项。"]
        else:
            fields = []
            for item in raw:
                if not isinstance(item, dict) or not str(item.get("name", "")).strip():
                    errors["fields"] = ["每个数据项须有名称。"]
                    break
                fields.append({k: str(item.get(k, "")).strip()[:200] for k in ("name", "type", "description")})
            values["fields"] = fields
    open_type = values.get("open_type", data.get("open_type"))
    if open_type == OpenType.CONDITIONAL and "open_conditions" in values and not values["open_conditions"]:
        errors["open_conditions"] = ["有条件开放的数据集须写明开放条件。"]
    if errors:
        raise ValidationFailed("数据集信息有误。", code="dataset_invalid", fields=errors)
    return values


@transaction.atomic
def dataset_create(*, actor: Actor, org: Organization, **data: Any) -> Dataset:
    if not permissions.can_edit_datasets(actor, org):
        raise PermissionDenied("只有本单位起草人员或管理员可以编目数据集。")
    values = _clean({"open_conditions": "", **data}, creating=True)
    dataset = Dataset.objects.create(org=org, state=DatasetState.DRAFT, **values)
    audit_record(actor=actor, action="dataset.created", obj=dataset, after={"title": dataset.title})
    return dataset


@DATASET.effect(Action.EDIT)
def _edit(ctx: Context[Dataset]) -> Dataset:
    values = _clean(ctx.data, creating=False)
    ctx.before.update({k: str(getattr(ctx.obj, k)) for k in values})
    ctx.update(**values)
    return ctx.obj


def _store(ctx: Context[Dataset], name: str, fmt: str, upload: Any, url: str) -> Resource:
    dataset = ctx.obj
    if dataset.resources.count() >= MAX_RESOURCES:
        raise ValidationFailed(f"每个数据集最多 {MAX_RESOURCES} 个资源。", code="dataset_too_many_resources")
    name = str(name or "").strip()
    if not name or len(name) > 200:
        raise ValidationFailed(
            "请填写资源名称。", code="dataset_invalid", fields={"name": ["必填，不超过 200 个字符。"]}
        )
    if fmt == ResourceFormat.API:
        url = str(url or "").strip()
        if not url.startswith(("https://", "http://")) or len(url) > 500:
            raise ValidationFailed(
                "请填写正确的接口地址。", code="dataset_invalid", fields={"url": ["须为 http(s) 网址。"]}
            )
        return Resource.objects.create(dataset=dataset, name=name, format=fmt, url=url)
    if fmt not in PREVIEWERS:
        raise ValidationFailed("请选择资源格式。", code="dataset_invalid", fields={"format": ["格式不支持。"]})
    if upload is None:
        raise ValidationFailed("请选择文件。", code="dataset_invalid", fields={"file": ["请选择文件。"]})
    limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationFailed(
            f"文件不能超过 {limit // (1024 * 1024)} MB。", code="attachment_too_large", fields={"file": ["文件过大。"]}
        )
    filename = (getattr(upload, "name", "") or "data").replace("\\", "/").rsplit("/", 1)[-1][:150]
    if not filename.lower().endswith("." + fmt):
        raise ValidationFailed(
            f"文件扩展名应为 .{fmt}。", code="attachment_disguised", fields={"file": ["扩展名与格式不一致。"]}
        )
    if fmt == ResourceFormat.XLSX:
        check_upload(upload)  # type by content, disguise, zip bounds
    data = upload.read()
    preview = PREVIEWERS[fmt](data)
    resource = Resource(
        dataset=dataset,
        name=name,
        format=fmt,
        size=len(data),
        encoding=preview.encoding,
        columns=preview.columns,
        preview=preview.rows,
        row_count=preview.row_count,
    )
    resource.file.save(filename, ContentFile(data), save=False)
    resource.save()
    return resource


@DATASET.effect(Action.ADD_RESOURCE)
def _add_resource(ctx: Context[Dataset]) -> Resource:
    data = ctx.data
    resource = _store(ctx, data.get("name", ""), str(data.get("format", "")), data.get("upload"), data.get("url", ""))
    ctx.after["resource"] = resource.name
    ctx.update(data_updated_on=timezone.localdate())
    if ctx.obj.state == DatasetState.PUBLISHED:
        outbox_emit(topic=DATASET_CHANGED, obj=ctx.obj)
    return resource


@DATASET.effect(Action.PUBLISH)
def _publish(ctx: Context[Dataset]) -> Dataset:
    ctx.update(published_at=timezone.now())
    outbox_emit(topic=DATASET_CHANGED, obj=ctx.obj)
    return ctx.obj


@DATASET.effect(Action.REPUBLISH)
def _republish(ctx: Context[Dataset]) -> Dataset:
    outbox_emit(topic=DATASET_CHANGED, obj=ctx.obj)
    return ctx.obj


@DATASET.effect(Action.WITHDRAW)
def _withdraw(ctx: Context[Dataset]) -> Dataset:
    outbox_emit(topic=DATASET_CHANGED, obj=ctx.obj)
    return ctx.obj


def dataset_edit(*, actor: Actor, dataset: Dataset | int, **data: Any) -> Dataset:
    return DATASET.apply(actor, dataset, Action.EDIT, **data)


def resource_add(
    *, actor: Actor, dataset: Dataset | int, name: str, format: str, upload: Any = None, url: str = ""
) -> Resource:
    return DATASET.apply(actor, dataset, Action.ADD_RESOURCE, name=name, format=format, upload=upload, url=url)


def dataset_publish(*, actor: Actor, dataset: Dataset | int) -> Dataset:
    return DATASET.apply(actor, dataset, Action.PUBLISH)


def dataset_withdraw(*, actor: Actor, dataset: Dataset | int) -> Dataset:
    return DATASET.apply(actor, dataset, Action.WITHDRAW)


def dataset_republish(*, actor: Actor, dataset: Dataset | int) -> Dataset:
    return DATASET.apply(actor, dataset, Action.REPUBLISH)


def resource_downloaded(resource: Resource) -> None:
    """Count one download (an atomic increment: concurrent downloads are never lost)."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
    Dataset.objects.filter(pk=resource.dataset_id).update(download_count=F("download_count") + 1)


@transaction.atomic
def request_submit(*, dataset: Dataset, applicant: str, contact: str, purpose: str) -> AccessRequest:
    """Anyone may ask to use a published 有条件开放 dataset."""
    if dataset.state != DatasetState.PUBLISHED:
        raise NotFound("未找到该数据集。")
    if dataset.open_type != OpenType.CONDITIONAL:
        raise ValidationFailed("该数据集无条件开放，可直接下载。", code="dataset_unconditional")
    values = {
        "applicant": str(applicant or "").strip(),
        "contact": str(contact or "").strip(),
        "purpose": str(purpose or "").strip(),
    }
    limits = {"applicant": 200, "contact": 100, "purpose": 2000}
    errors = {k: [f"必填，不超过 {limits[k]} 个字符。"] for k, v in values.items() if not v or len(v) > limits[k]}
    if errors:
        raise ValidationFailed("申请信息有误。", code="data_request_invalid", fields=errors)
    request = AccessRequest.objects.create(dataset=dataset, **values)
    audit_record(actor=None, action="data_request.submitted", obj=request, after={"dataset": dataset.pk})
    return request


def _decide(ctx: Context[AccessRequest]) -> AccessRequest:
    note = str(ctx.data.get("note") or "").strip()
    if len(note) > 2000:
        raise ValidationFailed("审核意见过长。", code="data_request_invalid", fields={"note": ["不超过 2000 字。"]})
    ctx.update(decision_note=note, decided_at=timezone.now())
    return ctx.obj


@REQUEST.effect(RequestAction.APPROVE)
def _approve(ctx: Context[AccessRequest]) -> AccessRequest:
    return _decide(ctx)


@REQUEST.effect(RequestAction.REJECT)
def _reject(ctx: Context[AccessRequest]) -> AccessRequest:
    if not str(ctx.data.get("note") or "").strip():
        raise ValidationFailed("不同意时须说明理由。", code="data_request_invalid", fields={"note": ["请填写理由。"]})
    return _decide(ctx)


def request_approve(*, actor: Actor, request: AccessRequest | int, note: str = "") -> AccessRequest:
    return REQUEST.apply(actor, request, RequestAction.APPROVE, note=note)


def request_reject(*, actor: Actor, request: AccessRequest | int, note: str) -> AccessRequest:
    return REQUEST.apply(actor, request, RequestAction.REJECT, note=note)
