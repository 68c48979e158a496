"""The only write path for annual reports: start, edit, submit, return, publish (with the
validation gate and the frozen snapshot), reopen for correction, and table 二 figures.

条例第四十九条 (deadlines) and 第五十条 (contents); format 国办公开办函〔2021〕30号.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.orgs.models import Organization
from gongkai.reports import permissions, selectors, transitions
from gongkai.reports.models import AnnualReport, ReportFigures, ReportSource, ReportState, ReportVersion
from gongkai.reports.transitions import Action

MAX_PROSE = 50_000
FIRST_REPORT_YEAR = 2008  # the first annual reports followed the 2007 条例
# Outbox topic: a report got a published version (published, corrected, imported); search follows it.
REPORT_CHANGED = "report.changed"


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("org").get(pk=report.pk)


def _snapshot(report: AnnualReport) -> dict[str, Any]:
    return {"state": report.state, "year": report.year}


def _check_year(year: int, today: datetime.date) -> None:
    # A report covers a finished year: the report on year N is written from 1 January N+1.
    if year < FIRST_REPORT_YEAR or year >= today.year:
        raise ValidationFailed(
            "报告年度有误：只能编制已结束年度的年度报告。", fields={"year": [f"请填写{today.year - 1}年或更早的年度。"]}
        )


@transaction.atomic
def report_start(*, actor: Any, org: Organization, year: int, today: datetime.date | None = None) -> AnnualReport:
    """Create the report's draft, its sections 一、五、六 prefilled from the data."""
    today = today or _today()
    if not permissions.can_edit(actor, org):
        raise PermissionDenied("只有本机关的起草人员或政务公开管理员可以编制年度报告。")
    _check_year(year, today)
    existing = selectors.report_find(org, year)
    if existing is not None:
        return existing
    tables = selectors.build_tables(org, year)
    prose = selectors.prose_draft(org, year, tables)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(org=org, year=year, created_by=actor, **prose)
    except IntegrityError:  # started at the same moment by someone else: theirs stands
        return AnnualReport.objects.get(org=org, year=year)
    audit_record(actor=actor, action="report.started", obj=report, after=_snapshot(report))
    return report


