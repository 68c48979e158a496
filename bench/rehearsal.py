"""Loopback rehearsal of the several-machine layout (issue 25 item 5). Not part of CI.

    uv run python bench/rehearsal.py --seconds 60 [--publications 2000] [--json out.json]

On this machine, against PostgreSQL (127.0.0.1:5432, user postgres) and Redis (db 12 broker,
db 13 cache), all with the production settings:
1. drops and recreates the database `gk_rehearsal`, flushes Redis dbs 12 and 13, migrates,
   loads the demo (`gongkai demo --no-serve`) and N extra publications through the bulk import
   service (publication_import_batch);
2. starts the indexer (`gongkai search worker`; --indexer task-worker: deploy/'s `gongkai worker
   --queues search`), 2 web nodes (`gongkai serve`, replica role), 2 task workers (`gongkai
   worker --queues celery`) and 1 `gongkai scheduler`; waits for 200 on / and /api/v1/health
   and a served snapshot holding every event so far;
3. for --seconds: C public clients (home page, item pages, the search API and page, the
   publication list API) spread over both nodes; one staff writer publishing an item with a
   unique marker every --write-every seconds through the service layer (publication_import,
   in this process); a poller measuring, per marker, the time until BOTH nodes find it through
   /api/v1/search (index lag); and a batch of notifications, each queued twice (notify.deliver);
4. then checks: every notification sent exactly once (state, attempts, and the SMS lines the
   workers logged), nothing left in the broker queues or unacknowledged, every marker findable;
5. stops everything (process groups, always, also on error) and prints the report.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import json
import logging
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
DB = "gk_rehearsal"
DB_URL = f"postgresql://postgres@127.0.0.1:5432/{DB}"
BROKER = "redis://127.0.0.1:6379/12"
CACHE = "redis://127.0.0.1:6379/13"
QUERIES = ["政务公开", "最低生活保障", "农村", "通知", "财政预算", "养老服务", "公路", "教育"]


def sh(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False, cwd=ROOT, timeout=1800)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Cluster:
    """The processes of the rehearsal, each in its own process group (its children die with it)."""

    def __init__(self, work: Path, interval: float) -> None:
        self.work = work
        self.snapshots = work / "snapshots"
        self.base = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.production",
            "DATABASE_URL": DB_URL,
            "REDIS_URL": CACHE,
            "GONGKAI_TASK_BROKER_URL": BROKER,
            "SECRET_KEY": "rehearsal-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",  # loopback HTTP; the TLS proxy is not part of the rehearsal
            "GONGKAI_SEARCH_SNAPSHOT_DIR": str(self.snapshots),
            "GONGKAI_SEARCH_SNAPSHOT_INTERVAL": str(interval),
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "INFO",
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.webs: list[str] = []

    def env(self, kind: str, **extra: str) -> dict[str, str]:
        data = self.work / kind
        data.mkdir(parents=True, exist_ok=True)
        return {**self.base, "GONGKAI_DATA_DIR": str(data), **extra}

    def indexer_env(self) -> dict[str, str]:
        return self.env("indexer", GONGKAI_SEARCH_ROLE="writer", GONGKAI_SEARCH_DIR=str(self.work / "index"))

    def web_env(self) -> dict[str, str]:
        # Both nodes share one data directory (static files, uploads), as behind one file share.
        return self.env("web", GONGKAI_SEARCH_ROLE="replica", GONGKAI_SEARCH_DIR=str(self.work / "web-index"))

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = (self.work / f"{name}.log").open("wb")
        command = [sys.executable, "-m", "gongkai", *args]
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_all(self, web_workers: int, indexer: str) -> None:
        if indexer == "search-worker":
            self.start("indexer", ["search", "worker"], self.indexer_env())
        else:  # deploy/'s layout with a broker: the `search` queue's one worker runs search.index_pending
            task_worker = ["worker", "--queues", "search", "--concurrency", "1", "--hostname", "indexer@%h"]
            self.start("indexer", task_worker, self.indexer_env())
        sh(sys.executable, "-m", "gongkai", "collectstatic", "--noinput", "-v", "0", env=self.web_env())
        for n in (1, 2):
            port = free_port()
            serve = ["serve", "--no-collectstatic", "--bind", f"127.0.0.1:{port}", "--workers", str(web_workers)]
            self.start(f"web{n}", serve, self.web_env())
            self.webs.append(f"http://127.0.0.1:{port}")
        for n in (1, 2):
            worker = ["worker", "--queues", "celery", "--concurrency", "2", "--hostname", f"worker{n}@%h"]
            self.start(f"worker{n}", worker, self.env(f"worker{n}", GONGKAI_SEARCH_DIR=str(self.work / "w-index")))
        self.start("scheduler", ["scheduler"], self.env("scheduler"))

    def log(self, name: str) -> str:
        path = self.work / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise SystemExit(f"{name} exited ({process.returncode}):\n{self.log(name)[-4000:]}")

    def wait_ready(self, timeout: float = 240) -> float:
        start = time.monotonic()
        deadline = start + timeout
        pending = [f"{base}{path}" for base in self.webs for path in ("/", "/api/v1/health")]
        pending += [f"{base}/api/v1/search?q=政务公开" for base in self.webs]  # a snapshot is served
        while pending:
            self.check_alive()
            if time.monotonic() > deadline:
                raise SystemExit(f"not ready after {timeout} s: {pending}")
            try:
                if httpx.get(pending[0], timeout=30).status_code == 200:
                    pending.pop(0)
                    continue
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        for name in ("worker1", "worker2"):
            while "ready." not in self.log(name):
                self.check_alive()
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name} not ready:\n{self.log(name)[-3000:]}")
                time.sleep(0.5)
        return time.monotonic() - start

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def prepare(cluster: Cluster, publications: int) -> dict[str, float]:
    timings, start = {}, time.monotonic()
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", DB)
    sh("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    for url in (BROKER, CACHE):
        redis.Redis.from_url(url).flushdb()
    env = cluster.indexer_env()
    sh(sys.executable, "-m", "gongkai", "migrate", "--noinput", "-v", "0", env=env)
    timings["migrate_s"] = time.monotonic() - start
    sh(sys.executable, "-m", "gongkai", "demo", "--no-serve", env=env)
    timings["demo_s"] = time.monotonic() - start - timings["migrate_s"]
    if publications:
        began = time.monotonic()
        bulk_publications(publications)
        timings["bulk_import_s"] = time.monotonic() - began
    return timings


def setup_django(cluster: Cluster) -> None:
    """This process is the staff writer: the same settings as the nodes (a process of its own)."""
    os.environ.update(cluster.env("writer", GONGKAI_SEARCH_DIR=str(cluster.work / "writer-index")))
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll would bury the report


def operator_and_orgs() -> tuple[Any, list[Any]]:
    from django.contrib.auth import get_user_model

    from gongkai.orgs.models import Organization

    operator = get_user_model().objects.get(username="demo-operator")
    return operator, list(Organization.objects.order_by("pk"))


def bulk_publications(count: int) -> None:
    from gongkai.disclosure.services.bulk_import import BATCH_SIZE, ImportItem, publication_import_batch

    operator, orgs = operator_and_orgs()
    rng = random.Random(25)
    words = ["农村公路养护", "最低生活保障", "财政预算", "养老服务", "义务教育", "政务公开", "安全生产", "医疗保障"]
    items = []
    for i in range(count):
        topic = rng.choice(words)
        items.append(
            ImportItem(
                org=orgs[i % len(orgs)],
                title=f"关于{topic}工作的通知（第{i + 1}号）",
                body=f"为做好{topic}工作，现将有关事项通知如下。" * 20,
                published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 700),
                source_key=f"rehearsal:bulk:{i}",
            )
        )
    for start in range(0, count, BATCH_SIZE):
        outcomes = publication_import_batch(actor=operator, items=items[start : start + BATCH_SIZE])
        errors = [o.error for o in outcomes if o.error is not None]
        if errors:
            raise SystemExit(f"bulk import failed: {errors[:3]}")


class Load:
    def __init__(self, webs: list[str], item_ids: list[int]) -> None:
        self.webs = webs
        self.item_ids = item_ids
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.statuses: collections.Counter[tuple[str, int]] = collections.Counter()
        self.errors: list[str] = []

    def record(self, kind: str, status: int, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.statuses[(kind, status)] += 1
            if status >= 500 and len(self.errors) < 20:
                self.errors.append(f"{kind} {status} {detail}")

    def client(self, n: int, stop: threading.Event) -> None:
        rng = random.Random(n)
        kinds = ["home", "item", "item", "search_api", "search_page", "api_list"]
        with httpx.Client(timeout=60) as http:
            while not stop.is_set():
                base = self.webs[rng.randrange(len(self.webs))]
                kind = rng.choice(kinds)
                if kind == "home":
                    url = f"{base}/"
                elif kind == "item":
                    url = f"{base}/info/{rng.choice(self.item_ids)}/"
                elif kind == "search_api":
                    url = f"{base}/api/v1/search?q={rng.choice(QUERIES)}"
                elif kind == "search_page":
                    url = f"{base}/search/?q={rng.choice(QUERIES)}"
                else:
                    url = f"{base}/api/v1/publications?page={rng.randint(1, 5)}"
                began = time.monotonic()
                try:
                    status = http.get(url).status_code
                except httpx.TransportError as exc:
                    status = 599  # no answer counts as a server failure
                    self.record(kind, status, time.monotonic() - began, f"{url} {exc!r}")
                    continue
                self.record(kind, status, time.monotonic() - began, url)


class Writer:
    """Publishes marker items at a steady rate; the poller times when each is findable on every node."""

    def __init__(self, webs: list[str], run: str, every: float) -> None:
        self.webs, self.run, self.every = webs, run, every
        self.published: dict[str, tuple[int, float]] = {}  # marker -> (pk, monotonic publish time)
        self.found: dict[str, float] = {}  # marker -> lag in seconds (found on all nodes)
        self.poll_statuses: collections.Counter[int] = collections.Counter()
        self.write_seconds: list[float] = []
        self.events: dict[str, int] = {}  # marker -> id of its outbox event (what the indexer applies)
        self.served: list[tuple[float, int]] = []  # (monotonic time CURRENT was seen to change, its cursor)
        self.lock = threading.Lock()

    def marker(self, i: int) -> str:
        return f"gkr{self.run}m{i:04d}"

    def write(self, stop: threading.Event) -> None:
        from django.db import connection

        from gongkai.core.models import OutboxEvent
        from gongkai.disclosure.services.release import publication_import

        operator, orgs = operator_and_orgs()
        i = 0
        next_at = time.monotonic()
        while not stop.is_set():
            marker = self.marker(i)
            began = time.monotonic()
            item, _ = publication_import(
                actor=operator,
                org=orgs[i % len(orgs)],
                title=f"关于演练事项{marker}的通知",
                body=f"演练发布 {marker}：用于测量索引延迟。",
                published_on=datetime.date.today(),
                source_key=f"rehearsal:{marker}",
            )
            done = time.monotonic()  # committed: publication_import is its own transaction
            event = OutboxEvent.objects.filter(object_id=str(item.pk)).order_by("-id").values_list("id", flat=True)
            with self.lock:
                self.published[marker] = (item.pk, done)
                self.events[marker] = event.first() or 0
            self.write_seconds.append(done - began)
            i += 1
            next_at += self.every
            stop.wait(max(0.0, next_at - time.monotonic()))
        connection.close()

    def poll(self, stop: threading.Event, until: threading.Event) -> None:
        """Until `until` is set (load over and every marker found, or the grace time passed)."""
        seen: dict[str, set[str]] = collections.defaultdict(set)
        with httpx.Client(timeout=60) as http:
            while not until.is_set():
                with self.lock:
                    pending = [(m, pk, t) for m, (pk, t) in self.published.items() if m not in self.found]
                for marker, pk, published_at in pending:
                    for base in self.webs:
                        if base in seen[marker]:
                            continue
                        response = http.get(f"{base}/api/v1/search", params={"q": marker})
                        self.poll_statuses[response.status_code] += 1
                        if response.status_code == 200 and any(
                            hit["id"] == f"publication:{pk}" for hit in response.json()["results"]
                        ):
                            seen[marker].add(base)
                    if len(seen[marker]) == len(self.webs):
                        self.found[marker] = time.monotonic() - published_at
                until.wait(0.2)

    def watch(self, root: Path, until: threading.Event) -> None:
        """When each snapshot appears (CURRENT changes): splits the lag into the indexer's part
        (publish -> snapshot) and the replicas' part (snapshot -> served by both nodes)."""
        from gongkai.search import snapshots

        last = -1
        while not until.is_set():
            manifest = snapshots.current_manifest(root)
            if manifest is not None and manifest.generation != last:
                last = manifest.generation
                self.served.append((time.monotonic(), manifest.cursor))
            until.wait(0.05)

    def split(self) -> tuple[list[float], list[float]]:
        indexer, replicas = [], []
        for marker, lag in self.found.items():
            published_at = self.published[marker][1]
            seen = [t for t, cursor in self.served if cursor >= self.events[marker] and t >= published_at]
            if seen:
                indexer.append(seen[0] - published_at)
                replicas.append(published_at + lag - seen[0])
        return indexer, replicas


