"""Writes of 办事指南: items, versions (through the table), forms, policy links, the 1-day clock."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.disclosure import selectors as disclosure
from gongkai.guides import permissions
from gongkai.guides.models import GuideForm, GuideVersion, ItemType, PolicyLink, ServiceItem, VersionState
from gongkai.guides.transitions import VERSION, Action
from gongkai.orgs.models import Organization
from gongkai.privacy.extract import check_upload
from gongkai.workdays import services as workdays

GUIDE_CHANGED = "guide.changed"
# Seed 000（六）: 办事条件发生变化的事项，应在1个工作日内公开变更后的信息.
PUBLISH_CHANGE_WORKING_DAYS = 1
DEADLINE_OWNER = "guides.guideversion"
DEADLINE_KIND = "publish_change"
MAX_FORMS = 30
MAX_POLICY_LINKS = 50
MAX_FORM_BYTES = 20 * 1024 * 1024

TEXT_FIELDS = {
    "basis": 5000,
    "conditions": 5000,
    "materials": 5000,
    "process": 5000,
    "fees": 2000,
    "place_and_hours": 2000,
    "consult_phone": 64,
    "complaint_phone": 64,
    "online_url": 500,
    "change_note": 500,
}
DAY_FIELDS = ("legal_days", "promised_days")
MAX_DAYS = 365


def _clean_content(data: dict[str, Any]) -> dict[str, Any]:
    """The editable elements of a version, bounded; unknown keys are ignored."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, limit in TEXT_FIELDS.items():
        if name not in data:
            continue
        text = str(data[name] or "").strip()
        if len(text) > limit:
            errors[name] = [f"不能超过 {limit} 个字符。"]
        elif name == "online_url" and text and not text.startswith(("https://", "http://")):
            errors[name] = ["请填写以 http:// 或 https:// 开头的网址。"]
        values[name] = text
    for name in DAY_FIELDS:
        if name not in data:
            continue
        raw = data[name]
        if raw in (None, ""):
            values[name] = None
            continue
        try:
            days = int(raw)
        except (TypeError, ValueError):
            errors[name] = ["请填写整数。"]
            continue
        if not 0 < days <= MAX_DAYS:
            errors[name] = [f"应在 1 至 {MAX_DAYS} 个工作日之间。"]
        values[name] = days
    if values.get("legal_days") and values.get("promised_days") and values["promised_days"] > values["legal_days"]:
        errors["promised_days"] = ["承诺时限不能长于法定时限。"]
    if "changed_on" in data:
        changed = data["changed_on"]
        if changed in (None, ""):
            values["changed_on"] = None
        elif isinstance(changed, datetime.date):
            if changed > timezone.localdate():
                errors["changed_on"] = ["变化日不能晚于今天。"]
            values["changed_on"] = changed
        else:
            errors["changed_on"] = ["日期格式不正确。"]
    if errors:
        raise ValidationFailed("办事指南内容有误，请按提示修改。", code="guide_invalid", fields=errors)
    return values


def _track_change(version: GuideVersion, actor: Actor | None) -> None:
    """Start (or move) the 1-working-day clock from the day the 办事条件 changed."""
    if version.changed_on is None:
        workdays.deadline_close(owner_label=DEADLINE_OWNER, owner_id=version.pk, actor=actor)
        if version.publish_due is not None:
            version.publish_due = None
            version.save(update_fields=["publish_due"])
        return
    deadline = workdays.deadline_track(
        owner_label=DEADLINE_OWNER,
        owner_id=version.pk,
        kind=DEADLINE_KIND,
        start=version.changed_on,
        working_days=PUBLISH_CHANGE_WORKING_DAYS,
        actor=actor,
        note="办事条件变化后1个工作日内公开",
    )
    if version.publish_due != deadline.due_date:
        version.publish_due = deadline.due_date
        version.save(update_fields=["publish_due"])


