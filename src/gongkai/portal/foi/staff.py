"""依申请公开 back office: the task lists, registering an application, the case page and its actions.

The case page offers exactly ``APPLICATION.available_actions(user, case)`` (through
``portal._shared.action_rows``), one form per action; every action posts to
``staff/foi/cases/<pk>/<action>/`` and goes through ``run_action`` to its service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.audit import display_name
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.foi import casefile, permissions, selectors, services
from gongkai.foi.models import OPEN_STATES, Application, EventKind
from gongkai.foi.transitions import APPEAL, APPLICATION, Action
from gongkai.orgs import selectors as orgs
from gongkai.orgs.services import organization_get
from gongkai.portal._shared import (
    ActionHandler,
    action_rows,
    apply_errors,
    id_or_404,
    offer_files,
    require_staff,
    run_action,
)
from gongkai.portal.casepage import deadline_words
from gongkai.portal.downloads import send_one_of
from gongkai.portal.foi import forms as f
from gongkai.portal.foi.signing import AssignChoiceForm, ReplyConfirmForm, assign_row

# Statutory reminders shown with each action's form.
HINTS = {
    Action.REQUEST_CORRECTION: "第三十条：一次性告知，收到申请之日起7个工作日内。",
    Action.START_CONSULTATION: "书面征求意见，15个工作日，期间不计入答复期限（第三十二条、第三十四条）。",
    Action.EXTEND: "须经政府信息公开工作机构负责人同意，只能延长一次，最长20个工作日（第三十三条第二款）。",
    Action.REQUEST_REASONS: (
        "申请数量、频次明显超过合理范围的，可以要求申请人说明理由，并书面告知其期限（第三十五条）。"
    ),
    Action.RECORD_REASONS: (
        "理由不合理或逾期未说明的，以“不予处理”答复；理由合理但无法按期答复的，确定合理期限（第三十五条）。"
    ),
    Action.SET_REASONABLE_PERIOD: (
        "理由合理但无法在规定期限内答复的，确定延迟答复的合理期限并告知申请人（第三十五条）。"
    ),
    Action.NOTIFY_THIRD_PARTY: (
        "第三方不同意公开而决定公开的，须将决定公开的内容和理由书面告知第三方，告知后方可签发（第三十二条）。"
    ),
    Action.SEND_FEE_NOTICE: (
        "国办函〔2020〕109号：答复期限内发出；按件或按量二选一；申请人自收到通知之日起20个工作日内缴纳。"
    ),
    Action.RECORD_FEE_DELIVERY: "邮寄送达的收费通知，以签收之日起算20个工作日的缴费期限。",
    Action.REMOVE_REPLY_ATTACHMENT: (
        "文件中含有不应当公开的内容的，作区分处理后上传处理后的文件，并删除原文件（第三十七条）。"
    ),
    Action.TRANSFER: (
        "非本机关负责公开的，告知申请人并说明理由，能够确定负责机关的告知其名称、联系方式（第三十六条第（五）项）。"
    ),
}

# The URL slugs the back office used before actions were named after the table's rows.
ALIASES = {
    "correction": Action.REQUEST_CORRECTION,
    "corrected": Action.RECORD_CORRECTION,
    "consult": Action.START_CONSULTATION,
    "consult_answer": Action.END_CONSULTATION,
    "reasons": Action.REQUEST_REASONS,
    "reasonable_period": Action.SET_REASONABLE_PERIOD,
    "fee": Action.SEND_FEE_NOTICE,
    "fee_paid": Action.RECORD_PAYMENT,
    "draft": Action.DRAFT_REPLY,
    "appeal": Action.RECORD_APPEAL,
}
APPEAL_DECIDE = "appeal_decide"


def _end_consultation(request: HttpRequest, app: Application, d: dict[str, Any]) -> object:
    consultation = selectors.consultation_of(app, id_or_404(d["consultation"], "未找到该征求意见记录。"))
    return services.application_end_consultation(
        actor=request.user, consultation=consultation, answer=d["answer"], reasons=d["reasons"], on=d["on"]
    )


def _transfer(request: HttpRequest, app: Application, d: dict[str, Any]) -> object:
    to_org = orgs.organization_by_slug(d["to_org"]) if d["to_org"] else None
    return services.application_transfer(
        actor=request.user,
        application=app,
        agency_name=d["agency_name"],
        agency_contact=d["agency_contact"],
        to_org=to_org,
        on=d["on"],
    )


def _assign(request: HttpRequest, app: Application, d: dict[str, Any]) -> object:
    officer = get_user_model().objects.filter(username=d["officer"]).first()
    return services.application_assign(actor=request.user, application=app, officer=officer)


def _appeal_decide(request: HttpRequest, app: Application, d: dict[str, Any]) -> object:
    appeal = selectors.appeal_of(app, id_or_404(d["appeal"], "未找到该复议、诉讼记录。"))
    return services.appeal_decide(actor=request.user, appeal=appeal, result=d["result"], decided_on=d["decided_on"])


HANDLERS: dict[str, ActionHandler] = {
    Action.ADD_REPLY_ATTACHMENT: ActionHandler(
        lambda r, app, d: services.reply_attachment_add(actor=r.user, application=app, upload=d["file"]),
        f.ReplyAttachmentForm,
        "已上传答复附件。",
    ),
    Action.REMOVE_REPLY_ATTACHMENT: ActionHandler(
        lambda r, app, d: services.reply_attachment_remove(
            actor=r.user, application=app, attachment_id=d["attachment"]
        ),
        f.ReplyAttachmentRemoveForm,
        "已删除答复附件。",
    ),
    Action.ACCEPT: ActionHandler(
        lambda r, app, d: services.application_accept(actor=r.user, application=app, on=d["on"]), f.OnForm, "已受理。"
    ),
    Action.REQUEST_CORRECTION: ActionHandler(
        lambda r, app, d: services.application_request_correction(
            actor=r.user, application=app, items=d["items"], deadline=d["deadline"], on=d["on"]
        ),
        f.CorrectionForm,
        "已发出补正告知书。",
    ),
    Action.RECORD_CORRECTION: ActionHandler(
        lambda r, app, d: services.application_record_correction(
            actor=r.user, application=app, on=d["on"], note=d["note"]
        ),
        f.NoteForm,
        "已登记补正，答复期限重新计算。",
    ),
    Action.START_CONSULTATION: ActionHandler(
        lambda r, app, d: services.application_start_consultation(
            actor=r.user,
            application=app,
            kind=d["kind"],
            party_name=d["party_name"],
            party_address=d["party_address"],
            matter=d["matter"],
            sent_on=d["on"],
        ),
        f.ConsultationForm,
        "已发出征询函。",
    ),
    Action.END_CONSULTATION: ActionHandler(_end_consultation, f.ConsultationAnswerForm, "已登记意见结果。"),
    Action.EXTEND: ActionHandler(
        lambda r, app, d: services.application_extend(
            actor=r.user, application=app, working_days=d["working_days"], reason=d["reason"], on=d["on"]
        ),
        f.ExtensionForm,
        "已同意延期并发出延期答复告知书。",
    ),
    Action.REQUEST_REASONS: ActionHandler(
        lambda r, app, d: services.application_request_reasons(
            actor=r.user, application=app, note=d["note"], reply_by=d["reply_by"], on=d["on"]
        ),
        f.ReasonsRequestForm,
        "已发出要求说明理由告知书。",
    ),
    Action.RECORD_REASONS: ActionHandler(
        lambda r, app, d: services.application_record_reasons(
            actor=r.user,
            application=app,
            verdict=d["verdict"],
            reasons=d["reasons"],
            assessment=d["assessment"],
            on=d["on"],
        ),
        f.RecordReasonsForm,
        "已登记申请人说明的理由。",
    ),
    Action.NOTIFY_THIRD_PARTY: ActionHandler(
        lambda r, app, d: services.application_notify_third_party(
            actor=r.user,
            application=app,
            reasons=d["reasons"],
            disclose_on=d["disclose_on"],
            consultation_id=d["consultation"],
            on=d["on"],
        ),
        f.ThirdPartyNoticeForm,
        "已书面告知第三方。",
    ),
    Action.RECORD_FEE_DELIVERY: ActionHandler(
        lambda r, app, d: services.application_record_fee_delivery(
            actor=r.user, application=app, delivered_on=d["delivered_on"]
        ),
        f.FeeDeliveryForm,
        "已登记签收，缴费期限已起算。",
    ),
    Action.SET_REASONABLE_PERIOD: ActionHandler(
        lambda r, app, d: services.application_set_reasonable_period(
            actor=r.user, application=app, working_days=d["working_days"], reason=d["reason"], on=d["on"]
        ),
        f.ReasonablePeriodForm,
        "已确定合理期限并发出告知书。",
    ),
    Action.SEND_FEE_NOTICE: ActionHandler(
        lambda r, app, d: services.application_send_fee_notice(
            actor=r.user,
            application=app,
            method=d["method"],
            quantity=d["quantity"],
            payment_method=d["payment_method"],
            delivery=d["delivery"],
            delivered_on=d["delivered_on"],
            on=d["on"],
        ),
        f.FeeNoticeForm,
        "已发出收费通知。",
    ),
    Action.RECORD_PAYMENT: ActionHandler(
        lambda r, app, d: services.application_record_payment(actor=r.user, application=app, on=d["on"]),
        f.OnForm,
        "已登记缴费。",
    ),
    Action.DRAFT_REPLY: ActionHandler(
        lambda r, app, d: services.reply_draft(actor=r.user, application=app, details=services.ReplyDetails(**d)),
        f.ReplyDraftForm,
        "已生成答复书草稿。",
    ),
    Action.REPLY: ActionHandler(
        lambda r, app, d: services.application_reply(
            actor=r.user, application=app, on=d["on"], override_reason=d["override_reason"]
        ),
        ReplyConfirmForm,
        "答复书已签发。",
    ),
    Action.CLOSE: ActionHandler(
        lambda r, app, d: services.application_close(actor=r.user, application=app, on=d["on"]),
        f.OnForm,
        "已办结归档。",
    ),
    Action.WITHDRAW: ActionHandler(
        lambda r, app, d: services.application_withdraw(actor=r.user, application=app, note=d["note"], on=d["on"]),
        f.NoteForm,
        "已登记撤回。",
    ),
    Action.TRANSFER: ActionHandler(_transfer, f.TransferForm, "已起草告知书。"),
    Action.ASSIGN: ActionHandler(_assign, AssignChoiceForm, "已指定经办人。"),
    Action.RECORD_APPEAL: ActionHandler(
        lambda r, app, d: services.appeal_record(
            actor=r.user,
            application=app,
            kind=d["kind"],
            filed_on=d["filed_on"],
            body=d["body"],
            case_number=d["case_number"],
            note=d["note"],
        ),
        f.AppealForm,
        "已登记。",
    ),
    # Not a row of the application's table: the appeal's own (pending → decided).
    APPEAL_DECIDE: ActionHandler(_appeal_decide, f.AppealDecisionForm, "已登记结果。"),
}


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    require_staff(request)
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
    require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_handle(request.user, org):
        raise PermissionDenied("您不是该机关的依申请公开经办人员。")
    form = f.RegisterForm(request.POST or None, initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            app, _ = services.application_register(
                actor=request.user, org=org, applicant=form.applicant(), request=form.request(), receipt=form.receipt()
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记，登记号 {app.registration_number}。")
            return redirect("portal:foi_staff_case", pk=app.pk)
    return render(request, "portal/foi/staff_register.html", {"org": org, "form": form})


@login_required
def staff_case(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    user = request.user
    app = selectors.application_get_for_staff(actor=user, pk=pk)
    personal = permissions.can_view_applicant_data(user, app.org)
    rows = [
        assign_row(row, app) if row.action == Action.ASSIGN else row
        for row in action_rows(APPLICATION, user, app, HANDLERS)
    ]
    reply_files = list(app.reply_attachments.order_by("pk"))
    offer_files(rows, Action.REMOVE_REPLY_ATTACHMENT, reply_files)
    today = timezone.localdate()
    clock = selectors.clock_of(app)
    open_actions = {row.action for row in APPLICATION.available_actions(user, app)}
    consultations = list(app.consultations.all())
    appeals = [
        (
            appeal,
            f.AppealDecisionForm(initial={"appeal": appeal.pk}) if APPEAL.available_actions(user, appeal) else None,
        )
        for appeal in app.appeals.all()
    ]
    context = {
        "app": app,
        "personal": personal,
        "clock": clock,  # its explanation; the date shown is the stored one
        "clock_words": (
            deadline_words("答复期限", app.due_on, today, stopped=clock.stopped_reason or "已停止计算")
            if app.state in OPEN_STATES
            else f"{app.get_state_display()}，不再计算答复期限"
        ),
        "extension": selectors.last_event(app, EventKind.EXTENSION_GRANTED),
        "officer": display_name(app.assigned_to, "") if app.assigned_to_id else "",
        "timeline": casefile.case_timeline(app),
        "letters": app.letters.all(),
        "reply_files": reply_files,
        "can_edit_letters": Action.EDIT_LETTER in open_actions,
        "consultations": consultations,
        "answer_forms": [
            (c, f.ConsultationAnswerForm(initial={"consultation": c.pk, "on": timezone.localdate()}))
            for c in consultations
            if c.is_open
        ],
        "fee": selectors.fee_notice_of(app),
        "appeals": appeals,
        "rows": rows,
        "hints": HINTS,
        "review_body": selectors.review_body_of(app.org),
        "repeats": selectors.repeat_candidates(app) if personal else [],
        "matches": selectors.published_matches(app) if personal else [],
    }
    return render(request, "portal/foi/staff_case.html", context)


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_staff(request)
    app = selectors.application_get_for_staff(actor=request.user, pk=pk)
    back = reverse("portal:foi_staff_case", args=[app.pk])
    return run_action(request, obj=app, action=ALIASES.get(action, action), handlers=HANDLERS, back=back)


@login_required
def staff_letter_edit(request: HttpRequest, lid: int) -> HttpResponse:
    require_staff(request)
    letter = selectors.letter_get_for_staff(actor=request.user, pk=lid)
    form = f.LetterEditForm(request.POST or None, initial={"body": letter.body})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_edit(actor=request.user, letter=letter, body=form.cleaned_data["body"])
        except ValidationFailed as exc:
            error = exc.message
        else:
            messages.success(request, "文书已保存。")
            return redirect("portal:foi_staff_case", pk=letter.application_id)
    elif request.method == "POST":
        error = "正文不能为空。"
    body = form["body"].value() or ""
    return render(request, "portal/foi/staff_letter.html", {"letter": letter, "body": body, "error": error})


@login_required
def staff_letter_file(request: HttpRequest, lid: int, fmt: str) -> HttpResponse:
    require_staff(request)
    letter = services.letter_render_files(letter_id=selectors.letter_get_for_staff(actor=request.user, pk=lid).pk)
    if fmt == "docx":
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        data = bytes(letter.docx or b"")
    else:
        content_type, data, fmt = "application/pdf", bytes(letter.pdf or b""), "pdf"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.{fmt}"'
    return response


@login_required
def staff_reply_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """A file provided with the reply, for the people who handle the case (the signer reads what
    leaves the agency)."""
    require_staff(request)
    return send_one_of(selectors.application_get_for_staff(actor=request.user, pk=pk).reply_attachments.all(), file_id)
