"""Which attachments belong to which revision of a publication.

An attachment belongs to the item, with two times: when it was added to a draft and when it was
removed from one (both happen only in the draft state). A revision holds the attachments added
before it went to review and not removed before then, so the public keeps the published
revision's set until the next revision is reviewed and released (先审后发), exactly as for its
text. An imported revision was never submitted; its creation is the cut-off. The rows stay after
removal: the file is part of the record of what was published (and what reviewers read).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongkai.disclosure.models import Attachment, Publication, Revision

_PUBLIC_CUT_OFF = Coalesce(
    F("publication__published_revision__submitted_at"), F("publication__published_revision__created_at")
)

# Part of the public text: added before the published revision went to review, not removed
# before then, and not taken down since (撤下 acts at once).
PUBLIC_ATTACHMENT = (
    Q(added_at__lte=_PUBLIC_CUT_OFF)
    & (Q(removed_at__isnull=True) | Q(removed_at__gt=_PUBLIC_CUT_OFF))
    & Q(taken_down_at__isnull=True)
)

# In the working revision (what the editor sees, what review scans and what submit counts).
WORKING_ATTACHMENT = Q(removed_at__isnull=True)


def working_attachments(publication: Publication) -> QuerySet[Attachment]:
    return Attachment.objects.filter(WORKING_ATTACHMENT, publication=publication).order_by("pk")


def has_working_attachments(publication: Publication) -> bool:
    return working_attachments(publication).exists()


def public_attachments(publication: Publication) -> QuerySet[Attachment]:
    """What the public sees of the item's files now (publication_get_public's result, or any
    item: the caller asks whether it is public at all)."""
    return Attachment.objects.filter(PUBLIC_ATTACHMENT, publication=publication).order_by("pk")


def cut_off(revision: Revision, *, working: bool) -> datetime.datetime:
    """The moment a revision's attachment set was fixed: when it went to review; the working
    revision not yet submitted is still open (now); an imported one at its creation."""
    if revision.submitted_at is not None:
        return revision.submitted_at
    return timezone.now() if working else revision.created_at


def attachments_as_of(publication: Publication, revision: Revision) -> list[Attachment]:
    """The attachments a revision holds (the revision diff compares two of these)."""
    moment = cut_off(revision, working=revision.pk == publication.current_revision_id)
    return list(
        Attachment.objects.filter(publication=publication, added_at__lte=moment)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gt=moment))
        .order_by("pk")
    )


@dataclass(frozen=True)
class AttachmentRow:
    """An attachment as the case page lists it, with what the public sees of it now."""

    attachment: Attachment
    removed: bool  # removed from the working revision, still public until it is released
    public_now: bool
    taken_down: bool = False  # off the public page at once (撤下), listed for the record

    @property
    def status(self) -> str:
        if self.taken_down:
            return f"已撤下：{self.attachment.takedown_reason}"
        if self.removed:
            return "已删除，本版发布后从公开页面撤下"
        return "已公开" if self.public_now else "本版发布后公开"


def attachment_rows(publication: Publication) -> list[AttachmentRow]:
    """The working revision's attachments, the removed ones the public still sees, and the taken
    down ones (for the record); what the public sees is PUBLIC_ATTACHMENT's answer, in one query."""
    rows = []
    listed = Attachment.objects.filter(publication=publication).annotate(
        public_now=ExpressionWrapper(PUBLIC_ATTACHMENT, output_field=BooleanField())
    )
    for attachment in listed.order_by("pk"):
        public_now = bool(attachment.public_now)
        if attachment.taken_down_at is not None:
            rows.append(AttachmentRow(attachment, removed=True, public_now=False, taken_down=True))
        elif attachment.removed_at is None or public_now:
            rows.append(AttachmentRow(attachment, removed=attachment.removed_at is not None, public_now=public_now))
    return rows
