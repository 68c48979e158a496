"""会议开放: announce a meeting open to 列席/旁听, take registrations (limits, selection), record
attendance, link the live stream or the record (seed 004（三）: 邀请利益相关方、人大代表、政协委员、
专家学者、媒体等旁听政府有关会议、电视和网络直播会议现场)."""

from __future__ import annotations

import datetime
import random
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.form_tokens import is_issued_form_token
from gongkai.core.transitions import Context
from gongkai.decisions import permissions
from gongkai.decisions.models import Attendance, Meeting, MeetingRegistration, MeetingState, Selection
from gongkai.decisions.services._common import clean_text, clean_url, raise_if, today
from gongkai.decisions.transitions import MEETING, MeetingAction
from gongkai.orgs.models import Organization

_PHONE = re.compile(r"^[0-9+\-() ]{7,30}$")
# Registrations kept per meeting: beyond this a flood, not interest (the selection picks from them).
MAX_REGISTRATIONS_PER_SEAT = 20
MAX_ATTENDED_IDS = 500


@dataclass
class MeetingInput:
    title: str
    agenda: str
    held_at: datetime.datetime
    location: str
    registration_ends_on: datetime.date
    capacity: int
    selection: str = Selection.FIRST_COME
    decision_id: int | None = None


@transaction.atomic
def meeting_create(*, actor: Actor, org: Organization, data: MeetingInput) -> Meeting:
    if not permissions.can_run_office(actor, org):
        raise PermissionDenied("只有本级政府办公室可以发布开放会议。")
    errors: dict[str, list[str]] = {}
    title = clean_text(data.title, label="会议名称", field="title", required=True, limit=200, errors=errors)
    agenda = clean_text(data.agenda, label="会议议题", field="agenda", required=True, limit=5000, errors=errors)
    location = clean_text(data.location, label="地点", field="location", required=True, limit=200, errors=errors)
    if not 1 <= int(data.capacity) <= 500:
        errors["capacity"] = ["名额须在1至500之间。"]
    if data.selection not in Selection.values:
        errors["selection"] = ["请选择遴选方式。"]
    if data.registration_ends_on >= data.held_at.date():
        errors["registration_ends_on"] = ["报名截止日期须早于会议召开日期。"]
    raise_if(errors, "会议未保存。", "meeting_invalid")
    meeting = Meeting.objects.create(
        org=org,
        title=title,
        agenda=agenda,
        held_at=data.held_at,
        location=location,
        registration_ends_on=data.registration_ends_on,
        capacity=data.capacity,
        selection=data.selection,
        decision_id=data.decision_id,
    )
    audit_record(actor=actor, action="decision_meeting.created", obj=meeting, after={"title": title})
    return meeting


def meeting_announce(*, actor: Actor, meeting: Meeting | int) -> Meeting:
    return MEETING.apply(actor, meeting, MeetingAction.ANNOUNCE)


@MEETING.effect(MeetingAction.ANNOUNCE)
def _announce(ctx: Context[Meeting]) -> Meeting:
    if ctx.obj.registration_ends_on < today():
        raise ValidationFailed(
            "报名截止日期已过，请先修改。", code="meeting_invalid", fields={"registration_ends_on": ["已过期。"]}
        )
    return ctx.obj


@transaction.atomic
def meeting_register(
    *, meeting: Meeting | int, kind: str, name: str, phone: str, token: str, unit: str = ""
) -> tuple[MeetingRegistration, bool]:
    """Public 报名. A double submit (same token) is one registration; one registration per phone."""
    token = (token or "").strip()
    if not is_issued_form_token(token):
        raise ValidationFailed(
            "表单已失效，请刷新页面后重新提交。", code="token_invalid", fields={"token": ["表单令牌无效。"]}
        )
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    locked = Meeting.objects.select_for_update().filter(pk=pk, state=MeetingState.ANNOUNCED).first()
    if locked is None:
        raise NotFound("未找到该会议。")
    phone = (phone or "").strip()
    existing = MeetingRegistration.objects.filter(token=token).first()
    if existing is not None:
        if existing.meeting_id != locked.pk or existing.phone != phone:
            raise Conflict("该表单已经提交过，请刷新页面后重新填写。", code="token_reused")
        return existing, False
    if locked.registration_ends_on < today():
        raise Conflict("报名已截止。", code="registration_closed")
    errors: dict[str, list[str]] = {}
    name = clean_text(name, label="姓名", field="name", required=True, limit=50, errors=errors)
    unit = clean_text(
        unit, label="身份或单位", field="unit", required=kind == Attendance.ATTEND, limit=100, errors=errors
    )
    if kind not in Attendance.values:
        errors["kind"] = ["请选择参会方式。"]
    if not _PHONE.match(phone):
        errors["phone"] = ["请填写正确的联系电话。"]
    raise_if(errors, "报名未提交，请检查后重试。", "registration_invalid")
    if MeetingRegistration.objects.filter(meeting=locked, phone=phone).exists():
        raise Conflict("该电话号码已报名本次会议。", code="already_registered")
    if locked.registrations.count() >= locked.capacity * MAX_REGISTRATIONS_PER_SEAT:
        raise Conflict("报名人数已达上限。", code="registration_full")
    try:
        with transaction.atomic():
            registration = MeetingRegistration.objects.create(
                meeting=locked, kind=kind, name=name, phone=phone, unit=unit, token=token
            )
    except IntegrityError:
        registration = MeetingRegistration.objects.filter(token=token).first()  # type: ignore[assignment]
        if registration is None:
            raise Conflict("该电话号码已报名本次会议。", code="already_registered") from None
        return registration, False
    audit_record(actor=None, action="decision_meeting.registered", obj=registration, after={"meeting": locked.pk})
    return registration, True


