"""Content checks before publication: injected spam and hidden links, serious wording
errors, missing metadata, broken internal links and interpretations that copy their policy.

Why: the 2019 政府网站与政务新媒体检查指标 count 严重表述错误, links to gambling or other
illegal content and 安全攻击（挂马、篡改）left unhandled as 单项否决 (see
shared/spec/regulations.md); two of the seed documents end with injected gambling spam and a
link farm of place names, exactly what such attacks leave behind.
"""

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from gongkai.core.errors import ValidationFailed
from gongkai.privacy.extract import Link
from gongkai.privacy.findings import Finding, Kind, Severity
from gongkai.privacy.textnorm import normalize

# ------------------------------------------------------------------ spam and link farms

# Gambling and lottery vocabulary as it appears in injected spam. Deliberately not the bare
# words 彩票/赌博/博彩, which government texts use when they regulate or fight them.
GAMBLING_TERMS: tuple[str, ...] = (
    "快3",
    "快三",
    "时时彩",
    "分分彩",
    "北京赛车",
    "极速赛车",
    "赛车pk10",
    "pk10",
    "pk拾",
    "幸运飞艇",
    "六合彩",
    "六合宝典",
    "香港马会",
    "百家乐",
    "真人娱乐",
    "真人视讯",
    "娱乐城",
    "娱乐平台",
    "网上赌场",
    "线上赌场",
    "菠菜网",
    "棋牌游戏",
    "棋牌平台",
    "老虎机",
    "捕鱼游戏",
    "炸金花",
    "发财计划",
    "彩票计划",
    "计划网",
    "澳门葡京",
    "新葡京",
    "彩票网",
    "彩票平台",
    "购彩",
    "投注网",
    "注册送",
    "开户送",
    "首存",
    "彩金",
    "体育投注",
    "足球投注",
    "11选5",
    "十一选五",
    "快乐十分",
    "幸运28",
    "加拿大28",
    "pc蛋蛋",
    "开元棋牌",
    "ag真人",
    "皇冠体育",
    "网投",
    "外围投注",
    "私彩",
)
_GAMBLING_RE = re.compile("|".join(re.escape(t) for t in GAMBLING_TERMS), re.I)
_LOWERED_TERMS_RE = re.compile("|".join(re.escape(t.lower()) for t in GAMBLING_TERMS))
_APP_DOWNLOAD_RE = re.compile(r"app[ ]*下载|下载[ ]*app", re.I)
_PROMOTION_RE = re.compile(r"下载|网址|官网|平台|注册|登录|登陆|入口|开户|www\.|https?:|app|\.com", re.I)
# Sentences that name gambling to fight it are not spam.
_ENFORCEMENT_RE = re.compile(r"打击|整治|查处|取缔|严禁|禁止|违法|犯罪|非法|治理|专项行动|举报")
_PIPE_CHAIN_RE = re.compile(r"[^\s|。，；！？、]+(?:\|[^\s|。，；！？、]+)+")
_TOKEN_BREAKS = frozenset(" \t\u3000\n|。，；！？、,;!?()（）“”\"'《》")


def _line_bounds(norm: str, start: int, end: int) -> tuple[int, int]:
    line_start = norm.rfind("\n", 0, start) + 1
    line_end = norm.find("\n", end)
    return line_start, len(norm) if line_end < 0 else line_end


def _junk_segment(norm: str, start: int, end: int) -> tuple[int, int]:
    """The keyword chain ("a|b|c") or the word around a spam term."""
    line_start, line_end = _line_bounds(norm, start, end)
    for chain in _PIPE_CHAIN_RE.finditer(norm, line_start, line_end):
        if chain.start() <= start and end <= chain.end():
            return chain.span()
    left = start
    while left > line_start and start - left < 20 and norm[left - 1] not in _TOKEN_BREAKS:
        left -= 1
    right = end
    while right < line_end and right - end < 20 and norm[right] not in _TOKEN_BREAKS:
        right += 1
    return left, right


