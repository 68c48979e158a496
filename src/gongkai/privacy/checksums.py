"""Check characters of the mainland identifiers the scanner reports.

A number that looks right but whose check character is wrong is *not* an identifier for
the scanner (issue: "valid-looking numbers whose checksum fails are not reported"), so
these functions are the precision gate of the checksummed detectors.

- 居民身份证号码: GB 11643-1999 (18 characters, ISO 7064 MOD 11-2 check character), and the
  15-digit form issued before 1999 (no check character; region and 19YYMMDD birth date).
- 银行卡号: the Luhn algorithm (ISO/IEC 7812-1), as printed on UnionPay, Visa and Mastercard cards.
- 统一社会信用代码: GB 32100-2015 (MOD 31 check character over a 31-symbol alphabet).

The orgs app keeps its own credit-code validator for its form fields; this module is the
scanner's copy so that the base-domain apps stay independent of each other.
"""

import datetime

from gongkai.privacy.regions import is_plausible_region

# GB 11643-1999 §6: weights W_i = 2^(i-1) mod 11 from the right, written left to right.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {ch: i for i, ch in enumerate(CREDIT_CODE_ALPHABET)}
# GB 32100-2015 §5: the weight of position i (from 0) is 3^i mod 31.
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 32100-2015 表1: 登记管理部门代码 and the 机构类别代码 each may use — 1 机构编制 (1 机关,
# 2 事业单位, 3 群众团体, 9 其他), 2 外交, 3 司法行政 (律师事务所, 公证处, 基层法律服务所,
# 司法鉴定机构, 仲裁委员会), 4 文化, 5 民政 (社会团体, 民办非企业单位, 基金会), 6 旅游, 7 宗教,
# 8 工会, 9 工商/市场监管 (1 企业, 2 个体工商户, 3 农民专业合作社), A 中央军委改革和编制办公室,
# N 农业 (组级、村级、乡镇级集体经济组织), Y 其他.
_CREDIT_CATEGORIES: dict[str, frozenset[str]] = {
    "1": frozenset("1239"),
    "2": frozenset("19"),
    "3": frozenset("123459"),
    "4": frozenset("19"),
    "5": frozenset("1239"),
    "6": frozenset("129"),
    "7": frozenset("129"),
    "8": frozenset("19"),
    "9": frozenset("123"),
    "A": frozenset("19"),
    "N": frozenset("1239"),
    "Y": frozenset("1"),
}
# GB 11714-1997: the 组织机构代码 (characters 9–17 of a credit code) has its own check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# No one alive was born before this year; a birth "date" earlier than it is a random number.
_EARLIEST_BIRTH_YEAR = 1890


def id_check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an 18-digit ID number."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _valid_birth_date(year: int, month: int, day: int, today: datetime.date | None) -> bool:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    latest = today or datetime.datetime.now(datetime.UTC).date()
    return year >= _EARLIEST_BIRTH_YEAR and born <= latest


def is_valid_id18(number: str, *, today: datetime.date | None = None) -> bool:
    """18-character 居民身份证号码: region prefix, birth date and GB 11643 check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    last = number[17].upper()
    if not (last.isdigit() or last == "X"):
        return False
    if not is_plausible_region(number[:6]):
        return False
    if not _valid_birth_date(int(number[6:10]), int(number[10:12]), int(number[12:14]), today):
        return False
    return id_check_character(number[:17]) == last


def is_valid_id15(number: str) -> bool:
    """15-digit 居民身份证号码 (first generation, before 1999): region and 19YYMMDD birth date."""
    if len(number) != 15 or not number.isdigit():
        return False
    if not is_plausible_region(number[:6]):
        return False
    return _valid_birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), None)


def luhn_valid(digits: str) -> bool:
    """ISO/IEC 7812-1 Luhn check over a string of digits."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit that makes `partial + digit` pass the Luhn check."""
    for d in "0123456789":
        if luhn_valid(partial + d):
            return d
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


def credit_code_check_character(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(_CREDIT_VALUE[ch] * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def org_code_check_character(first8: str) -> str:
    """GB 11714 check character of an 8-character 组织机构代码 body (digits and capitals)."""
    total = sum((int(ch, 36)) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def is_valid_org_code(code: str) -> bool:
    """A 9-character 组织机构代码 (GB 11714) with a correct check character."""
    if len(code) != 9 or not code[:8].isalnum() or not code[:8].isascii():
        return False
    return org_code_check_character(code[:8].upper()) == code[8]


def is_valid_credit_code(code: str) -> bool:
    """统一社会信用代码: alphabet, registrar, region digits and the GB 32100 check character."""
    if len(code) != 18 or any(ch not in _CREDIT_VALUE for ch in code):
        return False
    if code[1] not in _CREDIT_CATEGORIES.get(code[0], frozenset()) or not code[2:8].isdigit():
        return False
    if not is_plausible_region(code[2:8], registrar=True):
        return False
    return credit_code_check_character(code[:17]) == code[17]