def meeting_select(*, actor: Actor, meeting: Meeting | int) -> Meeting:
    return MEETING.apply(actor, meeting, MeetingAction.SELECT)


@MEETING.effect(MeetingAction.SELECT)
def _select(ctx: Context[Meeting]) -> Meeting:
    """After 报名截止: within the places everyone; beyond them by order of registration or by lot."""
    meeting = ctx.obj
    ids = list(meeting.registrations.order_by("created_at", "id").values_list("id", flat=True))
    if len(ids) <= meeting.capacity:
        chosen = set(ids)
    elif meeting.selection == Selection.LOTTERY:
        seed = secrets.token_hex(16)
        ctx.update(lottery_seed=seed)  # recorded so the draw can be re-run and checked
        chosen = set(random.Random(seed).sample(ids, meeting.capacity))  # noqa: S311 - a fair draw, not a secret
    else:
        chosen = set(ids[: meeting.capacity])
    meeting.registrations.filter(id__in=chosen).update(selected=True)
    meeting.registrations.exclude(id__in=chosen).update(selected=False)
    ctx.after.update({"registered": len(ids), "selected": len(chosen)})
    return meeting


def meeting_record_attendance(*, actor: Actor, meeting: Meeting | int, attended_ids: list[int]) -> Meeting:
    return MEETING.apply(actor, meeting, MeetingAction.RECORD_ATTENDANCE, attended_ids=attended_ids)


@MEETING.effect(MeetingAction.RECORD_ATTENDANCE)
def _attendance(ctx: Context[Meeting]) -> Meeting:
    raw: Any = ctx.data.get("attended_ids") or []
    if len(raw) > MAX_ATTENDED_IDS:
        raise ValidationFailed("出席名单过长。", code="attendance_invalid", fields={"attended_ids": ["最多500人。"]})
    ids = {int(i) for i in raw}
    selected = set(ctx.obj.registrations.filter(selected=True).values_list("id", flat=True))
    unknown = ids - selected
    if unknown:
        raise ValidationFailed(
            "只能登记入选人员的出席情况。",
            code="attendance_invalid",
            fields={"attended_ids": ["名单中有未入选的人员。"]},
        )
    ctx.obj.registrations.filter(id__in=ids).update(attended=True)
    ctx.obj.registrations.exclude(id__in=ids).update(attended=False)
    ctx.after["attended"] = len(ids)
    return ctx.obj


def meeting_set_links(*, actor: Actor, meeting: Meeting | int, live_url: str = "", record_url: str = "") -> Meeting:
    return MEETING.apply(actor, meeting, MeetingAction.SET_LINKS, live_url=live_url, record_url=record_url)


@MEETING.effect(MeetingAction.SET_LINKS)
def _links(ctx: Context[Meeting]) -> Meeting:
    errors: dict[str, list[str]] = {}
    live = clean_url(ctx.data.get("live_url"), label="直播链接", field="live_url", errors=errors)
    record = clean_url(ctx.data.get("record_url"), label="回放链接", field="record_url", errors=errors)
    raise_if(errors, "链接未保存。", "links_invalid")
    ctx.before.update({"live_url": ctx.obj.live_url, "record_url": ctx.obj.record_url})
    ctx.update(live_url=live, record_url=record)
    ctx.after.update({"live_url": live, "record_url": record})
    return ctx.obj
