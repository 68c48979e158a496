"""The one search function (portal, API and CLI call it) and the admin-managed vocabulary."""

import datetime
import json
import logging
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.years import FIRST_YEAR, LAST_YEAR
from gongkai.disclosure.public_reads import topics_asked
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Organization
from gongkai.search.documents import TYPE_LABELS
from gongkai.search.engine import SCHEMA_VERSION, SearchFilters, SearchResult, Sort
from gongkai.search.indexer import index_directory
from gongkai.search.models import BestBet, DomainTerm, SynonymGroup, VocabularyStamp, ZeroResultQuery
from gongkai.search.query import QueryRejected, SynonymTable, best_bet_key
from gongkai.search.snapshots import SearchUnavailable, reader
from gongkai.search.text import add_domain_terms, normalize

MAX_QUERY_LOGGED = 200


@dataclass
class SearchRequest:
    q: str = ""
    org: Organization | None = None
    types: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    catalog_node: int | None = None
    topic: str = ""
    year_from: int | None = None
    year_to: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    validity: list[str] = field(default_factory=list)
    sort: str = Sort.RELEVANCE
    page: int = 1
    page_size: int = 20
    # Item counts per type cost a second pass over the matches (3-15 ms at 1M documents): only
    # for the pages that show them.
    facets: bool = False


