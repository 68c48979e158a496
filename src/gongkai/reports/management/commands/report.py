"""`gongkai report <subcommand>`: annual report tools.

    gongkai report audit FILE [--previous LAST_YEARS_FILE] [--json] [--copy-threshold 0.5]
    gongkai report figures import FILE --user USERNAME
    gongkai report import FILE --org SLUG --year YEAR --published-on DATE --user USERNAME
    gongkai report render [--version-id ID] [--queue]   # PDF/DOCX/XLSX of published versions, cached

`figures import` reads table 二's 行政许可/行政处罚/行政强制 counts and 行政事业性收费 (万元) per
org and year from CSV or XLSX, recorded as entered by USERNAME (exit 1 on any error: nothing saved).

Exit status of `audit`: 0 every identity holds, 1 any fails, 2 the file is not a readable
report (or any other error: never a traceback).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.reports.audit import ReportUnreadable, audit_file, render_text
from gongkai.reports.validation import DEFAULT_COPY_THRESHOLD

EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = "年度报告工具。audit：核对网站上发布的政府信息公开工作年度报告的勾稽关系。"
    # Auditing a file needs neither the database nor the other apps' checks.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{audit,figures,import,render}")
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

        figures = subcommands.add_parser("figures", help="年度报告表二业务数据（行政许可、处罚、强制、收费）")
        figures_sub = figures.add_subparsers(dest="figures_command", required=True, metavar="{import}")
        importing = figures_sub.add_parser(
            "import",
            help="从CSV或Excel导入表二业务数据",
            description="首行列名：机构（站点标识或统一社会信用代码）、年度、行政许可、行政处罚、行政强制、"
            "行政事业性收费（万元）。有任何错误时不导入。",
        )
        importing.add_argument("file", metavar="FILE", help=".csv（UTF-8或GB18030）或.xlsx")
        importing.add_argument("--user", required=True, help="录入人（平台用户名），记入审计日志")

        render = subcommands.add_parser(
            "render", help="预先生成已发布年度报告的PDF、DOCX、XLSX文件（默认：近两日发布的）"
        )
        render.add_argument("--version-id", type=int, default=None, help="只生成该版本（ReportVersion 编号）")
        render.add_argument("--queue", action="store_true", help="交给任务队列执行（不在本进程运行）")

        previous = subcommands.add_parser(
            "import",
            help="导入平台启用前已发布的年度报告（HTML或文本），供下一年度核对跨年度结转（I5）和内容雷同",
        )
        previous.add_argument("file", metavar="FILE", help="年度报告文件（.html/.htm/.txt）")
        previous.add_argument("--org", required=True, help="机构站点标识")
        previous.add_argument("--year", type=int, required=True, help="报告年度")
        previous.add_argument("--published-on", required=True, help="原发布日期（YYYY-MM-DD）")
        previous.add_argument("--user", required=True, help="导入人（平台用户名），记入审计日志")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "audit":
            sys.exit(self._audit(options))
        if options["subcommand"] == "figures":
            sys.exit(self._figures_import(options))
        if options["subcommand"] == "import":
            sys.exit(self._report_import(options))
        if options["subcommand"] == "render":
            sys.exit(self._render(options))

    def _render(self, options: dict[str, Any]) -> int:
        from gongkai.core.tasks import enqueue, run_now

        name, kwargs = "reports.render_published", {}
        if options["version_id"] is not None:
            name, kwargs = "reports.render_version", {"version_id": options["version_id"]}
        if options["queue"]:
            enqueue(name, **kwargs)
            self.stdout.write(f"已加入任务队列：{name}。")
            return 0
        self.stdout.write(f"已生成文件 {run_now(name, **kwargs)} 个。")
        return 0

    def _report_import(self, options: dict[str, Any]) -> int:
        import datetime

        from django.contrib.auth import get_user_model

        from gongkai.core.errors import ApplicationError
        from gongkai.orgs.selectors import organization_by_slug
        from gongkai.reports import services
        from gongkai.reports.audit import read_text

        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            self.stderr.write(f"未找到用户“{options['user']}”。")
            return 1
        try:
            published_on = datetime.date.fromisoformat(options["published_on"])
        except ValueError:
            self.stderr.write("原发布日期格式应为 YYYY-MM-DD。")
            return 1
        try:
            report = services.report_import(
                actor=user,
                org=organization_by_slug(options["org"]),
                year=options["year"],
                text=read_text(options["file"]),
                source_name=options["file"],
                published_on=published_on,
            )
        except ApplicationError as exc:
            self.stderr.write(exc.message)
            return 1
        version = report.versions.get()
        errors = [v for v in version.violations if v["severity"] == "error"]
        self.stdout.write(
            f"已导入{report.org.name}{report.year}年度报告（{report.format}年版格式），勾稽关系不成立{len(errors)}项。"
        )
        return 0

    def _figures_import(self, options: dict[str, Any]) -> int:
        from pathlib import Path

        from django.contrib.auth import get_user_model

        from gongkai.core.errors import ApplicationError
        from gongkai.reports import services

        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            self.stderr.write(f"未找到用户“{options['user']}”。")
            return 1
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.stderr.write(f"无法读取文件：{path}（{exc.strerror}）。")
            return 1
        try:
            rows = services.figures_import(actor=user, content=content, filename=path.name)
        except ApplicationError as exc:
            self.stderr.write(exc.message)
            for where, problems in exc.fields.items():
                self.stderr.write(f"  {where}：{'；'.join(problems)}")
            return 1
        for row in rows:
            self.stdout.write(f"{row.org.name} {row.year}年：已导入。")
        self.stdout.write(f"共导入{len(rows)}行。")
        return 0

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
