"""信息处理费: the two methods of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Both are 超额累进 (progressive on the excess): each unit is charged at the rate of the band it
falls in. The agency picks one method per application and never charges both.

- 按件计收: pieces counted cumulatively per applicant per 自然月. 1–10 free; 11–30 at 100 元;
  from 31 on, bands of 10 pieces, each band 100 元 more per piece (31–40 → 200, 41–50 → 300 …).
- 按量计收: pages of one application. 1–30 free; 31–100 at 10 元; 101–200 at 20 元; 201+ at 40 元.

Worked examples: 35 pieces in a month → 20×100 + 5×200 = 3,000 元; 250 pages →
70×10 + 100×20 + 50×40 = 4,700 元.

Pure module: no ORM, no I/O. Amounts are whole 元.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FeeMethod(StrEnum):
    BY_PIECE = "by_piece"
    BY_PAGE = "by_page"


FEE_METHOD_LABELS: dict[str, str] = {FeeMethod.BY_PIECE: "按件计收", FeeMethod.BY_PAGE: "按量计收"}

PIECE_FREE = 10
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))
# 109号: the fee-payment period, in working days from the day after the notice is received.
PAYMENT_WORKING_DAYS = 20
# 109号: 行政事业性收费, paid to the 国库 under this budget code.
BUDGET_CODE = "103049950 其他缴入国库的行政事业性收费"


# Documented input ranges. One application of more than 100,000 pages, or more than 100,000
# pieces from one applicant in one month, is beyond any real request; refusing it keeps one
# anonymous calculator request bounded (the computation itself is O(number of tiers)).
MAX_QUANTITY = 100_000
MAX_ALREADY_THIS_MONTH = 100_000
# The explanation lists at most this many bands; longer progressions are summarised in one line.
MAX_LISTED_BANDS = 12


class FeeError(ValueError):
    """An impossible input (negative or out of range); the services turn it into a 422."""


@dataclass(frozen=True)
class Band:
    first: int  # the first unit of the band charged here (1-based, cumulative)
    last: int
    rate: int | None  # 元 per unit; None for several progressive bands summarised in one line
    units: int
    subtotal: int


@dataclass(frozen=True)
class FeeQuote:
    method: FeeMethod
    quantity: int  # units of this application
    already: int  # 按件: pieces of the same applicant earlier in the same month
    amount: int
    bands: tuple[Band, ...] = field(default_factory=tuple)

    @property
    def explanation(self) -> list[str]:
        unit = "件" if self.method == FeeMethod.BY_PIECE else "页"
        lines = [f"{FEE_METHOD_LABELS[self.method]}（国办函〔2020〕109号，超额累进）："]
        if self.method == FeeMethod.BY_PIECE:
            span = _span(self.already + 1, self.already + self.quantity, "件")
            lines.append(f"本申请人本自然月此前已申请{self.already}件，本次{self.quantity}件，累计{span}。")
        for band in self.bands:
            span = _span(band.first, band.last, unit)
            if band.rate is None:
                lines.append(f"{span}：{band.units}{unit}，每10件一档、每档单价加100元，小计{band.subtotal}元")
                continue
            rate = "免费" if band.rate == 0 else f"{band.rate}元/{unit}"
            lines.append(f"{span}：{band.units}{unit} × {rate} = {band.subtotal}元")
        lines.append(f"合计：{self.amount}元。")
        return lines


def _span(first: int, last: int, unit: str) -> str:
    """ "第12件" for one unit, "第12至15件" for several (never "第12至12件")."""
    return f"第{first}{unit}" if first == last else f"第{first}至{last}{unit}"


def piece_rate(n: int) -> int:
    """The rate of the n-th piece of the month (1-based)."""
    if n <= PIECE_FREE:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def page_rate(n: int) -> int:
    for first, last, rate in PAGE_BANDS:
        if n >= first and (last is None or n <= last):
            return rate
    raise FeeError("页码必须为正整数。")


def _progressive_sum(last: int) -> int:
    """Σ piece_rate(n) for n = 31..last, in closed form: piece n ≥ 31 costs 100 × (2 + k) 元 with
    k = (n − 31) // 10, so m = last − 30 pieces in q full bands of 10 and r more cost
    100 × (2m + 10·q(q−1)/2 + r·q)."""
    m = max(0, last - 30)
    q, r = divmod(m, 10)
    return 100 * (2 * m + 5 * q * (q - 1) + r * q)


def _piece_amount(first: int, last: int) -> int:
    """Σ piece_rate(n) for n = first..last (O(1))."""

    def upto(n: int) -> int:
        flat = max(0, min(n, 30) - PIECE_FREE) * 100
        return flat + _progressive_sum(n)

    return upto(last) - upto(first - 1) if last >= first else 0


def _piece_bands(first: int, last: int) -> tuple[Band, ...]:
    """The bands of first..last, each of one rate; a long progression is summarised in one band."""
    edges = [(1, PIECE_FREE), (PIECE_FREE + 1, 30)]
    bands: list[Band] = []
    for low, high in edges:
        lo, hi = max(first, low), min(last, high)
        if lo <= hi:
            bands.append(Band(lo, hi, piece_rate(lo), hi - lo + 1, _piece_amount(lo, hi)))
    lo = max(first, 31)
    if lo <= last:
        count = (last - 31) // 10 - (lo - 31) // 10 + 1  # progressive bands touched
        if count <= MAX_LISTED_BANDS:
            n = lo
            while n <= last:
                hi = min(last, 31 + ((n - 31) // 10 + 1) * 10 - 1)
                bands.append(Band(n, hi, piece_rate(n), hi - n + 1, _piece_amount(n, hi)))
                n = hi + 1
        else:
            bands.append(Band(lo, last, None, last - lo + 1, _piece_amount(lo, last)))
    return tuple(bands)


def _page_bands(pages: int) -> tuple[Band, ...]:
    bands: list[Band] = []
    for first, band_last, rate in PAGE_BANDS:
        hi = pages if band_last is None else min(pages, band_last)
        if first <= hi:
            bands.append(Band(first, hi, rate, hi - first + 1, (hi - first + 1) * rate))
    return tuple(bands)


def _check_range(value: int, limit: int, what: str) -> None:
    if value < 0:
        raise FeeError(f"{what}不能为负数。")
    if value > limit:
        raise FeeError(f"{what}超出范围（0至{limit:,}）。")


def fee_by_piece(pieces: int, *, already_this_month: int = 0) -> FeeQuote:
    """按件计收: the fee for `pieces` more pieces after `already_this_month` in the same month."""
    _check_range(pieces, MAX_QUANTITY, "件数")
    _check_range(already_this_month, MAX_ALREADY_THIS_MONTH, "本月已申请件数")
    first, last = already_this_month + 1, already_this_month + pieces
    return FeeQuote(
        FeeMethod.BY_PIECE, pieces, already_this_month, _piece_amount(first, last), _piece_bands(first, last)
    )


def fee_by_page(pages: int) -> FeeQuote:
    """按量计收: the fee for one application of `pages` pages."""
    _check_range(pages, MAX_QUANTITY, "页数")
    bands = _page_bands(pages)
    return FeeQuote(FeeMethod.BY_PAGE, pages, 0, sum(b.subtotal for b in bands), bands)


def fee_quote(method: str, quantity: int, *, already_this_month: int = 0) -> FeeQuote:
    """One method per application (109号): the caller names exactly one."""
    if method == FeeMethod.BY_PIECE:
        return fee_by_piece(quantity, already_this_month=already_this_month)
    if method == FeeMethod.BY_PAGE:
        return fee_by_page(quantity)
    raise FeeError("收费方式应为按件计收或按量计收，二者只能选其一。")
