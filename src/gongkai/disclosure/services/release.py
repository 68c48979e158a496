"""发布: release of an approved revision (now or 定时), 撤回, 有效性, and the import of documents
that were published elsewhere before."""

import datetime
from collections.abc import Sequence
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.core.uploads import chosen_file
from gongkai.disclosure import scanning
from gongkai.disclosure.attachments import public_attachments
from gongkai.disclosure.content import Content
from gongkai.disclosure.models import Attachment, CatalogNode, Kind, Publication, Revision, State, Validity
from gongkai.disclosure.richtext import text_to_html
from gongkai.disclosure.services._common import (
    PUBLIC_FIELDS,
    PUBLICATION_CHANGED,
    allocate_index_number,
    copy_public_fields,
    file_publication_as,
    file_revision,
    revision_values,
    today,
    user_of,
    validate_content,
)
from gongkai.disclosure.services.catalog import catalog_ensure_default
from gongkai.disclosure.services.imported_files import CheckedFile, check_files, store_checked
from gongkai.disclosure.transitions import PUBLICATION, Action, is_public_record
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.privacy.services import privacy_override_record


def publication_publish(
    *, actor: Actor, publication: Publication, at: datetime.datetime | None = None, override_reason: str = ""
) -> Publication:
    """Release the approved revision now, or at `at` (定时发布); it replaces the public text.

    What the pre-publication scan still finds (personal data not masked, injected spam,
    wording errors) blocks publication unless the publisher records why, which is audited.
    """
    return PUBLICATION.apply(actor, publication, Action.PUBLISH, at=at, override_reason=override_reason)


@PUBLICATION.effect(Action.PUBLISH)
def _publish(ctx: Context[Publication]) -> Publication:
    publication, at = ctx.obj, ctx.data.get("at")
    override_reason: str = ctx.data.get("override_reason", "")
    now = timezone.now()
    if at is not None and at < now - datetime.timedelta(minutes=1):
        raise ValidationFailed(
            "定时发布时间不能早于现在。", code="publish_time_past", fields={"at": ["请选择将来的时间。"]}
        )
    public_from = at or now
    revision = publication.working_revision
    parts = scanning.scan_revision(publication, revision)
    unresolved = scanning.blocking(parts)
    if unresolved:
        if not override_reason.strip():
            kinds = "、".join(sorted({f.message.split("：")[0] for _, f in unresolved}))
            raise ValidationFailed(
                f"发布前审查仍有{len(unresolved)}处问题未处理（{kinds}）：请先去标识化或修改，或填写特批发布的理由。",
                code="scan_findings_unresolved",
                fields={"override_reason": ["请填写特批发布的理由。"]},
                extra={"findings": scanning.findings_for_display(parts)},
            )
        report = next(p.report for p in parts if p.report.blocking)
        privacy_override_record(actor=ctx.actor, obj=publication, report=report, reason=override_reason)
    ctx.before["published_revision"] = publication.published_revision.number if publication.published_revision else None
    copy_public_fields(publication, revision)
    file_publication_as(publication, revision)
    ctx.touch(*PUBLIC_FIELDS)
    published_on = timezone.localtime(public_from).date()
    ctx.update(published_on=published_on, public_from=public_from, published_revision=revision)
    if not publication.index_number:
        ctx.update(index_number=allocate_index_number(publication.org, published_on.year))
    outbox_emit(topic=PUBLICATION_CHANGED, obj=publication)
    ctx.after.update(
        {
            "revision": revision.number,
            "index_number": publication.index_number,
            "public_from": public_from.isoformat(),
            "scheduled": at is not None and at > now,
        }
    )
    return publication


def publication_withdraw(*, actor: Actor, publication: Publication, reason: str) -> Publication:
    """撤回: the public page answers 410 with a notice; the record and its 索引号 stay."""
    return PUBLICATION.apply(actor, publication, Action.WITHDRAW, reason=reason)


@PUBLICATION.effect(Action.WITHDRAW)
def _withdraw(ctx: Context[Publication]) -> Publication:
    reason: str = ctx.data.get("reason", "").strip()
    if not reason:
        raise ValidationFailed("撤回须填写理由。", code="reason_required", fields={"reason": ["请填写撤回理由。"]})
    ctx.update(withdrawn_at=timezone.now(), withdrawn_reason=reason)
    outbox_emit(topic=PUBLICATION_CHANGED, obj=ctx.obj)
    ctx.after["reason"] = reason
    return ctx.obj


