"""The report's free text: its sections, the figures it quotes (I6), and text copied from last year.

Pure module. The figure phrases recognised are listed in `FIGURE_PATTERNS` and documented in
docs/reports.md; a phrase that is not recognised is simply not checked (the check errs on the
side of silence, since a wrong accusation costs a supervisor more than a missed one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gongkai.reports.format import SECTIONS
from gongkai.reports.textnorm import label_key, to_simplified

# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------

PREAMBLE = "preamble"

_HEADING_KEYS: dict[str, str] = {}
for _section in SECTIONS:
    for _title in (_section.title, *_section.aliases):
        _HEADING_KEYS[label_key(_title)] = _section.key


def section_of_heading(line: str) -> str | None:
    """The section key when `line` is one of the six section headings, else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 40:
        return None
    return _HEADING_KEYS.get(label_key(to_simplified(stripped)))


def split_sections(text: str) -> dict[str, str]:
    """The report text cut at its six headings: {section key: text}, text before them under "preamble".

    A heading that occurs twice (a table of contents, then the body) simply collects both parts.
    """
    parts: dict[str, list[str]] = {PREAMBLE: []}
    current = PREAMBLE
    for line in text.splitlines():
        key = section_of_heading(line)
        if key is not None:
            current = key
            parts.setdefault(key, [])
            continue
        parts.setdefault(current, []).append(line)
    return {key: "\n".join(lines).strip() for key, lines in parts.items()}


def has_headings(text: str) -> bool:
    return any(section_of_heading(line) for line in text.splitlines())


# --------------------------------------------------------------------------------------------
# Chinese and Arabic numbers
# --------------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_count(text: str) -> int | None:
    """An integer written in Arabic digits (half- or full-width) or Chinese numerals.

    "12", "１２", "十二", "一百零五", "两千", "3万" style mixes are not expected in counts and
    return None only when a character is not a numeral at all.
    """
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not folded:
        return None
    if folded.isdigit():
        return int(folded)
    if all(ch in _CN_DIGITS for ch in folded):  # "二〇二二": digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in folded))
    total = section = number = 0
    for ch in folded:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (number or 1) * _CN_UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10000
            section = number = 0
        elif ch.isdigit():
            number = number * 10 + int(ch)
        else:
            return None
    return total + section + number


# --------------------------------------------------------------------------------------------
# Figures quoted in 一、总体情况 (I6)
# --------------------------------------------------------------------------------------------

_N = r"(?P<n>\d+|[零〇一二两三四五六七八九十百千万]+)"
_CLAUSE = r"[^,，。;；:：!！?？()（）\n]"  # a character that does not end the clause
_UNIT = r"(?:件|起|宗|个)"
_FILLER = r"(?:数量|总数|共计|合计|总计|共|为|是|了|达)*"


@dataclass(frozen=True)
class FigurePattern:
    quantity: str  # what the figure is; see validation.QUANTITIES for its table value
    description: str  # the phrase, for the documentation
    regex: re.Pattern[str]


def _p(quantity: str, description: str, pattern: str) -> FigurePattern:
    return FigurePattern(quantity, description, re.compile(pattern))


FIGURE_PATTERNS: tuple[FigurePattern, ...] = (
    _p(
        "new",
        "收到/新收/受理/接收/接到……申请X件（不含“结转”）",
        rf"(?:收到|新收|受理|接收|接到)(?:(?!结转){_CLAUSE}){{0,15}}?申请{_FILLER}{_N}{_UNIT}",
    ),
    _p("carried_over", "上年结转……X件", rf"上年度?结转(?:(?!下){_CLAUSE}){{0,12}}?{_N}{_UNIT}"),
    _p("concluded", "办结……X件（三（七）总计）", rf"(?<!未)办结(?:(?!率){_CLAUSE}){{0,12}}?{_N}{_UNIT}"),
    _p(
        "carried_forward",
        "结转下年度……X件 / 尚未办结X件",
        rf"(?:结转(?:至|到)?下一?年度?|转入下一?年度?|尚未办结|未办结)(?:继续办理)?{_CLAUSE}{{0,10}}?{_N}{_UNIT}",
    ),
    _p(
        "disclosed_and_partly",
        "予以公开及部分公开X件",
        rf"(?<!不)予以公开(?:及|和|与|、)部分(?:予以)?公开{_CLAUSE}{{0,4}}?{_N}{_UNIT}",
    ),
    _p("disclosed", "予以公开X件", rf"(?<!部分)(?<!不)予以公开(?![及和与、]部分){_CLAUSE}{{0,4}}?{_N}{_UNIT}"),
    _p("partly_disclosed", "部分公开X件", rf"(?<![及和与、])部分(?:予以)?公开{_CLAUSE}{{0,4}}?{_N}{_UNIT}"),
    _p("withheld", "不予公开X件", rf"不予公开{_CLAUSE}{{0,4}}?{_N}{_UNIT}"),
    _p("unavailable", "无法提供X件", rf"无法提供{_CLAUSE}{{0,4}}?{_N}{_UNIT}"),
    _p("not_processed", "不予处理X件", rf"不予处理{_CLAUSE}{{0,4}}?{_N}{_UNIT}"),
    _p("other_handling", "其他处理X件", rf"其他处理{_CLAUSE}{{0,4}}?{_N}{_UNIT}"),
    _p("review", "行政复议……X件/起", rf"行政复议(?:案件|申请)?{_CLAUSE}{{0,6}}?{_N}{_UNIT}"),
    _p("litigation", "行政诉讼……X件/起", rf"行政诉讼(?:案件)?{_CLAUSE}{{0,6}}?{_N}{_UNIT}"),
)

