"""The public copies of a mailbox message and its reply (答复公开栏), and the rule that the wall
shows nothing the reviewer has not seen masked (条例第十五条: personal information is not disclosed).

The writer's own name and contact are masked by value wherever they appear; everything the
pre-publication scanner finds (ID numbers, phones, addresses, labelled names ...) is masked the
way publications are. The reviewer sees these copies before approving and may edit them (a third
party's name in running text is beyond any scanner); what they approve is scanned once more and
refused while any finding is left.
"""

from dataclasses import dataclass

from gongkai.core.errors import ValidationFailed
from gongkai.participation.models import Message
from gongkai.participation.services._common import mask_known
from gongkai.privacy.scanner import preview_masking

PUBLIC_FIELDS = ("public_subject", "public_body", "public_reply")
_SOURCES = {"public_subject": "subject", "public_body": "body", "public_reply": "reply"}
_LABELS = {"public_subject": "公开主题", "public_body": "公开留言内容", "public_reply": "公开答复内容"}


@dataclass(frozen=True)
class WallCopy:
    public_subject: str
    public_body: str
    public_reply: str


def masked(message: Message, text: str) -> str:
    """`text` with the writer's own data and every scanner finding masked."""
    text, _ = mask_known(text, name=message.writer_name, phone=message.writer_phone, email=message.writer_email)
    return preview_masking(text).masked


def wall_preview(message: Message) -> WallCopy:
    """What the wall would show if the reviewer approved now, without edits."""
    return WallCopy(**{name: masked(message, getattr(message, source)) for name, source in _SOURCES.items()})


def wall_copy(message: Message, edits: dict[str, str]) -> WallCopy:
    """The copies to publish: exactly the reviewer's edited copies, or (not edited) the masked
    originals the preview showed.

    Refused (422) while the scanner finds personal information in any of them: what the reviewer
    approves is what the wall shows, so an edit that brings personal data back is not silently
    altered but sent back to the reviewer.
    """
    copies = {}
    errors: dict[str, list[str]] = {}
    for name, source in _SOURCES.items():
        edited = (edits.get(name) or "").strip()
        text = edited or masked(message, getattr(message, source))
        # What the masker would still change is personal information left in the copy.
        left = preview_masking(text).counts
        if left:
            errors[name] = [f"{_LABELS[name]}中仍有{sum(left.values())}处个人信息，请去标识化后再公开。"]
        copies[name] = text
    if errors:
        raise ValidationFailed("答复公开栏的文本中仍有个人信息，未公开。", code="wall_personal_data", fields=errors)
    return WallCopy(**copies)
