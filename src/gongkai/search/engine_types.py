"""The value types of the search engine: what is indexed, how results are filtered and sorted,
and what a search returns. Re-exported by gongkai.search.engine, where callers import them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# What the platform indexes (issue: publications, interpretations, consultations and their
# feedback, mailbox replies, annual reports). Not enforced: a new type needs no schema change.
DOCUMENT_TYPES = ("publication", "interpretation", "consultation", "feedback", "mailbox_reply", "annual_report")


class IndexSchemaMismatch(RuntimeError):
    """The index directory holds an index built with a different schema (an operator problem,
    not a user one: the message is for the log)."""


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """What the index needs of a searchable item; the indexer builds it from a domain object.

    id: unique across types, e.g. "publication:42". org_path: the ids of the owning org and all
    its ancestors (any order), for subtree filters. catalog_nodes: the catalog node and its
    ancestors, likewise. version: anything that changes when the item changes (revision id,
    updated_at), for `gongkai search check`. public=False (withdrawn, not public) makes add()
    remove the item instead.
    """

    id: str
    type: str
    title: str
    body: str = ""
    url: str = ""
    org_id: int | None = None
    org_path: Sequence[int] = ()
    kind: str = ""
    catalog_nodes: Sequence[int] = ()
    topics: Sequence[str] = ()
    date: dt.date | None = None
    validity: str = ""
    doc_number: str = ""
    index_number: str = ""
    version: str = ""
    public: bool = True


@dataclass(frozen=True, slots=True)
class SearchFilters:
    types: Sequence[str] = ()
    org_id: int | None = None
    include_suborgs: bool = True
    kinds: Sequence[str] = ()
    catalog_node: int | None = None
    topics: Sequence[str] = ()
    year_from: int | None = None
    year_to: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    validity: Sequence[str] = ()

    @property
    def is_empty(self) -> bool:
        return self == SearchFilters()


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building
# the 20 hits of a page a measurable part of a search.
@dataclass(slots=True)
class SearchHit:
    id: str
    type: str
    score: float
    title: str
    title_html: str
    snippet: str
    url: str
    date: dt.date | None
    org_id: int | None
    kind: str
    doc_number: str
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    """total: matching items; when `approximate`, a lower bound (a quoted phrase with more
    candidates than PHRASE_CANDIDATE_LIMIT: show it as "N 条以上"). facets: item counts per
    type when asked for. A total of 0 is for the caller to log (zero-result log)."""

    total: int
    hits: list[SearchHit]
    page: int
    page_size: int
    approximate: bool = False
    facets: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    id: str
    version: str
