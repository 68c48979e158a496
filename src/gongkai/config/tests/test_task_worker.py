"""Every kind of task through the real broker (Redis) to a real Celery worker in another process,
against the test database (SQLite or PostgreSQL): indexing, the deadline scan with its reminders,
report rendering, a manifest import, the quarterly inspection and a notification; each queued
twice, applied once;
a task that finds its work busy is retried with backoff and then succeeds.

One worker per module (`gongkai worker --pool solo`), started once. Redis database 9 + the xdist
worker index is this module's broker (db 9 for gw0, 10 for gw1); it is emptied before and after.
"""

import datetime
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.db import connection

from gongkai.core.tasks import claim, enqueue
from gongkai.reports.tests.conftest import fixture_year, staff  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date.fromisoformat
WAIT_SECONDS = 90  # a shared two-core machine under a full test run is slow; success comes in ~1 s


def _index() -> int:
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


BROKER = f"redis://127.0.0.1:6379/{9 + _index()}"


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait(what: str, done: Callable[[], object], log: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not done after {WAIT_SECONDS} s\n" + log.read_text(errors="replace")[-4000:])
        time.sleep(0.1)


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path, search_dir: Path, cache_url: str) -> None:
        self.process, self.log, self.search_dir, self.cache_url = process, log, search_dir, cache_url
        self.redis = redis.Redis.from_url(BROKER)

    def drained(self) -> bool:
        """Nothing waiting, nothing running (acks_late: a running task stays in `unacked`), no retry due."""
        queued = sum(int(self.redis.llen(queue)) for queue in ("celery", "search"))
        return queued == 0 and self.redis.hlen("unacked") == 0 and self.process.poll() is None

    def wait(self, what: str, done: Callable[[], object]) -> None:
        _wait(what, lambda: self.drained() and done(), self.log)


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("task-worker")
    redis.Redis.from_url(BROKER).flushdb()
    with django_db_blocker.unblock():
        database_url = _database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.test",
        "DATABASE_URL": database_url,
        "GONGKAI_TASK_BROKER_URL": BROKER,
        "GONGKAI_SEARCH_DIR": str(tmp / "index"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    cache_url = os.environ.get("REDIS_URL", "")
    if not cache_url:
        # The worker and this process must share a cache (rendered reports, task claims): the
        # worker's test settings move REDIS_URL down by the xdist index, so give it one up.
        env["REDIS_URL"] = f"redis://127.0.0.1:6379/{9 + 2 * _index() if 'PYTEST_XDIST_WORKER' in os.environ else 9}"
        cache_url = BROKER
    log = tmp / "worker.log"
    command = [sys.executable, "-m", "gongkai", "worker", "--pool=solo", "--loglevel=INFO"]
    command.append(f"--hostname=gongkai-test-{_index()}@%h")
    process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    _wait("worker start", lambda: "ready." in log.read_text(errors="replace") or process.poll() is not None, log)
    assert process.poll() is None, log.read_text(errors="replace")[-4000:]
    yield Worker(process, log, tmp / "index", cache_url)
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    redis.Redis.from_url(BROKER).flushdb()


@pytest.fixture
def broker(settings, worker):
    """This process queues to the worker; its cache is the worker's."""
    settings.GONGKAI_TASK_BROKER_URL = BROKER
    settings.GONGKAI_SEARCH_DIR = str(worker.search_dir)
    settings.GONGKAI_SEARCH_INLINE = True
    if not os.environ.get("REDIS_URL"):
        settings.CACHES = {
            alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": worker.cache_url}
            for alias in ("default", "ratelimit")
        }
    return worker


def test_indexing_runs_on_the_worker_and_a_busy_run_is_retried(broker, org_tree, make_user):
    from gongkai.core.models import OutboxEvent
    from gongkai.orgs.roles import Role
    from gongkai.search.engine import SearchIndex
    from gongkai.search.models import IndexCursor
    from gongkai.search.tests.test_integration import publish

    people = {
        "editor": make_user("editor", org=org_tree["dept"], role=Role.EDITOR),
        "reviewer": make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "approver": make_user("approver", org=org_tree["county"], role=Role.APPROVER),
    }

    def indexed() -> bool:
        newest = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        return IndexCursor.objects.filter(name="search", last_event_id=newest).exists()

    # The claim is held here, as by a run on another machine: the worker's run is refused and retried.
    with claim("search.index_pending", seconds=120):
        item = publish(people, org_tree, title="关于农村公路养护资金的通知", doc_number="")  # queues the task
        _wait("the busy run logged", lambda: "Retry in" in broker.log.read_text(errors="replace"), broker.log)
        assert not indexed()
    broker.wait("indexing after the retry", indexed)
    index = SearchIndex(broker.search_dir)
    try:
        assert [entry.id for entry in index.entries()] == [f"publication:{item.pk}"]
    finally:
        index.close()


def test_the_deadline_scan_runs_twice_on_the_worker_and_reminds_once(broker, org_tree, make_user):
    from gongkai.foi import services
    from gongkai.foi.models import Reminder
    from gongkai.foi.tests.conftest import applicant, request
    from gongkai.orgs.roles import Role

    officer = make_user("foi-officer", org=org_tree["dept"], role=Role.FOI_OFFICER)
    app, _ = services.application_register(
        actor=officer,
        org=org_tree["dept"],
        applicant=applicant(),
        request=request(),
        receipt=services.Receipt("in_person", D("2025-09-26")),
        today=D("2025-09-26"),
    )
    services.application_accept(actor=officer, application=app, on=D("2025-09-29"))
    enqueue("foi.scan_deadlines", today=D("2025-10-27"))
    enqueue("foi.scan_deadlines", today=D("2025-10-27"))
    broker.wait("the scan", lambda: Reminder.objects.exists())
    assert list(Reminder.objects.values_list("application_id", "kind", "due_on")) == [
        (app.pk, "due_soon", D("2025-10-30"))
    ]


def test_a_published_report_is_rendered_on_the_worker(broker, fixture_year, staff):  # noqa: F811
    from gongkai.reports.tests.test_tasks import published_version

    version = published_version(fixture_year, staff)
    keys = [f"reports:file:{version.pk}:{fmt}" for fmt in ("pdf", "docx", "xlsx")]
    cache.delete_many(keys)
    enqueue("reports.render_version", version_id=version.pk)
    enqueue("reports.render_version", version_id=version.pk)
    broker.wait("the rendering", lambda: all(cache.get(key) is not None for key in keys))
    assert cache.get(keys[0]).startswith(b"%PDF")


def test_a_manifest_is_imported_once_on_the_worker(broker, org_tree, superuser, tmp_path):
    from gongkai.disclosure.models import Publication
    from gongkai.disclosure.tests.test_import import manifest_rows, write_xlsx

    path = tmp_path / "清单.xlsx"
    write_xlsx(path, manifest_rows(6, bad_lines=[2, 3, 4]))
    enqueue("disclosure.import_manifest", path=str(path), username=superuser.username)
    enqueue("disclosure.import_manifest", path=str(path), username=superuser.username)
    broker.wait("the import", lambda: Publication.objects.exists())
    assert Publication.objects.count() == 3


def test_the_quarterly_inspection_runs_once_on_the_worker(broker, org_tree, make_user):
    from gongkai.inspection import services
    from gongkai.inspection.models import Inspection
    from gongkai.orgs.roles import Role

    admin = make_user("county-admin", org=org_tree["county"], role=Role.ADMIN)
    site = services.site_register(actor=admin, org=org_tree["dept"], name="县卫健委网站")
    enqueue("inspection.scheduled_run", username=admin.username, as_of=D("2025-06-30"), max_pages=50)
    enqueue("inspection.scheduled_run", username=admin.username, as_of=D("2025-06-30"), max_pages=50)
    broker.wait("the inspection", lambda: Inspection.objects.exists())
    assert list(Inspection.objects.values_list("site_id", "quarter")) == [(site.pk, "2025Q2")]


def test_a_notification_is_delivered_once_on_the_worker(broker):
    from gongkai.notify.models import Notification, State

    # Stored as queued without the service's own after-commit delivery: the worker sends it.
    notification = Notification.objects.create(
        channel="sms", recipient="13800000000", body="您的申请已受理。", idempotency_key="test-task-worker-1"
    )
    enqueue("notify.deliver", notification_id=notification.pk)
    enqueue("notify.deliver", notification_id=notification.pk)
    broker.wait("the delivery", lambda: Notification.objects.filter(pk=notification.pk, state=State.SENT).exists())
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (State.SENT, 1)  # sent once
