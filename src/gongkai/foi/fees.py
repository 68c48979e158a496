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

from collections.abc import Callable
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


class FeeError(ValueError):
    """An impossible input (negative quantity); the services turn it into a 422."""


@dataclass(frozen=True)
class Band:
    first: int  # the first unit of the band charged here (1-based, cumulative)
    last: int
    rate: int  # 元 per unit
    units: int

    @property
    def subtotal(self) -> int:
        return self.units * self.rate


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
            lines.append(
                f"本申请人本自然月此前已申请{self.already}件，本次{self.quantity}件，"
                f"累计第{self.already + 1}至{self.already + self.quantity}件。"
            )
        for band in self.bands:
            rate = "免费" if band.rate == 0 else f"{band.rate}元/{unit}"
            lines.append(f"第{band.first}至{band.last}{unit}：{band.units}{unit} × {rate} = {band.subtotal}元")
        lines.append(f"合计：{self.amount}元。")
        return lines


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


def _bands(first: int, last: int, rate_fn: Callable[[int], int]) -> tuple[Band, ...]:
    """Group the units first..last into runs of equal rate."""
    bands: list[Band] = []
    n = first
    while n <= last:
        rate = rate_fn(n)
        end = n
        while end + 1 <= last and rate_fn(end + 1) == rate:
            end += 1
        bands.append(Band(n, end, rate, end - n + 1))
        n = end + 1
    return tuple(bands)


def fee_by_piece(pieces: int, *, already_this_month: int = 0) -> FeeQuote:
    """按件计收: the fee for `pieces` more pieces after `already_this_month` in the same month."""
    if pieces < 0 or already_this_month < 0:
        raise FeeError("件数不能为负数。")
    bands = _bands(already_this_month + 1, already_this_month + pieces, piece_rate)
    return FeeQuote(FeeMethod.BY_PIECE, pieces, already_this_month, sum(b.subtotal for b in bands), bands)


def fee_by_page(pages: int) -> FeeQuote:
    """按量计收: the fee for one application of `pages` pages."""
    if pages < 0:
        raise FeeError("页数不能为负数。")
    bands = _bands(1, pages, page_rate)
    return FeeQuote(FeeMethod.BY_PAGE, pages, 0, sum(b.subtotal for b in bands), bands)


def fee_quote(method: str, quantity: int, *, already_this_month: int = 0) -> FeeQuote:
    """One method per application (109号): the caller names exactly one."""
    if method == FeeMethod.BY_PIECE:
        return fee_by_piece(quantity, already_this_month=already_this_month)
    if method == FeeMethod.BY_PAGE:
        return fee_by_page(quantity)
    raise FeeError("收费方式应为按件计收或按量计收，二者只能选其一。")
