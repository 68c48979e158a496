"""公众参与 public pages: consultations and comments, the mailbox and its reply wall, 好差评,
events, statistics. Thin views over selectors and services.

Public forms (comment, mailbox message, rating, event registration): CSRF; a hidden token made on
GET so that a double submit creates one record; a per-address rate limit answered 429 in Chinese
(django-ratelimit, shared with the API); on a validation error the form comes back with what was
typed. User text is always shown through autoescaping, never marked safe.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.form_tokens import issue_form_token
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.participation import domain, selectors, services
from gongkai.participation.models import ServiceChannel
from gongkai.participation.transitions import Phase
from gongkai.portal._shared import apply_errors
from gongkai.portal.downloads import send_upload
from gongkai.portal.paging import CappedPaginator, page_number
from gongkai.portal.participation.forms import (
    CommentForm,
    MessageForm,
    RateForm,
    RatingForm,
    RegistrationForm,
    TrackForm,
)
from gongkai.portal.views import rate_limited

_public_form_limit = ratelimit(
    group=domain.PUBLIC_FORM_GROUP, key="ip", rate=domain.PUBLIC_FORM_RATE, method="POST", block=False
)


def _new_token() -> str:
    return issue_form_token()


def _page(request: HttpRequest, qs: Any, size: int = 20) -> Any:
    # Counted up to a cap: a province's wall holds hundreds of thousands of letters.
    return CappedPaginator(qs, size, request=request).get_page(page_number(request))


def _org_param(request: HttpRequest) -> Organization | None:
    slug = request.GET.get("org", "").strip()
    if not slug:
        return None
    try:
        return orgs.organization_by_slug(slug)
    except NotFound:
        return None


def _date_param(request: HttpRequest, name: str, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default


# --- public: consultations ----------------------------------------------------------------------


def consultation_list(request: HttpRequest) -> HttpResponse:
    which = request.GET.get("which", "open")
    which = which if which in ("open", "closed") else "open"
    org = _org_param(request)
    context = {
        "which": which,
        "org": org,
        "page": _page(request, selectors.consultation_list_public(which=which, org=org)),
        "upcoming": selectors.consultation_list_public(which="upcoming", org=org)[:20] if which == "open" else [],
        "today": timezone.localdate(),
        "filters": {"which": which, "org": org.slug if org else ""},
    }
    return render(request, "portal/participation/consultation_list.html", context)


# Public comments shown a page at a time: a provincial draft can draw thousands.
COMMENTS_PER_PAGE = 50


def _consultation_context(request: HttpRequest, item: Any, form: CommentForm | None) -> dict[str, Any]:
    current = selectors.phase_of(item)
    # Every shown comment stays reachable (one consultation's: counted on its own index).
    comments = Paginator(selectors.comments_public(item), COMMENTS_PER_PAGE).get_page(page_number(request))
    return {
        "site_name": item.org.name,
        "site_org": item.org,
        "item": item,
        "phase": current,
        "is_open": current == Phase.OPEN,
        "minimum": domain.MINIMUM_PERIODS.get(item.draft_type),
        "paragraphs": selectors.draft_paragraphs(item),
        "comments": comments,
        "comments_url": reverse("portal:consultation_detail", args=[item.pk]),
        "feedback": item.feedback_snapshot if current == Phase.FEEDBACK_PUBLISHED else None,
        "form": form,
    }


def _comment_form(item: Any, data: Any = None) -> CommentForm:
    return CommentForm(
        data,
        paragraphs=len(selectors.draft_paragraphs(item)),
        identity_required=item.identity_required,
        initial={"token": _new_token()},
    )


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.consultation_get_public(pk=pk)
    form = _comment_form(item) if item.accepts_online else None
    return render(request, "portal/participation/consultation_detail.html", _consultation_context(request, item, form))


def consultation_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    attachment = selectors.consultation_attachment_get_public(consultation_pk=pk, pk=attachment_id)
    return send_upload(attachment.file, name=attachment.name, media_type=attachment.media_type)


@require_POST
@_public_form_limit
def consultation_comment(request: HttpRequest, pk: int) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request)
    item = selectors.consultation_get_public(pk=pk)
    form = _comment_form(item, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.comment_submit(
                consultation=item,
                body=data["body"],
                token=data["token"],
                paragraph=data["paragraph"],
                author_name=data["author_name"],
                author_contact=data["author_contact"],
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "您的意见已提交，审核后公开显示。感谢您的参与！")
            return redirect("portal:consultation_detail", pk=item.pk)
    context = _consultation_context(request, item, form)
    return render(request, "portal/participation/consultation_detail.html", context, status=422)


# --- public: mailbox -----------------------------------------------------------------------------


def mailbox_wall(request: HttpRequest) -> HttpResponse:
    org = _org_param(request)
    context = {
        "org": org,
        "page": _page(request, selectors.reply_wall(org=org)),
        "filters": {"org": org.slug if org else ""},
    }
    return render(request, "portal/participation/mailbox_wall.html", context)


def mailbox_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.wall_message_get(pk=pk)
    return render(request, "portal/participation/mailbox_item.html", {"item": item})


@_public_form_limit
def mailbox_write(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    context: dict[str, Any] = {"site_name": org.name, "site_org": org, "org": org}
    if request.method != "POST":
        context["form"] = MessageForm(initial={"token": _new_token(), "wants_public": True})
        return render(request, "portal/participation/mailbox_write.html", context)
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message, secret, _ = services.message_submit(org=org, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            # Shown on the answer to the POST itself: a reload posts the same token again and
            # gets the same message and password back, never a second message.
            context.update({"message": message, "secret": secret})
            return render(request, "portal/participation/mailbox_receipt.html", context)
    context["form"] = form
    return render(request, "portal/participation/mailbox_write.html", context, status=422)


@_public_form_limit
def mailbox_track(request: HttpRequest) -> HttpResponse:
    """来信人查询: by 留言编号 and 查询密码, sent by POST so the password stays out of URLs and logs."""
    context: dict[str, Any] = {"form": TrackForm(), "message": None}
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = TrackForm(request.POST)
        context["form"] = form
        if form.is_valid():
            try:
                message = selectors.message_for_writer(
                    code=form.cleaned_data["code"], secret=form.cleaned_data["secret"]
                )
            except NotFound as exc:
                form.add_error(None, exc.message)
            else:
                context["message"] = message
                context["can_rate"] = selectors.writer_can_rate(message)
                context["rate_form"] = RateForm(initial={**form.cleaned_data})
    return render(request, "portal/participation/mailbox_track.html", context)


@require_POST
@_public_form_limit
def mailbox_rate(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = RateForm(request.POST)
    context: dict[str, Any] = {"form": TrackForm(request.POST), "message": None, "rate_form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            message = selectors.message_for_writer(code=data["code"], secret=data["secret"])
            message = services.message_rate(message=message, secret=data["secret"], satisfaction=data["satisfaction"])
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            context["message"] = message
            context["rated"] = True
            return render(request, "portal/participation/mailbox_track.html", context)
    track = context["form"]
    if track.is_valid():
        try:
            context["message"] = selectors.message_for_writer(**track.cleaned_data)
            context["can_rate"] = selectors.writer_can_rate(context["message"])
        except NotFound:
            context["message"] = None
    return render(request, "portal/participation/mailbox_track.html", context, status=422)


def participation_statistics(request: HttpRequest) -> HttpResponse:
    """信箱与好差评统计, per org subtree and period, with bar charts (inline SVG, no script)."""
    roots = orgs.organization_roots()
    org = _org_param(request) or (roots[0] if roots else None)
    today = timezone.localdate()
    start = _date_param(request, "start", datetime.date(today.year, 1, 1))
    end = _date_param(request, "end", today)
    context: dict[str, Any] = {"org": org, "start": start, "end": end, "roots": roots}
    if org is not None:
        try:
            mailbox = selectors.mailbox_statistics(org, start=start, end=end)
            ratings = selectors.rating_statistics(org, start=start, end=end)
        except ValidationFailed as exc:  # a period the statistics refuse: said beside the field
            context["errors"] = exc.fields
            return render(request, "portal/participation/statistics.html", context, status=422)
        org_max = max([f.received for _, f in mailbox.by_org] + [1])
        rating_max = max([n for _, n in ratings.by_level] + [1])
        context.update(
            {
                "mailbox": mailbox,
                "ratings": ratings,
                # Bar geometry for the inline SVG charts (no script, no inline style: CSP).
                "org_bars": [
                    (o, f, i * 30, f.received * 400 // org_max, f.closed * 400 // org_max)
                    for i, (o, f) in enumerate(mailbox.by_org)
                ],
                "org_chart_height": 30 * len(mailbox.by_org) + 4,
                "level_bars": [
                    (label, n, i * 20, n * 440 // rating_max, i + 1) for i, (label, n) in enumerate(ratings.by_level)
                ],
            }
        )
    return render(request, "portal/participation/statistics.html", context)


# --- public: 好差评 and events ---------------------------------------------------------------------


@_public_form_limit
def rating_form(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    context: dict[str, Any] = {"site_name": org.name, "site_org": org, "org": org}
    if request.method != "POST":
        context["form"] = RatingForm(initial={"token": _new_token(), "channel": ServiceChannel.ONLINE})
        return render(request, "portal/participation/rating_form.html", context)
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            rating, _ = services.rating_submit(org=org, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            context["rating"] = rating
            return render(request, "portal/participation/rating_done.html", context)
    context["form"] = form
    return render(request, "portal/participation/rating_form.html", context, status=422)


def event_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year_value = int(year) if year.isdigit() and len(year) == 4 else today.year
    org = _org_param(request)
    context = {
        "year": year_value,
        "org": org,
        # The overdue list (举办情况 not yet published) is the departments' internal follow-up:
        # it lives on the staff events page, not before citizens.
        "events": selectors.events_public(year=year_value, org=org),
    }
    return render(request, "portal/participation/event_list.html", context)


def _event_context(event: Any, form: RegistrationForm | None) -> dict[str, Any]:
    today = timezone.localdate()
    can_register = bool(event.registration_open and event.held_on and event.held_on > today)
    return {"event": event, "form": form if can_register else None, "registered": event.registrations.count()}


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(pk=pk)
    form = RegistrationForm(initial={"token": _new_token()})
    return render(request, "portal/participation/event_detail.html", _event_context(event, form))


@require_POST
@_public_form_limit
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request)
    event = selectors.event_get(pk=pk)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.event_register(event=event, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "报名成功，工作人员将与您联系。")
            return redirect("portal:event_detail", pk=event.pk)
    return render(request, "portal/participation/event_detail.html", _event_context(event, form), status=422)
