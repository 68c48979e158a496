"""`gongkai inspect`: check websites against 国办秘函〔2019〕19号.

    gongkai inspect site URL [--as-of YYYY-MM-DD] [--max-pages N] [--json]
    gongkai inspect org SLUG [--as-of …] [--json]          # a platform site, from the database
    gongkai inspect scheduled --user USERNAME [--as-of …] [--queue]  # the quarterly run

Exit status of `site` and `org`: 0 no veto item, 1 any veto item, 2 the site cannot be inspected.
"""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.tasks import enqueue
from gongkai.inspection import services
from gongkai.inspection.scoring import NOT_INSPECTED, VERDICT_LABELS
from gongkai.inspection.services.runs import MAX_PAGES_LIMIT, InspectionResult
from gongkai.inspection.snapshot import KIND_LABELS
from gongkai.orgs import selectors as orgs


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


def _pages(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGES_LIMIT:
        raise CommandError(f"--max-pages 须为 1 到 {MAX_PAGES_LIMIT} 之间的整数。")
    return int(value)


class Command(BaseCommand):
    help = "检查政府网站（国办秘函〔2019〕19号）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        site = sub.add_parser("site", help="按网址抓取检查一个网站")
        site.add_argument("url")
        org = sub.add_parser("org", help="从数据库检查本平台上某机构的网站")
        org.add_argument("slug")
        for p in (site, org):
            p.add_argument("--as-of", type=_date, default=None, help="判断更新的基准日期（默认今天）")
            p.add_argument("--max-pages", type=_pages, default=300, help="最多读取的页面数")
            p.add_argument("--json", action="store_true", help="以 JSON 输出")
            p.add_argument("--department", action="store_true", help="部门网站（按75分折算）")
        scheduled = sub.add_parser("scheduled", help="季度检查：检查本季度尚未检查的全部检查对象")
        scheduled.add_argument("--user", required=True, help="以哪位政务公开办管理员的身份检查")
        scheduled.add_argument("--as-of", type=_date, default=None)
        scheduled.add_argument("--max-pages", type=_pages, default=300)
        scheduled.add_argument("--queue", action="store_true", help="交给任务队列执行（不在本进程运行）")

    def handle(self, *args: Any, **options: Any) -> None:
        sub = options["subcommand"]
        if sub == "scheduled":
            self._scheduled(options)
            return
        as_of = options["as_of"] or timezone.localdate()
        try:
            if sub == "site":
                result = services.inspect_url(
                    options["url"], as_of=as_of, max_pages=options["max_pages"], department=options["department"]
                )
            else:
                org = orgs.organization_by_slug(options["slug"])
                result = services.inspect_org(
                    org, as_of=as_of, max_pages=options["max_pages"], department=options["department"]
                )
        except (ValidationFailed, NotFound) as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self._print(result)
        if result.score.verdict == NOT_INSPECTED:
            sys.exit(2)
        sys.exit(1 if result.score.vetoes else 0)

    def _print(self, result: InspectionResult) -> None:
        s = result.score
        self.stdout.write(f"网站：{result.site}\n检查基准日：{result.as_of.isoformat()}")
        if result.score.verdict == NOT_INSPECTED:
            self.stdout.write(f"结论：无法检查（{result.snapshot.home_error}）")
            return
        self.stdout.write(f"读取页面：{result.snapshot.attempts} 个，用时 {result.snapshot.elapsed_seconds:.1f} 秒")
        score = "—（单项否决，不再计分）" if s.score is None else f"{s.score:g}"
        self.stdout.write(f"结论：{VERDICT_LABELS[s.verdict]}  得分：{score}")
        for item, why in s.vetoes.items():
            self.stdout.write(f"  单项否决 · {item}：{why}")
        for indicator, points in s.deductions.items():
            self.stdout.write(f"  扣分 · {indicator}：-{points:g}")
        for f in result.findings:
            where = f" → {f.target}" if f.target else ""
            column = f"［{f.column}］" if f.column else ""
            self.stdout.write(f"- {KIND_LABELS[f.kind]}{column} {f.url}{where}\n    {f.detail}")

    def _scheduled(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"没有用户 {options['user']}。")
        if options["queue"]:
            enqueue(
                "inspection.scheduled_run",
                username=user.get_username(),
                as_of=options["as_of"],
                max_pages=options["max_pages"],
            )
            self.stdout.write("已加入任务队列：inspection.scheduled_run。")
            return
        done = services.scheduled_run(actor=user, as_of=options["as_of"], max_pages=options["max_pages"])
        for inspection in done:
            score = "—" if inspection.score is None else f"{inspection.score:g}"
            self.stdout.write(f"{inspection.site.name}：{inspection.get_verdict_display()} {score}")
        self.stdout.write(f"本次检查 {len(done)} 个网站。")
