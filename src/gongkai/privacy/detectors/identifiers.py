"""Checksummed and formatted identifiers: 居民身份证号码, 银行卡号, 统一社会信用代码, 机动车号牌,
护照 and 港澳通行证 numbers (rules in the package docstring and docs/privacy.md)."""

import re

from gongkai.privacy import checksums
from gongkai.privacy.detectors.common import (
    ALNUM,
    DIGITS,
    is_bounded,
    is_negated,
    label_before,
    make_finding,
    windowed_matches,
)
from gongkai.privacy.findings import Finding, Kind, Severity

# --------------------------------------------------------------------------- 居民身份证号码

_ID18_RE = re.compile(r"[1-9]\d{5}[ ]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ ]?\d{3}[\dXx]")
_ID15_RE = re.compile(r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")


def detect_id_cards(text: str, norm: str) -> list[Finding]:
    found: list[Finding] = []
    for m in windowed_matches(_ID18_RE, norm):
        start, end = m.span()
        if is_bounded(norm, start, end) and checksums.is_valid_id18(m.group().replace(" ", "")):
            found.append(
                make_finding(
                    text, Kind.ID_CARD, start, end, 1.0, Severity.ERROR, "居民身份证号码，公开前须去标识化处理。"
                )
            )
    for m in windowed_matches(_ID15_RE, norm):
        start, end = m.span()
        if is_bounded(norm, start, end) and checksums.is_valid_id15(m.group()):
            found.append(
                make_finding(
                    text, Kind.ID_CARD, start, end, 0.85, Severity.ERROR, "15位居民身份证号码，公开前须去标识化处理。"
                )
            )
    return found


# --------------------------------------------------------------------------- 银行卡号

_BANK_CARD_RE = re.compile(r"[2-69]\d{3}(?:\d{12,15}|(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?)")


def _plausible_card_prefix(digits: str) -> bool:
    # Issuer identification numbers (ISO/IEC 7812) of the schemes cards in China carry.
    if digits[:2] in {"62", "60", "81", "35", "95"} or digits[0] == "4":
        return True
    if "51" <= digits[:2] <= "55":
        return True
    return len(digits) == 16 and "2221" <= digits[:4] <= "2720"


def detect_bank_cards(text: str, norm: str) -> list[Finding]:
    found: list[Finding] = []
    for m in windowed_matches(_BANK_CARD_RE, norm):
        start, end = m.span()
        if not is_bounded(norm, start, end):
            continue
        digits = m.group().replace(" ", "").replace("-", "")
        if not 16 <= len(digits) <= 19 or not _plausible_card_prefix(digits):
            continue
        if not checksums.luhn_valid(digits) or is_negated(norm, start):
            continue
        found.append(
            make_finding(text, Kind.BANK_CARD, start, end, 1.0, Severity.ERROR, "银行卡号，公开前须去标识化处理。")
        )
    return found


# --------------------------------------------------------------------------- 统一社会信用代码

_CREDIT_LABEL_RE = re.compile(r"信用代码|社会信用|索引号|纳税人识别号|税号|登记证号|代码")
_CREDIT_CODE_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def detect_credit_codes(text: str, norm: str) -> list[Finding]:
    found: list[Finding] = []
    for m in windowed_matches(_CREDIT_CODE_RE, norm):
        start, end = m.span()
        code = m.group()
        if not is_bounded(norm, start, end) or not checksums.is_valid_credit_code(code):
            continue
        if code.isdigit() and not (
            checksums.is_valid_org_code(code[8:17]) or _CREDIT_LABEL_RE.search(norm, max(0, start - 20), start)
        ):
            # An all-digit 18-character number passes the check above about once in a few
            # hundred tries (ID numbers with a wrong date, long order numbers); unless it is
            # labelled, its embedded 组织机构代码 must pass GB 11714 as well.
            continue
        if code[:2] == "92":
            # GB 32100 §4.2: 9 (市场监管) + 2 = 个体工商户, which identifies a natural person.
            found.append(
                make_finding(
                    text,
                    Kind.CREDIT_CODE,
                    start,
                    end,
                    1.0,
                    Severity.WARNING,
                    "个体工商户的统一社会信用代码，可指向自然人，请确认是否需要去标识化。",
                )
            )
        else:
            found.append(
                make_finding(
                    text,
                    Kind.CREDIT_CODE,
                    start,
                    end,
                    1.0,
                    Severity.INFO,
                    "法人或其他组织的统一社会信用代码，可以公开。",
                )
            )
    return found


# --------------------------------------------------------------------------- 机动车号牌

_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_RE = re.compile(
    rf"[{_PLATE_PROVINCES}][A-HJ-NP-Z][·•・ ]?"
    r"(?:[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])"
)


def detect_license_plates(text: str, norm: str) -> list[Finding]:
    found: list[Finding] = []
    for m in windowed_matches(_PLATE_RE, norm, lead=1):
        start, end = m.span()
        if end < len(norm) and norm[end] in ALNUM:
            continue
        if sum(ch in DIGITS for ch in m.group()) < 3 or is_negated(norm, start):
            continue
        found.append(
            make_finding(
                text, Kind.LICENSE_PLATE, start, end, 0.85, Severity.ERROR, "机动车号牌，公开前须去标识化处理。"
            )
        )
    return found


# --------------------------------------------------------------------------- 护照、港澳通行证

# 普通护照 E+8 digits or E+letter+7 digits (since 2012), G+8 digits (older); 公务/外交护照
# S/P/D+7 digits. 往来港澳通行证 C+8 digits or C+letter+7 digits, older W+8 digits;
# 港澳居民来往内地通行证 H/M + 8 (or 10) digits.
_PASSPORT_RE = re.compile(r"E[A-HJ-NP-Z0-9]\d{7}|G\d{8}|[SPD]\d{7}")
_PERMIT_RE = re.compile(r"C[A-HJ-NP-Z0-9]\d{7}|W\d{8}|[HM]\d{8}(?:\d{2})?")
_PASSPORT_CONTEXT_RE = re.compile(r"护照|证件|Passport", re.I)
_PERMIT_CONTEXT_RE = re.compile(r"通行证|回乡证|港澳|证件")


def _travel_documents(
    text: str, norm: str, pattern: re.Pattern[str], context: re.Pattern[str], kind: str, bare_prefix: str, label: str
) -> list[Finding]:
    found: list[Finding] = []
    for m in windowed_matches(pattern, norm):
        start, end = m.span()
        if not is_bounded(norm, start, end) or is_negated(norm, start):
            continue
        if context.search(label_before(norm, start, 20)):
            found.append(make_finding(text, kind, start, end, 0.95, Severity.ERROR, f"{label}，公开前须去标识化处理。"))
        elif m.group()[0] == bare_prefix:
            # Without a label only the current format is reported, and only as a warning:
            # a letter and eight digits can also be a product or batch number.
            found.append(make_finding(text, kind, start, end, 0.6, Severity.WARNING, f"疑似{label}，请确认。"))
    return found


def detect_passports(text: str, norm: str) -> list[Finding]:
    return _travel_documents(text, norm, _PASSPORT_RE, _PASSPORT_CONTEXT_RE, Kind.PASSPORT, "E", "护照号码")


def detect_hk_macao_permits(text: str, norm: str) -> list[Finding]:
    return _travel_documents(text, norm, _PERMIT_RE, _PERMIT_CONTEXT_RE, Kind.HK_MACAO_PERMIT, "C", "港澳通行证号码")
