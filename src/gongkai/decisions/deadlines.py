"""The 办理期限 of a 建议/提案: one place computes it.

《全国人民代表大会代表建议、批评和意见处理办法》and the local rules of 人大/政协 commonly set 3 months
from 交办 (重点 or complex ones may differ). The platform takes the office's configured number of
months (ProposalSettings, default 3) and counts calendar months from the 交办 date; a day the target
month lacks (e.g. 31) falls back to that month's last day.
"""

from __future__ import annotations

import calendar
import datetime

DEFAULT_REPLY_MONTHS = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_due(assigned_on: datetime.date, months: int = DEFAULT_REPLY_MONTHS) -> datetime.date:
    return add_months(assigned_on, months)
