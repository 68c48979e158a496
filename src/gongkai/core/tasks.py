"""Background tasks: the one API the rest of the code uses (issue 25).

    @task(name="search.index_pending")
    def index_pending() -> None: ...

    enqueue("search.index_pending")            # after the current transaction commits

Without a broker (GONGKAI_TASK_BROKER_URL empty, the embedded default) a queued task runs in
this process, synchronously, once the transaction commits: the demo and a small site need no
extra service. With a broker the task goes to Celery (gongkai.config.celery, imported only
then) and a `gongkai worker` process on any machine runs it, with retries and acks_late.

Arguments are keyword-only, JSON values (ids, strings, numbers) or dates: never model instances,
because a worker reads the current row from the database itself. Both modes pass them through the
same encoding, so an argument that would not survive the broker fails in the embedded mode too.
Every task must be idempotent (safe to run twice): a broker redelivers a task whose worker died.
"""

from __future__ import annotations

import datetime
import importlib
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import OperationalError, transaction

logger = logging.getLogger(__name__)


class Busy(Exception):
    """Another run of the same task holds its claim: try again later (a broker retries it)."""


# Errors worth another try later (the database restarting, a site timing out); anything else is
# a bug or bad input, and retrying it would only repeat the failure.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, TimeoutError)
MAX_KWARGS_BYTES = 64 * 1024  # arguments are ids and dates; a bigger payload is a misuse


@dataclass(frozen=True)
class TaskSpec:
    name: str
    func: Callable[..., Any]
    retries: int
    retry_for: tuple[type[BaseException], ...]
    time_limit: int  # seconds before the worker kills a stuck run (Celery only)


_registry: dict[str, TaskSpec] = {}
_discovered = False


def task(
    *,
    name: str,
    retries: int = 5,
    retry_for: tuple[type[BaseException], ...] = TRANSIENT_ERRORS,
    time_limit: int = 3600,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a plain function as the task `name` ("app.verb"); the function is returned unchanged."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        existing = _registry.get(name)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"task {name!r} is registered twice")
        _registry[name] = TaskSpec(name, func, retries, retry_for, time_limit)
        return func

    return register


def discover() -> None:
    """Import every installed app's `tasks` module once, so that every task is registered."""
    global _discovered
    if _discovered:
        return
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai."):
            continue
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
    _discovered = True


def registry() -> dict[str, TaskSpec]:
    discover()
    return dict(_registry)


def get(name: str) -> TaskSpec:
    discover()
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"unknown task {name!r}") from None


# --- arguments: JSON, with dates marked so that they come back as dates --------------------------


def encode(kwargs: dict[str, Any]) -> dict[str, Any]:
    def value(v: Any) -> Any:
        if isinstance(v, datetime.datetime):
            raise TypeError("pass a date or an ISO string, not a datetime (its time zone would be lost)")
        if isinstance(v, datetime.date):
            return {"__date__": v.isoformat()}
        if isinstance(v, list | tuple):
            return [value(x) for x in v]
        if v is None or isinstance(v, str | int | float | bool):
            return v
        raise TypeError(f"task arguments are JSON values or dates, not {type(v).__name__}")

    payload = {key: value(v) for key, v in kwargs.items()}
    if len(json.dumps(payload)) > MAX_KWARGS_BYTES:
        raise ValueError("task arguments are too large: pass ids, not content")
    return payload


def decode(payload: dict[str, Any]) -> dict[str, Any]:
    def value(v: Any) -> Any:
        if isinstance(v, dict) and set(v) == {"__date__"}:
            return datetime.date.fromisoformat(v["__date__"])
        if isinstance(v, list):
            return [value(x) for x in v]
        return v

    return {key: value(v) for key, v in payload.items()}


# --- queueing --------------------------------------------------------------------------------------


def broker_url() -> str:
    return str(getattr(settings, "GONGKAI_TASK_BROKER_URL", "") or "")


def enqueue(name: str, /, **kwargs: Any) -> None:
    """Queue the task `name` to run once the current transaction commits (at once outside one).
    A rolled-back transaction queues nothing: a task never sees data that was not committed."""
    spec = get(name)
    payload = encode(kwargs)
    url = broker_url()
    if url:
        transaction.on_commit(lambda: _send(spec.name, payload, url))
    else:
        transaction.on_commit(lambda: _run_embedded(spec.name, payload))


def _send(name: str, payload: dict[str, Any], url: str) -> None:
    from gongkai.config.celery import app_for  # only with a broker: the embedded mode never loads Celery

    app_for(url).send_task(name, kwargs=payload)


def _run_embedded(name: str, payload: dict[str, Any]) -> None:
    try:
        run(name, payload)
    except Busy:
        # Another request's run of the same task is at work in this process group; the next
        # enqueue or the catch-up run picks up whatever it did not see.
        logger.info("task %s skipped: another run is in progress", name)


def run(name: str, payload: dict[str, Any]) -> Any:
    """Run a task here and now, from its encoded arguments (the worker and the embedded mode)."""
    spec = get(name)
    return spec.func(**decode(payload))


def run_now(name: str, /, **kwargs: Any) -> Any:
    """Run a task in this process at once, through the same encoding (commands without --queue)."""
    return run(name, encode(kwargs))


# --- idempotency keys ------------------------------------------------------------------------------


@contextmanager
def claim(key: str, *, seconds: int) -> Iterator[bool]:
    """Yield True if no other run holds `key`, False if one does. For work that two concurrent
    runs could apply twice (the checks of "already done" and the write are not atomic). Relies on
    the cache's atomic add(): Redis (REDIS_URL) in a deployment with workers; in the embedded mode
    tasks run one at a time in the process that queued them."""
    from django.core.cache import cache

    cache_key = f"gongkai:task-claim:{key}"
    won = bool(cache.add(cache_key, 1, seconds))
    try:
        yield won
    finally:
        if won:
            cache.delete(cache_key)
