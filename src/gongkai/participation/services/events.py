"""政务公开讲 and 政府开放日: the yearly schedule (importable from the work plan's table, seed 002),
registration of participants, and the published 举办情况 ("及时发布举办情况", seed 002's note)."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.disclosure.richtext import sanitize_html
from gongkai.orgs.models import Organization
from gongkai.participation import domain, permissions
from gongkai.participation.models import Event, EventForm, EventRegistration
from gongkai.participation.services._common import check_token, clean_text, once, same_text, today_or, token_reused

_PHONE = re.compile(r"^[0-9+\-() ]{7,30}$")


@dataclass
class ImportResult:
    created: list[Event] = field(default_factory=list)
    existing: list[Event] = field(default_factory=list)


def _host_index(root: Organization) -> dict[str, Organization]:
    """Names by which the table may name a host: its full name or its short name (县卫健委)."""
    index: dict[str, Organization] = {}
    for org in Organization.objects.filter(path__startswith=root.path):
        for name in (org.name, org.short_name):
            if name:
                index.setdefault(name, org)
    return index


@transaction.atomic
def event_import(*, actor: Actor, root: Organization, year: int, data: bytes, filename: str) -> ImportResult:
    """Import the yearly table (月份, 活动主题, 主办单位[, 活动形式]) for hosts of `root`'s subtree.

    Every row is checked first (a month, a theme, a host that is an org under `root`); any problem
    and nothing is written. Importing the same table again changes nothing.
    """
    if not permissions.can_manage_events(actor, root):
        raise PermissionDenied("您不能为该机构安排活动。")
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年度无效。", code="year_invalid", fields={"year": ["年度无效。"]})
    try:
        rows = domain.parse_event_rows(domain.read_table(data, filename))
    except domain.ImportError_ as exc:
        raise ValidationFailed(str(exc), code="import_invalid", fields={"file": str(exc).splitlines()}) from exc
    hosts = _host_index(root)
    errors = [
        f"第{row.line}行：主办单位“{row.host}”不是{root.name}或其下属机构。" for row in rows if row.host not in hosts
    ]
    if errors:
        raise ValidationFailed("\n".join(errors), code="import_invalid", fields={"file": errors})
    result = ImportResult()
    for row in rows:
        org = hosts[row.host]
        event, created = Event.objects.get_or_create(
            org=org, year=year, month=row.month, theme=row.theme, defaults={"form": row.form}
        )
        (result.created if created else result.existing).append(event)
    audit_record(
        actor=actor,
        action="event.schedule_imported",
        obj=root,
        after={"year": year, "file": filename[:100], "created": len(result.created), "existing": len(result.existing)},
    )
    return result


@dataclass
class EventInput:
    month: int
    theme: str
    form: str = EventForm.OPEN_DAY
    held_on: datetime.date | None = None
    location: str = ""
    capacity: int | None = None
    registration_open: bool = False


def _validate(year: int, data: EventInput) -> EventInput:
    errors: dict[str, list[str]] = {}
    if not 1 <= data.month <= 12:
        errors["month"] = ["月份应为1至12。"]
    data.theme = clean_text(data.theme, label="活动主题", field="theme", required=True, limit=200, errors=errors)
    data.location = clean_text(data.location, label="地点", field="location", required=False, limit=200, errors=errors)
    if data.form not in EventForm.values:
        errors["form"] = ["请选择活动形式。"]
    if data.held_on is not None and (data.held_on.year, data.held_on.month) != (year, data.month):
        errors["held_on"] = ["举办日期须在所安排的年份和月份内。"]
    if data.capacity is not None and data.capacity < 1:
        errors["capacity"] = ["名额至少为1。"]
    if data.registration_open and data.held_on is None:
        errors["registration_open"] = ["开放报名前须确定举办日期。"]
    if errors:
        raise ValidationFailed("活动信息有误，未保存。", code="event_invalid", fields=errors)
    return data


_EVENT_FIELDS = ("month", "theme", "form", "held_on", "location", "capacity", "registration_open")


@transaction.atomic
def event_create(*, actor: Actor, org: Organization, year: int, data: EventInput) -> Event:
    if not permissions.can_manage_events(actor, org):
        raise PermissionDenied("您不能为该机构安排活动。")
    data = _validate(year, data)
    if Event.objects.filter(org=org, year=year, month=data.month, theme=data.theme).exists():
        raise ValidationFailed("该活动已在安排表中。", code="event_duplicate", fields={"theme": ["活动已存在。"]})
    event = Event.objects.create(org=org, year=year, **{n: getattr(data, n) for n in _EVENT_FIELDS})
    audit_record(actor=actor, action="event.created", obj=event, after={"year": year, "month": data.month})
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: Event, data: EventInput) -> Event:
    """Set the date, place, places and registration of a scheduled event."""
    event = Event.objects.select_for_update().select_related("org").get(pk=event.pk)
    if not permissions.can_manage_events(actor, event.org):
        raise NotFound("未找到该活动。")
    if event.report_published_on is not None:
        raise Conflict("举办情况已发布，不能再修改活动安排。", code="illegal_transition")
    data = _validate(event.year, data)
    before = {n: str(getattr(event, n)) for n in _EVENT_FIELDS}
    for name in _EVENT_FIELDS:
        setattr(event, name, getattr(data, name))
    event.save(update_fields=list(_EVENT_FIELDS))
    audit_record(
        actor=actor,
        action="event.updated",
        obj=event,
        before=before,
        after={n: str(getattr(event, n)) for n in _EVENT_FIELDS},
    )
    return event


@transaction.atomic
def event_register(
    *,
    event: Event,
    participant_name: str,
    participant_phone: str,
    token: str,
    participant_unit: str = "",
    today: datetime.date | None = None,
) -> tuple[EventRegistration, bool]:
    """报名 for an event with registration open, before its date and within its places."""
    token = check_token(token)
    event = Event.objects.select_for_update().get(pk=event.pk)

    def same(r: EventRegistration) -> bool:
        return (
            r.event_id == event.pk
            and same_text(r.participant_name, participant_name)
            and r.participant_phone == (participant_phone or "").strip()
        )

    existing = EventRegistration.objects.filter(token=token).first()
    if existing is not None:
        if not same(existing):
            raise token_reused()
        return existing, False
    today = today_or(today)
    if not event.registration_open or event.held_on is None or event.held_on <= today:
        raise Conflict("该活动未开放报名或报名已截止。", code="registration_closed")
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise Conflict("报名人数已满。", code="registration_full")
    errors: dict[str, list[str]] = {}
    participant_name = clean_text(
        participant_name, label="姓名", field="participant_name", required=True, limit=50, errors=errors
    )
    participant_unit = clean_text(
        participant_unit, label="身份或单位", field="participant_unit", required=False, limit=100, errors=errors
    )
    participant_phone = (participant_phone or "").strip()
    if not _PHONE.match(participant_phone):
        errors["participant_phone"] = ["请填写正确的联系电话。"]
    if errors:
        raise ValidationFailed("报名未提交，请检查后重试。", code="registration_invalid", fields=errors)

    def create() -> EventRegistration:
        return EventRegistration.objects.create(
            event=event,
            participant_name=participant_name,
            participant_phone=participant_phone,
            participant_unit=participant_unit,
            token=token,
        )

    registration, created = once(EventRegistration, token, create, same)
    if created:
        audit_record(actor=None, action="event.registered", obj=registration, after={"event": event.pk})
    return registration, created


# The largest open day or lecture a report can record; beyond it the number is a typo.
MAX_PARTICIPANTS = 1_000_000


@transaction.atomic
def event_report_publish(
    *, actor: Actor, event: Event, report_html: str, participant_count: int | None, today: datetime.date | None = None
) -> Event:
    """Publish the 举办情况 once the event has taken place."""
    event = Event.objects.select_for_update().select_related("org").get(pk=event.pk)
    if not permissions.can_manage_events(actor, event.org):
        raise NotFound("未找到该活动。")
    today = today_or(today)
    errors: dict[str, list[str]] = {}
    held = event.held_on or datetime.date(event.year, event.month, 1)
    if held > today:
        errors["report_html"] = ["活动尚未举办，不能发布举办情况。"]
    report_html = sanitize_html(report_html)
    if not report_html:
        errors["report_html"] = ["请填写举办情况。"]
    if participant_count is not None and not 0 <= participant_count <= MAX_PARTICIPANTS:
        errors["participant_count"] = [f"参加人数应在0至{MAX_PARTICIPANTS:,}之间。"]
    if errors:
        raise ValidationFailed("举办情况未发布。", code="report_invalid", fields=errors)
    first = event.report_published_on is None
    event.report_html = report_html
    event.participant_count = participant_count
    event.report_published_on = event.report_published_on or today
    event.registration_open = False
    event.save(update_fields=["report_html", "participant_count", "report_published_on", "registration_open"])
    audit_record(
        actor=actor,
        action="event.report_published" if first else "event.report_updated",
        obj=event,
        after={"participant_count": participant_count, "on": today.isoformat()},
    )
    return event
