"""文号 (发文字号): 发文机关代字〔年份〕序号号, e.g. 赣府厅字〔2024〕15号.

GB/T 9704-2012 §7.2.4 prescribes the hexagonal brackets 〔〕 around the year; portals and
clerks also type [], ［］, (), （）, 【】 and ﹝﹞, which are normalised here.
"""

import re
from dataclasses import dataclass, field

_OPENING = "[［(（【﹝〔"
_CLOSING = "]］)）】﹞〕"
_PATTERN = re.compile(
    r"^(?P<code>[\u4e00-\u9fffA-Za-z]*?)\s*["
    + re.escape(_OPENING)
    + r"]\s*(?P<year>\d{4})\s*["
    + re.escape(_CLOSING)
    + r"]\s*(?P<serial>\d{1,5})\s*号$"
)


class InvalidDocNumber(ValueError):
    """The text is not a 文号; the message says why, in Chinese."""


@dataclass(frozen=True)
class DocNumber:
    normalized: str
    issuer_code: str
    year: int
    serial: int
    warnings: list[str] = field(default_factory=list)


def parse_doc_number(raw: str, *, latest_year: int) -> DocNumber:
    """Parse and normalise a 文号; `latest_year` bounds the year (normally this year + 1)."""
    text = re.sub(r"\s+", "", raw or "")
    match = _PATTERN.match(text)
    if not match:
        raise InvalidDocNumber("文号格式应为“发文机关代字〔年份〕序号号”，例如：赣府厅字〔2024〕15号。")
    year, serial = int(match["year"]), int(match["serial"])
    if not 1949 <= year <= latest_year:
        raise InvalidDocNumber(f"文号中的年份 {year} 不在合理范围内（1949—{latest_year}）。")
    if serial == 0:
        raise InvalidDocNumber("文号中的序号不能为0。")
    code = match["code"]
    warnings = [] if code else ["文号缺少发文机关代字，请核对原件。"]
    return DocNumber(f"{code}〔{year}〕{serial}号", code, year, serial, warnings)
