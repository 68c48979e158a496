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

from gongkai.core.urls import public_url
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.selectors import PublicationText
from gongkai.gazette import selectors as gazette
from gongkai.gazette.selectors import IssueText
from gongkai.guides import selectors as guides
from gongkai.guides.selectors import GuideText
from gongkai.opendata import selectors as opendata
from gongkai.opendata.selectors import DatasetText
from gongkai.participation import public_texts as participation
from gongkai.participation.public_texts import ConsultationText, WallReplyText
from gongkai.reports import selectors as reports
from gongkai.reports.selectors import PublishedReportText
from gongkai.search.engine import SearchDocument

PUBLICATION = "publication"
INTERPRETATION = "interpretation"
CONSULTATION = "consultation"
FEEDBACK = "feedback"
MAILBOX_REPLY = "mailbox_reply"
ANNUAL_REPORT = "annual_report"
GUIDE = "guide"
GAZETTE = "gazette"
DATASET = "dataset"

# The type facet as the public reads it.
TYPE_LABELS = {
    PUBLICATION: "政府信息",
    INTERPRETATION: "政策解读",
    CONSULTATION: "征求意见",
    FEEDBACK: "意见采纳情况",
    MAILBOX_REPLY: "信箱答复",
    ANNUAL_REPORT: "年度报告",
    GUIDE: "办事指南",
    GAZETTE: "政府公报",
    DATASET: "开放数据",
}