def _clean_prose(values: dict[str, str]) -> dict[str, str]:
    cleaned, errors = {}, {}
    for key in selectors.PROSE_FIELDS:
        text = (values.get(key) or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_PROSE:
            errors[key] = [f"不能超过{MAX_PROSE}字。"]
        cleaned[key] = text
    if not cleaned["overview"]:
        errors["overview"] = ["请填写“一、总体情况”。"]
    if errors:
        raise ValidationFailed("年度报告正文有误。", fields=errors)
    return cleaned


@transaction.atomic
def report_edit(*, actor: Any, report: AnnualReport, overview: str, problems: str, other: str) -> AnnualReport:
    report = _lock(report)
    if not permissions.can_edit(actor, report.org):
        raise PermissionDenied("只有本机关的起草人员或政务公开管理员可以修改年度报告。")
    transitions.check(Action.EDIT, report)
    prose = _clean_prose({"overview": overview, "problems": problems, "other": other})
    before = selectors.prose_of(report)
    for key, value in prose.items():
        setattr(report, key, value)
    report.save(update_fields=[*selectors.PROSE_FIELDS, "updated_at"])
    changed = [k for k in prose if prose[k] != before[k]]
    audit_record(actor=actor, action="report.edited", obj=report, after={"changed": changed})
    return report


@transaction.atomic
def report_submit(*, actor: Any, report: AnnualReport) -> AnnualReport:
    report = _lock(report)
    if not permissions.can_edit(actor, report.org):
        raise PermissionDenied("只有本机关的起草人员或政务公开管理员可以送审年度报告。")
    before = _snapshot(report)
    report.state = transitions.check(Action.SUBMIT, report) or report.state
    report.review_note = ""
    report.save(update_fields=["state", "review_note", "updated_at"])
    audit_record(actor=actor, action="report.submitted", obj=report, before=before, after=_snapshot(report))
    return report


@transaction.atomic
def report_return(*, actor: Any, report: AnnualReport, note: str) -> AnnualReport:
    report = _lock(report)
    if not permissions.can_publish(actor, report.org):
        raise PermissionDenied("只有本机关的签发人或政务公开管理员可以审核年度报告。")
    target = transitions.check(Action.RETURN, report)
    if not note.strip():
        raise ValidationFailed("请填写退回意见。", fields={"note": ["请填写退回意见。"]})
    before = _snapshot(report)
    report.state = target or report.state
    report.review_note = note.strip()
    report.save(update_fields=["state", "review_note", "updated_at"])
    audit_record(actor=actor, action="report.returned", obj=report, before=before, after=_snapshot(report), note=note)
    return report


@transaction.atomic
def report_publish(
    *,
    actor: Any,
    report: AnnualReport,
    override_reason: str = "",
    change_note: str = "",
    today: datetime.date | None = None,
) -> ReportVersion:
    """Publish: freeze tables, text and validation result as the next version.

    The gate (issue 8, 国办公开办函〔2021〕30号 identities): no publication while an identity
    fails (I1–I7, or the table structure), unless the org's admin records why. A second or
    later version is a correction and must say what changed (evaluators check 发布后有变动).
    """
    today = today or _today()
    report = _lock(report)
    if not permissions.can_publish(actor, report.org):
        raise PermissionDenied("只有本机关的签发人或政务公开管理员可以发布年度报告。")
    target = transitions.check(Action.PUBLISH, report)
    tables = selectors.current_tables(report)
    prose = selectors.prose_of(report)
    violations = selectors.check(report.org, report.year, tables, prose)
    errors = [v for v in violations if v.is_error]
    override_reason = override_reason.strip()
    if errors and not override_reason:
        listed = "；".join(f"{v.identity}：{v.message}" for v in errors[:5])
        raise ValidationFailed(
            f"年度报告有{len(errors)}项勾稽关系不成立，不能发布：{listed}",
            fields={"override_reason": ["如确需发布，请由政务公开管理员填写理由。"]},
            code="report_invalid",
        )
    if errors and not permissions.can_override(actor, report.org):
        raise PermissionDenied("勾稽关系不成立的年度报告只能由政务公开管理员说明理由后发布。")
    number = report.versions.count() + 1
    change_note = change_note.strip()
    if number > 1 and not change_note:
        raise ValidationFailed("更正发布须说明变动内容。", fields={"change_note": ["请说明本次更正的内容和原因。"]})
    before = _snapshot(report)
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        tables=tables.to_json(),
        prose=prose,
        violations=[v.as_dict() for v in violations],
        override_reason=override_reason if errors else "",
        change_note=change_note if number > 1 else "",
        published_on=today,
        published_by=actor,
    )
    report.state = target or report.state
    report.review_note = ""
    report.save(update_fields=["state", "review_note", "updated_at"])
    outbox_emit(topic=REPORT_CHANGED, obj=report)
    audit_record(
        actor=actor,
        action="report.published",
        obj=report,
        before=before,
        after={**_snapshot(report), "version": number, "errors": len(errors)},
        note=override_reason if errors else change_note,
    )
    return version


@transaction.atomic
def report_reopen(*, actor: Any, report: AnnualReport, note: str = "") -> AnnualReport:
    """Start a correction: the published version stays public until the next one is published."""
    report = _lock(report)
    if not permissions.can_publish(actor, report.org):
        raise PermissionDenied("只有本机关的签发人或政务公开管理员可以更正已发布的年度报告。")
    if report.source == ReportSource.IMPORTED:
        raise ValidationFailed("导入的历史报告不能在平台上更正。")
    target = transitions.check(Action.REOPEN, report)
    before = _snapshot(report)
    report.state = target or report.state
    report.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action="report.reopened", obj=report, before=before, after=_snapshot(report), note=note)
    return report