MAX_TAKEDOWN_REASON = 500


def attachment_take_down(*, actor: Actor, publication: Publication, attachment_id: int, reason: str) -> Attachment:
    """撤下: a file the public sees leaves the public page, the API and the search index at once
    (found to hold personal data, or the wrong file), without waiting for a new revision. It
    leaves the working revision too, so no later release brings it back; the row and the file
    stay for the record, with the reason."""
    return PUBLICATION.apply(actor, publication, Action.TAKE_DOWN, attachment_id=attachment_id, reason=reason)


@PUBLICATION.effect(Action.TAKE_DOWN)
def _take_down(ctx: Context[Publication]) -> Attachment:
    reason = str(ctx.data.get("reason") or "").strip()
    attachment = chosen_file(
        public_attachments(ctx.obj),
        ctx.data["attachment_id"],
        message="该附件不存在或未公开。",
        hint="请选择本信息已公开的附件。",
    )
    if not reason or len(reason) > MAX_TAKEDOWN_REASON:
        raise ValidationFailed(
            "撤下附件须填写理由。" if not reason else f"撤下理由不能超过{MAX_TAKEDOWN_REASON}字。",
            code="reason_required" if not reason else "reason_too_long",
            fields={"reason": ["请填写撤下理由。" if not reason else "理由过长。"]},
        )
    now = timezone.now()
    attachment.taken_down_at, attachment.takedown_reason = now, reason
    if attachment.removed_at is None:
        attachment.removed_at, attachment.removed_by = now, user_of(ctx.actor)
    attachment.save(update_fields=["taken_down_at", "takedown_reason", "removed_at", "removed_by"])
    outbox_emit(topic=PUBLICATION_CHANGED, obj=ctx.obj)  # the index and the page cache follow
    ctx.after.update({"attachment": attachment.pk, "name": attachment.name, "reason": reason})
    return attachment


def publication_change_validity(
    *,
    actor: Actor,
    publication: Publication,
    validity: str,
    changed_on: datetime.date | None = None,
    replaced_by_id: int | None = None,
) -> Publication:
    """Mark 失效/废止/已修订 (or 有效 again); the page keeps showing, with a banner."""
    return PUBLICATION.apply(
        actor,
        publication,
        Action.CHANGE_VALIDITY,
        validity=validity,
        changed_on=changed_on,
        replaced_by_id=replaced_by_id,
    )


@PUBLICATION.effect(Action.CHANGE_VALIDITY)
def _change_validity(ctx: Context[Publication]) -> Publication:
    publication = ctx.obj
    validity, changed_on = ctx.data["validity"], ctx.data.get("changed_on")
    replaced_by_id = ctx.data.get("replaced_by_id")
    replaced_by = Publication.objects.filter(pk=replaced_by_id).first() if replaced_by_id is not None else None
    errors: dict[str, list[str]] = {}
    if replaced_by_id is not None and replaced_by is None:
        errors["replaced_by"] = ["替代文件不存在。"]
    if validity not in Validity.values:
        errors["validity"] = ["有效性应为有效、失效、废止或已修订。"]
    elif validity in (Validity.EXPIRED, Validity.REPEALED) and changed_on is None:
        errors["changed_on"] = ["请填写失效或废止日期。"]
    if validity == Validity.REVISED and replaced_by is None:
        errors["replaced_by"] = ["已修订的文件须链接修订后的文件。"]
    if replaced_by is not None and (replaced_by.pk == publication.pk or not is_public_record(replaced_by)):
        errors["replaced_by"] = ["替代文件须是另一份已发布的信息。"]
    if changed_on is not None and changed_on > today() + datetime.timedelta(days=366):
        errors["changed_on"] = ["日期不合理。"]
    if errors:
        raise ValidationFailed("有效性变更有误，未保存。", code="validity_invalid", fields=errors)
    ctx.before.update(
        {
            "validity": publication.validity,
            "changed_on": publication.validity_changed_on.isoformat() if publication.validity_changed_on else None,
            "replaced_by": publication.replaced_by_id,
        }
    )
    ctx.update(
        validity=validity,
        validity_changed_on=None if validity == Validity.VALID else changed_on,
        replaced_by=None if validity == Validity.VALID else replaced_by,
    )
    outbox_emit(topic=PUBLICATION_CHANGED, obj=publication)
    ctx.after.update(
        {
            "validity": validity,
            "changed_on": changed_on.isoformat() if changed_on else None,
            "replaced_by": publication.replaced_by_id,
        }
    )
    return publication


