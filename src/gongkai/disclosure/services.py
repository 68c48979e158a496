"""The only write path for government information (主动公开).

Each service: one transaction, the row locked, state and permission checked, input validated,
the change saved, an audit row written in the same transaction.
"""

import datetime
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.disclosure import permissions, scanning, transitions
from gongkai.disclosure.catalog import DEFAULT_CATALOG, DEFAULT_NODE_FOR_KIND, CatalogTemplateNode
from gongkai.disclosure.doc_number import InvalidDocNumber, parse_doc_number
from gongkai.disclosure.models import (
    Attachment,
    CatalogNode,
    Decision,
    DisclosureMode,
    IndexNumberSequence,
    InterpretationForm,
    Kind,
    Publication,
    ReviewDecision,
    ReviewStep,
    Revision,
    State,
    Validity,
    WithholdingGround,
)
from gongkai.disclosure.richtext import sanitize_html, text_to_html
from gongkai.disclosure.selectors import review_steps_for
from gongkai.disclosure.transitions import Action
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role
from gongkai.privacy.extract import check_upload
from gongkai.privacy.services import privacy_mask_apply, privacy_override_record

# Outbox topic: the public face of a publication changed (published, withdrawn, validity).
PUBLICATION_CHANGED = "publication.changed"


@dataclass
class Content:
    """What an editor writes: the revisioned content and metadata of a publication."""

    title: str
    kind: str = Kind.OTHER
    body_html: str = ""
    topic: str = ""
    doc_number: str = ""
    written_on: datetime.date | None = None
    formed_on: datetime.date | None = None
    disclosure_mode: str = DisclosureMode.PROACTIVE
    withholding_ground: str = ""
    keywords: str = ""
    is_major_policy: bool = False
    interprets_id: int | None = None
    interpretation_form: str = ""
    catalog_node_ids: list[int] = field(default_factory=list)
    co_issuer_ids: list[int] = field(default_factory=list)


_REVISION_FIELDS = (
    "title",
    "kind",
    "topic",
    "doc_number",
    "written_on",
    "formed_on",
    "disclosure_mode",
    "withholding_ground",
    "keywords",
    "body_html",
    "is_major_policy",
    "interpretation_form",
)


def _today() -> datetime.date:
    return timezone.localdate()


def _validate_content(content: Content, *, org: Organization, exclude_pk: int | None) -> tuple[Content, list[str]]:
    """Validate and normalise; returns the cleaned content and warnings (accepted, but shown)."""
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    content.title = (content.title or "").strip()
    if not content.title:
        errors["title"] = ["信息名称不能为空。"]
    elif len(content.title) > 300:
        errors["title"] = ["信息名称不能超过300字。"]
    if content.kind not in Kind.values:
        errors["kind"] = [f"体裁“{content.kind}”不存在。"]
    if content.doc_number.strip():
        try:
            parsed = parse_doc_number(content.doc_number, latest_year=_today().year + 1)
        except InvalidDocNumber as exc:
            errors["doc_number"] = [str(exc)]
        else:
            content.doc_number = parsed.normalized
            warnings += parsed.warnings
    else:
        content.doc_number = ""
    if content.disclosure_mode not in DisclosureMode.values:
        errors["disclosure_mode"] = ["公开方式应为主动公开、依申请公开或不予公开。"]
    elif content.disclosure_mode == DisclosureMode.PROACTIVE:
        content.withholding_ground = ""
    elif content.withholding_ground not in WithholdingGround.values:
        # 国办发〔2016〕80号: a document not disclosed proactively states its legal reason.
        errors["withholding_ground"] = ["依申请公开或不予公开的，须选择第十四至十六条规定的理由。"]
    if content.written_on and content.written_on > _today():
        errors["written_on"] = ["成文日期不能晚于今天。"]
    if content.formed_on and content.formed_on > _today():
        errors["formed_on"] = ["形成或变更日期不能晚于今天。"]
    if content.kind == Kind.INTERPRETATION:
        if content.interprets_id is None:
            errors["interprets"] = ["政策解读须关联所解读的政策文件（谁起草、谁解读）。"]
        elif not Publication.objects.filter(pk=content.interprets_id).exclude(pk=exclude_pk or 0).exists():
            errors["interprets"] = ["所关联的政策文件不存在。"]
        if content.interpretation_form not in InterpretationForm.values:
            errors["interpretation_form"] = ["请选择解读形式。"]
    else:
        content.interprets_id = None
        content.interpretation_form = ""
    content.body_html = sanitize_html(content.body_html)
    content.keywords = " ".join(content.keywords.replace("，", " ").replace(",", " ").split())[:200]
    if content.catalog_node_ids:
        found = set(CatalogNode.objects.filter(org=org, pk__in=content.catalog_node_ids).values_list("pk", flat=True))
        if found != set(content.catalog_node_ids):
            errors["catalog_nodes"] = ["所选栏目不属于本机构的公开目录。"]
    wanted = set(content.co_issuer_ids)
    if wanted and Organization.objects.filter(pk__in=wanted).count() != len(wanted):
        errors["co_issuers"] = ["联合发文机构不存在。"]
    if errors:
        raise ValidationFailed("信息内容有误，未保存。", code="publication_invalid", fields=errors)
    return content, warnings


