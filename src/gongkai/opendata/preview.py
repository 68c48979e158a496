"""Reading an uploaded data file into a bounded preview: columns and the first rows as text.

Nothing here evaluates a spreadsheet: a workbook holding formulas is refused (a formula's cached
value may be stale or crafted, and a preview must show data, not computations), and every cell
is shown as escaped text. CSV must be UTF-8 or GB18030 (the national standard encoding); anything
else is refused rather than shown garbled.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from gongkai.core.errors import ValidationFailed
from gongkai.privacy.extract import check_zip_bounds

PREVIEW_ROWS = 20
MAX_COLUMNS = 200
MAX_CELL_CHARS = 200
MAX_ROWS_COUNTED = 1_000_000
MAX_JSON_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Preview:
    columns: list[str]
    rows: list[list[str]]
    row_count: int
    encoding: str


def _fail(message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={"file": [message]})


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text[:MAX_CELL_CHARS]


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else GB18030, else refused."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB18030 decodes almost any byte string; a NUL or C1 control means it was not text.
        if "\x00" in text or any("\x80" <= ch <= "\x9f" for ch in text[:100_000]):
            continue
        return text, "utf-8" if encoding == "utf-8-sig" else "gb18030"
    raise _fail("CSV 文件的编码须为 UTF-8 或 GB18030，请转换编码后重新上传。", "opendata_csv_encoding")


def preview_csv(data: bytes) -> Preview:
    text, encoding = decode_csv(data)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if not header:
            raise _fail("CSV 文件没有表头。", "opendata_empty")
        if len(header) > MAX_COLUMNS:
            raise _fail(f"列数超过 {MAX_COLUMNS} 列。", "opendata_too_many_columns")
        rows: list[list[str]] = []
        count = 0
        for row in reader:
            count += 1
            if count > MAX_ROWS_COUNTED:
                raise _fail(f"行数超过 {MAX_ROWS_COUNTED:,} 行，请拆分后上传。", "opendata_too_many_rows")
            if len(rows) < PREVIEW_ROWS:
                rows.append([_cell(c) for c in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise _fail(f"CSV 文件格式有误：{exc}", "opendata_csv_invalid") from exc
    return Preview([_cell(h) for h in header], rows, count, encoding)


def preview_xlsx(data: bytes) -> Preview:
    import openpyxl

    check_zip_bounds(data)
    try:
        # data_only=False: formulas come back as their text ("=SUM(...)"), so they can be found.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a damaged workbook is the uploader's problem, not a crash
        raise _fail("无法读取该表格，文件可能已损坏。", "opendata_xlsx_unreadable") from exc
    try:
        sheet = workbook.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        header = next(rows_iter, None)
        if not header:
            raise _fail("表格第一个工作表没有表头。", "opendata_empty")
        rows: list[list[str]] = []
        count = 0
        for sheet_index, ws in enumerate(workbook.worksheets):
            iterator = rows_iter if sheet_index == 0 else ws.iter_rows(values_only=True)
            for row in iterator:
                if any(isinstance(c, str) and c.startswith("=") for c in row):
                    raise _fail(
                        "表格中含有公式，请将公式转换为数值后重新上传（开放数据不接受公式）。", "opendata_xlsx_formula"
                    )
                if sheet_index == 0:
                    count += 1
                    if count > MAX_ROWS_COUNTED:
                        raise _fail(f"行数超过 {MAX_ROWS_COUNTED:,} 行，请拆分后上传。", "opendata_too_many_rows")
                    if len(rows) < PREVIEW_ROWS:
                        rows.append([_cell(c) for c in row[:MAX_COLUMNS]])
        if len(header) > MAX_COLUMNS:
            raise _fail(f"列数超过 {MAX_COLUMNS} 列。", "opendata_too_many_columns")
        return Preview([_cell(h) for h in header], rows, count, "")
    finally:
        workbook.close()


def preview_json(data: bytes) -> Preview:
    """A JSON array of objects (the common open-data shape); columns are the first objects' keys."""
    if len(data) > MAX_JSON_BYTES:
        raise _fail(f"JSON 文件不能超过 {MAX_JSON_BYTES // (1024 * 1024)} MB。", "opendata_json_too_large")
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _fail("JSON 文件格式有误或不是 UTF-8 编码。", "opendata_json_invalid") from exc
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value[:PREVIEW_ROWS]):
        raise _fail("JSON 文件须为对象数组（[{...}, {...}]）。", "opendata_json_shape")
    columns: list[str] = []
    for record in value[:PREVIEW_ROWS]:
        for key in record:
            if key not in columns and len(columns) < MAX_COLUMNS:
                columns.append(str(key))
    rows = [
        [
            _cell(json.dumps(r.get(c), ensure_ascii=False) if isinstance(r.get(c), (dict, list)) else r.get(c))
            for c in columns
        ]
        for r in value[:PREVIEW_ROWS]
    ]
    return Preview([_cell(c) for c in columns], rows, len(value), "utf-8")


PREVIEWERS = {"csv": preview_csv, "xlsx": preview_xlsx, "json": preview_json}
