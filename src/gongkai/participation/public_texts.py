"""Public participation items as plain data, for readers above the domain (the search index).

Reads only, built on the public selectors (so what is not public never gets here). They sit
beside ``selectors.py`` rather than in it only to keep that module under the size limit.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gongkai.disclosure.richtext import html_to_text
from gongkai.participation.selectors import consultations_public, reply_wall


@dataclass(frozen=True)
class ConsultationText:
    """A public consultation as text, with its 意见采纳情况 once that is published."""

    pk: int
    org_id: int
    org_path: list[int]  # the org and its ancestors
    title: str
    draft_type: str  # a DraftType value
    draft_type_label: str
    text: str  # the notice, the draft and its explanation
    published_on: datetime.date
    feedback: str  # the overall note, the reasons, the masked public comments; "" before publication
    feedback_published_on: datetime.date | None


def _feedback_text(snapshot: dict, note: str, final_title: str) -> str:
    lines = [note]
    for group in snapshot.get("groups", []):
        for reason in group.get("reasons", []):
            lines.append(f"{group.get('label', '')}：{reason.get('reason', '')}")
            lines.extend(comment.get("text", "") for comment in reason.get("comments", []))
    lines.append(final_title)
    return "\n".join(filter(None, lines))


def public_consultation_texts(pks: set[int] | list[int]) -> list[ConsultationText]:
    """The public ones among `pks`; a pk that is not (or no longer) public is absent."""
    result = []
    for item in consultations_public().filter(pk__in=list(pks)).order_by("pk"):
        published = bool(item.feedback_snapshot) and item.feedback_published_on is not None
        parts = (item.notice_html, item.draft_html, item.explanation_html)
        result.append(
            ConsultationText(
                pk=item.pk,
                org_id=item.org_id,
                org_path=item.org.ancestor_ids(),
                title=item.title,
                draft_type=item.draft_type,
                draft_type_label=item.get_draft_type_display(),
                text="\n".join(filter(None, map(html_to_text, parts))),
                published_on=timezone.localdate(item.published_at) if item.published_at else item.starts_on,
                feedback=(
                    _feedback_text(item.feedback_snapshot or {}, item.feedback_note, item.final_document_title)
                    if published
                    else ""
                ),
                feedback_published_on=item.feedback_published_on if published else None,
            )
        )
    return result


def public_consultation_pks() -> list[int]:
    return list(consultations_public().order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class WallReplyText:
    """A message on the public reply wall, as its masked copies only (the wall selector never
    loads the writer's name or contact)."""

    pk: int
    org_id: int
    org_path: list[int]  # the mailbox's org and the unit that answered, with their ancestors
    subject: str
    body: str
    reply: str
    category_label: str
    answered_on: datetime.date | None


def wall_reply_texts(pks: set[int] | list[int]) -> list[WallReplyText]:
    """The ones among `pks` that are on the wall; any other pk is absent."""
    result = []
    for item in reply_wall().filter(pk__in=list(pks)).order_by("pk"):
        answering = item.handling_org or item.org
        result.append(
            WallReplyText(
                pk=item.pk,
                org_id=item.org_id,
                org_path=sorted({*item.org.ancestor_ids(), *answering.ancestor_ids()}),
                subject=item.public_subject,
                body=item.public_body,
                reply=item.public_reply,
                category_label=item.get_category_display(),
                answered_on=item.answered_on,
            )
        )
    return result


def wall_reply_pks() -> list[int]:
    return list(reply_wall().order_by("pk").values_list("pk", flat=True))
