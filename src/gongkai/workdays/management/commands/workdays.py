"""`gongkai workdays …`: ask the working-day calendar, import a year, recompute deadlines.

    gongkai workdays add 2025-09-26 20 [--pause 2025-10-09:2025-10-15:征求第三方意见] [--json]
    gongkai workdays between 2025-09-26 2025-10-30 [--json]
    gongkai workdays day 2025-10-11 [--json]
    gongkai workdays calendar 2027 [--json]
    gongkai workdays import 2027.csv [--year 2027] [--note 国办发明电〔2026〕X号] [--actor USERNAME]
    gongkai workdays recompute [--year 2027 ...]

Bad input (a malformed date, a negative number of days, a faulty import file) is
reported in Chinese on stderr with exit status 2, and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.errors import ApplicationError
from gongkai.workdays import selectors, services
from gongkai.workdays.calendar import check_year
from gongkai.workdays.domain import (
    InvalidPause,
    InvalidSchedule,
    Pause,
    WorkdaysError,
    fmt_day,
    parse_date,
    parse_working_days,
)
from gongkai.workdays.importing import decode

BAD_INPUT = 2


def _fail(exc: ApplicationError) -> CommandError:
    text = str(exc) if isinstance(exc, InvalidSchedule) else exc.message
    return CommandError(text, returncode=BAD_INPUT)


def _parse_pause_option(value: str) -> Pause:
    parts = value.split(":", 2)
    if len(parts) < 2:
        raise InvalidPause(
            f"暂停期间“{value}”格式错误，应为 开始日:结束日[:原因]，例如 2025-10-09:2025-10-15:征求第三方意见。"
        )
    reason = parts[2] if len(parts) == 3 else ""
    return Pause(parse_date(parts[0], what="暂停开始日"), parse_date(parts[1], what="暂停结束日"), reason)


class Command(BaseCommand):
    help = "工作日历：计算期限、统计工作日、查看年度安排、导入年度放假安排、重新计算已登记的期限。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,between,day,calendar,import,recompute}")

        p = sub.add_parser("add", help="起算日之后第 N 个工作日（自次日起算；N 为 0 时即起算日）")
        p.add_argument("date", help="起算日，YYYY-MM-DD")
        p.add_argument("n", help="工作日数，不小于 0 的整数")
        p.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="开始日:结束日[:原因]",
            help="暂停计算的期间（含首尾两日），可重复",
        )
        p.add_argument("--json", action="store_true", help="以 JSON 输出")

        p = sub.add_parser("between", help="两个日期之间的工作日数：开始日之后、结束日（含）为止")
        p.add_argument("start", help="开始日，YYYY-MM-DD")
        p.add_argument("end", help="结束日，YYYY-MM-DD")
        p.add_argument("--json", action="store_true", help="以 JSON 输出")

        p = sub.add_parser("day", help="某一天是否为工作日，以及原因")
        p.add_argument("date", help="日期，YYYY-MM-DD")
        p.add_argument("--json", action="store_true", help="以 JSON 输出")

        p = sub.add_parser("calendar", help="某年的放假和调休上班日期及其来源")
        p.add_argument("year", help="年份，例如 2027")
        p.add_argument("--json", action="store_true", help="以 JSON 输出")

        p = sub.add_parser("import", help="从 CSV 文件（date,kind,name）导入一个年度的放假安排")
        p.add_argument("file", help="CSV 文件路径")
        p.add_argument("--year", type=int, default=None, help="年度（省略时按文件中的日期确定）")
        p.add_argument("--note", default="", help="说明，例如通知文号")
        p.add_argument("--actor", default="", help="记入审计日志的用户名（省略时记为“系统”）")

        p = sub.add_parser("recompute", help="重新计算已登记的未结期限")
        p.add_argument("--year", type=int, action="append", default=None, help="只重新计算涉及该年的期限，可重复")
        p.add_argument("--actor", default="", help="记入审计日志的用户名（省略时记为“系统”）")
        p.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"do_{action}")(options)
        except WorkdaysError as exc:
            raise _fail(exc) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT if exc.http_status < 500 else 1) from exc

    # ------------------------------------------------------------------ helpers

    def _json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _lines(self, lines: list[str]) -> None:
        for i, line in enumerate(lines, start=1):
            self.stdout.write(f"  {i}. {line}")

    def _actor(self, username: str) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。", returncode=BAD_INPUT)
        return user

    # ------------------------------------------------------------------ subcommands

    def do_add(self, options: dict[str, Any]) -> None:
        # Input is checked before the calendar (and so the database) is touched.
        start = parse_date(options["date"], what="起算日")
        n = parse_working_days(options["n"])
        pauses = [_parse_pause_option(v) for v in options["pause"]]
        result = selectors.due_date(start, n, pauses)
        if options["json"]:
            self._json(result.as_json())
            return
        tag = "（推算结果，仅供参考）" if result.provisional else ""
        self.stdout.write(f"{fmt_day(result.date)}{tag}")
        self.stdout.write("说明：")
        self._lines(result.explanation)

    def do_between(self, options: dict[str, Any]) -> None:
        start = parse_date(options["start"], what="开始日")
        end = parse_date(options["end"], what="结束日")
        result = selectors.working_days_between(start, end)
        if options["json"]:
            self._json(result.as_json())
            return
        tag = "（推算结果，仅供参考）" if result.provisional else ""
        self.stdout.write(f"{result.working_days} 个工作日{tag}")
        self.stdout.write("说明：")
        self._lines(result.explanation)

    def do_day(self, options: dict[str, Any]) -> None:
        status = selectors.is_working_day(parse_date(options["date"]))
        if options["json"]:
            self._json(status.as_json())
            return
        self.stdout.write("工作日" if status.working else "休息日")
        self._lines(status.explanation)

    def do_calendar(self, options: dict[str, Any]) -> None:
        raw = str(options["year"]).strip()
        if not raw.isdigit():
            raise CommandError(f"年份“{raw}”格式错误，应为四位数字，例如 2027。", returncode=BAD_INPUT)
        check_year(int(raw))
        data = selectors.year_summary(int(raw))
        if options["json"]:
            self._json(data)
            return
        year = data["year"]
        self.stdout.write(f"{year} 年工作日历")
        self.stdout.write(f"来源：{data['source_text']}")
        if data["source"] == "package":  # which data the operator runs on (pages leave it out)
            from gongkai.workdays.schedules import package_version

            self.stdout.write(f"数据包：chinesecalendar {package_version()}")
        if data["provisional"]:
            self.stdout.write(
                self.style.WARNING(
                    f"注意：{year} 年为推算结果（provisional），正式放假安排尚未公布或尚未录入，"
                    "以下只含法定节假日和周末，未考虑调休和补假。"
                )
            )
        self.stdout.write("放假：")
        for item in data["holidays"]:
            self.stdout.write(f"  {fmt_day(parse_date(item['date']))} {item['name']}")
        self.stdout.write("调休上班：")
        if not data["workdays"]:
            self.stdout.write("  （无）")
        for item in data["workdays"]:
            self.stdout.write(f"  {fmt_day(parse_date(item['date']))} {item['name']}")
        self.stdout.write(f"全年工作日：{data['working_days']} 天")

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror or exc}", returncode=BAD_INPUT) from exc
        actor = self._actor(options["actor"])
        result = services.schedule_import(
            text=decode(data), actor=actor, filename=path.name, year=options["year"], note=options["note"]
        )
        if not result.changed:
            self.stdout.write(f"{result.year} 年放假安排与已录入的完全相同，未作修改。")
            return
        self.stdout.write(self.style.SUCCESS(f"已导入 {result.year} 年放假安排（来源：文件导入）。"))
        if result.recompute is not None:
            self.stdout.write(
                f"检查了 {result.recompute.checked} 个涉及 {result.year} 年的未结期限，"
                f"其中 {result.recompute.changed} 个已重新计算并记入审计日志。"
            )

    def do_recompute(self, options: dict[str, Any]) -> None:
        actor = self._actor(options["actor"])
        result = services.deadline_recompute(actor=actor, years=options["year"])
        if options["json"]:
            self._json(
                {
                    "years": result.years,
                    "checked": result.checked,
                    "changed": result.changed,
                    "changes": [
                        {
                            "id": c.deadline_id,
                            "owner_label": c.owner_label,
                            "owner_id": c.owner_id,
                            "kind": c.kind,
                            "old_due_date": c.old_due_date.isoformat(),
                            "new_due_date": c.new_due_date.isoformat(),
                            "old_provisional": c.old_provisional,
                            "new_provisional": c.new_provisional,
                        }
                        for c in result.changes
                    ],
                }
            )
            return
        scope = "、".join(f"{y} 年" for y in result.years) if result.years else "全部"
        self.stdout.write(
            f"重新计算（{scope}）：检查了 {result.checked} 个未结期限，其中 {result.changed} 个发生变化。"
        )
        for c in result.changes[:50]:
            self.stdout.write(
                f"  {c.owner_label}#{c.owner_id} {c.kind}：{c.old_due_date.isoformat()} → {c.new_due_date.isoformat()}"
                f"{'（推算）' if c.new_provisional else ''}"
            )
        if result.changed > 50:
            self.stdout.write(f"  ……另有 {result.changed - 50} 个，详见审计日志。")
