from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.backup import backup
from gongkai.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "备份整个站点到一个 tar.gz 文件：数据库（SQLite 在线备份 / PostgreSQL pg_dump）、上传文件和检索索引。"
        "gongkai backup 文件.tar.gz [--force]。站点可照常运行。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件路径（.tar.gz）")
        parser.add_argument("--force", action="store_true", help="覆盖已存在的备份文件")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup(Path(options["file"]), overwrite=options["force"])
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(
            f"已备份到 {report.path}（{report.bytes / 1024 / 1024:.1f} MB）：数据库 {report.engine}，"
            f"上传文件 {report.files.get('media', 0)} 个，检索索引文件 {report.files.get('search', 0)} 个。"
        )
