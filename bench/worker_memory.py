"""Memory of the web server's processes: gunicorn with the project's settings (preloaded
application, 2 workers by default), after it has served every public page a few times.

    uv run python bench/pages.py --sizes 2000 --keep /tmp/pages       # a database to serve
    uv run python bench/worker_memory.py --data-dir /tmp/pages/n2000

For each process: RSS, PSS (its share of pages shared with the others) and private dirty memory
(pages it wrote and holds alone), from /proc/<pid>/smaps_rollup (Linux). The sum of PSS is what
the server costs the machine. Run it with PYTHONPATH pointing at another checkout's src to
compare two versions on the same database.
"""

from __future__ import annotations

import argparse
import http.client
import os
import threading
from pathlib import Path

from pages import start_gunicorn  # this directory's bench/pages.py

BENCH = Path(__file__).resolve().parent
PAGES = ["/", "/org/dept3/", "/org/county2/", "/org/dept3/catalog/zcwj/", "/policies/", "/policies/?kind=normative"]


def rollup(pid: int) -> dict[str, int]:
    """kB figures of one process."""
    figures = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        figures[name.rstrip(":")] = int(value)
    return figures


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def drive(port: int, rounds: int, clients: int) -> int:
    served = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal served
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(rounds):
            for path in PAGES:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{path}: {response.status}")
                with lock:
                    served += 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return served


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="a data directory bench/pages.py generated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5, help="times each client requests every page")
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    port = 19000 + os.getpid() % 1000
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="bench_pages_settings",
        GONGKAI_DATA_DIR=str(Path(args.data_dir).resolve()),
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789"),
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        GONGKAI_PAGE_CACHE="0",  # every request runs the view: the work whose garbage is measured
        GONGKAI_BIND=f"127.0.0.1:{port}",
        GONGKAI_WEB_WORKERS=str(args.workers),
        GONGKAI_ACCESS_LOG="/dev/null",
        GONGKAI_WEB_MAX_REQUESTS="0",
        GONGKAI_WEB_LOG_LEVEL="warning",
    )
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH", ""), str(BENCH)) if p)
    server = start_gunicorn(env, port)
    try:
        served = drive(port, args.rounds, args.clients)
        processes = [("master", server.pid)] + [(f"worker {pid}", pid) for pid in sorted(children(server.pid))]
        print(f"load average {os.getloadavg()[0]:.2f}; {served} requests served; kB per process:")
        print("| process | RSS | PSS | private dirty | shared dirty |")
        print("|---|---:|---:|---:|---:|")
        total = 0
        for label, pid in processes:
            f = rollup(pid)
            total += f["Pss"]
            print(f"| {label} | {f['Rss']:,} | {f['Pss']:,} | {f['Private_Dirty']:,} | {f['Shared_Dirty']:,} |")
        print(f"| all | | **{total:,}** | | |")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
