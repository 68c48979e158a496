"""What the 公众参与 routers share: the staff token, the public forms' rate limit, periods, and
the ``actions`` of a record (its state table's ``available_actions``)."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.core.actors import Actor
from gongkai.core.errors import ApplicationError
from gongkai.core.transitions import Workflow
from gongkai.participation import domain

staff = StaffToken()


class RateLimited(ApplicationError):
    http_status = 429
    default_code = "rate_limited"
    default_message = "提交过于频繁，请稍后再试。"


def limit(request: HttpRequest) -> None:
    if is_ratelimited(
        request,
        group=domain.PUBLIC_FORM_GROUP,
        key="ip",
        rate=domain.PUBLIC_FORM_RATE,
        method="POST",
        increment=True,
    ):
        raise RateLimited()


def period(start: datetime.date | None, end: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return start or datetime.date(today.year, 1, 1), end or today


def actions(workflow: Workflow[Any], actor: Actor, obj: Any) -> list[dict[str, str]]:
    """Exactly what the services would accept from this caller now."""
    return actions_of(workflow, actor, obj)
