"""gunicorn settings for `gongkai serve` (and `gunicorn -c python:gongkai.config.gunicorn`).

The defaults fit the reference machine: 2 cores, about 4 GB of memory, PostgreSQL and Redis on
the same host. Every value can be changed through the environment (deploy/gongkai.env):

  GONGKAI_BIND            listen address(es), comma-separated      127.0.0.1:8000
  GONGKAI_WEB_WORKERS     worker processes                         CPU cores + 1 (3 on 2 cores)
  GONGKAI_WEB_THREADS     threads per worker                       4
  GONGKAI_WEB_TIMEOUT     seconds before a stuck worker is killed  30
  GONGKAI_WEB_MAX_REQUESTS  requests before a worker is recycled   1000 (0: never)
  GONGKAI_WEB_PRELOAD     import the application before forking    1
  GONGKAI_FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* count   127.0.0.1,::1

Sizing a larger machine: a page is mostly Python work under the GIL, so processes, not threads,
use the cores; threads only cover the time a request waits for PostgreSQL, Redis or the disk.
Keep workers at cores + 1 (8 cores: 9 workers) and threads at 4, then check two limits:
memory (a warmed worker holds about 200 MB: the URLconf, the segmentation dictionary and the
search index's reader; preloading shares the imported code between workers) and
PostgreSQL's max_connections, which must exceed workers × threads × web hosts plus the worker,
scheduler and indexer (with CONN_MAX_AGE each thread keeps its connection open).
"""

import gc
import os
from typing import Any


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    # The CPUs this process may use (a container or a systemd CPUAffinity= sees fewer than the host).
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = [part.strip() for part in os.environ.get("GONGKAI_BIND", "127.0.0.1:8000").split(",") if part.strip()]
worker_class = "gthread"
workers = _int("GONGKAI_WEB_WORKERS", _cores() + 1)
threads = _int("GONGKAI_WEB_THREADS", 4)

# The first request a worker served used to take 4-5 s: the URLconf, the API and the search
# text pipeline were imported on demand. Preloading imports them once, before the fork
# (gongkai.config.wsgi warms up at import); each worker then opens its own index reader.
preload_app = os.environ.get("GONGKAI_WEB_PRELOAD", "1").strip().lower() not in {"0", "false", "no", "off"}

timeout = _int("GONGKAI_WEB_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# A slow leak (a growing cache, fragmented memory) is cut off by recycling workers; the jitter
# keeps them from all restarting at the same moment.
max_requests = _int("GONGKAI_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = max(max_requests // 10, 0)

# Request bounds: longer lines or more headers than any browser sends are refused with 400.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

forwarded_allow_ips = os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The heartbeat file on tmpfs: on a container's overlay filesystem it can block a worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# gunicorn ≥ 25 opens a control socket at one fixed path per user: two instances on one machine
# (web and a test, two sites) would take each other's. Off unless a path is given.
_control = os.environ.get("GONGKAI_WEB_CONTROL_SOCKET", "").strip()
control_socket_disable = not _control
if _control:
    control_socket = _control

accesslog = os.environ.get("GONGKAI_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GONGKAI_WEB_LOG_LEVEL", "info")
# Apache combined format plus the request time in milliseconds (%(M)s) and the worker's pid (<pid>).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms %(p)s'

wsgi_app = "gongkai.config.wsgi:application"


def pre_fork(server: Any, worker: Any) -> None:
    """The preloaded application's objects (about 218,000: modules, the URLconf, templates,
    the models) go to the garbage collector's permanent generation before each fork. Otherwise
    every full collection in a worker walks them all (about 120 ms each; a page's temporaries
    that outlive a younger collection bring one on every few dozen requests) and writes to
    their headers, copying the pages the workers share with the master: with 2 workers the
    server held 358 MB (PSS) after 240 requests, 278-281 MB frozen (bench/worker_memory.py)."""
    gc.freeze()


def post_worker_init(worker: Any) -> None:
    """Each worker opens the search index's reader before its first request (not in the
    preloading master: tantivy's threads would not survive the fork), then freezes what the
    warm-up created, as the master did before the fork."""
    from gongkai.config.wsgi import warm_worker

    warm_worker()
    gc.collect()
    gc.freeze()
    worker.log.info("worker %s: %d objects frozen for the garbage collector", worker.pid, gc.get_freeze_count())