def check_spam(text: str, norm: str) -> list[Finding]:
    """Gambling/lottery vocabulary and "APP下载" strings left by injected spam."""
    spans: dict[tuple[int, int], Severity] = {}
    # A case-sensitive search over a lower-cased copy is several times faster than the
    # case-insensitive alternation. lower() keeps the length except for a few letters
    # (İ → i̇); then the slower pattern runs on the text itself.
    lowered = norm.lower()
    same_length = len(lowered) == len(norm)
    for m in _LOWERED_TERMS_RE.finditer(lowered) if same_length else _GAMBLING_RE.finditer(norm):
        line_start, line_end = _line_bounds(norm, m.start(), m.end())
        line = norm[line_start:line_end]
        seg = _junk_segment(norm, m.start(), m.end())
        segment = norm[seg[0] : seg[1]]
        promoted = "|" in segment or bool(_PROMOTION_RE.search(segment))
        if not promoted and _ENFORCEMENT_RE.search(line):
            continue
        short_line = len(line.strip()) <= 40 and "。" not in line
        spans[seg] = Severity.ERROR if promoted or short_line else Severity.WARNING
    for m in _APP_DOWNLOAD_RE.finditer(norm) if "下载" in norm else ():
        seg = _junk_segment(norm, m.start(), m.end())
        if any(s <= seg[0] and seg[1] <= e for s, e in spans):
            continue
        spans[seg] = Severity.ERROR if "|" in norm[seg[0] : seg[1]] else Severity.WARNING
    findings: list[Finding] = []
    last_end = -1
    for (start, end), severity in sorted(spans.items()):
        if start < last_end:
            continue
        last_end = end
        message = (
            "疑似被植入的赌博、彩票等垃圾信息，请删除并排查网站安全。"
            if severity is Severity.ERROR
            else "含有赌博彩票类或APP下载推广用语，请确认是否为植入内容。"
        )
        confidence = 0.95 if severity is Severity.ERROR else 0.6
        findings.append(Finding(Kind.SPAM, start, end, text[start:end], confidence, severity, message))
    return findings


_PLACE = r"[\u4e00-\u9fff]{1,9}(?:省|市|县|区|旗|盟|州)"
_PLACE_SEP = r"[ \t\u3000|]+"
# Place names separated by whitespace or "|" rather than by 、 as a sentence would list them.
LINK_FARM_MIN_NAMES = 6
_FARM_HINT_RE = re.compile(rf"(?:省|市|县|区|旗|盟|州){_PLACE_SEP}{_PLACE}{_PLACE_SEP}{_PLACE}{_PLACE_SEP}")
_FARM_RE = re.compile(
    rf"(?<![\u4e00-\u9fff]){_PLACE}(?:{_PLACE_SEP}{_PLACE}){{{LINK_FARM_MIN_NAMES - 1},}}(?![\u4e00-\u9fff])"
)


def check_link_farms(text: str, norm: str) -> list[Finding]:
    """Runs of place names ("多伦县 平塘县 顺义区 …"): the anchor texts of a hidden link farm."""
    if not _FARM_HINT_RE.search(norm):
        return []
    findings: list[Finding] = []
    for m in _FARM_RE.finditer(norm):
        count = len(re.findall(_PLACE_SEP, m.group())) + 1
        findings.append(
            Finding(
                Kind.LINK_FARM,
                m.start(),
                m.end(),
                text[m.start() : m.end()],
                0.9,
                Severity.ERROR,
                f"连续堆砌{count}个地名，疑似被植入的暗链关键词，请删除并排查网站安全。",
            )
        )
    return findings


def check_hidden_links(text: str, links: Sequence[Link]) -> list[Finding]:
    """Links a reader cannot see (暗链): hidden with CSS, a tiny font or off-screen placement."""
    findings: list[Finding] = []
    for link in links:
        if not link.hidden_reason:
            continue
        external = bool(urlsplit(link.href).netloc)
        findings.append(
            Finding(
                Kind.HIDDEN_LINK,
                link.start,
                link.end,
                text[link.start : link.end],
                0.95 if external else 0.7,
                Severity.ERROR if external else Severity.WARNING,
                f"隐藏链接（{link.hidden_reason}）指向 {link.href[:200]}，疑似暗链，请删除。",
            )
        )
    return findings


