"""`gongkai catalog …`: 标准目录 from the command line.

gongkai catalog import FILE.xlsx --org SLUG [--dry-run] [--json] [--publish] [--as USER]
    exit 0: imported (or, with --dry-run, every row parsed); 1: rows rejected (each listed,
    nothing saved); 2: the file cannot be read (or the org / user does not exist)
gongkai catalog export --org SLUG FILE.xlsx [--published]
gongkai catalog coverage --org SLUG [--json] [--today YYYY-MM-DD]
    the org and its subtree; per org and area: coverage, on-time rate, overdue items
gongkai catalog demo [--org shicheng]
    fill an org's catalogs from the built-in templates, bind them to its columns, publish
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.catalogs import coverage as cov
from gongkai.catalogs import selectors, services
from gongkai.catalogs.exporting import write_workbook
from gongkai.catalogs.importing import WorkbookUnreadable
from gongkai.core.actors import Actor
from gongkai.core.errors import ApplicationError, NotFound, ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import organization_by_slug


class Command(BaseCommand):
    help = "标准目录：导入（import）、导出（export）、覆盖情况（coverage）、演示数据（demo）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从发布格式的Excel导入标准目录（每个领域一个工作表）")
        imp.add_argument("file")
        imp.add_argument("--org", required=True, help="机构站点标识")
        imp.add_argument("--dry-run", action="store_true", help="只解析并列出每一行，不写入")
        imp.add_argument("--json", action="store_true")
        imp.add_argument("--publish", action="store_true", help="导入后直接发布")
        imp.add_argument("--as", dest="username", help="以哪个账号操作（默认：平台自身）")
        exp = sub.add_parser("export", help="按发布格式导出标准目录")
        exp.add_argument("--org", required=True)
        exp.add_argument("file")
        exp.add_argument("--published", action="store_true", help="只导出已发布版本（默认：有草稿的领域导出草稿）")
        cover = sub.add_parser("coverage", help="标准目录事项的内容覆盖和按时公开情况（本机构及下级）")
        cover.add_argument("--org", required=True)
        cover.add_argument("--json", action="store_true")
        cover.add_argument("--today", help="以该日期为今天（YYYY-MM-DD）")
        demo = sub.add_parser("demo", help="用内置模板为机构生成并发布标准目录（演示）")
        demo.add_argument("--org", default="shicheng")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = organization_by_slug(options["org"])
        except NotFound:
            raise CommandError(f"机构“{options['org']}”不存在。", returncode=2) from None
        getattr(self, f"_{options['action']}")(org, options)

    def _actor(self, options: dict[str, Any]) -> Actor | None:
        if not options.get("username"):
            return None  # the platform itself: whoever runs commands on the server runs the platform
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在或已停用。", returncode=2)
        return user

    def _import(self, org: Organization, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        if path.stat().st_size > services.versions.MAX_UPLOAD_BYTES:
            raise CommandError("文件过大。", returncode=2)
        actor = self._actor(options)
        try:
            outcome = services.catalog_import(
                actor=actor, org=org, data=path.read_bytes(), filename=path.name, dry_run=True
            )
        except WorkbookUnreadable as exc:
            raise CommandError(exc.message, returncode=2) from exc
        result = outcome.result
        if options["json"]:
            payload = {
                "items": [i.as_cli() for i in result.items],
                "errors": [
                    {"sheet": p.sheet, "row": p.row, "column": p.column, "message": str(p)} for p in result.errors
                ],
                "warnings": [str(p) for p in result.warnings],
                "dry_run": options["dry_run"],
                "saved": False,
            }
        else:
            for item in result.items:
                rule = item.rule
                self.stdout.write(
                    f"工作表“{item.sheet}”第{item.row}行：{item.level1} / {item.level2} — 时限：{rule.label}"
                    + (f"（{item.deadline_text}）" if item.deadline_text else "")
                )
            for warning in result.warnings:
                self.stdout.write(f"提示：{warning}")
        if result.errors:
            if not options["json"]:
                for problem in result.errors:
                    self.stdout.write(f"错误：{problem}")
                self.stdout.write(f"共 {len(result.errors)} 处错误，未导入任何内容。")
            else:
                self.stdout.write(json.dumps(payload, ensure_ascii=False))
            raise CommandError("部分行被拒绝，见上。", returncode=1)
        if not options["dry_run"]:
            try:
                saved = services.catalog_import(
                    actor=actor, org=org, data=b"", filename=path.name, publish=options["publish"], parsed=result
                )
            except ValidationFailed as exc:
                raise CommandError(exc.message, returncode=1) from exc
            except ApplicationError as exc:
                raise CommandError(exc.message, returncode=2) from exc
            if options["json"]:
                payload["saved"] = True
                payload["versions"] = [
                    {"area": v.catalog.get_area_display(), "number": v.number, "state": v.state} for v in saved.versions
                ]
            else:
                for v in saved.versions:
                    self.stdout.write(f"{v.catalog.get_area_display()}：第{v.number}版（{v.get_state_display()}）")
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            prefix = "（试运行，未写入）" if options["dry_run"] else ""
            self.stdout.write(f"{prefix}共 {len(result.items)} 个事项，{len(result.areas)} 个领域。")

    def _export(self, org: Organization, options: dict[str, Any]) -> None:
        areas = selectors.export_areas(org, published_only=options["published"])
        Path(options["file"]).write_bytes(write_workbook(org.name, areas))
        self.stdout.write(f"已导出 {len(areas)} 个领域、{sum(len(i) for _, i in areas)} 个事项：{options['file']}")

    def _coverage(self, org: Organization, options: dict[str, Any]) -> None:
        today = None
        if options.get("today"):
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。", returncode=2) from None
        result = cov.coverage_of_subtree(org, today=today)
        if options["json"]:
            self.stdout.write(json.dumps(cov.as_json(result), ensure_ascii=False))
            return
        for o in result:
            if not o.areas:
                continue
            self.stdout.write(
                f"{o.name}：事项 {o.counted}，有内容 {o.covered}（{_pct(o.coverage_rate)}），"
                f"按时率 {_pct(o.on_time_rate)}"
            )
            for a in o.areas:
                draft = "（草稿）" if a.draft else ""
                self.stdout.write(
                    f"  {a.label}{draft}：{a.covered}/{a.counted}（{_pct(a.coverage_rate)}），"
                    f"按时率 {_pct(a.on_time_rate)}"
                )
                for i in a.overdue:
                    self.stdout.write(f"    逾期未公开：{i.level1} / {i.level2}")

    def _demo(self, org: Organization, options: dict[str, Any]) -> None:
        from gongkai.catalogs.demo import load_demo

        try:
            versions = load_demo(org)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已为{org.name}生成并发布 {len(versions)} 个领域的标准目录。")


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"
