from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.core.uploads import relocate_uploads


class Command(BaseCommand):
    help = (
        "把早期版本按原文件名存放的上传文件（如 attachments/2026/12/附件1.pdf，可被猜到）移到各自的随机目录下，"
        "与新上传的文件一致。站点可照常运行；可重复执行。--dry-run 只统计不移动。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计需要移动的文件，不移动")

    def handle(self, *args: Any, **options: Any) -> None:
        report = relocate_uploads(dry_run=options["dry_run"])
        verb = "需要移动" if options["dry_run"] else "已移动"
        details = "，".join(f"{label} {count} 个" for label, count in sorted(report.by_model.items()))
        self.stdout.write(f"{verb} {report.moved} 个文件" + (f"（{details}）" if details else "") + "。")
        if report.missing:
            self.stdout.write(f"另有 {len(report.missing)} 条记录的文件已不存在（未处理）：")
            for line in report.missing[:50]:
                self.stdout.write(f"  {line}")
