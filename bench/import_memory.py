"""Peak memory of `gongkai import` as the manifest grows.

    uv run python bench/import_memory.py --rows 5000,20000
    PYTHONPATH=/tmp/before/src .venv/bin/python /tmp/before/bench/import_memory.py ...   # another checkout

For each size: a CSV manifest of that many rows (bench/search_bench.py's corpus: titles and 2-8 KB
bodies, 20 orgs), a fresh SQLite database, and `gongkai import manifest.csv --as bench` run as
the command a clerk runs, in its own process; reported: its peak resident memory (the kernel's
ru_maxrss of the child), its wall time, and the manifest's size. An import that holds the
manifest whole grows with it; one that streams it stays level.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

ORGS = 20


def environment(data_dir: Path) -> dict[str, str]:
    """A production process's settings on the bench's SQLite database: DEBUG off (with it on,
    Django keeps the last 9,000 statements, bodies included, in memory)."""
    env = dict(os.environ, GONGKAI_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="gongkai.config.settings.dev")
    env.pop("DATABASE_URL", None)
    env.update(DEBUG="0", SECRET_KEY="bench-only-secret-key-0123456789abcdef0123456789")  # noqa: S106 - a throwaway database
    env["GONGKAI_SEARCH_INLINE"] = "0"  # the indexer runs apart, as in production
    return env


def prepare_database(data_dir: Path) -> None:
    """Migrate, an import user, ORGS orgs (slugs org-1 ...), each with its default catalog."""
    env = environment(data_dir)
    script = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from django.contrib.auth import get_user_model
from gongkai.orgs.credit_code import check_character
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Level
get_user_model().objects.create_superuser("bench", password="bench-password-1")
for n in range(1, {ORGS} + 1):
    body = f"11360000{{n:08d}}0"
    org = Organization.objects.create(
        name=f"机构{{n}}", level=Level.DEPARTMENT, credit_code=body + check_character(body), slug=f"org-{{n}}", depth=0
    )
    org.path = f"/{{org.pk}}/"
    org.save(update_fields=["path"])
"""
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True)  # noqa: S603 - this interpreter


def write_manifest(path: Path, rows: int) -> int:
    from search_bench import iter_corpus

    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["机构", "信息名称", "体裁", "发布日期", "正文"])
        for i, doc in enumerate(iter_corpus(rows)):
            writer.writerow([f"org-{i * ORGS // rows + 1}", doc.title[:300], "其他", doc.date.isoformat(), doc.body])
    return path.stat().st_size


def measure(rows: int, workdir: Path) -> dict[str, float]:
    data_dir = workdir / f"n{rows}"
    data_dir.mkdir()
    prepare_database(data_dir)
    manifest = workdir / f"manifest-{rows}.csv"
    size = write_manifest(manifest, rows)
    env = environment(data_dir)
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "gongkai", "import", str(manifest), "--as", "bench"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    # The corpus repeats a title on a day now and then: the import skips those as already there.
    if os.waitstatus_to_exitcode(status) != 0 or f"共 {rows} 行" not in out or "拒绝 0" not in out:
        raise SystemExit(f"the import of {rows} rows failed: {out[-500:]}")
    # ru_maxrss is in kilobytes on Linux.
    return {"rows": rows, "manifest_mb": size / 1e6, "peak_mb": usage.ru_maxrss / 1024, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="5000,20000", help="manifest sizes, comma-separated")
    args = parser.parse_args()
    sizes = [int(n) for n in args.rows.split(",")]
    if any(n < ORGS or n > 2_000_000 for n in sizes):
        raise SystemExit(f"--rows: each between {ORGS} and 2,000,000")
    print(f"source: {ROOT}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="gongkai-import-memory-") as tmp:
        for rows in sizes:
            figures = measure(rows, Path(tmp))
            print(
                f"{figures['rows']:>9,} rows  manifest {figures['manifest_mb']:7.1f} MB  "
                f"peak {figures['peak_mb']:7.1f} MB  {figures['seconds']:6.1f} s"
                f"  ({figures['rows'] / figures['seconds']:,.0f} rows/s)"
            )


if __name__ == "__main__":
    main()
