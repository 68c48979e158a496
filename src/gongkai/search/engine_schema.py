"""The index schema and the documents written to it: text preparation (normalisation and
segmentation, in worker processes for bulk loads) and the tantivy document of an item.

Text is segmented by our pipeline (gongkai.search.text), not by tantivy: the text field gets
the space-joined token stream and tantivy's whitespace tokenizer only splits it again, so the
index and the query see exactly the same tokens.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool
from typing import NamedTuple

import tantivy

from gongkai.search.engine_types import SearchDocument
from gongkai.search.identifiers import (
    doc_number_index_keys,
    index_number_index_keys,
    normalize_doc_number,
)
from gongkai.search.text import add_domain_terms, domain_terms, index_text_parts, normalize, normalize_parts

# Bump when the schema or the text pipeline changes in a way old index entries do not follow:
# the index then lives in a new directory and must be rebuilt (`gongkai search reindex`).
SCHEMA_VERSION = 3

# Extra weight of a word that is also in the title, on top of its weight in the text.
# A title counts this many times in the text: the title boost, by repetition, because a
# separate title field queried alongside doubled the time of every word (measured 7.9 ms
# against 3.2 ms for 公开 over 200,000 documents).
TITLE_REPEAT = 4


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # Keys and facets: one term each, no positions.
    for name in ("id", "type", "kind"):
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    for name in ("topic", "validity"):
        builder.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("ident_key", stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("org_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("org_path", stored=False, indexed=True)
    builder.add_integer_field("catalog", stored=False, indexed=True)
    builder.add_integer_field("year", stored=False, indexed=True, fast=True)
    # "publication:2024": the type and year filters the portal offers together as one term set
    # (one intersection instead of two with the text; see SearchIndex._type_year_terms).
    builder.add_text_field("type_year", stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_date_field("date", stored=True, indexed=True, fast=True)
    # Our token stream: title (TITLE_REPEAT times), body and 文号/索引号 tokens in one field,
    # so a word is one posting list to match, count and score (a union over per-part fields
    # measured about twice as slow at 200,000 documents).
    # Term frequencies for BM25, no positions: a phrase can start inside a word (信息公开条例
    # inside 政府信息公开条例), which word positions cannot express, so phrases are checked
    # against the stored text instead. (Character-bigram positions would be exact but measured
    # at twice the indexing time and 2.7 times the index size.)
    builder.add_text_field("text_tok", stored=False, tokenizer_name="whitespace", index_option="freq")
    # Stored only (bytes fields are not indexed): what hits show and phrases are checked
    # against. The display strings travel as one JSON value: as separate text fields each was
    # also a term of the index, for nothing, and each cost a call to read back.
    builder.add_bytes_field("meta", stored=True)
    builder.add_bytes_field("body", stored=True)
    return builder.build()


def as_datetime(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


class PreparedDocument(NamedTuple):
    """A SearchDocument with its text work done, ready to become a tantivy document.

    Worker processes make these (rjieba holds the GIL, so threads would not help) and send them
    back. They hold no copy of the input (the parent still has it) and the stored fields are
    already bytes, so only what the work produced crosses the process boundary. A named tuple:
    it pickles and builds faster than a dataclass, per document.
    """

    meta: bytes  # JSON: title, title_norm, url, doc_number, index_number, version
    body: bytes  # the normalised body, UTF-8: stored for phrase checks and snippets
    text_tok: str  # the title TITLE_REPEAT times, the body, the 文号/索引号 parts
    ident_keys: tuple[str, ...]


def prepare(doc: SearchDocument) -> PreparedDocument:
    """Normalise and segment everything of `doc` that is searched or shown."""
    if not doc.id or not doc.type:
        raise ValueError("SearchDocument needs an id and a type")
    title_norm, body_norm = normalize_parts(doc.title, doc.body)
    keys: list[str] = []
    ident_text: list[str] = []
    if doc.doc_number:
        keys.extend(doc_number_index_keys(doc.doc_number))
        # Brackets become spaces so the parts (agency, year, serial) are separate tokens.
        ident_text.append(normalize_doc_number(doc.doc_number).replace("〔", " ").replace("〕", " "))
    if doc.index_number:
        keys.extend(index_number_index_keys(doc.index_number))
        ident_text.append(normalize(doc.index_number).replace("/", " ").replace("-", " "))
    meta = {
        "title": doc.title,
        "title_norm": title_norm,
        "url": doc.url,
        "doc_number": doc.doc_number,
        "index_number": doc.index_number,
        "version": doc.version,
    }
    title_tok, body_tok, ident_tok = index_text_parts(title_norm, body_norm, " ".join(ident_text))
    # One value: without positions, separate values would score the same and cost a call each.
    text_tok = " ".join([*([title_tok] * TITLE_REPEAT), body_tok, ident_tok])
    return PreparedDocument(
        meta=json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode(),
        body=body_norm.encode(),
        text_tok=text_tok,
        ident_keys=tuple(keys),
    )


def _prepare_public(docs: list[SearchDocument]) -> list[PreparedDocument | None]:
    """A worker's task: the prepared form of each public document, None for the others."""
    return [prepare(doc) if doc.public else None for doc in docs]


