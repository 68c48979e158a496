"""Importing documents published before Gongkai from a manifest (XLSX or CSV).

One row per document; headers in Chinese (or the English keys). Every row is validated on its
own, so one bad row never blocks the others (rows are written in batches, see
services.bulk_import); a row already imported (same
索引号, or same 文号 in the same org) is skipped, so running the import twice adds nothing.

The manifest is streamed, WINDOW_ROWS rows at a time: a province's archive is a million rows and
gigabytes of text, which an import that read it whole held in memory (several times over: the
file's bytes, their decoding, the rows).
"""

import codecs
import csv
import datetime
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.errors import ApplicationError
from gongkai.disclosure.models import Kind
from gongkai.disclosure.services import publication_import
from gongkai.disclosure.services.bulk_import import BATCH_SIZE, ImportItem, ImportOutcome, publication_import_batch
from gongkai.disclosure.services.drafting import MAX_ATTACHMENTS
from gongkai.orgs.models import Organization

# header in the manifest -> field name
HEADERS = {
    "机构": "org",
    "发布机构": "org",
    "org": "org",
    "信息名称": "title",
    "标题": "title",
    "title": "title",
    "体裁": "kind",
    "kind": "kind",
    "文号": "doc_number",
    "doc_number": "doc_number",
    "索引号": "index_number",
    "index_number": "index_number",
    "成文日期": "written_on",
    "written_on": "written_on",
    "发布日期": "published_on",
    "published_on": "published_on",
    "主题分类": "topic",
    "topic": "topic",
    "关键词": "keywords",
    "keywords": "keywords",
    "栏目": "catalog",
    "catalog": "catalog",
    "文件": "file",
    "file": "file",
    "正文": "body",
    "body": "body",
    "附件": "attachments",
    "attachments": "attachments",
}
REQUIRED = ("org", "title", "published_on")
KIND_BY_LABEL = {label: value for value, label in Kind.choices} | {value: value for value in Kind.values}
SUPPORTED_FILES = {".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}


# Rows read, checked and written at a time (grouped by org within the window, in batches of
# BATCH_SIZE): what the import holds in memory, whatever the manifest's length.
WINDOW_ROWS = 4 * BATCH_SIZE


@dataclass(slots=True)  # one per row of the manifest, kept for the report
class RowResult:
    line: int
    status: str  # "imported", "skipped" (already there), "rejected"
    reason: str = ""
    publication_id: int | None = None


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == "rejected"]


class ManifestError(ApplicationError):
    http_status = 422
    default_code = "manifest_invalid"


