"""Soak test: concurrent public submissions through gunicorn on PostgreSQL while the database
restarts. Not part of CI (it restarts this machine's PostgreSQL); results in docs/reliability.md.

    uv run python bench/soak.py --submissions 400 --clients 16 --outage-after 3

What it does, on loopback only:
1. creates a scratch database (`gongkai_soak`), migrates it and adds one organisation;
2. serves it with gunicorn (4 workers x 4 threads, CONN_MAX_AGE=60, health checks on);
3. sends N mailbox submissions from C concurrent clients (each a distinct citizen address behind
   one trusted proxy, so the per-address rate limit does not apply), each with a token from
   GET /api/v1/forms/token; a client that gets no answer or a 5xx retries the same submission
   with the same token (as a browser resubmits) for up to a minute, honouring Retry-After;
4. stops PostgreSQL for a few seconds after `--outage-after` seconds and starts it again;
5. counts: sent, acknowledged, answers by status, stored rows, stored exactly once, lost
   (acknowledged but not stored), stored but never acknowledged, and whether every stored one
   can be recovered (a resubmission returns the original receipt).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DB = "gongkai_soak"
DB_URL = f"postgresql://postgres@127.0.0.1:5432/{DB}"


def sh(*args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False, cwd=ROOT, timeout=600)  # noqa: S603
    if check and done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def cluster() -> tuple[str, str]:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    return version, "main"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict[str, str]) -> int:
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB)
    sh("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    sh(sys.executable, "-m", "django", "migrate", "--noinput", env=env)
    script = (
        "from gongkai.orgs.services import organization_create;"
        "from gongkai.orgs.roles import Level;"
        "from gongkai.orgs.credit_code import check_character;"
        "from django.contrib.auth import get_user_model;"
        "root = get_user_model().objects.create_superuser('soak-operator', password='soak-password-1');"
        "body = '11360735000000010';"
        "org = organization_create(actor=root, name='石城县人民政府', level=Level.COUNTY,"
        " credit_code=body + check_character(body), slug='shicheng');"
        "print(org.pk)"
    )
    return int(sh(sys.executable, "-m", "django", "shell", "-c", script, env=env).strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--outage-after", type=float, default=3.0)
    parser.add_argument("--outage-seconds", type=float, default=6.0)
    args = parser.parse_args()
    if not 1 <= args.submissions <= 20_000 or not 1 <= args.clients <= 64:
        raise SystemExit("submissions 1..20000, clients 1..64")

    data_dir = Path("/tmp/gongkai-soak")  # noqa: S108 - a scratch directory of this benchmark
    data_dir.mkdir(exist_ok=True)
    env = {
        **os.environ,
        # Production settings (DEBUG off, so errors take the path a real site's errors take).
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings.production",
        "SECRET_KEY": "soak-only-secret-key-0123456789-0123456789-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DB_URL,
        "CONN_MAX_AGE": "60",
        "GONGKAI_DATA_DIR": str(data_dir),
        "GONGKAI_SEARCH_INLINE": "0",
        "GONGKAI_TRUSTED_PROXY_COUNT": "1",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("REDIS_URL", None)  # rate-limit counters in the database, as a site without Redis has
    org_id = prepare(env)
    port = free_port()
    log = (data_dir / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-w", "4", "--threads", "4", "-b", f"127.0.0.1:{port}",
         "gongkai.config.wsgi:application"],
        env=env, stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)

    statuses: collections.Counter[str] = collections.Counter()
    acknowledged: dict[str, str] = {}  # token -> receipt code
    tokens: list[str] = []
    lock = threading.Lock()
    version, name = cluster()

    def outage() -> None:
        time.sleep(args.outage_after)
        sh("pg_ctlcluster", "--skip-systemctl-redirect", version, name, "stop", "-m", "fast", check=False)
        time.sleep(args.outage_seconds)
        sh("pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start", check=False)

    def submit(n: int) -> None:
        with httpx.Client(timeout=20) as client:
            token = ""
            for _ in range(40):  # a token first (itself needs no database)
                try:
                    token = client.get(f"{base}/api/v1/forms/token").json()["token"]
                    break
                except (httpx.TransportError, ValueError, KeyError):
                    time.sleep(0.25)
            with lock:
                tokens.append(token)
            form = {
                "category": "consult",
                "subject": f"咨询第{n}号",
                "body": f"第{n}号来信：请问政务公开申请如何办理？",
                "writer_name": "张三",
                "writer_phone": "13912345678",
                "token": token,
            }
            headers = {"X-Forwarded-For": f"198.18.{n // 250}.{n % 250 + 1}"}
            # A client that keeps trying for up to a minute, honouring Retry-After (capped at 2 s here
            # so the run stays short), as a browser's resubmission or an API client's retry would.
            give_up = time.monotonic() + 60
            while time.monotonic() < give_up:
                try:
                    answer = client.post(f"{base}/api/v1/orgs/{org_id}/mailbox/messages", json=form, headers=headers)
                except httpx.TransportError:
                    with lock:
                        statuses["no answer"] += 1
                    time.sleep(0.5)
                    continue
                with lock:
                    statuses[str(answer.status_code)] += 1
                if answer.status_code in (200, 201):
                    with lock:
                        acknowledged[token] = answer.json()["code"]
                    return
                if answer.status_code < 500:
                    return
                time.sleep(min(2.0, float(answer.headers.get("Retry-After", "0.5") or 0.5)))

    started = time.monotonic()
    interruption = threading.Thread(target=outage)
    interruption.start()
    try:
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(submit, range(args.submissions)))
        interruption.join()
        elapsed = time.monotonic() - started
        stored_script = (
            "import json; from gongkai.participation.models import Message;"
            "print(json.dumps(list(Message.objects.values_list('token', 'code'))))"
        )
        output = sh(sys.executable, "-m", "django", "shell", "-c", stored_script, env=env)
        stored = json.loads(output.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    by_token = collections.Counter(token for token, _ in stored)
    codes = dict(stored)
    results = {
        "submissions": args.submissions,
        "clients": args.clients,
        "outage_seconds": args.outage_seconds,
        "elapsed_seconds": round(elapsed, 1),
        "answers": dict(sorted(statuses.items())),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "stored_more_than_once": sum(1 for count in by_token.values() if count > 1),
        "acknowledged_but_lost": sum(1 for token in acknowledged if token not in by_token),
        "acknowledged_with_another_code": sum(1 for t, c in acknowledged.items() if codes.get(t, c) != c),
        "stored_but_never_acknowledged": sum(1 for token in by_token if token not in acknowledged),
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