# "未发生……行政复议、行政诉讼" states zero cases — unless what did not happen is a result
# ("未发生行政复议被纠错"), which says nothing about the number of cases.
_NEGATION = re.compile(r"(?:未|没有|无)(?:发生|收到|出现|涉及|被)?")
_RESULT_WORDS = re.compile(r"纠错|纠正|败诉|维持|撤销|确认违法")
_ANY_COUNT = re.compile(rf"{_N}{_UNIT}")
# "收到申请15件（含上年结转3件）": the figure may include the carried-over applications.
_INCLUDES_CARRIED = re.compile(r"^[,，(（]?(?:含|包括|包含|其中)上年度?结转")


@dataclass(frozen=True)
class Figure:
    quantity: str
    value: int
    phrase: str  # the words as written
    # Other quantities the same words may mean; the check passes if any of them matches.
    alternatives: tuple[str, ...] = ()


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return re.sub(r"[ \t\u3000\xa0]+", "", text)


def find_figures(text: str) -> list[Figure]:
    """Every recognised figure in `text` (the 一、总体情况 section), in order of appearance."""
    text = _clean(text)
    found: list[tuple[int, Figure]] = []
    for pattern in FIGURE_PATTERNS:
        for match in pattern.regex.finditer(text):
            value = parse_count(match.group("n"))
            if value is None:
                continue
            alternatives: tuple[str, ...] = ()
            if pattern.quantity == "new" and _INCLUDES_CARRIED.match(text[match.end() : match.end() + 12]):
                alternatives = ("received_total",)
            found.append((match.start(), Figure(pattern.quantity, value, match.group(0), alternatives)))
    for clause_match in re.finditer(r"[^,。;\n]+", text):
        clause = clause_match.group(0)
        if _ANY_COUNT.search(clause) or _RESULT_WORDS.search(clause):
            continue
        for quantity, word in (("review", "行政复议"), ("litigation", "行政诉讼")):
            negation = _NEGATION.search(clause)
            if (
                negation
                and word in clause[negation.end() :]
                and clause.index(word, negation.end()) - negation.end() <= 40
            ):
                found.append((clause_match.start(), Figure(quantity, 0, clause)))
    return [figure for _, figure in sorted(found, key=lambda item: item[0])]


# --------------------------------------------------------------------------------------------
# Text copied from last year's report (国办公开办函〔2021〕30号: 内容雷同 leads to accountability)
# --------------------------------------------------------------------------------------------

MIN_SENTENCE_CHARS = 8  # shorter sentences ("无。", "特此报告。") say nothing about copying
MIN_SENTENCES = 3  # a section of one or two sentences is boilerplate by nature


def sentence_keys(text: str) -> list[str]:
    """The section's sentences in comparable form: no spaces or punctuation, every number as "#".

    Numbers are masked so that a paragraph copied with only the year and the figures changed
    still counts as copied.
    """
    keys = []
    for sentence in re.split(r"[。！？!?；;\n]", _clean(text)):
        key = re.sub(r"\d+", "#", label_key(sentence))
        if len(key) >= MIN_SENTENCE_CHARS:
            keys.append(key)
    return keys


def copied_share(current: str, previous: str) -> tuple[int, int]:
    """(sentences of `current` also in `previous`, sentences of `current`)."""
    previous_keys = set(sentence_keys(previous))
    current_keys = sentence_keys(current)
    return sum(1 for key in current_keys if key in previous_keys), len(current_keys)
