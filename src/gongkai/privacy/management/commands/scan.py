"""`gongkai scan FILE... [--json]`: pre-publication checks of txt, html, docx and pdf files.

Exit status: 0 when no file has a finding of severity error or warning, 1 when one has,
2 when a file could not be read or is of an unsupported type (the other files are still
scanned and reported). The JSON shape is documented in docs/privacy.md.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from gongkai.privacy.content_checks import CompiledWordingRule
from gongkai.privacy.extract import ExtractionFailed
from gongkai.privacy.findings import KIND_LABELS, SEVERITY_LABELS, Severity
from gongkai.privacy.scanner import finding_as_dict, line_and_column, masked_finding_text, scan_file
from gongkai.privacy.selectors import wording_rules_active

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = "发布前审查：检查文件中的个人信息、植入的垃圾信息和暗链、严重表述错误（支持 txt、html、docx、pdf）。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="要检查的文件")
        parser.add_argument("--json", action="store_true", help="以 JSON 格式输出结果")
        parser.add_argument("--all", action="store_true", help="同时列出提示级（info）结果，如机关单位联系方式")
        parser.add_argument("--no-rules", action="store_true", help="不读取数据库中的表述错误规则")

    def _rules(self, skip: bool) -> list[CompiledWordingRule]:
        if skip:
            return []
        try:
            return wording_rules_active()
        except DatabaseError:
            self.stderr.write("警告：无法读取表述错误规则库（数据库不可用或未迁移），已跳过表述错误检查。")
            return []

    def handle(self, *args: Any, **options: Any) -> None:
        rules = self._rules(options["no_rules"])
        show_info = options["all"]
        status = EXIT_CLEAN
        results: list[dict[str, Any]] = []
        for name in options["files"]:
            path = Path(name)
            try:
                report = scan_file(path, wording_rules=rules)
            except ExtractionFailed as exc:
                self.stderr.write(f"{name}: 错误：{exc.message}")
                results.append({"path": name, "error": exc.message, "code": exc.code, "findings": []})
                status = EXIT_UNREADABLE
                continue
            shown = [f for f in report.findings if show_info or f.severity is not Severity.INFO]
            if report.blocking and status == EXIT_CLEAN:
                status = EXIT_FOUND
            if options["json"]:
                entries = []
                for finding in shown:
                    entry = finding_as_dict(finding)
                    entry["line"], entry["column"] = line_and_column(report.text, finding.start)
                    entries.append(entry)
                results.append({"path": name, "clean": report.is_clean, "findings": entries})
                continue
            if not shown:
                self.stdout.write(f"{name}: 未发现问题。")
            for finding in shown:
                line, column = line_and_column(report.text, finding.start)
                self.stdout.write(
                    f"{name}:{line}:{column}: [{SEVERITY_LABELS[finding.severity]}] "
                    f"{KIND_LABELS.get(finding.kind, finding.kind)}（{finding.kind}） "
                    f"“{masked_finding_text(finding, 60)}” {finding.message}"
                )
        if options["json"]:
            self.stdout.write(json.dumps({"files": results}, ensure_ascii=False, indent=2))
        if status != EXIT_CLEAN:
            sys.exit(status)
