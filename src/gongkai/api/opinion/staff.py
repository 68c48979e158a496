"""舆情 ledger and press events for staff. Each record's ``actions`` are the table's
``available_actions`` for the token's user: what the back office shows and the services accept."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from gongkai.api import params
from gongkai.api.actions import actions_of
from gongkai.api.auth import StaffToken
from gongkai.api.opinion.schemas import (
    AssessIn,
    CancelIn,
    CloseIn,
    EventDetail,
    EventIn,
    FiguresOut,
    HoldIn,
    LedgerOut,
    PressIn,
    PressStaffOut,
    RespondIn,
    RouteIn,
    RouteOut,
    ShareIn,
    WindowIn,
    WindowOut,
)
from gongkai.core.errors import PermissionDenied
from gongkai.opinion import permissions, selectors, services
from gongkai.opinion.models import Event, PressEvent
from gongkai.opinion.transitions import EVENT, PRESS
from gongkai.orgs.services import organization_get

router = Router(tags=["opinion"])
staff = StaffToken()


def _summary(event: Event) -> dict[str, Any]:
    c = selectors.clock_for(event)
    return {
        "id": event.pk,
        "title": event.title,
        "state": event.state,
        "state_label": event.get_state_display(),
        "level": event.level,
        "org_id": event.org_id,
        "org_name": event.org.name,
        "registered_in_id": event.registered_in_id,
        "first_seen_at": event.first_seen_at,
        "respond_by": event.respond_by,
        "clock": {**c.__dict__, "label": c.label},
    }


def _detail(request: HttpRequest, event: Event) -> dict[str, Any]:
    event = selectors.event_get_for_staff(actor=request.user, pk=event.pk)
    return {
        **_summary(event),
        "subject": event.subject,
        "source": event.source,
        "source_detail": event.source_detail,
        "summary": event.summary,
        "related_org_ids": sorted(event.related_orgs.values_list("pk", flat=True)),
        "assessment": event.assessment,
        "assessed_at": event.assessed_at,
        "responded_at": event.responded_at,
        "channel": event.channel,
        "response_publication_id": event.response_publication_id,
        "response_press_id": event.response_press_id,
        "response_text": event.response_text,
        "response_url": event.response_url,
        "effect": event.effect,
        "effect_note": event.effect_note,
        "closed_at": event.closed_at,
        "actions": actions_of(EVENT, request.user, event),
    }


def _event(request: HttpRequest, pk: int) -> Event:
    return selectors.event_get_for_staff(actor=request.user, pk=pk)


@router.get(
    "/staff/opinion/ledger", response=LedgerOut, auth=staff, summary="舆情台账：待研判、待回应（含时钟）、已回应、共享"
)
def ledger(request: HttpRequest) -> dict[str, Any]:
    lists = selectors.ledger(request.user)
    return {key: [_summary(row.event) for row in rows] for key, rows in lists.items()}


@router.post("/staff/opinion/events", response={201: EventDetail}, auth=staff, summary="登记舆情（按主管事项分办）")
def register(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    org = organization_get(pk=payload.org_id)
    data = payload.dict()
    data.pop("org_id")
    event = services.event_register(actor=request.user, org=org, data=services.EventInput(**data))
    return Status(201, _detail(request, event))


@router.get("/staff/opinion/events/{pk}", response=EventDetail, auth=staff, summary="舆情详情")
def event_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(request, _event(request, pk))


@router.post("/staff/opinion/events/{pk}/assess", response=EventDetail, auth=staff, summary="研判")
def assess(request: HttpRequest, pk: int, payload: AssessIn) -> dict[str, Any]:
    event = services.event_assess(actor=request.user, event=_event(request, pk), **payload.dict())
    return _detail(request, event)


@router.post("/staff/opinion/events/{pk}/respond", response=EventDetail, auth=staff, summary="回应（权威渠道）")
def respond(request: HttpRequest, pk: int, payload: RespondIn) -> dict[str, Any]:
    event = services.event_respond(actor=request.user, event=_event(request, pk), **payload.dict())
    return _detail(request, event)


@router.post("/staff/opinion/events/{pk}/close", response=EventDetail, auth=staff, summary="办结并评估效果")
def close(request: HttpRequest, pk: int, payload: CloseIn) -> dict[str, Any]:
    event = services.event_close(actor=request.user, event=_event(request, pk), **payload.dict())
    return _detail(request, event)


@router.post("/staff/opinion/events/{pk}/share", response=EventDetail, auth=staff, summary="共享给相关单位")
def share(request: HttpRequest, pk: int, payload: ShareIn) -> dict[str, Any]:
    event = services.event_share(actor=request.user, event=_event(request, pk), org_ids=payload.org_ids)
    return _detail(request, event)


def _windows(org_id: int) -> list[dict[str, Any]]:
    org = organization_get(pk=org_id)
    return [
        {"level": w.level, "label": w.label, "hours": w.hours, "set_by_org_id": w.set_by.pk if w.set_by else None}
        for w in selectors.windows_of(org)
    ]


@router.get("/staff/opinion/orgs/{org_id}/windows", response=list[WindowOut], auth=staff, summary="回应时限（生效值）")
def windows(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    return _windows(org_id)


@router.put("/staff/opinion/orgs/{org_id}/windows", response=list[WindowOut], auth=staff, summary="设置回应时限")
def window_set(request: HttpRequest, org_id: int, payload: WindowIn) -> list[dict[str, Any]]:
    services.window_set(actor=request.user, org=organization_get(pk=org_id), level=payload.level, hours=payload.hours)
    return _windows(org_id)


@router.get(
    "/staff/opinion/orgs/{org_id}/routes", response=list[RouteOut], auth=staff, summary="分办规则（谁主管谁回应）"
)
def routes(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = organization_get(pk=org_id)
    if not permissions.can_register(request.user, org) and not permissions.can_configure(request.user, org):
        raise PermissionDenied("您不是该机构的工作人员。")
    return [
        {"scope_org_id": r.scope_id, "subject": r.subject, "responsible_org_id": r.responsible_id}
        for r in selectors.routes_of(org)
    ]


@router.post("/staff/opinion/orgs/{org_id}/routes", response={201: RouteOut}, auth=staff, summary="设置分办规则")
def route_set(request: HttpRequest, org_id: int, payload: RouteIn) -> Status[dict[str, Any]]:
    route = services.route_set(
        actor=request.user,
        scope=organization_get(pk=org_id),
        subject=payload.subject,
        responsible_id=payload.responsible_org_id,
    )
    return Status(
        201, {"scope_org_id": route.scope_id, "subject": route.subject, "responsible_org_id": route.responsible_id}
    )


def press_out(press: PressEvent) -> dict[str, Any]:
    return {
        "id": press.pk,
        "org_id": press.org_id,
        "org_name": press.org.name,
        "kind": press.kind,
        "kind_label": press.get_kind_display(),
        "title": press.title,
        "planned_at": press.planned_at,
        "held_at": press.held_at,
        "venue": press.venue,
        "policy_id": press.policy_id,
        "interpretation_id": press.interpretation_id,
        "media_url": press.media_url,
        "state": press.state,
        "state_label": press.get_state_display(),
        "speakers": [{"name": s.name, "post": s.post, "rank": s.rank} for s in press.speakers.all()],
        "transcript_html": press.transcript_html,
    }


def _press_detail(request: HttpRequest, press: PressEvent) -> dict[str, Any]:
    press = selectors.press_get_for_staff(actor=request.user, pk=press.pk)
    return {**press_out(press), "actions": actions_of(PRESS, request.user, press)}


def _press(request: HttpRequest, pk: int) -> PressEvent:
    return selectors.press_get_for_staff(actor=request.user, pk=pk)


def _speakers(items: list[Any] | None) -> list[services.SpeakerInput] | None:
    return None if items is None else [services.SpeakerInput(s.name, s.post, s.rank) for s in items]


@router.post(
    "/staff/opinion/press", response={201: PressStaffOut}, auth=staff, summary="登记新闻发布会、吹风会或在线访谈"
)
def press_plan(request: HttpRequest, payload: PressIn) -> Status[dict[str, Any]]:
    press = services.press_plan(
        actor=request.user,
        org=organization_get(pk=payload.org_id),
        data=services.PressInput(
            kind=payload.kind,
            title=payload.title,
            planned_at=payload.planned_at,
            venue=payload.venue,
            policy_id=payload.policy_id,
            speakers=_speakers(payload.speakers) or [],
        ),
    )
    return Status(201, _press_detail(request, press))


@router.get("/staff/opinion/press/{pk}", response=PressStaffOut, auth=staff, summary="发布活动详情")
def press_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _press_detail(request, _press(request, pk))


@router.post("/staff/opinion/press/{pk}/hold", response=PressStaffOut, auth=staff, summary="登记举行情况与文字实录")
def press_hold(request: HttpRequest, pk: int, payload: HoldIn) -> dict[str, Any]:
    press = services.press_hold(
        actor=request.user,
        press=_press(request, pk),
        held_at=payload.held_at,
        transcript_html=payload.transcript_html,
        media_url=payload.media_url,
        speakers=_speakers(payload.speakers),
    )
    return _press_detail(request, press)


@router.post(
    "/staff/opinion/press/{pk}/publish-transcript",
    response=PressStaffOut,
    auth=staff,
    summary="发布实录：作为政策解读提交本机构审核",
)
def press_publish(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _press_detail(request, services.press_publish_transcript(actor=request.user, press=_press(request, pk)))


@router.post("/staff/opinion/press/{pk}/cancel", response=PressStaffOut, auth=staff, summary="取消")
def press_cancel(request: HttpRequest, pk: int, payload: CancelIn) -> dict[str, Any]:
    return _press_detail(
        request, services.press_cancel(actor=request.user, press=_press(request, pk), reason=payload.reason)
    )


@router.get(
    "/staff/opinion/orgs/{org_id}/figures",
    response=FiguresOut,
    auth=staff,
    summary="解读与回应统计（按形式、发布人身份、年度）",
)
def figures(request: HttpRequest, org_id: int, year: int = params.year(2025)) -> dict[str, Any]:
    org = organization_get(pk=org_id)
    if not permissions.can_register(request.user, org) and not permissions.can_configure(request.user, org):
        raise PermissionDenied("您不是该机构的工作人员。")
    return {
        **selectors.interpretation_figures(org, year=year),
        "responses": selectors.response_figures(org, year=year),
    }
