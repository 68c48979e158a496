"""工作要点 and tasks through the API: import (dry run by default), plans with their tasks, name
mapping, a unit's assignments with their ``actions``, progress reports, send-back, acceptance
and 督办 (all through the services and the state table), and the office's progress figures."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from gongkai.api import params
from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.api.supervision.schemas import (
    AssignmentDetail,
    AssignmentOut,
    MapIn,
    MapOut,
    NoteIn,
    OptionalNoteIn,
    PlanDetail,
    PlanImportOut,
    PlanOut,
    ProgressOut,
    ReportIn,
)
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.urls import public_url
from gongkai.orgs.models import Organization
from gongkai.supervision import permissions, selectors, services
from gongkai.supervision.models import Assignment, AssignmentState, Plan
from gongkai.supervision.transitions import ASSIGNMENT

router = Router(tags=["supervision"])
staff = StaffToken()

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FILES = 5
MAX_LINKS = 10


def org_ref(org: Organization) -> dict[str, Any]:
    return {"id": org.pk, "slug": org.slug, "name": org.name}


def _brief(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "org": org_ref(a.org),
        "role": a.role,
        "state": a.state,
        "state_label": a.get_state_display(),
        "period": a.period,
        "due_on": a.due_on,
        "done_on": a.done_on,
    }


def _assignment(request: HttpRequest, a: Assignment) -> dict[str, Any]:
    task = a.task
    return {
        **_brief(a),
        "task": {
            "id": task.pk,
            "number": task.number,
            "title": task.title,
            "due": task.due,
            "recurrence": task.recurrence,
            "plan_id": task.plan_id,
            "plan_title": task.plan.title,
        },
        "overdue": a.state in selectors.OPEN_STATES and a.due_on < timezone.localdate(),
        "actions": actions_of(ASSIGNMENT, request.user, a, interactive_only=True),
    }


def _detail(request: HttpRequest, a: Assignment) -> dict[str, Any]:
    a = selectors.assignment_get(actor=request.user, pk=a.pk)
    reports = a.reports.prefetch_related("attachments", "links")
    return {
        **_assignment(request, a),
        "body": a.task.body,
        "reports": [
            {
                "id": r.pk,
                "period": r.period,
                "text": r.text,
                "reported_on": r.reported_on,
                "review_note": r.review_note,
                "accepted": r.accepted,
                "links": [
                    {
                        "publication_id": link.publication_id,
                        "title": link.title,
                        "url": public_url("publication", pk=link.publication_id),
                    }
                    for link in r.links.all()
                ],
                "attachments": [
                    {"id": f.pk, "name": f.name, "media_type": f.media_type, "size": f.size}
                    for f in r.attachments.all()
                ],
            }
            for r in reports
        ],
        "escalations": [
            {"id": e.pk, "period": e.period, "due_on": e.due_on, "on": e.on, "note": e.note}
            for e in a.escalations.all()
        ],
    }


def _plan(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "org": org_ref(plan.org),
        "year": plan.year,
        "title": plan.title,
        "source_name": plan.source_name,
        "task_count": plan.tasks.count(),
        "unmatched": selectors.unmatched_names(plan),
    }


def _plan_detail(plan: Plan) -> dict[str, Any]:
    tasks = plan.tasks.prefetch_related("unit_names", "assignments__org")
    return {
        **_plan(plan),
        "tasks": [
            {
                "id": t.pk,
                "seq": t.seq,
                "number": t.number,
                "title": t.title,
                "body": t.body,
                "units_text": t.units_text,
                "due": t.due,
                "recurrence": t.recurrence,
                "unit_names": [{"name": u.name, "role": u.role, "resolved": u.resolved} for u in t.unit_names.all()],
                "assignments": [_brief(a) for a in t.assignments.all()],
            }
            for t in tasks
        ],
    }


@router.post(
    "/staff/supervision/orgs/{org_id}/plans/import",
    response=PlanImportOut,
    auth=staff,
    summary="导入年度工作要点（.docx 或文本；默认只预览，dry_run=false 时保存）",
)
def plan_import(
    request: HttpRequest,
    org_id: int,
    year: int = Query(..., ge=params.FIRST_YEAR, le=params.LAST_YEAR, description="年度"),
    dry_run: bool = True,
    file: UploadedFile = File(...),  # noqa: B008
) -> dict[str, Any]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        raise ValidationFailed("文件超过 20 MB。", code="file_too_large", fields={"file": ["文件过大。"]})
    data, name = file.read(), (file.name or "plan.txt")[:200]
    if dry_run:
        if not permissions.can_run_office(request.user, org):
            raise PermissionDenied("只有本级政务公开办可以导入工作要点。")
        result = services.plan_read(org=org, year=year, data=data, name=name)
    else:
        result = services.plan_import(actor=request.user, org=org, year=year, data=data, name=name)
    return {"dry_run": dry_run, **result.as_json()}


@router.get("/staff/supervision/orgs/{org_id}/plans", response=list[PlanOut], auth=staff, summary="机构的工作要点")
def plan_list(
    request: HttpRequest, org_id: int, page: int = params.page(), page_size: int = params.page_size()
) -> list[dict[str, Any]]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    start = (page - 1) * page_size
    return [_plan(p) for p in selectors.plans_of(org).select_related("org")[start : start + page_size]]


@router.get("/staff/supervision/plans/{pk}", response=PlanDetail, auth=staff, summary="工作要点及其任务、分工")
def plan_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _plan_detail(selectors.plan_get(actor=request.user, pk=pk))


@router.post(
    "/staff/supervision/plans/{pk}/map",
    response=MapOut,
    auth=staff,
    summary="将未匹配的单位名称对应到机构（记住该对应关系）",
)
def plan_map(request: HttpRequest, pk: int, payload: MapIn) -> dict[str, Any]:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    org = None
    if payload.org_id is not None:
        org = Organization.objects.filter(pk=payload.org_id).first()
        if org is None:
            raise ValidationFailed("未找到该机构。", code="unknown_org", fields={"org_id": ["未找到。"]})
    created = services.unit_map(actor=request.user, plan=plan, name=payload.name, org=org)
    return {"created": created, "plan": _plan_detail(plan)}


@router.get(
    "/staff/supervision/orgs/{org_id}/progress",
    response=ProgressOut,
    auth=staff,
    summary="任务进度：各单位分工状态、逾期未报送的分工",
)
def progress(request: HttpRequest, org_id: int, year: int | None = params.year()) -> dict[str, Any]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    today = timezone.localdate()
    plans = selectors.plans_of(org)
    plan = plans.filter(year=year).first() if year else plans.first()
    units = []
    for row in selectors.progress_by_unit(plan, day=today) if plan else []:
        units.append(
            {
                "org": org_ref(row.org),
                "total": row.total,
                "done": row.done,
                "overdue": row.overdue,
                **{s: row.counts.get(s, 0) for s in ("assigned", "reported", "returned")},
            }
        )
    overdue = selectors.overdue(org, day=today)
    if plan is not None:
        overdue = overdue.filter(task__plan=plan)
    return {
        "plan": plan.pk if plan else None,
        "units": units,
        "overdue": [_brief(a) for a in overdue[:500]],
        "escalations": selectors.escalations_of(org).count(),
    }


@router.get(
    "/staff/supervision/assignments",
    response=list[AssignmentOut],
    auth=staff,
    summary="本单位的任务（工作台），按报送期限排序",
)
def my_assignments(
    request: HttpRequest,
    state: AssignmentState | None = None,
    page: int = params.page(),
    page_size: int = params.page_size(),
) -> list[dict[str, Any]]:
    qs = selectors.my_assignments(request.user)
    if state:
        qs = qs.filter(state=state)
    start = (page - 1) * page_size
    return [_assignment(request, a) for a in qs[start : start + page_size]]


@router.get(
    "/staff/supervision/assignments/{pk}", response=AssignmentDetail, auth=staff, summary="任务分工：进展报告与督办记录"
)
def assignment_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(request, selectors.assignment_get(actor=request.user, pk=pk))


def _links(raw: str) -> list[int]:
    parts = [p for p in raw.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    if len(parts) > MAX_LINKS or any(not p.strip().isdigit() or len(p.strip()) > 12 for p in parts):
        raise ValidationFailed(
            f"请填写信息编号（数字，最多{MAX_LINKS}条），用逗号分隔。",
            code="bad_links",
            fields={"links": ["格式有误。"]},
        )
    return [int(p) for p in parts]


@router.post(
    "/staff/supervision/assignments/{pk}/report",
    response=AssignmentDetail,
    auth=staff,
    summary="报送进展（文字、附件最多5个、关联已公开信息最多10条）",
)
def assignment_report(
    request: HttpRequest,
    pk: int,
    payload: Form[ReportIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> dict[str, Any]:
    uploads = list(files or [])
    if len(uploads) > MAX_FILES:
        raise ValidationFailed(f"最多上传{MAX_FILES}个附件。", code="too_many_files", fields={"files": ["附件过多。"]})
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    services.assignment_report(
        actor=request.user, assignment=assignment, text=payload.text, links=_links(payload.links), uploads=uploads
    )
    return _detail(request, assignment)


@router.post(
    "/staff/supervision/assignments/{pk}/return", response=AssignmentDetail, auth=staff, summary="退回进展报告"
)
def assignment_return(request: HttpRequest, pk: int, payload: NoteIn) -> dict[str, Any]:
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    services.assignment_return(actor=request.user, assignment=assignment, note=payload.note)
    return _detail(request, assignment)


@router.post(
    "/staff/supervision/assignments/{pk}/accept",
    response=AssignmentDetail,
    auth=staff,
    summary="审核通过（周期性任务转入下一期）",
)
def assignment_accept(request: HttpRequest, pk: int, payload: OptionalNoteIn) -> dict[str, Any]:
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    services.assignment_accept(actor=request.user, assignment=assignment, note=payload.note)
    return _detail(request, assignment)


@router.post(
    "/staff/supervision/assignments/{pk}/escalate", response=AssignmentDetail, auth=staff, summary="督办逾期任务"
)
def assignment_escalate(request: HttpRequest, pk: int, payload: NoteIn) -> dict[str, Any]:
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    services.assignment_escalate(actor=request.user, assignment=assignment, note=payload.note)
    return _detail(request, assignment)
