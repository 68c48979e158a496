"""Cost of the public pages as the number of publications grows, and the publication page's
throughput on gunicorn beside a plain templated view.

    uv run python bench/pages.py --sizes 2000,100000            # latency per page at each size
    uv run python bench/pages.py --sizes 2000 --gunicorn         # + 2-worker throughput
    uv run python bench/pages.py --sizes 1000000 --keep /tmp/p1m # reuse the generated database
    uv run python bench/pages.py --sizes 2000,1000000 --database postgresql://postgres@127.0.0.1:5432/pages

Each size gets its own SQLite database in a throwaway data directory (or --keep DIR, reused
when it already holds that many rows), or with --database its own PostgreSQL database on that
server, named after the URL's database and the size (pages_n2000, ...; created when missing,
reused when it holds rows, vacuumed and analysed after generation as autovacuum would). Each
holds ~60 orgs (a city government, its departments and counties), 6 catalog columns each, and N
public publications written with executemany of values the model's fields prepare (the benchmark
measures reads; the services' write path is measured by bench/import.py). Every page is then
requested through Django's test client (full middleware stack, DEBUG off) with the page cache
off ("cold": the queries and the template run every time) and on ("warm": served from the
page cache); the median and p90 of --repeat requests are reported, with the items each page
links to at each size (a page that shows fewer rows at one size is not the same page) and the
ratio of the largest size's cold median to the smallest's (the issue's goal: within 1.5x).

--rounds N measures the sizes N times in turn (2,000, a million, 2,000, a million, ...) and
reports the median of each page's medians: the machine's speed drifts by a third within minutes,
and the sizes measured one after the other took the drift for a difference of size.

--gunicorn starts `gunicorn -w 2` on the largest database and drives it with concurrent
keep-alive clients: with `wrk` installed (Debian package wrk), one wrk per page side by side for
the same seconds, the publication page and /bench/plain (a templated view with no queries,
added by this script's URLconf); without it, Python clients alternating the two. Both pages
share the run, so that the ratio holds whatever else the machine is doing. Figures go into docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEED = 20261202
ROOT = Path(__file__).resolve().parent.parent
KINDS = ["policy", "notice", "interpretation", "plan", "budget", "rule", "normative", "other", "work_report"]
TOPICS = ["综合政务", "财政", "教育", "卫生", "民政", "交通", "农业", ""]
RARE_TOPIC = "审计\\内部审计"

PHRASES = [
    "为深入贯彻落实党中央、国务院决策部署，",
    "进一步优化营商环境，推进政务公开标准化规范化建设，",
    "结合本地实际，现就有关事项通知如下：",
    "各县（市、区）人民政府，市政府各部门：",
    "请各地各部门认真组织实施，确保各项措施落到实处。",
    "本办法自印发之日起施行，有效期五年。",
]


# The department whose pages are measured, and the fewest items it holds at any size.
BUSY_SLUG = "dept3"
BUSY_MIN = 1_000


def rare_every(n: int) -> int:
    """One item in this many has the rare sub-topic (and one other 已修订): the first prime from
    n / 50, so that every size holds about 50 of each and its rare filters list the same page
    (20011 at a million, as before; at 2,000 the sub-topic had one item and its page no rows,
    which made the million look twice as dear)."""
    every = max(n // 50, 2)
    while any(every % d == 0 for d in range(2, int(every**0.5) + 1)):
        every += 1
    return every


def setup_django(data_dir: Path) -> None:
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_pages_settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import django

    django.setup()


def generate(n: int) -> None:
    """N public publications over ~60 orgs, with catalog filings, in batches."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.disclosure.models import CatalogNode, Publication, Revision
    from gongkai.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if Publication.objects.exists():
        return
    rng = random.Random(SEED)
    rare = rare_every(n)
    with transaction.atomic():
        root = Organization.objects.create(
            name="赣州市人民政府", level="city", credit_code="BENCH0000000000000", slug="ganzhou"
        )
        root.path = f"/{root.pk}/"
        root.save()
        orgs = [root]
        for i in range(12):
            dept = Organization.objects.create(
                name=f"赣州市第{i + 1}局",
                level="department",
                parent=root,
                credit_code=f"BENCHD{i:012d}",
                slug=f"dept{i}",
                depth=1,
            )
            dept.path = f"{root.path}{dept.pk}/"
            dept.save()
            orgs.append(dept)
        for c in range(8):
            county = Organization.objects.create(
                name=f"第{c + 1}县人民政府",
                level="county",
                parent=root,
                credit_code=f"BENCHC{c:012d}",
                slug=f"county{c}",
                depth=1,
            )
            county.path = f"{root.path}{county.pk}/"
            county.save()
            orgs.append(county)
            for d in range(5):
                sub = Organization.objects.create(
                    name=f"第{c + 1}县第{d + 1}局",
                    level="department",
                    parent=county,
                    credit_code=f"BENCHS{c:06d}{d:06d}",
                    slug=f"county{c}-dept{d}",
                    depth=2,
                )
                sub.path = f"{county.path}{sub.pk}/"
                sub.save()
                orgs.append(sub)
        nodes: dict[int, list[CatalogNode]] = {}
        for org in orgs:
            top = CatalogNode.objects.create(org=org, name="法定主动公开内容", code="fdzdgknr", sort_order=1)
            top.path = f"/{top.pk}/"
            top.save()
            nodes[org.pk] = [top]
            for j, (name, code) in enumerate(
                [
                    ("政策文件", "zcwj"),
                    ("通知公告", "tzgg"),
                    ("规划计划", "ghjh"),
                    ("财政信息", "czxx"),
                    ("人事信息", "rsxx"),
                ]
            ):
                child = CatalogNode.objects.create(org=org, parent=top, name=name, code=code, sort_order=j)
                child.path = f"{top.path}{child.pk}/"
                child.save()
                nodes[org.pk].append(child)
        anchor = Publication.objects.create(org=root, title="基准锚点", state="draft", disclosure_mode="withheld")
        revision = Revision.objects.create(
            publication=anchor, number=1, title="基准锚点", kind="other", disclosure_mode="withheld"
        )
    # Rows go in with executemany of prepared values (a million model instances through
    # bulk_create took most of an hour on a loaded machine). The values are prepared by the
    # model's own fields, so the rows are what the ORM would have written.
    through = Publication.catalog_nodes.through
    fields = [f for f in Publication._meta.concrete_fields if not f.primary_key]
    proto = Publication(
        org=root, state="published", published_revision=revision, current_revision=revision, disclosure_mode="proactive"
    )
    base = {f.attname: f.get_db_prep_save(f.pre_save(proto, True), connection) for f in fields}
    varying = [
        "org_id",
        "state",
        "index_number",
        "title",
        "kind",
        "topic",
        "doc_number",
        "published_on",
        "public_from",
        "disclosure_mode",
        "body_html",
        "validity",
        "withdrawn_at",
        "filed_in",
    ]
    by_name = {f.attname: f for f in fields}
    columns = ["id", *[f.column for f in fields]]
    insert = (
        f"INSERT INTO {Publication._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 (model metadata)
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    link_insert = f"INSERT INTO {through._meta.db_table} (publication_id, catalognode_id) VALUES (%s, %s)"  # noqa: S608
    start = dt.date(2010, 1, 1)
    batch = 20000
    made = 0
    next_id = anchor.pk + 1
    weights = [len(o.path) for o in orgs]  # departments deeper down publish a little more
    # The pages measured are a department's (pages()). By the weights alone it holds about 1 % of
    # the items: 10,519 at a million, about 21 at 2,000, where its column showed 5 rows, the
    # column's page 3 the same 5 and a topic in it 1, against 20 at a million, so that the
    # million looked up to 1.7x dearer for rendering four times the rows. At a size where it would
    # hold fewer than BUSY_MIN, that many items are its own, spread evenly over the serials (the
    # draws are unchanged, and so are the databases of 100,000 items and more).
    busy = next(o for o in orgs if o.slug == BUSY_SLUG)
    busy_extra = max(0, BUSY_MIN - n * weights[orgs.index(busy)] // sum(weights))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
    while made < n:
        size = min(batch, n - made)
        rows, links = [], []
        for k in range(size):
            serial = made + k
            org = rng.choices(orgs, weights)[0]
            if busy_extra and (serial * busy_extra) // n != ((serial + 1) * busy_extra) // n:
                org = busy
            pk = next_id + serial
            column = nodes[org.pk][1 + pk % 5].pk
            day = start + dt.timedelta(days=int(serial * 5800 / max(n, 1)))
            public_from = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
            state = "withdrawn" if serial % 97 == 0 else "published"
            values = {
                "org_id": org.pk,
                "state": state,
                "index_number": f"B{serial:09d}",
                "title": f"关于做好第{serial}批政务公开工作的通知",
                "kind": KINDS[serial % len(KINDS)],
                # A sub-topic few items have (about 50 at any size): the filters' worst case.
                "topic": RARE_TOPIC if serial % rare == 7 else TOPICS[serial % len(TOPICS)],
                "doc_number": f"赣市办字〔{day.year}〕{serial % 500 + 1}号",
                "published_on": day,
                "public_from": public_from,
                "disclosure_mode": "proactive" if serial % 23 else "on_request",
                "body_html": "<p>" + "".join(rng.choices(PHRASES, k=12)) + "</p>",
                # 已修订 is rare (about 50 at any size), as the rare sub-topic is.
                "validity": "revised" if serial % rare == 11 else ("valid" if serial % 11 else "repealed"),
                "withdrawn_at": public_from if state == "withdrawn" else None,
                "filed_in": str(column),  # as services._common.file_publication_as writes it
            }
            row = dict(base)
            for name in varying:
                row[name] = by_name[name].get_db_prep_save(values[name], connection)
            rows.append([pk, *[row[f.attname] for f in fields]])
            links.append((pk, column))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
            cursor.executemany(link_insert, links)
        made += size
        print(f"  generated {made}/{n}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The ids were written here, not drawn from the sequence: move it past them.
            table = Publication._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
            cursor.execute("VACUUM ANALYZE")


def postgres_database(base_url: str, size: int) -> str:
    """The URL of this size's database on the server of base_url, created when missing."""
    import psycopg
    from psycopg import sql

    server, _, name = base_url.rpartition("/")
    database = f"{name}_n{size}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return f"{server}/{database}"


def pages() -> dict[str, str]:
    """The public pages, by label: one of each kind, on the busiest org."""
    from gongkai.disclosure import selectors
    from gongkai.orgs.models import Organization

    dept = Organization.objects.get(slug=BUSY_SLUG)
    county = Organization.objects.get(slug="county2")
    item = selectors.publication_list_public().filter(org=dept).values_list("pk", flat=True)[9]
    return {
        "home": "/",
        "org (department)": f"/org/{dept.slug}/",
        "org (county + subtree)": f"/org/{county.slug}/",
        "catalog node": f"/org/{dept.slug}/catalog/zcwj/",
        "catalog node, page 3": f"/org/{dept.slug}/catalog/zcwj/?page=3",
        "policy library": "/policies/",
        "policy library, kind+year": "/policies/?kind=normative&year=2019",
        "policy library, a rare category": "/policies/?topic=审计",
        "policy library, 已修订": "/policies/?validity=revised",
        "catalog node, a category": f"/org/{dept.slug}/catalog/zcwj/?topic=财政",
        "publication": f"/info/{item}/",
    }


# A link to an item's page: what a list shows a row of.
ITEM_LINK = re.compile(r'href="/info/(\d+)/"')


def time_pages(repeat: int, *, cached: bool) -> dict[str, dict[str, float]]:
    from django.conf import settings
    from django.test import Client

    settings.GONGKAI_PAGE_CACHE = cached
    client = Client()
    result = {}
    for label, url in pages().items():
        response = client.get(url)  # warm-up (and, when cached, fills the cache)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        result[label] = _timed(functools.partial(client.get, url), repeat)
        result[label]["rows"] = len(set(ITEM_LINK.findall(response.content.decode())))
    return result


def time_api_list(repeat: int) -> dict[str, dict[str, float]]:
    """GET /api/v1/publications by page number (which stops at API_MAX_ROWS rows) and from a
    position (`after`, the previous page's next_after) near the end of the list, where a harvester
    taking the whole archive a page at a time ends up."""
    from django.test import Client

    from gongkai.api.disclosure import API_MAX_ROWS
    from gongkai.disclosure import selectors
    from gongkai.disclosure.public_reads import ListPosition
    from gongkai.orgs.models import Organization

    county = Organization.objects.get(slug="county2")

    def deep(filters: Any) -> str:
        qs = selectors.publication_list_public(filters, rows_only=True)
        n = qs.count()
        item = qs[max(0, n - n // 10)]  # nine tenths of the way down
        position = ListPosition.of(item)
        return f"{position.published_on:%Y%m%d}-{position.pk}"

    everything, of_county = selectors.PublicFilters(), selectors.PublicFilters(org=county)
    # The deepest page by number: the 10,000th row's, or the list's last.
    last_page = min(API_MAX_ROWS, selectors.publication_list_public(everything).count() or 1) // 100 or 1
    urls = {
        "API list, page 1": "/api/v1/publications?page_size=100",
        "API list, the last numbered page": f"/api/v1/publications?page_size=100&page={last_page}",
        "API list, after nine tenths of it": f"/api/v1/publications?page_size=100&after={deep(everything)}",
        "API list of a county, after nine tenths of it": (
            f"/api/v1/publications?page_size=100&org={county.slug}&after={deep(of_county)}"
        ),
        "API list of a county's notices": f"/api/v1/publications?page_size=100&org={county.slug}&kind=notice",
        "API list of a rare category": "/api/v1/publications?page_size=100&topic=审计",
    }
    client, result = Client(), {}
    for label, url in urls.items():
        response = client.get(url)
        if response.status_code != 200 or not response.json()["results"]:
            raise SystemExit(f"{url} answered {response.status_code}")
        result[label] = _timed(functools.partial(client.get, url), repeat)
        result[label]["rows"] = len(response.json()["results"])
    return result


def _timed(request: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> dict[str, float]:
    """Median and p90 in ms of `repeat` calls of request(), each after before() (not timed)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        t0 = time.perf_counter()
        request()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p90_ms": times[int(len(times) * 0.9) - 1]}


def time_after_changes(repeat: int) -> dict[str, dict[str, float]]:
    """The catalog node page (page cache off, as for a page the generation has just moved
    past), each request right after a change: an outbox event naming a publication of another
    org (what any publication elsewhere in a province writes) or of the page's own org. The
    catalog counts are recounted only after the second."""
    from django.conf import settings
    from django.test import Client

    from gongkai.core.models import OutboxEvent
    from gongkai.disclosure.models import Publication
    from gongkai.disclosure.topics import PUBLICATION_CHANGED
    from gongkai.orgs.models import Organization

    settings.GONGKAI_PAGE_CACHE = False
    dept = Organization.objects.get(slug="dept3")
    url = pages()["catalog node"]
    own = Publication.objects.filter(org=dept).values_list("pk", flat=True).first()
    other = Publication.objects.exclude(org=dept).values_list("pk", flat=True).first()
    client = Client()
    client.get(url)
    result = {}
    for label, pk in (("after a publication elsewhere", other), ("after a publication of the org", own)):
        change = functools.partial(
            OutboxEvent.objects.create, topic=PUBLICATION_CHANGED, object_type="disclosure.publication", object_id=pk
        )
        result[label] = _timed(functools.partial(client.get, url), repeat, before=change)
    return result


def time_kept_through_changes(repeat: int) -> dict[str, dict[str, float]]:
    """Every page with the page cache on, each request right after an outbox event naming a
    publication of an org none of the pages is about (what a publication elsewhere in a
    province writes): a cached page whose scope does not hold it is kept (the changes since its
    stamp are looked at), one whose scope does (the home without a site and the unfiltered
    policy library list everything) is made afresh. `kept` is the share of requests answered
    from the cache."""
    from django.conf import settings
    from django.test import Client

    from gongkai.core.models import OutboxEvent
    from gongkai.disclosure.models import Publication
    from gongkai.disclosure.topics import PUBLICATION_CHANGED
    from gongkai.orgs.models import Organization

    settings.GONGKAI_PAGE_CACHE = True
    dept, county = Organization.objects.get(slug="dept3"), Organization.objects.get(slug="county2")
    elsewhere = (
        Publication.objects.exclude(org=dept)
        .exclude(org__path__startswith=county.path)
        .values_list("pk", flat=True)
        .first()
    )
    change = functools.partial(
        OutboxEvent.objects.create, topic=PUBLICATION_CHANGED, object_type="disclosure.publication", object_id=elsewhere
    )
    # A change of the last seconds before a page's stamp may have committed after it, so it is
    # looked at again (disclosure.public_changes._LATE_COMMIT): time_after_changes has just
    # written events of dept3's own publications, which would count for its pages until then.
    time.sleep(6)
    client = Client()
    return {label: timed_kept(client, url, change, repeat) for label, url in pages().items()}


def timed_kept(client: Any, url: str, change: Callable[[], object], repeat: int) -> dict[str, float]:
    """_timed() of a page with `change` before each request (the cache filled first), and the
    share of those requests answered from the page cache ("kept")."""
    client.get(url)
    hits: list[bool] = []

    def request() -> None:
        hits.append(client.get(url).get("X-Page-Cache") == "hit")

    return {**_timed(request, repeat, before=change), "kept": sum(hits) / len(hits)}


def explain_urls() -> dict[str, str]:
    """The URLs again, for the report (the page labels are stable, the pks differ per size)."""
    return pages()


# -- gunicorn throughput -------------------------------------------------------------------------


def _drive(port: int, paths: list[str], seconds: float, clients: int) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        local: dict[str, list[float]] = {p: [] for p in paths}
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
            local[path].append((time.perf_counter() - t0) * 1000)
        conn.close()
        with lock:
            for p in paths:
                latencies[p].extend(local[p])

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk_ms(text: str) -> float:
    for unit in ("us", "ms", "s"):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * _WRK_UNITS[unit]
    raise ValueError(text)


def _wrk(port: int, paths: list[str], seconds: float, clients: int) -> dict[str, dict[str, float]]:
    """One wrk per page, side by side for the same seconds, the connections shared among them
    (wrk is C: the Python clients above would take a core of the two from the server). A
    keep-alive connection stays with the worker that accepted it, so a page alone gets all of
    them: with 4, both workers were often left with one of them idle."""
    runs = {
        path: subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                shutil.which("wrk") or "wrk",
                "-t1",
                f"-c{max(1, clients // len(paths))}",
                f"-d{int(seconds)}s",
                "--latency",
                "-H",
                "Host: 127.0.0.1",
                f"http://127.0.0.1:{port}{path}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in paths
    }
    result = {}
    for path, run in runs.items():
        out, _ = run.communicate(timeout=seconds + 60)
        figures = {}
        for line in out.splitlines():
            parts = line.split()
            if line.startswith("Requests/sec:"):
                figures["req_per_s"] = float(parts[1])
            elif len(parts) == 2 and parts[0] in ("50%", "99%"):
                figures[f"p{parts[0][:-1]}_ms"] = _wrk_ms(parts[1])
            elif "requests in" in line:
                figures["requests"] = int(parts[0])
            elif line.strip().startswith("Non-2xx"):
                raise RuntimeError(f"{path}: {line.strip()}")
        label = "plain templated view" if path == "/bench/plain" else "publication page"
        result[label] = figures
    return result


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """gunicorn with the project's settings (gongkai.config.gunicorn) and this environment,
    returned once it answers /bench/plain on the port."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:gongkai.config.gunicorn"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 180  # a loaded machine takes a while to import and fork
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/bench/plain", headers={"Host": "127.0.0.1"})
            c.getresponse().read()
            return proc
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit(f"gunicorn did not start: {proc.communicate()[1].decode()[-3000:]}") from None
            time.sleep(0.5)


def gunicorn_run(data_dir: Path, *, seconds: float, clients: int, cached: bool) -> dict[str, dict[str, float]]:
    port = 18000 + os.getpid() % 1000
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_pages_settings",
        "GONGKAI_DATA_DIR": str(data_dir),
        "GONGKAI_PAGE_CACHE": "1" if cached else "0",
    }
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent) + os.pathsep + env.get("PYTHONPATH", "")
    # The project's gunicorn settings (gthread workers, preloaded app, warm-up at worker start),
    # with 2 workers and no access log (writing it would be part of what is measured).
    env.update(
        GONGKAI_BIND=f"127.0.0.1:{port}",
        GONGKAI_WEB_WORKERS="2",
        GONGKAI_ACCESS_LOG="/dev/null",
        GONGKAI_WEB_MAX_REQUESTS="0",
        GONGKAI_WEB_LOG_LEVEL="warning",
    )
    proc = start_gunicorn(env, port)
    try:
        paths = [pages()["publication"], "/bench/plain"]
        _drive(port, paths, 3, clients)  # warm-up: both workers, connections, caches
        if shutil.which("wrk"):
            result = _wrk(port, paths, seconds, clients)
            # Then each page alone on the whole server, one after the other in the same run.
            for path in paths:
                alone = _wrk(port, [path], seconds, clients)
                result.update({f"{label}, alone": figures for label, figures in alone.items()})
            return result
        t0 = time.perf_counter()
        latencies = _drive(port, paths, seconds, clients)
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    result = {}
    for path, values in latencies.items():
        values.sort()
        label = "plain templated view" if path == "/bench/plain" else "publication page"
        result[label] = {
            "requests": len(values),
            # Both pages share the run: each gets its share of the time, as the clients alternate.
            "req_per_s": len(values) / elapsed,
            "p50_ms": statistics.median(values),
            "p99_ms": values[int(len(values) * 0.99) - 1],
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", help="directory for the generated databases (reused)")
    parser.add_argument("--database", help="a PostgreSQL URL: each size gets a database named after it on that server")
    parser.add_argument("--gunicorn", action="store_true")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=1, choices=range(1, 11), help="measure the sizes in turn")
    parser.add_argument("--size", type=int, help="internal: measure one size in this process")
    parser.add_argument("--data-dir", help="internal")
    parser.add_argument("--generate-only", action="store_true", help="internal")
    args = parser.parse_args()

    if args.size:  # one size per process: Django is set up once per database
        data_dir = Path(args.data_dir)
        setup_django(data_dir)
        t0 = time.perf_counter()
        generate(args.size)
        gen_s = time.perf_counter() - t0
        if args.generate_only:
            return
        # What the server's workers do after their start (gongkai.config.gunicorn): the objects
        # of the start-up leave the garbage collector's full collections.
        gc.collect()
        gc.freeze()
        out = {
            "size": args.size,
            "generate_s": gen_s,
            "urls": explain_urls(),
            "cold": time_pages(args.repeat, cached=False),
            "warm": time_pages(args.repeat, cached=True),
            "after_changes": time_after_changes(args.repeat),
            "kept_through_changes": time_kept_through_changes(args.repeat),
            "api_list": time_api_list(args.repeat),
        }
        if args.gunicorn:
            out["gunicorn_uncached"] = gunicorn_run(data_dir, seconds=args.seconds, clients=args.clients, cached=False)
            out["gunicorn_cached"] = gunicorn_run(data_dir, seconds=args.seconds, clients=args.clients, cached=True)
        print(json.dumps(out, ensure_ascii=False))
        return

    print(f"uptime: {subprocess.run(['/usr/bin/uptime'], capture_output=True, text=True).stdout.strip()}")
    print(f"database: {args.database or 'SQLite (embedded default)'}")
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-bench-pages-"))
    sizes = [int(s) for s in args.sizes.split(",")]
    rounds: dict[int, list[dict]] = {size: [] for size in sizes}
    for round_number in range(1, args.rounds + 1):
        for size in sizes:
            rounds[size].append(measure_size(args, base, size, gunicorn=args.gunicorn and round_number == args.rounds))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    report([merged(rounds[size]) for size in sizes])


def measure_size(args: argparse.Namespace, base: Path, size: int, *, gunicorn: bool) -> dict:
    """One size measured in its own process (Django is set up once per database)."""
    data_dir = base / f"n{size}"
    data_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, __file__, "--size", str(size), "--data-dir", str(data_dir), "--repeat", str(args.repeat)]
    if gunicorn and size == max(int(s) for s in args.sizes.split(",")):
        cmd += ["--gunicorn", "--seconds", str(args.seconds), "--clients", str(args.clients)]
    env = dict(os.environ)
    if args.database:
        env["DATABASE_URL"] = postgres_database(args.database, size)
    else:
        env.pop("DATABASE_URL", None)
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)  # noqa: S603 (this script, itself)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    return json.loads(done.stdout.strip().splitlines()[-1])


def merged(rounds: list[dict]) -> dict:
    """One size's rounds as one result: each figure's median, p90 and share kept the median of
    the rounds'; gunicorn's from the last round, which alone runs it."""
    result = dict(rounds[-1])
    result["generate_s"] = rounds[0]["generate_s"]
    for key in ("cold", "warm", "after_changes", "kept_through_changes", "api_list"):
        result[key] = {
            label: {
                **figures,
                **{
                    name: statistics.median(r[key][label][name] for r in rounds)
                    for name in ("median_ms", "p90_ms", "kept")
                    if name in figures
                },
            }
            for label, figures in rounds[-1][key].items()
        }
    result["rounds"] = len(rounds)
    return result


def report(results: list[dict]) -> None:
    labels = list(results[0]["cold"])
    first, last = results[0], results[-1]
    if results[0].get("rounds", 1) > 1:
        print(f"medians of {results[0]['rounds']} rounds, the sizes measured in turn")
    head = " | ".join(f"{r['size']:,} cold ms (p90)" for r in results)
    warm = " | ".join(f"{r['size']:,} warm ms" for r in results)
    ratio = f" | {last['size']:,} / {first['size']:,}" if len(results) > 1 else ""
    print(f"| page | items shown | {head}{ratio} | {warm} |")
    print("|---" * (2 + 2 * len(results) + (len(results) > 1)) + "|")
    for label in labels:
        rows = " / ".join(str(r["cold"][label]["rows"]) for r in results)
        cells = [rows]
        cells += [f"{r['cold'][label]['median_ms']:.2f} ({r['cold'][label]['p90_ms']:.2f})" for r in results]
        if len(results) > 1:
            cells.append(f"{last['cold'][label]['median_ms'] / first['cold'][label]['median_ms']:.2f}")
        cells += [f"{r['warm'][label]['median_ms']:.2f}" for r in results]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("catalog node, each request right after a change (page cache off):")
    for label in results[0]["after_changes"]:
        figures = [(r["size"], r["after_changes"][label]) for r in results]
        cells = [f"{size:,}: {f['median_ms']:.2f} ms (p90 {f['p90_ms']:.2f})" for size, f in figures]
        print(f"  {label}: " + ", ".join(cells))
    print("each page right after a publication elsewhere (page cache on; kept = share answered from it):")
    for label in results[0]["kept_through_changes"]:
        figures = [(r["size"], r["kept_through_changes"][label]) for r in results]
        cells = [
            f"{size:,}: {f['median_ms']:.2f} ms (p90 {f['p90_ms']:.2f}), kept {f['kept']:.0%}" for size, f in figures
        ]
        print(f"  {label}: " + ", ".join(cells))
    print("the public API's list (page cache off; pages by number stop at 10,000 rows, `after` goes on):")
    for label in results[0]["api_list"]:
        cells = [
            f"{r['size']:,}: {r['api_list'][label]['median_ms']:.2f} ms (p90 {r['api_list'][label]['p90_ms']:.2f},"
            f" {r['api_list'][label]['rows']} rows)"
            for r in results
        ]
        print(f"  {label}: " + ", ".join(cells))
    for r in results:
        print(f"generated {r['size']:,} publications in {r['generate_s']:.0f} s")
        for key in ("gunicorn_uncached", "gunicorn_cached"):
            if key in r:
                print(f"{key} ({r['size']:,} publications):")
                for label, f in r[key].items():
                    print(
                        f"  {label}: {f['req_per_s']:.0f} req/s, p50 {f['p50_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms"
                        f" ({f['requests']} requests)"
                    )
                for suffix in ("", ", alone"):
                    pub, plain = r[key].get(f"publication page{suffix}"), r[key].get(f"plain templated view{suffix}")
                    if pub and plain:
                        throughput = pub["req_per_s"] / plain["req_per_s"]
                        print(
                            f"  ratio publication/plain{suffix}: throughput {throughput:.2f},"
                            f" p50 latency inverse {plain['p50_ms'] / pub['p50_ms']:.2f}"
                        )


if __name__ == "__main__":
    main()
