"""Test settings: the same stack as production, with a throwaway data directory."""

import atexit
import os
import shutil
import tempfile

if "GONGKAI_DATA_DIR" not in os.environ:
    os.environ["GONGKAI_DATA_DIR"] = _made = tempfile.mkdtemp(prefix="gongkai-test-")
    # Removed when the process that made it ends: pytest's, whose xdist workers and the servers
    # its tests start inherit it and end first. Left behind, each run kept a few megabytes in /tmp.
    atexit.register(shutil.rmtree, _made, ignore_errors=True)
# pytest-xdist workers inherit the controller's environment: each gets a data directory of its
# own (search index, uploads, caches), or two workers would contend for one index writer.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and os.environ.get("GONGKAI_TEST_WORKER") != _worker:
    os.environ["GONGKAI_TEST_WORKER"] = _worker
    os.environ["GONGKAI_DATA_DIR"] = os.path.join(os.environ["GONGKAI_DATA_DIR"], _worker)
    os.makedirs(os.environ["GONGKAI_DATA_DIR"], exist_ok=True)
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from gongkai.config.settings.base import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; tests need no strength
_redis_url = os.environ.get("REDIS_URL", "")
if _redis_url and _worker:
    # One Redis database per xdist worker: a test's cache.clear() (FLUSHDB) must not wipe the
    # rate-limit counters of a test running in the other worker.
    _base, _, _db = _redis_url.rpartition("/")
    _number = (int(_db) if _db.isdigit() else 0) - int(_worker.removeprefix("gw") or 0)
    REDIS_URL = f"{_base}/{_number % 16}"
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        for alias in ("default", "ratelimit")
    }
if not _redis_url:  # with REDIS_URL the PostgreSQL run uses the real Redis cache
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "gongkai.core.ratelimit.CounterCache", "KEY_PREFIX": "rl"},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production (WAL, busy timeout), not shared-cache memory: concurrent
    # connections in a test then wait for each other instead of failing "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
