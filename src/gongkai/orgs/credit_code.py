"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: 登记管理部门代码 (1), 机构类别代码 (1), 登记管理机关行政区划码 (6),
主体标识码 (9, the old organisation code), 校验码 (1). The alphabet has 31 symbols: the
digits and the capitals without I, O, Z, S, V, which are too easily misread.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# GB 32100-2015 §5: weight of position i is 3^(i) mod 31.
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidCreditCode(ValueError):
    """The text is not a valid 统一社会信用代码; the message says why, in Chinese."""


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw: str) -> str:
    """Return the canonical (upper-case, trimmed) code, or raise InvalidCreditCode."""
    code = (raw or "").strip().upper()
    if len(code) != 18:
        raise InvalidCreditCode(f"统一社会信用代码应为18位，当前为{len(code)}位。")
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        raise InvalidCreditCode(f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用I、O、Z、S、V）。")
    if not code[2:8].isdigit():
        raise InvalidCreditCode("统一社会信用代码第3至8位应为行政区划代码（6位数字）。")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidCreditCode("统一社会信用代码校验位不正确，请核对后重新输入。")
    return code


def is_valid_credit_code(raw: str) -> bool:
    try:
        normalize_credit_code(raw)
    except InvalidCreditCode:
        return False
    return True
