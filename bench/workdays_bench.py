"""Benchmark of the working-day engine.

    uv run python bench/workdays_bench.py [--calls 300000] [--deadlines 100000] [--json]

Sets Django up by itself (development settings, a throw-away SQLite database in a
temporary GONGKAI_DATA_DIR, migrated), runs in one thread (one core; --pin CPU to pin it
to a given core), and reports:

1. due-date computations per second (target: at least 200,000 on one core), through the
   public `WorkingCalendar.due_date` that every module uses, without and with pauses;
2. the time to recompute 100,000 stored deadlines on SQLite (target: under 10 s), when an
   administrator enters the schedule of a provisional year that all of them touch (every
   row changes: due date and/or provisional flag, one audit event each), and again when
   nothing changes (the idempotent second run).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup_django(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings.dev"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def pin_to_one_core(core: int | None) -> str:
    """The benchmark is single-threaded, so it uses one core at a time anyway; --pin also
    keeps it on one given core (on a busy machine, the one given may be the busy one)."""
    if core is None:
        return "one thread, not pinned"
    os.sched_setaffinity(0, {core})
    return f"pinned to CPU {core}"


def bench_due_dates(calls: int, rng: random.Random) -> dict[str, float]:
    from gongkai.workdays.domain import Pause
    from gongkai.workdays.selectors import get_calendar

    calendar = get_calendar()
    first, last = datetime.date(2020, 1, 1).toordinal(), datetime.date(2030, 12, 31).toordinal()
    starts = [datetime.date.fromordinal(rng.randint(first, last)) for _ in range(calls)]
    ns = [rng.choice((7, 15, 20, 20, 20, 40)) for _ in range(calls)]
    with_pauses: list[list[Pause] | None] = []
    for start in starts:
        if rng.random() < 0.2:
            begin = start + datetime.timedelta(days=rng.randint(1, 20))
            with_pauses.append([Pause(begin, begin + datetime.timedelta(days=rng.randint(0, 15)), "征求第三方意见")])
        else:
            with_pauses.append(None)

    due_date = calendar.due_date
    results: dict[str, float] = {}

    t = time.perf_counter()
    for start, n in zip(starts, ns, strict=True):
        due_date(start, n)
    results["due_date_per_second"] = calls / (time.perf_counter() - t)

    t = time.perf_counter()
    for start, n, pauses in zip(starts, ns, with_pauses, strict=True):
        due_date(start, n, pauses)
    results["due_date_20pct_pauses_per_second"] = calls / (time.perf_counter() - t)

    one_pause = [
        p or [Pause(s + datetime.timedelta(days=3), s + datetime.timedelta(days=9))]
        for s, p in zip(starts, with_pauses, strict=True)
    ]
    t = time.perf_counter()
    for start, n, pauses in zip(starts, ns, one_pause, strict=True):
        due_date(start, n, pauses)
    results["due_date_every_call_paused_per_second"] = calls / (time.perf_counter() - t)

    sample = min(calls, 5000)
    t = time.perf_counter()
    for start, n in zip(starts[:sample], ns[:sample], strict=True):
        _ = due_date(start, n).explanation
    results["due_date_with_explanation_per_second"] = sample / (time.perf_counter() - t)
    return results


def bench_recompute(count: int, rng: random.Random) -> dict[str, float]:
    from django.db import transaction
    from django.utils import timezone

    from gongkai.core.models import AuditEvent
    from gongkai.workdays import services
    from gongkai.workdays.calendar import ScheduleEntry, package_years, statutory_holidays
    from gongkai.workdays.domain import DayKind, Pause, parse_pauses
    from gongkai.workdays.models import TrackedDeadline
    from gongkai.workdays.selectors import get_calendar

    year = package_years()[1] + 1  # the first provisional year
    calendar = get_calendar()
    first = datetime.date(year - 1, 7, 1).toordinal()
    last = datetime.date(year, 12, 1).toordinal()
    now = timezone.now()
    rows = []
    t = time.perf_counter()
    for i in range(count):
        start = datetime.date.fromordinal(rng.randint(first, last))
        n = rng.choice((7, 15, 20, 20, 40))
        pauses = []
        if rng.random() < 0.1:
            begin = start + datetime.timedelta(days=rng.randint(1, 10))
            pauses = [Pause(begin, begin + datetime.timedelta(days=rng.randint(0, 10)), "征求第三方意见").as_json()]
        result = calendar.due_date(start, n, parse_pauses(pauses))
        # Make sure the span touches the year being entered, as the benchmark intends.
        while result.date.year < year:
            n += 20
            result = calendar.due_date(start, n, parse_pauses(pauses))
        rows.append(
            TrackedDeadline(
                owner_label="bench.item",
                owner_id=str(i),
                kind="reply",
                start_date=start,
                working_days=n,
                pauses=pauses,
                due_date=result.date,
                provisional=result.provisional,
                computed_at=now,
            )
        )
    with transaction.atomic():
        TrackedDeadline.objects.bulk_create(rows, batch_size=2000)
    setup_seconds = time.perf_counter() - t

    # The schedule an administrator enters: the statutory days plus a longer 春节 and
    # 国庆 with make-up Saturdays, as the State Council's notices usually read.
    holidays = dict(statutory_holidays(year))
    new_year = min(d for d, name in holidays.items() if name == "春节")
    for offset in range(4, 8):
        holidays.setdefault(new_year + datetime.timedelta(days=offset), "春节")
    for day in range(4, 8):
        holidays.setdefault(datetime.date(year, 10, day), "国庆节")
    entries = [ScheduleEntry(d, DayKind.HOLIDAY, name) for d, name in sorted(holidays.items())]
    saturday = datetime.date(year, 9, 25)
    while saturday.weekday() != 5:
        saturday += datetime.timedelta(days=1)
    if saturday not in holidays:
        entries.append(ScheduleEntry(saturday, DayKind.WORKDAY, "国庆节"))

    audit_before = AuditEvent.objects.count()
    t = time.perf_counter()
    change = services.schedule_replace(year=year, entries=entries, actor=None, note="benchmark")
    enter_seconds = time.perf_counter() - t
    assert change.recompute is not None
    audit_written = AuditEvent.objects.count() - audit_before

    t = time.perf_counter()
    again = services.deadline_recompute(actor=None, years=[year])
    idempotent_seconds = time.perf_counter() - t
    assert again.changed == 0

    return {
        "year_entered": year,
        "stored_deadlines": count,
        "setup_seconds": setup_seconds,
        "checked": change.recompute.checked,
        "changed": change.recompute.changed,
        "audit_events_written": audit_written,
        "enter_year_and_recompute_seconds": enter_seconds,
        "idempotent_recompute_seconds": idempotent_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300_000, help="due-date computations to time")
    parser.add_argument("--deadlines", type=int, default=100_000, help="stored deadlines to recompute")
    parser.add_argument("--seed", type=int, default=20250926)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--pin", type=int, default=None, metavar="CPU", help="pin the process to this CPU")
    args = parser.parse_args()

    pinned = pin_to_one_core(args.pin)
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as data_dir:
        setup_django(data_dir)
        import chinese_calendar
        import django

        rng = random.Random(args.seed)
        due = bench_due_dates(args.calls, rng)
        recompute = bench_recompute(args.deadlines, rng)
        report = {
            "python": sys.version.split()[0],
            "django": django.get_version(),
            "chinesecalendar": chinese_calendar.__version__,
            "cpu": pinned,
            **due,
            **recompute,
        }
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
            return
        year, total = recompute["year_entered"], recompute["stored_deadlines"]
        print(f"Python {report['python']}, Django {report['django']}, ", end="")
        print(f"chinesecalendar {report['chinesecalendar']}; {pinned}")
        print("Due dates (WorkingCalendar.due_date, one core):")
        print(f"  no pauses ............................ {due['due_date_per_second']:>12,.0f} /s (target ≥ 200,000)")
        print(f"  20 % of calls with a pause ........... {due['due_date_20pct_pauses_per_second']:>12,.0f} /s")
        print(f"  every call with a pause .............. {due['due_date_every_call_paused_per_second']:>12,.0f} /s")
        print(f"  with the explanation built ........... {due['due_date_with_explanation_per_second']:>12,.0f} /s")
        print(f"Recompute on SQLite ({total:,} stored deadlines touching {year}):")
        print(
            f"  enter {year} + recompute ............... {recompute['enter_year_and_recompute_seconds']:>8.2f} s"
            f"  ({recompute['checked']:,} checked, {recompute['changed']:,} changed,"
            f" {recompute['audit_events_written']:,} audit events; target < 10 s)"
        )
        print(f"  second run (nothing changes) ......... {recompute['idempotent_recompute_seconds']:>8.2f} s")


if __name__ == "__main__":
    main()
