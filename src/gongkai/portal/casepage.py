"""What every guided case page shows above its actions: the state and its clock in plain words.

A page passes the due date it already has (stored by the domain, never recomputed here) and
gets one sentence: “答复期限：2026年3月5日（还剩6个工作日）”, “…（今天到期）” or
“…（已逾期2个工作日）”. Working days come from the one calendar (``gongkai.workdays``).
"""

from __future__ import annotations

import datetime

from gongkai.workdays import selectors as workdays


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def remaining_words(due: datetime.date, today: datetime.date) -> str:
    """“还剩6个工作日”, “今天到期” or “已逾期2个工作日” (working days, the statutory unit)."""
    if due == today:
        return "今天到期"
    count = int(workdays.working_days_between(today, due))
    if due > today:
        return f"还剩{count}个工作日" if count > 0 else "今天是最后一个工作日"
    return f"已逾期{-count}个工作日" if count < 0 else "已过期限"


def deadline_words(label: str, due: datetime.date | None, today: datetime.date, *, stopped: str = "") -> str:
    """One sentence for a page header; ``stopped`` says why there is no date (e.g. awaiting 补正)."""
    if due is None:
        return f"{label}：{stopped or '暂无'}"
    return f"{label}：{cn_date(due)}（{remaining_words(due, today)}）"
