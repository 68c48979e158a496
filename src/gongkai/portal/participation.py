"""公众参与 pages: public forms and staff back office. Thin views over services.

Public forms (comment, mailbox message, rating, event registration): CSRF; a hidden token made on
GET so that a double submit creates one record; a per-address rate limit answered 429 in Chinese
(django-ratelimit, shared with the API); on a validation error the form comes back with what was
typed. User text is always shown through autoescaping, never marked safe.
"""

import datetime
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from gongkai.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.orgs.services import organization_get
from gongkai.participation import domain, permissions, selectors, services
from gongkai.participation.models import (
    Adoption,
    Channel,
    DraftType,
    EventForm,
    MessageCategory,
    Moderation,
    RatingLevel,
    RectificationResult,
    Satisfaction,
    ServiceChannel,
)
from gongkai.participation.transitions import Phase
from gongkai.portal.views import rate_limited

_DATE = forms.DateInput(attrs={"type": "date"})
_public_form_limit = ratelimit(
    group=domain.PUBLIC_FORM_GROUP, key="ip", rate=domain.PUBLIC_FORM_RATE, method="POST", block=False
)


def _new_token() -> str:
    return secrets.token_hex(16)


def _apply_errors(form: forms.Form, error: ValidationFailed) -> None:
    """Show a service's validation errors on the form, keeping everything typed."""
    form.add_error(None, error.message)
    for name, problems in error.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


def _require_staff(request: HttpRequest) -> None:
    if not org_permissions.can_view_staff_area(request.user):
        raise PermissionDenied("您的账号尚未分配任何机构角色，请联系本单位政务公开管理员。")


def _page(request: HttpRequest, qs: Any, size: int = 20) -> Any:
    number = request.GET.get("page", "1")
    return Paginator(qs, size).get_page(int(number) if number.isdigit() and len(number) < 6 else 1)


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