def _init_worker(terms: Sequence[str]) -> None:
    # A spawned worker starts with the shipped dictionary only; admins' terms come along.
    add_domain_terms(terms)


WORKER_BATCH = 128


def start_pool(processes: int) -> Pool:
    # spawn, not fork: the parent holds tantivy's writer threads, and forking a threaded
    # process copies locks in whatever state those threads left them.
    context = multiprocessing.get_context("spawn")
    return context.Pool(processes, initializer=_init_worker, initargs=(sorted(domain_terms()),))


def prepared_in(
    pool: Pool, processes: int, docs: Iterable[SearchDocument]
) -> Iterator[tuple[SearchDocument, PreparedDocument | None]]:
    """Each document with its prepared form (None when it is not public), in order.

    `docs` is read here, in the caller's thread (Pool.imap would read it in a thread of its own,
    where a Django-backed iterator has another database connection), in batches, with a few
    batches in flight so that the workers never wait for the parent."""
    source = iter(docs)
    in_flight: deque[tuple[list[SearchDocument], AsyncResult[list[PreparedDocument | None]]]] = deque()
    while True:
        while len(in_flight) < 2 * processes:
            batch = list(islice(source, WORKER_BATCH))
            if not batch:
                break
            in_flight.append((batch, pool.apply_async(_prepare_public, (batch,))))
        if not in_flight:
            return
        batch, pending = in_flight.popleft()
        yield from zip(batch, pending.get(), strict=True)


def build_document(doc: SearchDocument, item: PreparedDocument) -> tantivy.Document:
    out = tantivy.Document()
    out.add_text("id", doc.id)
    out.add_text("type", doc.type)
    out.add_bytes("meta", item.meta)
    out.add_text("text_tok", item.text_tok)
    out.add_bytes("body", item.body)
    if doc.kind:
        out.add_text("kind", doc.kind)
    if doc.validity:
        out.add_text("validity", doc.validity)
    for topic in doc.topics:
        out.add_text("topic", topic)
    if doc.org_id is not None:
        out.add_integer("org_id", doc.org_id)
        out.add_integer("org_path", doc.org_id)
    for org in doc.org_path:
        out.add_integer("org_path", org)
    for node in doc.catalog_nodes:
        out.add_integer("catalog", node)
    if doc.date is not None:
        out.add_date("date", as_datetime(doc.date))
        out.add_integer("year", doc.date.year)
        out.add_text("type_year", type_year(doc.type, doc.date.year))
    for key in item.ident_keys:
        out.add_text("ident_key", key)
    return out


def type_year(type_: str, year: int) -> str:
    return f"{type_year_prefix(type_)}{year}"


def type_year_prefix(type_: str) -> str:
    return f"{type_}:"


def stored_meta(doc: tantivy.Document) -> dict[str, str]:
    meta: dict[str, str] = json.loads(bytes(doc.get_first("meta") or b"{}"))
    return meta
