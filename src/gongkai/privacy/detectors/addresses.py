"""Detailed addresses: road and house number after administrative divisions, and the value of
a residence label (rural addresses have no road)."""

import re

import rjieba

from gongkai.privacy.detectors.common import (
    INSTITUTIONAL,
    PERSONAL,
    contact_context,
    label_before,
    make_finding,
)
from gongkai.privacy.findings import Finding, Kind, Severity

# --------------------------------------------------------------------------- 详细地址

_ROAD_NUMBER_RE = re.compile(
    r"(?P<road>路|街|大道|大街|巷|弄|胡同)(?:[0-9一二三四五六七八九十]{1,3}段)?[0-9]{1,5}(?:[-－][0-9]{1,5})?号"
    r"(?:院)?(?:[0-9]{1,4}(?:号楼|栋|幢|座))?(?:[0-9]{1,3}单元)?(?:[0-9]{1,5}(?:室|号房))?"
)
_RESIDENCE_DETAIL_RE = re.compile(r"单元|室|号楼|栋|幢")
_ADMIN_SUFFIXES = ("省", "市", "区", "县", "旗", "州", "盟", "镇", "乡", "村", "街道", "自治区", "新区")
_ADDRESS_RUN_RE = re.compile(r"[\u4e00-\u9fff0-9]{1,24}$")
_RESIDENCE_LABEL_RE = re.compile(
    r"(?P<label>家庭住址|家庭地址|现住址|住址|户籍地址|户籍所在地|居住地址|现居住地|居住地|通讯地址|通信地址|联系地址|送达地址|详细地址|地址)"
    r"[ ]*[:：]?[ ]*(?P<addr>[\u4e00-\u9fff0-9\-－#]{4,40})"
)
_PERSONAL_RESIDENCE_LABELS = frozenset(
    {"家庭住址", "家庭地址", "现住址", "住址", "户籍地址", "户籍所在地", "居住地址", "现居住地", "居住地"}
)
_SHORT_ROAD_TOKENS = frozenset(
    {
        "路",
        "街",
        "道",
        "巷",
        "弄",
        "大道",
        "大街",
        "胡同",
        "东路",
        "西路",
        "南路",
        "北路",
        "中路",
        "东街",
        "西街",
        "南街",
        "北街",
        "中街",
    }
)


def _is_place_token(word: str, flag: str) -> bool:
    return flag.startswith("ns") or word.endswith(_ADMIN_SUFFIXES)


def _address_start(norm: str, suffix_start: int, suffix_end: int) -> tuple[int, bool] | None:
    """Walk left from the road suffix over the road name and administrative divisions.

    Returns the address start and whether a province/city/county (or town) token was
    included, or None when there is no road name.
    """
    run = _ADDRESS_RUN_RE.search(norm, max(0, suffix_start - 24), suffix_start)
    run_start = run.start() if run else suffix_start
    tokens = rjieba.tag(norm[run_start:suffix_end])
    offsets: list[int] = []
    pos = run_start
    for word, _flag in tokens:
        offsets.append(pos)
        pos += len(word)
    i = len(tokens) - 1
    if i < 0:
        return None
    if tokens[i][0] in _SHORT_ROAD_TOKENS:
        # The suffix is a token of its own ("督院/街", "世纪/大道"): the road name precedes it.
        i -= 1
        if i < 0:
            return None
    start = offsets[i]
    has_division = False
    i -= 1
    while i >= 0 and _is_place_token(*tokens[i]):
        has_division = True
        start = offsets[i]
        i -= 1
    return start, has_division


# The administrative divisions an address starts with ("北京市朝阳区", "河北省保定市曲阳县城关镇"):
# masking keeps them, and a value that is nothing but divisions is not a detailed address.
ADMIN_PREFIX_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,7}?(?:特别行政区|自治区|自治州|自治县|省|市|区|县|旗|盟|州|镇|乡|街道)){1,5}"
)
_ADDRESS_LABEL_BEFORE_RE = re.compile(r"(?:住址|地址|户籍所在地|居住地|住在|居住在)[ ]*[:：]?[ ]*$")
# A rural address after a label runs until the next field's label when there is no comma.
_NEXT_FIELD_RE = re.compile(r"联系|电话|手机|身份证|邮编|邮政编码|申请|姓名|性别|出生|工作单位|证件")


def _address_finding(text: str, norm: str, start: int, end: int, *, personal_label: bool, confidence: float) -> Finding:
    context = PERSONAL if personal_label else contact_context(norm, start, end)
    if context == INSTITUTIONAL:
        return make_finding(text, Kind.ADDRESS, start, end, confidence, Severity.INFO, "机关单位地址，不属于个人信息。")
    if context == PERSONAL or _RESIDENCE_DETAIL_RE.search(norm, start, end):
        return make_finding(
            text, Kind.ADDRESS, start, end, confidence, Severity.ERROR, "个人详细地址，公开前须去标识化处理。"
        )
    return make_finding(
        text, Kind.ADDRESS, start, end, confidence * 0.8, Severity.WARNING, "详细地址，请确认是否为个人信息。"
    )


def detect_addresses(text: str, norm: str) -> list[Finding]:
    spans: dict[tuple[int, int], tuple[bool, float]] = {}
    if "号" in norm:
        for m in _ROAD_NUMBER_RE.finditer(norm):
            located = _address_start(norm, m.start("road"), m.end("road"))
            if located is None:
                continue
            start, has_division = located
            label = label_before(norm, start, 12)
            labelled = _ADDRESS_LABEL_BEFORE_RE.search(label) is not None
            if has_division or labelled:
                personal = any(lbl in label for lbl in _PERSONAL_RESIDENCE_LABELS)
                spans[(start, m.end())] = (personal, 0.85 if has_division else 0.7)
    if "址" in norm or "户籍" in norm or "居住地" in norm:
        # Rural addresses have no road and number ("某县某镇某村3组"); after a residence label
        # the whole value is the address.
        for m in _RESIDENCE_LABEL_RE.finditer(norm):
            value = m.group("addr")
            cut = _NEXT_FIELD_RE.search(value)
            if cut is not None:
                value = value[: cut.start()]
            divisions = ADMIN_PREFIX_RE.match(value)
            if divisions is not None and len(value) - divisions.end() < 2:
                continue
            if len(value) < 4 or not any(
                suffix in value for suffix in ("省", "市", "区", "县", "旗", "镇", "乡", "村")
            ):
                continue
            start = m.start("addr")
            end = start + len(value)
            if any(s <= start < e or s < end <= e for s, e in spans):
                continue
            spans[(start, end)] = (m.group("label") in _PERSONAL_RESIDENCE_LABELS, 0.8)
    return [
        _address_finding(text, norm, start, end, personal_label=personal, confidence=confidence)
        for (start, end), (personal, confidence) in sorted(spans.items())
    ]
