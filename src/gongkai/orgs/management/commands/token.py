from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.errors import ApplicationError
from gongkai.orgs.services import api_token_create


class Command(BaseCommand):
    help = "为工作人员创建接口令牌：gongkai token create 用户名 --name 用途（令牌只显示这一次）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建令牌")
        create.add_argument("username")
        create.add_argument("--name", default="命令行创建")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在或已停用。", returncode=2)
        try:
            # The operator at the console acts for the user, as `changepassword` does.
            _, raw = api_token_create(actor=user, user=user, name=options["name"])
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(raw)
