"""`gongkai serve`: gunicorn with gongkai.config.gunicorn under production settings, against the
test database. Static files come from whitenoise (hashed names, compressed, cached for a year),
every worker is warmed up (index open) before its first request, ready answers 200, and the
access log has the request time."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(predicate, server: subprocess.Popen, log: Path, seconds: float = 480) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline or server.poll() is not None:
            raise AssertionError(log.read_text(errors="replace")[-4000:] or "gongkai serve did not start")
        time.sleep(0.3)


def test_serve_runs_gunicorn_with_whitenoise_readiness_and_warm_workers(tmp_path):
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "GONGKAI_SEARCH_DIR"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.production",
        "SECRET_KEY": "serve-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": _database_url(),
        "GONGKAI_DATA_DIR": str(tmp_path / "data"),
        "GONGKAI_BIND": f"127.0.0.1:{port}",
    }
    command = [sys.executable, "-m", "gongkai", "serve", "--workers", "2", "--threads", "2"]
    server = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    try:
        _wait_for(answers, server, log)
        # Both workers opened the index before serving (post_worker_init), not on first search.
        _wait_for(lambda: log.read_text(errors="replace").count("warmed up") >= 2, server, log, 60)
        ready = httpx.get(f"{base}/api/v1/ready", timeout=10)
        started = time.monotonic()
        home = httpx.get(f"{base}/", timeout=30)
        first_page_seconds = time.monotonic() - started
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
        assert stylesheet, home.text[:2000]
        static = httpx.get(f"{base}{stylesheet.group(1)}", headers={"Accept-Encoding": "gzip"}, timeout=10)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    output = log.read_text(errors="replace")
    assert ready.status_code == 200, ready.text
    assert ready.json()["database"] == ready.json()["search_index"] == "ok"
    assert home.status_code == 200
    print(f"first page of a fresh worker: {first_page_seconds:.2f} s")
    assert static.status_code == 200
    assert static.headers["Content-Encoding"] == "gzip"
    assert "immutable" in static.headers["Cache-Control"]
    assert (tmp_path / "data" / "static" / "staticfiles.json").is_file()  # collectstatic ran
    assert re.search(r'"GET /api/v1/ready HTTP/1.1" 200 \d+ .* \d+ms <\d+>', output), output[-2000:]
    assert "Booting worker" in output and "gthread" in output
    # Each worker starts with the preloaded application (and its own warm-up) frozen out of the
    # garbage collector's full collections: far more than a request's own objects.
    frozen = [int(n) for n in re.findall(r"worker \d+: (\d+) objects frozen for the garbage collector", output)]
    assert len(frozen) >= 2 and min(frozen) > 100_000, output[-2000:]
