"""专项督查, 约谈 and training through the API: an office's records of a year and the three
entry operations (the services check that every unit named is beneath the office)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from gongkai.api import params
from gongkai.api.auth import StaffToken
from gongkai.api.supervision.plans import org_ref
from gongkai.api.supervision.schemas import (
    InterviewIn,
    InterviewOut,
    RecordsOut,
    SpecialCheckIn,
    SpecialCheckOut,
    TrainingIn,
    TrainingOut,
    TrainingSessionOut,
)
from gongkai.core.errors import ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.supervision import selectors, services
from gongkai.supervision.models import Interview, SpecialCheck, TrainingSession

router = Router(tags=["supervision"])
staff = StaffToken()

# 国办发〔2016〕8号 实施细则 and seed 004（二十一）: 每年至少开展两次专项督查.
REQUIRED_CHECKS = 2


def _orgs(ids: list[int], field: str) -> list[Organization]:
    wanted = list(dict.fromkeys(ids))
    found = Organization.objects.in_bulk(wanted)
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationFailed(
            "未找到单位：" + "、".join(str(i) for i in missing[:10]), code="unknown_org", fields={field: ["未找到。"]}
        )
    return [found[i] for i in ids]


def _check(c: SpecialCheck) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "held_on": c.held_on,
        "units": [org_ref(u) for u in c.units.all().order_by("sort_order", "path")],
        "findings": c.findings,
        "requirements": c.requirements,
    }


def _interview(i: Interview) -> dict[str, Any]:
    return {
        "id": i.pk,
        "unit": org_ref(i.unit),
        "held_on": i.held_on,
        "reason": i.reason,
        "attendees": i.attendees,
        "outcome": i.outcome,
    }


def _session(s: TrainingSession) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "held_on": s.held_on,
        "hours": str(s.hours),
        "place": s.place,
        "attendees": [{"org": org_ref(a.org), "name": a.name, "position": a.position} for a in s.attendance.all()],
    }


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


@router.get(
    "/staff/supervision/orgs/{org_id}/records",
    response=RecordsOut,
    auth=staff,
    summary="专项督查和约谈记录（按年度）",
)
def records(request: HttpRequest, org_id: int, year: int | None = params.year()) -> dict[str, Any]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    y = _year(year)
    return {
        "year": y,
        "special_checks": [_check(c) for c in selectors.special_checks(org, year=y)[:500]],
        "required_checks": REQUIRED_CHECKS,
        "interviews": [_interview(i) for i in selectors.interviews(org, year=y)[:500]],
    }


@router.post(
    "/staff/supervision/orgs/{org_id}/special-checks",
    response={201: SpecialCheckOut},
    auth=staff,
    summary="登记专项督查",
)
def special_check_add(request: HttpRequest, org_id: int, payload: SpecialCheckIn) -> Status[dict[str, Any]]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    check = services.special_check_record(
        actor=request.user,
        org=org,
        title=payload.title,
        held_on=payload.held_on,
        units=_orgs(payload.unit_ids, "unit_ids"),
        findings=payload.findings,
        requirements=payload.requirements,
    )
    return Status(201, _check(check))


@router.post(
    "/staff/supervision/orgs/{org_id}/interviews", response={201: InterviewOut}, auth=staff, summary="登记约谈"
)
def interview_add(request: HttpRequest, org_id: int, payload: InterviewIn) -> Status[dict[str, Any]]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    interview = services.interview_record(
        actor=request.user,
        org=org,
        unit=_orgs([payload.unit_id], "unit_id")[0],
        held_on=payload.held_on,
        reason=payload.reason,
        attendees=payload.attendees,
        outcome=payload.outcome,
    )
    return Status(201, _interview(interview))


@router.get(
    "/staff/supervision/orgs/{org_id}/training",
    response=TrainingOut,
    auth=staff,
    summary="培训：场次、各单位参训人数和学时、本年无人参训的单位",
)
def training(request: HttpRequest, org_id: int, year: int | None = params.year()) -> dict[str, Any]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    y = _year(year)
    trained, untrained = selectors.training_by_unit(org, year=y)
    return {
        "year": y,
        "sessions": [_session(s) for s in selectors.training_sessions(org, year=y)[:500]],
        "trained": [{"org": org_ref(r.org), "people": r.people, "hours": str(r.hours)} for r in trained],
        "untrained": [org_ref(u) for u in untrained],
    }


@router.post(
    "/staff/supervision/orgs/{org_id}/training",
    response={201: TrainingSessionOut},
    auth=staff,
    summary="登记培训及参训人员",
)
def training_add(request: HttpRequest, org_id: int, payload: TrainingIn) -> Status[dict[str, Any]]:
    org = selectors.office_org(actor=request.user, org_id=org_id)
    units = _orgs([a.org_id for a in payload.attendees], "attendees")
    session = services.training_record(
        actor=request.user,
        org=org,
        title=payload.title,
        held_on=payload.held_on,
        hours=payload.hours,
        place=payload.place,
        attendees=[(u, a.name, a.position) for u, a in zip(units, payload.attendees, strict=True)],
    )
    return Status(201, _session(session))
