"""Editing the items of a draft version, and binding items to 主动公开目录 columns.

Each public function is one EDIT (or BIND) action of the version workflow: the engine locks the
version, checks that the actor may edit it and that it is still a draft, and writes the audit
row; the operation below validates and writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Max

from gongkai.catalogs.models import CatalogItem, CatalogVersion
from gongkai.catalogs.timelimits import DeadlineRule, RuleKind, Unit, parse_deadline
from gongkai.catalogs.transitions import VERSION, Action, engine_actor
from gongkai.catalogs.vocab import CHANNELS, STAGES
from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.transitions import Context

FLAGS = ("audience_public", "audience_specific", "proactive", "on_request", "county", "township", "village")
LIMITS = {"serial": 20, "level1": 200, "level2": 200, "subject": 300, "deadline_text": 500, "content": 5000}
LIMITS |= {"basis": 5000, "withholding_ground": 2000}


def item_values(data: dict[str, Any], *, override: DeadlineRule | None = None) -> dict[str, Any]:
    """The model values of an item from what a form, the API or the importer gives; refuses
    (ValidationFailed, errors by field) what a catalog may not hold."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, limit in LIMITS.items():
        text = str(data.get(name) or "").strip()
        if len(text) > limit:
            errors[name] = [f"不能超过 {limit} 字。"]
        values[name] = text
    for name in ("level1", "level2"):
        if not values[name]:
            errors[name] = ["必填。"]
    stage = str(data.get("stage") or "")
    if stage and stage not in STAGES:
        errors["stage"] = ["应为决策、执行、管理、服务、结果之一。"]
    values["stage"] = stage
    channels = list(data.get("channels") or [])
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown or len(channels) > len(CHANNELS):
        errors["channels"] = [f"无法识别的渠道：{'、'.join(map(str, unknown[:5]))}。"]
    values["channels"] = [c for c in CHANNELS if c in channels]
    for name in FLAGS:
        values[name] = bool(data.get(name))
    if not values["proactive"] and not values["on_request"]:
        # 负面清单: kept with the legal ground (条例第十四、十五、十六条); an imported row carries it
        # in 公开依据.
        values["withholding_ground"] = values["withholding_ground"] or values["basis"]
        if not values["withholding_ground"]:
            errors["withholding_ground"] = ["负面清单事项须写明不予公开的法律依据。"]
    if errors:
        raise ValidationFailed("事项信息有误，未保存。", code="catalog_item_invalid", fields=errors)
    rule = override or parse_deadline(values["deadline_text"])
    values["deadline_rule"] = rule.as_dict()
    values["deadline_flagged"] = rule.flagged
    return values


def manual_rule(text: str, kind: str, days: int | None) -> DeadlineRule | None:
    """A person's reading of a 时限 the parser left flagged: standing, or N (working) days."""
    if not kind:
        return None
    if kind == "standing":
        return DeadlineRule(text, RuleKind.STANDING)
    if kind in ("working_day", "calendar_day") and days is not None and 0 < days <= 3650:
        return DeadlineRule(text, RuleKind.AFTER_EVENT, days, Unit(kind))
    raise ValidationFailed(
        "人工确认的时限有误。", code="catalog_rule_invalid", fields={"manual_days": ["请填写1到3650之间的天数。"]}
    )


def _item_of(version: CatalogVersion, item_id: Any) -> CatalogItem:
    item = version.items.filter(pk=item_id).first() if str(item_id).isdigit() else None
    if item is None:
        raise NotFound("未找到该事项。")
    return item


def _update(ctx: Context[CatalogVersion]) -> CatalogItem:
    item = _item_of(ctx.obj, ctx.data["item_id"])
    values = item_values(ctx.data["values"], override=ctx.data.get("override"))
    ctx.before["item"] = {"id": item.pk, "level2": item.level2, "deadline_text": item.deadline_text}
    for name, value in values.items():
        setattr(item, name, value)
    item.save(update_fields=list(values))
    ctx.after["item"] = {"id": item.pk, "level2": item.level2, "deadline_text": item.deadline_text}
    return item


