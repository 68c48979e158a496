"""The 舆情 ledger: register, 研判, respond through an authoritative channel, close with the
effect assessment, share with related orgs.

Rules and where they come from:
- 谁主管谁回应、谁处置谁回应 (002 六; 004（十二） 属地管理、分级负责、谁主管谁负责): the event is
  routed to the responsible org, by the routing table for its subject unless named.
- Response windows per level in hours (国办发〔2016〕61号, 80号; 004（十二）): `clock` computes
  the deadline; `selectors.window_for` says which window is in force.
- 信息共享 (002 六): related orgs see the event (read only).
- 效果评估 (000（四）; 004（十二）): closing records how the response worked.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.disclosure import interpretations
from gongkai.opinion import clock, permissions, selectors
from gongkai.opinion.models import Channel, Effect, Event, EventState, Level, Source
from gongkai.opinion.services._common import (
    MAX_TEXT,
    MAX_TITLE,
    check_moment,
    locality_root,
    org_in,
    orgs_in,
    text,
    user_of,
)
from gongkai.opinion.transitions import EVENT, Action
from gongkai.orgs.models import Organization


@dataclass
class EventInput:
    title: str
    source: str
    first_seen_at: datetime.datetime | None
    level: str
    subject: str = ""
    source_detail: str = ""
    summary: str = ""
    responsible_org_id: int | None = None
    related_org_ids: list[int] = field(default_factory=list)


@transaction.atomic
def event_register(*, actor: Actor, org: Organization, data: EventInput) -> Event:
    """Register a 舆情 in `org` and route it to the responsible org; its clock starts at first sight."""
    if not permissions.can_register(actor, org):
        raise PermissionDenied("您不是该机构的工作人员，不能登记舆情。")
    errors: dict[str, list[str]] = {}
    title = text(data.title, 1000)
    if not title:
        errors["title"] = ["请填写舆情主题。"]
    elif len(title) > MAX_TITLE:
        errors["title"] = [f"舆情主题不能超过{MAX_TITLE}字。"]
    if data.source not in Source.values:
        errors["source"] = ["请选择舆情来源。"]
    if data.level not in Level.values:
        errors["level"] = ["请选择舆情级别。"]
    first_seen = check_moment(data.first_seen_at, "first_seen_at", "首次发现时间", errors)
    subject = text(data.subject, 1000)
    if len(subject) > 40:
        errors["subject"] = ["主管事项不能超过40字。"]
    responsible: Organization | None
    if data.responsible_org_id:
        responsible = org_in(org, data.responsible_org_id)
        if responsible is None:
            errors["responsible_org"] = ["未找到该单位：责任单位须是本机构或下属机构。"]
    else:
        responsible = selectors.route_for(org, subject) or org  # no route: 属地, the registering org
    related = orgs_in(locality_root(org), data.related_org_ids, "related_orgs", errors)
    if errors or first_seen is None or responsible is None:
        raise ValidationFailed("舆情登记有误，未保存。", code="event_invalid", fields=errors)
    window = selectors.window_for(responsible, data.level)
    event = Event.objects.create(
        registered_in=org,
        org=responsible,
        title=title,
        subject=subject,
        source=data.source,
        source_detail=text(data.source_detail, 500),
        summary=text(data.summary, MAX_TEXT),
        first_seen_at=first_seen,
        level=data.level,
        window_hours=window.hours,
        respond_by=clock.respond_by(first_seen, window.hours),
        state=EventState.REGISTERED,
        created_by=user_of(actor),
    )
    event.related_orgs.set([o for o in related if o.pk != responsible.pk])
    audit_record(
        actor=actor,
        action="opinion_event.registered",
        obj=event,
        after={
            "org": responsible.pk,
            "routed_by": "subject" if not data.responsible_org_id and responsible != org else "",
            "level": data.level,
            "window_hours": window.hours,
            "respond_by": event.respond_by.isoformat(),
        },
    )
    return event


def event_assess(*, actor: Actor, event: Event | int, assessment: str, level: str = "") -> Event:
    """研判: record the assessment; a changed level re-derives the window from first sight."""
    return EVENT.apply(actor, event, Action.ASSESS, assessment=assessment, level=level)


@EVENT.effect(Action.ASSESS)
def _assess(ctx: Context[Event]) -> Event:
    event = ctx.obj
    assessment = text(ctx.data.get("assessment"), MAX_TEXT + 1)
    level = ctx.data.get("level") or event.level
    errors: dict[str, list[str]] = {}
    if not assessment:
        errors["assessment"] = ["请填写研判意见。"]
    elif len(assessment) > MAX_TEXT:
        errors["assessment"] = [f"研判意见不能超过{MAX_TEXT}字。"]
    if level not in Level.values:
        errors["level"] = ["请选择舆情级别。"]
    if errors:
        raise ValidationFailed("研判内容有误，未保存。", code="assessment_invalid", fields=errors)
    ctx.before.update({"level": event.level, "respond_by": event.respond_by.isoformat()})
    if level != event.level:
        window = selectors.window_for(event.org, level)
        ctx.update(
            level=level, window_hours=window.hours, respond_by=clock.respond_by(event.first_seen_at, window.hours)
        )
    ctx.update(assessment=assessment, assessed_at=timezone.now())
    ctx.after.update({"level": event.level, "respond_by": event.respond_by.isoformat()})
    return event


def event_respond(
    *,
    actor: Actor,
    event: Event | int,
    responded_at: datetime.datetime | None,
    channel: str,
    publication_id: int | None = None,
    press_id: int | None = None,
    response_text: str = "",
    response_url: str = "",
) -> Event:
    """回应 through an authoritative channel; the ledger keeps whether it was inside the window."""
    return EVENT.apply(
        actor,
        event,
        Action.RESPOND,
        responded_at=responded_at,
        channel=channel,
        publication_id=publication_id,
        press_id=press_id,
        response_text=response_text,
        response_url=response_url,
    )


@EVENT.effect(Action.RESPOND)
def _respond(ctx: Context[Event]) -> Event:
    event, d = ctx.obj, ctx.data
    errors: dict[str, list[str]] = {}
    responded_at = check_moment(d.get("responded_at"), "responded_at", "回应时间", errors)
    if responded_at is not None and "responded_at" not in errors and responded_at < event.first_seen_at:
        errors["responded_at"] = ["回应时间不能早于舆情首次发现时间。"]
    channel = d.get("channel")
    values: dict[str, Any] = {"response_publication_id": None, "response_press": None}
    if channel == Channel.PUBLICATION:
        ref = None
        if d.get("publication_id"):
            ref = interpretations.public_ref(int(d["publication_id"]), within=event.org) or interpretations.public_ref(
                int(d["publication_id"]), within=event.registered_in
            )
        if ref is None:
            errors["publication_id"] = ["未找到该公开信息：须是责任单位或登记单位已公开发布的信息。"]
        else:
            values["response_publication_id"] = ref.pk
    elif channel == Channel.PRESS:
        press = selectors.held_press_of(event.org, int(d["press_id"])) if d.get("press_id") else None
        if press is None:
            errors["press_id"] = ["未找到该发布活动：须是责任单位已举行的新闻发布会、吹风会或在线访谈。"]
        else:
            values["response_press"] = press
    elif channel == Channel.STATEMENT:
        if not text(d.get("response_text"), MAX_TEXT):
            errors["response_text"] = ["请填写回应内容。"]
    else:
        errors["channel"] = ["请选择回应渠道。"]
    response_text = text(d.get("response_text"), MAX_TEXT + 1)
    if len(response_text) > MAX_TEXT:
        errors["response_text"] = [f"回应内容不能超过{MAX_TEXT}字。"]
    url = text(d.get("response_url"), 501)
    if (url and not url.startswith(("https://", "http://"))) or len(url) > 500:
        errors["response_url"] = ["回应链接须是以http://或https://开头的网址（500字符以内）。"]
    if errors or responded_at is None:
        raise ValidationFailed("回应内容有误，未保存。", code="response_invalid", fields=errors)
    ctx.update(responded_at=responded_at, channel=channel, response_text=response_text, response_url=url, **values)
    late = clock.is_late(event.respond_by, responded_at)
    ctx.after.update({"channel": channel, "responded_at": responded_at.isoformat(), "late": late})
    if late:
        ctx.note = f"超出{event.window_hours}小时回应时限。"
    return event


def event_close(*, actor: Actor, event: Event | int, effect: str, effect_note: str = "") -> Event:
    return EVENT.apply(actor, event, Action.CLOSE, effect=effect, effect_note=effect_note)


@EVENT.effect(Action.CLOSE)
def _close(ctx: Context[Event]) -> Event:
    effect = ctx.data.get("effect")
    note = text(ctx.data.get("effect_note"), MAX_TEXT + 1)
    errors: dict[str, list[str]] = {}
    if effect not in Effect.values:
        errors["effect"] = ["请选择效果评估结论。"]
    if len(note) > MAX_TEXT:
        errors["effect_note"] = [f"说明不能超过{MAX_TEXT}字。"]
    elif effect == Effect.POOR and not note:
        # 000（四）: 回应不妥当的要通报、约谈整改 — a poor result states why, for 问责.
        errors["effect_note"] = ["效果不佳的，请说明原因和整改措施。"]
    if errors:
        raise ValidationFailed("效果评估有误，未保存。", code="effect_invalid", fields=errors)
    ctx.update(effect=effect, effect_note=note, closed_at=timezone.now())
    ctx.after.update({"effect": effect})
    return ctx.obj


def event_share(*, actor: Actor, event: Event | int, org_ids: list[int]) -> Event:
    """信息共享: let related orgs see the event (they act on nothing)."""
    return EVENT.apply(actor, event, Action.SHARE, org_ids=org_ids)


@EVENT.effect(Action.SHARE)
def _share(ctx: Context[Event]) -> Event:
    errors: dict[str, list[str]] = {}
    orgs = orgs_in(locality_root(ctx.obj.registered_in), ctx.data.get("org_ids"), "related_orgs", errors)
    if not orgs and not errors:
        errors["related_orgs"] = ["请选择要共享的单位。"]
    if errors:
        raise ValidationFailed("共享单位有误，未保存。", code="share_invalid", fields=errors)
    ctx.before["related_orgs"] = sorted(ctx.obj.related_orgs.values_list("pk", flat=True))
    ctx.obj.related_orgs.add(*[o for o in orgs if o.pk != ctx.obj.org_id])
    ctx.after["related_orgs"] = sorted(ctx.obj.related_orgs.values_list("pk", flat=True))
    return ctx.obj
