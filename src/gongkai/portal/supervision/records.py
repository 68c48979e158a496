"""专项督查, 约谈 and training records of an office: lists and the three entry forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.errors import ValidationFailed
from gongkai.orgs.models import Organization
from gongkai.portal._shared import apply_errors, require_staff
from gongkai.portal.supervision import forms
from gongkai.portal.supervision.staff import _year
from gongkai.supervision import selectors, services

MAX_LINES = 2000


def _orgs_by_slug(slugs: list[str]) -> list[Organization]:
    found = {o.slug: o for o in Organization.objects.filter(slug__in=slugs[:MAX_LINES])}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise ValidationFailed("未找到单位：" + "、".join(missing[:10]), code="unknown_org")
    return [found[s] for s in slugs]


def _save(actor: Any, org: Organization, which: str, data: dict[str, Any]) -> None:
    if which == "training":
        lines = [line.split() for line in data.pop("attendees").splitlines() if line.strip()][:MAX_LINES]
        if any(len(parts) < 2 for parts in lines):
            raise ValidationFailed(
                "每行应为：单位标识 姓名 职务。", code="bad_line", fields={"attendees": ["格式有误。"]}
            )
        units = _orgs_by_slug([parts[0] for parts in lines])
        people = [(u, parts[1], " ".join(parts[2:])) for u, parts in zip(units, lines, strict=True)]
        services.training_record(actor=actor, org=org, attendees=people, **data)
    elif which == "interview":
        unit = Organization.objects.filter(pk=data.pop("unit")).first()
        if unit is None:
            raise ValidationFailed("未找到该单位。", code="unknown_org", fields={"unit": ["未找到。"]})
        services.interview_record(actor=actor, org=org, unit=unit, **data)
    else:
        slugs = [s for s in data.pop("units").replace("，", ",").split(",") if s.strip()]
        services.special_check_record(actor=actor, org=org, units=_orgs_by_slug([s.strip() for s in slugs]), **data)


def records(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = selectors.office_org(actor=actor, org_id=org_id)
    year = _year(request)
    bound: dict[str, Any] = {
        "training": forms.TrainingForm(),
        "interview": forms.InterviewForm(),
        "check": forms.SpecialCheckForm(),
    }
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        classes = {"training": forms.TrainingForm, "interview": forms.InterviewForm, "check": forms.SpecialCheckForm}
        if which in classes:
            form = classes[which](request.POST)
            bound[which] = form
            if form.is_valid():
                try:
                    _save(actor, org, which, dict(form.cleaned_data))
                except ValidationFailed as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, "已登记。")
                    return redirect("portal:supervision_records", org.pk)
            status = 422
    trained, untrained = selectors.training_by_unit(org, year=year)
    context = {
        "org": org,
        "year": year,
        "forms": bound,
        "sessions": selectors.training_sessions(org, year=year),
        "trained": trained,
        "untrained": untrained,
        "checks": selectors.special_checks(org, year=year),
        "interviews": selectors.interviews(org, year=year),
        "units": Organization.objects.filter(parent=org).order_by("sort_order", "path"),
    }
    return render(request, "portal/supervision/records.html", context, status=status)
