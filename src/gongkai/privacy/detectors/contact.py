"""Contact data: 手机号码, 固定电话 and 电子邮箱, personal or an office's (see common.contact_context)."""

import re

from gongkai.privacy.detectors.common import (
    ALNUM,
    INSTITUTIONAL,
    PERSONAL,
    contact_context,
    is_bounded,
    is_negated,
    label_before,
    make_finding,
    windowed_matches,
)
from gongkai.privacy.findings import Finding, Kind, Severity

# --------------------------------------------------------------------------- 手机号码

# Prefixes allocated for public mobile service by MIIT (as of 2024): 中国移动, 中国联通, 中国电信,
# 中国广电 and the virtual operators (170/171/162/165/167). 140–144 (data-only IoT, 13 digits),
# 154, 160/161/163/164/168/169, 179 and 194 are not in public use.
MOBILE_PREFIXES: frozenset[str] = frozenset(
    [f"13{d}" for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["162", "165", "166", "167"]
    + ["170", "171", "172", "173", "174", "175", "176", "177", "178"]
    + [f"18{d}" for d in range(10)]
    + ["190", "191", "192", "193", "195", "196", "197", "198", "199"]
)

_MOBILE_RE = re.compile(r"1[3-9]\d(?:\d{8}|[ \-]\d{4}[ \-]\d{4}|\d{4}[ \-]\d{4})")
# The country code written before a number; matched backwards from the number so that the
# main pattern starts with a literal and the regex engine can skip ahead quickly.
_COUNTRY_CODE_BEFORE_RE = re.compile(r"(?:(?:\+|00)?86[ \-]?|[(（]\+?86[)）][ ]?)$")


def detect_mobiles(text: str, norm: str) -> list[Finding]:
    found: list[Finding] = []
    for m in windowed_matches(_MOBILE_RE, norm):
        start, end = m.span()
        if end < len(norm) and norm[end] in ALNUM:
            continue
        prefix = _COUNTRY_CODE_BEFORE_RE.search(norm, max(0, start - 6), start)
        if prefix is not None and not (prefix.start() > 0 and norm[prefix.start() - 1] in ALNUM):
            start = prefix.start()
        elif start > 0 and norm[start - 1] in ALNUM:
            continue
        if m.group()[:3] not in MOBILE_PREFIXES or is_negated(norm, start):
            continue
        found.append(
            make_finding(text, Kind.MOBILE, start, end, 0.95, Severity.ERROR, "手机号码，公开前须去标识化处理。")
        )
    return found


# --------------------------------------------------------------------------- 固定电话

# Area codes: 010, 02x, and 03xx–09xx (GB/T 13000 numbering plan). Local numbers are 7–8
# digits and never start with 0 or 1.
_AREA = r"0(?:10|2\d|[3-9]\d{2})"
_LANDLINE_RE = re.compile(rf"(?:[(（]{_AREA}[)）][ ]?|{_AREA}[ \-—]|{_AREA})[2-9]\d{{6,7}}(?:转\d{{1,5}})?")
_PHONE_LABEL_RE = re.compile(
    r"(?:联系电话|办公电话|咨询电话|值班电话|电话|传真|座机|Tel|TEL|tel|Fax|FAX)(?:号码)?[ ]*[:：]?[ ]*"
)
_LOCAL_NUMBER_RE = re.compile(rf"(?:{_AREA}[ \-—]?)?[2-9]\d{{6,7}}(?:转\d{{1,5}})?")
_LIST_SEPARATOR_RE = re.compile(r"[ ]*[、/，,或][ ]*")


def _landline_finding(text: str, norm: str, start: int, end: int, context_start: int) -> Finding:
    context = contact_context(norm, context_start, end)
    if context == INSTITUTIONAL:
        return make_finding(text, Kind.LANDLINE, start, end, 0.9, Severity.INFO, "机关单位联系电话，不属于个人信息。")
    if context == PERSONAL:
        return make_finding(
            text, Kind.LANDLINE, start, end, 0.9, Severity.ERROR, "个人固定电话，公开前须去标识化处理。"
        )
    return make_finding(text, Kind.LANDLINE, start, end, 0.6, Severity.WARNING, "固定电话，请确认是否为个人信息。")


def detect_landlines(text: str, norm: str) -> list[Finding]:
    # span -> where its label is (the first number of a list "7222186、7222730" carries it)
    spans: dict[tuple[int, int], int] = {}
    for m in windowed_matches(_LANDLINE_RE, norm):
        start, end = m.span()
        glued = m.group()[0] == "0" and m.group()[4:5].isdigit() and m.group()[3:4].isdigit()
        if not is_bounded(norm, start, end) or is_negated(norm, start):
            continue
        # Without a separator, 11–12 digits starting with 0 are only a phone number after a label.
        if glued and not _PHONE_LABEL_RE.search(label_before(norm, start)):
            continue
        spans[(start, end)] = start
    # Local numbers (no area code) only after a phone label, including lists such as
    # "联系电话：7222186、7222730".
    if "电话" in norm or "传真" in norm or "座机" in norm or "Tel" in norm or "TEL" in norm or "tel" in norm:
        for label in _PHONE_LABEL_RE.finditer(norm):
            pos = label.end()
            head = -1
            while True:
                number = _LOCAL_NUMBER_RE.match(norm, pos)
                if number is None or not is_bounded(norm, number.start(), number.end()):
                    break
                head = number.start() if head < 0 else head
                spans[number.span()] = head
                sep = _LIST_SEPARATOR_RE.match(norm, number.end())
                if sep is None:
                    break
                pos = sep.end()
    # A longer match wins over one inside it (the area-code form over its local part).
    kept = sorted(spans.items(), key=lambda item: (item[0][0], -(item[0][1] - item[0][0])))
    result: list[Finding] = []
    last_end = -1
    for (start, end), context_start in kept:
        if start < last_end:
            continue
        last_end = end
        result.append(_landline_finding(text, norm, start, end, context_start))
    return result


# --------------------------------------------------------------------------- 电子邮箱

_EMAIL_RE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_INSTITUTIONAL_DOMAIN_RE = re.compile(r"(?:^|\.)(?:gov|edu|mil)\.cn$|(?:^|\.)gov(?:\.[a-z]{2})?$", re.I)


def detect_emails(text: str, norm: str) -> list[Finding]:
    if "@" not in norm:
        return []
    found: list[Finding] = []
    for m in windowed_matches(_EMAIL_RE, norm):
        start, end = m.span()
        if start > 0 and norm[start - 1] in ALNUM:
            continue
        context = contact_context(norm, start, end)
        domain = m.group().rsplit("@", 1)[1]
        if context != PERSONAL and (context == INSTITUTIONAL or _INSTITUTIONAL_DOMAIN_RE.search(domain)):
            found.append(
                make_finding(text, Kind.EMAIL, start, end, 0.9, Severity.INFO, "机关单位电子邮箱，不属于个人信息。")
            )
        elif context == PERSONAL:
            found.append(
                make_finding(text, Kind.EMAIL, start, end, 0.95, Severity.ERROR, "个人电子邮箱，公开前须去标识化处理。")
            )
        else:
            found.append(
                make_finding(text, Kind.EMAIL, start, end, 0.8, Severity.WARNING, "电子邮箱，请确认是否为个人信息。")
            )
    return found
