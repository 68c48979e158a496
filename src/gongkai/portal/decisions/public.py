"""Public pages: the 重大行政决策事项目录, each decision with its steps, the 重大决策预公开 column, open
meetings with their registration form, and the published 建议提案 replies.

The registration form: CSRF; a server-issued token made on GET so a double submit is one
registration; a per-address rate limit answered 429 in Chinese; errors beside the fields with what
was typed kept. Registrants' names and phones are never shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from gongkai.core.errors import Conflict, NotFound, ValidationFailed
from gongkai.core.form_tokens import issue_form_token
from gongkai.decisions import selectors, services
from gongkai.decisions.models import Meeting, MeetingState
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.portal._shared import apply_errors, error_text
from gongkai.portal.decisions.forms import MeetingRegistrationForm
from gongkai.portal.views import rate_limited

_limit = ratelimit(group="decisions.public_form", key="ip", rate="5/m", method="POST", block=False)


def _org_param(request: HttpRequest) -> Organization | None:
    slug = request.GET.get("org", "").strip()[:100]
    if not slug:
        return None
    try:
        return orgs.organization_by_slug(slug)
    except NotFound:
        return None


def home(request: HttpRequest) -> HttpResponse:
    org = _org_param(request)
    context = {
        "org": org,
        "catalogs": selectors.catalogs_public(org=org).order_by("-year", "org__path")[:100],
        "preannouncements": selectors.preannouncements_open(org=org)[:20],
        "meetings": selectors.meetings_public(org=org)[:20],
        "replies": selectors.replies_public(org=org, limit=20),
    }
    return render(request, "portal/decisions/home.html", context)


def catalog(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.catalog_get_public(pk=pk)
    return render(
        request,
        "portal/decisions/catalog.html",
        {"catalog": item, "items": selectors.catalog_items(item), "site_name": item.org.name},
    )


def decision(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.decision_get_public(pk=pk)
    return render(
        request,
        "portal/decisions/decision.html",
        {"d": item, "steps": selectors.decision_steps(item), "site_name": item.catalog.org.name},
    )


def preannouncements(request: HttpRequest) -> HttpResponse:
    org = _org_param(request)
    return render(
        request,
        "portal/decisions/preannouncements.html",
        {"org": org, "items": selectors.preannouncements_open(org=org)},
    )


def _meeting_page(
    request: HttpRequest, meeting: Meeting, form: MeetingRegistrationForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "portal/decisions/meeting.html",
        {"m": meeting, "form": form, "figures": selectors.meeting_figures(meeting), "site_name": meeting.org.name},
        status=status,
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.meeting_get_public(pk=pk)
    form = (
        MeetingRegistrationForm(initial={"token": issue_form_token()}) if item.state == MeetingState.ANNOUNCED else None
    )
    return _meeting_page(request, item, form)


@require_POST
@_limit
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request)
    item = selectors.meeting_get_public(pk=pk)
    form = MeetingRegistrationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_register(
                meeting=item,
                kind=data["kind"],
                name=data["name"],
                phone=data["phone"],
                unit=data["unit"],
                token=data["token"],
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "报名已提交。是否入选将在报名截止后确定，主办单位将电话通知。")
            return redirect(reverse("portal:decisions_meeting", args=[item.pk]))
    return _meeting_page(request, item, form, status=422)


def replies(request: HttpRequest) -> HttpResponse:
    org = _org_param(request)
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() and 1949 <= int(year_raw) <= 2100 else None
    return render(
        request,
        "portal/decisions/replies.html",
        {"org": org, "year": year, "items": selectors.replies_public(org=org, year=year)},
    )


def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "portal/decisions/reply.html", {"r": selectors.reply_get_public(pk=pk)})
