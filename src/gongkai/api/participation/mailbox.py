"""领导信箱 through the API: the public reply wall, writing, the writer's look-up and rating,
statistics; the staff case with its ``actions`` and every step of the mailbox table."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from gongkai.api import params
from gongkai.api.participation._common import actions, limit, period, staff
from gongkai.api.participation.schemas import (
    DismissIn,
    FollowUpIn,
    MailboxStatsOut,
    MessageIn,
    MessageReceipt,
    OverdueOut,
    RateIn,
    ReplyIn,
    ReviewIn,
    RouteIn,
    SettingsIn,
    StaffMessageOut,
    StaffMessageRow,
    WallItem,
    WriterIn,
    WriterView,
)
from gongkai.core.actors import Actor
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get
from gongkai.participation import selectors, services
from gongkai.participation.models import Message
from gongkai.participation.transitions import MESSAGE

router = Router(tags=["participation"])


def _wall(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "code": m.code,
        "org_name": m.org.name,
        "handling_org_name": m.handling_org.name if m.handling_org else None,
        "category": m.get_category_display(),
        "subject": m.public_subject,
        "body": m.public_body,
        "reply": m.public_reply,
        "received_on": m.received_on,
        "answered_on": m.answered_on,
        "state_label": m.get_state_display(),
        "satisfaction": m.get_satisfaction_display() if m.satisfaction else "",
    }


@router.get("/mailbox/wall", response=list[WallItem], summary="答复公开栏（已去标识化；不含来信人信息）")
def wall(
    request: HttpRequest, org: str = "", page: int = params.page(), page_size: int = params.page_size()
) -> list[dict[str, Any]]:
    org_obj = org_selectors.organization_by_slug(org) if org else None
    qs = selectors.reply_wall(org=org_obj)[(page - 1) * page_size : page * page_size]
    return [_wall(m) for m in qs]


@router.get("/mailbox/wall/{pk}", response=WallItem, summary="答复公开栏中的一条留言")
def wall_item(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _wall(selectors.wall_message_get(pk=pk))


@router.post(
    "/orgs/{org_id}/mailbox/messages",
    response={200: MessageReceipt, 201: MessageReceipt},
    summary="给机构信箱写信（返回留言编号和查询密码，凭此查看答复和评价）",
)
def message_submit(request: HttpRequest, org_id: int, payload: MessageIn) -> Status[dict[str, Any]]:
    limit(request)
    message, secret, created = services.message_submit(org=organization_get(pk=org_id), **payload.dict())
    return Status(
        201 if created else 200,
        {
            "code": message.code,
            "secret": secret,
            "received_on": message.received_on,
            "due_on": message.due_on,
            "message": "留言已收到。请保存留言编号和查询密码。",
        },
    )


def _writer_view(m: Message) -> dict[str, Any]:
    return {
        "code": m.code,
        "org_name": m.org.name,
        "handling_org_name": m.handling_org.name if m.handling_org else None,
        "subject": m.subject,
        "body": m.body,
        "state": m.state,
        "state_label": m.get_state_display(),
        "received_on": m.received_on,
        "due_on": m.due_on,
        # Only a reply that passed review is shown (a new reply after 回访 waits for review).
        "reply": m.reply if m.state in ("answered", "reopened") else "",
        "answered_on": m.answered_on,
        "satisfaction": m.satisfaction,
        "can_rate": selectors.writer_can_rate(m),
    }


@router.post("/mailbox/lookup", response=WriterView, summary="来信人凭留言编号和查询密码查看办理情况")
def writer_lookup(request: HttpRequest, payload: WriterIn) -> dict[str, Any]:
    limit(request)
    return _writer_view(selectors.message_for_writer(code=payload.code, secret=payload.secret))


@router.post("/mailbox/rate", response=WriterView, summary="来信人评价答复（不满意则重新办理并回访）")
def writer_rate(request: HttpRequest, payload: RateIn) -> dict[str, Any]:
    limit(request)
    message = selectors.message_for_writer(code=payload.code, secret=payload.secret)
    return _writer_view(
        services.message_rate(message=message, secret=payload.secret, satisfaction=payload.satisfaction)
    )


@router.get(
    "/mailbox/statistics",
    response=MailboxStatsOut,
    summary="信箱统计：受理、办结、办结率、满意率、平均答复工作日（按机构及下属机构、期间）",
)
def mailbox_statistics(
    request: HttpRequest, org: str, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, Any]:
    start, end = period(start, end)
    stats = selectors.mailbox_statistics(org_selectors.organization_by_slug(org), start=start, end=end)
    return {
        "org_name": stats.org.name,
        "start": start,
        "end": end,
        "total": vars(stats.total),
        "by_org": [{**vars(f), "org_id": o.pk, "org_name": o.name} for o, f in stats.by_org],
    }


# --- mailbox: staff --------------------------------------------------------------------------


def _staff_message(m: Message, actor: Actor) -> dict[str, Any]:
    m.refresh_from_db()
    return {
        "id": m.pk,
        "code": m.code,
        "org_id": m.org_id,
        "handling_org_id": m.handling_org_id,
        "category": m.category,
        "subject": m.subject,
        "body": m.body,
        "wants_public": m.wants_public,
        "writer_name": m.writer_name,
        "writer_phone": m.writer_phone,
        "writer_email": m.writer_email,
        "received_on": m.received_on,
        "due_on": m.due_on,
        "due_provisional": m.due_provisional,
        "state": m.state,
        "state_label": m.get_state_display(),
        "reply": m.reply,
        "answered_on": m.answered_on,
        "on_wall": m.on_wall,
        "satisfaction": m.satisfaction,
        "reopen_count": m.reopen_count,
        "events": [{"kind": e.kind, "label": e.get_kind_display(), "on": e.on, "note": e.note} for e in m.events.all()],
        "actions": actions(MESSAGE, actor, m),
    }


@router.get("/staff/messages", response=list[StaffMessageRow], auth=staff, summary="我可办理或督办的留言")
def staff_messages(request: HttpRequest, state: str = "") -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "code": m.code,
            "subject": m.subject,
            "state": m.state,
            "received_on": m.received_on,
            "due_on": m.due_on,
        }
        for m in selectors.messages_for_staff(request.user, state=state)[:500]
    ]


@router.get("/staff/messages/{pk}", response=StaffMessageOut, auth=staff, summary="留言详情（含来信人联系方式）")
def staff_message_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _staff_message(selectors.message_get_for_staff(actor=request.user, pk=pk), request.user)


@router.post("/staff/messages/{pk}/route", response=StaffMessageOut, auth=staff, summary="转办")
def staff_message_route(request: HttpRequest, pk: int, payload: RouteIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    target = organization_get(pk=payload.handling_org_id)
    return _staff_message(
        services.message_route(actor=request.user, message=message, handling_org=target, note=payload.note),
        request.user,
    )


@router.post("/staff/messages/{pk}/reply", response=StaffMessageOut, auth=staff, summary="答复（送审核）")
def staff_message_reply(request: HttpRequest, pk: int, payload: ReplyIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(
        services.message_reply(actor=request.user, message=message, reply=payload.reply), request.user
    )


@router.post(
    "/staff/messages/{pk}/review",
    response=StaffMessageOut,
    auth=staff,
    summary="审核答复（通过后去标识化并上答复公开栏）",
)
def staff_message_review(request: HttpRequest, pk: int, payload: ReviewIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(services.message_review(actor=request.user, message=message, **payload.dict()), request.user)


@router.post("/staff/messages/{pk}/follow-up", response=StaffMessageOut, auth=staff, summary="不满意后回访并重新答复")
def staff_message_follow_up(request: HttpRequest, pk: int, payload: FollowUpIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(
        services.message_follow_up(actor=request.user, message=message, note=payload.note, reply=payload.reply),
        request.user,
    )


@router.post("/staff/messages/{pk}/dismiss", response=StaffMessageOut, auth=staff, summary="不予受理")
def staff_message_dismiss(request: HttpRequest, pk: int, payload: DismissIn) -> dict[str, Any]:
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    return _staff_message(
        services.message_dismiss(actor=request.user, message=message, reason=payload.reason), request.user
    )


@router.get(
    "/staff/orgs/{org_id}/mailbox/overdue", response=list[OverdueOut], auth=staff, summary="督办：逾期未办结的留言"
)
def staff_overdue(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = organization_get(pk=org_id)
    return [
        {
            "id": o.message.pk,
            "code": o.message.code,
            "subject": o.message.subject,
            "org_name": o.message.org.name,
            "handling_org_name": o.message.handling_org.name if o.message.handling_org else None,
            "due_on": o.due_on,
            "late_by": o.late_by,
        }
        for o in selectors.messages_overdue(org, actor=request.user)
    ]


@router.put(
    "/staff/orgs/{org_id}/participation-settings",
    response=SettingsIn,
    auth=staff,
    summary="设置答复、整改等期限（工作日）",
)
def staff_settings(request: HttpRequest, org_id: int, payload: SettingsIn) -> dict[str, Any]:
    values = {k: v for k, v in payload.dict().items() if v is not None}
    item = services.settings_save(actor=request.user, org=organization_get(pk=org_id), **values)
    return {k: getattr(item, k) for k in SettingsIn.model_fields}
