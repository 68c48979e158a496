"""Length-preserving normalisation, so that spans found in the normalised text are spans of
the original.

Two of the seed documents are in traditional characters and forms are often typed with
full-width digits (１３８…), so the detectors match on a copy where traditional characters
are simplified (OpenCC t2s) and full-width letters, digits and ``+-.@`` are half-width.
Both conversions map one character to one character; if OpenCC ever returns a string of
another length (a phrase conversion), the simplification is dropped rather than letting
spans drift.
"""

import functools
import re

import opencc

# Full-width forms of the characters identifiers are written with (U+FF01..FF5E map to
# U+0021..007E); punctuation such as ：（） is deliberately left alone, patterns accept both.
_FULLWIDTH_RE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0b\uff0d\uff0e\uff20]+")
_FULLWIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# A lone surrogate (from a broken paste, or a hostile form) cannot be encoded for OpenCC; it
# stands in for one character, so it is replaced by one (U+FFFD) and spans stay exact.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_fullwidth(text: str) -> str:
    if not _FULLWIDTH_RE.search(text):
        return text
    return _FULLWIDTH_RE.sub(lambda m: m.group().translate(_FULLWIDTH_TABLE), text)


def normalize(text: str) -> str:
    """Simplified, half-width copy of `text` with exactly the same length."""
    folded = _SURROGATE_RE.sub("\ufffd", fold_fullwidth(text))
    simplified = _t2s().convert(folded)
    return simplified if len(simplified) == len(folded) else folded
