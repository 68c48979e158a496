"""The health endpoint on a server whose database is unreachable answers 503, not 500."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

SERVE = """
import sys
from wsgiref.simple_server import make_server
from django.core.wsgi import get_wsgi_application
make_server("127.0.0.1", int(sys.argv[1]), get_wsgi_application()).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_health_is_503_with_a_reason_when_the_database_is_down(tmp_path):
    port = free_port()
    dead_db_port = free_port()  # nothing listens there
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.test",
        "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{dead_db_port}/nowhere",
        "GONGKAI_DATA_DIR": str(tmp_path),
    }
    # The server's errors go to a file: a pipe nobody drains can fill and stall the server, and
    # reading a pipe of a live process would hang the test instead of failing it.
    log = tmp_path / "server.log"
    server = subprocess.Popen(
        # A plain WSGI server: runserver itself refuses to start without a database.
        [sys.executable, "-c", SERVE, str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    try:
        # A loaded CI machine with two test workers can take a minute to import everything.
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)
            except urllib.error.HTTPError as exc:
                status, body, content_type = exc.code, json.loads(exc.read()), exc.headers["Content-Type"]
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(log.read_text(errors="replace") or "server did not start") from None
                time.sleep(0.2)
            else:
                raise AssertionError("health answered 200 with an unreachable database")
        # Any page or API call that needs the database: 503 with Retry-After, never a 500.
        outage = {}
        for path in ("/", "/policies/", "/api/v1/search?q=%E5%85%AC%E5%BC%80", "/org/shicheng/foi/track/"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
            except urllib.error.HTTPError as exc:
                outage[path] = (exc.code, exc.headers.get("Retry-After"), exc.headers["Content-Type"], exc.read())
            else:
                outage[path] = (200, None, "", b"")
    finally:
        server.kill()
        server.wait(timeout=10)
    assert status == 503
    assert content_type.startswith("application/json")
    assert body["status"] == "unavailable"
    assert body["database"] == "postgresql"
    assert "数据库不可用" in body["reason"]
    assert "nobody" not in body["reason"]
    for path, (code, retry_after, kind, payload) in outage.items():
        assert code == 503, (path, code)
        assert retry_after is not None and int(retry_after) > 0
        if path.startswith("/api/"):
            assert kind.startswith("application/problem+json")
            assert json.loads(payload)["code"] == "database_unavailable"
        else:
            assert "服务暂时不可用" in payload.decode()


def test_production_settings_never_write_the_index_from_web_workers():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "gov.example.cn",
        "GONGKAI_SEARCH_INLINE": "1",  # even when asked for
    }
    probe = "import django; django.setup(); from django.conf import settings; " + (
        "print(settings.GONGKAI_SEARCH_INLINE, settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["False", "True"]
