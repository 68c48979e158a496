# The command is named after what clerks type: `gongkai import MANIFEST`.
# ruff: noqa: N999
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.errors import ApplicationError
from gongkai.core.tasks import enqueue
from gongkai.disclosure.importing import import_manifest


class Command(BaseCommand):
    help = (
        "从清单（XLSX 或 CSV）导入已发布的政府信息：gongkai import 清单.xlsx --as 用户名 [--dry-run]。"
        "列：机构、信息名称、体裁、文号、索引号、成文日期、发布日期、主题分类、关键词、栏目、文件（txt/html/docx/pdf）或正文，"
        "附件（可选：清单所在目录下的文件路径，多个用分号分隔，按上传附件的规则检查）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("manifest")
        parser.add_argument("--as", dest="username", required=True, help="以哪个账号导入（平台管理员或机构管理员）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument(
            "--queue", action="store_true", help="交给任务队列执行（清单及其文件须在工作进程可读的共享路径）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["manifest"])
        if not path.is_file():
            raise CommandError(f"清单文件不存在：{path}", returncode=2)
        actor = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"用户“{options['username']}”不存在或已停用。", returncode=2)
        if options["queue"]:
            if options["dry_run"]:
                raise CommandError("--dry-run 不能与 --queue 同用。", returncode=2)
            enqueue("disclosure.import_manifest", path=str(path.resolve()), username=actor.get_username())
            self.stdout.write("已加入任务队列：disclosure.import_manifest。结果见工作进程日志。")
            return
        try:
            report = import_manifest(path, actor=actor, dry_run=options["dry_run"], progress=self._progress)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        sys.stderr.write("\n")
        for row in report.rejected:
            self.stdout.write(f"第{row.line}行：未导入——{row.reason}")
        prefix = "（试运行）" if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}共 {len(report.rows)} 行：导入 {report.count('imported')}，"
            f"已存在跳过 {report.count('skipped')}，拒绝 {report.count('rejected')}。"
        )
        if report.rejected:
            raise CommandError("部分行未导入，见上。", returncode=1)

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r导入进度 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
