"""Reading a 工作要点 as published (plain text or .docx) into tasks: number, title, the 牵头 and
other responsible units as written, due date and recurrence.

Pure: no database. Matching the unit names to organisations is ``supervision.units``.

What it reads (the seeds' forms and their usual variants, full- or half-width, 繁 or 简):

- numbered points "一、…" and sub-items "（一）…" / "(一)…"; a point with sub-items is a section
  heading and its sub-items are the tasks, a point without is itself a task;
- the units' parenthesis closing a point: "（X牵头，Y按职责分工负责）", "（责任单位：…）",
  "（牵头单位：…；配合单位：…）", "（X负责落实）", "（X、Y按工作职能分别负责落实）";
- due dates: "2025年9月30日前", "6月底前", "9月30日前", "年底前"; recurrence: "每月", "每季度",
  "每半年", "每年".

A page copied from a government site often holds the document twice (the page and its print
view, as seed 002 does) and ends in an attachment or unrelated text: reading stops when a
top-level number comes round again, at "附件", and at paragraphs that continue nothing.
"""

from __future__ import annotations

import calendar
import datetime
import io
import re
from dataclasses import dataclass, field

from gongkai.reports.textnorm import to_simplified

MAX_TASKS = 500  # a 工作要点 has tens of points; more means this is not one
MAX_CHARS = 2_000_000

_CN_DIGITS = "〇一二三四五六七八九十"
_NUM = r"[一二三四五六七八九十]{1,3}"
_TOP = re.compile(rf"^({_NUM})\s*[、.．]\s*(.*)$")
_SUB = re.compile(rf"^[（(]\s*({_NUM})\s*[）)]\s*[、.．]?\s*(.*)$")
_ARABIC_ITEM = re.compile(r"^\d{1,2}\s*[.、．]\s*\S")
_ATTACHMENT = re.compile(r"^附\s*件(?:\s*\d*\s*[:：]|\s*$)")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SENTENCE_END = "。；;！!？?）)"

_UNITS_PAREN = re.compile(r"[（(]([^（）()]{2,600})[）)]\s*[。.]?\s*$")
_UNIT_WORDS = ("牵头", "负责", "责任单位", "配合", "落实", "承办")
_SEPARATORS = re.compile(r"[、，,；;/]+")
# What closes a list of units: "按职责分工负责", "按工作职能分别负责落实", "负责落实", "配合" ...
_UNITS_TAIL = re.compile(r"(?:(?:按|根据)[^、，,；;]{0,12}?)?(?:分别)?(?:负责|配合|参与|协助|落实|实施)(?:落实|实施)?$")


@dataclass
class ParsedTask:
    number: str
    title: str
    body: str
    units_text: str
    lead: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    due: datetime.date | None = None
    recurrence: str = ""
    section: str = ""


class Unreadable(Exception):
    """The file is not text or .docx we can read (exit 2)."""


def read_document(data: bytes, name: str) -> str:
    """The text of an uploaded or given file: .docx paragraphs (and table cells), or text."""
    if len(data) > MAX_CHARS * 4:
        raise Unreadable("文件过大。")
    if data[:2] == b"PK" or name.lower().endswith(".docx"):
        from docx import Document

        from gongkai.privacy.extract import ExtractionFailed, check_zip_bounds

        try:
            check_zip_bounds(data)
            document = Document(io.BytesIO(data))
        except ExtractionFailed as exc:
            raise Unreadable(exc.message) from exc
        except Exception as exc:  # python-docx raises several kinds for a damaged file
            raise Unreadable("无法读取该 Word 文件，文件可能已损坏。") from exc
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append("".join(cell.text for cell in row.cells))
        return "\n".join(lines)
    from gongkai.privacy.extract import ExtractionFailed, decode_text

    try:
        return decode_text(data)
    except ExtractionFailed as exc:
        raise Unreadable(exc.message) from exc


def _cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十一 → 21."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)
    return _CN_DIGITS.index(text)


def normalise(text: str) -> str:
    text = to_simplified(text[:MAX_CHARS]).translate(_FULLWIDTH_DIGITS)
    return text.replace("\u3000", " ").replace("\xa0", " ").replace("\r", "")


@dataclass
class _Point:
    number: str
    text: str
    subs: list[tuple[str, str]] = field(default_factory=list)


def _points(text: str) -> list[_Point]:
    points: list[_Point] = []
    seen_top: set[str] = set()
    can_continue = False  # whether the next unnumbered line may belong to the last paragraph
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if _ATTACHMENT.match(line) and points:
            break
        top, sub = _TOP.match(line), _SUB.match(line)
        if top:
            if top.group(1) in seen_top:  # the document again (page + print view): stop
                break
            seen_top.add(top.group(1))
            points.append(_Point(top.group(1), top.group(2).strip()))
            can_continue = True
            continue
        if sub and points:
            points[-1].subs.append((sub.group(1), sub.group(2).strip()))
            can_continue = True
            continue
        if not points or not can_continue:
            continue
        # A line continues the paragraph being read when that one stopped mid-sentence (a page
        # break in the middle of a word) or is a numbered detail "1." of it; otherwise it is
        # text outside any point (a closing paragraph, a footer), and nothing after it continues.
        last = points[-1].subs[-1][1] if points[-1].subs else points[-1].text
        if last and last[-1] in _SENTENCE_END and not _ARABIC_ITEM.match(line):
            can_continue = False
            continue
        if points[-1].subs:
            number, body = points[-1].subs[-1]
            points[-1].subs[-1] = (number, body + line)
        else:
            points[-1].text += line
    return points