# --------------------------------------------------------------------------- table 二 figures


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


def _figures_save(actor: Any, org: Organization, year: int, figures: Figures, source: str) -> ReportFigures:
    row, _ = ReportFigures.objects.select_for_update().get_or_create(org=org, year=year, defaults={"entered_by": actor})
    before = {k: str(getattr(row, k)) for k in ("licensing", "punishment", "coercion", "fee_amount")}
    for name in ("licensing", "punishment", "coercion", "fee_amount"):
        setattr(row, name, getattr(figures, name))
    row.entered_by = actor
    row.source = source
    row.save()
    after = {k: str(getattr(row, k)) for k in ("licensing", "punishment", "coercion", "fee_amount")}
    audit_record(actor=actor, action="report.figures_set", obj=row, before=before, after=after, note=source)
    return row


@transaction.atomic
def figures_set(
    *, actor: Any, org: Organization, year: int, figures: Figures, today: datetime.date | None = None
) -> ReportFigures:
    """Enter table 二's 行政许可/行政处罚/行政强制 counts and 行政事业性收费 (万元) for a year."""
    if not permissions.can_edit(actor, org):
        raise PermissionDenied("只有本机关的起草人员或政务公开管理员可以录入年度报告数据。")
    _check_year(year, today or _today())
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
    *, actor: Any, content: bytes, filename: str, today: datetime.date | None = None
) -> list[ReportFigures]:
    """Import table 二 figures from CSV or XLSX (one row per org and year). All rows or none:
    any error is reported with its row number and nothing is saved."""
    today = today or _today()
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


@transaction.atomic
def report_import(
    *,
    actor: Any,
    org: Organization,
    year: int,
    text: str,
    source_name: str,
    published_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReport:
    """Store a report published before the platform (HTML or text as on the portal, read by the
    auditor) as the org's report on `year`, so that the next year's I5 and copied-text checks have
    last year's figures and text. It is stored as published, with what the auditor found."""
    from gongkai.reports.auditor import audit_text
    from gongkai.reports.prose import split_sections

    today = today or _today()
    if not permissions.can_publish(actor, org):
        raise PermissionDenied("只有本机关的签发人或政务公开管理员可以导入历史年度报告。")
    _check_year(year, today)
    if selectors.report_find(org, year) is not None:
        raise Conflict(f"{org.name}{year}年度报告已存在，不能再导入。")
    parsed, violations = audit_text(text, source=source_name)  # ReportUnreadable (422) if not a report
    sections = split_sections(parsed.prose)
    prose = {key: sections.get(key, "") for key in selectors.PROSE_FIELDS}
    report = AnnualReport.objects.create(
        org=org,
        year=year,
        format=parsed.tables.format.value,
        source=ReportSource.IMPORTED,
        state=ReportState.PUBLISHED,
        created_by=actor,
        **prose,
    )
    ReportVersion.objects.create(
        report=report,
        number=1,
        tables=parsed.tables.to_json(),
        prose=prose,
        violations=[v.as_dict() for v in violations],
        change_note=f"导入：{Path(source_name).name}",
        published_on=published_on,
        published_by=actor,
    )
    outbox_emit(topic=REPORT_CHANGED, obj=report)
    audit_record(actor=actor, action="report.imported", obj=report, after=_snapshot(report), note=source_name)
    return report


def report_get_for_update(*, actor: Any, org: Organization, year: int) -> AnnualReport:
    if not permissions.can_view_draft(actor, org):
        raise NotFound("未找到该年度报告。")
    report = selectors.report_find(org, year)
    if report is None:
        raise NotFound("该年度报告尚未创建。")
    return report


__all__ = [
    "Figures",
    "ReportState",
    "figures_import",
    "figures_set",
    "report_edit",
    "report_get_for_update",
    "report_import",
    "report_publish",
    "report_reopen",
    "report_return",
    "report_start",
    "report_submit",
]