# --- import of documents published elsewhere before ---------------------------------------------


@transaction.atomic
def publication_import(
    *,
    actor: Actor | None,
    org: Organization,
    title: str,
    body: str,
    published_on: datetime.date,
    source_key: str,
    kind: str = Kind.OTHER,
    written_on: datetime.date | None = None,
    doc_number: str = "",
    index_number: str = "",
    topic: str = "",
    keywords: str = "",
    catalog_codes: list[str] | None = None,
    body_is_html: bool = False,
    attachments: Sequence[Path] = (),
    store_files: bool = True,
) -> tuple[Publication, bool]:
    """Store a document that was already published (a migration from an old site).

    Idempotent on `source_key`, and on 索引号 or 文号 within the org. Only platform operators
    and the org's admins import, because an import bypasses review: the documents passed it
    when they were first published. The item is created in its published state (creation is
    not a transition). `attachments`: files checked and stored as uploads are, public with the
    item (store_files False, a dry run: checked only). Returns the item and whether it was created.
    """
    if not (org_permissions.is_platform_operator(actor) or org_permissions.can_manage_org(actor, org)):
        raise PermissionDenied("只有政务公开管理员可以导入已发布的信息。")
    existing = Publication.objects.filter(source_key=source_key).first()
    if existing is None and index_number:
        existing = Publication.objects.filter(index_number=index_number).first()
    content = Content(
        title=title,
        kind=kind,
        body_html=body if body_is_html else text_to_html(body),
        topic=topic,
        doc_number=doc_number,
        written_on=written_on,
        formed_on=written_on,
        keywords=keywords,
    )
    catalog_ensure_default(org=org)
    content, _ = validate_content(content, org=org, exclude_pk=None)
    if existing is None and content.doc_number:
        existing = Publication.objects.filter(org=org, doc_number=content.doc_number).first()
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    if not content.body_html:
        errors["body"] = ["正文不能为空。"]
    if written_on and written_on > published_on:
        errors["written_on"] = ["成文日期不能晚于发布日期。"]
    if published_on > today():
        errors["published_on"] = ["发布日期不能晚于今天。"]
    nodes = list(CatalogNode.objects.filter(org=org, code__in=catalog_codes or []))
    if catalog_codes and len(nodes) != len(set(catalog_codes)):
        errors["catalog"] = ["栏目代码不存在：" + "、".join(sorted(set(catalog_codes) - {n.code for n in nodes}))]
    if errors:
        raise ValidationFailed("导入的信息有误，未保存。", code="publication_invalid", fields=errors)
    files = check_files(attachments)
    publication = Publication.objects.create(
        org=org,
        state=State.PUBLISHED,
        title=content.title,
        kind=content.kind,
        source_key=source_key,
        published_on=published_on,
        public_from=datetime.datetime.combine(published_on, datetime.time(), tzinfo=timezone.get_current_timezone()),
        index_number=index_number or allocate_index_number(org, published_on.year),
    )
    revision = Revision.objects.create(publication=publication, number=1, author=None, **revision_values(content))
    copy_public_fields(publication, revision)
    publication.current_revision = publication.published_revision = revision
    publication.save(update_fields=[*PUBLIC_FIELDS, "current_revision", "published_revision"])
    content.catalog_node_ids = [n.pk for n in nodes]
    file_revision(revision, content, org)
    file_publication_as(publication, revision)
    if files and store_files:
        _attach_imported(publication, revision, files)
    outbox_emit(topic=PUBLICATION_CHANGED, obj=publication)
    audit_record(
        actor=actor,
        action="publication.imported",
        obj=publication,
        after={
            "source": source_key,
            "index_number": publication.index_number,
            "published_on": published_on.isoformat(),
        },
    )
    return publication, True


def _attach_imported(publication: Publication, revision: Revision, files: list[CheckedFile]) -> None:
    rows = store_checked(default_storage, publication.pk, files, added_at=revision.created_at)
    try:
        created = Attachment.objects.bulk_create([Attachment(**row) for row in rows])
        # auto_now_add stamped them now; the imported revision's creation is their cut-off.
        Attachment.objects.filter(pk__in=[a.pk for a in created]).update(added_at=revision.created_at)
    except BaseException:
        for row in rows:
            default_storage.delete(row["file"])
        raise