def _add(ctx: Context[CatalogVersion]) -> CatalogItem:
    values = item_values(ctx.data["values"], override=ctx.data.get("override"))
    position = (ctx.obj.items.aggregate(n=Max("position"))["n"] or 0) + 1
    item = CatalogItem.objects.create(version=ctx.obj, position=position, **values)
    ctx.after["item"] = {"id": item.pk, "level1": item.level1, "level2": item.level2}
    return item


def _delete(ctx: Context[CatalogVersion]) -> None:
    item = _item_of(ctx.obj, ctx.data["item_id"])
    ctx.before["item"] = {"id": item.pk, "level1": item.level1, "level2": item.level2}
    item.delete()


OPERATIONS: dict[str, Callable[[Context[CatalogVersion]], Any]] = {
    "update_item": _update,
    "add_item": _add,
    "delete_item": _delete,
}


def item_update(
    *, actor: Actor | None, item: CatalogItem, values: dict[str, Any], override: DeadlineRule | None = None
) -> CatalogItem:
    return VERSION.apply(
        engine_actor(actor),
        item.version_id,
        Action.EDIT,
        op="update_item",
        item_id=item.pk,
        values=values,
        override=override,
    )


def item_add(
    *, actor: Actor | None, version: CatalogVersion, values: dict[str, Any], override: DeadlineRule | None = None
) -> CatalogItem:
    return VERSION.apply(engine_actor(actor), version, Action.EDIT, op="add_item", values=values, override=override)


def item_delete(*, actor: Actor | None, item: CatalogItem) -> None:
    VERSION.apply(engine_actor(actor), item.version_id, Action.EDIT, op="delete_item", item_id=item.pk)


@VERSION.effect(Action.BIND)
def _bind(ctx: Context[CatalogVersion]) -> CatalogItem:
    """Bind an item to a column of its org's 主动公开目录, an existing one or one made for it
    (disclosure's catalog_node_create, in this transaction)."""
    from gongkai.disclosure import selectors as disclosure
    from gongkai.disclosure.services import catalog_node_create
    from gongkai.orgs.models import Organization

    item = _item_of(ctx.obj, ctx.data["item_id"])
    org: Organization = ctx.obj.catalog.org
    column_id = ctx.data.get("column_id")
    new_name = str(ctx.data.get("new_column_name") or "").strip()
    if new_name:
        parent = None
        if column_id:
            parent = next((c for c in disclosure.catalog_columns([org.pk]) if c.pk == column_id), None)
            if parent is None:
                raise ValidationFailed(
                    "上级栏目不属于本机构。", code="catalog_column_invalid", fields={"column": ["请选择本机构的栏目。"]}
                )
        if ctx.actor is None:
            raise ValidationFailed("新建栏目须以具体账号操作（--as）。", code="catalog_actor_required")
        node = catalog_node_create(
            actor=ctx.actor,
            org=org,
            name=new_name,
            code=str(ctx.data.get("new_column_code") or f"std-{item.pk}"),
            parent=disclosure.catalog_node_get(org, parent.code) if parent else None,
        )
        column_id = node.pk
    elif column_id is not None and column_id not in {c.pk for c in disclosure.catalog_columns([org.pk])}:
        raise ValidationFailed(
            "栏目不属于本机构。", code="catalog_column_invalid", fields={"column": ["请选择本机构的栏目。"]}
        )
    ctx.before["item"] = {"id": item.pk, "column_id": item.column_id}
    item.column_id = column_id
    item.save(update_fields=["column"])
    ctx.after["item"] = {"id": item.pk, "column_id": column_id}
    return item


def item_bind(
    *,
    actor: Actor | None,
    item: CatalogItem,
    column_id: int | None,
    new_column_name: str = "",
    new_column_code: str = "",
) -> CatalogItem:
    """Bind (or with column_id=None unbind) an item; with `new_column_name`, create the column
    (under `column_id` when given) and bind to it."""
    return VERSION.apply(
        engine_actor(actor),
        item.version_id,
        Action.BIND,
        item_id=item.pk,
        column_id=column_id,
        new_column_name=new_column_name,
        new_column_code=new_column_code,
    )
