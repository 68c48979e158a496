"""Writing catalog versions: import from a workbook, start a draft, publish, discard.

Every change to a version's items goes through the engine's EDIT action on a draft (one lock,
one audit row), publishing through PUBLISH (which supersedes the published version in the same
transaction). An import is all or nothing: a file with any rejected row saves nothing.

`actor=None` is the platform itself (a `gongkai catalog` command run on the server), as
elsewhere (core.actors); pages and the API always pass the signed-in user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.catalogs import permissions
from gongkai.catalogs.importing import ImportResult, ParsedItem, read_workbook
from gongkai.catalogs.models import Catalog, CatalogItem, CatalogVersion, VersionState
from gongkai.catalogs.services.items import item_values
from gongkai.catalogs.transitions import VERSION, Action, engine_actor
from gongkai.catalogs.vocab import AREA_CODES, AREA_LABELS
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.orgs.models import Organization

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def require_manager(actor: Actor | None, org: Organization) -> None:
    if not permissions.can_manage_catalogs(actor, org):
        raise PermissionDenied("只有政务公开管理员可以编制和发布标准目录。")


@dataclass
class ImportOutcome:
    result: ImportResult
    versions: list[CatalogVersion]
    dry_run: bool


def _draft_for(actor: Actor | None, org: Organization, area: str, source: str) -> CatalogVersion:
    catalog, _ = Catalog.objects.get_or_create(org=org, area=area)
    draft = CatalogVersion.objects.filter(catalog=catalog, state=VersionState.DRAFT).first()
    if draft is not None:
        return draft
    number = (catalog.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    user_id = actor.pk if actor is not None and actor.is_authenticated else None
    return CatalogVersion.objects.create(
        catalog=catalog, number=number, state=VersionState.DRAFT, source=source[:200], created_by_id=user_id
    )


def catalog_import(
    *,
    actor: Actor | None,
    org: Organization,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    publish: bool = False,
    parsed: ImportResult | None = None,
) -> ImportOutcome:
    """Read a workbook; unless `dry_run`, put each sheet's items in its area's draft (replacing
    the draft's items, keeping column bindings of items with the same 一级/二级事项) and, with
    `publish`, publish them. Any rejected row: nothing is saved (ValidationFailed). `parsed` is
    the caller's own dry run of the same bytes (the CLI lists it first), to avoid reading twice."""
    require_manager(actor, org)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            f"文件不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。",
            code="catalog_file_too_large",
            fields={"file": ["文件过大。"]},
        )
    result = parsed if parsed is not None else read_workbook(data)
    if dry_run:
        return ImportOutcome(result, [], True)
    if result.errors:
        problems = [str(p) for p in result.errors]
        raise ValidationFailed(
            f"有 {len(problems)} 处错误，未导入任何内容。",
            code="catalog_import_rejected",
            fields={"file": problems[:200]},
        )
    by_area: dict[str, list[ParsedItem]] = {}
    for item in result.items:
        by_area.setdefault(item.area, []).append(item)
    versions: list[CatalogVersion] = []
    with transaction.atomic():
        for area in result.areas:
            draft = _draft_for(actor, org, area, filename or "导入")
            VERSION.apply_nested(
                engine_actor(actor), draft, Action.EDIT, op="replace", items=by_area.get(area, []), source=filename
            )
            if publish:
                VERSION.apply_nested(engine_actor(actor), draft, Action.PUBLISH)
            draft.refresh_from_db()
            versions.append(draft)
    return ImportOutcome(result, versions, False)


def _bindings_of_published(catalog_id: int) -> dict[tuple[str, str], int]:
    rows = CatalogItem.objects.filter(
        version__catalog_id=catalog_id, version__state=VersionState.PUBLISHED, column__isnull=False
    ).values_list("level1", "level2", "column_id")
    return {(l1, l2): column for l1, l2, column in rows if column is not None}


def _replace_items(ctx: Context[CatalogVersion], parsed: Iterable[ParsedItem], source: str) -> None:
    version = ctx.obj
    keep = _bindings_of_published(version.catalog_id)
    keep.update(
        {
            (i.level1, i.level2): i.column_id
            for i in version.items.filter(column__isnull=False).only("level1", "level2", "column_id")
            if i.column_id is not None
        }
    )
    before = version.items.count()
    version.items.all().delete()
    rows = []
    for position, item in enumerate(parsed, start=1):
        values = item_values(item.fields())
        rows.append(
            CatalogItem(version=version, position=position, column_id=keep.get((item.level1, item.level2)), **values)
        )
    CatalogItem.objects.bulk_create(rows, batch_size=1000)
    if source:
        ctx.update(source=source[:200])
    ctx.before["items"] = before
    ctx.after["items"] = len(rows)
    ctx.note = f"导入：{source}" if source else "替换事项"


