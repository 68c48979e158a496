"""依申请公开 pages: public forms and staff back office. Thin views over services."""

import datetime
import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.foi import permissions, selectors, services, transitions
from gongkai.foi.models import (
    AppealKind,
    AppealResult,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    IdType,
    InfoForm,
    Letter,
)
from gongkai.foi.outcomes import APPLICANT_KIND_LABELS, OUTCOME_CHOICES, WITHHOLDING_KEYS, outcome_get
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs.services import organization_get
from gongkai.portal.views import rate_limited

APPLY_RATE = "5/h"  # per IP, shared with the API (group "foi-apply")
_DATE = forms.DateInput(attrs={"type": "date"})


# --- forms ---------------------------------------------------------------------------------------


class ApplyForm(forms.Form):
    """条例第二十九条: 申请人、所需信息、形式要求. Field names as the service's errors name them."""

    applicant_kind = forms.ChoiceField(label="申请人类型", choices=list(APPLICANT_KIND_LABELS.items()))
    name = forms.CharField(label="姓名或名称", max_length=200, required=False)
    id_type = forms.ChoiceField(label="身份证明类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=64, required=False)
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    description = forms.CharField(
        label="所需政府信息的名称或内容描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="请写明信息名称、文号，或便于查询的其他特征（条例第二十九条）。",
    )
    doc_numbers = forms.CharField(label="文号（如有）", max_length=200, required=False)
    purpose = forms.CharField(label="用途（可不填）", max_length=300, required=False)
    info_form = forms.ChoiceField(label="信息的载体形式", choices=InfoForm.choices)
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices)
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def applicant(self) -> services.Applicant:
        d = self.cleaned_data
        return services.Applicant(
            d["applicant_kind"],
            d["name"],
            d["id_type"],
            d["id_number"],
            d["contact_person"],
            d["phone"],
            d["email"],
            d["address"],
            d["postcode"],
        )

    def request(self) -> services.Request:
        d = self.cleaned_data
        return services.Request(d["description"], d["info_form"], d["delivery"], d["doc_numbers"], d["purpose"])


class RegisterForm(ApplyForm):
    channel = forms.ChoiceField(label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.TRANSFER])
    submitted_on = forms.DateField(label="提交日期", widget=_DATE)
    signed_on = forms.DateField(label="签收日期（邮寄）", widget=_DATE, required=False)
    confirmed_on = forms.DateField(label="双方确认日期（平常信函、传真、电子邮件）", widget=_DATE, required=False)

    field_order = ["channel", "submitted_on", "signed_on", "confirmed_on"]


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=64)


def _apply_errors(form: forms.Form, error: ValidationFailed) -> None:
    """Show a service's validation errors on the form, keeping everything the user typed."""
    form.add_error(None, error.message)
    for name, problems in error.fields.items():
        target = "applicant_kind" if name == "applicant_kind" else name
        for problem in problems:
            form.add_error(target if target in form.fields else None, problem)


# --- public --------------------------------------------------------------------------------------


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    if request.method == "POST":
        form = ApplyForm(request.POST)
        if is_ratelimited(request, group="foi-apply", key="ip", rate=APPLY_RATE, method="POST", increment=True):
            return rate_limited(request)
        if form.is_valid():
            try:
                app, code = services.application_submit(
                    org=org,
                    applicant=form.applicant(),
                    request=form.request(),
                    submission_token=form.cleaned_data["submission_token"],
                )
            except ValidationFailed as exc:
                _apply_errors(form, exc)
            else:
                token = app.submission_token or ""
                if code is not None:
                    request.session[f"foi_code_{token}"] = code
                return redirect("portal:foi_submitted", slug=org.slug, token=token)
    else:
        form = ApplyForm(initial={"submission_token": secrets.token_urlsafe(24)})
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


# --- staff ---------------------------------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not org_permissions.can_view_staff_area(request.user):
        raise PermissionDenied("您的账号尚未分配任何机构角色，请联系本单位政务公开管理员。")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    today = timezone.localdate()
    mine = request.GET.get("mine") == "1"
    lists = selectors.cases_by_deadline(actor=request.user, today=today, officer=request.user if mine else None)
    open_cases = selectors.application_list_for_staff(
        actor=request.user, officer=request.user if mine else None, open_only=True
    )[:200]
    orgs_for_register = {
        m.org.pk: m.org for m in orgs.memberships_of(request.user) if permissions.can_handle(request.user, m.org)
    }.values()
    context = {"lists": lists, "open_cases": open_cases, "mine": mine, "today": today, "orgs": orgs_for_register}
    return render(request, "portal/foi/staff_home.html", context)


