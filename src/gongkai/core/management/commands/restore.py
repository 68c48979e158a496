from io import StringIO
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.backup import restore
from gongkai.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "从 gongkai backup 生成的文件恢复数据库、上传文件和检索索引。"
        "gongkai restore 文件.tar.gz [--force]。目标须为空（空数据目录、空数据库），否则需 --force 才会覆盖。"
        "恢复前请停止 web、worker、scheduler 与 indexer 服务。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件路径")
        parser.add_argument("--force", action="store_true", help="覆盖已有数据（数据库、上传文件、检索索引）")
        parser.add_argument("--no-index-check", action="store_true", help="恢复后不核对检索索引与数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"备份文件不存在：{path}", returncode=2)
        try:
            report = restore(path, force=options["force"])
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        # Cached pages and counters describe the data that was there before.
        for alias in ("default", "ratelimit"):
            try:
                caches[alias].clear()
            except Exception as exc:  # a cache server that is down must not fail a finished restore
                self.stderr.write(f"未能清空缓存 {alias}（{type(exc).__name__}），请稍后手动清空。")
        self.stdout.write(
            f"已恢复 {report.created_at} 的备份：数据库 {report.engine}，上传文件 {report.files.get('media', 0)} 个，"
            f"检索索引文件 {report.files.get('search', 0)} 个。"
        )
        if report.pending_migrations:
            self.stdout.write(
                f"备份早于当前程序，尚有 {len(report.pending_migrations)} 个数据库迁移：请运行 gongkai migrate，"
                "再运行 gongkai search check。"
            )
            return
        if not options["no_index_check"]:
            self._check_index()

    def _check_index(self) -> None:
        """The index was copied after the database: items published in between are in it and not
        in the database. If the two differ, the index is rebuilt from the restored database."""
        try:
            call_command("search", "check", stdout=StringIO())
        except CommandError:
            call_command("search", "reindex", stdout=StringIO())
            self.stdout.write("检索索引与恢复的数据库不一致，已从数据库重建。")
            return
        self.stdout.write("检索索引与数据库一致。")
