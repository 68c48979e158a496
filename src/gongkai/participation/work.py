"""What waits for a member of staff in the mailbox (the 公众参与 workbench's to-do table).

The steps come from the mailbox's state table (``Workflow.waiting_at``): a message is on a
person's list exactly when the page of that message would offer them its next step, so the
workbench and the case page cannot disagree about whose turn it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.actors import Actor
from gongkai.participation.models import Message
from gongkai.participation.selectors import messages_for_staff
from gongkai.participation.transitions import MESSAGE

# Per state, the messages read for one person's list (the soonest due first). A unit with more
# open messages than this in one state sees the most urgent ones, and the count says "at least".
PER_STATE = 100


@dataclass(frozen=True)
class Step:
    label: str  # 待转办, 待答复 ...
    count: int
    capped: bool  # PER_STATE messages of some state were read: there may be more


@dataclass(frozen=True)
class ToDo:
    step: str
    message: Message


def mailbox_to_do(actor: Actor) -> tuple[list[Step], list[ToDo]]:
    """The steps of the mailbox with how many messages wait at each for `actor`, and those
    messages (by step in the table's order, the soonest due first within a step)."""
    steps = {row.waiting: 0 for row in MESSAGE.waiting_steps()}
    capped: set[str] = set()
    rows: list[ToDo] = []
    for state in MESSAGE.work_states():
        read = list(messages_for_staff(actor, state=state)[:PER_STATE])
        for message in read:
            row = MESSAGE.waiting_at(actor, message)
            if row is not None:
                steps[row.waiting] = steps.get(row.waiting, 0) + 1
                rows.append(ToDo(row.waiting, message))
                if len(read) == PER_STATE:
                    capped.add(row.waiting)
    order = {label: i for i, label in enumerate(steps)}
    rows.sort(key=lambda item: order[item.step])  # stable: due date order within a step
    return [Step(label, count, label in capped) for label, count in steps.items()], rows
