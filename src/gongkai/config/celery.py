"""The Celery application (issue 25): only loaded when a broker is configured.

Everything else talks to gongkai.core.tasks; this module turns its registry into Celery tasks
(acks_late, retries with exponential backoff for transient errors, a hard time limit) and its
periodic table (settings.GONGKAI_TASK_SCHEDULE) into beat's schedule. `gongkai worker` and
`gongkai scheduler` run it; `celery -A gongkai.config.celery inspect active` and the other
Celery tools work against the same app.
"""

from __future__ import annotations

import functools
import os
from typing import Any, cast

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings.dev")
django.setup()

from celery import Celery  # noqa: E402
from celery.schedules import crontab  # noqa: E402
from django.conf import settings  # noqa: E402

from gongkai.core import tasks  # noqa: E402


def beat_schedule() -> dict[str, dict[str, Any]]:
    """settings.GONGKAI_TASK_SCHEDULE as beat entries: {"every": seconds} or {"cron": "m h dom mon dow"}."""
    schedule: dict[str, dict[str, Any]] = {}
    entries = cast(dict[str, dict[str, Any]], settings.GONGKAI_TASK_SCHEDULE)
    for key, entry in entries.items():
        tasks.get(entry["task"])  # an unknown name fails at start-up, not silently at run time
        if "every" in entry:
            when: Any = float(entry["every"])
        else:
            minute, hour, day_of_month, month_of_year, day_of_week = entry["cron"].split()
            when = crontab(minute, hour, day_of_week, day_of_month, month_of_year)
        schedule[key] = {"task": entry["task"], "schedule": when, "kwargs": entry.get("kwargs", {})}
    return schedule


def _make_app(broker_url: str) -> Celery:
    app = Celery("gongkai")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = broker_url
    app.conf.beat_schedule = beat_schedule()
    for spec in tasks.registry().values():
        _register(app, spec)
    return app


def _register(app: Celery, spec: tasks.TaskSpec) -> None:
    def run(**payload: Any) -> None:
        tasks.run(spec.name, payload)

    run.__name__ = spec.name.replace(".", "_")
    app.task(
        name=spec.name,
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=spec.retry_for,
        max_retries=spec.retries,
        retry_backoff=5,
        retry_backoff_max=600,
        retry_jitter=True,
        time_limit=spec.time_limit,
        soft_time_limit=max(spec.time_limit - 30, 1),
        ignore_result=True,
    )(run)


@functools.cache
def app_for(broker_url: str) -> Celery:
    """The app for a broker URL: one per process in a deployment (tests change the URL)."""
    return app if broker_url == app.conf.broker_url else _make_app(broker_url)


app = _make_app(tasks.broker_url())
