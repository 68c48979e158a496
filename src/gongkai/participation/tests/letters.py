"""A mailbox letter made through the public service, for the tests of the pages that handle it."""

import datetime

from gongkai.core.form_tokens import issue_form_token
from gongkai.participation import services
from gongkai.participation.models import Message


def street_light_letter(org, *, today: datetime.date | None = None) -> Message:
    """A resident's 咨询 about a broken street light, written to `org`'s 领导信箱."""
    message, _, _ = services.message_submit(
        org=org,
        category="consult",
        subject="路灯",
        body="村口路灯坏了。",
        writer_name="张三",
        writer_phone="13800000000",
        token=issue_form_token(),
        today=today,
    )
    return message
