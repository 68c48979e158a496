"""What every check returns: a `Finding` with an exact span into the scanned text.

Severity says what the reviewer has to do (see docs/privacy.md):

- ``error``: must be masked or fixed before publication (personal data that identifies a
  person, injected spam, serious wording errors);
- ``warning``: probably a problem, a reviewer has to look (a name after 联系人, an address or
  landline with no telling context, an individual business's credit code);
- ``info``: found and shown for transparency, no action needed — an office's own contact
  data (联系电话/传真/电子邮箱 of an agency is not personal information) or an organisation's
  统一社会信用代码.

Confidence (0–1) is how sure the detector is that the span is what `kind` says: 1.0 for a
number that passes its check character, region and date rules, lower for pattern-only kinds.
"""

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
SEVERITY_LABELS = {Severity.ERROR: "严重", Severity.WARNING: "警告", Severity.INFO: "提示"}


class Kind(enum.StrEnum):
    # Personal information (个人信息) — masked by 去标识化.
    ID_CARD = "id_card"
    MOBILE = "mobile"
    LANDLINE = "landline"
    EMAIL = "email"
    BANK_CARD = "bank_card"
    CREDIT_CODE = "credit_code"
    LICENSE_PLATE = "license_plate"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"
    ADDRESS = "address"
    PERSON_NAME = "person_name"
    # Content checks — fixed by editing, never masked.
    SPAM = "spam"
    LINK_FARM = "link_farm"
    HIDDEN_LINK = "hidden_link"
    WORDING = "wording"
    MISSING_METADATA = "missing_metadata"
    BROKEN_LINK = "broken_link"
    COPIED_INTERPRETATION = "copied_interpretation"


PERSONAL_KINDS: frozenset[str] = frozenset(
    {
        Kind.ID_CARD,
        Kind.MOBILE,
        Kind.LANDLINE,
        Kind.EMAIL,
        Kind.BANK_CARD,
        Kind.CREDIT_CODE,
        Kind.LICENSE_PLATE,
        Kind.PASSPORT,
        Kind.HK_MACAO_PERMIT,
        Kind.ADDRESS,
        Kind.PERSON_NAME,
    }
)

# The checksummed identifiers: recall 1.0 and no false positives are required of them.
CHECKSUMMED_KINDS: frozenset[str] = frozenset({Kind.ID_CARD, Kind.BANK_CARD, Kind.CREDIT_CODE})

KIND_LABELS: dict[str, str] = {
    Kind.ID_CARD: "居民身份证号码",
    Kind.MOBILE: "手机号码",
    Kind.LANDLINE: "固定电话",
    Kind.EMAIL: "电子邮箱",
    Kind.BANK_CARD: "银行卡号",
    Kind.CREDIT_CODE: "统一社会信用代码",
    Kind.LICENSE_PLATE: "机动车号牌",
    Kind.PASSPORT: "护照号码",
    Kind.HK_MACAO_PERMIT: "港澳通行证号码",
    Kind.ADDRESS: "详细地址",
    Kind.PERSON_NAME: "姓名",
    Kind.SPAM: "疑似植入的赌博彩票等垃圾信息",
    Kind.LINK_FARM: "疑似暗链地名堆砌",
    Kind.HIDDEN_LINK: "隐藏链接（暗链）",
    Kind.WORDING: "严重表述错误",
    Kind.MISSING_METADATA: "缺少必填元数据",
    Kind.BROKEN_LINK: "站内链接不存在",
    Kind.COPIED_INTERPRETATION: "解读照搬政策原文",
}

# When two personal findings overlap, the more specific (checksummed) one wins; see
# scanner.resolve_overlaps.
KIND_PRIORITY: dict[str, int] = {
    Kind.ID_CARD: 100,
    Kind.BANK_CARD: 90,
    Kind.CREDIT_CODE: 85,
    Kind.MOBILE: 80,
    Kind.PASSPORT: 70,
    Kind.HK_MACAO_PERMIT: 70,
    Kind.EMAIL: 65,
    Kind.LICENSE_PLATE: 60,
    Kind.LANDLINE: 50,
    Kind.PERSON_NAME: 40,
    Kind.ADDRESS: 30,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found. `text` is the original span text: never log it or store it in audit."""

    kind: str
    start: int
    end: int
    text: str
    confidence: float
    severity: Severity
    message: str

    @property
    def is_personal(self) -> bool:
        """Personal information that 去标识化 must mask (institutional contact data is not)."""
        return self.kind in PERSONAL_KINDS and self.severity is not Severity.INFO
