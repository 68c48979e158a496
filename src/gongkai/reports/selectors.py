"""Reads for annual reports: tables built from the data, prose drafts, validation, public and
staff reads, the supervisor's list and the roll-up.

Scope (decided): a report covers the org itself, never its subtree. A department's report counts
that department's applications and publications; a government's report counts those registered
to the government itself (its office), not its departments', which publish their own reports
(条例第四十九条, 第五十条). The foi and disclosure selectors used here count `org` only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound, PermissionDenied
from gongkai.disclosure import selectors as disclosure
from gongkai.foi import selectors as foi
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.reports import permissions
from gongkai.reports.completeness import incomplete
from gongkai.reports.deadlines import deadline_basis, report_deadline
from gongkai.reports.format import (
    APPLICANT_COLUMNS,
    OUTCOME_ROW_KEYS,
    SECTIONS_BY_KEY,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    ReportFormat,
    spec_for,
)
from gongkai.reports.models import AnnualReport, ReportFigures, ReportVersion
from gongkai.reports.tables import Cell, ReportTables, format_number
from gongkai.reports.validation import Violation, validate

PROSE_FIELDS: tuple[str, ...] = ("overview", "problems", "other")


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --------------------------------------------------------------------------- tables


def figures_of(org: Organization, year: int) -> ReportFigures | None:
    return ReportFigures.objects.filter(org=org, year=year).select_related("entered_by").first()


def build_tables(org: Organization, year: int) -> ReportTables:
    """Tables 二, 三 and 四 of `org`'s report on `year`, from the data as it is now."""
    start, end = year_bounds(year)
    report = ReportTables(format=ReportFormat.F2021)

    # Table 二 (条例第二十条): 第（一）项 from the publications, the rest as entered or imported.
    counts = disclosure.annual_report_counts(org, year=year)
    for row in ("regulations", "normative_documents"):
        for column, value in counts[row].items():
            report.set("table2", row, column, value)
    figures = figures_of(org, year)
    for row in ("licensing", "punishment", "coercion"):
        report.set("table2", row, "decisions", getattr(figures, row) if figures else None)
    fee = figures.fee_amount if figures else None
    report.set("table2", "fees", "fee_amount", fee.normalize() if fee is not None else None)

    # Table 三: 一 by receipt date, 二 open on 1 January (i.e. at the end of 31 December before),
    # one outcome row per case finished in the year, 四 open at the end of 31 December.
    new = foi.received_by_applicant(org, start, end)
    carried_over = foi.open_on_by_applicant(org, start - datetime.timedelta(days=1))
    outcomes = foi.finished_by_outcome(org, start, end)
    carried_forward = foi.open_on_by_applicant(org, end)
    for col in APPLICANT_COLUMNS:
        report.set("table3", "new", col.key, new[col.key])
        report.set("table3", "carried_over", col.key, carried_over[col.key])
        for key in OUTCOME_ROW_KEYS:
            report.set("table3", key, col.key, outcomes[key][col.key])
        report.set("table3", "total", col.key, sum(outcomes[key][col.key] for key in OUTCOME_ROW_KEYS))
        report.set("table3", "carried_forward", col.key, carried_forward[col.key])

    # Table 四: the appeals the year handled — filed in it, or carried over from earlier years
    # still 尚未审结 on 1 January — each under its status on 31 December (foi selector's rule).
    appeals = foi.appeals_by_kind_result(org, start, end)
    for group in TABLE4_GROUPS:
        for col in TABLE4_COLUMNS:
            report.set("table4", group.key, col.key, appeals[group.key][col.key])
    return report


def tables_from_json(data: dict[str, Any], fmt: str = "2021") -> ReportTables:
    """A stored snapshot back as ReportTables (the inverse of `ReportTables.to_json`)."""
    tables = ReportTables(format=ReportFormat(fmt))
    for table, rows in data.items():
        for row, cols in rows.items():
            for column, value in cols.items():
                cell = Cell.of(Decimal(str(value)) if isinstance(value, float) else value)
                tables.set(table, row, column, cell)
    return tables


# --------------------------------------------------------------------------- prose


def _n(tables: ReportTables, table: str, row: str, column: str = "total") -> str:
    cell = tables.get(table, row, column)
    return format_number(cell.amount) if cell is not None else "0"