def wait_indexed(cluster: Cluster, timeout: float = 300) -> float:
    """Until the served snapshot holds every event so far (the demo and the bulk import): the
    markers' lag must not include the initial backlog."""
    from gongkai.core.models import OutboxEvent
    from gongkai.search import snapshots

    start = time.monotonic()
    newest = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    while True:
        manifest = snapshots.current_manifest(cluster.snapshots)
        if manifest is not None and manifest.cursor >= newest:
            return time.monotonic() - start
        cluster.check_alive()
        if time.monotonic() - start > timeout:
            raise SystemExit(f"index not caught up after {timeout} s:\n{cluster.log('indexer')[-3000:]}")
        time.sleep(0.5)


def queue_notifications(count: int, run: str) -> list[int]:
    from django.db import transaction

    from gongkai.core.tasks import enqueue
    from gongkai.notify.models import Notification

    ids = []
    for i in range(count):
        with transaction.atomic():
            notification = Notification.objects.create(
                channel="sms",
                recipient=f"1380000{i:04d}",
                body=f"演练通知{run}n{i:04d}。",
                idempotency_key=f"rehearsal:{run}:{i}",
            )
            # Twice: a redelivered or duplicated task must not send twice.
            enqueue("notify.deliver", notification_id=notification.pk)
            enqueue("notify.deliver", notification_id=notification.pk)
        ids.append(notification.pk)
    return ids


