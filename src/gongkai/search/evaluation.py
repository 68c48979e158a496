"""Relevance measurement: nDCG@10 and recall@20 over a judged query set.

Used by the CI test (gongkai/search/tests/test_relevance.py) and by bench/search_relevance.py.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.search.engine import SearchFilters, SearchIndex
from gongkai.search.query import SynonymTable

__all__ = ["JudgedQuery", "QueryScore", "evaluate", "filters_from_json", "ndcg_at_k", "recall_at_k"]


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain with exponential gain (2^grade - 1), the usual
    form for graded judgments. 1.0 when nothing is relevant and nothing had to be found."""
    gains = sorted((grade for grade in grades.values() if grade > 0), reverse=True)
    ideal = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(gains[:k]))
    if ideal == 0:
        return 1.0
    actual = sum((2 ** grades.get(item, 0) - 1) / math.log2(rank + 2) for rank, item in enumerate(ranked[:k]))
    return actual / ideal


def recall_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 20) -> float:
    """Share of the relevant items (grade >= 1) found in the top k, out of at most k: a query
    with 60 relevant items is not penalised for showing only 20 of them on one page."""
    relevant = {item for item, grade in grades.items() if grade > 0}
    if not relevant:
        return 1.0
    found = sum(1 for item in ranked[:k] if item in relevant)
    return found / min(len(relevant), k)


@dataclass(frozen=True, slots=True)
class JudgedQuery:
    id: str
    query: str
    judgments: Mapping[str, int]
    filters: SearchFilters | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class QueryScore:
    query: JudgedQuery
    ndcg10: float
    recall20: float
    total: int
    top: tuple[str, ...]


def filters_from_json(data: Mapping[str, Any] | None) -> SearchFilters | None:
    if not data:
        return None
    values = dict(data)
    for key in ("date_from", "date_to"):
        if values.get(key):
            values[key] = dt.date.fromisoformat(values[key])
    for key in ("types", "kinds", "topics", "validity"):
        if key in values:
            values[key] = tuple(values[key])
    return SearchFilters(**values)


def evaluate(index: SearchIndex, queries: Sequence[JudgedQuery], *, synonyms: SynonymTable | None) -> list[QueryScore]:
    scores = []
    for judged in queries:
        result = index.search(judged.query, filters=judged.filters, synonyms=synonyms, page_size=20)
        ranked = [hit.id for hit in result.hits]
        scores.append(
            QueryScore(
                query=judged,
                ndcg10=ndcg_at_k(ranked, judged.judgments, 10),
                recall20=recall_at_k(ranked, judged.judgments, 20),
                total=result.total,
                top=tuple(ranked),
            )
        )
    return scores
