"""What the report services share: today's date, the years a report may cover, the outbox topic."""

from __future__ import annotations

import datetime
from typing import cast

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.core.actors import Actor, is_signed_in
from gongkai.core.errors import ValidationFailed

FIRST_REPORT_YEAR = 2008  # the first annual reports followed the 2007 条例
# Outbox topic: a report got a published version (published, corrected, imported); search follows it.
REPORT_CHANGED = "report.changed"


def today_local() -> datetime.date:
    return timezone.localdate()


def account(actor: Actor | None) -> User | None:
    """The account recorded as author (created_by, published_by ...): none for a system actor."""
    return cast(User, actor) if is_signed_in(actor) else None


def check_year(year: int, today: datetime.date) -> None:
    # A report covers a finished year: the report on year N is written from 1 January N+1.
    if year < FIRST_REPORT_YEAR or year >= today.year:
        raise ValidationFailed(
            "报告年度有误：只能编制已结束年度的年度报告。", fields={"year": [f"请填写{today.year - 1}年或更早的年度。"]}
        )
