"""去标识化: masking personal information in the usual formats.

    居民身份证号码  110105********1234      first 6 and last 4 kept
    手机号码        138****5678             first 3 and last 4 of the national number kept
    固定电话        028-****4811            area code and last 4 kept
    电子邮箱        z*******@qq.com         first character of the local part and the domain kept
    银行卡号        6222 **** **** 1234     first 4 and last 4 kept, separators kept
    统一社会信用代码 92110105*********X      registrar, category and region kept, and the check character
    机动车号牌      京A***45                province, issuing letter and last 2 kept
    护照/通行证     E1*****78               first 2 and last 2 kept
    详细地址        北京市朝阳区*********   administrative divisions kept
    姓名            张*, 王**, 欧阳*         surname kept

Every format replaces a character with exactly one ``*``, so masked text has the length of
the original and spans stay valid. Why: the seed rules require personal information to be
de-identified (去标识化处理) before publication; 《个人信息保护法》第七十三条 defines
去标识化 as processing so that a person cannot be identified without extra information.
"""

import re
from collections import Counter
from collections.abc import Iterable

from gongkai.privacy.detectors import ADMIN_PREFIX_RE
from gongkai.privacy.findings import PERSONAL_KINDS, Finding, Kind
from gongkai.privacy.surnames import surname_length
from gongkai.privacy.textnorm import normalize

MASK = "*"
_SEPARATORS = frozenset(" -—·•・()（）+\t\u3000")


def _keep_ends(value: str, first: int, last: int) -> str:
    """Mask the significant characters of `value` except the first `first` and last `last`."""
    positions = [i for i, ch in enumerate(value) if ch not in _SEPARATORS]
    keep = set(positions[:first]) | set(positions[len(positions) - last :] if last else [])
    return "".join(ch if i in keep or i not in positions else MASK for i, ch in enumerate(value))


def _mask_mobile(value: str) -> str:
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    national = digits[-11:]  # drop a leading 86
    hidden = set(national[3:7])
    return "".join(MASK if i in hidden else ch for i, ch in enumerate(value))


def _mask_landline(value: str) -> str:
    norm = normalize(value)
    local = re.search(r"[2-9]\d{6,7}(?=(?:转\d+)?$)", norm)
    if local is None:
        return _keep_ends(value, 0, 4)
    hidden = set(range(local.start(), local.end() - 4))
    return "".join(MASK if i in hidden else ch for i, ch in enumerate(value))


def _mask_email(value: str) -> str:
    at = value.rfind("@")
    if at <= 0:
        return _keep_ends(value, 1, 0)
    return value[0] + MASK * (at - 1) + value[at:]


def _mask_name(value: str) -> str:
    keep = surname_length(normalize(value)) or 1
    return value[:keep] + "".join(ch if ch in _SEPARATORS else MASK for ch in value[keep:])


def _mask_address(value: str) -> str:
    m = ADMIN_PREFIX_RE.match(normalize(value))
    keep = m.end() if m and m.end() < len(value) else 0
    return value[:keep] + "".join(ch if ch in _SEPARATORS else MASK for ch in value[keep:])


def mask_value(kind: str, value: str) -> str:
    """The masked form of one value of `kind`; same length as `value`."""
    if kind == Kind.ID_CARD:
        return _keep_ends(value, 6, 4)
    if kind == Kind.MOBILE:
        return _mask_mobile(value)
    if kind == Kind.LANDLINE:
        return _mask_landline(value)
    if kind == Kind.EMAIL:
        return _mask_email(value)
    if kind == Kind.BANK_CARD:
        return _keep_ends(value, 4, 4)
    if kind == Kind.CREDIT_CODE:
        return _keep_ends(value, 8, 1)
    if kind == Kind.LICENSE_PLATE:
        return _keep_ends(value, 2, 2)
    if kind in (Kind.PASSPORT, Kind.HK_MACAO_PERMIT):
        return _keep_ends(value, 2, 2)
    if kind == Kind.ADDRESS:
        return _mask_address(value)
    if kind == Kind.PERSON_NAME:
        return _mask_name(value)
    return value


def mask_text(text: str, findings: Iterable[Finding]) -> tuple[str, dict[str, int]]:
    """Mask every personal finding in `text`; return the masked text and counts by kind.

    Overlapping findings are resolved deterministically: each finding masks its own
    characters and a character is masked if any finding masks it, so the result does not
    depend on the order of `findings` and never reveals what another finding hides.
    Findings of content kinds (spam, wording …) are ignored: those are fixed by editing.
    """
    chars = list(text)
    counts: Counter[str] = Counter()
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.kind)):
        if finding.kind not in PERSONAL_KINDS:
            continue
        original = text[finding.start : finding.end]
        if original != finding.text:
            raise ValueError("finding does not match the text it was computed on")
        masked = mask_value(finding.kind, original)
        for offset, ch in enumerate(masked):
            if ch == MASK and original[offset] != MASK:
                chars[finding.start + offset] = MASK
        counts[finding.kind] += 1
    return "".join(chars), dict(sorted(counts.items()))