# --- forms -------------------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CommentForm(TokenForm):
    paragraph = forms.TypedChoiceField(label="针对段落（可选）", required=False, coerce=int, empty_value=None)
    body = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    author_name = forms.CharField(label="姓名", required=False, max_length=100)
    author_contact = forms.CharField(
        label="联系方式", required=False, max_length=100, help_text="仅供工作人员联系，不公开"
    )

    def __init__(self, *args: Any, paragraphs: int, identity_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["paragraph"]
        field.choices = [("", "整体意见"), *[(str(n), f"第{n}段") for n in range(1, paragraphs + 1)]]  # type: ignore[attr-defined]
        for name in ("author_name", "author_contact"):
            self.fields[name].required = identity_required


class MessageForm(TokenForm):
    category = forms.ChoiceField(label="类别", choices=MessageCategory.choices)
    subject = forms.CharField(label="主题", max_length=100)
    body = forms.CharField(label="留言内容", widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    wants_public = forms.BooleanField(
        label="同意在答复公开栏公开（公开时隐去姓名和联系方式等个人信息）", required=False, initial=True
    )
    writer_name = forms.CharField(label="姓名", max_length=50)
    writer_phone = forms.CharField(label="联系电话", required=False, max_length=30)
    writer_email = forms.EmailField(label="电子邮箱", required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label="留言编号", max_length=20)
    secret = forms.CharField(label="查询密码", max_length=40, widget=forms.PasswordInput(render_value=True))


class RateForm(TrackForm):
    satisfaction = forms.ChoiceField(label="您对答复的评价", choices=Satisfaction.choices, widget=forms.RadioSelect)


class RatingForm(TokenForm):
    level = forms.TypedChoiceField(label="评价", choices=RatingLevel.choices, coerce=int, widget=forms.RadioSelect)
    service_name = forms.CharField(label="办理事项（可选）", required=False, max_length=200)
    channel = forms.ChoiceField(label="服务渠道", choices=ServiceChannel.choices)
    comment = forms.CharField(label="评价内容（可选）", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    rater_name = forms.CharField(label="姓名（可选，实名差评将回访）", required=False, max_length=50)
    rater_phone = forms.CharField(label="联系电话（可选）", required=False, max_length=30)


class RegistrationForm(TokenForm):
    participant_name = forms.CharField(label="姓名", max_length=50)
    participant_phone = forms.CharField(label="联系电话", max_length=30)
    participant_unit = forms.CharField(label="身份或单位（可选）", required=False, max_length=100)


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


def _consultation_context(item: Any, form: CommentForm | None) -> dict[str, Any]:
    current = selectors.phase_of(item)
    return {
        "site_name": item.org.name,
        "site_org": item.org,
        "item": item,
        "phase": current,
        "is_open": current == Phase.OPEN,
        "minimum": domain.MINIMUM_PERIODS.get(item.draft_type),
        "paragraphs": selectors.draft_paragraphs(item),
        "comments": selectors.comments_public(item),
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
    return render(request, "portal/participation/consultation_detail.html", _consultation_context(item, form))


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
            _apply_errors(form, exc)
        else:
            messages.success(request, "您的意见已提交，审核后公开显示。感谢您的参与！")
            return redirect("portal:consultation_detail", pk=item.pk)
    context = _consultation_context(item, form)
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
            _apply_errors(form, exc)
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
            _apply_errors(form, exc)
        else:
            context["message"] = message
            context["rated"] = True
            return render(request, "portal/participation/mailbox_track.html", context)
    try:
        context["message"] = selectors.message_for_writer(
            code=request.POST.get("code", ""), secret=request.POST.get("secret", "")
        )
    except NotFound:
        context["message"] = None
    return render(request, "portal/participation/mailbox_track.html", context, status=422)


def participation_statistics(request: HttpRequest) -> HttpResponse:
    """信箱与好差评统计, per org subtree and period, with bar charts (inline SVG, no script)."""
    roots = [node.org for node in orgs.organization_tree()]
    org = _org_param(request) or (roots[0] if roots else None)
    today = timezone.localdate()
    start = _date_param(request, "start", datetime.date(today.year, 1, 1))
    end = _date_param(request, "end", today)
    context: dict[str, Any] = {"org": org, "start": start, "end": end}
    if org is not None:
        mailbox = selectors.mailbox_statistics(org, start=start, end=end)
        ratings = selectors.rating_statistics(org, start=start, end=end)
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
    context["roots"] = roots
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
            _apply_errors(form, exc)
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
        "events": selectors.events_public(year=year_value, org=org),
        "overdue": selectors.events_overdue(org=org, today=today),
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
            _apply_errors(form, exc)
        else:
            messages.success(request, "报名成功，工作人员将与您联系。")
            return redirect("portal:event_detail", pk=event.pk)
    return render(request, "portal/participation/event_detail.html", _event_context(event, form), status=422)


# --- staff back office -------------------------------------------------------------------------


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """公众参与工作台: what waits for me, what is overdue."""
    _require_staff(request)
    user = request.user
    supervised = [m.org for m in orgs.memberships_of(user) if permissions.can_supervise(user, m.org)] or (
        [n.org for n in orgs.organization_tree()] if org_permissions.is_platform_operator(user) else []
    )
    overdue = {o.message.pk: o for org in supervised for o in selectors.messages_overdue(org)}
    context = {
        "consultations": selectors.consultations_for_staff(user)[:50],
        "awaiting_feedback": selectors.consultations_awaiting_feedback(actor=user),
        "to_route": [
            m
            for m in selectors.messages_for_staff(user, state="received")[:50]
            if permissions.can_run_mailbox(user, m.org)
        ],
        "to_reply": [
            m
            for m in selectors.messages_for_staff(user, state="")[:200]
            if m.state in ("routed", "reopened") and m.handling_org and permissions.can_reply(user, m.handling_org)
        ],
        "to_review": [
            m
            for m in selectors.messages_for_staff(user, state="replied")[:50]
            if permissions.can_review_reply(user, m.org)
        ],
        "overdue": sorted(overdue.values(), key=lambda o: o.due_on),
        "rectifications": selectors.rectifications_for_staff(user)[:50],
        "events_overdue": selectors.events_overdue(actor=user),
        "draft_orgs": {
            m.org.pk: m.org for m in orgs.memberships_of(user) if permissions.can_draft_consultation(user, m.org)
        }.values(),
        "today": timezone.localdate(),
    }
    return render(request, "portal/participation/staff_home.html", context)


class ConsultationForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    draft_type = forms.ChoiceField(label="文件类型（决定法定最短征求意见期限）", choices=DraftType.choices)
    starts_on = forms.DateField(label="开始日期", widget=_DATE)
    ends_on = forms.DateField(label="截止日期", widget=_DATE)
    ends_note = forms.CharField(label="截止时间说明（可选）", required=False, max_length=100)
    shortened_reason = forms.CharField(
        label="期限缩短的理由（少于法定最短期限时必填，向社会公开）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notice_html = forms.CharField(label="征求意见公告", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    draft_html = forms.CharField(label="征求意见稿正文", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    explanation_html = forms.CharField(label="起草说明", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    channels = forms.CharField(
        label="其他提交渠道（信函、传真、电子邮件）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accepts_online = forms.BooleanField(label="接受网上提交", required=False, initial=True)
    identity_required = forms.BooleanField(label="网上提交须填写姓名和联系方式", required=False)

    def to_input(self) -> services.ConsultationInput:
        return services.ConsultationInput(**self.cleaned_data)


@login_required
def consultation_staff_new(request: HttpRequest, org_id: int) -> HttpResponse:
    _require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_draft_consultation(request.user, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    form = ConsultationForm(request.POST or None, initial={"accepts_online": True})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.consultation_create(actor=request.user, org=org, data=form.to_input())
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "征求意见草稿已保存。")
            return redirect("portal:consultation_staff", pk=item.pk)
    return render(
        request, "portal/participation/staff_consultation_form.html", {"form": form, "org": org, "item": None}
    )


@login_required
def consultation_staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    initial = {name: getattr(item, name) for name in ConsultationForm.base_fields}
    form = ConsultationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(actor=request.user, consultation=item, data=form.to_input())
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "修改已保存。")
            return redirect("portal:consultation_staff", pk=item.pk)
    return render(
        request, "portal/participation/staff_consultation_form.html", {"form": form, "org": item.org, "item": item}
    )


class RegisterCommentForm(forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=[c for c in Channel.choices if c[0] != Channel.PORTAL])
    received_on = forms.DateField(label="收到日期", widget=_DATE)
    author_name = forms.CharField(label="来件人或单位", required=False, max_length=100)
    author_contact = forms.CharField(label="联系方式", required=False, max_length=100)
    paragraph = forms.IntegerField(label="针对段落（可选）", required=False, min_value=1)
    body = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 4}))


class ModerateForm(forms.Form):
    moderation = forms.ChoiceField(label="审核", choices=[c for c in Moderation.choices if c[0] != Moderation.PENDING])
    note = forms.CharField(label="说明", required=False, max_length=200)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="采纳情况", choices=Adoption.choices)
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeedbackForm(forms.Form):
    note = forms.CharField(label="总体说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    final_publication_id = forms.IntegerField(label="正式文件的公开信息编号（可选）", required=False, min_value=1)
    final_document_title = forms.CharField(label="正式文件名称（可选）", required=False, max_length=300)


@login_required
def consultation_staff(request: HttpRequest, pk: int, **forms_in: Any) -> HttpResponse:
    _require_staff(request)
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    from gongkai.workdays import selectors as workdays

    check = domain.check_period(item.draft_type, item.starts_on, item.ends_on, workdays.get_calendar())
    context = {
        "item": item,
        "phase": selectors.phase_of(item),
        "check": check,
        "comments": selectors.comments_for_staff(item),
        "preview": selectors.feedback_build(item),
        "register_form": forms_in.get("register_form")
        or RegisterCommentForm(initial={"received_on": timezone.localdate()}),
        "feedback_form": forms_in.get("feedback_form") or FeedbackForm(),
        "moderations": [c for c in Moderation.choices if c[0] != Moderation.PENDING],
        "decisions": Adoption.choices,
        "error": forms_in.get("error"),
    }
    return render(request, "portal/participation/staff_consultation.html", context, status=422 if forms_in else 200)


def _run(request: HttpRequest, action: Any) -> None:
    """Run one service call for a staff POST: success, or its refusal (422, 409) as a message on
    the page the user returns to; 403 and 404 stay errors."""
    _require_staff(request)
    try:
        action()
    except ValidationFailed as exc:
        messages.error(request, exc.message + " " + "；".join(p for ps in exc.fields.values() for p in ps))
    except ApplicationError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存。")


@login_required
@require_POST
def consultation_staff_open(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    _run(request, lambda: services.consultation_open(actor=request.user, consultation=item))
    return redirect("portal:consultation_staff", pk=pk)


@login_required
@require_POST
def consultation_staff_attach(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件。")
    else:
        _run(request, lambda: services.consultation_attach(actor=request.user, consultation=item, upload=upload))
    return redirect("portal:consultation_staff", pk=pk)


@login_required
@require_POST
def consultation_staff_register(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    form = RegisterCommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_register(actor=request.user, consultation=item, **form.cleaned_data)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "意见已登记。")
            return redirect("portal:consultation_staff", pk=pk)
    return consultation_staff(request, pk, register_form=form)


@login_required
@require_POST
def consultation_staff_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_staff(actor=request.user, pk=pk)
    form = ModerateForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.comment_moderate(actor=request.user, comment=comment, **form.cleaned_data),
        )
    else:
        messages.error(request, "请选择审核结论。")
    return redirect("portal:consultation_staff", pk=comment.consultation_id)


@login_required
@require_POST
def consultation_staff_decide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_staff(actor=request.user, pk=pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        _run(request, lambda: services.comment_decide(actor=request.user, comment=comment, **form.cleaned_data))
    else:
        messages.error(request, "请选择采纳情况。")
    return redirect(f"{_url('portal:consultation_staff', comment.consultation_id)}#comment-{comment.pk}")


@login_required
@require_POST
def consultation_staff_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    item = selectors.consultation_get_for_staff(actor=request.user, pk=pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_publish_feedback(actor=request.user, consultation=item, **form.cleaned_data)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "意见采纳情况已公布。")
            return redirect("portal:consultation_detail", pk=pk)
    return consultation_staff(request, pk, feedback_form=form)


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# --- staff: mailbox ----------------------------------------------------------------------------


@login_required
def mailbox_staff(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    user = request.user
    targets = (
        list(orgs.organization_subtree(message.org).order_by("path"))
        if permissions.can_run_mailbox(user, message.org)
        else []
    )
    context = {
        "message": message,
        "events": message.events.select_related("org").all(),
        "targets": targets,
        "can_route": permissions.can_run_mailbox(user, message.org),
        "can_reply": message.handling_org is not None and permissions.can_reply(user, message.handling_org),
        "can_review": permissions.can_review_reply(user, message.org),
    }
    return render(request, "portal/participation/staff_message.html", context)


@login_required
@require_POST
def mailbox_staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One POST per service: route, reply, review, follow_up, dismiss."""
    message = selectors.message_get_for_staff(actor=request.user, pk=pk)
    post, user = request.POST, request.user
    calls = {
        "route": lambda: services.message_route(
            actor=user,
            message=message,
            handling_org=organization_get(pk=int(post.get("handling_org") or 0)),
            note=post.get("note", ""),
        ),
        "reply": lambda: services.message_reply(actor=user, message=message, reply=post.get("reply", "")),
        "review": lambda: services.message_review(
            actor=user,
            message=message,
            approve=post.get("approve") == "1",
            note=post.get("note", ""),
            show_on_wall=post.get("show_on_wall") == "1",
        ),
        "follow_up": lambda: services.message_follow_up(
            actor=user, message=message, note=post.get("note", ""), reply=post.get("reply", "")
        ),
        "dismiss": lambda: services.message_dismiss(actor=user, message=message, reason=post.get("reason", "")),
    }
    if action not in calls:
        raise NotFound()
    _run(request, calls[action])
    return redirect("portal:mailbox_staff", pk=pk)


# --- staff: 好差评 and events ----------------------------------------------------------------------


@login_required
def rating_staff(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    task = services.rectification_get(actor=request.user, pk=pk)
    return render(
        request, "portal/participation/staff_rectification.html", {"task": task, "results": RectificationResult.choices}
    )


@login_required
@require_POST
def rating_staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = services.rectification_get(actor=request.user, pk=pk)
    post, user = request.POST, request.user
    calls = {
        "follow_up": lambda: services.rectification_follow_up(
            actor=user, rectification=task, note=post.get("note", "")
        ),
        "close": lambda: services.rectification_close(
            actor=user, rectification=task, result=post.get("result", ""), note=post.get("note", "")
        ),
    }
    if action not in calls:
        raise NotFound()
    _run(request, calls[action])
    return redirect("portal:rating_staff", pk=pk)


class EventImportForm(forms.Form):
    org = forms.ModelChoiceField(label="机构（主办单位须为其本身或下属机构）", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    file = forms.FileField(label="活动安排表（.xlsx 或 .csv，列：月份、活动主题、主办单位、活动形式）")


class EventEditForm(forms.Form):
    held_on = forms.DateField(label="举办日期", required=False, widget=_DATE)
    location = forms.CharField(label="地点", required=False, max_length=200)
    capacity = forms.IntegerField(label="名额", required=False, min_value=1)
    form = forms.ChoiceField(label="活动形式", choices=EventForm.choices)
    registration_open = forms.BooleanField(label="开放报名", required=False)


class EventReportForm(forms.Form):
    report_html = forms.CharField(label="举办情况", widget=forms.Textarea(attrs={"rows": 8}))
    participant_count = forms.IntegerField(label="参加人数", required=False, min_value=0)


@login_required
def event_staff_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    user = request.user
    allowed = [m.org.pk for m in orgs.memberships_of(user) if permissions.can_manage_events(user, m.org)]
    form = EventImportForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    queryset = (
        Organization.objects.all()
        if org_permissions.is_platform_operator(user)
        else Organization.objects.filter(pk__in=allowed)
    )
    form.fields["org"].queryset = queryset  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.event_import(
                actor=user,
                root=form.cleaned_data["org"],
                year=form.cleaned_data["year"],
                data=upload.read(),
                filename=upload.name,
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已导入：新增{len(result.created)}项，已存在{len(result.existing)}项。")
            return redirect("portal:event_staff_list")
    context = {
        "form": form,
        "events": selectors.events_for_staff(user),
        "overdue": selectors.events_overdue(actor=user),
    }
    return render(request, "portal/participation/staff_events.html", context, status=422 if form.errors else 200)


@login_required
def event_staff(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    event = selectors.event_get_for_staff(actor=request.user, pk=pk)
    edit = EventEditForm(
        request.POST if request.POST.get("part") == "edit" else None,
        initial={n: getattr(event, n) for n in EventEditForm.base_fields},
    )
    report = EventReportForm(
        request.POST if request.POST.get("part") == "report" else None,
        initial={"report_html": event.report_html, "participant_count": event.participant_count},
    )
    if request.method == "POST":
        try:
            if edit.is_bound and edit.is_valid():
                services.event_update(
                    actor=request.user,
                    event=event,
                    data=services.EventInput(month=event.month, theme=event.theme, **edit.cleaned_data),
                )
                messages.success(request, "活动安排已保存。")
                return redirect("portal:event_staff", pk=pk)
            if report.is_bound and report.is_valid():
                services.event_report_publish(actor=request.user, event=event, **report.cleaned_data)
                messages.success(request, "举办情况已发布。")
                return redirect("portal:event_detail", pk=pk)
        except ValidationFailed as exc:
            _apply_errors(edit if edit.is_bound else report, exc)
    context = {
        "event": event,
        "edit": edit,
        "report": report,
        "registrations": event.registrations.all(),
        "due_on": selectors.event_report_due(event),
    }
    return render(
        request, "portal/participation/staff_event.html", context, status=422 if request.method == "POST" else 200
    )


urlpatterns: list[URLPattern] = [
    path("consultations/", consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/comment/", consultation_comment, name="consultation_comment"),
    path("mailbox/", mailbox_wall, name="mailbox_wall"),
    path("mailbox/<int:pk>/", mailbox_item, name="mailbox_item"),
    path("mailbox/track/", mailbox_track, name="mailbox_track"),
    path("mailbox/rate/", mailbox_rate, name="mailbox_rate"),
    path("org/<slug:slug>/mailbox/", mailbox_write, name="mailbox_write"),
    path("org/<slug:slug>/rate/", rating_form, name="rating_form"),
    path("participation/statistics/", participation_statistics, name="participation_statistics"),
    path("events/", event_list, name="event_list"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("events/<int:pk>/register/", event_register, name="event_register"),
    path("staff/participation/", staff_home, name="participation_staff_home"),
    path(
        "staff/participation/orgs/<int:org_id>/consultations/new/",
        consultation_staff_new,
        name="consultation_staff_new",
    ),
    path("staff/participation/consultations/<int:pk>/", consultation_staff, name="consultation_staff"),
    path("staff/participation/consultations/<int:pk>/edit/", consultation_staff_edit, name="consultation_staff_edit"),
    path("staff/participation/consultations/<int:pk>/open/", consultation_staff_open, name="consultation_staff_open"),
    path(
        "staff/participation/consultations/<int:pk>/attach/",
        consultation_staff_attach,
        name="consultation_staff_attach",
    ),
    path(
        "staff/participation/consultations/<int:pk>/register/",
        consultation_staff_register,
        name="consultation_staff_register",
    ),
    path(
        "staff/participation/consultations/<int:pk>/feedback/",
        consultation_staff_feedback,
        name="consultation_staff_feedback",
    ),
    path(
        "staff/participation/comments/<int:pk>/moderate/",
        consultation_staff_moderate,
        name="consultation_staff_moderate",
    ),
    path("staff/participation/comments/<int:pk>/decide/", consultation_staff_decide, name="consultation_staff_decide"),
    path("staff/participation/messages/<int:pk>/", mailbox_staff, name="mailbox_staff"),
    path("staff/participation/messages/<int:pk>/<slug:action>/", mailbox_staff_action, name="mailbox_staff_action"),
    path("staff/participation/rectifications/<int:pk>/", rating_staff, name="rating_staff"),
    path("staff/participation/rectifications/<int:pk>/<slug:action>/", rating_staff_action, name="rating_staff_action"),
    path("staff/participation/events/", event_staff_list, name="event_staff_list"),
    path("staff/participation/events/<int:pk>/", event_staff, name="event_staff"),
]
