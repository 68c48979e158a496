"""Readiness (/api/v1/ready) against liveness (/api/v1/health): ready only when the database
answers and the search index opens and reads; 503 problem+json naming the failing part."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import Client

from gongkai.api.tests.test_health_unreachable import SERVE, free_port
from gongkai.core.backup import search_directory
from gongkai.search import indexer

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_dir(settings, tmp_path):
    settings.GONGKAI_SEARCH_DIR = str(tmp_path / "index")
    settings.GONGKAI_SEARCH_INLINE = False
    yield settings
    indexer.close_index()


def test_ready_when_the_database_and_the_index_answer(index_dir):
    response = Client().get("/api/v1/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "search_index": "ok", "indexed_documents": 0}


def test_not_ready_while_the_index_cannot_be_opened_but_still_alive(index_dir, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the index directory should be")
    index_dir.GONGKAI_SEARCH_DIR = str(blocker / "search")
    client = Client()
    response = client.get("/api/v1/ready")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/problem+json")
    assert int(response["Retry-After"]) > 0
    problem = response.json()
    assert problem["code"] == "not_ready"
    assert "检索索引无法打开" in problem["title"]
    assert problem["components"] == {"database": "ok", "search_index": "unavailable"}
    assert str(blocker) not in problem["title"]  # no paths of the server in the answer
    assert client.get("/api/v1/health").status_code == 200  # alive: a restart would not help


def test_backup_reads_the_index_where_the_search_app_keeps_it(index_dir, settings, tmp_path):
    assert search_directory() == indexer.index_directory()
    settings.GONGKAI_SEARCH_DIR = ""
    assert search_directory() == indexer.index_directory() == settings.DATA_DIR / "search"


def test_not_ready_while_the_database_is_down(tmp_path):
    port, dead_db_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.test",
        "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{dead_db_port}/nowhere",
        "GONGKAI_DATA_DIR": str(tmp_path),
    }
    log = tmp_path / "server.log"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)], env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb")
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/ready", timeout=10)
            except urllib.error.HTTPError as exc:
                status, headers, body = exc.code, exc.headers, json.loads(exc.read())
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(log.read_text(errors="replace") or "server did not start") from None
                time.sleep(0.3)
            else:
                raise AssertionError("ready answered 200 with an unreachable database")
    finally:
        server.kill()
        server.wait(timeout=10)
    assert status == 503
    assert headers["Content-Type"].startswith("application/problem+json")
    assert body["code"] == "not_ready"
    assert body["components"] == {"database": "unavailable", "search_index": "ok"}
    assert "数据库不可用" in body["title"]
    assert "nobody" not in body["title"]
