"""`gongkai serve`: the production web server (gunicorn with gongkai.config.gunicorn).

    gongkai serve [--bind 0.0.0.0:8000] [--workers N] [--threads N] [--no-collectstatic]

Collects the static files first (whitenoise serves them, compressed and with hashed names),
then replaces this process by gunicorn, so that systemd or a container runtime signals the
gunicorn master directly. Settings default to gongkai.config.settings.production (cli.py).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

CONFIG = "python:gongkai.config.gunicorn"


def gunicorn_command(options: dict[str, Any]) -> list[str]:
    command = [sys.executable, "-m", "gunicorn", "--config", CONFIG]
    if options.get("bind"):
        command += ["--bind", options["bind"]]
    for name in ("workers", "threads"):
        if options.get(name):
            command += [f"--{name}", str(options[name])]
    return [*command, "gongkai.config.wsgi:application"]


class Command(BaseCommand):
    help = (
        "以生产方式运行网站（gunicorn）：gongkai serve [--bind 地址:端口] [--workers N] [--threads N]。"
        "默认值见 gongkai.config.gunicorn（2核：3个进程×4线程），也可用 GONGKAI_BIND 等环境变量设置。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="", help="监听地址，如 0.0.0.0:8000 或 unix:/run/gongkai/web.sock")
        parser.add_argument("--workers", type=int, default=0, help="进程数（默认 CPU 核数 + 1）")
        parser.add_argument("--threads", type=int, default=0, help="每个进程的线程数（默认 4）")
        parser.add_argument("--no-collectstatic", action="store_true", help="不收集静态文件（已在部署时收集）")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("workers", "threads"):
            if not 0 <= options[name] <= 256:
                raise CommandError(f"--{name} 应为 1 至 256 之间的整数。", returncode=2)
        if len(options["bind"]) > 300:
            raise CommandError("--bind 过长。", returncode=2)
        if settings.DEBUG:
            self.stderr.write(
                "注意：DEBUG 已开启（开发设置）；"
                "生产环境请设置 DJANGO_SETTINGS_MODULE=gongkai.config.settings.production。"
            )
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        sys.stdout.flush()
        sys.stderr.flush()
        command = gunicorn_command(options)
        os.execv(command[0], command)  # noqa: S606
