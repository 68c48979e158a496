"""Cost of the public mailbox pages (答复公开栏, /mailbox/, and the API's /mailbox/wall, and the
信箱统计 of a year, page and API) as the number of letters grows: a province's 领导信箱 and
12345 letters run to hundreds of thousands a year, and these are anonymous pages that no page
cache holds.

    uv run python bench/wall.py --sizes 2000,1000000
    uv run python bench/wall.py --sizes 2000,1000000 --database postgresql://postgres@127.0.0.1:5432/wall

Each size gets the orgs of bench/pages.py (a city, its departments and counties: ~60 orgs) and
N letters written with executemany of values the model's fields prepare: spread over 2015 to
2026 and the orgs, a letter in ten still open, one in five of the answered ones not public
(the writer said no, or it was dismissed). Every page is requested through Django's test
client (full middleware stack, DEBUG off); the median and p90 of --repeat requests are printed,
with the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages

SEED = 20261204
CATEGORIES = ["consult", "suggest", "complain", "report"]
YEAR = "start=2025-01-01&end=2025-12-31"
SUBJECTS = ["路灯不亮", "道路积水", "噪音扰民", "学位申请", "医保报销", "公交线路", "物业纠纷", "垃圾清运"]


def generate_letters(n: int) -> None:
    """N letters over the orgs bench/pages.py made, in batches of executemany."""
    from django.db import connection, transaction

    from gongkai.orgs.models import Organization
    from gongkai.participation.models import Message

    if Message.objects.exists():
        return
    rng = random.Random(SEED)
    orgs = list(Organization.objects.order_by("pk"))
    children: dict[int, list[Organization]] = {}
    for org in orgs:
        if org.parent_id is not None:
            children.setdefault(org.parent_id, []).append(org)
    fields = [f for f in Message._meta.concrete_fields if not f.primary_key]
    proto = Message(org=orgs[0], received_on=dt.date(2015, 1, 1))
    base = {f.attname: f.get_db_prep_save(f.pre_save(proto, True), connection) for f in fields}
    by_name = {f.attname: f for f in fields}
    columns = [f.column for f in fields]
    insert = (
        f"INSERT INTO {Message._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 (model metadata)
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    start, span = dt.date(2015, 1, 1), 4300  # to October 2026
    made, batch = 0, 20000
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
    while made < n:
        size = min(batch, n - made)
        rows = []
        for k in range(size):
            serial = made + k
            org = rng.choice(orgs)
            handling = rng.choice(children.get(org.pk) or [org])
            received = start + dt.timedelta(days=int(serial * span / max(n, 1)))
            open_letter = serial % 10 == 0
            dismissed = not open_letter and serial % 17 == 0
            answered = None if open_letter else received + dt.timedelta(days=rng.randint(1, 15))
            public = not open_letter and not dismissed and serial % 6 != 0
            subject = rng.choice(SUBJECTS)
            values = {
                "org_id": org.pk,
                "handling_org_id": None if open_letter else handling.pk,
                "code": f"XX{serial:010d}",
                "secret_digest": f"{serial:064d}",
                "category": CATEGORIES[serial % len(CATEGORIES)],
                "subject": subject,
                "body": f"{subject}，请尽快处理。第{serial}号来信。",
                "wants_public": serial % 6 != 0,
                "writer_name": "某某",
                "received_on": received,
                "state": "routed" if open_letter else ("dismissed" if dismissed else "answered"),
                "due_on": received + dt.timedelta(days=14),
                "reply": "" if open_letter else "已转相关部门处理。",
                "first_answered_on": answered,
                "answered_on": answered,
                "on_wall": public,
                "public_subject": subject if public else "",
                "public_body": f"{subject}，请尽快处理。" if public else "",
                "public_reply": "已转相关部门处理。" if public else "",
                "token": None,
            }
            row = dict(base)
            for name, value in values.items():
                row[name] = by_name[name].get_db_prep_save(value, connection)
            rows.append([row[f.attname] for f in fields])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        made += size
        print(f"  letters {made}/{n}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def wall_pages() -> dict[str, str]:
    from gongkai.orgs.models import Organization
    from gongkai.participation import selectors

    city = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    county = Organization.objects.filter(level="county").order_by("pk").first()
    dept = Organization.objects.filter(level="department", parent__level="city").order_by("pk").first()
    assert city is not None and county is not None and dept is not None
    # The last page of one mailbox's letters: past the pager's cap, the last page it offers.
    late = selectors.reply_wall().filter(org=dept).count() // 20
    item = selectors.reply_wall().values_list("pk", flat=True).first()
    return {
        "wall": "/mailbox/",
        "wall, page 3": "/mailbox/?page=3",
        "wall of a county (+ subtree)": f"/mailbox/?org={county.slug}",
        "wall of a department": f"/mailbox/?org={dept.slug}",
        "wall of a department, a late page": f"/mailbox/?org={dept.slug}&page={max(1, late)}",
        "letter": f"/mailbox/{item}/",
        "API wall": "/api/v1/mailbox/wall",
        "API wall of a county": f"/api/v1/mailbox/wall?org={county.slug}",
        # 信箱与好差评统计 of a year: every letter of the period is counted.
        "statistics page, the city, 2025": f"/participation/statistics/?org={city.slug}&{YEAR}",
        "API statistics of a county, 2025": f"/api/v1/mailbox/statistics?org={county.slug}&{YEAR}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", help="a PostgreSQL URL: each size gets its own database on that server")
    parser.add_argument("--keep", help="keep the SQLite databases in this directory (reused when present)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for size in sizes:
        data_dir = Path(args.keep or tempfile.mkdtemp(prefix="gongkai-wall-")) / f"n{size}"
        data_dir.mkdir(parents=True, exist_ok=True)
        if args.database:
            os.environ["DATABASE_URL"] = pages.postgres_database(args.database, size)
        # One process per size (Django is set up once): run each size in a child.
        if os.fork() == 0:
            pages.setup_django(data_dir)
            from django.conf import settings
            from django.test import Client

            settings.GONGKAI_PAGE_CACHE = False
            pages.generate(200)  # the orgs, and a few publications
            generate_letters(size)
            client = Client()
            timed = {}
            for label, url in wall_pages().items():
                status = client.get(url).status_code
                if status != 200:
                    raise SystemExit(f"{url} answered {status}")
                timed[label] = pages._timed(lambda url=url, client=client: client.get(url), args.repeat)
            import json

            (data_dir / "wall.json").write_text(json.dumps(timed))
            os._exit(0)
        _, status = os.wait()
        if status:
            raise SystemExit(f"size {size} failed")
        import json

        results[size] = json.loads((data_dir / "wall.json").read_text())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n## Mailbox wall (median (p90) of {args.repeat} requests, ms; load average {load})")
    print("| page | " + " | ".join(f"{s:,} letters" for s in sizes) + " | ratio |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for label in results[sizes[0]]:
        cells = [f"{results[s][label]['median_ms']:.2f} ({results[s][label]['p90_ms']:.2f})" for s in sizes]
        ratio = results[sizes[-1]][label]["median_ms"] / results[sizes[0]][label]["median_ms"]
        print(f"| {label} | " + " | ".join(cells) + f" | {ratio:.2f} |")


if __name__ == "__main__":
    main()