def _shipped_synonym_groups() -> list[list[str]]:
    """The seed groups shipped in data/synonyms.txt (one group a line, members by commas)."""
    from importlib import resources

    text = resources.files("gongkai.search").joinpath("data", "synonyms.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [[m.strip() for m in line.split(",") if m.strip()] for line in lines if line]


# The vocabulary this process loaded and the stamp it was loaded at. The stamp is one row read
# by primary key per search (about 0.1 ms), so a change made in any process shows at once.
_vocabulary_version: str | None = None
_synonyms: SynonymTable | None = None
_best_bets: dict[str, list[str]] = {}

_zero_log = logging.getLogger("gongkai.search.zero_results")
ZERO_RESULT_FILE = "zero-results.jsonl"


# The stamp's row, read with a fixed statement: through the ORM, building the query cost about
# nine times the read itself (0.61 against 0.07 ms of CPU per search on the loaded benchmark
# machine), the largest part of the service's own time. Quoted identifiers: the same text for
# SQLite and PostgreSQL (the table names are the models' defaults, asserted in the tests). The
# same statement reads the schema of the index the indexer's cursor describes (see search()).
_STAMP_SQL = (
    'SELECT (SELECT "token" FROM "search_vocabularystamp" WHERE "id" = 1), '
    '(SELECT "schema_version" FROM "search_indexcursor" WHERE "name" = \'search\')'  # indexer.CURSOR
)
REBUILDING = "检索索引正在按新版本重建，请稍后再试。"


def _stamps() -> tuple[str, int | None]:
    """The vocabulary stamp ("" before any change) and the indexed schema (None before the
    indexer's first run)."""
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        token, schema = cursor.fetchone()
    return (str(token) if token is not None else ""), (int(schema) if schema is not None else None)


def _vocabulary_stamp() -> str:
    return _stamps()[0]


def vocabulary_changed() -> None:
    """Called by every service that changes synonyms, best bets or domain terms (inside its
    transaction): a new random token, so that even a rolled-back change followed by another
    one never repeats a token a process may have loaded."""
    global _vocabulary_version
    token = uuid.uuid4().hex
    if not VocabularyStamp.objects.filter(pk=1).update(token=token):
        VocabularyStamp.objects.update_or_create(pk=1, defaults={"token": token})
    _vocabulary_version = None  # this process reloads on its next search


def _load_vocabulary(version: str | None = None) -> tuple[SynonymTable, dict[str, list[str]]]:
    """Synonyms, best bets and domain terms from the database, reloaded when the stamp (read
    here unless given) moves."""
    global _vocabulary_version, _synonyms, _best_bets
    if version is None:
        version = _vocabulary_stamp()
    if version != _vocabulary_version or _synonyms is None:
        add_domain_terms(DomainTerm.objects.values_list("term", flat=True))
        groups = [g.term_list() for g in SynonymGroup.objects.filter(active=True)]
        _synonyms = SynonymTable.from_groups([*_shipped_synonym_groups(), *groups])
        bets: dict[str, list[str]] = {}
        for bet in BestBet.objects.order_by("query", "position", "id"):
            bets.setdefault(best_bet_key(bet.query), []).append(bet.item_id)
        _best_bets = bets
        _vocabulary_version = version
    return _synonyms, _best_bets


def search(request: SearchRequest) -> SearchResult:
    """Search every public item. Raises QueryRejected (422, message in Chinese) for input that
    cannot be searched. Reads only: a query that finds nothing goes to the zero-result log
    file (folded into the admins' table by zero_result_collect, which the indexer runs)."""
    unknown = [t for t in request.types if t not in TYPE_LABELS]
    if unknown:
        raise ValidationFailed(
            f"没有“{unknown[0][:20]}”这一类型，可选：{'、'.join(f'{k}（{v}）' for k, v in TYPE_LABELS.items())}。",
            fields={"type": ["类型不正确。"]},
            code="search_bad_type",
        )
    for name in ("year_from", "year_to"):
        # The platform's years; a number past 64 bits would also fail inside the index's range
        # query (an error, not an answer).
        year = getattr(request, name)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise QueryRejected(
                f"年份应在{FIRST_YEAR}至{LAST_YEAR}之间。", fields={name: ["年份超出范围。"]}, code="search_bad_year"
            )
    stamp, indexed_schema = _stamps()
    if indexed_schema is not None and indexed_schema != SCHEMA_VERSION:
        # An upgrade changed the index's schema and the indexer is rebuilding it: the new index
        # is empty or partial, which "nothing found" (and the zero-result log) would misreport.
        raise SearchUnavailable(REBUILDING)
    synonyms, best_bets = _load_vocabulary(stamp)
    filters = SearchFilters(
        types=tuple(request.types),
        org_id=request.org.pk if request.org else None,
        kinds=tuple(request.kinds),
        catalog_node=request.catalog_node,
        # A category (综合政务) is itself and each topic in use under it, as the lists take it.
        topics=topics_asked(request.topic[:100]),
        year_from=request.year_from,
        year_to=request.year_to,
        date_from=request.date_from,
        date_to=request.date_to,
        validity=tuple(request.validity),
    )
    result = reader().search(  # the index directory, or in a replica the newest snapshot
        request.q,
        filters=filters,
        sort=request.sort,
        page=request.page,
        page_size=request.page_size,
        synonyms=synonyms,
        best_bets=best_bets,
        with_facets=request.facets,
    )
    if result.total == 0 and request.q.strip():
        zero_result_record(request.q)
    return result


def _zero_result_path() -> Path:
    return index_directory() / ZERO_RESULT_FILE


def zero_result_record(query: str) -> None:
    """Append the query to the zero-result log: one O_APPEND write of one short line, which
    concurrent web processes cannot interleave. No database write on a GET."""
    text = normalize(query).strip()[:MAX_QUERY_LOGGED]
    if not text:
        return
    _zero_log.info("zero-result query: %s", text)
    line = (json.dumps({"q": text}, ensure_ascii=False) + "\n").encode()
    path = _zero_result_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def zero_result_collect() -> int:
    """Fold the zero-result log into ZeroResultQuery (the admins' list); returns the number of
    queries logged since the last run. The log is renamed first, so searches that run
    meanwhile start a new one."""
    path = _zero_result_path()
    claimed = path.with_name(f"{path.name}.{os.getpid()}.collecting")
    try:
        os.replace(path, claimed)
    except FileNotFoundError:
        return 0
    counts: Counter[str] = Counter()
    with claimed.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                text = str(json.loads(line)["q"])[:MAX_QUERY_LOGGED]
            except (ValueError, KeyError, TypeError):
                continue  # a torn line from a crash: skip it
            if text:
                counts[text] += 1
    with transaction.atomic():
        for text, n in counts.items():
            if not ZeroResultQuery.objects.filter(query=text).update(count=F("count") + n):
                obj, created = ZeroResultQuery.objects.get_or_create(query=text, defaults={"count": n})
                if not created:
                    ZeroResultQuery.objects.filter(pk=obj.pk).update(count=F("count") + n)
    claimed.unlink()
    return sum(counts.values())


def _require_search_admin(actor: Actor) -> None:
    if not org_permissions.is_platform_operator(actor):
        raise PermissionDenied("只有平台管理员可以维护检索词表。")


@transaction.atomic
def synonym_group_add(*, actor: Actor, terms: list[str]) -> SynonymGroup:
    _require_search_admin(actor)
    cleaned = [t.strip() for t in terms if t.strip()]
    if len(cleaned) < 2 or any(len(t) > 30 for t in cleaned):
        raise ValidationFailed("同义词组至少需要两个词，每个词不超过30字。", code="synonyms_invalid")
    creator: Any = actor if actor.is_authenticated else None
    group = SynonymGroup.objects.create(terms=" ".join(cleaned), created_by=creator)
    vocabulary_changed()
    audit_record(actor=actor, action="search.synonyms_added", obj=group, after={"terms": cleaned})
    return group


@transaction.atomic
def best_bet_pin(*, actor: Actor, query: str, item_id: str, position: int = 0) -> BestBet:
    _require_search_admin(actor)
    if not query.strip() or ":" not in item_id:
        raise ValidationFailed("请填写检索词和置顶条目（如 publication:42）。", code="best_bet_invalid")
    bet, _ = BestBet.objects.update_or_create(query=query.strip(), item_id=item_id, defaults={"position": position})
    vocabulary_changed()
    audit_record(actor=actor, action="search.best_bet_pinned", obj=bet, after={"query": bet.query, "item": item_id})
    return bet


@transaction.atomic
def domain_term_add(*, actor: Actor, term: str) -> DomainTerm:
    _require_search_admin(actor)
    term = term.strip()
    if not 2 <= len(term) <= 30:
        raise ValidationFailed("领域词应为2至30字。", code="domain_term_invalid")
    created, _ = DomainTerm.objects.get_or_create(term=term)
    vocabulary_changed()
    audit_record(actor=actor, action="search.domain_term_added", obj=created, after={"term": term})
    return created