# ------------------------------------------------------------------------ wording rules


@dataclass(frozen=True, slots=True)
class WordingRuleSpec:
    """An admin-managed pattern of a serious wording error and its correction."""

    pattern: str
    correction: str
    is_regex: bool = False
    severity: str = Severity.ERROR
    rule_id: int | None = None


@dataclass(frozen=True, slots=True)
class CompiledWordingRule:
    spec: WordingRuleSpec
    regex: re.Pattern[str]


MAX_PATTERN_LENGTH = 200
_NESTED_QUANTIFIER_RE = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:\?)?\)[+*{]")
_BACKREFERENCE_RE = re.compile(r"\\[1-9]|\(\?P=")


def _min_width(pattern: str) -> int:
    """The fewest characters a match of `pattern` can have (0 for ``a*`` or ``(?=x)``).

    Uses the standard library's own regex parser (re._parser, private but stable since
    3.11); without it, fall back to the empty-string test alone.
    """
    try:
        import re._parser as sre_parser

        return int(sre_parser.parse(pattern).getwidth()[0])
    except (ImportError, AttributeError):  # pragma: no cover - other Python versions
        return 1


def compile_wording_pattern(pattern: str, *, is_regex: bool) -> re.Pattern[str]:
    """Compile an admin's pattern once, or raise ValidationFailed with the reason in Chinese.

    Python's re has no time limit, so patterns that can backtrack exponentially (nested
    repetition such as ``(a+)+``, back-references) are refused rather than run on every
    draft, and so are patterns that match the empty string (they would flag every position).
    """
    if not pattern.strip():
        raise ValidationFailed("请填写错误表述。", code="invalid_pattern", fields={"pattern": ["请填写错误表述。"]})
    if len(pattern) > MAX_PATTERN_LENGTH:
        message = f"错误表述不能超过{MAX_PATTERN_LENGTH}个字符。"
        raise ValidationFailed(message, code="invalid_pattern", fields={"pattern": [message]})
    if not is_regex:
        return re.compile(re.escape(normalize(pattern)))
    if _NESTED_QUANTIFIER_RE.search(pattern) or _BACKREFERENCE_RE.search(pattern):
        message = "正则表达式含有嵌套重复或反向引用，可能导致检查超时，请改写。"
        raise ValidationFailed(message, code="unsafe_pattern", fields={"pattern": [message]})
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        message = f"正则表达式有误：{exc.msg}（第{(exc.pos or 0) + 1}个字符）。"
        raise ValidationFailed(message, code="invalid_pattern", fields={"pattern": [message]}) from exc
    if _min_width(pattern) == 0 or regex.search("") is not None:
        message = "正则表达式不能匹配空字符串。"
        raise ValidationFailed(message, code="invalid_pattern", fields={"pattern": [message]})
    return regex


def compile_wording_rules(specs: Sequence[WordingRuleSpec]) -> list[CompiledWordingRule]:
    return [CompiledWordingRule(spec, compile_wording_pattern(spec.pattern, is_regex=spec.is_regex)) for spec in specs]


def check_wording(text: str, norm: str, rules: Sequence[CompiledWordingRule]) -> list[Finding]:
    """Serious wording errors (严重表述错误) from the admin-managed list, with the correction."""
    findings: list[Finding] = []
    for rule in rules:
        for m in rule.regex.finditer(norm):
            if m.end() == m.start():
                continue
            correction = rule.spec.correction
            message = f"严重表述错误，应改为“{correction}”。" if correction else "严重表述错误，请修改。"
            findings.append(
                Finding(
                    Kind.WORDING,
                    m.start(),
                    m.end(),
                    text[m.start() : m.end()],
                    1.0,
                    Severity(rule.spec.severity),
                    message,
                )
            )
    return findings


# ---------------------------------------------------------------------- metadata, links

# The metadata every published item carries on the portals the seeds come from (索引号,
# 信息名称, 发布机构, 成文日期, 发布日期, 主题分类); the publishing app passes its own map of
# field name to label when its model differs.
DEFAULT_REQUIRED_METADATA: dict[str, str] = {
    "index_number": "索引号",
    "title": "信息名称",
    "publisher": "发布机构",
    "written_on": "成文日期",
    "published_on": "发布日期",
    "topic": "主题分类",
}


def check_required_metadata(metadata: Mapping[str, object], required: Mapping[str, str] | None = None) -> list[Finding]:
    """One finding per required field that is missing or blank (span 0–0: not in the text)."""
    findings: list[Finding] = []
    for name, label in (required or DEFAULT_REQUIRED_METADATA).items():
        value = metadata.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            findings.append(
                Finding(Kind.MISSING_METADATA, 0, 0, name, 1.0, Severity.ERROR, f"缺少必填元数据：{label}。")
            )
    return findings


_SKIPPED_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "sms"})


