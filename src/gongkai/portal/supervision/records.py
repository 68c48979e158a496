"""专项督查, 约谈 and training records of an office: lists and the three entry forms. Units are
chosen from the office's own tree (choice fields), never typed in."""

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

PREFIX = "att"


def _rows(request: HttpRequest) -> int:
    """How many attendee rows the page shows (?rows=, 1 to forms.MAX_ATTENDEE_ROWS)."""
    try:
        return max(1, min(int(request.GET.get("rows", "6")), forms.MAX_ATTENDEE_ROWS))
    except ValueError:
        return 6


def _bound(org: Organization, rows: int, data: Any = None) -> dict[str, Any]:
    return {
        "training": forms.TrainingForm(data),
        "attendees": forms.attendee_formset(rows)(data, office=org, prefix=PREFIX),
        "interview": forms.InterviewForm(data, office=org),
        "check": forms.SpecialCheckForm(data, office=org),
    }


def _save_training(actor: Any, org: Organization, form: Any, rows: Any) -> bool:
    attendees = rows.attendees()
    if not attendees:
        form.add_error(None, "请至少填写一个单位的参训人员。")
        return False
    try:
        services.training_record(actor=actor, org=org, attendees=attendees, **form.cleaned_data)
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return False
    return True


def _save(actor: Any, org: Organization, which: str, form: Any) -> bool:
    data = dict(form.cleaned_data)
    try:
        if which == "interview":
            services.interview_record(actor=actor, org=org, **data)
        else:
            services.special_check_record(actor=actor, org=org, units=list(data.pop("units")), **data)
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return False
    return True


def records(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = require_staff(request)
    org = selectors.office_org(actor=actor, org_id=org_id)
    year = _year(request)
    rows = _rows(request)
    bound = _bound(org, rows)
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        posted = _bound(org, rows, request.POST)
        if which in ("training", "interview", "check"):
            form = posted[which]
            bound[which] = form
            if which == "training":
                bound["attendees"] = posted["attendees"]
                valid = [form.is_valid(), posted["attendees"].is_valid()]  # both, for every error at once
                saved = all(valid) and _save_training(actor, org, form, posted["attendees"])
            else:
                saved = form.is_valid() and _save(actor, org, which, form)
            if saved:
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
        "more_rows": min(rows + 10, forms.MAX_ATTENDEE_ROWS),
    }
    return render(request, "portal/supervision/records.html", context, status=status)
