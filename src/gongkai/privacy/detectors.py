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
"""

import functools
import re
from collections.abc import Callable, Collection, Iterator

import rjieba

from gongkai.privacy import checksums
from gongkai.privacy.findings import Finding, Kind, Severity
from gongkai.privacy.surnames import SINGLE_SURNAMES, surname_length

Detector = Callable[[str, str], list[Finding]]

# --------------------------------------------------------------------------- helpers

_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")
# Where a field label ends: what follows one of these belongs to the next field.
_FIELD_DELIMS = frozenset("，。；,;\n\t、！？!?）)")


def _bounded(norm: str, start: int, end: int, *, left: frozenset[str] = _ALNUM, right: frozenset[str] = _ALNUM) -> bool:
    """Whether the match is not part of a longer alphanumeric token."""
    if start > 0 and norm[start - 1] in left:
        return False
    return not (end < len(norm) and norm[end] in right)


def _label_before(norm: str, start: int, limit: int = 16) -> str:
    """The text between the previous field delimiter and `start`: the label of this value."""
    segment = norm[max(0, start - limit) : start]
    for i in range(len(segment) - 1, -1, -1):
        if segment[i] in _FIELD_DELIMS:
            return segment[i + 1 :]
    return segment


# Every identifier lives in a run of ASCII letters, digits and the few separators they are
# written with. Finding those runs is one pass over the text; the per-kind patterns then
# run inside the runs only, which is what makes the scanner fast (docs/privacy.md).
_WINDOW_RE = re.compile(r"[0-9A-Za-z+(（][0-9A-Za-z@._%+\-—()（）·•・ ]{4,}[0-9A-Za-z)）]")


@functools.lru_cache(maxsize=8)
def candidate_windows(norm: str) -> tuple[tuple[int, int], ...]:
    """Spans of the runs of `norm` that can contain an identifier (cached per text)."""
    return tuple(m.span() for m in _WINDOW_RE.finditer(norm))


def _matches(pattern: re.Pattern[str], norm: str, *, lead: int = 0) -> Iterator[re.Match[str]]:
    """Matches of `pattern` inside the candidate windows (starting `lead` characters early)."""
    for start, end in candidate_windows(norm):
        yield from pattern.finditer(norm, max(0, start - lead), end)


def _finding(
    text: str, kind: str, start: int, end: int, confidence: float, severity: Severity, message: str
) -> Finding:
    return Finding(kind, start, end, text[start:end], confidence, severity, message)


# Labels that say the number after them is *not* a personal identifier (order numbers,
# document numbers, …). Applied to the pattern-only kinds and to bank cards, whose Luhn
# check alone lets one random number in ten through; not to ID numbers, whose region,
# date and check character together are specific enough.
_NOT_PERSONAL_LABEL_RE = re.compile(
    r"订单|单号|编号|流水号|批号|批次|索引号|文号|合同号|发票|快递|运单|序列号|条码|条形码|工单|案号|准考证|学号|工号"
    r"|邮编|邮政编码|代码|登记号|许可证号|证书号|备案号|凭证号|交易号|参考号|统计号|项目号|标准号"
)


def _negated(norm: str, start: int) -> bool:
    return bool(_NOT_PERSONAL_LABEL_RE.search(_label_before(norm, start)))


# Personal vs institutional contact data. An agency's 联系电话/传真/电子邮箱/地址 in a notice
# is not personal information and must stay published (条例第二十条 requires agencies to
# publish how to contact them); the same kinds next to 申请人/户主/身份证 are personal.
_PERSONAL_MARKERS_RE = re.compile(
    r"申请人|户主|姓名|本人|家庭|住宅|住址|现住|户籍|身份证|个人|来信人|投诉人|举报人|当事人|患者|家属|委托代理人|收件人|"
    r"手机|出生|性别"
)
_OFFICE_LABEL_RE = re.compile(
    r"传真|咨询电话|办公电话|监督电话|投诉电话|举报电话|服务电话|服务热线|热线|值班电话|办公地址|信函请寄至|邮寄地址|"
    r"受理地点|受理地址|办公室电话|邮编|邮政编码|投稿邮箱|公开邮箱|政务邮箱"
)
_GENERIC_CONTACT_LABEL_RE = re.compile(
    r"联系电话|电话|联系方式|电子邮箱|邮箱|电子信箱|电子邮件|地址|通讯地址|联系地址|E-?mail|Tel", re.I
)
_ORG_WORDS_RE = re.compile(
    r"政府|办公室|委员会|管委会|法院|检察院|局|厅|中心|办事处|公开办|信访|窗口|大厅|部门|机关|学校|医院|大队|支队|派出所|"
    r"服务站|管理处|街道办"
)

PERSONAL = "personal"
INSTITUTIONAL = "institutional"
UNKNOWN = "unknown"


def contact_context(norm: str, start: int, end: int) -> str:
    """Classify contact data at [start, end) as personal, institutional or unknown."""
    label = _label_before(norm, start, 24)
    if _OFFICE_LABEL_RE.search(label):
        return INSTITUTIONAL
    # The record this value belongs to: back to the end of the previous sentence or
    # paragraph, so that an applicant's data in the sentence before an office's phone
    # number does not make the office's number personal.
    window = norm[max(0, start - 80) : start]
    paragraph, sentence = window.rfind("\n\n"), window.rfind("。")
    record_start = max(paragraph + 2 if paragraph >= 0 else 0, sentence + 1)
    window = window[record_start:]
    if _PERSONAL_MARKERS_RE.search(window):
        return PERSONAL
    if _GENERIC_CONTACT_LABEL_RE.search(label):
        return INSTITUTIONAL
    after = norm[end : end + 30].split("\n", 1)[0]
    if _ORG_WORDS_RE.search(window[-40:]) or _ORG_WORDS_RE.search(after):
        return INSTITUTIONAL
    return UNKNOWN


# --------------------------------------------------------------------------- 居民身份证号码

_ID18_RE = re.compile(r"[1-9]\d{5}[ ]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ ]?\d{3}[\dXx]")
_ID15_RE = re.compile(r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")


def detect_id_cards(text: str, norm: str) -> list[Finding]:
    found: list[Finding] = []
    for m in _matches(_ID18_RE, norm):
        start, end = m.span()
        if _bounded(norm, start, end) and checksums.is_valid_id18(m.group().replace(" ", "")):
            found.append(
                _finding(text, Kind.ID_CARD, start, end, 1.0, Severity.ERROR, "居民身份证号码，公开前须去标识化处理。")
            )
    for m in _matches(_ID15_RE, norm):
        start, end = m.span()
        if _bounded(norm, start, end) and checksums.is_valid_id15(m.group()):
            found.append(
                _finding(
                    text, Kind.ID_CARD, start, end, 0.85, Severity.ERROR, "15位居民身份证号码，公开前须去标识化处理。"
                )
            )
    return found


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
    for m in _matches(_MOBILE_RE, norm):
        start, end = m.span()
        if end < len(norm) and norm[end] in _ALNUM:
            continue
        prefix = _COUNTRY_CODE_BEFORE_RE.search(norm, max(0, start - 6), start)
        if prefix is not None and not (prefix.start() > 0 and norm[prefix.start() - 1] in _ALNUM):
            start = prefix.start()
        elif start > 0 and norm[start - 1] in _ALNUM:
            continue
        if m.group()[:3] not in MOBILE_PREFIXES or _negated(norm, start):
            continue
        found.append(_finding(text, Kind.MOBILE, start, end, 0.95, Severity.ERROR, "手机号码，公开前须去标识化处理。"))
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
        return _finding(text, Kind.LANDLINE, start, end, 0.9, Severity.INFO, "机关单位联系电话，不属于个人信息。")
    if context == PERSONAL:
        return _finding(text, Kind.LANDLINE, start, end, 0.9, Severity.ERROR, "个人固定电话，公开前须去标识化处理。")
    return _finding(text, Kind.LANDLINE, start, end, 0.6, Severity.WARNING, "固定电话，请确认是否为个人信息。")


def detect_landlines(text: str, norm: str) -> list[Finding]:
    # span -> where its label is (the first number of a list "7222186、7222730" carries it)
    spans: dict[tuple[int, int], int] = {}
    for m in _matches(_LANDLINE_RE, norm):
        start, end = m.span()
        glued = m.group()[0] == "0" and m.group()[4:5].isdigit() and m.group()[3:4].isdigit()
        if not _bounded(norm, start, end) or _negated(norm, start):
            continue
        # Without a separator, 11–12 digits starting with 0 are only a phone number after a label.
        if glued and not _PHONE_LABEL_RE.search(_label_before(norm, start)):
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
                if number is None or not _bounded(norm, number.start(), number.end()):
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
    for m in _matches(_EMAIL_RE, norm):
        start, end = m.span()
        if start > 0 and norm[start - 1] in _ALNUM:
            continue
        context = contact_context(norm, start, end)
        domain = m.group().rsplit("@", 1)[1]
        if context != PERSONAL and (context == INSTITUTIONAL or _INSTITUTIONAL_DOMAIN_RE.search(domain)):
            found.append(
                _finding(text, Kind.EMAIL, start, end, 0.9, Severity.INFO, "机关单位电子邮箱，不属于个人信息。")
            )
        elif context == PERSONAL:
            found.append(
                _finding(text, Kind.EMAIL, start, end, 0.95, Severity.ERROR, "个人电子邮箱，公开前须去标识化处理。")
            )
        else:
            found.append(
                _finding(text, Kind.EMAIL, start, end, 0.8, Severity.WARNING, "电子邮箱，请确认是否为个人信息。")
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
    for m in _matches(_BANK_CARD_RE, norm):
        start, end = m.span()
        if not _bounded(norm, start, end):
            continue
        digits = m.group().replace(" ", "").replace("-", "")
        if not 16 <= len(digits) <= 19 or not _plausible_card_prefix(digits):
            continue
        if not checksums.luhn_valid(digits) or _negated(norm, start):
            continue
        found.append(
            _finding(text, Kind.BANK_CARD, start, end, 1.0, Severity.ERROR, "银行卡号，公开前须去标识化处理。")
        )
    return found


# --------------------------------------------------------------------------- 统一社会信用代码

_CREDIT_LABEL_RE = re.compile(r"信用代码|社会信用|索引号|纳税人识别号|税号|登记证号|代码")
_CREDIT_CODE_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def detect_credit_codes(text: str, norm: str) -> list[Finding]:
    found: list[Finding] = []
    for m in _matches(_CREDIT_CODE_RE, norm):
        start, end = m.span()
        code = m.group()
        if not _bounded(norm, start, end) or not checksums.is_valid_credit_code(code):
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
                _finding(
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
                _finding(
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
    for m in _matches(_PLATE_RE, norm, lead=1):
        start, end = m.span()
        if end < len(norm) and norm[end] in _ALNUM:
            continue
        if sum(ch in _DIGITS for ch in m.group()) < 3 or _negated(norm, start):
            continue
        found.append(
            _finding(text, Kind.LICENSE_PLATE, start, end, 0.85, Severity.ERROR, "机动车号牌，公开前须去标识化处理。")
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
    for m in _matches(pattern, norm):
        start, end = m.span()
        if not _bounded(norm, start, end) or _negated(norm, start):
            continue
        if context.search(_label_before(norm, start, 20)):
            found.append(_finding(text, kind, start, end, 0.95, Severity.ERROR, f"{label}，公开前须去标识化处理。"))
        elif m.group()[0] == bare_prefix:
            # Without a label only the current format is reported, and only as a warning:
            # a letter and eight digits can also be a product or batch number.
            found.append(_finding(text, kind, start, end, 0.6, Severity.WARNING, f"疑似{label}，请确认。"))
    return found


def detect_passports(text: str, norm: str) -> list[Finding]:
    return _travel_documents(text, norm, _PASSPORT_RE, _PASSPORT_CONTEXT_RE, Kind.PASSPORT, "E", "护照号码")


def detect_hk_macao_permits(text: str, norm: str) -> list[Finding]:
    return _travel_documents(text, norm, _PERMIT_RE, _PERMIT_CONTEXT_RE, Kind.HK_MACAO_PERMIT, "C", "港澳通行证号码")


# --------------------------------------------------------------------------- 姓名

_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{1,8}")
_NAME_LABEL_RE = re.compile(
    r"(?P<label>申请人|户主|联系人|委托代理人|代理人|当事人|举报人|投诉人|来信人|收件人|开户名|户名|姓[ \u3000]{0,4}名)"
    r"(?:[ ]*姓[ ]*名)?(?P<sep>[ \u3000]*[:：][ \u3000]*|\t+|[ \u3000]+|)"
)
# Words that follow a label but are not names (form instructions, other field labels, and
# names already de-identified such as 张某/李某某).
_NOT_NAMES = frozenset(
    {
        "本人",
        "签字",
        "签名",
        "盖章",
        "单位",
        "性别",
        "电话",
        "地址",
        "住址",
        "信息",
        "身份",
        "名称",
        "姓名",
        "应当",
        "可以",
        "需要",
        "必须",
        "代表",
        "委托",
        "所在",
        "提交",
        "提供",
        "提出",
        "申请",
        "填写",
        "情况",
        "同上",
        "详见",
        "无",
        "略",
        "空",
        "暂无",
        "待定",
        "不详",
        "职务",
        "手机",
        "邮箱",
        "类型",
        "证件",
        "向",
        "对",
        "于",
        "的",
        # Words that start with a surname character and follow 申请人/当事人 in running text
        # (jieba tags some of them, such as 陈述, as person names).
        "陈述",
        "陈列",
        "双方",
        "方面",
        "方式",
        "全部",
        "全体",
        "同意",
        "同时",
        "通过",
        "明确",
        "安排",
        "时间",
        "有权",
        "有关",
        "常年",
        "程序",
        "范围",
        "项目",
        "经过",
        "任何",
        "和解",
        "高度",
        "于是",
    }
)
# A given name never ends in these when they follow a name in running text: "张三于…",
# "李四向…", "王五的…".
_NAME_STOP_CHARS = frozenset("于在向对的是和与及等因为称已未经将把被从自到系申提要请不也就并所之先女男")
_STRONG_VETO_FLAGS = ("v", "p", "c", "u")
_FUNCTION_FLAGS = ("v", "d", "p", "c", "r", "u", "f", "t", "m", "q", "a", "l", "i")
_TITLES = ("先生", "女士", "同志", "小姐", "老师", "主任", "科长", "局长", "某")


_PADDED_NAME_RE = re.compile(r"[\u4e00-\u9fff][ \u3000]{1,3}[\u4e00-\u9fff](?![\u4e00-\u9fff])")


def _name_end(norm: str, pos: int, *, strong: bool, cell: bool = False) -> int | None:
    """End of a person's name starting at `pos`, or None.

    `strong` means a label and a separator precede it (``姓名：``), so a delimited run of
    two to four characters that starts with a surname is taken as a name unless it is a
    known non-name word; otherwise jieba must tag it as a person name (nr). `cell` is a
    whole cell of a 姓名 column, where jieba's guess about a lone word is not needed.
    """
    m = _CJK_RUN_RE.match(norm, pos)
    if m is None:
        return None
    run = m.group()
    if strong and len(run) == 1 and run in SINGLE_SURNAMES:
        # Forms pad two-character names to the width of three: "王  伟", "李　明".
        padded = _PADDED_NAME_RE.match(norm, pos)
        return padded.end() if padded else None
    surname = surname_length(run)
    if not surname or len(run) < surname + 1 or run in _NOT_NAMES or run[:2] in _NOT_NAMES:
        return None
    if any(run[surname:].startswith(t) for t in _TITLES) or "某" in run[: surname + 2]:
        return None
    delimited = m.end() == len(norm) or not ("\u4e00" <= norm[m.end()] <= "\u9fff")
    tags = rjieba.tag(run)
    word, flag = tags[0]
    if strong and delimited and len(run) <= surname + 2:
        # jieba tags unknown words (most names) with arbitrary flags, so only a dictionary
        # word used as a verb, preposition, conjunction or particle vetoes a labelled name.
        if (
            not cell
            and len(tags) == 1
            and flag.startswith(_STRONG_VETO_FLAGS)
            and not flag.startswith("nr")
            and rjieba.has_word(word)
        ):
            return None
        return pos + len(run)

    def ends_here(n: int) -> bool:
        # Without a separator a name must end visibly: at the end of the run or before a
        # character that does not continue a name ("张三于…", "李四向…").
        return (n == len(run) and delimited) or (n < len(run) and run[n] in _NAME_STOP_CHARS)

    if flag.startswith("nr") and surname < len(word) <= surname + 3:
        if len(word) > surname + 1 and word[-1] in _NAME_STOP_CHARS:
            word = word[:-1]
        n = min(len(word), surname + 2)
        # jieba sometimes cuts a three-character name after two ("史涵/欣于…").
        if n < surname + 2 and n < len(run) and run[n] not in _NAME_STOP_CHARS and ends_here(n + 1):
            n += 1
        return pos + n
    if (
        len(word) >= 2
        and not flag.startswith("nr")
        and rjieba.has_word(word)
        and (not strong or flag.startswith(_FUNCTION_FLAGS))
    ):
        # The run starts with an ordinary word ("应当", "双方", "陈述"), not a name.
        return None
    n = surname
    while n < len(run) and n < surname + 2 and run[n] not in _NAME_STOP_CHARS:
        n += 1
    if n == surname or (not strong and not ends_here(n)):
        return None
    return pos + n


def _name_finding(text: str, start: int, end: int, confidence: float, label: str) -> Finding:
    if label == "联系人":
        # Agencies name their staff contact in notices; a reviewer decides (issue: names
        # after 联系人 are reported, but they are often officials acting in office).
        return _finding(
            text, Kind.PERSON_NAME, start, end, confidence, Severity.WARNING, "联系人姓名，请确认是否需要去标识化。"
        )
    return _finding(text, Kind.PERSON_NAME, start, end, confidence, Severity.ERROR, "个人姓名，公开前须去标识化处理。")


def _labelled_names(text: str, norm: str) -> Iterator[Finding]:
    for m in _NAME_LABEL_RE.finditer(norm):
        strong = bool(m.group("sep"))
        end = _name_end(norm, m.end(), strong=strong)
        if end is not None:
            label = m.group("label")
            yield _name_finding(text, m.end(), end, 0.9 if strong else 0.8, label)


_TABLE_SPLIT_RE = re.compile(r"\t|\|| {2,}|\u3000+| ")


def _split_cells(line: str, sep: str) -> list[tuple[int, str]]:
    """Cells of a table row with their offsets inside the line."""
    cells: list[tuple[int, str]] = []
    pattern = {"\t": r"[^\t]+", "|": r"[^|]+", " ": r"\S+"}[sep]
    for m in re.finditer(pattern, line):
        value = m.group()
        stripped = value.strip()
        if stripped:
            cells.append((m.start() + value.index(stripped), stripped))
    return cells


# Column headings under which a table lists people: 姓名 and the roles that name a person
# (a 公示 of 救助对象 often heads the column 申请人 or 户主 rather than 姓名).
_NAME_COLUMN_HEADINGS = ("申请人", "户主", "联系人", "当事人", "委托代理人", "收件人", "户名", "救助对象", "补助对象")


def _is_name_heading(cell: str) -> bool:
    return (cell.endswith("姓名") and len(cell) <= 5) or cell in _NAME_COLUMN_HEADINGS


def _table_names(text: str, norm: str) -> Iterator[Finding]:
    """Names in the 姓名 (or 申请人, 户主 …) column of a table (tab-, pipe- or space-separated rows)."""
    if "姓名" not in norm and not any(h in norm for h in _NAME_COLUMN_HEADINGS):
        return
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in norm.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    i = 0
    while i < len(lines):
        _, line = lines[i]
        i += 1
        if "姓名" not in line and not any(h in line for h in _NAME_COLUMN_HEADINGS):
            continue
        sep = "\t" if "\t" in line else "|" if "|" in line else " "
        header = _split_cells(line, sep)
        columns = [n for n, (_, cell) in enumerate(header) if _is_name_heading(cell)]
        if len(header) < 2 or not columns:
            continue
        column = columns[0]
        misses = 0
        while i < len(lines) and misses < 2:
            row_start, row = lines[i]
            if not row.strip():
                i += 1
                misses += 1
                continue
            cells = _split_cells(row, sep)
            if abs(len(cells) - len(header)) > 1 or len(cells) <= column:
                break
            i += 1
            cell_offset, cell = cells[column]
            start = row_start + cell_offset
            end = _name_end(norm, start, strong=True, cell=True)
            if end is not None and end == start + len(cell):
                misses = 0
                yield _finding(
                    text,
                    Kind.PERSON_NAME,
                    start,
                    end,
                    0.85,
                    Severity.ERROR,
                    "名单表格中的个人姓名，公开前须去标识化处理。",
                )
            else:
                misses += 1


def _mentions(norm: str, names: Collection[str]) -> Iterator[tuple[int, str]]:
    """Every occurrence of every name, longest names first where two start together."""
    ordered = sorted(names, key=len, reverse=True)
    if len(ordered) <= 32:
        # A document names a few people: one fast str.find loop per name.
        for name in ordered:
            pos = norm.find(name)
            while pos >= 0:
                yield pos, name
                pos = norm.find(name, pos + len(name))
        return
    # A long list of names: one pass over the text, candidates where a name's first
    # character occurs, narrowed down by the first two characters.
    by_prefix: dict[str, list[str]] = {}
    for name in ordered:
        by_prefix.setdefault(name[:2], []).append(name)
    first_chars = re.compile("[" + re.escape("".join(sorted({n[0] for n in ordered}))) + "]")
    for m in first_chars.finditer(norm):
        pos = m.start()
        for name in by_prefix.get(norm[pos : pos + 2], ()):
            if norm.startswith(name, pos):
                yield pos, name


def detect_person_names(text: str, norm: str) -> list[Finding]:
    """Names after 申请人/姓名/户主/联系人 … and in the 姓名 column of tables, then every
    other occurrence of a name so found (masking one mention and leaving the next defeats
    the purpose)."""
    by_span: dict[tuple[int, int], Finding] = {}
    for finding in [*_labelled_names(text, norm), *_table_names(text, norm)]:
        by_span.setdefault((finding.start, finding.end), finding)
    names = {norm[s:e]: f for (s, e), f in by_span.items() if e - s >= 2}
    if not names:
        return sorted(by_span.values(), key=lambda f: f.start)
    occupied = bytearray(len(norm))
    for s, e in by_span:
        occupied[s:e] = b"\x01" * (e - s)
    for pos, name in _mentions(norm, names):
        end = pos + len(name)
        if not any(occupied[pos:end]):
            occupied[pos:end] = b"\x01" * (end - pos)
            by_span[(pos, end)] = _finding(
                text, Kind.PERSON_NAME, pos, end, 0.7, names[name].severity, "与已识别姓名相同，公开前须去标识化处理。"
            )
    return sorted(by_span.values(), key=lambda f: f.start)


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
        return _finding(text, Kind.ADDRESS, start, end, confidence, Severity.INFO, "机关单位地址，不属于个人信息。")
    if context == PERSONAL or _RESIDENCE_DETAIL_RE.search(norm, start, end):
        return _finding(
            text, Kind.ADDRESS, start, end, confidence, Severity.ERROR, "个人详细地址，公开前须去标识化处理。"
        )
    return _finding(
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
            label = _label_before(norm, start, 12)
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
