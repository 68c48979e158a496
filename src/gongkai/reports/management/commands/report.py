"""`gongkai report <subcommand>`: annual report tools.

    gongkai report audit FILE [--previous LAST_YEARS_FILE] [--json] [--copy-threshold 0.5]

Exit status of `audit`: 0 every identity holds, 1 any fails, 2 the file is not a readable
report (or any other error: never a traceback).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.reports.auditor import ReportUnreadable, audit_file, render_text
from gongkai.reports.validation import DEFAULT_COPY_THRESHOLD

EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = "年度报告工具。audit：核对网站上发布的政府信息公开工作年度报告的勾稽关系。"
    # Auditing a file needs neither the database nor the other apps' checks.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{audit}")
        audit = subcommands.add_parser(
            "audit",
            help="核对一份已发布的年度报告（HTML或文本，2021年版格式，识别2019年试行格式）",
            description="读取年度报告，提取表二、表三、表四，逐项核对勾稽关系（I1–I7）。"
            "退出状态：0 全部成立，1 有不成立的，2 文件不是可读取的年度报告。",
        )
        audit.add_argument("file", metavar="FILE", help="年度报告文件（.html/.htm/.txt，UTF-8或GB18030编码）")
        audit.add_argument("--json", action="store_true", dest="as_json", help="以JSON格式输出")
        audit.add_argument(
            "--previous",
            metavar="FILE",
            help="上一年度的年度报告，用于核对跨年度结转（I5）和内容雷同",
        )
        audit.add_argument(
            "--copy-threshold",
            type=float,
            default=DEFAULT_COPY_THRESHOLD,
            help="与上年报告相同的句子占比超过该值时提示内容雷同（默认0.5）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "audit":
            sys.exit(self._audit(options))

    def _audit(self, options: dict[str, Any]) -> int:
        as_json = options["as_json"]
        try:
            result = audit_file(
                options["file"],
                previous_path=options.get("previous"),
                copy_threshold=options["copy_threshold"],
            )
            output = json.dumps(result.as_json(), ensure_ascii=False, indent=2) if as_json else render_text(result)
        except ReportUnreadable as exc:
            return self._fail(exc.message, exc.code, as_json)
        except Exception as exc:  # a file no rule foresaw must still get an answer, not a traceback
            return self._fail(
                f"读取年度报告时出现意外错误（{type(exc).__name__}：{exc}）。请确认文件是完整的年度报告网页或文本。",
                "report_internal_error",
                as_json,
            )
        self.stdout.write(output)
        return result.exit_code

    def _fail(self, message: str, code: str, as_json: bool) -> int:
        if as_json:
            self.stdout.write(
                json.dumps({"format": None, "error": {"code": code, "message": message}}, ensure_ascii=False)
            )
        self.stderr.write(message)
        return EXIT_UNREADABLE
