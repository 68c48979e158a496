"""Highlighted snippets: HTML-escaped text with <mark> around what the query matched.

Text is escaped before marks are inserted, never after, so a document containing "<script>"
shows it as text and the only markup in the output is ours.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["SNIPPET_CHARS", "highlight", "make_snippet", "snippet_from_utf8"]

SNIPPET_CHARS = 160
# How much text to show before the first match, so the reader sees its context.
_LEAD_CHARS = 30
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_SPECIAL_RE = re.compile("[&<>\"']")
# Bytes per character of CJK text in UTF-8; windows cut from UTF-8 are sized with it.
_UTF8_WIDTH = 3


@lru_cache(maxsize=1024)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Longest term first, in one capturing group (split() then returns the matches too)."""
    usable = sorted({term for term in terms if term}, key=len, reverse=True)
    if not usable:
        return None
    return re.compile("(" + "|".join(re.escape(term) for term in usable) + ")")


def _render(text: str, pattern: re.Pattern[str] | None, matches_in: str | None = None) -> str:
    """`text` escaped, with the matches of `pattern` in `matches_in` (a same-length normalised
    form of `text`, default `text` itself) marked."""
    text = _CONTROL_RE.sub(" ", text)
    if pattern is None:
        return html.escape(text)
    source = text if matches_in is None else matches_in
    if matches_in is None and _HTML_SPECIAL_RE.search(text) is None:
        # The usual case for Chinese text: nothing to escape; split() finds every match in C.
        parts = pattern.split(text)
        parts[1::2] = [f"<mark>{part}</mark>" for part in parts[1::2]]
        return "".join(parts)
    out: list[str] = []
    cursor = 0
    for match in pattern.finditer(source):
        start, end = match.span()
        out.append(html.escape(text[cursor:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def highlight(text: str, normalized: str, terms: Sequence[str]) -> str:
    """The whole of `text` (a title) escaped, with matches marked. Matches are found in its
    normalised form; when normalisation kept the length (the usual case: 繁简 and width folding
    map one character to one) the marks go on the original text, else on the normalised one."""
    pattern = _pattern(tuple(terms))
    if len(text) == len(normalized):
        return _render(text, pattern, matches_in=normalized if text != normalized else None)
    return _render(normalized, pattern)


@lru_cache(maxsize=1024)
def _longest_first(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted((term for term in terms if term), key=len, reverse=True))


@lru_cache(maxsize=1024)
def _longest_first_utf8(terms: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(term.encode() for term in _longest_first(terms))


def _first_match(text: str, terms: Sequence[str]) -> int:
    # The most specific term present (longest first), not whichever short word occurs first.
    for term in _longest_first(tuple(terms)):
        position = text.find(term)
        if position >= 0:
            return position
    return -1


def make_snippet(normalized: str, terms: Sequence[str], *, size: int = SNIPPET_CHARS) -> str:
    """A window of the normalised body around its first match, escaped and marked. Without a
    match in the body (the hit came from the title or the 文号) it is the start of the body."""
    first = _first_match(normalized, terms)
    start = 0
    if first >= 0:
        start = max(0, first - _LEAD_CHARS)
        start = max(0, min(start, len(normalized) - size))  # keep the window full near the end
    end = min(len(normalized), start + size)
    body = _render(normalized[start:end], _pattern(tuple(terms)))
    return ("…" if start > 0 else "") + body.strip() + ("…" if end < len(normalized) else "")


def snippet_from_utf8(body: bytes, terms: Sequence[str], *, size: int = SNIPPET_CHARS) -> str:
    """make_snippet for a body stored as UTF-8, decoding only a window around the first match
    rather than the whole text (the search path does this for every hit)."""
    first = -1
    for term in _longest_first_utf8(tuple(terms)):
        first = body.find(term)
        if first >= 0:
            break
    reach = size * _UTF8_WIDTH
    low = max(0, first - (_LEAD_CHARS + 1) * _UTF8_WIDTH) if first >= 0 else 0
    high = min(len(body), low + 2 * reach)
    # errors="ignore" drops the partial characters a byte window may cut at either end.
    window = body[low:high].decode(errors="ignore")
    snippet = make_snippet(window, terms, size=size)
    if low > 0 and not snippet.startswith("…"):
        snippet = "…" + snippet
    if high < len(body) and not snippet.endswith("…"):
        snippet += "…"
    return snippet
