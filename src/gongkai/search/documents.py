"""Searchable items built from the domain apps, through their selectors only.

One index holds every kind of public item (a type facet, not one search box per module). Each
kind is a `Source`: which outbox events announce a change, how to build the index documents of
some objects from the database (a removal for what is not, or no longer, public), and how to
list every public object for a rebuild or a check. The indexer knows nothing else of the apps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.models import Kind, Publication
from gongkai.disclosure.richtext import html_to_text
from gongkai.participation import selectors as participation
from gongkai.participation.models import Consultation, DraftType, Message, MessageCategory
from gongkai.reports import selectors as reports
from gongkai.reports.models import AnnualReport, ReportVersion
from gongkai.search.engine import SearchDocument

PUBLICATION = "publication"
INTERPRETATION = "interpretation"
CONSULTATION = "consultation"
FEEDBACK = "feedback"
MAILBOX_REPLY = "mailbox_reply"
ANNUAL_REPORT = "annual_report"

# The type facet as the public reads it.
TYPE_LABELS = {
    PUBLICATION: "政府信息",
    INTERPRETATION: "政策解读",
    CONSULTATION: "征求意见",
    FEEDBACK: "意见采纳情况",
    MAILBOX_REPLY: "信箱答复",
    ANNUAL_REPORT: "年度报告",
}


@dataclass(frozen=True)
class Source:
    """One kind of domain object that yields index documents."""

    object_type: str  # the outbox event's object_type (app_label.model)
    topics: tuple[str, ...]
    documents: Callable[[set[int]], Iterator[SearchDocument]]  # a document or a removal per id
    public_ids: Callable[[], Iterator[int]]


def _digest(*parts: str) -> str:
    """A short fingerprint of what was indexed, for `check` on items without revision numbers."""
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).hexdigest()


def _removal(doc_id: str, doc_type: str) -> SearchDocument:
    return SearchDocument(id=doc_id, type=doc_type, title="", public=False)


# --------------------------------------------------------------------------- publications


def publication_document_id(pk: int | str) -> str:
    return f"{PUBLICATION}:{pk}"


def publication_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """One document per id: the public item, or a removal when it is not (or no longer) public."""
    wanted = {int(i) for i in ids}
    public = {
        p.pk: p
        for p in disclosure.public_publications()
        .filter(pk__in=wanted)
        .select_related("org")
        .prefetch_related("catalog_nodes", "attachments")
    }
    for pk in sorted(wanted):
        item = public.get(pk)
        if item is None:
            yield _removal(publication_document_id(pk), PUBLICATION)
        else:
            yield publication_document(item)


def publication_document(item: Publication) -> SearchDocument:
    node_ids: set[int] = set()
    for node in item.catalog_nodes.all():
        node_ids.update(int(part) for part in node.path.strip("/").split("/") if part)
    attachments = "\n".join(a.text for a in item.attachments.all() if a.text)
    return SearchDocument(
        id=publication_document_id(item.pk),
        type=INTERPRETATION if item.kind == Kind.INTERPRETATION else PUBLICATION,
        title=item.title,
        body="\n".join(filter(None, [html_to_text(item.body_html), item.keywords, attachments])),
        url=reverse("portal:publication", args=[item.pk]),
        org_id=item.org_id,
        org_path=item.org.ancestor_ids(),
        kind=item.kind,
        catalog_nodes=sorted(node_ids),
        topics=[item.topic] if item.topic else [],
        date=item.published_on,
        validity=item.validity,
        doc_number=item.doc_number,
        index_number=item.index_number or "",
        version=f"{item.published_revision_id}:{item.validity}:{item.state}",
    )


def all_public_publication_ids() -> Iterator[int]:
    yield from disclosure.public_publications().order_by("pk").values_list("pk", flat=True).iterator()


# --------------------------------------------------------------------------- consultations


def consultation_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Per consultation two items: the consultation (notice, draft, explanation) and, once
    published, its 意见采纳情况 (the overall note, the reasons, the masked public comments)."""
    wanted = {int(i) for i in ids}
    public = {c.pk: c for c in participation.consultations_public().filter(pk__in=wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        if item is None:
            yield _removal(f"{CONSULTATION}:{pk}", CONSULTATION)
            yield _removal(f"{FEEDBACK}:{pk}", FEEDBACK)
            continue
        yield consultation_document(item)
        feedback = feedback_document(item)
        yield feedback if feedback is not None else _removal(f"{FEEDBACK}:{pk}", FEEDBACK)


def consultation_document(item: Consultation) -> SearchDocument:
    parts = (item.notice_html, item.draft_html, item.explanation_html)
    body = "\n".join(filter(None, map(html_to_text, parts)))
    published = timezone.localdate(item.published_at) if item.published_at else item.starts_on
    return SearchDocument(
        id=f"{CONSULTATION}:{item.pk}",
        type=CONSULTATION,
        title=item.title,
        body=body,
        url=reverse("portal:consultation_detail", args=[item.pk]),
        org_id=item.org_id,
        org_path=item.org.ancestor_ids(),
        kind=DraftType(item.draft_type).label,
        date=published,
        version=_digest(item.title, body, item.draft_type, published.isoformat()),
    )


def feedback_document(item: Consultation) -> SearchDocument | None:
    snapshot = item.feedback_snapshot
    if not snapshot or item.feedback_published_on is None:
        return None
    lines = [item.feedback_note]
    for group in snapshot.get("groups", []):
        for reason in group.get("reasons", []):
            lines.append(f"{group.get('label', '')}：{reason.get('reason', '')}")
            lines.extend(comment.get("text", "") for comment in reason.get("comments", []))
    if item.final_document_title:
        lines.append(item.final_document_title)
    body = "\n".join(filter(None, lines))
    title = f"{item.title}意见采纳情况"
    return SearchDocument(
        id=f"{FEEDBACK}:{item.pk}",
        type=FEEDBACK,
        title=title,
        body=body,
        url=reverse("portal:consultation_detail", args=[item.pk]) + "#feedback-h",
        org_id=item.org_id,
        org_path=item.org.ancestor_ids(),
        date=item.feedback_published_on,
        version=_digest(title, body, item.feedback_published_on.isoformat()),
    )


def all_public_consultation_ids() -> Iterator[int]:
    yield from participation.consultations_public().order_by("pk").values_list("pk", flat=True).iterator()


# --------------------------------------------------------------------------- mailbox replies


def mailbox_reply_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Messages on the public reply wall, as their masked copies only (the writer's name and
    contact are never read here: the wall selector does not load them)."""
    wanted = {int(i) for i in ids}
    public = {m.pk: m for m in participation.reply_wall().filter(pk__in=wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        yield _removal(f"{MAILBOX_REPLY}:{pk}", MAILBOX_REPLY) if item is None else mailbox_reply_document(item)


def mailbox_reply_document(item: Message) -> SearchDocument:
    org = item.handling_org or item.org
    body = f"{item.public_body}\n答复：{item.public_reply}"
    return SearchDocument(
        id=f"{MAILBOX_REPLY}:{item.pk}",
        type=MAILBOX_REPLY,
        title=item.public_subject,
        body=body,
        url=reverse("portal:mailbox_item", args=[item.pk]),
        org_id=item.org_id,
        # Both the mailbox's org and the unit that answered find it in their subtree.
        org_path=sorted({*item.org.ancestor_ids(), *org.ancestor_ids()}),
        kind=MessageCategory(item.category).label,
        date=item.answered_on,
        version=_digest(item.public_subject, body, item.answered_on.isoformat() if item.answered_on else ""),
    )


def all_public_mailbox_reply_ids() -> Iterator[int]:
    yield from participation.reply_wall().order_by("pk").values_list("pk", flat=True).iterator()


# --------------------------------------------------------------------------- annual reports


def annual_report_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Published annual reports, as their latest version (a correction replaces the text)."""
    wanted = {int(i) for i in ids}
    public = {report.pk: (report, version) for report, version in reports.reports_published(wanted)}
    for pk in sorted(wanted):
        found = public.get(pk)
        if found is None:
            yield _removal(f"{ANNUAL_REPORT}:{pk}", ANNUAL_REPORT)
        else:
            yield annual_report_document(*found)


def annual_report_document(report: AnnualReport, version: ReportVersion) -> SearchDocument:
    return SearchDocument(
        id=f"{ANNUAL_REPORT}:{report.pk}",
        type=ANNUAL_REPORT,
        title=f"{report.org.name}{report.year}年政府信息公开工作年度报告",
        body=reports.prose_text(version.prose),
        url=reverse("portal:report_page", args=[report.org.slug, report.year]),
        org_id=report.org_id,
        org_path=report.org.ancestor_ids(),
        kind=TYPE_LABELS[ANNUAL_REPORT],
        date=version.published_on,
        version=f"v{version.number}",
    )


def all_public_annual_report_ids() -> Iterator[int]:
    for report, _ in reports.reports_published():
        yield report.pk


# Topics are the strings the domain services emit (PUBLICATION_CHANGED, CONSULTATION_CHANGED …).
SOURCES: tuple[Source, ...] = (
    Source("disclosure.publication", ("publication.changed",), publication_documents, all_public_publication_ids),
    Source(
        "participation.consultation", ("consultation.changed",), consultation_documents, all_public_consultation_ids
    ),
    Source("participation.message", ("message.changed",), mailbox_reply_documents, all_public_mailbox_reply_ids),
    Source("reports.annualreport", ("report.changed",), annual_report_documents, all_public_annual_report_ids),
)
SOURCES_BY_OBJECT_TYPE = {source.object_type: source for source in SOURCES}
TOPICS = tuple(topic for source in SOURCES for topic in source.topics)


def documents_of(changed: dict[str, set[int]]) -> Iterator[SearchDocument]:
    """The documents (or removals) of changed objects, keyed by outbox object_type."""
    for object_type, ids in changed.items():
        source = SOURCES_BY_OBJECT_TYPE.get(object_type)
        if source is not None and ids:
            yield from source.documents(ids)
