import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.errors import ApplicationError
from gongkai.orgs.models import Organization
from gongkai.search import indexer, snapshots
from gongkai.search.documents import TYPE_LABELS
from gongkai.search.services import SearchRequest, search, zero_result_collect

ACTIONS = ("reindex", "check", "worker", "publish")


class Command(BaseCommand):
    help = (
        "全文检索。gongkai search 检索词 [--org 机构] [--type 类型] [--json]；"
        "gongkai search reindex（从数据库重建索引）；gongkai search check（核对索引）；"
        "gongkai search worker [--once]（按变更事件更新索引；设置了快照目录时同时发布索引快照）；"
        "gongkai search publish（立即发布索引快照）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("words", nargs="+", help="检索词，或 reindex / check / worker")
        parser.add_argument("--org", default="", help="机构（站点标识或统一社会信用代码），含下属机构")
        parser.add_argument(
            "--type", default="", help="类型：" + "、".join(f"{k}（{v}）" for k, v in TYPE_LABELS.items())
        )
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--once", action="store_true", help="worker：处理完当前事件即退出")
        parser.add_argument(
            "--interval", type=float, default=None, help="worker：轮询间隔（秒），默认2；发布快照时默认为快照间隔的一半"
        )
        parser.add_argument(
            "--processes", type=int, default=1, help="reindex：分词用的进程数（有空闲CPU时设为CPU数可加快重建）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        words: list[str] = options["words"]
        if len(words) == 1 and words[0] in ACTIONS:
            getattr(self, f"_{words[0]}")(options)
            return
        self._query(" ".join(words), options)

    def _query(self, q: str, options: dict[str, Any]) -> None:
        org = None
        if options["org"]:
            org = (
                Organization.objects.filter(slug=options["org"]).first()
                or Organization.objects.filter(credit_code=options["org"].upper()).first()
            )
            if org is None:
                raise CommandError(f"机构“{options['org']}”不存在。", returncode=2)
        request = SearchRequest(q=q, org=org, types=[options["type"]] if options["type"] else [], page=options["page"])
        try:
            result = search(request)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        names = dict(Organization.objects.filter(pk__in={h.org_id for h in result.hits}).values_list("pk", "name"))
        rows = [
            {
                "id": hit.id,
                "title": hit.title,
                "url": hit.url,
                "org": names.get(hit.org_id, "") if hit.org_id else "",
                "date": hit.date.isoformat() if hit.date else None,
                "snippet": hit.snippet,
            }
            for hit in result.hits
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"total": result.total, "results": rows}, ensure_ascii=False))
            return
        self.stdout.write(f"共 {result.total} 条结果")
        for row in rows:
            self.stdout.write(f"{row['date'] or '':<10}  {row['title']}  [{row['org']}]  {row['url']}")

    def _reindex(self, options: dict[str, Any]) -> None:
        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r重建索引 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")

        if not 1 <= options["processes"] <= 64:
            raise CommandError("--processes 应为1至64之间的整数。", returncode=2)
        written = indexer.reindex(progress=progress, processes=options["processes"])
        sys.stderr.write("\n")
        self.stdout.write(f"已重建索引：{written} 条。")
        indexer.publish_snapshot()

    def _check(self, options: dict[str, Any]) -> None:
        report = indexer.check()
        for label, ids in (("缺失", report.missing), ("过期", report.stale), ("多余", report.extra)):
            for item in ids:
                self.stdout.write(f"{label}：{item}")
        if report.ok:
            self.stdout.write("索引与数据库一致。")
            return
        raise CommandError(
            f"索引不一致：缺失 {len(report.missing)}，过期 {len(report.stale)}，多余 {len(report.extra)}。"
            "运行 gongkai search worker --once 或 gongkai search reindex 修复。",
            returncode=1,
        )

    def _publish(self, options: dict[str, Any]) -> None:
        """`gongkai search publish`: a new snapshot of the committed index now (the worker
        publishes by itself after each change)."""
        if snapshots.snapshot_root() is None:
            raise CommandError("未设置 GONGKAI_SEARCH_SNAPSHOT_DIR，不发布索引快照。", returncode=2)
        if snapshots.is_replica():
            raise CommandError("副本节点（GONGKAI_SEARCH_ROLE=replica）不能写索引或发布快照。", returncode=2)
        manifest = snapshots.publish(force=True)
        if manifest is not None:
            self.stdout.write(f"已发布索引快照：第 {manifest.generation} 代，{manifest.num_docs} 条。")
        snapshots.prune()

    def _worker(self, options: dict[str, Any]) -> None:
        if snapshots.is_replica():
            raise CommandError("副本节点（GONGKAI_SEARCH_ROLE=replica）不能写索引或发布快照。", returncode=2)
        if options["interval"] is None:
            publishing = snapshots.snapshot_root() is not None
            options["interval"] = snapshots.interval() / snapshots.POLLS_PER_INTERVAL if publishing else 2.0
        if not 0 < options["interval"] <= 3600:
            raise CommandError("--interval 应在0至3600秒之间。", returncode=2)
        try:
            while True:
                progress = indexer.worker_pass()  # publishes a snapshot too when they are on
                zero_result_collect()  # searches only log zero-result queries; the worker counts them
                if progress.items:
                    self.stdout.write(f"已更新索引：{progress.items} 条（{progress.events} 个变更事件）。")
                if options["once"]:
                    return
                time.sleep(options["interval"])
        finally:
            indexer.get_index().stop_workers()  # on --once and Ctrl-C (after a kill they read EOF and end)