def split_units(paren: str) -> tuple[list[str], list[str]]:
    """The 牵头 units and the other responsible units named in the closing parenthesis."""
    content = re.sub(r"\s+", "", paren).rstrip("。.")
    lead_text, other_text = "", content
    both = re.match(r"^牵头单位[:：](.*?)[;；。]+(?:配合|协办|参与|责任)单位[:：](.*)$", content)
    if both:
        lead_text, other_text = both.group(1), both.group(2)
    elif re.match(r"^牵头单位[:：]", content):
        lead_text, other_text = content.split("：", 1)[-1].split(":", 1)[-1], ""
    elif m := re.match(r"^(?:责任|承办|负责|配合)单位[:：](.*)$", content):
        other_text = m.group(1)
    elif "牵头" in content:
        lead_text, _, other_text = content.partition("牵头")
        other_text = other_text.lstrip("，,、；;")
        other_text = re.sub(r"^(?:负责|落实|实施)+", "", other_text).lstrip("，,、；;")
    return _names(lead_text), _names(other_text)


def _names(text: str) -> list[str]:
    text = _UNITS_TAIL.sub("", text.strip())
    names = []
    for part in _SEPARATORS.split(text):
        name = _UNITS_TAIL.sub("", part.strip())
        if name and name not in names and len(name) <= 60:
            names.append(name)
    return names


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int | None) -> datetime.date | None:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    if day is None:
        return _last_day(year, month)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_BEFORE = r"(?:前|之前|以前)"


def find_due(text: str, year: int) -> datetime.date | None:
    """The latest deadline the text sets ("…前"): a task is done when its last step is."""
    found: list[datetime.date | None] = []
    for m in re.finditer(rf"(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日{_BEFORE}", text):
        found.append(_safe(int(m[1]), int(m[2]), int(m[3])))
    for m in re.finditer(rf"(\d{{4}})年(\d{{1,2}})月(?:底|末|份)?{_BEFORE}", text):
        found.append(_safe(int(m[1]), int(m[2]), None))
    for m in re.finditer(rf"(?<![\d年])(\d{{1,2}})月(\d{{1,2}})日{_BEFORE}", text):
        found.append(_safe(year, int(m[1]), int(m[2])))
    for m in re.finditer(rf"(?<![\d年])(\d{{1,2}})月(?:底|末|份)?{_BEFORE}", text):
        found.append(_safe(year, int(m[1]), None))
    if re.search(rf"(?:年底|年末){_BEFORE}|年内", text):
        found.append(datetime.date(year, 12, 31))
    if re.search(rf"上半年{_BEFORE}?完成|上半年内", text):
        found.append(datetime.date(year, 6, 30))
    dates = [d for d in found if d is not None]
    return max(dates) if dates else None


def find_recurrence(text: str) -> str:
    """The most frequent period the text asks for (a monthly report within a yearly task is monthly)."""
    for pattern, value in (
        (r"每月|按月", "monthly"),
        (r"每季度?|按季度?|每个季度", "quarterly"),
        (r"每半年", "half_yearly"),
        (r"每年", "yearly"),
    ):
        if re.search(pattern, text):
            return value
    return ""


def _task(number: str, text: str, year: int, section: str) -> ParsedTask:
    paren = _UNITS_PAREN.search(text)
    units_text, body = "", text
    if paren and any(word in paren.group(1) for word in _UNIT_WORDS):
        units_text, body = paren.group(1).strip(), text[: paren.start()].strip()
    lead, units = split_units(units_text) if units_text else ([], [])
    first = re.split(r"[。；;]", body, maxsplit=1)[0].strip()
    title = (first or body)[:300]
    return ParsedTask(
        number=number,
        title=title,
        body=body[:20000],
        units_text=units_text[:1000],
        lead=lead,
        units=[u for u in units if u not in lead],
        due=find_due(body, year),
        recurrence=find_recurrence(body),
        section=section[:200],
    )


def parse_plan(text: str, *, year: int) -> list[ParsedTask]:
    """The tasks of a 工作要点, in document order."""
    tasks: list[ParsedTask] = []
    for point in _points(normalise(text)):
        if point.subs:
            section = re.split(r"[。；;]", point.text, maxsplit=1)[0]
            for number, body in point.subs:
                tasks.append(_task(f"（{number}）", body, year, section))
        elif point.text:
            tasks.append(_task(point.number, point.text, year, ""))
        if len(tasks) > MAX_TASKS:
            raise Unreadable(f"识别出的任务超过 {MAX_TASKS} 项，文件可能不是工作要点。")
    return tasks
