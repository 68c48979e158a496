"""依申请公开 public pages: the application form, the page after submitting, tracking."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_ratelimit.core import is_ratelimited

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.form_tokens import issue_form_token
from gongkai.foi import selectors, services
from gongkai.orgs import selectors as orgs
from gongkai.portal._shared import apply_errors
from gongkai.portal.foi.forms import ApplyForm, TrackForm
from gongkai.portal.views import rate_limited

APPLY_RATE = "5/h"  # per IP, shared with the API (group "foi-apply")


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    if request.method == "POST":
        form = ApplyForm(request.POST)
        if is_ratelimited(request, group="foi-apply", key="ip", rate=APPLY_RATE, method="POST", increment=True):
            return rate_limited(request)
        if form.is_valid():
            try:
                app, code, _ = services.application_submit(
                    org=org,
                    applicant=form.applicant(),
                    request=form.request(),
                    submission_token=form.cleaned_data["submission_token"],
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                token = app.submission_token or ""
                if code is not None:
                    request.session[f"foi_code_{token}"] = code
                return redirect("portal:foi_submitted", slug=org.slug, token=token)
    else:
        form = ApplyForm(initial={"submission_token": issue_form_token()})
    return render(request, "portal/foi/apply.html", {"org": org, "form": form})


def submitted(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    code = request.session.get(f"foi_code_{token}")
    if code is None:  # the code is shown only to the browser that submitted
        raise NotFound("未找到该申请。")
    status = selectors.track(org=org, code=code)
    return render(request, "portal/foi/submitted.html", {"org": org, "status": status, "code": code})


def track(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    form = TrackForm(request.POST or None)
    status = None
    code = 200
    if request.method == "POST" and form.is_valid():
        try:
            status = selectors.track(org=org, code=form.cleaned_data["code"])
        except NotFound as exc:
            form.add_error("code", exc.message)
            code = 404
    return render(request, "portal/foi/track.html", {"org": org, "form": form, "status": status}, status=code)
