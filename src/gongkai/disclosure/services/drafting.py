"""起草: drafts, edits (a new revision once submitted: 一事一审), submission to review,
attachments and 去标识化 of the working revision."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.core.uploads import chosen_file
from gongkai.disclosure import permissions, scanning
from gongkai.disclosure.attachments import working_attachments
from gongkai.disclosure.content import Content
from gongkai.disclosure.models import Attachment, Publication, Revision, State
from gongkai.disclosure.services._common import (
    file_publication_as,
    file_revision,
    filing_snapshot,
    revision_snapshot,
    revision_values,
    user_of,
    validate_content,
)
from gongkai.disclosure.services.catalog import catalog_ensure_default
from gongkai.disclosure.transitions import PUBLICATION, Action
from gongkai.orgs.models import Organization
from gongkai.privacy.extract import check_upload
from gongkai.privacy.services import privacy_mask_apply


@transaction.atomic
def publication_create_draft(*, actor: Actor, org: Organization, content: Content) -> tuple[Publication, list[str]]:
    """Start a new item as a draft (起草). Returns it with any warnings about its metadata."""
    if not permissions.can_create_in(actor, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    catalog_ensure_default(org=org)
    content, warnings = validate_content(content, org=org, exclude_pk=None)
    publication = Publication.objects.create(
        org=org,
        state=State.DRAFT,
        title=content.title,
        kind=content.kind,
        created_by=user_of(actor),
    )
    revision = Revision.objects.create(
        publication=publication, number=1, author=user_of(actor), **revision_values(content)
    )
    publication.current_revision = revision
    publication.save(update_fields=["current_revision"])
    file_revision(revision, content, org)
    file_publication_as(publication, revision)
    audit_record(
        actor=actor,
        action="publication.draft_created",
        obj=publication,
        after={"revision": 1, **revision_snapshot(revision)},
    )
    return publication, warnings


def publication_edit(*, actor: Actor, publication: Publication, content: Content) -> tuple[Publication, list[str]]:
    """Save a change. A text that was submitted, decided or published is kept as it was: the
    change becomes a new revision in draft, which must pass review again (一事一审)."""
    return PUBLICATION.apply(actor, publication, Action.EDIT, content=content)


@PUBLICATION.effect(Action.EDIT)
def _edit(ctx: Context[Publication]) -> tuple[Publication, list[str]]:
    publication, actor = ctx.obj, ctx.actor
    content, warnings = validate_content(ctx.data["content"], org=publication.org, exclude_pk=publication.pk)
    current = publication.working_revision
    ctx.before.update({**revision_snapshot(current), **filing_snapshot(current)})
    frozen = current.submitted_at is not None or current.pk == publication.published_revision_id
    if frozen:
        current = Revision.objects.create(
            publication=publication, number=current.number + 1, author=user_of(actor), **revision_values(content)
        )
        ctx.update(current_revision=current)
    else:
        for name, value in revision_values(content).items():
            setattr(current, name, value)
        current.author = user_of(actor)
        current.save()
    if publication.state in (State.IN_REVIEW, State.APPROVED):
        ctx.note = "修改已送审的内容，审核重新开始。"
    if publication.published_revision_id is None:
        ctx.update(title=content.title, kind=content.kind)
    file_revision(current, content, publication.org)
    if publication.published_revision_id is None:
        file_publication_as(publication, current)
    # A public item keeps its columns and co-issuers until this revision is released (先审后发).
    ctx.after.update({"revision": current.number, **revision_snapshot(current), **filing_snapshot(current)})
    return publication, warnings


def publication_submit(*, actor: Actor, publication: Publication) -> Publication:
    """Send the current revision to review (先审后发)."""
    return PUBLICATION.apply(actor, publication, Action.SUBMIT)


@PUBLICATION.effect(Action.SUBMIT)
def _submit(ctx: Context[Publication]) -> Publication:
    publication = ctx.obj
    revision = publication.working_revision
    if revision.submitted_at is not None:
        # A rejected revision goes back only after a change: a new revision is reviewed anew.
        raise ValidationFailed("该版本已被退回，请根据审核意见修改后再送审。", code="revision_already_reviewed")
    if not revision.body_html.strip() and not working_attachments(publication).exists():
        raise ValidationFailed(
            "正文和附件不能都为空。", code="publication_empty", fields={"body_html": ["请填写正文。"]}
        )
    revision.submitted_at = timezone.now()
    # 发布前审查: the reviewers see what the scanner found, inline, from the first step on.
    revision.scanned_at = revision.submitted_at
    revision.scan_summary = scanning.summary(scanning.scan_revision(publication, revision))
    revision.save(update_fields=["submitted_at", "scanned_at", "scan_summary"])
    ctx.after.update({"revision": revision.number, "scan": revision.scan_summary})
    return publication


def publication_mask_personal_data(*, actor: Actor, publication: Publication) -> dict[str, int]:
    """去标识化 of the working revision in one action (its title and body), then a new scan.

    Editors do it on their draft; reviewers and approvers during review, without restarting
    it: masking only removes personal information, which is what the review asks for.
    """
    return PUBLICATION.apply(actor, publication, Action.MASK)


@PUBLICATION.effect(Action.MASK)
def _mask(ctx: Context[Publication]) -> dict[str, int]:
    publication = ctx.obj
    revision = publication.working_revision
    counts = privacy_mask_apply(actor=ctx.actor, obj=revision, fields=["title"], html_fields=["body_html"])
    revision.refresh_from_db()
    revision.scanned_at = timezone.now()
    revision.scan_summary = scanning.summary(scanning.scan_revision(publication, revision))
    revision.save(update_fields=["scanned_at", "scan_summary"])
    if publication.published_revision_id is None:
        ctx.update(title=revision.title)
    ctx.after.update({"revision": revision.number, "counts": counts})
    return counts


def attachment_add(*, actor: Actor, publication: Publication, upload: UploadedFile) -> Attachment:
    return PUBLICATION.apply(actor, publication, Action.ATTACH, upload=upload)


# Bounds of one item's attachments: those of the working revision, and every row kept for the
# record (removed ones included), so that adding and removing cannot grow it without end.
MAX_ATTACHMENTS = 50
MAX_ATTACHMENT_ROWS = 200


@PUBLICATION.effect(Action.ATTACH)
def _attach(ctx: Context[Publication]) -> Attachment:
    if working_attachments(ctx.obj).count() >= MAX_ATTACHMENTS:
        raise ValidationFailed(
            f"每条信息最多 {MAX_ATTACHMENTS} 个附件，请先删除不需要的附件。",
            code="attachments_too_many",
            fields={"file": ["附件数量已达上限。"]},
        )
    if ctx.obj.attachments.count() >= MAX_ATTACHMENT_ROWS:
        raise ValidationFailed(
            f"该信息已累计上传 {MAX_ATTACHMENT_ROWS} 个附件（含已删除的），已达上限，不能再上传。",
            code="attachments_too_many",
            fields={"file": ["附件数量已达上限。"]},
        )
    checked = check_upload(ctx.data["upload"])
    name, media_type, text, size = checked.name, checked.media_type, checked.text, checked.size
    attachment = Attachment(
        publication=ctx.obj, name=name, media_type=media_type, size=size, text=text, added_by=user_of(ctx.actor)
    )
    attachment.file.save(name, ctx.data["upload"], save=False)
    attachment.save()
    ctx.after.update({"attachment": attachment.pk, "name": name, "media_type": media_type, "size": size})
    return attachment


def attachment_remove(*, actor: Actor, publication: Publication, attachment_id: int) -> Attachment:
    """Remove an attachment from the working revision (a draft). One the public sees stays on
    the public page until this revision is reviewed and released, as a text change would."""
    return PUBLICATION.apply(actor, publication, Action.DETACH, attachment_id=attachment_id)


@PUBLICATION.effect(Action.DETACH)
def _detach(ctx: Context[Publication]) -> Attachment:
    attachment = chosen_file(
        working_attachments(ctx.obj),
        ctx.data["attachment_id"],
        message="该附件不存在或已删除。",
        hint="请选择本信息的附件。",
    )
    attachment.removed_at = timezone.now()
    attachment.removed_by = user_of(ctx.actor)
    attachment.save(update_fields=["removed_at", "removed_by"])
    ctx.after.update({"attachment": attachment.pk, "name": attachment.name})
    return attachment
