"""The transition engine: every workflow is one table, and one ``apply()`` performs its writes.

A workflow declares, once, for each action: the states it may be taken from, the state it leads
to, and the policy that says who may take it. Services register the action's *effect* (its own
validation and changes) with ``@WORKFLOW.effect(action)``; pages and the API ask
``available_actions(actor, obj)``, which answers from the same table and policies. So a clerk is
offered exactly what the service would accept, and nothing else.

``apply()`` does the write shape every workflow needs, in this order, in one durable transaction:

1. lock the row (``select_for_update``; only the row itself, since PostgreSQL refuses to lock
   the nullable side of an outer join);
2. visibility: a record the actor may not see is *not found* (404), so existence never leaks;
3. permission (403), from the action's policy;
4. state (409 ``illegal_transition``), from the table;
5. the action's effect: its own validation (422) and its changes;
6. save with ``update_fields`` (the state field included when it moves);
7. one audit row with the state before and after;
8. side effects queued with ``transaction.on_commit``.

Effects that must move a second record take the nested form, ``apply_nested()``, inside the
same transaction: a service calling a service is one transaction, never two durable blocks.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

Policy = Callable[[Actor, M], bool]
"""Who may take an action on a record: ``policy(actor, obj) -> bool``."""


def anyone(actor: Actor, obj: Any) -> bool:
    """A policy for actions open to everyone who can see the record."""
    return True


@dataclass(frozen=True)
class Transition(Generic[M]):
    """One row of a workflow's table."""

    action: str
    label: str
    sources: frozenset[str]
    target: str | None
    policy: Policy[M]
    denied: str = "您没有执行此操作的权限。"
    # A condition on the record beyond its state field (a date window, a published revision ...),
    # checked with the state: when it fails, the action is not open now (409), whoever asks.
    when: Callable[[M], bool] | None = None
    when_fails: str = ""
    audit_action: str = ""
    # Shown to people (a button, a menu) or only called by programs and other services.
    interactive: bool = True
    # What a work list calls a record waiting for this action, when "待" + label reads badly
    # (审核通过 -> 待审核答复).
    waiting_label: str = ""

    @property
    def waiting(self) -> str:
        """The work-list step of a record waiting for this action: 待转办, 待答复 ..."""
        return self.waiting_label or f"待{self.label}"

    def state_allows(self, obj: M, state: str) -> bool:
        if state not in self.sources:
            return False
        return self.when is None or self.when(obj)


@dataclass
class Context(Generic[M]):
    """What an effect works with: the locked record, who acts, the action's data, and what to save."""

    actor: Actor
    obj: M
    transition: Transition[M]
    data: dict[str, Any]
    changed: set[str] = field(default_factory=set)
    target: str | None = None
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    _callbacks: list[Callable[[], None]] = field(default_factory=list)

    def update(self, **values: Any) -> None:
        """Set fields on the record; the engine saves exactly these (``update_fields``)."""
        for name, value in values.items():
            setattr(self.obj, name, value)
            self.changed.add(name)

    def touch(self, *names: str) -> None:
        """Fields the effect assigned itself (e.g. through a helper) that must be saved."""
        self.changed.update(names)

    def move_to(self, state: str | None) -> None:
        """Override the table's target for this run (an action whose result decides the state)."""
        self.target = state

    def on_commit(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)


Effect = Callable[[Context[M]], Any]


