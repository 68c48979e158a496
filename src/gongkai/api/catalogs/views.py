"""标准目录 through the API: an org's published catalogs (public); import with a dry run, a
version with its `actions` (the table's available_actions), publishing, binding, coverage
(staff, `Authorization: Bearer`)."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.api.catalogs.schemas import BindIn, CoverageOut, ImportOut, PublicCatalogOut, VersionOut
from gongkai.catalogs import coverage as cov
from gongkai.catalogs import permissions, selectors, services
from gongkai.catalogs.models import CatalogItem, CatalogVersion
from gongkai.catalogs.transitions import VERSION
from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.orgs.selectors import organization_by_slug
from gongkai.orgs.services import organization_get

router = Router(tags=["catalogs"])
staff = StaffToken()


def _item(item: CatalogItem) -> dict[str, Any]:
    data = {name: getattr(item, name) for name in ("id", "position", "serial", "stage", "level1", "level2")}
    data |= {name: getattr(item, name) for name in ("content", "basis", "deadline_text", "deadline_flagged")}
    data |= {name: getattr(item, name) for name in ("subject", "channels", "withholding_ground", "column_id")}
    for name in ("audience_public", "audience_specific", "proactive", "on_request", "county", "township", "village"):
        data[name] = getattr(item, name)
    data["deadline"] = selectors.rule_of(item).as_cli()
    data["column_code"] = item.column.code if item.column else None
    return data


def _version(actor: Actor, version: CatalogVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "org": version.catalog.org.slug,
        "area": version.catalog.area,
        "area_label": version.catalog.get_area_display(),
        "number": version.number,
        "state": version.state,
        "state_label": version.get_state_display(),
        "published_at": version.published_at,
        "items": [_item(i) for i in selectors.version_items(version)],
        "actions": actions_of(VERSION, actor, version),
    }


@router.get("/catalogs/{org_slug}", response=PublicCatalogOut, summary="机构已发布的基层政务公开标准目录（各领域）")
def public_catalog(request: HttpRequest, org_slug: str) -> dict[str, Any]:
    org = organization_by_slug(org_slug)
    return {
        "org": org.slug,
        "name": org.name,
        "areas": [_version(request.user, v) for v in selectors.published_versions(org)],
    }


class ImportQuery(Schema):
    dry_run: bool = True
    publish: bool = False


@router.post(
    "/staff/catalogs/orgs/{org_id}/import",
    response=ImportOut,
    auth=staff,
    summary="导入标准目录Excel（默认只预览；有错误时不导入任何内容，422）",
)
def staff_import(
    request: HttpRequest,
    org_id: int,
    query: Query[ImportQuery],
    file: UploadedFile = File(...),  # noqa: B008
) -> dict[str, Any]:
    org = organization_get(pk=org_id)
    if (file.size or 0) > services.versions.MAX_UPLOAD_BYTES:
        raise ValidationFailed("文件过大。", code="catalog_file_too_large", fields={"file": ["文件过大。"]})
    data = file.read()
    name = (file.name or "upload.xlsx")[:200]
    preview = services.catalog_import(actor=request.user, org=org, data=data, filename=name, dry_run=True).result
    versions: list[int] = []
    if not query.dry_run:
        saved = services.catalog_import(
            actor=request.user, org=org, data=b"", filename=name, publish=query.publish, parsed=preview
        )
        versions = [v.pk for v in saved.versions]
    return {
        "dry_run": query.dry_run,
        "saved": not query.dry_run,
        "items": [i.as_cli() for i in preview.items],
        "errors": [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": str(p)} for p in preview.errors],
        "warnings": [str(p) for p in preview.warnings],
        "versions": versions,
    }


@router.get(
    "/staff/catalogs/versions/{pk}", response=VersionOut, auth=staff, summary="标准目录版本（含事项和可执行操作）"
)
def staff_version(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _version(request.user, selectors.version_get_for_staff(actor=request.user, pk=pk))


@router.post("/staff/catalogs/versions/{pk}/publish", response=VersionOut, auth=staff, summary="发布标准目录版本")
def staff_publish(request: HttpRequest, pk: int) -> dict[str, Any]:
    version = selectors.version_get_for_staff(actor=request.user, pk=pk)
    services.version_publish(actor=request.user, version=version)
    return _version(request.user, selectors.version_get_for_staff(actor=request.user, pk=pk))


@router.post(
    "/staff/catalogs/items/{pk}/bind", response=VersionOut, auth=staff, summary="事项关联主动公开目录栏目（或新建栏目）"
)
def staff_bind(request: HttpRequest, pk: int, payload: BindIn) -> dict[str, Any]:
    item = selectors.item_get_for_staff(actor=request.user, pk=pk)
    services.item_bind(
        actor=request.user,
        item=item,
        column_id=payload.column_id,
        new_column_name=payload.new_column_name[:100],
        new_column_code=payload.new_column_code[:60],
    )
    return _version(request.user, selectors.version_get_for_staff(actor=request.user, pk=item.version_id))


class CoverageQuery(Schema):
    today: datetime.date | None = None


@router.get(
    "/staff/catalogs/orgs/{org_id}/coverage",
    response=CoverageOut,
    auth=staff,
    summary="标准目录覆盖情况：本机构及下级，逐项有无内容、是否按时、逾期事项",
)
def staff_coverage(request: HttpRequest, org_id: int, query: Query[CoverageQuery]) -> dict[str, Any]:
    org = organization_get(pk=org_id)
    if not permissions.can_see_coverage(request.user, org):
        raise NotFound("未找到该机构。")
    return cov.as_json(cov.coverage_of_subtree(org, today=query.today))
