import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.orgs.credit_code import ALPHABET, InvalidCreditCode, check_character, normalize_credit_code


@pytest.mark.parametrize(
    "code",
    [
        "11341702486344515H",  # the 索引号 prefix quoted in the regulations spec
        "91110108551385082Q",
        "11100000000013127D",
    ],
)
def test_real_codes_are_valid(code):
    assert normalize_credit_code(code) == code


def test_lower_case_and_spaces_are_normalised():
    assert normalize_credit_code("  91110108551385082q ") == "91110108551385082Q"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91110108551385082", "18位"),
        ("91110108551385082R", "校验位"),
        ("9111010855138508IQ", "不允许的字符"),
        ("91AB0108551385082Q", "行政区划"),
        ("", "18位"),
    ],
)
def test_invalid_codes_are_refused_with_a_chinese_reason(code, fragment):
    with pytest.raises(InvalidCreditCode, match=fragment):
        normalize_credit_code(code)


@given(st.text(alphabet=ALPHABET[:10], min_size=6, max_size=6), st.text(alphabet=ALPHABET, min_size=11, max_size=11))
def test_every_single_character_change_is_detected(region, rest):
    body = rest[:2] + region + rest[2:]
    code = body + check_character(body)
    assert normalize_credit_code(code) == code
    for position in range(18):
        for replacement in ALPHABET:
            if replacement == code[position] or (2 <= position < 8 and not replacement.isdigit()):
                continue
            altered = code[:position] + replacement + code[position + 1 :]
            with pytest.raises(InvalidCreditCode):
                normalize_credit_code(altered)