@VERSION.effect(Action.EDIT)
def _edit(ctx: Context[CatalogVersion]) -> Any:
    from gongkai.catalogs.services import items

    op = ctx.data.get("op")
    if op == "replace":
        return _replace_items(ctx, ctx.data["items"], str(ctx.data.get("source") or ""))
    if op in items.OPERATIONS:
        return items.OPERATIONS[op](ctx)
    raise ValueError(f"unknown edit operation {op!r}")


@VERSION.effect(Action.PUBLISH)
def _publish(ctx: Context[CatalogVersion]) -> CatalogVersion:
    version = ctx.obj
    current = CatalogVersion.objects.filter(catalog_id=version.catalog_id, state=VersionState.PUBLISHED).first()
    if current is not None:
        VERSION.apply_nested(ctx.actor, current, Action.SUPERSEDE)
        ctx.before["replaced_version"] = current.number
    ctx.update(published_at=timezone.now())
    ctx.after["items"] = version.items.count()
    return version


@VERSION.effect(Action.SUPERSEDE)
def _supersede(ctx: Context[CatalogVersion]) -> CatalogVersion:
    return ctx.obj


@VERSION.effect(Action.DISCARD)
def _discard(ctx: Context[CatalogVersion]) -> CatalogVersion:
    ctx.after["items"] = ctx.obj.items.count()
    return ctx.obj


def version_publish(*, actor: Actor | None, version: CatalogVersion | int) -> CatalogVersion:
    return VERSION.apply(engine_actor(actor), version, Action.PUBLISH)


def version_discard(*, actor: Actor | None, version: CatalogVersion | int) -> CatalogVersion:
    return VERSION.apply(engine_actor(actor), version, Action.DISCARD)


@transaction.atomic
def version_start_draft(*, actor: Actor | None, org: Organization, area: str) -> CatalogVersion:
    """A draft to edit: the existing one, else a copy of the published version (with its
    bindings), else an empty one the clerk fills from a template or by hand."""
    require_manager(actor, org)
    if area not in AREA_CODES:
        raise ValidationFailed("领域不存在。", code="catalog_area_unknown", fields={"area": ["请选择26个领域之一。"]})
    catalog, _ = Catalog.objects.get_or_create(org=org, area=area)
    existing = CatalogVersion.objects.filter(catalog=catalog, state=VersionState.DRAFT).first()
    if existing is not None:
        return existing
    published = CatalogVersion.objects.filter(catalog=catalog, state=VersionState.PUBLISHED).first()
    draft = _draft_for(actor, org, area, f"复制自第{published.number}版" if published else "新建")
    if published is not None:
        copies = [
            CatalogItem(
                **{f.attname: getattr(i, f.attname) for f in CatalogItem._meta.concrete_fields if f.name != "id"}
            )
            for i in published.items.all()
        ]
        for copy in copies:
            copy.version_id = draft.pk
        CatalogItem.objects.bulk_create(copies, batch_size=1000)
    audit_record(
        actor=actor,
        action="catalog_version.drafted",
        obj=draft,
        after={"state": draft.state, "copied_from": published.number if published else None},
    )
    return draft


def version_from_template(*, actor: Actor | None, org: Organization, area: str) -> CatalogVersion:
    """Fill the area's draft from the built-in template (templates.py); replaces its items."""
    from gongkai.catalogs.templates import template_items

    require_manager(actor, org)
    if area not in AREA_CODES:
        raise ValidationFailed("领域不存在。", code="catalog_area_unknown", fields={"area": ["请选择26个领域之一。"]})
    with transaction.atomic():
        draft = _draft_for(actor, org, area, "模板")
        VERSION.apply_nested(
            engine_actor(actor),
            draft,
            Action.EDIT,
            op="replace",
            items=template_items(area),
            source=f"{AREA_LABELS[area]}模板",
        )
    draft.refresh_from_db()
    return draft
