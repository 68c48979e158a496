"""Several web workers (gunicorn, 4 processes × 4 threads) against the test database: concurrent
withdrawals all answer 200, none is searchable after the indexer's next run.

Web workers never write the index (GONGKAI_SEARCH_INLINE=0, as production settings force): each
process would otherwise take the tantivy writer lock, and a withdrawal could answer 500 after its
change was saved. The single indexer (`gongkai search worker`, here `apply_pending`) applies the
outbox rows the workers wrote in their transactions.
"""

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from django.db import connection

from gongkai.orgs.services import api_token_create
from gongkai.search import indexer
from gongkai.search.tests.test_integration import ids, people, publish  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("own_index")]

ITEMS = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _serve(tmp_path: Path) -> tuple[subprocess.Popen, str, Path]:
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.test",
        "DATABASE_URL": _database_url(),
        "GONGKAI_DATA_DIR": str(tmp_path / "web"),
        "GONGKAI_SEARCH_INLINE": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "-w", "4", "--threads", "4", "-b", f"127.0.0.1:{port}"]
    command += ["--graceful-timeout", "5", "gongkai.config.wsgi:application"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    return server, f"http://127.0.0.1:{port}", log


def test_concurrent_withdrawals_through_four_workers(people, org_tree, tmp_path):  # noqa: F811
    items = [publish(people, org_tree, title=f"关于第{n}批农村公路养护资金的通知", doc_number="") for n in range(ITEMS)]
    indexer.apply_pending()
    assert len(ids("农村公路养护")) == ITEMS
    token = api_token_create(actor=people["approver"], user=people["approver"], name="workers")[1]
    server, base, log = _serve(tmp_path)
    try:
        # Workers are warmed at start; on a loaded CI machine that can take over a minute.
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise AssertionError(log.read_text(errors="replace")[-3000:] or "gunicorn did not start")
            time.sleep(0.2)

        def withdraw(pk: int) -> int:
            response = httpx.post(
                f"{base}/api/v1/staff/publications/{pk}/withdraw",
                json={"reason": "内容已过时"},
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
            return response.status_code

        with ThreadPoolExecutor(max_workers=ITEMS) as pool:
            statuses = list(pool.map(withdraw, [item.pk for item in items]))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    assert statuses == [200] * ITEMS, log.read_text(errors="replace")[-3000:]
    indexer.apply_pending()
    assert ids("农村公路养护") == []
