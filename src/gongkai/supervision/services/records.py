"""专项督查, 约谈 and training records: written by the office, audited."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.supervision import permissions
from gongkai.supervision.models import Attendance, Interview, SpecialCheck, TrainingSession

MAX_UNITS = 500
MAX_ATTENDEES = 2000


def _office(actor: Actor, org: Organization) -> None:
    if not permissions.can_run_office(actor, org):
        raise PermissionDenied("只有本级政务公开办可以登记督查、约谈和培训。")


def _required(value: str, field: str, label: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"请填写{label}。", code="required", fields={field: ["必填。"]})
    return text[:limit]


def _within(org: Organization, units: list[Organization], field: str) -> None:
    if len(units) > MAX_UNITS:
        raise ValidationFailed("单位过多。", code="too_many", fields={field: ["过多。"]})
    if any(not u.path.startswith(org.path) or u.pk == org.pk for u in units):
        raise ValidationFailed("只能选择本级的下级单位。", code="org_outside", fields={field: ["不在本级机构树内。"]})


def special_check_record(
    *,
    actor: Actor,
    org: Organization,
    title: str,
    held_on: datetime.date,
    units: list[Organization],
    findings: str,
    requirements: str = "",
) -> SpecialCheck:
    """专项督查 (seed 004（二十一）: 每年至少开展两次专项督查)."""
    _office(actor, org)
    _within(org, units, "units")
    if not units:
        raise ValidationFailed("请选择被督查单位。", code="required", fields={"units": ["必填。"]})
    with transaction.atomic():
        check = SpecialCheck.objects.create(
            org=org,
            title=_required(title, "title", "督查事项", 200),
            held_on=held_on,
            findings=_required(findings, "findings", "发现的问题", 10000),
            requirements=(requirements or "").strip()[:10000],
        )
        check.units.set(units)
        audit_record(actor=actor, action="supervision.special_check", obj=check, after={"units": [u.pk for u in units]})
    return check


def interview_record(
    *,
    actor: Actor,
    org: Organization,
    unit: Organization,
    held_on: datetime.date,
    reason: str,
    attendees: str,
    outcome: str = "",
) -> Interview:
    """约谈 (seed 002 十一: 对工作落实不到位、问题突出、造成不良影响的…进行通报和约谈)."""
    _office(actor, org)
    _within(org, [unit], "unit")
    interview = Interview.objects.create(
        org=org,
        unit=unit,
        held_on=held_on,
        reason=_required(reason, "reason", "约谈事由", 5000),
        attendees=_required(attendees, "attendees", "参加人员", 300),
        outcome=(outcome or "").strip()[:5000],
    )
    audit_record(actor=actor, action="supervision.interview", obj=interview, after={"unit": unit.pk})
    return interview


def training_record(
    *,
    actor: Actor,
    org: Organization,
    title: str,
    held_on: datetime.date,
    hours: Any,
    place: str = "",
    attendees: list[tuple[Organization, str, str]] | None = None,
) -> TrainingSession:
    """A training session with who attended from which unit (seed 002 十: 各单位政务公开分管领导和
    工作人员年内至少参加一次县级业务培训)."""
    _office(actor, org)
    try:
        value = Decimal(str(hours))
    except ArithmeticError:
        value = Decimal(-1)
    if not value.is_finite() or not Decimal("0.5") <= value <= Decimal(80):
        raise ValidationFailed("学时应在0.5至80之间。", code="out_of_range", fields={"hours": ["超出范围。"]})
    people = attendees or []
    if len(people) > MAX_ATTENDEES:
        raise ValidationFailed("参训人员过多。", code="too_many", fields={"attendees": ["过多。"]})
    _within(org, [u for u, _, _ in people], "attendees")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            org=org, title=_required(title, "title", "培训主题", 200), held_on=held_on, hours=value, place=place[:200]
        )
        Attendance.objects.bulk_create(
            Attendance(session=session, org=u, name=_required(name, "attendees", "姓名", 50), position=pos[:50])
            for u, name, pos in people
        )
        audit_record(actor=actor, action="supervision.training", obj=session, after={"attendees": len(people)})
    return session