@transaction.atomic
def item_create(
    *, actor: Actor, org: Organization, name: str, item_type: str, code: str = "", **content: Any
) -> GuideVersion:
    """A new service item with its first draft guide."""
    if not permissions.can_edit_guides(actor, org):
        raise PermissionDenied("只有本单位起草人员或管理员可以新增服务事项。")
    errors: dict[str, list[str]] = {}
    name = str(name or "").strip()
    if not name or len(name) > 200:
        errors["name"] = ["请填写事项名称（不超过 200 个字符）。"]
    if item_type not in ItemType.values:
        errors["item_type"] = ["请选择事项类型。"]
    code = str(code or "").strip()
    if len(code) > 64:
        errors["code"] = ["不能超过 64 个字符。"]
    if errors:
        raise ValidationFailed("服务事项信息有误。", code="guide_invalid", fields=errors)
    values = _clean_content(content)
    item = ServiceItem.objects.create(org=org, name=name, item_type=item_type, code=code)
    version = GuideVersion.objects.create(item=item, number=1, state=VersionState.DRAFT, **values)
    _track_change(version, actor)
    audit_record(actor=actor, action="guide.item.created", obj=item, after={"name": name, "version": version.pk})
    return version


@transaction.atomic
def version_new_draft(*, actor: Actor, item: ServiceItem, changed_on: datetime.date | None = None) -> GuideVersion:
    """A new draft copying the latest version (a change starts here; the published text stays)."""
    if not permissions.can_see_guides(actor, item.org):
        raise NotFound("未找到该服务事项。")
    if not permissions.can_edit_guides(actor, item.org):
        raise PermissionDenied("只有本单位起草人员或管理员可以修改办事指南。")
    if item.versions.filter(state=VersionState.DRAFT).exists():
        raise ValidationFailed("该事项已有草稿，请先发布或放弃。", code="guide_draft_exists")
    latest = item.versions.order_by("-number").first()
    copied = {name: getattr(latest, name) for name in (*TEXT_FIELDS, *DAY_FIELDS)} if latest else {}
    copied["change_note"] = ""
    values = _clean_content({"changed_on": changed_on}) if changed_on else {}
    number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = GuideVersion.objects.create(item=item, number=number, state=VersionState.DRAFT, **copied, **values)
    if latest is not None:
        for form in latest.forms.all():
            GuideForm.objects.create(
                version=version, name=form.name, file=form.file.name, size=form.size, media_type=form.media_type
            )
    _track_change(version, actor)
    audit_record(actor=actor, action="guide.version.created", obj=version, after={"number": number})
    return version


@VERSION.effect(Action.EDIT)
def _edit(ctx: Context[GuideVersion]) -> GuideVersion:
    values = _clean_content(ctx.data)
    item_name = ctx.data.get("name")
    if item_name is not None:
        name = str(item_name).strip()
        if not name or len(name) > 200:
            raise ValidationFailed(
                "请填写事项名称。", code="guide_invalid", fields={"name": ["必填，不超过 200 个字符。"]}
            )
        item = ctx.obj.item
        if item.name != name:
            item.name = name
            item.save(update_fields=["name"])
    ctx.before.update({k: str(getattr(ctx.obj, k)) for k in values})
    ctx.update(**values)
    ctx.after.update({k: str(v) for k, v in values.items()})
    if "changed_on" in values:
        _track_change(ctx.obj, ctx.actor)
    return ctx.obj


@VERSION.effect(Action.PUBLISH)
def _publish(ctx: Context[GuideVersion]) -> GuideVersion:
    version = ctx.obj
    now = timezone.now()
    # Publishing supersedes the version the public read until now, in this same transaction.
    for old in GuideVersion.objects.filter(item=version.item, state=VersionState.PUBLISHED).exclude(pk=version.pk):
        VERSION.apply_nested(ctx.actor, old, Action.SUPERSEDE)
    late = version.publish_due is not None and timezone.localdate(now) > version.publish_due
    ctx.update(published_at=now, published_late=late)
    ctx.after["late"] = late
    workdays.deadline_close(owner_label=DEADLINE_OWNER, owner_id=version.pk, actor=ctx.actor, note="已发布")
    outbox_emit(topic=GUIDE_CHANGED, obj=version.item)
    return version


@VERSION.effect(Action.DISCARD)
def _discard(ctx: Context[GuideVersion]) -> GuideVersion:
    workdays.deadline_close(owner_label=DEADLINE_OWNER, owner_id=ctx.obj.pk, actor=ctx.actor, note="草稿已放弃")
    return ctx.obj


