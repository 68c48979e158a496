"""The embedded tantivy index: one index for every searchable type, with a type facet.

Text is segmented by our pipeline (gongkai.search.text), not by tantivy: each text field gets
the space-joined token stream and tantivy's whitespace tokenizer only splits it again, so the
index and the query see exactly the same tokens. The normalised text is stored for phrase
checks and snippets.

Queries are built programmatically from gongkai.search.query's parse tree (term and boolean
queries), never by tantivy's query parser, so nothing a user types is syntax.

One writer per index directory (tantivy holds a lock); any number of readers, in this process
or others, see each commit.

The schema and the text preparation of documents are in engine_schema, the value types
(SearchDocument, SearchFilters, SearchResult, …) in engine_types; both are re-exported here,
the import path callers use.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

import tantivy
from tantivy import FieldType, Occur, Query

from gongkai.search.engine_schema import (
    SCHEMA_VERSION,
    TITLE_REPEAT,
    WORKER_BATCH,
    PreparedDocument,
    as_datetime,
    build_document,
    build_schema,
    prepare,
    prepared_in,
    start_pool,
    stored_meta,
    type_year_prefix,
)
from gongkai.search.engine_types import (
    DOCUMENT_TYPES,
    IndexEntry,
    IndexSchemaMismatch,
    SearchDocument,
    SearchFilters,
    SearchHit,
    SearchResult,
    Sort,
)
from gongkai.search.query import ParsedQuery, QueryRejected, SynonymTable, Unit, best_bet_key, parse_query
from gongkai.search.snippets import highlight, snippet_from_utf8

__all__ = [
    "DOCUMENT_TYPES",
    "IDENT_KEY_BOOST",
    "MAX_PAGE_SIZE",
    "MAX_RESULT_WINDOW",
    "PHRASE_CANDIDATE_LIMIT",
    "SCHEMA_VERSION",
    "TITLE_REPEAT",
    "WORKER_BATCH",
    "IndexEntry",
    "IndexSchemaMismatch",
    "PreparedDocument",
    "SearchDocument",
    "SearchFilters",
    "SearchHit",
    "SearchIndex",
    "SearchResult",
    "Sort",
    "prepare",
]

MAX_PAGE_SIZE = 100
# Deep pages cost a full top-k collection each; nobody reads result 10,001.
MAX_RESULT_WINDOW = 10_000
# A quoted phrase is checked against the stored text of at most this many candidates (those
# with all its words), best first: about 35 us each on the benchmark machine.
PHRASE_CANDIDATE_LIMIT = 1_000

# A document whose own 文号/索引号 is the one typed belongs on top.
IDENT_KEY_BOOST = 50.0


class SearchIndex:
    """A tantivy index under `directory`/v<SCHEMA_VERSION>.

    Writes (add, delete, rebuild) take the directory's writer lock on first use and are
    visible to searches after commit().
    """

    def __init__(self, directory: str | Path, *, writer_heap_bytes: int = 128_000_000, writer_threads: int = 0):
        self.path = Path(directory) / f"v{SCHEMA_VERSION}"
        self.path.mkdir(parents=True, exist_ok=True)
        self.schema = build_schema()
        try:
            self._index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except ValueError as error:
            raise IndexSchemaMismatch(
                f"The search index in {self.path} has another schema: bump SCHEMA_VERSION when the schema "
                "changes (the index then moves to a new directory) and rebuild it with `gongkai search reindex`."
            ) from error
        self._writer: tantivy.IndexWriter | None = None
        self._writer_heap_bytes = writer_heap_bytes
        self._writer_threads = writer_threads
        # Worker processes for the text work of add(..., processes=N), started on first use and
        # kept until close(), so that a bulk load in several add() calls starts them once.
        self._pool: Pool | None = None
        self._pool_size = 0
        self._read_only = False

    @classmethod
    def open_snapshot(cls, path: str | Path) -> SearchIndex:
        """A read-only handle on a published snapshot (gongkai.search.snapshots): the index files
        sit directly in `path`, nothing is created there, and it never reloads (a snapshot never
        changes). Raises OSError or ValueError when the files are missing or unreadable."""
        self = cls.__new__(cls)
        self.path = Path(path)
        if not (self.path / "meta.json").is_file():
            raise FileNotFoundError(f"No index in {self.path}.")
        self.schema = build_schema()
        self._index = tantivy.Index.open(str(self.path))
        # No file watcher per snapshot: a replica switches to a new snapshot, not a new commit.
        self._index.config_reader(reload_policy="Manual")
        self._writer = None
        self._writer_heap_bytes = 0
        self._writer_threads = 0
        self._pool, self._pool_size = None, 0
        self._read_only = True
        return self

    # -- writing -------------------------------------------------------------------------------

    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._read_only:
            raise PermissionError(f"The search index snapshot in {self.path} is read-only.")
        if self._writer is None:
            self._writer = self._index.writer(heap_size=self._writer_heap_bytes, num_threads=self._writer_threads)
        return self._writer

    def to_tantivy(self, doc: SearchDocument) -> tantivy.Document:
        """The index document for `doc` (all normalisation and segmentation happen here)."""
        return build_document(doc, prepare(doc))

    def add(self, docs: Iterable[SearchDocument], *, replace: bool = True, processes: int = 1) -> int:
        """Index `docs`; an item already in the index is replaced (same id), an item that is not
        public is removed. Returns the number of items written; visible after commit().

        replace=False skips the delete, for a freshly emptied index (rebuild). processes > 1
        runs normalisation and segmentation in that many worker processes (rjieba holds the
        GIL, so threads would not help): for bulk loads, where it pays for the start-up."""
        writer = self.writer
        written = 0
        if processes <= 1:
            prepared: Iterator[tuple[SearchDocument, PreparedDocument | None]] = (
                (doc, prepare(doc) if doc.public else None) for doc in docs
            )
        else:
            if self._pool is None or self._pool_size != processes:
                self.stop_workers()
                self._pool, self._pool_size = start_pool(processes), processes
            prepared = prepared_in(self._pool, processes, docs)
        for doc, item in prepared:
            if item is None:  # a withdrawn or non-public item: remove it
                writer.delete_documents_by_term("id", doc.id)
                continue
            if replace:
                writer.delete_documents_by_term("id", doc.id)
            writer.add_document(build_document(doc, item))
            written += 1
        return written

    def delete(self, ids: Iterable[str]) -> None:
        writer = self.writer
        for item_id in ids:
            writer.delete_documents_by_term("id", item_id)

    def delete_all(self) -> None:
        self.writer.delete_all_documents()

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._index.reload()

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()

    @property
    def workers_running(self) -> bool:
        return self._pool is not None

    def stop_workers(self) -> None:
        """End the worker processes of add(..., processes=N) now rather than at close()."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool, self._pool_size = None, 0

    def close(self, *, wait_merges: bool = False) -> None:
        """Release the writer lock; uncommitted changes are dropped. wait_merges: first let
        background segment merges finish (after a bulk load, so readers get few segments)."""
        self.stop_workers()
        if self._writer is not None:
            self._writer.rollback()
            if wait_merges:
                self._writer.wait_merging_threads()
            self._writer = None

    def rebuild(self, docs: Iterable[SearchDocument], *, processes: int = 1) -> int:
        """Replace the whole index content with `docs`, in one commit."""
        self.delete_all()
        try:
            written = self.add(docs, replace=False, processes=processes)
        finally:
            self.stop_workers()  # a one-off bulk load: no workers left behind in a long-lived process
        self.commit()
        return written

    # -- reading -------------------------------------------------------------------------------

    @property
    def num_docs(self) -> int:
        return int(self._index.searcher().num_docs)

    def entries(self) -> Iterator[IndexEntry]:
        """(id, version) of every indexed item, for comparing the index with the database."""
        searcher = self._index.searcher()
        total = searcher.num_docs
        if not total:
            return
        for _score, address in searcher.search(Query.all_query(), limit=total, count=False).hits:
            doc = searcher.doc(address)
            yield IndexEntry(id=doc.get_first("id") or "", version=stored_meta(doc)["version"])

    def search(
        self,
        query: str,
        *,
        filters: SearchFilters | None = None,
        sort: Sort | str = Sort.RELEVANCE,
        page: int = 1,
        page_size: int = 20,
        synonyms: SynonymTable | None = None,
        best_bets: Mapping[str, Sequence[str]] | None = None,
        with_facets: bool = False,
    ) -> SearchResult:
        """Search as a citizen or clerk would. Raises QueryRejected (with a message in Chinese)
        for input that cannot be searched; any other exception is a bug.

        best_bets maps best_bet_key(admin query) to item ids pinned, in order, above the
        results (relevance order only; a pinned item still has to pass the filters).
        """
        filters = filters or SearchFilters()
        try:
            sort = Sort(sort)
        except ValueError:
            raise QueryRejected("不支持的排序方式。", code="search_bad_sort") from None
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE or page * page_size > MAX_RESULT_WINDOW:
            raise QueryRejected("页码超出范围。", code="search_bad_page")
        parsed = parse_query(query, synonyms=synonyms)
        if parsed.is_empty and filters.is_empty:
            raise QueryRejected("请输入检索词。", code="search_query_empty")
        if parsed.is_empty and sort is Sort.RELEVANCE:
            sort = Sort.NEWEST  # nothing to rank by: list the newest first

        searcher = self._index.searcher()
        filter_clauses = self._filter_clauses(filters, searcher)
        pinned_ids: list[str] = []
        if best_bets and sort is Sort.RELEVANCE:
            pinned_ids = list(dict.fromkeys(best_bets.get(best_bet_key(query), ())))
        pinned = self._pinned_hits(searcher, pinned_ids, filter_clauses, parsed) if pinned_ids else []

        main = self._main_query(parsed, filter_clauses, exclude_ids=[hit.id for hit in pinned])
        offset = (page - 1) * page_size
        organic_offset = max(0, offset - len(pinned))
        organic_limit = page_size - len(pinned[offset : offset + page_size])

        phrase_types: Counter[str] | None = None
        if parsed.phrases:
            total, organic, approximate, phrase_types = self._phrase_search(
                searcher, main, parsed, sort, organic_offset, organic_limit
            )
        else:
            approximate = False
            result = self._run(searcher, main, sort, limit=max(organic_limit, 1), offset=organic_offset)
            total = int(result.count or 0)
            organic = []
            for score, address in result.hits[: max(organic_limit, 0)]:
                doc = searcher.doc(address)
                organic.append(self._hit(doc, score, parsed, sort))
        facets: dict[str, dict[str, int]] = {}
        if with_facets:
            facets["type"] = self._type_counts(searcher, main, filters, pinned, total, phrase_types)
        return SearchResult(
            total=total + len(pinned),
            hits=pinned[offset : offset + page_size] + organic,
            page=page,
            page_size=page_size,
            approximate=approximate,
            facets=facets,
        )

    # -- query building ------------------------------------------------------------------------

    def _token_query(self, token: str) -> Query:
        return Query.term_query(self.schema, "text_tok", token)

    def _unit_query(self, unit: Unit) -> Query:
        alternatives: list[Query] = []
        for variant, weight in zip(unit.variants, unit.weights, strict=True):
            if len(variant) == 1:
                query = self._token_query(variant[0])
            else:
                query = Query.boolean_query([(Occur.Must, self._token_query(token)) for token in variant])
            alternatives.append(query if weight == 1.0 else Query.boost_query(query, weight))
        if len(alternatives) == 1:
            return alternatives[0]
        return Query.boolean_query([(Occur.Should, query) for query in alternatives])

    def _text_clauses(self, parsed: ParsedQuery) -> list[tuple[Occur, Query]]:
        """Every unit required, plus the boost for items whose own 文号/索引号 was typed."""
        clauses: list[tuple[Occur, Query]] = [(Occur.Must, self._unit_query(unit)) for unit in parsed.units]
        keys: list[str] = []
        for number in parsed.doc_numbers:
            keys.append(number.key)
            keys.extend(number.agency_keys())
        keys.extend(parsed.index_numbers)
        if keys:
            ident = Query.term_set_query(self.schema, "ident_key", list(dict.fromkeys(keys)))
            clauses.append((Occur.Should, Query.boost_query(ident, IDENT_KEY_BOOST)))
        return clauses

    def text_query(self, parsed: ParsedQuery) -> Query | None:
        """The scoring part of a parsed query; None for an empty query."""
        if parsed.is_empty:
            return None
        return _combine(self._text_clauses(parsed))

    def _any_of(self, field_name: str, values: Sequence[str]) -> Query:
        # A plain term query where there is one value: measurably cheaper than a term set.
        if len(values) == 1:
            return Query.term_query(self.schema, field_name, values[0])
        return Query.term_set_query(self.schema, field_name, list(values))

    def _type_clause(self, searcher: tantivy.Searcher | None, types: Sequence[str]) -> tuple[Occur, Query] | None:
        """Every item has exactly one type, so "one of these types" is also "none of the others".
        Where the types asked for hold most items (政府信息 is about 70 % of a portal), the others'
        short posting list is excluded instead of the long one intersected: 17-20 % less time
        for 中华人民共和国 or 医保 with a type filter at 1,000,000 documents. The term counts
        come from the term dictionary (about 0.1 ms) and only choose the plan."""
        wanted = self._any_of("type", types)
        if searcher is None:
            return (Occur.Must, Query.const_score_query(wanted, 0.0))
        counts = dict(searcher.terms_with_prefix("type", ""))
        others = [name for name in counts if name not in types]
        if not others:
            return None  # every type there is: no filter at all
        if sum(counts[name] for name in others) * 2 < sum(counts.values()):
            return (Occur.MustNot, self._any_of("type", others))
        return (Occur.Must, Query.const_score_query(wanted, 0.0))

    def _type_year_terms(self, searcher: tantivy.Searcher, filters: SearchFilters) -> Query:
        """Types and a year range together: the type_year terms of those types whose year is in
        the range, read from the term dictionary (a few terms per type and year; about 0.1 ms),
        as one term set. At 1,000,000 documents 公开 with 政府信息 of 2020-2024 took 19.1 ms of
        CPU as three intersected posting lists (the word, the year range, the other types
        excluded) and 10.2 ms as two (bench/search.py's index, median of 7)."""
        low = filters.year_from if filters.year_from is not None else -(10**9)
        high = filters.year_to if filters.year_to is not None else 10**9
        terms = [
            term
            for prefix in dict.fromkeys(map(type_year_prefix, filters.types))
            for term, _count in searcher.terms_with_prefix("type_year", prefix)
            if low <= int(term[len(prefix) :]) <= high
        ]
        if not terms:
            return Query.empty_query()
        return self._any_of("type_year", terms)

    def _filter_clauses(
        self, filters: SearchFilters, searcher: tantivy.Searcher | None = None
    ) -> list[tuple[Occur, Query]]:
        """The filters as clauses of the main query, each one term, term set or range that
        decides membership only (constant score 0, so the ranking is the text's alone).

        They go into the main query's own clause list, not into a nested boolean: one
        intersection instead of two. The org subtree is one term of org_path, which
        holds each item's org and all its ancestors."""
        schema = self.schema
        queries: list[Query] = []
        clauses: list[tuple[Occur, Query]] = []
        years = filters.year_from is not None or filters.year_to is not None
        if filters.types and years and searcher is not None:
            queries.append(self._type_year_terms(searcher, filters))
            years = False  # the term set holds the year range too
        elif filters.types:
            type_clause = self._type_clause(searcher, filters.types)
            if type_clause is not None:
                clauses.append(type_clause)
        if filters.org_id is not None:
            queries.append(
                Query.term_query(schema, "org_path" if filters.include_suborgs else "org_id", filters.org_id)
            )
        if filters.kinds:
            queries.append(self._any_of("kind", filters.kinds))
        if filters.catalog_node is not None:
            queries.append(Query.term_query(schema, "catalog", filters.catalog_node))
        if filters.topics:
            queries.append(self._any_of("topic", filters.topics))
        if filters.validity:
            queries.append(self._any_of("validity", filters.validity))
        # Ranges on the inverted index: at 1,000,000 documents the fast-field range was as fast
        # for selective words but up to 25 % slower for 公开 or 中华人民共和国 with a year range.
        if years:
            queries.append(
                Query.range_query(
                    schema, "year", FieldType.Integer, filters.year_from, filters.year_to, use_inverted_index=True
                )
            )
        if filters.date_from is not None or filters.date_to is not None:
            queries.append(
                Query.range_query(
                    schema,
                    "date",
                    FieldType.Date,
                    as_datetime(filters.date_from) if filters.date_from else None,
                    as_datetime(filters.date_to) if filters.date_to else None,
                    use_inverted_index=True,
                )
            )
        return [(Occur.Must, Query.const_score_query(query, 0.0)) for query in queries] + clauses

    def _main_query(
        self, parsed: ParsedQuery, filter_clauses: Sequence[tuple[Occur, Query]], exclude_ids: Sequence[str]
    ) -> Query:
        # The text is one clause, so that its score is summed exactly as without filters (its
        # units flattened in among the filters summed in another order: last-bit differences).
        text = self.text_query(parsed)
        clauses: list[tuple[Occur, Query]] = [(Occur.Must, text)] if text is not None else []
        clauses.extend(filter_clauses)
        if exclude_ids:
            clauses.append((Occur.MustNot, Query.term_set_query(self.schema, "id", list(exclude_ids))))
        return _combine(clauses)

    # -- execution -----------------------------------------------------------------------------

    @staticmethod
    def _run(searcher: tantivy.Searcher, query: Query, sort: Sort, *, limit: int, offset: int) -> Any:
        if sort is Sort.RELEVANCE:
            return searcher.search(query, limit=limit, offset=offset, count=True)
        order = tantivy.Order.Desc if sort is Sort.NEWEST else tantivy.Order.Asc
        return searcher.search(query, limit=limit, offset=offset, count=True, order_by_field="date", order=order)

    def _phrase_search(
        self, searcher: tantivy.Searcher, main: Query, parsed: ParsedQuery, sort: Sort, offset: int, limit: int
    ) -> tuple[int, list[SearchHit], bool, Counter[str]]:
        """Candidates have every word of the phrase (sub-words included, so a phrase starting
        inside a word is a candidate); keep those whose normalised text contains it. Returns the
        total, the page, whether the total is a lower bound, and the verified items per type."""
        result = self._run(searcher, main, sort, limit=PHRASE_CANDIDATE_LIMIT, offset=0)
        candidates = int(result.count or 0)
        # Bytes, not str: a UTF-8 substring test needs no decoding and cannot match across
        # character boundaries. Spaces are ignored on both sides (normalize collapsed them).
        phrases = [phrase.replace(" ", "").encode() for phrase in parsed.phrases]
        verified: list[tuple[float, tantivy.Document]] = []
        for score, address in result.hits:
            doc = searcher.doc(address)
            text = stored_meta(doc)["title_norm"].encode() + b"\n" + bytes(doc.get_first("body") or b"")
            text = text.replace(b" ", b"")
            if all(phrase in text for phrase in phrases):
                verified.append((score, doc))
        # Beyond the limit the total is what was found: a lower bound. (Extrapolating the share
        # found would overstate it: candidates come best first, and the best hold the phrase
        # more often than the rest.)
        approximate = candidates > len(result.hits)
        total = len(verified)
        hits = [self._hit(doc, score, parsed, sort) for score, doc in verified[offset : offset + limit]]
        return total, hits, approximate, Counter(str(doc.get_first("type") or "") for _score, doc in verified)

    def _pinned_hits(
        self,
        searcher: tantivy.Searcher,
        ids: Sequence[str],
        filter_clauses: Sequence[tuple[Occur, Query]],
        parsed: ParsedQuery,
    ) -> list[SearchHit]:
        clauses = [(Occur.Must, Query.term_set_query(self.schema, "id", list(ids))), *filter_clauses]
        result = searcher.search(Query.boolean_query(clauses), limit=len(ids), count=False)
        by_id: dict[str, tantivy.Document] = {}
        for _score, address in result.hits:
            doc = searcher.doc(address)
            by_id[str(doc.get_first("id"))] = doc
        return [self._hit(by_id[item], 0.0, parsed, Sort.RELEVANCE, pinned=True) for item in ids if item in by_id]

    def _type_counts(
        self,
        searcher: tantivy.Searcher,
        main: Query,
        filters: SearchFilters,
        pinned: Sequence[SearchHit],
        organic_total: int,
        phrase_types: Counter[str] | None,
    ) -> dict[str, int]:
        """Items per type, counted as the total is: a quoted phrase's from the items verified to
        hold it (the candidates' counts would contradict the total: 11,500 candidates, none with
        the phrase), one chosen type's is the total itself (what the portal's type filter asks:
        an aggregation over 350,000 matches cost as much again as the search), else the
        aggregation over the main query."""
        if phrase_types is not None:
            counts = dict(phrase_types.most_common())
        elif len(filters.types) == 1:
            counts = {filters.types[0]: organic_total} if organic_total else {}
        else:
            result = searcher.aggregate(main, {"type": {"terms": {"field": "type", "size": 50}}})
            counts = {bucket["key"]: int(bucket["doc_count"]) for bucket in result["type"]["buckets"]}
        for hit in pinned:
            counts[hit.type] = counts.get(hit.type, 0) + 1
        return counts

    def _hit(
        self,
        doc: tantivy.Document,
        score: float,
        parsed: ParsedQuery,
        sort: Sort,
        *,
        pinned: bool = False,
    ) -> SearchHit:
        meta = stored_meta(doc)
        date_value = doc.get_first("date")
        terms = parsed.highlight
        return SearchHit(
            id=doc.get_first("id") or "",
            type=doc.get_first("type") or "",
            # Sorted by date, tantivy returns the sort value in the score slot.
            score=float(score) if sort is Sort.RELEVANCE else 0.0,
            title=meta["title"],
            title_html=highlight(meta["title"], meta["title_norm"], terms),
            snippet=snippet_from_utf8(bytes(doc.get_first("body") or b""), terms),
            url=meta["url"],
            date=date_value.date() if isinstance(date_value, dt.datetime) else None,
            org_id=doc.get_first("org_id"),
            kind=doc.get_first("kind") or "",
            doc_number=meta["doc_number"],
            pinned=pinned,
        )


def _combine(clauses: Sequence[tuple[Occur, Query]]) -> Query:
    """A boolean query of `clauses`, or the one required clause itself: a boolean around a
    single clause scores the same but cost 30 % more for a broad word at 1,000,000 documents
    (公开: 27 against 19 ms of CPU on the loaded benchmark machine)."""
    if not clauses:
        return Query.all_query()
    if len(clauses) == 1 and clauses[0][0] is Occur.Must:
        return clauses[0][1]
    if all(occur is Occur.MustNot for occur, _ in clauses):
        # Exclusions alone need something to exclude from. (Optional clauses without a
        # required one decide membership themselves: at least one must match.)
        return Query.boolean_query([(Occur.Must, Query.all_query()), *clauses])
    return Query.boolean_query(list(clauses))
