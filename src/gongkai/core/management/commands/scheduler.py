"""`gongkai scheduler`: Celery beat, queueing the periodic tasks of settings.GONGKAI_TASK_SCHEDULE.

Run exactly one per deployment (two would queue every periodic task twice; the tasks are
idempotent, so that wastes work but does no harm). Needs GONGKAI_TASK_BROKER_URL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.tasks import broker_url


class Command(BaseCommand):
    help = "按计划投递周期任务（期限扫描、索引补漏、年报预生成等；每个部署只运行一个）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="只列出计划，不运行")
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for key, entry in settings.GONGKAI_TASK_SCHEDULE.items():
                when = f"每 {entry['every']} 秒" if "every" in entry else f"cron {entry['cron']}"
                self.stdout.write(f"{key}: {entry['task']}  {when}")
            return
        if not broker_url():
            raise CommandError("未配置任务队列：请设置 GONGKAI_TASK_BROKER_URL（如 redis://127.0.0.1:6379/1）。")
        from gongkai.config.celery import app

        # beat's own state (last run of each entry) lives in the data directory.
        state = settings.DATA_DIR / "celerybeat-schedule"
        state.parent.mkdir(parents=True, exist_ok=True)
        app.start(["beat", f"--schedule={state}", f"--loglevel={options['loglevel']}"])
