"""Personal-information detectors: one function per kind, each returning `Finding`s with
exact spans into the text it was given.

Every detector takes ``(text, norm)``: the original text and its length-preserving
normalised copy (`textnorm.normalize`: simplified characters, half-width digits). Patterns
run on ``norm``; the finding's ``text`` is the original slice, so spans fit both.

Why this exists: 《政府信息公开条例》第十五条 forbids disclosing personal privacy without
consent, and the seed documents require 去标识化 of personal information before anything
is published (see docs/privacy.md). Presidio has no recognisers for mainland identifiers.

Identifier rules, in short (details in docs/privacy.md):

- 居民身份证号码: 18 characters with a valid region prefix, birth date and GB 11643 check
  character, or the 15-digit pre-1999 form with a valid region and 19YYMMDD date.
- 银行卡号: 16–19 digits, an issuer prefix that card schemes use (62/60/81 UnionPay, 4 Visa,
  51–55 and 2221–2720 Mastercard, 35 JCB, 95 old domestic cards) and the Luhn check.
- 统一社会信用代码: GB 32100 alphabet, registrar code, region and check character.
- 手机号码: 11 digits with a current 13x–19x prefix (MOBILE_PREFIXES), optional +86.
Numbers that fail these checks are not reported: an order number or 文号 is not an identifier.

The detectors live in submodules by family (identifiers, contact, names, addresses; shared
helpers in common); this package re-exports them so `detectors.detect_*` keeps working.
"""

from gongkai.privacy import checksums
from gongkai.privacy.detectors.addresses import ADMIN_PREFIX_RE, detect_addresses
from gongkai.privacy.detectors.common import (
    INSTITUTIONAL,
    PERSONAL,
    UNKNOWN,
    Detector,
    candidate_windows,
    contact_context,
)
from gongkai.privacy.detectors.contact import MOBILE_PREFIXES, detect_emails, detect_landlines, detect_mobiles
from gongkai.privacy.detectors.identifiers import (
    detect_bank_cards,
    detect_credit_codes,
    detect_hk_macao_permits,
    detect_id_cards,
    detect_license_plates,
    detect_passports,
)
from gongkai.privacy.detectors.names import detect_person_names

__all__ = [
    "ADMIN_PREFIX_RE",
    "ALL_DETECTORS",
    "INSTITUTIONAL",
    "MOBILE_PREFIXES",
    "PERSONAL",
    "UNKNOWN",
    "Detector",
    "candidate_windows",
    "checksums",
    "contact_context",
    "detect_addresses",
    "detect_bank_cards",
    "detect_credit_codes",
    "detect_emails",
    "detect_hk_macao_permits",
    "detect_id_cards",
    "detect_landlines",
    "detect_license_plates",
    "detect_mobiles",
    "detect_passports",
    "detect_person_names",
]

ALL_DETECTORS: tuple[Detector, ...] = (
    detect_id_cards,
    detect_bank_cards,
    detect_credit_codes,
    detect_mobiles,
    detect_landlines,
    detect_emails,
    detect_license_plates,
    detect_passports,
    detect_hk_macao_permits,
    detect_person_names,
    detect_addresses,
)
