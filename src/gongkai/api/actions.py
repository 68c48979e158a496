"""The ``actions`` of a record in every API answer: its workflow's ``available_actions`` for the
caller, each with the label a clerk reads on the button. One shape for every module."""

from typing import Any

from ninja import Schema

from gongkai.core.actors import Actor
from gongkai.core.transitions import Workflow


class ActionOut(Schema):
    """A next step the caller may take now (the state table's ``available_actions``)."""

    action: str
    label: str


def actions_of(
    workflow: Workflow[Any], actor: Actor, obj: Any, *, interactive_only: bool = False
) -> list[dict[str, str]]:
    """Exactly what the services would accept from this caller now."""
    rows = workflow.available_actions(actor, obj, interactive_only=interactive_only)
    return [{"action": row.action, "label": row.label} for row in rows]
