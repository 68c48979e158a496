"""文号 and 索引号 keys: every common spelling reduces to the same keys."""

from __future__ import annotations

import pytest

from gongkai.search.identifiers import (
    doc_number_index_keys,
    find_doc_numbers,
    find_index_numbers,
    index_number_index_keys,
    normalize_doc_number,
)


@pytest.mark.parametrize(
    "spelling",
    [
        "赣府厅字〔2024〕15号",
        "赣府厅字[2024]15号",
        "赣府厅字［2024］15号",
        "赣府厅字（2024）15号",
        "赣府厅字(2024)15号",
        "赣府厅字【2024】15号",
        "赣府厅字〔2024〕第15号",
        "贛府廳字〔2024〕15號",
        "赣府厅字〔２０２４〕１５号",
    ],
)
def test_every_spelling_gives_the_same_doc_number(spelling: str) -> None:
    [number] = find_doc_numbers(spelling)
    assert (number.agency, number.year, number.serial) == ("赣府厅字", 2024, 15)
    assert "赣府厅字2024-15" in number.agency_keys()


def test_parts_without_brackets_or_agency() -> None:
    [number] = find_doc_numbers("2024 15号")
    assert (number.agency, number.key) == ("", "2024-15")


def test_agency_keys_cover_a_prefix_glued_to_the_code() -> None:
    [number] = find_doc_numbers("印发赣府厅字〔2024〕15号")
    assert "赣府厅字2024-15" in number.agency_keys()


def test_leading_zeros_of_the_serial_do_not_matter() -> None:
    assert find_doc_numbers("国办发〔2024〕015号")[0].key == find_doc_numbers("国办发〔2024〕15号")[0].key


def test_index_keys_of_a_doc_number() -> None:
    keys = doc_number_index_keys("赣府厅字[2024]15号")
    assert keys == ["赣府厅字〔2024〕15号", "2024-15", "赣府厅字2024-15"]
    assert normalize_doc_number(" 赣府厅字 （2024） 15号 ") == "赣府厅字〔2024〕15号"
    assert doc_number_index_keys("") == []


def test_index_number_keys_whole_and_after_the_slash() -> None:
    assert index_number_index_keys("11360735MB1612345X/2024-00012") == ["11360735mb1612345x/2024-00012", "2024-00012"]
    assert find_index_numbers("索引号 11360735MB1612345X／2024－00012") == [
        "11360735mb1612345x/2024-00012",
        "2024-00012",
    ]
    assert find_index_numbers("政务公开") == []
