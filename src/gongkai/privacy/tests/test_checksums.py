import datetime

from hypothesis import given
from hypothesis import strategies as st

from gongkai.privacy.checksums import (
    credit_code_check_character,
    id_check_character,
    is_valid_credit_code,
    is_valid_id15,
    is_valid_id18,
    is_valid_org_code,
    luhn_check_digit,
    luhn_valid,
)
from gongkai.privacy.regions import is_plausible_region

TODAY = datetime.date(2024, 6, 1)


def test_gb11643_example_number_is_valid():
    # The worked example of GB 11643-1999 (appendix): 11010519491231002X.
    assert id_check_character("11010519491231002") == "X"
    assert is_valid_id18("11010519491231002X", today=TODAY)
    assert is_valid_id18("11010519491231002x", today=TODAY)


def test_id18_rejects_wrong_check_date_region_and_future_birth():
    assert not is_valid_id18("110105194912310021", today=TODAY)  # check character
    body = "11010519491331002"  # month 13
    assert not is_valid_id18(body + id_check_character(body), today=TODAY)
    body = "99010519491231002"  # no province 99
    assert not is_valid_id18(body + id_check_character(body), today=TODAY)
    body = "11010520300101002"  # born after "today"
    assert not is_valid_id18(body + id_check_character(body), today=TODAY)
    body = "11000019491231002"  # county digits 00 are not a county
    assert not is_valid_id18(body + id_check_character(body), today=TODAY)


def test_id15_needs_region_and_real_date():
    assert is_valid_id15("110105491231002")
    assert not is_valid_id15("110105490230002")  # 30 February 1949
    assert not is_valid_id15("990105491231002")


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert luhn_valid("622202123456789" + luhn_check_digit("622202123456789"))
    assert not luhn_valid("62220212345678a0")


def test_real_credit_codes_pass_gb32100_and_gb11714():
    # Published codes of two companies and of a central government body.
    for code in ("914403001922038216", "91440300708461136T", "11100000000013127D"):
        assert is_valid_credit_code(code), code
        assert is_valid_org_code(code[8:17]), code


def test_credit_code_rejects_bad_check_alphabet_and_category():
    assert not is_valid_credit_code("914403001922038217")
    assert not is_valid_credit_code("91440300192203821I")  # I is not in the alphabet
    body = "94440300192203821"  # registrar 9 has no category 4
    assert not is_valid_credit_code(body + credit_code_check_character(body))


def test_region_plausibility():
    assert is_plausible_region("360735")
    assert is_plausible_region("810000")
    assert not is_plausible_region("810101")
    assert not is_plausible_region("367135")  # city digits 71
    assert not is_plausible_region("110000")
    assert is_plausible_region("110000", registrar=True)
    assert is_plausible_region("100000", registrar=True)


@given(
    region=st.sampled_from(["110105", "360735", "510104", "220524"]),
    born=st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY),
    serial=st.integers(min_value=0, max_value=999),
    wrong=st.integers(min_value=1, max_value=10),
)
def test_every_generated_id_is_valid_and_any_other_check_character_is_not(region, born, serial, wrong):
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    check = id_check_character(body)
    assert is_valid_id18(body + check, today=TODAY)
    alphabet = "10X98765432"
    other = alphabet[(alphabet.index(check) + wrong) % 11]
    assert not is_valid_id18(body + other, today=TODAY)
