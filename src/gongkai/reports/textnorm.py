"""Text normalisation shared by the auditor and the prose checks.

Reports found on government sites write the same label with full-width or half-width
brackets, with or without the ordinal ("（一）", "(一)", "1.", "1、"), with stray spaces and,
on some 繁体 mirror sites, in traditional characters. Labels are compared through
`label_key`, which removes all of that.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    # Character-level traditional → simplified; the report labels round-trip through it.
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


_WHITESPACE = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
# Punctuation and brackets, after NFKC (which turns full-width forms into ASCII ones).
_PUNCTUATION = re.compile(r"[、，,。.．:：;；“”\"'‘’「」『』《》〈〉()\[\]【】〔〕{}·•・\-—－_/／\\!！?？…~～*]")
# A leading ordinal: "(一)", "(7)", "一、", "1.", "1、", "12,". Not "1" alone before a digit.
_ORDINAL = re.compile(
    r"^(?:\((?:[一二三四五六七八九十]{1,3}|\d{1,2})\)|(?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.:,](?!\d))"
)
_DIGIT_BEFORE_HAN = re.compile(r"^\d{1,2}(?=[\u4e00-\u9fff])")


def fold(text: str) -> str:
    """NFKC (full-width → half-width) and no whitespace."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def label_key(text: str) -> str:
    """The comparable form of a label: no ordinal, punctuation, brackets or spaces."""
    folded = fold(text)
    folded = _ORDINAL.sub("", folded, count=1)
    folded = _PUNCTUATION.sub("", folded)
    return _DIGIT_BEFORE_HAN.sub("", folded, count=1)
