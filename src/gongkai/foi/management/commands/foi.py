"""`gongkai foi …`: the 依申请公开 jobs.

gongkai foi scan [--today 2025-10-28] [--json]   refresh due dates, send reminders once
gongkai foi fee by_piece 35 [--already 0]        the 109号 fee with its working
gongkai foi fee by_page 250
gongkai foi letter-sample --outcome ROW [--org-kind department|county|township|vertical]
                          [--format pdf|docx|text] [--out FILE]     a sample letter for review
gongkai foi letter-sample --outcome all --format pdf --out DIR      every outcome and notice
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.tasks import enqueue
from gongkai.foi import services
from gongkai.foi.fees import FeeError, fee_quote
from gongkai.foi.letters import render_docx, render_pdf
from gongkai.foi.samples import ROWS, SAMPLE_ORGS, sample


class Command(BaseCommand):
    help = "依申请公开：期限扫描与提醒（scan）、信息处理费计算（fee）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="刷新在办申请的答复期限并发送提醒（可重复运行，不重复提醒）")
        scan.add_argument("--today", help="以该日期为今天（YYYY-MM-DD），默认今天")
        scan.add_argument("--json", action="store_true")
        scan.add_argument("--queue", action="store_true", help="交给任务队列执行（不在本进程运行）")
        fee = sub.add_parser("fee", help="按国办函〔2020〕109号计算信息处理费")
        fee.add_argument("method", choices=["by_piece", "by_page"])
        fee.add_argument("quantity", type=int)
        fee.add_argument("--already", type=int, default=0, help="按件：本自然月此前已申请的件数")
        sample = sub.add_parser("letter-sample", help="生成答复书、告知书样稿（供审核）")
        sample.add_argument("--outcome", required=True, help="办理结果（如 withheld_state_secret）、告知书种类或 all")
        sample.add_argument("--org-kind", choices=sorted(SAMPLE_ORGS), default="department")
        sample.add_argument("--format", choices=["pdf", "docx", "text"], default="text")
        sample.add_argument("--out", help="输出文件（--outcome all 时为目录）；不填写则文本输出到屏幕")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "letter-sample":
            self._letter_sample(options)
            return
        if options["action"] == "scan":
            today = None
            if options.get("today"):
                try:
                    today = datetime.date.fromisoformat(options["today"])
                except ValueError:
                    raise CommandError("日期格式应为 YYYY-MM-DD。") from None
            if options["queue"]:
                enqueue("foi.scan_deadlines", today=today)
                self.stdout.write("已加入任务队列：foi.scan_deadlines。")
                return
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

    def _letter_sample(self, options: dict[str, Any]) -> None:
        rows = list(ROWS) if options["outcome"] == "all" else [options["outcome"]]
        unknown = [r for r in rows if r not in ROWS]
        if unknown:
            raise CommandError(f"未知的办理结果或告知书：{unknown[0]}。可选：{', '.join(ROWS)}、all")
        fmt, out = options["format"], str(options.get("out") or "")
        if len(rows) > 1 and not out:
            raise CommandError("--outcome all 须用 --out 指定输出目录。")
        if len(rows) > 1:
            Path(out).mkdir(parents=True, exist_ok=True)
        for row in rows:
            content = sample(row, options["org_kind"]).content
            data: bytes
            if fmt == "pdf":
                data = render_pdf(content)
            elif fmt == "docx":
                data = render_docx(content)
            else:
                text = "\n".join([content.title, content.number, f"{content.recipient}：", *content.paragraphs])
                text += f"\n{content.signer}\n"
                data = text.encode()
            if not out:
                self.stdout.write(data.decode() if fmt == "text" else "（二进制格式须用 --out 指定文件）")
                continue
            target = Path(out) / f"{row}.{'txt' if fmt == 'text' else fmt}" if len(rows) > 1 else Path(out)
            target.write_bytes(data)
            self.stdout.write(f"{row}：{target}")
