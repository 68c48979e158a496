import pytest

from gongkai.disclosure.doc_number import InvalidDocNumber, parse_doc_number


@pytest.mark.parametrize(
    "raw",
    [
        "赣府厅字〔2024〕15号",
        "赣府厅字[2024]15号",
        "赣府厅字［2024］15号",
        "赣府厅字（2024）15号",
        "赣府厅字【2024】15号",
        " 赣府厅字 〔 2024 〕 15 号 ",
    ],
)
def test_common_spellings_normalise_to_hexagonal_brackets(raw):
    parsed = parse_doc_number(raw, latest_year=2026)
    assert parsed.normalized == "赣府厅字〔2024〕15号"
    assert (parsed.issuer_code, parsed.year, parsed.serial) == ("赣府厅字", 2024, 15)
    assert parsed.warnings == []


def test_missing_issuer_code_is_accepted_with_a_warning():
    parsed = parse_doc_number("〔2024〕35号", latest_year=2026)
    assert parsed.normalized == "〔2024〕35号"
    assert parsed.issuer_code == ""
    assert parsed.warnings == ["文号缺少发文机关代字，请核对原件。"]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("赣府厅字2024年15号", "格式"),
        ("赣府厅字〔1900〕15号", "年份"),
        ("赣府厅字〔2031〕15号", "年份"),
        ("赣府厅字〔2024〕0号", "序号"),
        ("第15号", "格式"),
        ("", "格式"),
    ],
)
def test_invalid_numbers_are_refused_in_chinese(raw, fragment):
    with pytest.raises(InvalidDocNumber, match=fragment):
        parse_doc_number(raw, latest_year=2026)
