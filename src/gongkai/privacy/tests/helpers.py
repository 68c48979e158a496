"""Values with correct check characters, computed (never hard-coded) for the tests."""

from gongkai.privacy.checksums import (
    credit_code_check_character,
    id_check_character,
    luhn_check_digit,
    org_code_check_character,
)


def make_id(region: str = "110105", born: str = "19800512", serial: str = "123") -> str:
    body = f"{region}{born}{serial}"
    return body + id_check_character(body)


def make_card(prefix: str = "622202", length: int = 16) -> str:
    body = (prefix + "1234567890123456789")[: length - 1]
    return body + luhn_check_digit(body)


def make_credit_code(prefix: str = "91", region: str = "360735", org: str = "MA35XK2P") -> str:
    body = f"{prefix}{region}{org}{org_code_check_character(org)}"
    return body + credit_code_check_character(body)