def prose_draft(org: Organization, year: int, tables: ReportTables) -> dict[str, str]:
    """Sections 一、五、六 prefilled from the data; the clerk completes and edits them."""
    start, end = year_bounds(year)
    published = disclosure.annual_report_counts(org, year=year)["published"]
    fees = foi.fees_charged(org, start, end)
    t3 = "table3"
    withheld = sum(
        ((tables.get(t3, r.key, "total") or Cell.of(0)).amount for r in spec_for("2021").table3_groups[0].rows),
        Decimal(0),
    )
    overview = "\n".join(
        [
            f"{year}年，{org.name}认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度政府信息公开工作情况报告如下。",
            f"（一）主动公开。本年通过政府信息公开平台主动公开政府信息{published}条，"
            f"其中制发规章{_n(tables, 'table2', 'regulations', 'issued')}件、"
            f"行政规范性文件{_n(tables, 'table2', 'normative_documents', 'issued')}件。",
            f"（二）依申请公开。本年新收政府信息公开申请{_n(tables, t3, 'new')}件，"
            f"上年结转政府信息公开申请{_n(tables, t3, 'carried_over')}件；"
            f"本年度办结{_n(tables, t3, 'total')}件，其中予以公开{_n(tables, t3, 'disclosed')}件，"
            f"部分公开{_n(tables, t3, 'partly_disclosed')}件，不予公开{format_number(withheld)}件；"
            f"结转下年度继续办理{_n(tables, t3, 'carried_forward')}件。",
            f"本年办理政府信息公开行政复议{_n(tables, 'table4', 'review')}件（含以前年度提起、本年仍在办理的）。",
            "（三）政府信息管理。（请填写）",
            "（四）政府信息公开平台建设。（请填写政府网站、政务新媒体的情况）",
            "（五）监督保障。（请填写）",
        ]
    )
    fee_text = f"本年共收取信息处理费{fees}元。" if fees else "本年未收取信息处理费。"
    return {
        "overview": overview,
        "problems": "（请填写本年度政府信息公开工作存在的主要问题及改进情况。）",
        "other": fee_text,
    }


def prose_text(prose: dict[str, str]) -> str:
    """The report's text with its section headings, as validation.py reads it."""
    parts = []
    for key in PROSE_FIELDS:
        parts.append(SECTIONS_BY_KEY[key].heading)
        parts.append(prose.get(key, "") or "")
    return "\n".join(parts)


def prose_of(report: AnnualReport) -> dict[str, str]:
    return {key: getattr(report, key) for key in PROSE_FIELDS}


# --------------------------------------------------------------------------- reads


def latest_version(report: AnnualReport) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


def report_find(org: Organization, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(org=org, year=year).select_related("org").first()


def current_tables(report: AnnualReport) -> ReportTables:
    """A draft's tables come from the data; an imported report keeps its stored version."""
    if report.source == "imported":
        version = latest_version(report)
        if version is not None:
            return tables_from_json(version.tables, report.format)
    return build_tables(report.org, report.year)


def previous_year(org: Organization, year: int) -> tuple[ReportTables, str] | None:
    """Last year's stored or imported report as published (its latest version), for I5 and
    the copied-text warning."""
    report = report_find(org, year - 1)
    version = latest_version(report) if report is not None else None
    if report is None or version is None:
        return None
    return tables_from_json(version.tables, report.format), prose_text(version.prose)


def check(org: Organization, year: int, tables: ReportTables, prose: dict[str, str]) -> list[Violation]:
    """The identities I1–I7 and warnings, and first of all what is left to fill in (placeholders,
    empty required sections: reports.completeness), which no override can publish."""
    previous = previous_year(org, year)
    return incomplete(prose) + validate(
        tables,
        previous=previous[0] if previous else None,
        prose=prose_text(prose),
        previous_prose=previous[1] if previous else None,
    )


@dataclass
class ReportView:
    """What a page or the API shows of one report."""

    report: AnnualReport
    tables: ReportTables
    prose: dict[str, str]
    violations: list[dict[str, Any]]
    version: ReportVersion | None  # the published version shown, or None for a working copy
    versions: list[ReportVersion] = field(default_factory=list)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["severity"] == "error"]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["severity"] != "error"]

    @property
    def deadline(self) -> datetime.date:
        return report_deadline(self.report.org.level, self.report.year)


