"""The two-factor gate for staff pages.

A signed-in account that has enrolled a TOTP device must have passed the code step in this
session; one that must use two-factor (orgs.twofactor.two_factor_required) and has not yet
enrolled is sent to enrolment. Until then no staff page opens. Sign-in, sign-out, enrolment
and the one-time password link stay reachable.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gongkai.orgs import twofactor

_OPEN = ("/staff/login/", "/staff/logout/", "/staff/people/2fa/", "/staff/people/reset/")


def two_factor_gate(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        path = request.path
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and path.startswith("/staff/")
            and not path.startswith(_OPEN)
            and not user.is_verified()
        ):
            if twofactor.is_enrolled(user):
                # Enrolled since this session began (or elsewhere): sign in again with a code.
                logout(request)
                return redirect("/staff/login/?" + urlencode({"next": path}))
            if twofactor.two_factor_required(user):
                return redirect("/staff/people/2fa/")
        return get_response(request)

    return middleware
