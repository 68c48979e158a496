"""Accuracy over the labelled corpus (figures are computed here, never written in)."""

import pytest

from gongkai.privacy.evaluation import CORPUS_PATH, evaluate, load_corpus
from gongkai.privacy.findings import CHECKSUMMED_KINDS
from gongkai.privacy.tests.corpus import generate


@pytest.fixture(scope="module")
def cases():
    return load_corpus()


@pytest.fixture(scope="module")
def evaluation(cases):
    return evaluate(cases)


def test_corpus_file_is_what_the_generator_produces():
    assert CORPUS_PATH.read_text(encoding="utf-8") == generate.render(generate.build())


def test_corpus_size_and_coverage(cases, evaluation):
    assert evaluation.positive_cases >= 200
    assert evaluation.negative_cases >= 200
    kinds = {e["kind"] for c in cases for e in c["expected"]}
    assert kinds >= {"id_card", "mobile", "landline", "email", "bank_card", "credit_code", "license_plate",
                     "passport", "hk_macao_permit", "address", "person_name"}  # fmt: skip
    for kind in CHECKSUMMED_KINDS:
        negatives = [c for c in cases if c["id"].startswith(kind) and c["polarity"] == "negative"]
        assert len(negatives) >= 20, kind


@pytest.mark.parametrize("kind", sorted(CHECKSUMMED_KINDS))
def test_checksummed_identifiers_have_full_recall_and_no_false_positives(evaluation, kind):
    score = evaluation.by_kind[kind]
    assert score.true_positives >= 30
    assert score.recall == 1.0, evaluation.false_negative_cases
    assert score.false_positives == 0, evaluation.false_positive_cases


def test_names_in_labelled_forms_recall(evaluation):
    assert evaluation.labelled_names.true_positives >= 50
    assert evaluation.labelled_names.recall >= 0.9


def test_office_contact_data_is_never_reported_as_personal(evaluation):
    assert evaluation.wrongly_personal == []
    assert evaluation.wrongly_institutional == []