def _revision_values(content: Content) -> dict[str, Any]:
    values = {name: getattr(content, name) for name in _REVISION_FIELDS}
    values["interprets_id"] = content.interprets_id
    return values


def _revision_snapshot(revision: Revision) -> dict[str, Any]:
    data = {name: getattr(revision, name) for name in _REVISION_FIELDS}
    data["interprets_id"] = revision.interprets_id
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}


def _lock(publication: Publication) -> Publication:
    # Lock the publication row only: the revision join is an outer join, which PostgreSQL cannot lock.
    return (
        Publication.objects.select_for_update(of=("self",))
        .select_related("org", "current_revision")
        .get(pk=publication.pk)
    )


def _default_nodes(org: Organization, kind: str) -> list[int]:
    code = DEFAULT_NODE_FOR_KIND.get(kind)
    node = CatalogNode.objects.filter(org=org, code=code).first() if code else None
    return [node.pk] if node else []


@transaction.atomic
def publication_create_draft(*, actor: Any, org: Organization, content: Content) -> tuple[Publication, list[str]]:
    """Start a new item as a draft (起草). Returns it with any warnings about its metadata."""
    if not permissions.can_create_in(actor, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    catalog_ensure_default(org=org)
    content, warnings = _validate_content(content, org=org, exclude_pk=None)
    publication = Publication.objects.create(
        org=org,
        state=State.DRAFT,
        title=content.title,
        kind=content.kind,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    revision = Revision.objects.create(publication=publication, number=1, author=actor, **_revision_values(content))
    publication.current_revision = revision
    publication.save(update_fields=["current_revision"])
    publication.catalog_nodes.set(content.catalog_node_ids or _default_nodes(org, content.kind))
    publication.co_issuers.set(content.co_issuer_ids)
    audit_record(
        actor=actor,
        action="publication.draft_created",
        obj=publication,
        after={"revision": 1, **_revision_snapshot(revision)},
    )
    return publication, warnings


@transaction.atomic
def publication_edit(*, actor: Any, publication: Publication, content: Content) -> tuple[Publication, list[str]]:
    """Save a change. A text that was submitted, decided or published is kept as it was: the
    change becomes a new revision in draft, which must pass review again (一事一审)."""
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    if not permissions.can_edit(actor, publication):
        raise PermissionDenied("您不是该机构的起草人员。")
    transitions.check(Action.EDIT, publication)
    content, warnings = _validate_content(content, org=publication.org, exclude_pk=publication.pk)
    current = publication.working_revision
    before = _revision_snapshot(current)
    frozen = current.submitted_at is not None or current.pk == publication.published_revision_id
    if frozen:
        current = Revision.objects.create(
            publication=publication, number=current.number + 1, author=actor, **_revision_values(content)
        )
        publication.current_revision = current
    else:
        for name, value in _revision_values(content).items():
            setattr(current, name, value)
        current.author = actor
        current.save()
    restarted = publication.state in (State.IN_REVIEW, State.APPROVED)
    publication.state = State.DRAFT
    if publication.published_revision_id is None:
        publication.title, publication.kind = content.title, content.kind
    publication.save(update_fields=["current_revision", "state", "title", "kind"])
    publication.catalog_nodes.set(content.catalog_node_ids or _default_nodes(publication.org, content.kind))
    publication.co_issuers.set(content.co_issuer_ids)
    audit_record(
        actor=actor,
        action="publication.edited",
        obj=publication,
        before=before,
        after={"revision": current.number, **_revision_snapshot(current)},
        note="修改已送审的内容，审核重新开始。" if restarted else "",
    )
    return publication, warnings


@transaction.atomic
def publication_submit(*, actor: Any, publication: Publication) -> Publication:
    """Send the current revision to review (先审后发)."""
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    if not permissions.can_submit(actor, publication):
        raise PermissionDenied("您不是该机构的起草人员。")
    transitions.check(Action.SUBMIT, publication)
    revision = publication.working_revision
    if revision.submitted_at is not None:
        # A rejected revision goes back only after a change: a new revision is reviewed anew.
        raise ValidationFailed("该版本已被退回，请根据审核意见修改后再送审。", code="revision_already_reviewed")
    if not revision.body_html.strip() and not publication.attachments.exists():
        raise ValidationFailed(
            "正文和附件不能都为空。", code="publication_empty", fields={"body_html": ["请填写正文。"]}
        )
    revision.submitted_at = timezone.now()
    # 发布前审查: the reviewers see what the scanner found, inline, from the first step on.
    revision.scanned_at = revision.submitted_at
    revision.scan_summary = scanning.summary(scanning.scan_revision(publication, revision))
    revision.save(update_fields=["submitted_at", "scanned_at", "scan_summary"])
    publication.state = State.IN_REVIEW
    publication.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="publication.submitted",
        obj=publication,
        after={"revision": revision.number, "scan": revision.scan_summary},
    )
    return publication


@transaction.atomic
def publication_mask_personal_data(*, actor: Any, publication: Publication) -> dict[str, int]:
    """去标识化 of the working revision in one action (its title and body), then a new scan.

    Editors do it on their draft; reviewers and approvers during review, without restarting
    it: masking only removes personal information, which is what the review asks for.
    """
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    if not permissions.can_mask(actor, publication):
        raise PermissionDenied("您不能对该信息作去标识化处理。")
    transitions.check(Action.MASK, publication)
    revision = publication.working_revision
    counts = privacy_mask_apply(actor=actor, obj=revision, fields=["title"], html_fields=["body_html"])
    revision.refresh_from_db()
    revision.scanned_at = timezone.now()
    revision.scan_summary = scanning.summary(scanning.scan_revision(publication, revision))
    revision.save(update_fields=["scanned_at", "scan_summary"])
    if publication.published_revision_id is None:
        publication.title = revision.title
        publication.save(update_fields=["title"])
    return counts


def current_step(publication: Publication) -> ReviewStep | None:
    """The first step of the org's workflow with no approval of the current revision yet."""
    revision = publication.current_revision
    approved = set(
        ReviewDecision.objects.filter(revision=revision, decision=Decision.APPROVE).values_list("step_order", flat=True)
    )
    for step in review_steps_for(publication.org):
        if step.order not in approved:
            return step
    return None


def _has_interpretation_in_review(publication: Publication) -> bool:
    """三同步: an interpretation of this policy submitted with it (or already out)."""
    return Publication.objects.filter(
        Q(current_revision__interprets=publication) | Q(interprets=publication),
        kind=Kind.INTERPRETATION,
        state__in=[State.IN_REVIEW, State.APPROVED, State.PUBLISHED],
    ).exists()


@transaction.atomic
def publication_decide(
    *, actor: Any, publication: Publication, decision: str, opinion: str = "", override_reason: str = ""
) -> ReviewDecision:
    """Approve or reject the current revision at the current review step."""
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    action = Action.APPROVE if decision == Decision.APPROVE else Action.REJECT
    if decision not in Decision.values:
        raise ValidationFailed(
            "审核结论应为通过或退回。", code="decision_invalid", fields={"decision": ["无效的结论。"]}
        )
    transitions.check(action, publication)
    step = current_step(publication)
    if step is None:  # every step approved: the state would be APPROVED, not IN_REVIEW
        raise RuntimeError(f"publication {publication.pk} in review without a pending step")
    if not permissions.can_decide_step(actor, publication, step.role):
        raise PermissionDenied(f"“{step.name}”环节须由{Role(step.role).label}人员审核。")
    revision = publication.working_revision
    if decision == Decision.REJECT and not opinion.strip():
        raise ValidationFailed(
            "退回时须填写审核意见。", code="opinion_required", fields={"opinion": ["请填写退回理由。"]}
        )
    steps = review_steps_for(publication.org)
    is_last = step.order == steps[-1].order
    needs_interpretation = (
        decision == Decision.APPROVE
        and is_last
        and revision.is_major_policy
        and not _has_interpretation_in_review(publication)
    )
    # 三同步: 政策文件与解读材料同步组织、同步审签、同步部署 (国办发〔2016〕80号 实施细则).
    if needs_interpretation and not override_reason.strip():
        raise ValidationFailed(
            "重大政策须与政策解读同步审签（三同步）。请先提交解读，或填写未同步解读的理由。",
            code="interpretation_required",
            fields={"override_reason": ["请填写未同步解读的理由。"]},
        )
    record = ReviewDecision.objects.create(
        revision=revision,
        step_order=step.order,
        step_name=step.name,
        actor=actor,
        decision=decision,
        opinion=opinion.strip(),
        override_reason=override_reason.strip() if decision == Decision.APPROVE else "",
    )
    if decision == Decision.REJECT:
        publication.state = State.DRAFT
    elif is_last:
        publication.state = State.APPROVED
    publication.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=f"publication.{action.value}d" if action == Action.APPROVE else "publication.rejected",
        obj=publication,
        after={
            "revision": revision.number,
            "step": step.name,
            "opinion": record.opinion,
            "override_reason": record.override_reason,
            "state": publication.state,
        },
    )
    return record


