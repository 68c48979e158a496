"""Word import for 正文: a clerk drafts in Word/WPS and uploads the .docx on the publication form.

The import fills the form, it does not save it: the body, title, 文号 and 成文日期 come back
for the clerk to check and then save as usual (validate_content runs on that save). Images
become attachments of an existing item (through the engine's ``attach`` action, so its
permission, state and upload checks apply); on a new, unsaved draft there is nothing to attach
them to yet, so they are left out and the clerk is told how many.
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.disclosure import permissions
from gongkai.disclosure.models import Publication
from gongkai.disclosure.services.drafting import attachment_add
from gongkai.disclosure.transitions import PUBLICATION, Action
from gongkai.disclosure.wordimport import WordDocument, convert_docx
from gongkai.orgs.models import Organization
from gongkai.privacy.extract import check_upload, check_zip_bounds

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class WordImport:
    """What the form is prefilled with, and what the clerk is told about it."""

    document: WordDocument
    attached: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def publication_import_word(
    *, actor: Actor, org: Organization, upload: object, publication: Publication | None = None
) -> WordImport:
    """Convert an uploaded .docx into a body and metadata suggestions (nothing of the item is saved
    except images turned into attachments of an existing item)."""
    if publication is None:
        if not permissions.can_create_in(actor, org):
            raise PermissionDenied("您不是该机构的起草人员。")
    else:
        row = PUBLICATION.transition(Action.EDIT)
        if not row.policy(actor, publication):
            raise PermissionDenied(row.denied)
        if not row.state_allows(publication, PUBLICATION.state_of(publication)):
            raise PUBLICATION.refuse(publication, row)
    checked = check_upload(upload)  # size limit, type by content, zip bounds, text length
    if checked.media_type != DOCX_TYPE:
        raise ValidationFailed(
            "请上传Word文档（.docx）。WPS或旧版Word（.doc）文件请先另存为.docx。",
            code="word_import_type",
            fields={"word_file": ["只接受.docx文件。"]},
        )
    data = upload.read()  # type: ignore[attr-defined]
    upload.seek(0)  # type: ignore[attr-defined]
    check_zip_bounds(data)
    try:
        document = convert_docx(data, today=timezone.localdate())
    except (KeyError, ValueError, OSError) as exc:  # a damaged package: the uploader's problem
        raise ValidationFailed(
            "无法读取该Word文档，文件可能已损坏。", code="word_import_unreadable", fields={"word_file": ["无法读取。"]}
        ) from exc
    outcome = WordImport(document=document)
    if document.images and publication is None:
        outcome.notes.append(f"文档中的{len(document.images)}张图片未导入：请先保存草稿，再以附件上传或重新导入。")
    elif document.images and publication is not None:
        if Action.ATTACH in {t.action for t in PUBLICATION.available_actions(actor, publication)}:
            for image in document.images:
                file = SimpleUploadedFile(image.name, image.data, content_type=image.content_type)
                outcome.attached.append(attachment_add(actor=actor, publication=publication, upload=file).name)
            outcome.notes.append(f"文档中的{len(outcome.attached)}张图片已作为附件上传。")
        else:
            outcome.notes.append(f"文档中的{len(document.images)}张图片未导入：当前状态不能添加附件。")
    if document.skipped_images:
        outcome.notes.append(f"另有{document.skipped_images}张图片格式不支持或过大，未导入。")
    if not document.body_html:
        outcome.notes.append("文档中没有可导入的正文。")
    return outcome
