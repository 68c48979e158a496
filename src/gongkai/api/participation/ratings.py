"""好差评 through the API: the public rating form and statistics; the staff rectifications."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from gongkai.api.participation._common import limit, period, staff
from gongkai.api.participation.schemas import (
    CloseIn,
    NoteIn,
    RatingIn,
    RatingReceipt,
    RatingStatsOut,
    RectificationOut,
)
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.services import organization_get
from gongkai.participation import selectors, services
from gongkai.participation.models import Rectification

router = Router(tags=["participation"])


@router.post(
    "/orgs/{org_id}/ratings",
    response={200: RatingReceipt, 201: RatingReceipt},
    summary="好差评（差评自动生成整改任务）",
)
def rating_submit(request: HttpRequest, org_id: int, payload: RatingIn) -> Status[dict[str, Any]]:
    limit(request)
    rating, created = services.rating_submit(org=organization_get(pk=org_id), **payload.dict())
    task = Rectification.objects.filter(rating=rating).first()
    return Status(
        201 if created else 200,
        {
            "id": rating.pk,
            "level_label": rating.get_level_display(),
            "rectification_due_on": task.due_on if task else None,
        },
    )


@router.get("/ratings/statistics", response=RatingStatsOut, summary="好差评统计与差评整改率")
def rating_statistics(
    request: HttpRequest, org: str, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, Any]:
    start, end = period(start, end)
    s = selectors.rating_statistics(org_selectors.organization_by_slug(org), start=start, end=end)
    return {**{k: v for k, v in vars(s).items() if k != "org"}, "org_name": s.org.name}


def _rectification(t: Rectification) -> dict[str, Any]:
    t.refresh_from_db()
    r = t.rating
    return {
        "id": t.pk,
        "org_name": r.org.name,
        "level_label": r.get_level_display(),
        "service_name": r.service_name,
        "comment": r.comment,
        "rater_name": r.rater_name,
        "rater_phone": r.rater_phone,
        "due_on": t.due_on,
        "followup_note": t.followup_note,
        "followed_up_on": t.followed_up_on,
        "result": t.result,
        "result_note": t.result_note,
        "closed_on": t.closed_on,
    }


@router.get("/staff/rectifications", response=list[RectificationOut], auth=staff, summary="待办的差评整改")
def staff_rectifications(request: HttpRequest) -> list[dict[str, Any]]:
    return [_rectification(t) for t in selectors.rectifications_for_staff(request.user)[:500]]


@router.post("/staff/rectifications/{pk}/follow-up", response=RectificationOut, auth=staff, summary="差评回访")
def staff_rectification_follow_up(request: HttpRequest, pk: int, payload: NoteIn) -> dict[str, Any]:
    task = selectors.rectification_get_for_staff(actor=request.user, pk=pk)
    return _rectification(services.rectification_follow_up(actor=request.user, rectification=task, note=payload.note))


@router.post("/staff/rectifications/{pk}/close", response=RectificationOut, auth=staff, summary="整改办结")
def staff_rectification_close(request: HttpRequest, pk: int, payload: CloseIn) -> dict[str, Any]:
    task = selectors.rectification_get_for_staff(actor=request.user, pk=pk)
    return _rectification(
        services.rectification_close(actor=request.user, rectification=task, result=payload.result, note=payload.note)
    )
