"""What every detector shares: bounds and label checks, the candidate windows identifiers
are searched in, and whether contact data is personal or an office's."""

import functools
import re
from collections.abc import Callable, Iterator

from gongkai.privacy.findings import Finding, Severity

Detector = Callable[[str, str], list[Finding]]


ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
DIGITS = frozenset("0123456789")
# Where a field label ends: what follows one of these belongs to the next field.
_FIELD_DELIMS = frozenset("，。；,;\n\t、！？!?）)")


def is_bounded(norm: str, start: int, end: int, *, left: frozenset[str] = ALNUM, right: frozenset[str] = ALNUM) -> bool:
    """Whether the match is not part of a longer alphanumeric token."""
    if start > 0 and norm[start - 1] in left:
        return False
    return not (end < len(norm) and norm[end] in right)


def label_before(norm: str, start: int, limit: int = 16) -> str:
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


def windowed_matches(pattern: re.Pattern[str], norm: str, *, lead: int = 0) -> Iterator[re.Match[str]]:
    """Matches of `pattern` inside the candidate windows (starting `lead` characters early)."""
    for start, end in candidate_windows(norm):
        yield from pattern.finditer(norm, max(0, start - lead), end)


def make_finding(
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


def is_negated(norm: str, start: int) -> bool:
    return bool(_NOT_PERSONAL_LABEL_RE.search(label_before(norm, start)))


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
    label = label_before(norm, start, 24)
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
