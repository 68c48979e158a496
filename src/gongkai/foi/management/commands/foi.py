"""`gongkai foi …`: the 依申请公开 jobs.

gongkai foi scan [--today 2025-10-28] [--json]   refresh due dates, send reminders once
gongkai foi fee by_piece 35 [--already 0]        the 109号 fee with its working
gongkai foi fee by_page 250
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.foi import services
from gongkai.foi.fees import FeeError, fee_quote


class Command(BaseCommand):
    help = "依申请公开：期限扫描与提醒（scan）、信息处理费计算（fee）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="刷新在办申请的答复期限并发送提醒（可重复运行，不重复提醒）")
        scan.add_argument("--today", help="以该日期为今天（YYYY-MM-DD），默认今天")
        scan.add_argument("--json", action="store_true")
        fee = sub.add_parser("fee", help="按国办函〔2020〕109号计算信息处理费")
        fee.add_argument("method", choices=["by_piece", "by_page"])
        fee.add_argument("quantity", type=int)
        fee.add_argument("--already", type=int, default=0, help="按件：本自然月此前已申请的件数")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "scan":
            today = None
            if options.get("today"):
                try:
                    today = datetime.date.fromisoformat(options["today"])
                except ValueError:
                    raise CommandError("日期格式应为 YYYY-MM-DD。") from None
            result = services.foi_scan(today=today)
            if options["json"]:
                self.stdout.write(
                    json.dumps({"checked": result.checked, "reminders": result.reminders}, ensure_ascii=False)
                )
            else:
                self.stdout.write(f"检查在办申请 {result.checked} 件，新发提醒 {len(result.reminders)} 条。")
                for number, kind in result.reminders:
                    self.stdout.write(f"  {number}：{services.REMINDER_TEXT[kind]}")
            return
        try:
            quote = fee_quote(options["method"], options["quantity"], already_this_month=options["already"])
        except FeeError as exc:
            raise CommandError(str(exc)) from None
        for line in quote.explanation:
            self.stdout.write(line)
