"""Table 二 figures the platform does not hold: entered on a form, or imported from CSV/XLSX."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.reports import permissions
from gongkai.reports.models import ReportFigures
from gongkai.reports.services.common import FIRST_REPORT_YEAR, account, check_year, today_local


@dataclass(frozen=True)
class Figures:
    licensing: int | None
    punishment: int | None
    coercion: int | None
    fee_amount: Decimal | None


def _figures_errors(figures: Figures) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("licensing", "punishment", "coercion"):
        value = getattr(figures, name)
        if value is not None and (not isinstance(value, int) or value < 0):
            errors[name] = ["应为非负整数。"]
    fee = figures.fee_amount
    if fee is not None and (fee < 0 or fee.as_tuple().exponent < -4 or fee >= Decimal("1e10")):  # type: ignore[operator]
        errors["fee_amount"] = ["应为非负数（单位：万元，最多4位小数）。"]
    return errors


def _figures_save(actor: Actor, org: Organization, year: int, figures: Figures, source: str) -> ReportFigures:
    row, _ = ReportFigures.objects.select_for_update().get_or_create(
        org=org, year=year, defaults={"entered_by": account(actor)}
    )
    before = {k: str(getattr(row, k)) for k in ("licensing", "punishment", "coercion", "fee_amount")}
    for name in ("licensing", "punishment", "coercion", "fee_amount"):
        setattr(row, name, getattr(figures, name))
    row.entered_by = account(actor)
    row.source = source
    row.save()
    after = {k: str(getattr(row, k)) for k in ("licensing", "punishment", "coercion", "fee_amount")}
    audit_record(actor=actor, action="report.figures_set", obj=row, before=before, after=after, note=source)
    return row


@transaction.atomic
def figures_set(
    *, actor: Actor, org: Organization, year: int, figures: Figures, today: datetime.date | None = None
) -> ReportFigures:
    """Enter table 二's 行政许可/行政处罚/行政强制 counts and 行政事业性收费 (万元) for a year."""
    if not permissions.can_edit(actor, org):
        raise PermissionDenied("只有本机关的起草人员或政务公开管理员可以录入年度报告数据。")
    check_year(year, today or today_local())
    errors = _figures_errors(figures)
    if errors:
        raise ValidationFailed("年度报告数据有误。", fields=errors)
    return _figures_save(actor, org, year, figures, "录入")


# Column headers accepted in an import file (first row). Org by 站点标识 or 统一社会信用代码.
IMPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "org": ("机构", "机关", "站点标识", "统一社会信用代码", "org"),
    "year": ("年度", "year"),
    "licensing": ("行政许可", "licensing"),
    "punishment": ("行政处罚", "punishment"),
    "coercion": ("行政强制", "coercion"),
    "fee_amount": ("行政事业性收费", "行政事业性收费（万元）", "本年收费金额（单位：万元）", "fee_amount"),
}


def _read_rows(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several types for a damaged file
            raise ValidationFailed(f"无法读取Excel文件：{type(exc).__name__}。") from exc
        sheet = book.worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationFailed("无法识别文件编码，请使用UTF-8或GB18030编码的CSV文件。")
    return list(csv.reader(io.StringIO(text)))


def _column_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        label = name.strip().replace("(", "（").replace(")", "）")
        for key, names in IMPORT_COLUMNS.items():
            if label in names and key not in index:
                index[key] = i
    missing = [IMPORT_COLUMNS[k][0] for k in ("org", "year") if k not in index]
    if missing:
        raise ValidationFailed(f"文件首行缺少列：{'、'.join(missing)}。")
    return index


def _int_or_none(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    value = Decimal(text)
    if value != value.to_integral_value():
        raise InvalidOperation
    return int(value)


@transaction.atomic
def figures_import(
    *, actor: Actor, content: bytes, filename: str, today: datetime.date | None = None
) -> list[ReportFigures]:
    """Import table 二 figures from CSV or XLSX (one row per org and year). All rows or none:
    any error is reported with its row number and nothing is saved."""
    today = today or today_local()
    rows = [r for r in _read_rows(content, filename) if any(c.strip() for c in r)]
    if not rows:
        raise ValidationFailed("文件为空。")
    index = _column_index(rows[0])
    parsed: list[tuple[Organization, int, Figures]] = []
    errors: dict[str, list[str]] = {}
    for number, row in enumerate(rows[1:], start=2):

        def cell(key: str, row: list[str] = row) -> str:
            i = index.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        where = f"第{number}行"
        ident = cell("org")
        org = Organization.objects.filter(slug=ident).first() or Organization.objects.filter(credit_code=ident).first()
        if org is None:
            errors[where] = [f"未找到机构“{ident}”。"]
            continue
        if not permissions.can_edit(actor, org):
            errors[where] = [f"无权录入“{org.name}”的数据。"]
            continue
        try:
            year = int(cell("year"))
            fee_text = cell("fee_amount").replace(",", "")
            figures = Figures(
                _int_or_none(cell("licensing")),
                _int_or_none(cell("punishment")),
                _int_or_none(cell("coercion")),
                Decimal(fee_text) if fee_text else None,
            )
        except (ValueError, InvalidOperation):
            errors[where] = ["年度和件数应为整数，收费金额应为数字（万元）。"]
            continue
        if year < FIRST_REPORT_YEAR or year >= today.year:
            errors[where] = [f"年度“{year}”有误。"]
            continue
        problems = _figures_errors(figures)
        if problems:
            errors[where] = [f"{k}：{v[0]}" for k, v in problems.items()]
            continue
        parsed.append((org, year, figures))
    if errors:
        raise ValidationFailed("导入文件有误，未导入任何数据。", fields=errors)
    source = f"导入：{Path(filename).name}"
    return [_figures_save(actor, org, year, figures, source) for org, year, figures in parsed]
