"""依申请公开 public pages: the application form, its receipt, tracking with the letters to
download, and withdrawal online.

The receipt lives at a signed address (``django.core.signing``) that names only the application:
it survives a refresh and expires after ``FOI_RECEIPT_MAX_AGE``. The tracking code it shows is
derived again from the application's form token (only the code's hash is stored). Letters are
downloaded through short-lived signed links handed out only on the page that checked the code.
"""

import datetime
from typing import TypeVar

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from gongkai.core.errors import ApplicationError, NotFound, ValidationFailed
from gongkai.core.form_tokens import issue_form_token
from gongkai.foi import selectors, services
from gongkai.foi.limits import APPLY_RATE, TRACK_RATE
from gongkai.foi.models import Application, Letter, ReplyAttachment
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.portal._shared import apply_errors
from gongkai.portal.downloads import send_upload
from gongkai.portal.foi.forms import ApplyForm, TrackForm, WithdrawForm, describe_errors
from gongkai.portal.views import rate_limited

LETTER_LINK_MAX_AGE = 3600  # seconds a download link from the tracking page stays valid
_RECEIPT_SALT = "gongkai.foi.receipt"
_LETTER_SALT = "gongkai.foi.letter"
_FILE_SALT = "gongkai.foi.reply-file"
_Response = TypeVar("_Response", bound=HttpResponseBase)


