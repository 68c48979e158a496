"""The task API (gongkai.core.tasks) in its embedded mode: queued on commit, run in-process, the
arguments through the broker's encoding; the registry, the schedule and the service commands."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from gongkai.core import tasks

pytestmark = pytest.mark.django_db

RUNS: list[dict] = []


@tasks.task(name="tests.probe")
def probe(**kwargs):
    RUNS.append(kwargs)
    return len(RUNS)


@pytest.fixture(autouse=True)
def _clear_runs(settings):
    settings.GONGKAI_TASK_BROKER_URL = ""
    RUNS.clear()


def test_a_task_runs_in_process_after_commit_and_not_after_a_rollback(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.enqueue("tests.probe", org_id=7, on=datetime.date(2025, 10, 27))
        assert RUNS == []  # not before the commit
    assert len(callbacks) == 1
    assert [{"org_id": 7, "on": datetime.date(2025, 10, 27)}] == RUNS  # the date comes back as a date


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_queues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.enqueue("tests.probe", org_id=1)
        raise RuntimeError("rolled back")
    assert RUNS == []
    with transaction.atomic():
        tasks.enqueue("tests.probe", org_id=2)
    assert RUNS == [{"org_id": 2}]
    tasks.enqueue("tests.probe", org_id=3)  # outside a transaction: at once
    assert RUNS[-1] == {"org_id": 3}


@pytest.mark.parametrize(
    "bad",
    [
        object(),
        datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        {"nested": "dict"},
        b"bytes",
    ],
)
def test_arguments_that_would_not_survive_the_broker_fail_in_process_too(bad):
    with pytest.raises(TypeError):
        tasks.enqueue("tests.probe", value=bad)
    assert RUNS == []


def test_model_instances_are_refused(superuser):
    with pytest.raises(TypeError):
        tasks.enqueue("tests.probe", user=superuser)


def test_oversized_arguments_are_refused():
    with pytest.raises(ValueError, match="too large"):
        tasks.enqueue("tests.probe", ids=list(range(20_000)))


def test_an_unknown_task_is_an_error_when_queued():
    with pytest.raises(LookupError):
        tasks.enqueue("search.no_such_task")


def test_encoding_round_trips_lists_of_dates():
    payload = tasks.encode({"days": [datetime.date(2025, 1, 2)], "n": 1, "s": "文", "none": None})
    assert tasks.decode(payload) == {"days": [datetime.date(2025, 1, 2)], "n": 1, "s": "文", "none": None}


def test_every_kind_of_background_work_is_a_registered_task():
    names = set(tasks.registry())
    assert {
        "search.index_pending",
        "foi.scan_deadlines",
        "reports.render_version",
        "reports.render_published",
        "disclosure.import_manifest",
        "inspection.scheduled_run",
        "notify.deliver",
        "notify.deliver_queued",
    } <= names


def test_a_name_cannot_be_taken_by_two_functions():
    def other():
        return None

    with pytest.raises(ValueError, match="registered twice"):
        tasks.task(name="tests.probe")(other)


def test_claim_lets_one_run_at_a_time():
    with tasks.claim("tests.claim", seconds=60) as first, tasks.claim("tests.claim", seconds=60) as second:
        assert (first, second) == (True, False)
    with tasks.claim("tests.claim", seconds=60) as again:
        assert again  # released when the holder finished


def test_the_schedule_names_only_registered_tasks(settings):
    from gongkai.config.celery import beat_schedule

    schedule = beat_schedule()
    assert schedule["search-index-catch-up"]["schedule"] == 60.0
    assert str(schedule["foi-deadline-scan"]["schedule"]).startswith("<crontab: 30 6 * * *")
    settings.GONGKAI_TASK_SCHEDULE = {"typo": {"task": "foi.scan_deadline", "every": 60}}
    with pytest.raises(LookupError):
        beat_schedule()


def test_the_scheduler_lists_its_plan(capsys):
    call_command("scheduler", "--list")
    out = capsys.readouterr().out
    assert "foi-deadline-scan: foi.scan_deadlines  cron 30 6 * * *" in out
    assert "search-index-catch-up: search.index_pending  每 60 秒" in out


@pytest.mark.parametrize("command", ["worker", "scheduler"])
def test_worker_and_scheduler_need_a_broker(command):
    with pytest.raises(CommandError, match="GONGKAI_TASK_BROKER_URL"):
        call_command(command)
