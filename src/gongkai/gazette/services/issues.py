"""Writes of 政府公报: issues, their contents (through EDIT), publishing."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.core.years import FIRST_YEAR, LAST_YEAR
from gongkai.disclosure import selectors as disclosure
from gongkai.gazette import permissions
from gongkai.gazette.models import GazetteEntry, GazetteIssue, Section
from gongkai.gazette.transitions import ISSUE, Action
from gongkai.orgs.models import Organization

GAZETTE_CHANGED = "gazette.changed"
MAX_ENTRIES = 200
MAX_NUMBER = 366
# 《规章制定程序条例》第三十二条 (规章) and the practice for 行政规范性文件: the gazette's text is the
# 标准文本. The disclosure kinds that carry the mark:
STANDARD_TEXT_KINDS = {"rule": Section.RULE, "normative": Section.NORMATIVE}


@transaction.atomic
def issue_create(
    *,
    actor: Actor,
    org: Organization,
    year: int,
    number: int,
    issued_on: datetime.date,
    total_number: int | None = None,
) -> GazetteIssue:
    if not permissions.can_edit_gazette(actor, org):
        raise PermissionDenied("只有本单位起草人员或管理员可以编辑公报。")
    errors: dict[str, list[str]] = {}
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        errors["year"] = [f"年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间。"]
    if not 1 <= int(number) <= MAX_NUMBER:
        errors["number"] = [f"期号应在 1 至 {MAX_NUMBER} 之间。"]
    if total_number is not None and not 1 <= int(total_number) <= 100_000:
        errors["total_number"] = ["总期号应在 1 至 100000 之间。"]
    if not isinstance(issued_on, datetime.date):
        errors["issued_on"] = ["请填写出版日期。"]
    elif issued_on.year != int(year):
        errors["issued_on"] = ["出版日期应在该年度内。"]
    if errors:
        raise ValidationFailed("公报信息有误。", code="gazette_invalid", fields=errors)
    try:
        with transaction.atomic():
            issue = GazetteIssue.objects.create(
                org=org, year=year, number=number, issued_on=issued_on, total_number=total_number
            )
    except IntegrityError:
        raise ValidationFailed(
            "该年度已有同一期号的公报。", code="gazette_duplicate", fields={"number": ["期号已存在。"]}
        ) from None
    audit_record(actor=actor, action="gazette_issue.created", obj=issue, after={"year": year, "number": number})
    return issue


def _entry_values(data: dict[str, Any]) -> dict[str, Any]:
    """An entry from a public publication (title, 文号, section and the 标准文本 mark follow from
    it) or typed by hand (人事任免 …)."""
    publication_id = data.get("publication_id")
    text = str(data.get("text") or "").strip()
    if len(text) > 200_000:
        raise ValidationFailed("正文过长。", code="gazette_invalid", fields={"text": ["不超过 200000 字。"]})
    if publication_id:
        found = disclosure.public_publication_texts([int(publication_id)])
        if not found:
            raise ValidationFailed(
                "只能收录已公开的政府信息。",
                code="gazette_publication_not_public",
                fields={"publication_id": ["未找到该公开文件。"]},
            )
        item = found[0]
        section = str(STANDARD_TEXT_KINDS.get(item.kind, Section.DOCUMENT))
        return {
            "publication_id": item.pk,
            "title": item.title[:300],
            "doc_number": item.doc_number[:100],
            "section": section,
            "standard_text": item.kind in STANDARD_TEXT_KINDS,
            "text": text or item.text,
        }
    title = str(data.get("title") or "").strip()
    section = str(data.get("section") or "")
    errors: dict[str, list[str]] = {}
    if not title or len(title) > 300:
        errors["title"] = ["请填写标题（不超过 300 个字符）。"]
    if section not in Section.values:
        errors["section"] = ["请选择栏目。"]
    if section in (Section.RULE, Section.NORMATIVE):
        errors["section"] = ["规章和行政规范性文件请从已公开的政府信息中选择收录。"]
    doc_number = str(data.get("doc_number") or "").strip()
    if len(doc_number) > 100:
        errors["doc_number"] = ["不超过 100 个字符。"]
    if errors:
        raise ValidationFailed("目录条目有误。", code="gazette_invalid", fields=errors)
    return {"title": title, "section": section, "doc_number": doc_number, "standard_text": False, "text": text}


@ISSUE.effect(Action.EDIT)
def _edit(ctx: Context[GazetteIssue]) -> GazetteIssue:
    issue = ctx.obj
    op = ctx.data.get("op")
    if op == "add":
        if issue.entries.count() >= MAX_ENTRIES:
            raise ValidationFailed(f"每期最多 {MAX_ENTRIES} 个条目。", code="gazette_too_many_entries")
        values = _entry_values(ctx.data)
        if values.get("publication_id") and issue.entries.filter(publication_id=values["publication_id"]).exists():
            raise ValidationFailed("该文件已收录在本期。", code="gazette_duplicate_entry")
        position = (issue.entries.aggregate(n=Max("position"))["n"] or 0) + 1
        entry = GazetteEntry.objects.create(issue=issue, position=position, **values)
        ctx.after["entry_added"] = entry.title
    elif op == "remove":
        found = issue.entries.filter(pk=int(ctx.data.get("entry_id") or 0)).first()
        if found is None:
            raise ValidationFailed("未找到该条目。", code="gazette_no_entry")
        ctx.before["entry_removed"] = found.title
        found.delete()
    else:
        raise ValidationFailed("不支持的操作。", code="gazette_bad_op")
    return issue


@ISSUE.effect(Action.PUBLISH)
def _publish(ctx: Context[GazetteIssue]) -> GazetteIssue:
    ctx.update(published_at=timezone.now())
    outbox_emit(topic=GAZETTE_CHANGED, obj=ctx.obj)
    return ctx.obj


@ISSUE.effect(Action.DISCARD)
def _discard(ctx: Context[GazetteIssue]) -> GazetteIssue:
    return ctx.obj


def entry_add(*, actor: Actor, issue: GazetteIssue | int, **data: Any) -> GazetteIssue:
    return ISSUE.apply(actor, issue, Action.EDIT, op="add", **data)


def entry_remove(*, actor: Actor, issue: GazetteIssue | int, entry_id: int) -> GazetteIssue:
    return ISSUE.apply(actor, issue, Action.EDIT, op="remove", entry_id=entry_id)


def issue_publish(*, actor: Actor, issue: GazetteIssue | int) -> GazetteIssue:
    return ISSUE.apply(actor, issue, Action.PUBLISH)


def issue_discard(*, actor: Actor, issue: GazetteIssue | int) -> GazetteIssue:
    return ISSUE.apply(actor, issue, Action.DISCARD)
