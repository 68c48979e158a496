from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from gongkai.orgs import selectors as org_selectors
from gongkai.portal import demo
from gongkai.search import indexer


class Command(BaseCommand):
    help = "建立演示数据（机构树、演示账号、五份种子文件）并在 127.0.0.1:8000 启动门户。可重复运行，不会产生重复数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="只建立数据，不启动服务")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        # No outer transaction: workflow steps run through the transition engine, whose apply()
        # is a durable transaction of its own; the demo is idempotent, so a run that stops half
        # way is completed by running it again.
        orgs, users, added = demo.build_all()
        self.stdout.write(f"机构 {len(orgs)} 个；新增文件 {added} 份；演示账号：")
        check = indexer.check()
        if not check.ok:
            # A demo database from an earlier version, or an index of an older schema.
            indexer.reindex()
            self.stdout.write("已重建检索索引。")
        for username, password in users:
            if password:
                self.stdout.write(f"  账号 {username:<15} 密码 {password}")
            else:
                self.stdout.write(
                    f"  账号 {username:<15} 已存在（密码见首次运行时的输出，可用 gongkai changepassword 重置）"
                )
        port = options["addrport"].rpartition(":")[2] or "8000"
        self.stdout.write("站群网站（按域名或按路径访问）：")
        for site in org_selectors.site_members():
            hosts = site.host_list()
            by_host = f"http://{hosts[0]}:{port}/" if hosts else "—"
            self.stdout.write(f"  {site.name}：{by_host}  或  /org/{site.org.slug}/")
        if not options["no_serve"]:
            self.stdout.write(self.style.SUCCESS(f"门户地址：http://{options['addrport']}/"))
            call_command("runserver", options["addrport"], use_reloader=False)