@login_required
def staff_register(request: HttpRequest, org_id: int) -> HttpResponse:
    _require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_handle(request.user, org):
        raise PermissionDenied("您不是该机关的依申请公开经办人员。")
    form = RegisterForm(request.POST or None, initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            app, _ = services.application_register(
                actor=request.user,
                org=org,
                applicant=form.applicant(),
                request=form.request(),
                receipt=services.Receipt(
                    d["channel"], d["submitted_on"], d["signed_on"], d["confirmed_on"], d["channel"] == Channel.ORAL
                ),
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已登记，登记号 {app.registration_number}。")
            return redirect("portal:foi_staff_case", pk=app.pk)
    return render(request, "portal/foi/staff_register.html", {"org": org, "form": form})


@login_required
def staff_case(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    app = selectors.application_get_for_staff(actor=request.user, pk=pk)
    personal = permissions.can_view_applicant_data(request.user, app.org)
    clock = services.clock_of(app)
    context = {
        "app": app,
        "personal": personal,
        "clock": clock,
        "events": app.events.all(),
        "letters": app.letters.all(),
        "consultations": app.consultations.all(),
        "fee": getattr(app, "fee_notice", None) if hasattr(app, "fee_notice") else None,
        "appeals": app.appeals.all(),
        "actions": {a.value for a in transitions.available_actions(app)},
        "repeats": selectors.repeat_candidates(app) if personal else [],
        "matches": selectors.published_matches(app) if personal else [],
        "outcome_choices": OUTCOME_CHOICES,
        "withholding_choices": [(k, outcome_get(k).label) for k in WITHHOLDING_KEYS],
        "consultation_kinds": ConsultationKind.choices,
        "consultation_answers": ConsultationAnswer.choices,
        "appeal_kinds": AppealKind.choices,
        "appeal_results": [c for c in AppealResult.choices if c[0] != AppealResult.PENDING],
        "today": timezone.localdate(),
    }
    return render(request, "portal/foi/staff_case.html", context)


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed("日期格式应为 YYYY-MM-DD。", fields={"on": ["日期格式有误。"]}) from None


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ValidationFailed("请填写整数。", fields={"working_days": ["请填写整数。"]}) from None


def _act(request: HttpRequest, app: Any, action: str) -> str:
    """Parse the POSTed form of one action and call its service; returns the success message."""
    p = request.POST
    user = request.user
    on = _date(p.get("on"))
    handlers: dict[str, Callable[[], Any]] = {
        "accept": lambda: services.application_accept(actor=user, application=app, on=on),
        "correction": lambda: services.application_request_correction(
            actor=user,
            application=app,
            items=p.get("items", "").splitlines(),
            deadline=_date(p.get("deadline")) or timezone.localdate(),
            on=on,
        ),
        "corrected": lambda: services.application_record_correction(actor=user, application=app, on=on),
        "consult": lambda: services.application_start_consultation(
            actor=user,
            application=app,
            kind=p.get("kind", ""),
            party_name=p.get("party_name", ""),
            party_address=p.get("party_address", ""),
            matter=p.get("matter", ""),
            sent_on=on,
        ),
        "consult_answer": lambda: services.application_end_consultation(
            actor=user,
            consultation=app.consultations.get(pk=_int(p.get("consultation"))),
            answer=p.get("answer", ""),
            reasons=p.get("reasons", ""),
            on=on,
        ),
        "extend": lambda: services.application_extend(
            actor=user, application=app, working_days=_int(p.get("working_days")), reason=p.get("reason", ""), on=on
        ),
        "reasons": lambda: services.application_request_reasons(
            actor=user, application=app, note=p.get("note", ""), on=on
        ),
        "reasonable_period": lambda: services.application_set_reasonable_period(
            actor=user, application=app, working_days=_int(p.get("working_days")), reason=p.get("reason", ""), on=on
        ),
        "fee": lambda: services.application_send_fee_notice(
            actor=user,
            application=app,
            method=p.get("method", ""),
            quantity=_int(p.get("quantity")),
            payment_method=p.get("payment_method", ""),
            on=on,
        ),
        "fee_paid": lambda: services.application_record_payment(actor=user, application=app, on=on),
        "draft": lambda: services.reply_draft(
            actor=user,
            application=app,
            details=services.ReplyDetails(
                outcome=p.get("outcome", ""),
                provision=p.get("provision", ""),
                published_url=p.get("published_url", ""),
                reasons=p.get("reasons", ""),
                withheld_ground=p.get("withheld_ground", ""),
                responsible_agency=p.get("responsible_agency", ""),
                responsible_contact=p.get("responsible_contact", ""),
                legal_basis=p.get("legal_basis", ""),
            ),
        ),
        "reply": lambda: services.application_reply(actor=user, application=app, on=on),
        "close": lambda: services.application_close(actor=user, application=app, on=on),
        "withdraw": lambda: services.application_withdraw(actor=user, application=app, note=p.get("note", ""), on=on),
        "transfer": lambda: services.application_transfer(
            actor=user,
            application=app,
            agency_name=p.get("agency_name", ""),
            agency_contact=p.get("agency_contact", ""),
            to_org=orgs.organization_by_slug(p["to_org"]) if p.get("to_org") else None,
            on=on,
        ),
        "assign": lambda: services.application_assign(
            actor=user, application=app, officer=get_user_model().objects.filter(username=p.get("officer", "")).first()
        ),
        "appeal": lambda: services.appeal_record(
            actor=user,
            application=app,
            kind=p.get("kind", ""),
            filed_on=_date(p.get("filed_on")) or timezone.localdate(),
            body=p.get("body", ""),
            case_number=p.get("case_number", ""),
        ),
        "appeal_decide": lambda: services.appeal_decide(
            actor=user,
            appeal=app.appeals.get(pk=_int(p.get("appeal"))),
            result=p.get("result", ""),
            decided_on=_date(p.get("decided_on")) or timezone.localdate(),
        ),
    }
    handler = handlers.get(action)
    if handler is None:
        raise NotFound("未找到该操作。")
    handler()
    return "已保存。"


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _require_staff(request)
    app = selectors.application_get_for_staff(actor=request.user, pk=pk)
    try:
        messages.success(request, _act(request, app, action))
    except ValidationFailed as exc:
        details = "；".join(p for problems in exc.fields.values() for p in problems)
        messages.error(request, f"{exc.message}{details}")
    return redirect("portal:foi_staff_case", pk=app.pk)


def _letter_for_staff(request: HttpRequest, lid: int) -> Letter:
    letter = Letter.objects.select_related("application__org").filter(pk=lid).first()
    if letter is None or not permissions.can_view_case(request.user, letter.application.org):
        raise NotFound("未找到该文书。")
    return letter


@login_required
def staff_letter_edit(request: HttpRequest, lid: int) -> HttpResponse:
    _require_staff(request)
    letter = _letter_for_staff(request, lid)
    body = request.POST.get("body", letter.body) if request.method == "POST" else letter.body
    error = None
    if request.method == "POST":
        try:
            services.letter_edit(actor=request.user, letter=letter, body=body)
        except ValidationFailed as exc:
            error = exc.message
        else:
            messages.success(request, "文书已保存。")
            return redirect("portal:foi_staff_case", pk=letter.application_id)
    return render(request, "portal/foi/staff_letter.html", {"letter": letter, "body": body, "error": error})


@login_required
def staff_letter_file(request: HttpRequest, lid: int, fmt: str) -> HttpResponse:
    _require_staff(request)
    letter = services.letter_render_files(letter_id=_letter_for_staff(request, lid).pk)
    if fmt == "docx":
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        data = bytes(letter.docx or b"")
    else:
        content_type, data, fmt = "application/pdf", bytes(letter.pdf or b""), "pdf"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.{fmt}"'
    return response


urlpatterns: list[URLPattern] = [
    path("org/<slug:slug>/foi/apply/", apply, name="foi_apply"),
    path("org/<slug:slug>/foi/submitted/<str:token>/", submitted, name="foi_submitted"),
    path("org/<slug:slug>/foi/track/", track, name="foi_track"),
    path("staff/foi/", staff_home, name="foi_staff_home"),
    path("staff/foi/orgs/<int:org_id>/register/", staff_register, name="foi_staff_register"),
    path("staff/foi/cases/<int:pk>/", staff_case, name="foi_staff_case"),
    path("staff/foi/cases/<int:pk>/<slug:action>/", staff_action, name="foi_staff_action"),
    path("staff/foi/letters/<int:lid>/edit/", staff_letter_edit, name="foi_staff_letter_edit"),
    path("staff/foi/letters/<int:lid>/file.<slug:fmt>", staff_letter_file, name="foi_staff_letter_file"),
]
