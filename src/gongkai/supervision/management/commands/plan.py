"""`gongkai plan import FILE --org SLUG --year YYYY [--dry-run] [--json]`: a 工作要点 into tasks.

Exit 0: imported (or read, with --dry-run) and every unit name matched; 1: something needs a
person (unit names not found in the tree: map them on the plan's page, the mapping is
remembered); 2: the file is unreadable, or the org or year is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.errors import ApplicationError
from gongkai.orgs.models import Organization
from gongkai.supervision.services import plan_import, plan_read

MAX_FILE_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = "导入年度政务公开工作要点：gongkai plan import 文件 --org 机构标识 --year 年度 [--dry-run] [--json]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        imp = sub.add_parser("import", help="从 .docx 或文本文件导入工作要点")
        imp.add_argument("file")
        imp.add_argument("--org", required=True, help="制定工作要点的机构标识（slug）")
        imp.add_argument("--year", required=True, type=int)
        imp.add_argument("--dry-run", action="store_true", help="只识别和匹配，不写入")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出识别结果")
        imp.add_argument("--as", dest="username", default="", help="以哪个账号导入（默认：服务器上的运维人员）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError("文件超过 20 MB。", returncode=2)
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"机构“{options['org']}”不存在。", returncode=2)
        actor = None
        if options["username"]:
            actor = get_user_model().objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(f"用户“{options['username']}”不存在或已停用。", returncode=2)
        data = path.read_bytes()
        try:
            if options["dry_run"]:
                result = plan_read(org=org, year=options["year"], data=data, name=path.name)
            else:
                result = plan_import(actor=actor, org=org, year=options["year"], data=data, name=path.name)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            prefix = "（试运行）" if options["dry_run"] else ""
            for task in result.tasks:
                p = task.parsed
                lead = "、".join(m.name for m in task.lead) or "—"
                self.stdout.write(f"{p.number} {p.title}｜牵头：{lead}｜期限：{p.due or '—'}")
            self.stdout.write(f"{prefix}共识别任务 {len(result.tasks)} 项。")
            if result.unmatched:
                self.stdout.write("以下单位名称未能对应到机构，请在工作要点页面指定：" + "、".join(result.unmatched))
        if result.unmatched:
            raise SystemExit(1)
