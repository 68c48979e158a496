"""文号 and 索引号: the identifiers clerks search by, in whatever spelling they type.

A 文号 is 发文机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.4: the year in 六角括号 〔〕, the
serial without leading zeros). In practice it is typed with [] ［］ () （） 【】 or no brackets
at all, so every spelling is reduced to the keys `<year>-<serial>` and
`<agency><year>-<serial>`; the index stores those keys for each document's own 文号, and a query
that contains something shaped like a 文号 looks them up with a large boost.

A 索引号 is `<unified social credit code or org code>/<year>-<serial>`; it is keyed whole and by
the part after the slash, the part people copy from a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.search.text import normalize

__all__ = [
    "DocNumber",
    "doc_number_index_keys",
    "find_doc_numbers",
    "find_index_numbers",
    "index_number_index_keys",
    "normalize_doc_number",
]

_BRACKETS = str.maketrans(
    {"[": "〔", "(": "〔", "（": "〔", "【": "〔", "［": "〔", "]": "〕", ")": "〕", "）": "〕", "】": "〕", "］": "〕"}
)

# Agency code (optional, Han characters), year in optional brackets or followed by 年, optional
# 第, serial, 号. Spaces may separate the parts ("2024 15号").
_DOC_NUMBER_RE = re.compile(
    r"(?:(?P<agency>[\u4e00-\u9fff]{1,20}?)\s*)?"
    r"〔?\s*(?P<year>(?:19|20)\d{2})\s*(?:〕|年)?\s*第?\s*(?P<serial>\d{1,6})\s*号"
)
_INDEX_NUMBER_RE = re.compile(r"[0-9a-z]+(?:[/-][0-9a-z]+)+")


@dataclass(frozen=True, slots=True)
class DocNumber:
    agency: str
    year: int
    serial: int

    @property
    def key(self) -> str:
        return f"{self.year}-{self.serial}"

    def agency_keys(self) -> list[str]:
        """Keys with every suffix of the agency code, longest first: in a query such as
        印发赣府厅字〔2024〕15号 the regex cannot tell where the agency code starts."""
        return [f"{self.agency[i:]}{self.key}" for i in range(len(self.agency))]


def normalize_doc_number(text: str) -> str:
    """One spelling for a 文号: normalised, brackets unified to 〔〕, no spaces."""
    return normalize(text).translate(_BRACKETS).replace(" ", "")


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Every 文号-shaped part of a (query) text."""
    unified = normalize(text).translate(_BRACKETS)
    return [
        DocNumber(agency=m.group("agency") or "", year=int(m.group("year")), serial=int(m.group("serial")))
        for m in _DOC_NUMBER_RE.finditer(unified)
    ]


def doc_number_index_keys(doc_number: str) -> list[str]:
    """Keys stored for a document's own 文号."""
    whole = normalize_doc_number(doc_number)
    if not whole:
        return []
    keys = [whole]
    for number in find_doc_numbers(whole):
        keys.append(number.key)
        if number.agency:
            keys.append(f"{number.agency}{number.key}")
    return keys


def find_index_numbers(text: str) -> list[str]:
    """Keys for every 索引号-shaped part of a (query) text: the whole and the part after the
    last slash."""
    keys: list[str] = []
    for match in _INDEX_NUMBER_RE.finditer(normalize(text).replace(" ", "")):
        value = match.group()
        if not any(ch.isdigit() for ch in value):
            continue
        keys.append(value)
        if "/" in value:
            keys.append(value.rsplit("/", 1)[1])
    return keys


def index_number_index_keys(index_number: str) -> list[str]:
    """Keys stored for a document's own 索引号."""
    value = normalize(index_number).replace(" ", "")
    if not value:
        return []
    keys = [value]
    if "/" in value:
        keys.append(value.rsplit("/", 1)[1])
    return keys