@dataclass(frozen=True)
class Source:
    """One kind of domain object that yields index documents."""

    object_type: str  # the outbox event's object_type (app_label.model)
    topics: tuple[str, ...]
    documents: Callable[[set[int]], Iterator[SearchDocument]]  # a document or a removal per id
    public_ids: Callable[[], Iterable[int]]


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
    public = {item.pk: item for item in disclosure.public_publication_texts(wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        if item is None:
            yield _removal(publication_document_id(pk), PUBLICATION)
        else:
            yield publication_document(item)


def publication_document(item: PublicationText) -> SearchDocument:
    return SearchDocument(
        id=publication_document_id(item.pk),
        type=INTERPRETATION if item.is_interpretation else PUBLICATION,
        title=item.title,
        body=item.text,
        url=public_url("publication", pk=item.pk),
        org_id=item.org_id,
        org_path=item.org_path,
        kind=item.kind,
        catalog_nodes=item.catalog_node_ids,
        topics=[item.topic] if item.topic else [],
        date=item.published_on,
        validity=item.validity,
        doc_number=item.doc_number,
        index_number=item.index_number,
        version=f"{item.revision_id}:{item.validity}:{item.state}",
    )


def all_public_publication_ids() -> Iterable[int]:
    return disclosure.public_publication_pks()


# --------------------------------------------------------------------------- consultations


def consultation_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Per consultation two items: the consultation (notice, draft, explanation) and, once
    published, its 意见采纳情况 (the overall note, the reasons, the masked public comments)."""
    wanted = {int(i) for i in ids}
    public = {item.pk: item for item in participation.public_consultation_texts(wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        if item is None:
            yield _removal(f"{CONSULTATION}:{pk}", CONSULTATION)
            yield _removal(f"{FEEDBACK}:{pk}", FEEDBACK)
            continue
        yield consultation_document(item)
        feedback = feedback_document(item)
        yield feedback if feedback is not None else _removal(f"{FEEDBACK}:{pk}", FEEDBACK)


def consultation_document(item: ConsultationText) -> SearchDocument:
    return SearchDocument(
        id=f"{CONSULTATION}:{item.pk}",
        type=CONSULTATION,
        title=item.title,
        body=item.text,
        url=public_url("consultation", pk=item.pk),
        org_id=item.org_id,
        org_path=item.org_path,
        kind=item.draft_type_label,
        date=item.published_on,
        version=_digest(item.title, item.text, item.draft_type, item.published_on.isoformat()),
    )


def feedback_document(item: ConsultationText) -> SearchDocument | None:
    if item.feedback_published_on is None:
        return None
    title = f"{item.title}意见采纳情况"
    return SearchDocument(
        id=f"{FEEDBACK}:{item.pk}",
        type=FEEDBACK,
        title=title,
        body=item.feedback,
        url=public_url("consultation_feedback", pk=item.pk),
        org_id=item.org_id,
        org_path=item.org_path,
        date=item.feedback_published_on,
        version=_digest(title, item.feedback, item.feedback_published_on.isoformat()),
    )


def all_public_consultation_ids() -> Iterable[int]:
    return participation.public_consultation_pks()


# --------------------------------------------------------------------------- mailbox replies


def mailbox_reply_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Messages on the public reply wall, as their masked copies only (the writer's name and
    contact are never read here: the wall selector does not load them)."""
    wanted = {int(i) for i in ids}
    public = {item.pk: item for item in participation.wall_reply_texts(wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        yield _removal(f"{MAILBOX_REPLY}:{pk}", MAILBOX_REPLY) if item is None else mailbox_reply_document(item)


def mailbox_reply_document(item: WallReplyText) -> SearchDocument:
    body = f"{item.body}\n答复：{item.reply}"
    return SearchDocument(
        id=f"{MAILBOX_REPLY}:{item.pk}",
        type=MAILBOX_REPLY,
        title=item.subject,
        body=body,
        url=public_url("mailbox_reply", pk=item.pk),
        org_id=item.org_id,
        # Both the mailbox's org and the unit that answered find it in their subtree.
        org_path=item.org_path,
        kind=item.category_label,
        date=item.answered_on,
        version=_digest(item.subject, body, item.answered_on.isoformat() if item.answered_on else ""),
    )


def all_public_mailbox_reply_ids() -> Iterable[int]:
    return participation.wall_reply_pks()


# --------------------------------------------------------------------------- annual reports


def annual_report_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Published annual reports, as their latest version (a correction replaces the text)."""
    wanted = {int(i) for i in ids}
    public = {item.pk: item for item in reports.published_report_texts(wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        if item is None:
            yield _removal(f"{ANNUAL_REPORT}:{pk}", ANNUAL_REPORT)
        else:
            yield annual_report_document(item)


def annual_report_document(item: PublishedReportText) -> SearchDocument:
    return SearchDocument(
        id=f"{ANNUAL_REPORT}:{item.pk}",
        type=ANNUAL_REPORT,
        title=f"{item.org_name}{item.year}年政府信息公开工作年度报告",
        body=item.text,
        url=public_url("annual_report", org=item.org_slug, year=item.year),
        org_id=item.org_id,
        org_path=item.org_path,
        kind=TYPE_LABELS[ANNUAL_REPORT],
        date=item.published_on,
        version=f"v{item.version_number}",
    )


def all_public_annual_report_ids() -> Iterable[int]:
    return reports.published_report_pks()


# --------------------------------------------------------------------------- guides, gazette


def guide_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Service items, as their published guide (a new version replaces the text)."""
    wanted = {int(i) for i in ids}
    public = {item.item_id: item for item in guides.public_guide_texts(wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        yield _removal(f"{GUIDE}:{pk}", GUIDE) if item is None else guide_document(item)


def guide_document(item: GuideText) -> SearchDocument:
    return SearchDocument(
        id=f"{GUIDE}:{item.item_id}",
        type=GUIDE,
        title=f"{item.name}办事指南",
        body=item.text,
        url=public_url("guide", pk=item.item_id),
        org_id=item.org_id,
        org_path=item.org_path,
        kind=item.item_type_label,
        date=item.published_on,
        version=f"v{item.version_id}",
    )


def gazette_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Published gazette issues, with their contents' titles and texts."""
    wanted = {int(i) for i in ids}
    public = {item.pk: item for item in gazette.public_issue_texts(wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        yield _removal(f"{GAZETTE}:{pk}", GAZETTE) if item is None else gazette_document(item)


def gazette_document(item: IssueText) -> SearchDocument:
    return SearchDocument(
        id=f"{GAZETTE}:{item.pk}",
        type=GAZETTE,
        title=item.title,
        body=item.text,
        url=public_url("gazette_issue", pk=item.pk),
        org_id=item.org_id,
        org_path=item.org_path,
        kind=TYPE_LABELS[GAZETTE],
        date=item.issued_on,
        version=_digest(item.title, item.text),
    )


def dataset_documents(ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Published open datasets (title, summary, keywords, column descriptions, resource names)."""
    wanted = {int(i) for i in ids}
    public = {item.pk: item for item in opendata.public_dataset_texts(wanted)}
    for pk in sorted(wanted):
        item = public.get(pk)
        yield _removal(f"{DATASET}:{pk}", DATASET) if item is None else dataset_document(item)


def dataset_document(item: DatasetText) -> SearchDocument:
    return SearchDocument(
        id=f"{DATASET}:{item.pk}",
        type=DATASET,
        title=item.title,
        body=item.text,
        url=public_url("dataset", pk=item.pk),
        org_id=item.org_id,
        org_path=item.org_path,
        kind=item.open_type_label,
        date=item.published_on,
        version=_digest(item.title, item.text, item.modified),
    )


# Topics are the strings the domain services emit (PUBLICATION_CHANGED, CONSULTATION_CHANGED …).
SOURCES: tuple[Source, ...] = (
    Source("disclosure.publication", ("publication.changed",), publication_documents, all_public_publication_ids),
    Source(
        "participation.consultation", ("consultation.changed",), consultation_documents, all_public_consultation_ids
    ),
    Source("participation.message", ("message.changed",), mailbox_reply_documents, all_public_mailbox_reply_ids),
    Source("reports.annualreport", ("report.changed",), annual_report_documents, all_public_annual_report_ids),
    Source("guides.serviceitem", ("guide.changed",), guide_documents, guides.public_guide_item_ids),
    Source("gazette.gazetteissue", ("gazette.changed",), gazette_documents, gazette.public_issue_pks),
    Source("opendata.dataset", ("dataset.changed",), dataset_documents, opendata.public_dataset_pks),
)
SOURCES_BY_OBJECT_TYPE = {source.object_type: source for source in SOURCES}
TOPICS = tuple(topic for source in SOURCES for topic in source.topics)


def documents_of(changed: dict[str, set[int]]) -> Iterator[SearchDocument]:
    """The documents (or removals) of changed objects, keyed by outbox object_type."""
    for object_type, ids in changed.items():
        source = SOURCES_BY_OBJECT_TYPE.get(object_type)
        if source is not None and ids:
            yield from source.documents(ids)
