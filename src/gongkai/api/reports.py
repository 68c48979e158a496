"""年度报告 through the API: published reports as JSON (public), and the staff workflow,
table 二 figures, supervision and the roll-up."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from gongkai.api.actions import ActionOut, actions_of
from gongkai.api.auth import StaffToken
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get
from gongkai.reports import selectors, services
from gongkai.reports.format import FORMAT_NAMES, ReportFormat
from gongkai.reports.models import AnnualReport
from gongkai.reports.transitions import REPORT

router = Router(tags=["reports"])
staff = StaffToken()


CellValue = int | float | str | None
# table → row → column → value, as ReportTables.to_json writes it.
TablesOut = dict[str, dict[str, dict[str, CellValue]]]


class CellRefOut(Schema):
    table: str
    row: str
    column: str
    label: str
    value: CellValue
    text: str | None
    missing: bool


class ViolationOut(Schema):
    identity: str
    severity: str
    scope: str
    message: str
    cells: list[CellRefOut]


class SectionsOut(Schema):
    overview: str
    problems: str
    other: str


class VersionOut(Schema):
    number: int
    published_on: datetime.date
    change_note: str


class ReportOut(Schema):
    org_id: int
    org_name: str
    year: int
    format: str
    format_name: str
    state: str
    version: int | None
    published_on: datetime.date | None
    deadline: datetime.date
    sections: SectionsOut
    tables: TablesOut
    violations: list[ViolationOut]
    warnings: list[ViolationOut]
    versions: list[VersionOut]
    override_reason: str = ""


class StaffReportOut(ReportOut):
    # Exactly REPORT.available_actions for the caller: the next steps open to them, nothing else.
    actions: list[ActionOut] = Field(..., description="当前用户此时可以执行的操作（与后台页面显示的按钮一致）")


class ReportListItem(Schema):
    year: int
    version: int
    published_on: datetime.date
    url: str


def _out(view: selectors.ReportView, *, public: bool) -> dict[str, Any]:
    report, version = view.report, view.version
    return {
        "org_id": report.org_id,
        "org_name": report.org.name,
        "year": report.year,
        "format": report.format,
        "format_name": FORMAT_NAMES[ReportFormat(report.format)],
        "state": "published" if public else report.state,
        "version": version.number if version else None,
        "published_on": version.published_on if version else None,
        "deadline": view.deadline,
        "sections": view.prose,
        "tables": view.tables.to_json(),
        "violations": view.errors,
        "warnings": view.warnings,
        "versions": [
            {"number": v.number, "published_on": v.published_on, "change_note": v.change_note} for v in view.versions
        ],
        "override_reason": version.override_reason if version else "",
    }


@router.get("/orgs/{org_slug}/reports", response=list[ReportListItem], summary="机构已发布的年度报告")
def report_list(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    org = org_selectors.organization_by_slug(org_slug)
    return [
        {
            "year": report.year,
            "version": version.number,
            "published_on": version.published_on,
            "url": f"/org/{org.slug}/reports/{report.year}/",
        }
        for report, version in selectors.reports_public(org)
    ]


@router.get(
    "/orgs/{org_slug}/reports/{year}",
    response=ReportOut,
    summary="已发布的年度报告（表格、正文、核对结果；?version= 指定版本）",
)
def report_detail(request: HttpRequest, org_slug: str, year: int, version: int | None = None) -> dict[str, Any]:
    org = org_selectors.organization_by_slug(org_slug)
    return _out(selectors.report_get_public(org=org, year=year, version=version), public=True)


# --- staff -------------------------------------------------------------------------------------


class ProseIn(Schema):
    overview: str
    problems: str = ""
    other: str = ""


class NoteIn(Schema):
    note: str = ""


class PublishIn(Schema):
    override_reason: str = ""
    change_note: str = ""


class FiguresIn(Schema):
    licensing: int | None = None
    punishment: int | None = None
    coercion: int | None = None
    fee_amount: Decimal | None = None


class FiguresOut(Schema):
    org_id: int
    year: int
    licensing: int | None
    punishment: int | None
    coercion: int | None
    fee_amount: Decimal | None
    source: str
    entered_by: str


class StatusOut(Schema):
    org_id: int
    org_name: str
    deadline: datetime.date
    state: str
    state_label: str
    published_on: datetime.date | None
    versions: int
    errors: list[ViolationOut]


class RollupOut(Schema):
    year: int
    included: list[int]
    missing: list[int]
    tables: TablesOut
    violations: list[ViolationOut]


def _staff_view(request: HttpRequest, org_id: int, year: int) -> dict[str, Any]:
    org = organization_get(pk=org_id)
    view = selectors.report_get_for_staff(actor=request.user, org=org, year=year)
    actions = actions_of(REPORT, request.user, view.report, interactive_only=True)
    return {**_out(view, public=False), "actions": actions}


def _report(request: HttpRequest, org_id: int, year: int) -> AnnualReport:
    return selectors.report_get_for_update(actor=request.user, org=organization_get(pk=org_id), year=year)


@router.get(
    "/staff/orgs/{org_id}/reports/{year}", response=StaffReportOut, auth=staff, summary="年度报告工作稿（实时数据）"
)
def staff_get(request: HttpRequest, org_id: int, year: int) -> dict[str, Any]:
    return _staff_view(request, org_id, year)


@router.post(
    "/staff/orgs/{org_id}/reports/{year}", response={201: StaffReportOut}, auth=staff, summary="按平台数据生成报告草稿"
)
def staff_start(request: HttpRequest, org_id: int, year: int) -> Status[dict[str, Any]]:
    services.report_start(actor=request.user, org=organization_get(pk=org_id), year=year)
    return Status(201, _staff_view(request, org_id, year))


@router.put("/staff/orgs/{org_id}/reports/{year}/sections", response=StaffReportOut, auth=staff, summary="修改正文")
def staff_edit(request: HttpRequest, org_id: int, year: int, payload: ProseIn) -> dict[str, Any]:
    services.report_edit(actor=request.user, report=_report(request, org_id, year), **payload.dict())
    return _staff_view(request, org_id, year)


@router.post("/staff/orgs/{org_id}/reports/{year}/submit", response=StaffReportOut, auth=staff, summary="送审")
def staff_submit(request: HttpRequest, org_id: int, year: int) -> dict[str, Any]:
    services.report_submit(actor=request.user, report=_report(request, org_id, year))
    return _staff_view(request, org_id, year)


@router.post("/staff/orgs/{org_id}/reports/{year}/return", response=StaffReportOut, auth=staff, summary="退回修改")
def staff_return(request: HttpRequest, org_id: int, year: int, payload: NoteIn) -> dict[str, Any]:
    services.report_return(actor=request.user, report=_report(request, org_id, year), note=payload.note)
    return _staff_view(request, org_id, year)


@router.post(
    "/staff/orgs/{org_id}/reports/{year}/publish",
    response=StaffReportOut,
    auth=staff,
    summary="发布（勾稽关系不成立时须政务公开管理员填写理由；更正须说明变动）",
)
def staff_publish(request: HttpRequest, org_id: int, year: int, payload: PublishIn) -> dict[str, Any]:
    services.report_publish(actor=request.user, report=_report(request, org_id, year), **payload.dict())
    return _staff_view(request, org_id, year)


@router.post(
    "/staff/orgs/{org_id}/reports/{year}/reopen", response=StaffReportOut, auth=staff, summary="更正（开始新版本）"
)
def staff_reopen(request: HttpRequest, org_id: int, year: int, payload: NoteIn) -> dict[str, Any]:
    services.report_reopen(actor=request.user, report=_report(request, org_id, year), note=payload.note)
    return _staff_view(request, org_id, year)


def _figures_out(row: Any) -> dict[str, Any]:
    return {
        "org_id": row.org_id,
        "year": row.year,
        "licensing": row.licensing,
        "punishment": row.punishment,
        "coercion": row.coercion,
        "fee_amount": row.fee_amount,
        "source": row.source,
        "entered_by": row.entered_by.get_username() if row.entered_by else "",
    }


@router.put(
    "/staff/orgs/{org_id}/reports/{year}/figures",
    response=FiguresOut,
    auth=staff,
    summary="录入表二业务数据（行政许可、处罚、强制，收费金额万元）",
)
def staff_figures(request: HttpRequest, org_id: int, year: int, payload: FiguresIn) -> dict[str, Any]:
    row = services.figures_set(
        actor=request.user, org=organization_get(pk=org_id), year=year, figures=services.Figures(**payload.dict())
    )
    return _figures_out(row)


@router.post(
    "/staff/report-figures/import", response=list[FiguresOut], auth=staff, summary="导入表二业务数据（CSV或XLSX）"
)
def staff_figures_import(request: HttpRequest, file: UploadedFile = File(...)) -> list[dict[str, Any]]:  # noqa: B008
    rows = services.figures_import(actor=request.user, content=file.read(), filename=file.name or "upload.csv")
    return [_figures_out(row) for row in rows]


@router.get(
    "/staff/orgs/{org_id}/reports-status",
    response=list[StatusOut],
    auth=staff,
    summary="督查：下级机关年度报告发布情况与勾稽关系",
)
def staff_supervision(request: HttpRequest, org_id: int, year: int) -> list[dict[str, Any]]:
    rows = selectors.supervision(
        actor=request.user, org=organization_get(pk=org_id), year=year, today=timezone.localdate()
    )
    return [
        {
            "org_id": r.org.pk,
            "org_name": r.org.name,
            "deadline": r.deadline,
            "state": r.state,
            "state_label": r.state_label,
            "published_on": r.published_on,
            "versions": r.versions,
            "errors": r.errors,
        }
        for r in rows
    ]


@router.get(
    "/staff/orgs/{org_id}/reports-rollup", response=RollupOut, auth=staff, summary="汇总：所属机关已发布报告之和"
)
def staff_rollup(request: HttpRequest, org_id: int, year: int) -> dict[str, Any]:
    result = selectors.rollup(actor=request.user, org=organization_get(pk=org_id), year=year)
    return {
        "year": year,
        "included": [o.pk for o in result.included],
        "missing": [o.pk for o in result.missing],
        "tables": result.tables.to_json(),
        "violations": [v.as_dict() for v in result.violations if v.is_error],
    }
