"""Speed of 办事指南 at a county's scale and of a gazette issue's PDF (gongkai.guides, gazette).

    uv run python bench/guides_bench.py [--items 2185] [--entries 30]

Runs on a fresh SQLite database in a temporary GONGKAI_DATA_DIR (migrated), one process:

1. Creates `--items` service items (2,185: the count of seed 001 三.三) with a draft guide each
   through `item_create` (every 10th without 申请材料), publishes them, and times the key-element
   check (`incomplete_guides`) over the county and the first public list page.
2. Builds a gazette issue with `--entries` hand-typed entries of ~3,000 characters each and
   times `render_pdf` (WeasyPrint with the Noto CJK fonts).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings.dev"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2185)
    parser.add_argument("--entries", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gk-guides-bench-") as data_dir:
        setup_django(data_dir)
        from django.contrib.auth import get_user_model
        from django.test import Client

        from gongkai.gazette import render
        from gongkai.gazette import services as gazette
        from gongkai.guides import selectors, services
        from gongkai.orgs.models import Organization

        operator = get_user_model().objects.create_superuser("bench", password=None)
        county = Organization.objects.create(
            name="石城县人民政府", level="county", slug="shicheng", credit_code="113607350000000010"
        )
        county.path, county.depth = f"/{county.pk}/", 0
        county.save(update_fields=["path", "depth"])
        started = time.perf_counter()
        for i in range(args.items):
            version = services.item_create(
                actor=operator,
                org=county,
                name=f"服务事项{i:04d}",
                item_type="public_service",
                basis="《某某条例》第十条",
                conditions="符合条件的申请人。",
                materials="" if i % 10 == 0 else "申请表\n身份证",
                process="申请—受理—办结",
                promised_days=5,
                fees="不收费",
                place_and_hours="县政务服务中心",
                consult_phone="0797-5710000",
                complaint_phone="0797-12345",
            )
            services.version_publish(actor=operator, version=version)
        created = time.perf_counter() - started
        started = time.perf_counter()
        incomplete = selectors.incomplete_guides(county)
        check = time.perf_counter() - started
        client = Client(HTTP_HOST="localhost")
        client.get("/org/shicheng/guides/")
        started = time.perf_counter()
        response = client.get("/org/shicheng/guides/")
        page = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        print(f"items={args.items} create+publish={created:.1f}s ({created / args.items * 1000:.1f} ms/item)")
        print(f"incomplete_guides: {len(incomplete)} found in {check * 1000:.0f} ms")
        print(f"public list page 1: {page * 1000:.0f} ms")

        issue = gazette.issue_create(
            actor=operator, org=county, year=2025, number=1, issued_on=datetime.date(2025, 1, 6)
        )
        text = "第一条　为了规范管理，根据有关法律法规，结合本县实际，制定本办法。\n" * 90
        for i in range(args.entries):
            gazette.entry_add(
                actor=operator, issue=issue, section="document", title=f"石城县人民政府文件{i}", text=text
            )
        render.render_pdf(issue)  # warm-up: loads WeasyPrint and the fonts
        started = time.perf_counter()
        pdf = render.render_pdf(issue)
        took = time.perf_counter() - started
        print(f"gazette PDF: {args.entries} entries, {len(pdf) / 1024:.0f} KB in {took:.2f} s")


if __name__ == "__main__":
    main()