def _private(response: _Response) -> _Response:
    """Pages with a tracking code or a letter: never cached, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    if request.method == "POST":
        form = ApplyForm(request.POST)
        if is_ratelimited(request, group="foi-apply", key="ip", rate=APPLY_RATE, method="POST", increment=True):
            return rate_limited(request)
        if form.is_valid():
            try:
                app, _, _ = services.application_submit(
                    org=org,
                    applicant=form.applicant(),
                    request=form.request(),
                    submission_token=form.cleaned_data["submission_token"],
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                # Without the code in the address: the receipt derives it from the form token.
                receipt = signing.Signer(salt=_RECEIPT_SALT).sign_object({"a": app.pk})
                return redirect("portal:foi_receipt", slug=org.slug, receipt=receipt)
        describe_errors(form)
    else:
        form = ApplyForm(initial={"submission_token": issue_form_token()})
    return _private(render(request, "portal/foi/apply.html", {"org": org, "form": form}))


def _receipt_application(org: Organization, receipt: str) -> tuple[Application, str]:
    try:
        data = signing.Signer(salt=_RECEIPT_SALT).unsign_object(receipt)
        pk = int(data["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NotFound("回执地址无效。") from None
    app, code = services.receipt_of(org=org, application_id=pk)
    max_age = datetime.timedelta(seconds=int(getattr(settings, "FOI_RECEIPT_MAX_AGE", 7 * 24 * 3600)))
    if app.created_at + max_age < timezone.now():
        raise NotFound("回执页面已过期，请凭登记号和查询码查询办理进度。")
    return app, code


def receipt(request: HttpRequest, slug: str, receipt: str) -> HttpResponse:
    """The receipt after submitting: its address names the application, signed by the site, so a
    refresh (or coming back later the same week) shows it again."""
    org = orgs.organization_by_slug(slug)
    app, code = _receipt_application(org, receipt)
    status = selectors.public_status(app)
    context = {"org": org, "status": status, "code": code, "code_groups": [code[:4], code[4:]]}
    return _private(render(request, "portal/foi/submitted.html", context))


def _letter_links(org: Organization, app: Application) -> list[tuple[Letter, str]]:
    signer = signing.TimestampSigner(salt=_LETTER_SALT)
    return [(letter, signer.sign_object({"a": app.pk, "l": letter.pk})) for letter in selectors.applicant_letters(app)]


def _file_links(app: Application) -> list[tuple[ReplyAttachment, str]]:
    signer = signing.TimestampSigner(salt=_FILE_SALT)
    return [(item, signer.sign_object({"a": app.pk, "f": item.pk})) for item in selectors.applicant_reply_files(app)]


def _tracking_page(
    request: HttpRequest, org: Organization, form: TrackForm, app: Application | None, status: int = 200
) -> HttpResponse:
    context: dict[str, object] = {"org": org, "form": form}
    if app is not None:
        context.update(
            status=selectors.public_status(app),
            letters=_letter_links(org, app),
            files=_file_links(app),
            withdraw_form=WithdrawForm(initial=form.cleaned_data) if app.is_open else None,
        )
    return _private(render(request, "portal/foi/track.html", context, status=status))


def track(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    form = TrackForm(request.POST or None)
    app = None
    code = 200
    if request.method == "POST":
        if is_ratelimited(request, group="foi-track", key="ip", rate=TRACK_RATE, method="POST", increment=True):
            return rate_limited(request)
        if form.is_valid():
            try:
                app = selectors.find_tracked(
                    org=org, code=form.cleaned_data["code"], number=form.cleaned_data["number"]
                )
            except NotFound as exc:
                form.add_error("code", exc.message)
                code = 404
        describe_errors(form)
    return _tracking_page(request, org, form, app, code)


def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    """The applicant withdraws online with the 登记号 and tracking code (before the reply)."""
    org = orgs.organization_by_slug(slug)
    if request.method != "POST":
        return redirect("portal:foi_track", slug=org.slug)
    if is_ratelimited(request, group="foi-track", key="ip", rate=TRACK_RATE, method="POST", increment=True):
        return rate_limited(request)
    form = WithdrawForm(request.POST)
    track_form = TrackForm(request.POST)
    track_form.is_valid()
    if not form.is_valid():
        describe_errors(form)
        app = _found(org, track_form)
        context = {"org": org, "form": track_form, "withdraw_form": form}
        if app is not None:
            context.update(status=selectors.public_status(app), letters=_letter_links(org, app), files=_file_links(app))
        return _private(render(request, "portal/foi/track.html", context, status=422))
    try:
        app = services.application_withdraw_online(
            org=org, number=form.cleaned_data["number"], code=form.cleaned_data["code"]
        )
    except NotFound as exc:
        track_form.add_error("code", exc.message)
        return _tracking_page(request, org, track_form, None, 404)
    except ApplicationError as exc:  # already replied or withdrawn: 409 with the reason
        app = _found(org, track_form)
        context = {"org": org, "form": track_form, "refused": exc.message}
        if app is not None:
            context.update(status=selectors.public_status(app), letters=_letter_links(org, app), files=_file_links(app))
        return _private(render(request, "portal/foi/track.html", context, status=exc.http_status))
    return _tracking_page(request, org, track_form, app)


def _found(org: Organization, form: TrackForm) -> Application | None:
    data = getattr(form, "cleaned_data", {})
    try:
        return selectors.find_tracked(org=org, code=data.get("code", ""), number=data.get("number", ""))
    except NotFound:
        return None


def _download_link(link: str, salt: str, key: str) -> tuple[int, int]:
    """The application and the item a tracking page's download link names, if it is genuine and
    less than an hour old (one answer for a forged, altered or expired link)."""
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(link, max_age=LETTER_LINK_MAX_AGE)
        return int(data["a"]), int(data[key])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NotFound("下载链接无效或已过期，请重新查询。") from None


def letter_file(request: HttpRequest, slug: str, link: str) -> HttpResponse:
    """A signed letter's PDF, through a link the tracking page gave the holder of the code."""
    org = orgs.organization_by_slug(slug)
    app_id, letter_id = _download_link(link, _LETTER_SALT, "l")
    letter = services.applicant_letter_pdf(org=org, application_id=app_id, letter_id=letter_id)
    response = HttpResponse(bytes(letter.pdf or b""), content_type="application/pdf")
    filename = f"{letter.application.registration_number}-{letter.kind}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def reply_file(request: HttpRequest, slug: str, link: str) -> FileResponse:
    """A file provided with the reply, through a link the tracking page gave the holder of the code."""
    org = orgs.organization_by_slug(slug)
    app_id, file_id = _download_link(link, _FILE_SALT, "f")
    item = selectors.applicant_reply_file(org=org, application_id=app_id, pk=file_id)
    return _private(send_upload(item.file, name=item.name, media_type=item.media_type))
