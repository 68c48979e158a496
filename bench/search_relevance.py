"""Relevance of full-text search on the judged test corpus: nDCG@10 and recall@20.

    uv run python bench/search_relevance.py            # per-query and mean figures
    uv run python bench/search_relevance.py --record   # also store the floors the CI test keeps

The corpus (seed pages + seeded variations) and the judgments live in
src/gongkai/search/tests/relevance/; the CI test is src/gongkai/search/tests/test_relevance.py.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time

from gongkai.search.engine import SearchIndex
from gongkai.search.evaluation import evaluate
from gongkai.search.query import default_synonyms
from gongkai.search.tests.relevance.corpus import build_corpus
from gongkai.search.tests.relevance.judge import RECORDED_PATH, load_judged_queries

# Recorded floors sit this far below the measured means, so harmless ranking noise (a tie
# broken differently) does not fail CI while a real regression does.
_MARGIN = 0.01


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true", help="write the measured means (minus a margin) as floors")
    args = parser.parse_args()

    corpus = build_corpus()
    queries = load_judged_queries()
    with tempfile.TemporaryDirectory() as directory:
        index = SearchIndex(directory)
        started = time.perf_counter()
        index.add(item.doc for item in corpus)
        index.commit()
        print(f"corpus: {len(corpus)} documents indexed in {time.perf_counter() - started:.2f} s")
        scores = evaluate(index, queries, synonyms=default_synonyms())

    print(f"{'id':4} {'nDCG@10':>8} {'R@20':>6} {'hits':>5} {'rel':>4}  query")
    for score in scores:
        relevant = sum(1 for grade in score.query.judgments.values() if grade > 0)
        flag = "" if score.ndcg10 >= 0.8 and score.recall20 >= 0.9 else "  <--"
        print(
            f"{score.query.id:4} {score.ndcg10:8.3f} {score.recall20:6.3f} {score.total:5d} {relevant:4d}"
            f"  {score.query.query}  ({score.query.note}){flag}"
        )
    ndcg = sum(score.ndcg10 for score in scores) / len(scores)
    recall = sum(score.recall20 for score in scores) / len(scores)
    print(f"mean over {len(scores)} queries: nDCG@10 = {ndcg:.4f}, recall@20 = {recall:.4f}")
    if args.record:
        floors = {
            "ndcg@10": math.floor((ndcg - _MARGIN) * 100) / 100,
            "recall@20": math.floor((recall - _MARGIN) * 100) / 100,
            "queries": len(scores),
        }
        RECORDED_PATH.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
        print(f"recorded floors {floors} in {RECORDED_PATH}")


if __name__ == "__main__":
    main()
