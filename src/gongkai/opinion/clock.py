"""The response clock of a 舆情: computed here and nowhere else, from timestamps.

Windows are in hours and count calendar time (not 工作日): the documents say "24小时", "48小时".
Defaults (each org may set its own, which its subtree inherits; see docs/opinion.md):

- 特别重大、重大: 24 hours. 国办发〔2016〕61号 and 004（十二）: 特别重大、重大突发事件发生后，
  最迟24小时内举行新闻发布会. (国办发〔2016〕80号 also asks for 权威信息 within 5 hours; an org
  that follows it sets 5.) [S] in the spec, hence configurable.
- 一般: 48 hours. 国办发〔2016〕61号: other 政务舆情 are answered within 48 hours. [S].
"""

import datetime
from dataclasses import dataclass

from gongkai.opinion.models import Level

DEFAULT_WINDOW_HOURS: dict[str, int] = {
    Level.ESPECIALLY_MAJOR: 24,
    Level.MAJOR: 24,
    Level.GENERAL: 48,
}
# A window is at least 1 hour and at most 30 days: 0 would make every response late.
MIN_WINDOW_HOURS, MAX_WINDOW_HOURS = 1, 720


def respond_by(first_seen_at: datetime.datetime, hours: int) -> datetime.datetime:
    """The latest moment a response counts as in time (aware datetimes only)."""
    if first_seen_at.tzinfo is None:
        raise ValueError("first_seen_at must be timezone-aware")
    return first_seen_at + datetime.timedelta(hours=hours)


def is_late(due: datetime.datetime, responded_at: datetime.datetime) -> bool:
    return responded_at > due


@dataclass(frozen=True)
class Clock:
    """What the ledger shows for one event at `now`."""

    due: datetime.datetime
    window_hours: int
    hours_left: float | None  # None once answered
    late: bool
    answered: bool

    @property
    def label(self) -> str:
        if self.answered:
            return "超时回应" if self.late else "按时回应"
        left = self.hours_left or 0.0
        if self.late:
            return f"已超时{-left:.1f}小时"
        return f"剩余{left:.1f}小时"


def clock_of(
    *, due: datetime.datetime, window_hours: int, responded_at: datetime.datetime | None, now: datetime.datetime
) -> Clock:
    if responded_at is not None:
        return Clock(due, window_hours, None, is_late(due, responded_at), True)
    left = (due - now).total_seconds() / 3600
    return Clock(due, window_hours, round(left, 1), left < 0, False)
