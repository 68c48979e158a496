import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.api.main import api

DEFAULT_PATH = Path(__file__).resolve().parents[5] / "docs" / "openapi.json"


class Command(BaseCommand):
    help = "输出 OpenAPI 文档；--write 时写入 docs/openapi.json（接口快照，测试会比对）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true")
        parser.add_argument("--path", default=str(DEFAULT_PATH))

    def handle(self, *args: Any, **options: Any) -> None:
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if options["write"]:
            Path(options["path"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"已写入 {options['path']}")
        else:
            self.stdout.write(text)