def _published_view(report: AnnualReport, number: int | None) -> ReportView:
    versions = list(report.versions.order_by("number"))
    if not versions:
        raise NotFound("该年度报告尚未发布。")
    chosen = versions[-1] if number is None else next((v for v in versions if v.number == number), None)
    if chosen is None:
        raise NotFound("未找到该版本。")
    return ReportView(
        report, tables_from_json(chosen.tables, report.format), dict(chosen.prose), chosen.violations, chosen, versions
    )


def report_get_public(*, org: Organization, year: int, version: int | None = None) -> ReportView:
    """The published report (latest version unless one is asked for). Drafts do not exist here."""
    report = report_find(org, year)
    if report is None:
        raise NotFound("该年度报告尚未发布。")
    return _published_view(report, version)


def reports_public(org: Organization) -> list[tuple[AnnualReport, ReportVersion]]:
    """The org's published reports, newest year first, each with its latest version."""
    return sorted(reports_published(org=org), key=lambda pair: -pair[0].year)


def reports_published(
    pks: Iterable[int] | None = None, *, org: Organization | None = None
) -> Iterator[tuple[AnnualReport, ReportVersion]]:
    """Every report with a published version (or those of `pks`, or of `org`), with its latest
    version: what the public reads. Two queries per 500 reports, not one per report."""
    reports = AnnualReport.objects.select_related("org").order_by("pk")
    if pks is not None:
        reports = reports.filter(pk__in=list(pks))
    if org is not None:
        reports = reports.filter(org=org)
    for chunk in _chunked(reports.iterator(chunk_size=500), 500):
        latest: dict[int, ReportVersion] = {}
        for version in ReportVersion.objects.filter(report__in=[r.pk for r in chunk]).order_by("report_id", "number"):
            latest[version.report_id] = version
        for report in chunk:
            if report.pk in latest:
                yield report, latest[report.pk]


def _chunked(items: Iterable[AnnualReport], size: int) -> Iterator[list[AnnualReport]]:
    chunk: list[AnnualReport] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def report_get_for_staff(*, actor: Actor, org: Organization, year: int) -> ReportView:
    """The working copy: live tables and live validation. 404 for those who may not see it."""
    if not permissions.can_view_draft(actor, org):
        raise NotFound("未找到该年度报告。")
    report = report_find(org, year)
    if report is None:
        raise NotFound("该年度报告尚未创建。")
    tables = current_tables(report)
    prose = prose_of(report)
    violations = [v.as_dict() for v in check(org, year, tables, prose)]
    return ReportView(report, tables, prose, violations, None, list(report.versions.order_by("number")))


def report_get_for_update(*, actor: Actor, org: Organization, year: int) -> AnnualReport:
    """The report a staff page or API call acts on; 404 for those who may not see its drafts.
    (The workflow checks visibility again when it locks the row.)"""
    if not permissions.can_view_draft(actor, org):
        raise NotFound("未找到该年度报告。")
    report = report_find(org, year)
    if report is None:
        raise NotFound("该年度报告尚未创建。")
    return report


# --------------------------------------------------------------------------- supervision


@dataclass
class OrgStatus:
    org: Organization
    deadline: datetime.date
    basis: str
    state: str  # "published", "late", "overdue", "pending", "none"
    state_label: str
    report: AnnualReport | None
    published_on: datetime.date | None
    versions: int
    errors: list[dict[str, Any]]


