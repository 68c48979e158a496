"""The statutory clock of an application, derived from its events.

Rules (条例, see docs/foi.md):
- 第三十三条: reply within 20 working days of 收到申请之日; counting starts the next day
  (次日起算; the working-day engine counts that way).
- 第三十条: after a 补正 notice the clock stops; it starts again, in full, from the day the
  corrected application is received. While a correction is awaited there is no due date.
- 第三十三条第二款: one extension of at most 20 working days, approved by the 工作机构负责人.
- 第三十二条、第三十四条, 第三十三条第三款 (行政机关征求第三方和其他机关意见所需时间不计算在前款
  规定的期限内): the time of a third-party or co-producer consultation is not counted. A
  consultation excludes the days from the day after its letter was sent up to and including
  the day its answer arrived — and never beyond its 15-working-day period (第三十二条: 第三方应当
  自收到征求意见书之日起15个工作日内提出意见): an answer recorded later is a late answer, the pause
  still ends on the last day of the period, and an unanswered consultation stops pausing the
  clock once that day has passed. (We count the 15 days from the day the letter is sent, the
  earlier reading of 收到; a shorter pause never makes the agency late.)
- 第三十五条: for a mass application the agency may set a longer reasonable period, which
  replaces the 20 days.
- 国办函〔2020〕109号: whether the 20 working days the applicant has to pay a fee stop the clock
  is not settled nationally [U]; we follow the reading most provinces use: it stops, from the
  day after the notice was sent up to and including the day of payment.
  `FEE_WAIT_PAUSES_CLOCK` is the one switch.

An open pause (a consultation without answer, an unpaid fee) is counted as running up to
`today`; the result is then flagged `paused` and its date moves every working day.

`derive` is the one computation of the due date. Its result is stored once, in
`Application.due_on` (with `clock_paused`), by every action that changes the clock (in the
action's own transaction), by `gongkai foi scan` (an open pause moves the date daily) and when a
holiday schedule arrives; pages, the API, reminders and lists read the stored value.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gongkai.foi.models import EventKind
from gongkai.workdays import selectors as workdays
from gongkai.workdays.domain import DueDate, Pause

REPLY_WORKING_DAYS = 20  # 条例第三十三条第一款
MAX_EXTENSION_WORKING_DAYS = 20  # 条例第三十三条第二款
CORRECTION_NOTICE_WORKING_DAYS = 7  # 条例第三十条
CONSULTATION_WORKING_DAYS = 15  # 条例第三十二条、第三十四条
FEE_WAIT_PAUSES_CLOCK = True  # 国办函〔2020〕109号: not settled nationally [U]; see module docstring
DUE_SOON_WORKING_DAYS = 5  # the back office's "due soon" window


@dataclass(frozen=True)
class EventLike:
    kind: str
    on: datetime.date
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Clock:
    start: datetime.date | None  # the day the 20 days count from (receipt or corrected application)
    working_days: int  # 20, a 第三十五条 period, plus any extension
    pauses: list[Pause]
    due: DueDate | None
    stopped_reason: str = ""  # why there is no due date (awaiting 补正, finished …)
    paused: bool = False  # an open pause counted up to today
    notes: list[str] = field(default_factory=list)

    @property
    def due_on(self) -> datetime.date | None:
        return self.due.date if self.due is not None else None

    @property
    def explanation(self) -> list[str]:
        lines = list(self.notes)
        if self.stopped_reason:
            lines.append(self.stopped_reason)
        if self.due is not None:
            lines += self.due.explanation
        if self.paused:
            lines.append("目前处于暂停计算期间，期限随暂停的延续而顺延。")
        return lines


def _pause(start: datetime.date, end: datetime.date, reason: str) -> Pause | None:
    """The days after `start` up to and including `end`; nothing when `end` is not after `start`."""
    first = start + datetime.timedelta(days=1)
    return Pause(first, end, reason) if end >= first else None


def derive(events: Iterable[EventLike], *, today: datetime.date) -> Clock:
    """Work out the clock from the events in date order."""
    start: datetime.date | None = None
    base = REPLY_WORKING_DAYS
    extension = 0
    notes: list[str] = []
    open_consultations: dict[str, tuple[datetime.date, datetime.date | None]] = {}
    closed_pauses: list[Pause] = []
    fee_sent: datetime.date | None = None
    awaiting_correction = False
    finished: str = ""
    for event in sorted(events, key=lambda e: e.on):
        kind = event.kind
        if kind == EventKind.RECEIVED:
            start = event.on
            notes.append(
                f"收到申请之日为{event.on:%Y年%m月%d日}（条例第三十一条），自次日起计算20个工作日（第三十三条）。"
            )
        elif kind == EventKind.CORRECTION_REQUESTED:
            awaiting_correction = True
        elif kind == EventKind.CORRECTED:
            awaiting_correction = False
            start = event.on
            closed_pauses = []  # 第三十条: the period counts again in full from the corrected application
            notes.append(f"{event.on:%Y年%m月%d日}收到补正后的申请，答复期限自该日重新计算（第三十条）。")
        elif kind == EventKind.CONSULTATION_STARTED:
            cap = event.data.get("reply_due_on")
            open_consultations[str(event.data.get("consultation_id", ""))] = (
                event.on,
                datetime.date.fromisoformat(cap) if cap else None,
            )
        elif kind == EventKind.CONSULTATION_ENDED:
            opened = open_consultations.pop(str(event.data.get("consultation_id", "")), None)
            if opened is not None:
                began, cap = opened
                end = min(event.on, cap) if cap is not None else event.on
                if cap is not None and event.on > cap:
                    notes.append(
                        f"{event.on:%Y年%m月%d日}登记的意见已超过15个工作日的期限（{cap:%Y年%m月%d日}），"
                        "不计算的期间至期限届满之日止（第三十二条、第三十三条第三款）。"
                    )
                pause = _pause(began, end, "征求第三方或共同制作机关意见（第三十二条、第三十三条第三款、第三十四条）")
                if pause:
                    closed_pauses.append(pause)
        elif kind == EventKind.EXTENSION_GRANTED:
            extension += int(event.data.get("working_days", 0))
            notes.append(
                f"经工作机构负责人同意延长答复期限{event.data.get('working_days')}个工作日（第三十三条第二款）。"
            )
        elif kind == EventKind.REASONABLE_PERIOD_SET:
            base = int(event.data.get("working_days", base))
            notes.append(f"因申请数量、频次明显超过合理范围，确定答复期限为{base}个工作日（第三十五条）。")
        elif kind == EventKind.FEE_NOTICE_SENT:
            fee_sent = event.on
        elif kind == EventKind.FEE_PAID:
            if fee_sent is not None and FEE_WAIT_PAUSES_CLOCK:
                pause = _pause(fee_sent, event.on, "等待缴纳信息处理费（国办函〔2020〕109号）")
                if pause:
                    closed_pauses.append(pause)
            fee_sent = None
        elif kind in (EventKind.REPLIED, EventKind.WITHDRAWN):
            finished = "已答复，期限计算结束。" if kind == EventKind.REPLIED else "申请人已撤回申请，期限计算结束。"
    n = base + extension
    if start is None:
        return Clock(None, n, [], None, "尚未收到申请。", notes=notes)
    if awaiting_correction:
        return Clock(start, n, [], None, "等待申请人补正，补正后答复期限重新计算（第三十条）。", notes=notes)
    pauses = list(closed_pauses)
    paused = False
    for began, cap in open_consultations.values():
        end = min(today, cap) if cap is not None else today
        if cap is None or today <= cap:
            paused = True
        else:
            notes.append(f"征求意见期限已于{cap:%Y年%m月%d日}届满，此后的期间计入答复期限（第三十二条）。")
        pause = _pause(began, end, "征求意见（尚未结束）")
        if pause:
            pauses.append(pause)
    if fee_sent is not None and FEE_WAIT_PAUSES_CLOCK:
        paused = True
        pause = _pause(fee_sent, today, "等待缴纳信息处理费（尚未缴纳）")
        if pause:
            pauses.append(pause)
    due = workdays.due_date(start, n, pauses)
    return Clock(start, n, pauses, due, finished, paused=paused and not finished, notes=notes)