@VERSION.effect(Action.SUPERSEDE)
def _supersede(ctx: Context[GuideVersion]) -> GuideVersion:
    return ctx.obj


def version_edit(*, actor: Actor, version: GuideVersion | int, **content: Any) -> GuideVersion:
    return VERSION.apply(actor, version, Action.EDIT, **content)


def version_publish(*, actor: Actor, version: GuideVersion | int) -> GuideVersion:
    return VERSION.apply(actor, version, Action.PUBLISH)


def version_discard(*, actor: Actor, version: GuideVersion | int) -> GuideVersion:
    return VERSION.apply(actor, version, Action.DISCARD)


def _editable_draft(actor: Actor, version: GuideVersion) -> None:
    if not permissions.can_see_version(actor, version):
        raise NotFound("未找到该办事指南。")
    if not permissions.can_edit_version(actor, version):
        raise PermissionDenied("只有本单位起草人员或管理员可以编辑办事指南。")
    if version.state != VersionState.DRAFT:
        raise ValidationFailed("只能修改草稿；请先新建修订草稿。", code="guide_not_draft")


@transaction.atomic
def form_add(*, actor: Actor, version: GuideVersion, upload: Any) -> GuideForm:
    """Attach a form to download (申请表、示范文本): size, type and content checked."""
    _editable_draft(actor, version)
    if version.forms.count() >= MAX_FORMS:
        raise ValidationFailed(f"每个办事指南最多 {MAX_FORMS} 个表格。", code="guide_too_many_forms")
    if (getattr(upload, "size", None) or 0) > MAX_FORM_BYTES:
        raise ValidationFailed(
            f"表格文件不能超过 {MAX_FORM_BYTES // (1024 * 1024)} MB。",
            code="attachment_too_large",
            fields={"file": ["文件过大。"]},
        )
    checked = check_upload(upload)
    form = GuideForm(version=version, name=checked.name, size=checked.size, media_type=checked.media_type)
    form.file.save(checked.name, upload, save=False)
    form.save()
    audit_record(actor=actor, action="guide.form.added", obj=version, after={"form": checked.name})
    return form


@transaction.atomic
def form_remove(*, actor: Actor, form: GuideForm) -> None:
    _editable_draft(actor, form.version)
    audit_record(actor=actor, action="guide.form.removed", obj=form.version, before={"form": form.name})
    form.delete()


def _item_editable(actor: Actor, item: ServiceItem) -> None:
    if not permissions.can_see_guides(actor, item.org):
        raise NotFound("未找到该服务事项。")
    if not permissions.can_edit_guides(actor, item.org):
        raise PermissionDenied("只有本单位起草人员或管理员可以关联政策。")


@transaction.atomic
def policy_link(*, actor: Actor, item: ServiceItem, publication_id: int) -> PolicyLink:
    """ "政策+解读+办事" (seed 002 四): link the item to a public policy; its interpretations follow."""
    _item_editable(actor, item)
    if item.policy_links.count() >= MAX_POLICY_LINKS:
        raise ValidationFailed(f"每个事项最多关联 {MAX_POLICY_LINKS} 个政策。", code="guide_too_many_links")
    if not disclosure.public_publication_texts([publication_id]):
        raise ValidationFailed(
            "只能关联已公开的政策文件。",
            code="guide_policy_not_public",
            fields={"publication_id": ["未找到该公开文件。"]},
        )
    link, created = PolicyLink.objects.get_or_create(item=item, publication_id=publication_id)
    if created:
        audit_record(actor=actor, action="guide.policy.linked", obj=item, after={"publication": publication_id})
        outbox_emit(topic=GUIDE_CHANGED, obj=item)
    return link


@transaction.atomic
def policy_unlink(*, actor: Actor, item: ServiceItem, publication_id: int) -> None:
    _item_editable(actor, item)
    deleted, _ = PolicyLink.objects.filter(item=item, publication_id=publication_id).delete()
    if deleted:
        audit_record(actor=actor, action="guide.policy.unlinked", obj=item, before={"publication": publication_id})
        outbox_emit(topic=GUIDE_CHANGED, obj=item)
