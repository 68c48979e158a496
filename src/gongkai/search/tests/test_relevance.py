"""Relevance may not drop: nDCG@10 and recall@20 on the judged query set stay at or above the
recorded floors (tests/relevance/recorded.json, written by bench/search_relevance.py --record)."""

from __future__ import annotations

import json

from gongkai.search.engine import SearchIndex
from gongkai.search.evaluation import evaluate, ndcg_at_k, recall_at_k
from gongkai.search.query import default_synonyms
from gongkai.search.tests.relevance.judge import JUDGMENTS_PATH, RECORDED_PATH, build_judgments, load_judged_queries


def test_judgments_file_matches_the_corpus_labels() -> None:
    # Regenerate with `uv run python -m gongkai.search.tests.relevance.judge` after changing either.
    assert json.loads(JUDGMENTS_PATH.read_text(encoding="utf-8")) == build_judgments()


def test_judged_set_is_large_enough_and_graded() -> None:
    queries = load_judged_queries()
    assert len(queries) >= 40
    grades = {grade for query in queries for grade in query.judgments.values()}
    assert grades == {1, 2, 3}


def test_relevance_stays_at_or_above_the_recorded_floors(corpus_index: SearchIndex) -> None:
    recorded = json.loads(RECORDED_PATH.read_text(encoding="utf-8"))
    scores = evaluate(corpus_index, load_judged_queries(), synonyms=default_synonyms())
    ndcg = sum(score.ndcg10 for score in scores) / len(scores)
    recall = sum(score.recall20 for score in scores) / len(scores)
    assert ndcg >= recorded["ndcg@10"], f"nDCG@10 fell to {ndcg:.4f}"
    assert recall >= recorded["recall@20"], f"recall@20 fell to {recall:.4f}"


def test_ndcg_rewards_putting_the_best_first() -> None:
    grades = {"a": 3, "b": 1}
    assert ndcg_at_k(["a", "b"], grades) == 1.0
    assert 0 < ndcg_at_k(["b", "a"], grades) < 1.0
    assert ndcg_at_k(["x", "y"], grades) == 0.0
    assert ndcg_at_k([], {}) == 1.0


def test_recall_is_capped_at_k() -> None:
    grades = {str(i): 1 for i in range(30)}
    assert recall_at_k([str(i) for i in range(20)], grades, 20) == 1.0
    assert recall_at_k(["0", "x"], {"0": 2, "1": 1}, 20) == 0.5