def read_manifest(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with normalised keys; the header is line 1. The file is read as
    the rows are taken (ManifestError, for the header, at the first)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise ManifestError(f"无法读取清单文件：{path.name}（不是有效的 XLSX）。") from exc
        try:
            yield from _rows_of(workbook.active.iter_rows(values_only=True))
        finally:
            workbook.close()
    elif suffix == ".csv":
        # Excel writes CSV in the system's code page (GB18030 on Chinese Windows) unless told UTF-8.
        utf8 = _decodes_as_utf8(path)
        encoding, errors = ("utf-8-sig", "strict") if utf8 else ("gb18030", "replace")
        with path.open(encoding=encoding, errors=errors, newline="") as text:
            yield from _rows_of(_csv_rows(text))
    else:
        raise ManifestError("清单文件应为 .xlsx 或 .csv。")


def _decodes_as_utf8(path: Path) -> bool:
    """Whether the whole file is UTF-8, read a megabyte at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as raw:
        try:
            while chunk := raw.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _csv_rows(text: Iterable[str]) -> Iterator[tuple[str, ...]]:
    read = 0
    try:
        for values in csv.reader(text):
            read += 1
            yield tuple(values)
    except csv.Error as exc:  # an unpaired quote, a NUL byte, a cell past the csv module's limit
        raise ManifestError(
            f"清单第{read + 1}行无法读取（{exc}）：请检查引号是否成对；正文很长的，请改用“文件”列引用正文文件。"
        ) from exc


def _rows_of(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, dict[str, str]]]:
    header = next(rows, None)
    if header is None:
        raise ManifestError("清单文件是空的。")
    keys = [HEADERS.get(str(h or "").strip()) for h in header]
    missing = [name for name in REQUIRED if name not in keys]
    if missing:
        raise ManifestError("清单缺少必需的列：" + "、".join(missing) + "（机构、信息名称、发布日期）。")
    if "file" not in keys and "body" not in keys:
        raise ManifestError("清单须有“文件”或“正文”列。")
    for line, values in enumerate(rows, start=2):
        row = {k: _cell(v) for k, v in zip(keys, values, strict=False) if k}
        if any(row.values()):
            yield line, row


def count_manifest_rows(path: Path) -> int:
    """The rows import_manifest will take (a pass over the file), for its progress."""
    return sum(1 for _ in read_manifest(path))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _date(value: str, label: str) -> datetime.date | None:
    if not value:
        return None
    normalised = value.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return datetime.date.fromisoformat("-".join(p.zfill(2) for p in normalised.split("-")))
    except ValueError as exc:
        raise ValueError(f"{label}“{value}”不是有效日期（应为 YYYY-MM-DD）") from exc


def _beside_manifest(base_dir: Path, name: str, label: str) -> Path:
    """A file the manifest names, relative to its directory and inside it."""
    path = (base_dir / name).resolve()
    if base_dir.resolve() not in path.parents:
        raise ValueError(f"{label}“{name}”不在清单所在目录之下")
    if not path.is_file():
        raise ValueError(f"{label}“{name}”不存在")
    return path


# The 附件 cell: the files' paths, separated by semicolons or vertical bars (names may hold commas).
_ATTACHMENT_SEPARATORS = str.maketrans({"；": ";", "|": ";"})


def _attachments(row: dict[str, str], base_dir: Path) -> list[Path]:
    names = [n.strip() for n in row.get("attachments", "").translate(_ATTACHMENT_SEPARATORS).split(";") if n.strip()]
    if len(names) > MAX_ATTACHMENTS:
        raise ValueError(f"附件不能超过 {MAX_ATTACHMENTS} 个")
    return [_beside_manifest(base_dir, name, "附件") for name in names]


def _body(row: dict[str, str], base_dir: Path) -> tuple[str, bool]:
    if row.get("body"):
        return row["body"], False
    name = row.get("file", "")
    if not name:
        raise ValueError("没有正文，也没有文件")
    path = _beside_manifest(base_dir, name, "文件")
    file_format = SUPPORTED_FILES.get(path.suffix.lower())
    if file_format is None:
        raise ValueError(f"文件“{name}”的类型不受支持（支持 txt、html、docx、pdf）")
    from django.conf import settings

    from gongkai.privacy.extract import ExtractionFailed, check_zip_bounds, decode_text, extract_bytes

    # An upload's bounds (size, unpacked size, text): the file is read whole, and one row must
    # not take the import down.
    limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
    if path.stat().st_size > limit:
        raise ValueError(f"文件“{name}”超过 {limit // (1024 * 1024)} MB")
    data = path.read_bytes()
    try:
        if file_format == "docx":
            check_zip_bounds(data)  # before python-docx unpacks it
        text = decode_text(data) if file_format == "html" else extract_bytes(data, file_format).text
    except ExtractionFailed as exc:
        raise ValueError(f"文件“{name}”无法读取：{exc.message}") from exc
    if len(text) > settings.GONGKAI_MAX_EXTRACTED_CHARS:
        raise ValueError(f"文件“{name}”的文字超过 {settings.GONGKAI_MAX_EXTRACTED_CHARS:,} 字，请拆分")
    return text, file_format == "html"


def _find_org(value: str, cache: dict[str, Organization | None]) -> Organization | None:
    if value not in cache:
        cache[value] = (
            Organization.objects.filter(slug=value).first()
            or Organization.objects.filter(credit_code=value.upper()).first()
            or Organization.objects.filter(name=value).first()
        )
    return cache[value]


def import_manifest(
    path: Path,
    *,
    actor: Actor,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    bulk: bool = True,
) -> ImportReport:
    """Import every row of the manifest. bulk (the default): BATCH_SIZE rows per transaction
    through publication_import_batch; bulk=False: one publication_import per row (the old
    path, kept as the reference the bulk path is tested against). `progress` (rows done, rows
    in all) costs a pass over the file to count its rows first."""
    total = count_manifest_rows(path) if progress else 0
    rows = read_manifest(path)
    report = ImportReport()
    orgs: dict[str, Organization | None] = {}
    if not bulk:
        for done, (line, row) in enumerate(rows, start=1):
            report.rows.append(_import_row(line, row, actor=actor, base_dir=path.parent, orgs=orgs, dry_run=dry_run))
            if progress:
                progress(done, total)
        return report
    done = 0
    try:
        while window := list(islice(rows, WINDOW_ROWS)):
            report.rows.extend(_import_window(window, actor=actor, base_dir=path.parent, orgs=orgs, dry_run=dry_run))
            done += len(window)
            if progress:
                progress(done, max(total, done))
    except ManifestError as exc:
        if not done or dry_run:
            raise
        # The rows before it are written (a window at a time); running the import again skips them.
        raise ManifestError(f"{exc.message}此前的{done}行已处理，改正清单后重新运行会跳过已导入的行。") from exc
    return report


def _import_window(
    rows: list[tuple[int, dict[str, str]]],
    *,
    actor: Actor,
    base_dir: Path,
    orgs: dict[str, Organization | None],
    dry_run: bool,
) -> Iterable[RowResult]:
    """The window's rows, read and checked first, then written grouped by org (in the order each
    org first appears), so that a batch locks few orgs even when the manifest mixes them."""
    results: list[RowResult | None] = []
    items: dict[int, ImportItem] = {}
    for position, (line, row) in enumerate(rows):
        try:
            items[position] = _item(row, base_dir=base_dir, orgs=orgs)
            results.append(None)
        except ValueError as exc:
            results.append(RowResult(line, "rejected", str(exc)))
    by_org: dict[int, list[int]] = {}
    for position, item in items.items():
        by_org.setdefault(item.org.pk, []).append(position)
    ordered = [position for positions in by_org.values() for position in positions]
    for start in range(0, len(ordered), BATCH_SIZE):
        batch = ordered[start : start + BATCH_SIZE]
        outcomes = _run_batch(actor, [items[p] for p in batch], dry_run=dry_run)
        for position, outcome in zip(batch, outcomes, strict=True):
            results[position] = _row_result(rows[position][0], outcome, dry_run=dry_run)
    return [result for result in results if result is not None]


def _run_batch(actor: Actor, items: list[ImportItem], *, dry_run: bool) -> list[ImportOutcome]:
    if not items:
        return []
    if not dry_run:
        return publication_import_batch(actor=actor, items=items)
    outcomes: list[ImportOutcome] = []
    try:
        with transaction.atomic():
            outcomes = publication_import_batch(actor=actor, items=items, store_files=False)
            raise _DryRun
    except _DryRun:
        return outcomes


def _row_result(line: int, outcome: ImportOutcome, *, dry_run: bool) -> RowResult:
    if outcome.error is not None:
        details = "；".join(f"{m}" for problems in outcome.error.fields.values() for m in problems)
        return RowResult(line, "rejected", f"{outcome.error.message}{details}")
    status = "imported" if outcome.created else "skipped"
    if dry_run:
        return RowResult(line, status, "（试运行，未写入）")
    return RowResult(line, status, publication_id=outcome.publication_id)


class _DryRun(Exception):
    pass


def _item(row: dict[str, str], *, base_dir: Path, orgs: dict[str, Organization | None]) -> ImportItem:
    """The row as an ImportItem; ValueError (message for the clerk) for what is wrong in it."""
    org = _find_org(row.get("org", ""), orgs)
    if org is None:
        raise ValueError(f"机构“{row.get('org', '')}”不存在")
    kind = KIND_BY_LABEL.get(row.get("kind", "") or "其他")
    if kind is None:
        raise ValueError(f"体裁“{row['kind']}”不存在")
    published_on = _date(row.get("published_on", ""), "发布日期")
    if published_on is None:
        raise ValueError("缺少发布日期")
    written_on = _date(row.get("written_on", ""), "成文日期")
    body, is_html = _body(row, base_dir)
    identity = row.get("index_number") or row.get("doc_number") or f"{org.pk}|{row.get('title')}|{published_on}"
    return ImportItem(
        org=org,
        title=row.get("title", ""),
        body=body,
        body_is_html=is_html,
        published_on=published_on,
        written_on=written_on,
        kind=kind,
        doc_number=row.get("doc_number", ""),
        index_number=row.get("index_number", ""),
        topic=row.get("topic", ""),
        keywords=row.get("keywords", ""),
        catalog_codes=[c.strip() for c in row.get("catalog", "").split(",") if c.strip()],
        source_key="import:" + hashlib.sha256(identity.encode()).hexdigest()[:40],
        attachments=_attachments(row, base_dir),
    )


def _import_row(
    line: int, row: dict[str, str], *, actor: Actor, base_dir: Path, orgs: dict[str, Organization | None], dry_run: bool
) -> RowResult:
    try:
        item = _item(row, base_dir=base_dir, orgs=orgs)
        with transaction.atomic():
            publication, created = publication_import(
                actor=actor,
                org=item.org,
                title=item.title,
                body=item.body,
                body_is_html=item.body_is_html,
                published_on=item.published_on,
                written_on=item.written_on,
                kind=item.kind,
                doc_number=item.doc_number,
                index_number=item.index_number,
                topic=item.topic,
                keywords=item.keywords,
                catalog_codes=item.catalog_codes,
                source_key=item.source_key,
                attachments=item.attachments,
                store_files=not dry_run,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        return RowResult(line, "imported" if created else "skipped", "（试运行，未写入）")
    except ApplicationError as exc:
        details = "；".join(f"{m}" for problems in exc.fields.values() for m in problems)
        return RowResult(line, "rejected", f"{exc.message}{details}")
    except ValueError as exc:
        return RowResult(line, "rejected", str(exc))
    return RowResult(line, "imported" if created else "skipped", publication_id=publication.pk)