def _allocate_index_number(org: Organization, year: int) -> str:
    sequence, _ = IndexNumberSequence.objects.select_for_update().get_or_create(org=org, year=year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return f"{org.credit_code}/{year}-{sequence.last_serial:05d}"


def _copy_public_fields(publication: Publication, revision: Revision) -> None:
    for name in _REVISION_FIELDS:
        setattr(publication, name, getattr(revision, name))
    publication.interprets_id = revision.interprets_id
    if revision.doc_number:
        parsed = parse_doc_number(revision.doc_number, latest_year=9999)
        publication.doc_issuer_code, publication.doc_year, publication.doc_serial = (
            parsed.issuer_code,
            parsed.year,
            parsed.serial,
        )
    else:
        publication.doc_issuer_code, publication.doc_year, publication.doc_serial = "", None, None


@transaction.atomic
def publication_publish(
    *, actor: Any, publication: Publication, at: datetime.datetime | None = None, override_reason: str = ""
) -> Publication:
    """Release the approved revision now, or at `at` (定时发布); it replaces the public text.

    What the pre-publication scan still finds (personal data not masked, injected spam,
    wording errors) blocks publication unless the publisher records why, which is audited.
    """
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    if not permissions.can_publish(actor, publication):
        raise PermissionDenied("只有签发人员或政务公开管理员可以发布。")
    transitions.check(Action.PUBLISH, publication)
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
        privacy_override_record(actor=actor, obj=publication, report=report, reason=override_reason)
    before = {"published_revision": publication.published_revision.number if publication.published_revision else None}
    _copy_public_fields(publication, revision)
    publication.published_on = timezone.localtime(public_from).date()
    publication.public_from = public_from
    if not publication.index_number:
        publication.index_number = _allocate_index_number(publication.org, publication.published_on.year)
    publication.published_revision = revision
    publication.state = State.PUBLISHED
    publication.save()
    outbox_emit(topic=PUBLICATION_CHANGED, obj=publication)
    audit_record(
        actor=actor,
        action="publication.published",
        obj=publication,
        before=before,
        after={
            "revision": revision.number,
            "index_number": publication.index_number,
            "public_from": public_from.isoformat(),
            "scheduled": at is not None and at > now,
        },
    )
    return publication


@transaction.atomic
def publication_withdraw(*, actor: Any, publication: Publication, reason: str) -> Publication:
    """撤回: the public page answers 410 with a notice; the record and its 索引号 stay."""
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    if not permissions.can_withdraw(actor, publication):
        raise PermissionDenied("只有签发人员或政务公开管理员可以撤回已发布的信息。")
    transitions.check(Action.WITHDRAW, publication)
    if not reason.strip():
        raise ValidationFailed("撤回须填写理由。", code="reason_required", fields={"reason": ["请填写撤回理由。"]})
    before_state = publication.state
    publication.state = State.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_reason = reason.strip()
    publication.save(update_fields=["state", "withdrawn_at", "withdrawn_reason"])
    outbox_emit(topic=PUBLICATION_CHANGED, obj=publication)
    audit_record(
        actor=actor,
        action="publication.withdrawn",
        obj=publication,
        before={"state": before_state},
        after={"state": State.WITHDRAWN, "reason": publication.withdrawn_reason},
    )
    return publication


@transaction.atomic
def publication_change_validity(
    *,
    actor: Any,
    publication: Publication,
    validity: str,
    changed_on: datetime.date | None = None,
    replaced_by_id: int | None = None,
) -> Publication:
    """Mark 失效/废止/已修订 (or 有效 again); the page keeps showing, with a banner."""
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    if not permissions.can_change_validity(actor, publication):
        raise PermissionDenied()
    transitions.check(Action.CHANGE_VALIDITY, publication)
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
    if replaced_by is not None and (replaced_by.pk == publication.pk or not transitions.is_public_record(replaced_by)):
        errors["replaced_by"] = ["替代文件须是另一份已发布的信息。"]
    if changed_on is not None and changed_on > _today() + datetime.timedelta(days=366):
        errors["changed_on"] = ["日期不合理。"]
    if errors:
        raise ValidationFailed("有效性变更有误，未保存。", code="validity_invalid", fields=errors)
    before = {
        "validity": publication.validity,
        "changed_on": publication.validity_changed_on.isoformat() if publication.validity_changed_on else None,
        "replaced_by": publication.replaced_by_id,
    }
    publication.validity = validity
    publication.validity_changed_on = None if validity == Validity.VALID else changed_on
    publication.replaced_by = None if validity == Validity.VALID else replaced_by
    publication.save(update_fields=["validity", "validity_changed_on", "replaced_by"])
    outbox_emit(topic=PUBLICATION_CHANGED, obj=publication)
    audit_record(
        actor=actor,
        action="publication.validity_changed",
        obj=publication,
        before=before,
        after={
            "validity": validity,
            "changed_on": changed_on.isoformat() if changed_on else None,
            "replaced_by": publication.replaced_by_id,
        },
    )
    return publication


# --- attachments ------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor: Any, publication: Publication, upload: UploadedFile) -> Attachment:
    publication = _lock(publication)
    if not permissions.can_see_unpublished(actor, publication):
        raise NotFound("未找到该信息。")
    if not permissions.can_edit(actor, publication):
        raise PermissionDenied("您不是该机构的起草人员。")
    transitions.check(Action.ATTACH, publication)
    checked = check_upload(upload)
    name, media_type, text, size = checked.name, checked.media_type, checked.text, checked.size
    attachment = Attachment(
        publication=publication, name=name, media_type=media_type, size=size, text=text, added_by=actor
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="publication.attachment_added",
        obj=publication,
        after={"attachment": attachment.pk, "name": name, "media_type": media_type, "size": size},
    )
    return attachment


# --- catalog and workflow configuration -------------------------------------------------------


def _create_template_nodes(
    org: Organization, nodes: tuple[CatalogTemplateNode, ...], parent: CatalogNode | None
) -> None:
    for order, node in enumerate(nodes):
        created = CatalogNode.objects.create(org=org, parent=parent, name=node.name, code=node.code, sort_order=order)
        created.path = f"{parent.path if parent else '/'}{created.pk}/"
        created.save(update_fields=["path"])
        _create_template_nodes(org, node.children, created)


@transaction.atomic
def catalog_ensure_default(*, org: Organization) -> bool:
    """Give `org` the default 主动公开目录 if it has none yet. Returns whether it was created."""
    Organization.objects.select_for_update().get(pk=org.pk)
    if CatalogNode.objects.filter(org=org).exists():
        return False
    _create_template_nodes(org, DEFAULT_CATALOG, None)
    return True


@transaction.atomic
def catalog_node_create(
    *, actor: Any, org: Organization, name: str, code: str, parent: CatalogNode | None
) -> CatalogNode:
    if not permissions.can_manage_catalog(actor, org):
        raise PermissionDenied("只有政务公开管理员可以调整公开目录。")
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["栏目名称不能为空。"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,58}", code):
        errors["code"] = ["栏目代码只能包含小写字母、数字和连字符。"]
    elif CatalogNode.objects.filter(org=org, code=code).exists():
        errors["code"] = ["栏目代码已存在。"]
    if parent is not None and parent.org_id != org.pk:
        errors["parent"] = ["上级栏目不属于本机构。"]
    if errors:
        raise ValidationFailed("栏目信息有误，未保存。", code="catalog_invalid", fields=errors)
    order = CatalogNode.objects.filter(org=org, parent=parent).count()
    node = CatalogNode.objects.create(org=org, parent=parent, name=name.strip(), code=code, sort_order=order)
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.save(update_fields=["path"])
    audit_record(actor=actor, action="catalog.node_created", obj=node, after={"org_id": org.pk, "name": node.name})
    return node


@transaction.atomic
def catalog_node_delete(*, actor: Any, node: CatalogNode) -> None:
    node = CatalogNode.objects.select_for_update(of=("self",)).select_related("org").get(pk=node.pk)
    if not permissions.can_manage_catalog(actor, node.org):
        raise PermissionDenied("只有政务公开管理员可以调整公开目录。")
    if node.children.exists() or node.publications.exists():
        raise ValidationFailed("栏目下还有子栏目或信息，不能删除。", code="catalog_not_empty")
    audit_record(actor=actor, action="catalog.node_deleted", obj=node, before={"name": node.name})
    node.delete()


@dataclass
class StepSpec:
    name: str
    role: str


@transaction.atomic
def review_steps_set(*, actor: Any, org: Organization, steps: list[StepSpec]) -> list[ReviewStep]:
    """Replace the org's review workflow (it then applies to the org's whole subtree)."""
    if not permissions.can_manage_review_steps(actor, org):
        raise PermissionDenied("只有政务公开管理员可以设置审核流程。")
    if not steps or any(not s.name.strip() or s.role not in Role.values for s in steps):
        raise ValidationFailed("审核流程至少需要一个环节，每个环节须有名称和有效角色。", code="steps_invalid")
    if Publication.objects.filter(org__path__startswith=org.path, state=State.IN_REVIEW).exists():
        raise ValidationFailed("仍有信息在审核中，请待其审结后再调整流程。", code="steps_in_use")
    before = [asdict(StepSpec(s.name, s.role)) for s in ReviewStep.objects.filter(org=org)]
    ReviewStep.objects.filter(org=org).delete()
    created = [
        ReviewStep.objects.create(org=org, order=i + 1, name=s.name.strip(), role=s.role) for i, s in enumerate(steps)
    ]
    audit_record(
        actor=actor,
        action="review_steps.set",
        obj=org,
        before={"steps": before},
        after={"steps": [asdict(s) for s in steps]},
    )
    return created


# --- import of documents published elsewhere before ---------------------------------------------


@transaction.atomic
def publication_import(
    *,
    actor: Any,
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
) -> tuple[Publication, bool]:
    """Store a document that was already published (a migration from an old site).

    Idempotent on `source_key`, and on 索引号 or 文号 within the org. Only platform operators
    and the org's admins import, because an import bypasses review: the documents passed it
    when they were first published. Returns the item and whether it was created.
    """
    from gongkai.orgs import permissions as org_permissions

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
    content, _ = _validate_content(content, org=org, exclude_pk=None)
    if existing is None and content.doc_number:
        existing = Publication.objects.filter(org=org, doc_number=content.doc_number).first()
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    if not content.body_html:
        errors["body"] = ["正文不能为空。"]
    if written_on and written_on > published_on:
        errors["written_on"] = ["成文日期不能晚于发布日期。"]
    if published_on > _today():
        errors["published_on"] = ["发布日期不能晚于今天。"]
    nodes = list(CatalogNode.objects.filter(org=org, code__in=catalog_codes or []))
    if catalog_codes and len(nodes) != len(set(catalog_codes)):
        errors["catalog"] = ["栏目代码不存在：" + "、".join(sorted(set(catalog_codes) - {n.code for n in nodes}))]
    if errors:
        raise ValidationFailed("导入的信息有误，未保存。", code="publication_invalid", fields=errors)
    publication = Publication.objects.create(org=org, title=content.title, kind=content.kind, source_key=source_key)
    revision = Revision.objects.create(publication=publication, number=1, author=None, **_revision_values(content))
    _copy_public_fields(publication, revision)
    publication.current_revision = publication.published_revision = revision
    publication.state = State.PUBLISHED
    publication.published_on = published_on
    publication.public_from = datetime.datetime.combine(
        published_on, datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    publication.index_number = index_number or _allocate_index_number(org, published_on.year)
    publication.save()
    publication.catalog_nodes.set([n.pk for n in nodes] or _default_nodes(org, content.kind))
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


def content_of(revision: Revision, publication: Publication) -> Content:
    """The editable content of a revision (for forms and the API)."""
    values = {f.name: getattr(revision, f.name) for f in fields(Content) if hasattr(revision, f.name)}
    values.pop("interprets_id", None)
    return Content(
        **values,
        interprets_id=revision.interprets_id,
        catalog_node_ids=list(publication.catalog_nodes.values_list("pk", flat=True)),
        co_issuer_ids=list(publication.co_issuers.values_list("pk", flat=True)),
    )
