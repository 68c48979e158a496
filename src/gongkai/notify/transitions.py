"""The state table of a notification: queued --send--> sent | queued (retry) | failed.

Only the system sends (``deliver`` after commit, or a task worker), so the policy is open; the
state check is what makes a second delivery of the same row a no-op.
"""

from __future__ import annotations

from django.db import models

from gongkai.core.transitions import Transition, Workflow, anyone
from gongkai.notify.models import Notification, State


class Action(models.TextChoices):
    SEND = "send", "发送"


NOTIFICATION: Workflow[Notification] = Workflow(
    name="notification",
    model=Notification,
    states=State,
    visible=anyone,
    not_found="未找到该通知。",
    effects_module="gongkai.notify.services",
    transitions=[
        Transition(Action.SEND, Action.SEND.label, frozenset({State.QUEUED}), State.SENT, anyone, interactive=False),
    ],
)