def supervision(*, actor: Actor, org: Organization, year: int, today: datetime.date) -> list[OrgStatus]:
    """Every org in `org`'s subtree: is its report on `year` published (on time?), and does it
    fail validation (the published version's stored result, or the working copy's live one)."""
    if not permissions.can_supervise(actor, org):
        raise PermissionDenied("只有本机关的政务公开管理员或签发人可以查看年度报告督查情况。")
    rows = []
    reports = {r.org_id: r for r in AnnualReport.objects.filter(org__path__startswith=org.path, year=year)}
    for member in orgs.organization_subtree(org):
        deadline = report_deadline(member.level, year)
        report = reports.get(member.pk)
        versions = list(report.versions.order_by("number")) if report else []
        errors: list[dict[str, Any]] = []
        if versions:
            first = versions[0]
            state = "published" if first.published_on <= deadline else "late"
            label = "按时发布" if state == "published" else f"逾期发布（{first.published_on.isoformat()}）"
            errors = [v for v in versions[-1].violations if v["severity"] == "error"]
            published_on: datetime.date | None = first.published_on
        else:
            published_on = None
            state = "overdue" if today > deadline else "pending"
            label = "逾期未发布" if state == "overdue" else "未发布（未到期限）"
            if report is not None:
                tables = current_tables(report)
                errors = [v.as_dict() for v in check(member, year, tables, prose_of(report)) if v.is_error]
        rows.append(
            OrgStatus(
                member,
                deadline,
                deadline_basis(member.level),
                state,
                label,
                report,
                published_on,
                len(versions),
                errors,
            )
        )
    return rows


@dataclass
class RollUp:
    tables: ReportTables
    included: list[Organization]
    missing: list[Organization]
    violations: list[Violation]


def rollup(*, actor: Actor, org: Organization, year: int) -> RollUp:
    """Tables 二, 三 and 四 summed cell by cell over the published reports (latest versions, 2021
    format) of `org`'s subtree; orgs without one are listed as missing."""
    if not permissions.can_supervise(actor, org):
        raise PermissionDenied("只有本机关的政务公开管理员或签发人可以查看汇总。")
    spec = spec_for("2021")
    sums: dict[tuple[str, str, str], Decimal] = {}
    included, missing = [], []
    reports = {r.org_id: r for r in AnnualReport.objects.filter(org__path__startswith=org.path, year=year)}
    for member in orgs.organization_subtree(org):
        report = reports.get(member.pk)
        version = latest_version(report) if report is not None else None
        if report is None or version is None or report.format != "2021":
            missing.append(member)
            continue
        included.append(member)
        tables = tables_from_json(version.tables, report.format)
        for table in ("table2", "table3", "table4"):
            for row, column in spec.expected_cells(table):
                cell = tables.get(table, row, column)
                key = (table, row, column)
                sums[key] = sums.get(key, Decimal(0)) + (cell.amount if cell is not None else Decimal(0))
    total = ReportTables(format=ReportFormat.F2021)
    for (table, row, column), value in sums.items():
        total.set(table, row, column, value.normalize() if value != value.to_integral_value() else int(value))
    return RollUp(total, included, missing, validate(total) if included else [])


RENDER_CACHE_SECONDS = 24 * 3600


def report_file(view: ReportView, fmt: str) -> bytes:
    """A published version as PDF, DOCX or XLSX. A version never changes, so the file is cached
    per version (PDF takes 1.5–5 s to render)."""
    from django.core.cache import cache

    from gongkai.reports import render

    renderers = {"pdf": render.render_pdf, "docx": render.render_docx, "xlsx": render.render_xlsx}
    doc = render.Document(view.report.org.name, view.report.year, view.tables, view.prose, view.version)
    if view.version is None:
        return renderers[fmt](doc)
    key = f"reports:file:{view.version.pk}:{fmt}"
    cached = cache.get(key)
    if cached is None:
        cached = renderers[fmt](doc)
        cache.set(key, cached, RENDER_CACHE_SECONDS)
    return bytes(cached)


# --- published reports as plain data, for the search index ----------------------------------------


@dataclass(frozen=True)
class PublishedReportText:
    """A published annual report as its latest version's text (a correction replaces it)."""

    pk: int
    org_id: int
    org_path: list[int]  # the org and its ancestors
    org_slug: str
    org_name: str
    year: int
    text: str
    published_on: datetime.date
    version_number: int


def published_report_texts(pks: Iterable[int] | None = None) -> Iterator[PublishedReportText]:
    """Every published report (or those among `pks`); a report without a published version is absent."""
    for report, version in reports_published(pks):
        yield PublishedReportText(
            pk=report.pk,
            org_id=report.org_id,
            org_path=report.org.ancestor_ids(),
            org_slug=report.org.slug,
            org_name=report.org.name,
            year=report.year,
            text=prose_text(version.prose),
            published_on=version.published_on,
            version_number=version.number,
        )


def published_report_pks() -> Iterator[int]:
    """Pks of the published reports, without building their text."""
    for report, _ in reports_published():
        yield report.pk
