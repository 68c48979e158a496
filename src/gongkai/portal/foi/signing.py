"""签发答复: the letter is previewed, then signed only with the officer's explicit confirmation.

The preview renders the draft reply through ``foi/letter.html``, the template the PDF is made
from, so what the officer reads is what the applicant receives. The 签发 form carries a
required checkbox “我已核对答复书内容”: a POST without it is refused (a Chinese message, nothing
signed) before the service is called. 指定经办人 offers the organisation's FOI officers by name.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin

from gongkai.core.audit import display_name
from gongkai.core.errors import Conflict
from gongkai.foi import casefile, selectors
from gongkai.foi.letters import render_html
from gongkai.foi.models import Application, Letter, LetterKind
from gongkai.foi.services.letters import letter_content
from gongkai.foi.transitions import APPLICATION, Action
from gongkai.portal._shared import PageAction, require_staff
from gongkai.portal.foi.forms import ReplyForm

CONFIRM_REQUIRED = "请先预览答复书并勾选“我已核对答复书内容”，再签发。"


class ReplyConfirmForm(ReplyForm):
    confirmed = forms.BooleanField(
        label="我已核对答复书内容", required=True, error_messages={"required": CONFIRM_REQUIRED}
    )


class AssignChoiceForm(forms.Form):
    """The account name of the officer; the page lists the eligible ones, the service decides."""

    officer = forms.CharField(label="经办人", max_length=150, widget=forms.Select)


def assign_row(row: PageAction, app: Application) -> PageAction:
    """The 指定经办人 form with the organisation's FOI officers as its choices."""
    current = app.assigned_to.get_username() if app.assigned_to is not None else ""
    form = AssignChoiceForm(auto_id=f"id_{row.action}_%s", initial={"officer": current})
    choices = [("", "请选择")] + [(u.get_username(), display_name(u)) for u in casefile.handling_officers(app)]
    form.fields["officer"].widget.choices = choices
    return PageAction(row.transition, form)


def draft_reply_of(app: Application) -> Letter | None:
    return app.letters.filter(kind=LetterKind.REPLY, status=Letter.Status.DRAFT).order_by("-id").first()


def _preview_html(request: HttpRequest, pk: int) -> tuple[Application, Letter | None, str]:
    require_staff(request)
    app = selectors.application_get_for_staff(actor=request.user, pk=pk)
    if Action.REPLY not in {t.action for t in APPLICATION.available_actions(request.user, app)}:
        raise Conflict("该申请当前不能签发答复书，或您没有签发权限。", code="illegal_transition")
    letter = draft_reply_of(app)
    if letter is None:
        return app, None, ""
    return app, letter, render_html(dataclasses.replace(letter_content(letter), date=timezone.localdate()))


# The letter keeps its own inline styles (as the PDF renderer reads them) and may be framed by
# our preview page only; nothing else is allowed to load in it.
LETTER_CSP = {"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "frame-ancestors": ["'self'"]}


@login_required
@xframe_options_sameorigin
def staff_sign_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft reply as the PDF renderer sees it, framed by the preview page."""
    _, _, html = _preview_html(request, pk)
    response = HttpResponse(html or '<!doctype html><html lang="zh-CN"><title>答复书</title><p>尚未起草答复书。</p>')
    response._csp_replace = LETTER_CSP  # type: ignore[attr-defined]  # what django-csp's csp_replace sets
    return response


@login_required
def staff_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview of the reply letter and the confirmed 签发 form (posts to the case's action)."""
    app, letter, _ = _preview_html(request, pk)
    form: Any = ReplyConfirmForm(auto_id="id_reply_%s")
    return render(request, "portal/foi/staff_sign.html", {"app": app, "letter": letter, "form": form})
