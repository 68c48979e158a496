"""Searchable items built from the domain apps, through their selectors only."""

from collections.abc import Iterable, Iterator

from django.urls import reverse

from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.models import Kind, Publication
from gongkai.disclosure.richtext import html_to_text
from gongkai.search.engine import SearchDocument

PUBLICATION = "publication"


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
            yield SearchDocument(id=publication_document_id(pk), type=PUBLICATION, title="", public=False)
        else:
            yield publication_document(item)


def publication_document(item: Publication) -> SearchDocument:
    node_ids: set[int] = set()
    for node in item.catalog_nodes.all():
        node_ids.update(int(part) for part in node.path.strip("/").split("/") if part)
    attachments = "\n".join(a.text for a in item.attachments.all() if a.text)
    return SearchDocument(
        id=publication_document_id(item.pk),
        type="interpretation" if item.kind == Kind.INTERPRETATION else PUBLICATION,
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
