"""Precision and recall of the detectors over a labelled corpus (tests/corpus/corpus.jsonl).

Used by the accuracy test and by bench/privacy_bench.py, so both report the same numbers.
A predicted span counts as a true positive only if kind, start and end all match.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.privacy.findings import PERSONAL_KINDS, Finding
from gongkai.privacy.scanner import CHECK_PERSONAL, scan_text

CORPUS_PATH = Path(__file__).parent / "tests" / "corpus" / "corpus.jsonl"


@dataclass
class KindScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Evaluation:
    by_kind: dict[str, KindScore] = field(default_factory=dict)
    # Expected non-personal (an office's phone) but reported as personal, and the reverse.
    wrongly_personal: list[str] = field(default_factory=list)
    wrongly_institutional: list[str] = field(default_factory=list)
    # Recall of names in labelled forms and tables (cases tagged "labelled").
    labelled_names: KindScore = field(default_factory=KindScore)
    false_positive_cases: list[str] = field(default_factory=list)
    false_negative_cases: list[str] = field(default_factory=list)
    positive_cases: int = 0
    negative_cases: int = 0

    def score(self, kind: str) -> KindScore:
        return self.by_kind.setdefault(kind, KindScore())


def load_corpus(path: Path = CORPUS_PATH) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _default_scan(text: str) -> list[Finding]:
    return list(scan_text(text, checks={CHECK_PERSONAL}).findings)


def evaluate(cases: Iterable[dict[str, Any]], scan: Callable[[str], list[Finding]] = _default_scan) -> Evaluation:
    result = Evaluation()
    for case in cases:
        if case["polarity"] == "positive":
            result.positive_cases += 1
        else:
            result.negative_cases += 1
        found = {(f.kind, f.start, f.end): f for f in scan(case["text"]) if f.kind in PERSONAL_KINDS}
        expected = {(e["kind"], e["start"], e["end"]): e for e in case["expected"]}
        labelled = "labelled" in case["tags"]
        for key, item in expected.items():
            kind = key[0]
            finding = found.get(key)
            if finding is None:
                result.score(kind).false_negatives += 1
                result.false_negative_cases.append(f"{case['id']}:{kind}")
            else:
                result.score(kind).true_positives += 1
                if finding.is_personal and not item["personal"]:
                    result.wrongly_personal.append(f"{case['id']}:{kind}")
                if not finding.is_personal and item["personal"]:
                    result.wrongly_institutional.append(f"{case['id']}:{kind}")
            if labelled and kind == "person_name":
                if finding is None:
                    result.labelled_names.false_negatives += 1
                else:
                    result.labelled_names.true_positives += 1
        for key in found.keys() - expected.keys():
            result.score(key[0]).false_positives += 1
            result.false_positive_cases.append(f"{case['id']}:{key[0]}:{key[1]}-{key[2]}")
    return result
