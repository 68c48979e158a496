"""政务公开讲 and 政府开放日 through the API: the schedule, registration; staff import, edit, report."""

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from gongkai.api import params
from gongkai.api.participation._common import limit, staff
from gongkai.api.participation.schemas import (
    EventCreateIn,
    EventIn,
    EventOut,
    EventOverdueOut,
    ImportOut,
    ParticipantOut,
    RegistrationIn,
    RegistrationReceipt,
    ReportIn,
)
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get
from gongkai.participation import selectors, services
from gongkai.participation.models import Event

router = Router(tags=["participation"])


def _event(e: Event) -> dict[str, Any]:
    left = None if e.capacity is None else max(e.capacity - e.registrations.count(), 0)
    return {
        "id": e.pk,
        "year": e.year,
        "month": e.month,
        "theme": e.theme,
        "org_id": e.org_id,
        "org_name": e.org.name,
        "form": e.form,
        "form_label": e.get_form_display(),
        "held_on": e.held_on,
        "location": e.location,
        "registration_open": e.registration_open,
        "places_left": left,
        "report_html": e.report_html,
        "report_published_on": e.report_published_on,
        "participant_count": e.participant_count,
    }


@router.get("/events", response=list[EventOut], summary="政务公开讲、政府开放日活动安排表")
def events(request: HttpRequest, year: int | None = params.year(), org: str = "") -> list[dict[str, Any]]:
    org_obj = org_selectors.organization_by_slug(org) if org else None
    return [_event(e) for e in selectors.events_public(year=year, org=org_obj)[:500]]


@router.get("/events/{pk}", response=EventOut, summary="活动详情与举办情况")
def event_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _event(selectors.event_get(pk=pk))


@router.post(
    "/events/{pk}/registrations", response={200: RegistrationReceipt, 201: RegistrationReceipt}, summary="活动报名"
)
def event_register(request: HttpRequest, pk: int, payload: RegistrationIn) -> Status[dict[str, Any]]:
    limit(request)
    registration, created = services.event_register(event=selectors.event_get(pk=pk), **payload.dict())
    return Status(201 if created else 200, {"id": registration.pk, "message": "报名成功。"})


@router.post(
    "/staff/orgs/{org_id}/events/import",
    response=ImportOut,
    auth=staff,
    summary="导入年度活动安排表（.xlsx 或 .csv：月份、活动主题、主办单位、活动形式）",
)
def staff_event_import(
    request: HttpRequest,
    org_id: int,
    year: Form[int],
    file: UploadedFile = File(...),  # noqa: B008
) -> dict[str, Any]:
    result = services.event_import(
        actor=request.user, root=organization_get(pk=org_id), year=year, data=file.read(), filename=file.name or ""
    )
    return {"created": len(result.created), "existing": len(result.existing)}


@router.post("/staff/orgs/{org_id}/events", response={201: EventOut}, auth=staff, summary="新增活动")
def staff_event_create(request: HttpRequest, org_id: int, payload: EventCreateIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    year = data.pop("year")
    event = services.event_create(
        actor=request.user, org=organization_get(pk=org_id), year=year, data=services.EventInput(**data)
    )
    return Status(201, _event(event))


@router.put("/staff/events/{pk}", response=EventOut, auth=staff, summary="修改活动安排（日期、地点、名额、报名）")
def staff_event_update(request: HttpRequest, pk: int, payload: EventIn) -> dict[str, Any]:
    event = selectors.event_get_for_staff(actor=request.user, pk=pk)
    return _event(services.event_update(actor=request.user, event=event, data=services.EventInput(**payload.dict())))


@router.post("/staff/events/{pk}/report", response=EventOut, auth=staff, summary="发布举办情况")
def staff_event_report(request: HttpRequest, pk: int, payload: ReportIn) -> dict[str, Any]:
    event = selectors.event_get_for_staff(actor=request.user, pk=pk)
    return _event(services.event_report_publish(actor=request.user, event=event, **payload.dict()))


@router.get("/staff/events/{pk}/registrations", response=list[ParticipantOut], auth=staff, summary="活动报名名单")
def staff_event_registrations(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    event = selectors.event_get_for_staff(actor=request.user, pk=pk)
    return [
        {
            "id": r.pk,
            "participant_name": r.participant_name,
            "participant_phone": r.participant_phone,
            "participant_unit": r.participant_unit,
        }
        for r in event.registrations.all()
    ]


@router.get("/staff/events-overdue", response=list[EventOverdueOut], auth=staff, summary="逾期未发布举办情况的活动")
def staff_events_overdue(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": o.event.pk,
            "theme": o.event.theme,
            "org_name": o.event.org.name,
            "year": o.event.year,
            "month": o.event.month,
            "due_on": o.due_on,
            "late_by": o.late_by,
        }
        for o in selectors.events_overdue(actor=request.user)
    ]