def broker_backlog() -> dict[str, int]:
    r = redis.Redis.from_url(BROKER)
    return {"celery": int(r.llen("celery")), "search": int(r.llen("search")), "unacked": int(r.hlen("unacked"))}


def check_notifications(cluster: Cluster, ids: list[int], run: str, timeout: float) -> dict[str, Any]:
    from gongkai.notify.models import Notification, State

    began = time.monotonic()
    while time.monotonic() < began + timeout:
        backlog = broker_backlog()
        if not Notification.objects.filter(pk__in=ids, state=State.QUEUED).exists() and not (
            backlog["celery"] or backlog["unacked"]
        ):
            break
        time.sleep(0.5)
    drain = time.monotonic() - began
    rows = list(Notification.objects.filter(pk__in=ids).values_list("state", "attempts"))
    logs = cluster.log("worker1") + cluster.log("worker2")
    sends = collections.Counter(re.findall(rf"演练通知{run}n(\d{{4}})", logs))
    return {
        "queued": len(ids),
        "tasks_sent_to_broker": 2 * len(ids),
        "sent": sum(1 for state, _ in rows if state == State.SENT),
        "still_queued": sum(1 for state, _ in rows if state == State.QUEUED),
        "failed": sum(1 for state, _ in rows if state == State.FAILED),
        "attempts_gt_1": sum(1 for _, attempts in rows if attempts > 1),
        "sms_logged_once": sum(1 for n in sends.values() if n == 1),
        "sms_logged_twice_or_more": sum(1 for n in sends.values() if n > 1),
        "sms_never_logged": len(ids) - len(sends),
        "deliver_runs_succeeded": len(re.findall(r"Task notify\.deliver\[[^\]]+\] succeeded", logs)),
        "drain_after_load_s": round(drain, 1),
        "broker_backlog": broker_backlog(),
    }


