"""`gongkai worker`: a Celery worker running the queued tasks (gongkai.core.tasks).

    gongkai worker [--queues celery,search] [--concurrency N] [--pool prefork|solo|threads]

Run as a service (systemd, a container) on as many machines as needed; `search` only on the
machine that holds the search index. Needs GONGKAI_TASK_BROKER_URL.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.tasks import broker_url


class Command(BaseCommand):
    help = "运行任务队列的工作进程（需配置 GONGKAI_TASK_BROKER_URL）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", default="celery,search", help="处理哪些队列，逗号分隔（默认 celery,search）")
        parser.add_argument("--concurrency", type=int, default=0, help="并发数（默认CPU数）")
        parser.add_argument("--pool", choices=["prefork", "solo", "threads"], default="prefork")
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument("--hostname", default="", help="工作进程名称（默认 gongkai@主机名）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not broker_url():
            raise CommandError("未配置任务队列：请设置 GONGKAI_TASK_BROKER_URL（如 redis://127.0.0.1:6379/1）。")
        if not 0 <= options["concurrency"] <= 256:
            raise CommandError("--concurrency 应为0至256之间的整数。")
        from gongkai.config.celery import app

        argv = ["worker", f"--queues={options['queues']}", f"--pool={options['pool']}"]
        argv += [f"--loglevel={options['loglevel']}", "--without-gossip", "--without-mingle"]
        if options["concurrency"]:
            argv.append(f"--concurrency={options['concurrency']}")
        argv.append(f"--hostname={options['hostname'] or 'gongkai@%h'}")
        app.worker_main(argv)