class Workflow(Generic[M]):
    """A state table over one model, with the engine that applies it."""

    def __init__(
        self,
        *,
        name: str,
        model: type[M],
        states: type[models.TextChoices],
        transitions: Iterable[Transition[M]],
        visible: Policy[M],
        not_found: str = "未找到该记录。",
        state_field: str = "state",
        lock_related: tuple[str, ...] = (),
        effects_module: str = "",
        side_tasks: Iterable[str] = (),
        suggest: Mapping[str, Iterable[str]] | Callable[[M], Iterable[str]] | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.states = states
        self.visible = visible
        self.not_found = not_found
        self.state_field = state_field
        self.lock_related = lock_related
        self.effects_module = effects_module
        self.table: dict[str, Transition[M]] = {}
        for row in transitions:
            if row.action in self.table:
                raise ValueError(f"{name}: action {row.action!r} declared twice")
            unknown = (row.sources | ({row.target} if row.target else set())) - set(states.values)
            if unknown:
                raise ValueError(f"{name}.{row.action}: unknown states {sorted(unknown)}")
            self.table[row.action] = row
        # The suggested next step (docs/staff-ui.md, 案件页面): what comes first among the actions
        # a page offers. ``suggest`` names the actions to put first, per state or from the record;
        # ``side_tasks`` are never the suggestion (修改, 上传附件, 撤回 ...); the rest keep the
        # table's order, which is the workflow's natural path.
        self.side_tasks = frozenset(str(a) for a in side_tasks)
        self.suggest = suggest
        for action in self.side_tasks | set(self._suggested_anywhere()):
            if action not in self.table:
                raise ValueError(f"{name}: suggestion names unknown action {action!r}")
        self._effects: dict[str, Effect[M]] = {}

    # --- declaring effects ------------------------------------------------------------------------

    def effect(self, action: str) -> Callable[[Effect[M]], Effect[M]]:
        """Register the function that validates and performs ``action`` (in the services)."""
        if action not in self.table:
            raise ValueError(f"{self.name}: no action {action!r} in the table")

        def register(fn: Effect[M]) -> Effect[M]:
            self._effects[str(action)] = fn
            return fn

        return register

    def _effect_of(self, action: str) -> Effect[M] | None:
        if action not in self._effects and self.effects_module:
            importlib.import_module(self.effects_module)
        return self._effects.get(action)

    # --- reading the table ------------------------------------------------------------------------

    def transition(self, action: str) -> Transition[M]:
        try:
            return self.table[str(action)]
        except KeyError:
            raise NotFound("没有该操作。", code="unknown_action") from None

    def state_of(self, obj: M) -> str:
        return str(getattr(obj, self.state_field))

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def state_allows(self, obj: M, action: str) -> bool:
        return self.transition(action).state_allows(obj, self.state_of(obj))

    def available_actions(self, actor: Actor, obj: M, *, interactive_only: bool = False) -> list[Transition[M]]:
        """The actions ``actor`` may take on ``obj`` now: state, condition and policy all allow it.

        This is what the API's ``actions`` field and every back-office page show.
        """
        if not self.visible(actor, obj):
            return []
        state = self.state_of(obj)
        return [
            row
            for row in self.table.values()
            if (row.interactive or not interactive_only) and row.state_allows(obj, state) and row.policy(actor, obj)
        ]

    def waiting_at(self, actor: Actor, obj: M) -> Transition[M] | None:
        """The step ``obj`` waits at for ``actor``, for work lists (待转办, 待答复 ...): the state's
        suggested action when the actor may take it; in a state without a suggestion, the first
        action of the table the actor may take that is not a side task. None when the record
        waits for someone else: a routed message waits for 答复, and someone who could only
        re-route it (改派) has nothing to do on it."""
        offered = {row.action: row for row in self.available_actions(actor, obj, interactive_only=True)}
        suggested = self.suggested_first(obj)
        if suggested:
            return next((offered[action] for action in suggested if action in offered), None)
        return next((row for row in offered.values() if row.action not in self.side_tasks), None)

    def _may_wait_for(self, state: str) -> list[Transition[M]]:
        """The actions a record in ``state`` can wait for (what waiting_at can answer there)."""
        rows = [
            row
            for row in self.table.values()
            if row.interactive and row.action not in self.side_tasks and state in row.sources
        ]
        if isinstance(self.suggest, Mapping) and self.suggest.get(state):
            suggested = {str(action) for action in self.suggest[state]}
            return [row for row in rows if row.action in suggested]
        return rows

    def work_states(self) -> list[str]:
        """The states in which a record can wait for someone, in the order of the state
        choices: what a work list queries."""
        return [str(state) for state in self.states.values if self._may_wait_for(str(state))]

    def waiting_steps(self) -> list[Transition[M]]:
        """Every action a record can wait for, in the table's order: a work list's columns."""
        waiting = {row.action for state in self.work_states() for row in self._may_wait_for(state)}
        return [row for row in self.table.values() if row.action in waiting]

    def _suggested_anywhere(self) -> Iterator[str]:
        if isinstance(self.suggest, Mapping):
            for state, actions in self.suggest.items():
                if state not in self.states.values:
                    raise ValueError(f"{self.name}: suggestion for unknown state {state!r}")
                yield from (str(a) for a in actions)

    def suggested_first(self, obj: M) -> tuple[str, ...]:
        """The actions to offer first for ``obj``, best first (whether the actor may take them or not)."""
        if self.suggest is None:
            return ()
        if isinstance(self.suggest, Mapping):
            return tuple(str(a) for a in self.suggest.get(self.state_of(obj), ()))
        return tuple(str(a) for a in self.suggest(obj))

    def in_suggested_order(self, obj: M, actions: Iterable[T], *, key: Callable[[T], str]) -> list[T]:
        """``actions`` (transitions, page rows …) with the suggested next step first.

        The suggestion is the first of ``suggested_first(obj)`` on offer, else the first action in
        the table's order that is not a side task; side tasks come last.
        """
        first = self.suggested_first(obj)
        position = {action: i for i, action in enumerate(self.table)}

        def rank(item: T) -> tuple[int, int]:
            action = key(item)
            if action in first:
                return (0, first.index(action))
            return (2 if action in self.side_tasks else 1, position.get(action, len(position)))

        return sorted(actions, key=rank)  # within each rank, the table's order

    def pairs(self) -> Iterator[tuple[str, Transition[M], bool]]:
        """Every (state, action) pair with whether the table's state column allows it (for tests)."""
        for state in self.states.values:
            for row in self.table.values():
                yield str(state), row, state in row.sources

    # --- applying ---------------------------------------------------------------------------------

    def apply(self, actor: Actor, obj_or_id: M | int, action: str, **data: Any) -> Any:
        """Perform ``action`` on the record as one durable transaction; returns the effect's result."""
        with transaction.atomic(durable=True):
            return self._apply(actor, obj_or_id, action, data)

    def apply_nested(self, actor: Actor, obj_or_id: M | int, action: str, **data: Any) -> Any:
        """The same, inside the caller's transaction (one service calling another's action)."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("apply_nested() must run inside the caller's transaction")
        with transaction.atomic():
            return self._apply(actor, obj_or_id, action, data)

    def lock(self, obj_or_id: M | int) -> M:
        pk = obj_or_id.pk if isinstance(obj_or_id, models.Model) else obj_or_id
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.lock_related:
            queryset = queryset.select_related(*self.lock_related)
        try:
            return queryset.get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise NotFound(self.not_found) from None

    def refuse(self, obj: M, row: Transition[M], message: str = "") -> Conflict:
        state = self.state_of(obj)
        return Conflict(
            message or row.when_fails or f"“{self.state_label(state)}”状态下不能{row.label}。",
            code="illegal_transition",
            extra={"state": state, "action": row.action},
        )

    def _apply(self, actor: Actor, obj_or_id: M | int, action: str, data: dict[str, Any]) -> Any:
        row = self.transition(action)
        obj = self.lock(obj_or_id)
        if not self.visible(actor, obj):
            raise NotFound(self.not_found)
        if not row.policy(actor, obj):
            raise PermissionDenied(row.denied)
        before = self.state_of(obj)
        if before not in row.sources:
            raise self.refuse(obj, row)
        if row.when is not None and not row.when(obj):
            raise self.refuse(obj, row)
        effect = self._effect_of(row.action)
        if effect is None:
            raise RuntimeError(f"{self.name}.{row.action}: no effect registered")
        ctx: Context[M] = Context(actor=actor, obj=obj, transition=row, data=data, target=row.target)
        result = effect(ctx)
        if ctx.target is not None and ctx.target != before:
            setattr(obj, self.state_field, ctx.target)
            ctx.changed.add(self.state_field)
        if ctx.changed:
            obj.save(update_fields=sorted(ctx.changed))
        after = self.state_of(obj)
        audit_record(
            actor=actor,
            action=row.audit_action or f"{self.name}.{row.action}",
            obj=obj,
            before={"state": before, **ctx.before},
            after={"state": after, **ctx.after},
            note=ctx.note,
        )
        for callback in ctx._callbacks:
            transaction.on_commit(callback)
        return result


def labels(rows: Iterable[Transition[Any]]) -> Mapping[str, str]:
    """``{action: label}`` for a list of available actions (templates, API)."""
    return {row.action: row.label for row in rows}


def audit_labels(*workflows: Workflow[Any]) -> dict[str, str]:
    """``{audit action code: Chinese label}`` for every action of ``workflows`` (timelines)."""
    return {
        row.audit_action or f"{workflow.name}.{row.action}": row.label
        for workflow in workflows
        for row in workflow.table.values()
    }