def internal_path(href: str, site_hosts: Collection[str]) -> str | None:
    """The path of a link to this site (relative, or to one of `site_hosts`), else None."""
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(href)
    if parts.scheme.lower() in _SKIPPED_SCHEMES:
        return None
    if parts.netloc and parts.netloc.lower() not in {h.lower() for h in site_hosts}:
        return None
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return None
    return parts.path or "/"


def check_internal_links(
    text: str, links: Sequence[Link], *, exists: Callable[[str], bool], site_hosts: Collection[str] = ()
) -> list[Finding]:
    """Links to pages of this site that do not exist. `exists(path)` is the caller's lookup."""
    findings: list[Finding] = []
    for link in links:
        path = internal_path(link.href, site_hosts)
        if path is None or exists(path):
            continue
        findings.append(
            Finding(
                Kind.BROKEN_LINK,
                link.start,
                link.end,
                text[link.start : link.end],
                1.0,
                Severity.WARNING,
                f"站内链接指向的页面不存在：{link.href[:200]}",
            )
        )
    return findings


def url_resolves(path: str) -> bool:
    """A default `exists` for check_internal_links: whether Django's URLconf has a route."""
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


# ---------------------------------------------------------------- copied interpretations

COPY_THRESHOLD = 0.5
# Shorter "sentences" (headings such as 一、总体要求) match by chance and say nothing.
MIN_SENTENCE_CHARS = 10
_SENTENCE_SPLIT_RE = re.compile(r"[。！？；!?;\n]+")
_IGNORED_CHARS_RE = re.compile(r"[\s\u3000，,、：:“”\"'‘’（）()《》〈〉【】\[\]…—\-·.]+")


def _sentences(text: str) -> list[str]:
    parts = (_IGNORED_CHARS_RE.sub("", s) for s in _SENTENCE_SPLIT_RE.split(normalize(text)))
    return [p for p in parts if len(p) >= MIN_SENTENCE_CHARS]


def copied_sentence_share(interpretation: str, policy: str) -> float:
    """Share of the interpretation's sentences that appear verbatim in the policy (0–1).

    Punctuation and whitespace are ignored on both sides, traditional characters are
    simplified, and sentences under MIN_SENTENCE_CHARS characters are not counted.
    """
    sentences = _sentences(interpretation)
    if not sentences:
        return 0.0
    policy_text = _IGNORED_CHARS_RE.sub("", normalize(policy))
    return sum(1 for s in sentences if s in policy_text) / len(sentences)


def check_copied_interpretation(interpretation: str, policy: str, threshold: float = COPY_THRESHOLD) -> list[Finding]:
    """政策解读 must explain, not repeat: flag one whose copied share is above `threshold`."""
    share = copied_sentence_share(interpretation, policy)
    if share <= threshold:
        return []
    return [
        Finding(
            Kind.COPIED_INTERPRETATION,
            0,
            0,
            "",
            round(share, 3),
            Severity.WARNING,
            f"解读中有{share:.0%}的句子与政策原文完全相同（阈值{threshold:.0%}），请用通俗语言解读，不要照搬原文。",
        )
    ]
