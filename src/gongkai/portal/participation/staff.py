"""公众参与 back office: the work list, and consultations with their comments.

Every case page offers exactly ``available_actions`` of its state table (``action_rows``), one
form per action, posted to one action URL and run by ``run_action``; the older per-action URLs
stay and lead to the same view.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.audit import timeline_of
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import audit_labels
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs.services import organization_get
from gongkai.participation import domain, permissions, selectors, services, work
from gongkai.participation.models import Comment, Consultation
from gongkai.participation.transitions import COMMENT, CONSULTATION, CommentAction, ConsultationAction
from gongkai.portal._shared import (
    ActionHandler,
    PageAction,
    action_rows,
    apply_errors,
    in_suggested_order,
    offer_files,
    require_staff,
    run_action,
)
from gongkai.portal.downloads import send_one_of
from gongkai.portal.participation import casepages
from gongkai.portal.participation.forms import (
    AttachForm,
    ConsultationForm,
    DecideForm,
    DetachForm,
    FeedbackForm,
    ModerateForm,
    RegisterCommentForm,
    WithdrawForm,
)
from gongkai.workdays import selectors as workdays


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """公众参与工作台: what waits for me, what is overdue."""
    user = require_staff(request)
    supervised = [m.org for m in orgs.memberships_of(user) if permissions.can_supervise(user, m.org)] or (
        orgs.organization_roots() if org_permissions.is_platform_operator(user) else []
    )
    overdue = selectors.letters_overdue(supervised)
    steps, to_do = work.mailbox_to_do(user)
    context = {
        "message_steps": steps,
        "message_rows": to_do,
        "consultations": selectors.consultations_for_staff(user)[:50],
        "awaiting_feedback": selectors.consultations_awaiting_feedback(actor=user),
        "overdue": overdue,
        "rectifications": selectors.rectifications_for_staff(user)[:50],
        "events_overdue": selectors.events_overdue(actor=user),
        "draft_orgs": {
            m.org.pk: m.org for m in orgs.memberships_of(user) if permissions.can_draft_consultation(user, m.org)
        }.values(),
        "today": timezone.localdate(),
    }
    return render(request, "portal/participation/staff_home.html", context)


# --- consultations --------------------------------------------------------------------------------


@login_required
def consultation_staff_new(request: HttpRequest, org_id: int) -> HttpResponse:
    user = require_staff(request)
    org = organization_get(pk=org_id)
    if not permissions.can_draft_consultation(user, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    form = ConsultationForm(request.POST or None, initial={"accepts_online": True})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.consultation_create(actor=user, org=org, data=form.to_input())
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "征求意见草稿已保存。")
            return redirect("portal:consultation_staff", pk=item.pk)
    return render(
        request, "portal/participation/staff_consultation_form.html", {"form": form, "org": org, "item": None}
    )


@login_required
def consultation_staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_staff(request)
    item = selectors.consultation_get_for_staff(actor=user, pk=pk)
    initial = {name: getattr(item, name) for name in ConsultationForm.base_fields}
    form = ConsultationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(actor=user, consultation=item, data=form.to_input())
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "修改已保存。")
            return redirect("portal:consultation_staff", pk=item.pk)
    return render(
        request, "portal/participation/staff_consultation_form.html", {"form": form, "org": item.org, "item": item}
    )


CONSULTATION_HANDLERS: dict[str, ActionHandler] = {
    ConsultationAction.ATTACH: ActionHandler(
        lambda request, item, data: services.consultation_attach(
            actor=request.user, consultation=item, upload=data["file"]
        ),
        AttachForm,
        "附件已上传。",
    ),
    ConsultationAction.DETACH: ActionHandler(
        lambda request, item, data: services.consultation_detach(
            actor=request.user, consultation=item, attachment_id=data["attachment"]
        ),
        DetachForm,
        "附件已删除。",
    ),
    ConsultationAction.OPEN: ActionHandler(
        lambda request, item, data: services.consultation_open(actor=request.user, consultation=item),
        None,
        "征求意见已发布。",
    ),
    ConsultationAction.REGISTER_COMMENT: ActionHandler(
        lambda request, item, data: services.comment_register(actor=request.user, consultation=item, **data),
        RegisterCommentForm,
        "意见已登记。",
    ),
    ConsultationAction.PUBLISH_FEEDBACK: ActionHandler(
        lambda request, item, data: services.consultation_publish_feedback(
            actor=request.user, consultation=item, **data
        ),
        FeedbackForm,
        "意见采纳情况已公布。",
    ),
    ConsultationAction.WITHDRAW: ActionHandler(
        lambda request, item, data: services.consultation_withdraw(actor=request.user, consultation=item, **data),
        WithdrawForm,
        "征求意见已撤回。",
    ),
}

COMMENT_HANDLERS: dict[str, ActionHandler] = {
    CommentAction.MODERATE: ActionHandler(
        lambda request, comment, data: services.comment_moderate(actor=request.user, comment=comment, **data),
        ModerateForm,
        "审核结论已保存。",
    ),
    CommentAction.DECIDE: ActionHandler(
        lambda request, comment, data: services.comment_decide(actor=request.user, comment=comment, **data),
        DecideForm,
        "采纳决定已保存。",
    ),
}


def _comment_rows(user: Any, comment: Comment) -> list[PageAction]:
    """The comment's actions, each form filled with what was decided so far."""
    initial = {
        CommentAction.MODERATE: {"moderation": comment.moderation, "note": comment.moderation_note},
        CommentAction.DECIDE: {"decision": comment.decision, "reason": comment.decision_reason},
    }
    rows = []
    for row in action_rows(COMMENT, user, comment, COMMENT_HANDLERS):
        form_class = COMMENT_HANDLERS[row.action].form
        if form_class is None:  # every action of these tables has a form
            continue
        form = form_class(initial=initial.get(row.action, {}), auto_id=f"c{comment.pk}-{row.action}-%s")
        rows.append(PageAction(row.transition, form))
    return rows