def summarise(load: Load, elapsed: float) -> dict[str, Any]:
    def row(values: list[float]) -> dict[str, Any]:
        p50, p99 = (round(percentile(values, p) * 1000) for p in (50, 99))
        return {"requests": len(values), "per_s": round(len(values) / elapsed, 1), "p50_ms": p50, "p99_ms": p99}

    kinds: dict[str, Any] = {}
    for kind, values in sorted(load.latency.items()):
        statuses = {str(s): n for (k, s), n in sorted(load.statuses.items()) if k == kind}
        kinds[kind] = {**row(values), "statuses": statuses}
    every = [v for values in load.latency.values() for v in values]
    kinds["all"] = {**row(every), "5xx": sum(n for (_, s), n in load.statuses.items() if s >= 500)}
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--publications", type=int, default=2000, help="extra published items (bulk import)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent public clients")
    parser.add_argument("--write-every", type=float, default=2.0, help="seconds between staff publications")
    parser.add_argument("--notifications", type=int, default=200, help="notifications queued (each twice)")
    parser.add_argument("--snapshot-interval", type=float, default=5.0, help="GONGKAI_SEARCH_SNAPSHOT_INTERVAL")
    parser.add_argument("--indexer", choices=["search-worker", "task-worker"], default="search-worker")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per web node")
    parser.add_argument("--work-dir", default="", help="logs, index, snapshots (default: a new temporary dir)")
    parser.add_argument("--json", default="", help="also write the report here")
    args = parser.parse_args()
    if not (1 <= args.seconds <= 3600 and 0 <= args.publications <= 100_000 and 1 <= args.clients <= 64):
        raise SystemExit("--seconds 1..3600, --publications 0..100000, --clients 1..64")

    work = Path(args.work_dir or tempfile.mkdtemp(prefix="gk-rehearsal-"))
    work.mkdir(parents=True, exist_ok=True)
    if any(work.iterdir()):
        raise SystemExit(f"{work} is not empty")
    run = f"{int(time.time()) % 100000:05d}"
    cluster = Cluster(work, args.snapshot_interval)
    report: dict[str, Any] = {
        "command": " ".join(["uv run python bench/rehearsal.py", *sys.argv[1:]]),
        "work_dir": str(work),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "snapshot_interval_s": args.snapshot_interval,
        "indexer": args.indexer,
    }
    try:
        setup_django(cluster)
        report["prepare"] = {k: round(v, 1) for k, v in prepare(cluster, args.publications).items()}
        cluster.start_all(args.web_workers, args.indexer)
        report["startup_s"] = round(cluster.wait_ready(), 1)
        report["initial_index_s"] = round(wait_indexed(cluster), 1)
        # Each gunicorn worker, not only the one the probe reached, must have seen CURRENT (half interval).
        time.sleep(args.snapshot_interval)
        report.update(drive(cluster, args, run))
        report["load_after"] = [round(x, 2) for x in os.getloadavg()]
        report["logged_tracebacks"] = {name: cluster.log(name).count("Traceback") for name in cluster.processes}
    finally:
        cluster.stop()
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def drive(cluster: Cluster, args: argparse.Namespace, run: str) -> dict[str, Any]:
    from django.db import connection

    from gongkai.disclosure.models import Publication

    item_ids = list(Publication.objects.filter(state="published").values_list("pk", flat=True)[:2000])
    load = Load(cluster.webs, item_ids)
    writer = Writer(cluster.webs, run, args.write_every)
    stop, poll_done = threading.Event(), threading.Event()
    threads = [threading.Thread(target=load.client, args=(n, stop)) for n in range(args.clients)]
    threads.append(threading.Thread(target=writer.write, args=(stop,)))
    poller = threading.Thread(target=writer.poll, args=(stop, poll_done))
    watcher = threading.Thread(target=writer.watch, args=(cluster.snapshots, poll_done))
    began = time.monotonic()
    for thread in [*threads, poller, watcher]:
        thread.start()
    try:
        notification_ids = queue_notifications(args.notifications, run)
        stop.wait(max(0.0, args.seconds - (time.monotonic() - began)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - began
        # Markers published near the end get a grace time of several intervals to show up.
        grace = max(30.0, 10 * args.snapshot_interval) + (70 if args.indexer == "task-worker" else 0)
        grace_until = time.monotonic() + grace
        while time.monotonic() < grace_until and len(writer.found) < len(writer.published):
            time.sleep(0.2)
        poll_done.set()
        poller.join(timeout=120)
        watcher.join(timeout=10)
    lags = list(writer.found.values())
    indexer_part, replica_part = writer.split()
    result: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "load": summarise(load, elapsed),
        "server_errors": load.errors,
        "writes": {
            "published": len(writer.published),
            "per_s": round(len(writer.published) / elapsed, 2),
            "write_p50_ms": round(percentile(writer.write_seconds, 50) * 1000),
            "write_p99_ms": round(percentile(writer.write_seconds, 99) * 1000),
        },
        "index_lag": {
            "found_on_both_nodes": len(lags),
            "never_found": len(writer.published) - len(lags),
            "p50_s": round(percentile(lags, 50), 2),
            "p95_s": round(percentile(lags, 95), 2),
            "max_s": round(max(lags), 2) if lags else None,
            "under_one_interval": sum(1 for lag in lags if lag < args.snapshot_interval),
            "snapshots_published": len(writer.served),
            "indexer_part_p50_s": round(percentile(indexer_part, 50), 2),
            "indexer_part_max_s": round(max(indexer_part), 2) if indexer_part else None,
            "replica_part_p50_s": round(percentile(replica_part, 50), 2),
            "replica_part_max_s": round(max(replica_part), 2) if replica_part else None,
            "poll_statuses": {str(k): v for k, v in sorted(writer.poll_statuses.items())},
        },
        "tasks": check_notifications(cluster, notification_ids, run, timeout=180),
    }
    connection.close()
    return result


def print_report(report: dict[str, Any]) -> None:
    print(f"\ncommand: {report['command']}  (logs in {report['work_dir']})")
    print(f"cpus {report['cpus']}; load average before {report['load_before']}, after {report.get('load_after')}")
    print(f"prepare {report.get('prepare')}; startup {report.get('startup_s')} s", end="")
    print(f" (+ {report.get('initial_index_s')} s until indexed); run {report.get('seconds')} s")
    load = report.get("load", {})
    if load:
        print(f"\n{'kind':<12} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}  statuses")
        for kind, row in load.items():
            statuses = row.get("statuses", {"5xx": row.get("5xx")})
            print(
                f"{kind:<12} {row['requests']:>8} {row['per_s']:>7} {row['p50_ms']:>7} {row['p99_ms']:>7}  {statuses}"
            )
    for key in ("writes", "index_lag", "tasks", "server_errors", "logged_tracebacks"):
        if key in report:
            print(f"\n{key}: {json.dumps(report[key], ensure_ascii=False)}")


if __name__ == "__main__":
    main()
