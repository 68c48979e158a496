"""Sign-in steps around the password: the TOTP code step, enrolment in two-factor sign-in, and
setting a password through a one-time link."""

import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs import services, twofactor
from gongkai.portal._shared import apply_errors, error_text
from gongkai.portal.people.forms import SetPasswordForm, TokenForm

PENDING_KEY = "gongkai_otp_pending"
PENDING_SECONDS = 300  # the code must follow the password within five minutes
MAX_CODE_TRIES = 5  # then the password is asked again (django-otp also slows each device)


def begin_code_step(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    """Called by the login view after a correct password for an enrolled account: nothing is
    signed in yet; the session remembers who passed the password step, for five minutes."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "at": time.time(),
        "next": next_url,
        "tries": 0,
    }
    return redirect("portal:login_code")


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    return data


def login_code(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        messages.error(request, "登录已超时，请重新输入用户名和密码。")
        return redirect("portal:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("portal:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_sign_in(user, form.cleaned_data["token"])
        if device is not None:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            nxt = pending.get("next") or ""
            safe = url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()})
            return redirect(nxt if nxt and safe else settings.LOGIN_REDIRECT_URL)
        pending["tries"] = int(pending.get("tries", 0)) + 1
        audit_record(actor=None, action="auth.two_factor_failed", obj=user, after={"username": user.get_username()})
        if pending["tries"] >= MAX_CODE_TRIES:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, "验证码错误次数过多，请重新登录。")
            return redirect("portal:login")
        request.session[PENDING_KEY] = pending
        form.add_error("token", "验证码不正确或已过期，请输入验证器上的当前6位数字。")
    status = 422 if form.errors else 200
    return render(request, "portal/people/login_code.html", {"form": form}, status=status)


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Enrol in two-factor sign-in: a secret as QR code and text, confirmed with a first code."""
    actor = request.user
    if twofactor.is_enrolled(actor):
        enrolled: dict[str, Any] = {"enrolled": True, "required": twofactor.two_factor_required(actor)}
        return render(request, "portal/people/enrol.html", enrolled)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.totp_enrol_confirm(actor=actor, token=form.cleaned_data["token"])
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            messages.error(request, error_text(exc))
            return redirect("portal:people_enrol")
        else:
            otp_login(request, device)
            messages.success(request, "已启用两步验证。以后登录时，输入密码后还需输入验证码。")
            return redirect(settings.LOGIN_REDIRECT_URL)
    device = twofactor.pending_device(actor) if request.method == "POST" else None
    device = device or twofactor.totp_enrol_start(actor=actor)
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title="用身份验证器扫描此二维码")
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    context = {
        "form": form,
        "qr": qr,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": twofactor.two_factor_required(actor),
    }
    return render(request, "portal/people/enrol.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def enrol_disable(request: HttpRequest) -> HttpResponse:
    try:
        twofactor.totp_disable(actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已停用两步验证。")
    return redirect("portal:people_enrol")


def password_set(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Set a password through the one-time link an admin handed over."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64[:40])))
    except (TypeError, ValueError, OverflowError):
        raise NotFound("该链接无效。") from None
    user = get_user_model().objects.filter(pk=pk).first() if 0 < pk < 2**63 else None
    if user is None:
        raise NotFound("该链接无效。")
    token = token[:100]
    if not user.is_active or not default_token_generator.check_token(user, token):
        return render(request, "portal/people/password_set.html", {"expired": True}, status=410)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_password_set(user=user, token=token, password=form.cleaned_data["password"])
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "密码已设置，请用新密码登录。")
            return redirect("portal:login")
    context = {"form": form, "person": user}
    return render(request, "portal/people/password_set.html", context, status=422 if form.errors else 200)