# The consultation's audit codes in Chinese: its table's labels and the steps outside it.
_CONSULTATION_LABELS = {
    **audit_labels(CONSULTATION, COMMENT),
    "consultation.created": "起草",
}


def _consultation_page(
    request: HttpRequest, item: Consultation, failed: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    user = request.user
    check = domain.check_period(item.draft_type, item.starts_on, item.ends_on, workdays.get_calendar())
    rows = action_rows(CONSULTATION, user, item, CONSULTATION_HANDLERS)
    if failed is not None:  # the refused form again, with what was typed and the errors
        rows = [PageAction(r.transition, failed[1]) if r.action == failed[0] else r for r in rows]
    offer_files(rows, ConsultationAction.DETACH, item.attachments.order_by("pk"))
    update = CONSULTATION.transition(ConsultationAction.UPDATE)
    if update in CONSULTATION.available_actions(user, item):  # 修改 has a page of its own
        rows = in_suggested_order(CONSULTATION, item, [*rows, PageAction(update, None)])
    comments = list(selectors.comments_for_staff(item))
    today = timezone.localdate()
    phase = selectors.phase_of(item, today)
    feedback_due = next(
        (
            s.due_on
            for s in selectors.consultations_awaiting_feedback(org=item.org, today=today)
            if s.consultation == item
        ),
        None,
    )
    context = {
        "item": item,
        "phase": phase,
        "check": check,
        "actions": rows,
        "links": {ConsultationAction.UPDATE: reverse("portal:consultation_staff_edit", args=[item.pk])},
        "hints": {ConsultationAction.UPDATE: "征求意见开始前可以修改标题、正文和期限。"},
        "comments": [(c, _comment_rows(user, c)) for c in comments],
        "preview": selectors.feedback_build(item),
        "clock_words": casepages.consultation_clock(item, phase, today, feedback_due),
        "steps": casepages.consultation_steps(phase),
        "timeline": timeline_of(item, _CONSULTATION_LABELS),
    }
    return render(
        request, "portal/participation/staff_consultation.html", context, status=422 if failed is not None else 200
    )


@login_required
def consultation_staff(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_staff(request)
    return _consultation_page(request, selectors.consultation_get_for_staff(actor=user, pk=pk))


@login_required
def consultation_staff_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """A file of the consultation, for those who may see its draft (the drafters check what they
    uploaded before it opens; the public gets it only from the opened consultation's page)."""
    user = require_staff(request)
    return send_one_of(selectors.consultation_get_for_staff(actor=user, pk=pk).attachments.all(), attachment_id)


@login_required
@require_POST
def consultation_staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One POST per action of the consultation's table (发布, 上传附件, 登记意见, 公布采纳情况, 撤回)."""
    user = require_staff(request)
    item = selectors.consultation_get_for_staff(actor=user, pk=pk)
    return run_action(
        request,
        obj=item,
        action=action,
        handlers=CONSULTATION_HANDLERS,
        back=reverse("portal:consultation_staff", args=[item.pk]),
        rerender=lambda name, form: _consultation_page(request, item, (name, form)),
    )


@login_required
@require_POST
def comment_staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """审核 or 采纳决定 of one comment; back to it on the consultation's page."""
    user = require_staff(request)
    comment = selectors.comment_get_for_staff(actor=user, pk=pk)
    back = f"{reverse('portal:consultation_staff', args=[comment.consultation_id])}#comment-{comment.pk}"
    return run_action(request, obj=comment, action=action, handlers=COMMENT_HANDLERS, back=back)
