"""Staff back office for 主动公开: task lists first, then forms. Each view calls one service."""

import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure import services
from gongkai.disclosure.models import Publication, Revision
from gongkai.disclosure.permissions import can_create_in
from gongkai.disclosure.richtext import html_to_text
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs.roles import Role
from gongkai.orgs.services import organization_get
from gongkai.portal.forms import AttachmentForm, DecisionForm, PublicationForm, PublishForm, ValidityForm, WithdrawForm


def _require_staff(request: HttpRequest) -> None:
    if not org_permissions.can_view_staff_area(request.user):
        raise PermissionDenied("您的账号尚未分配任何机构角色，请联系本单位政务公开管理员。")


def _apply_errors(form: Any, error: ValidationFailed) -> None:
    """Show a service's validation errors on the form, keeping everything the user typed."""
    form.add_error(None, error.message)
    for name, problems in error.fields.items():
        target = name if name in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    memberships = list(orgs.memberships_of(request.user))
    due_soon: list[Any] = []
    seen: set[int] = set()
    for m in memberships:
        if m.org_id in seen:
            continue
        seen.add(m.org_id)
        due_soon += disclosure.compliance_report(m.org, year=timezone.localdate().year)["at_risk"]
    creatable = [m.org for m in memberships if can_create_in(request.user, m.org)]
    context = {
        "memberships": memberships,
        "drafts": disclosure.my_drafts(request.user)[:50],
        "to_review": disclosure.awaiting_my_review(request.user)[:50],
        "published": disclosure.published_by_me(request.user)[:20],
        "due_soon": {s.publication.pk: s for s in due_soon}.values(),
        "creatable_orgs": {o.pk: o for o in creatable}.values(),
        # The report being prepared in January–March is last year's (条例第四十九条).
        "report_year": timezone.localdate().year - 1,
    }
    return render(request, "portal/staff_home.html", context)


@login_required
def publication_new(request: HttpRequest, org_id: int) -> HttpResponse:
    _require_staff(request)
    org = organization_get(pk=org_id)
    if not can_create_in(request.user, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    form = PublicationForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        try:
            publication, warnings = services.publication_create_draft(
                actor=request.user, org=org, content=form.to_content()
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "草稿已保存。")
            return redirect("portal:staff_publication", pk=publication.pk)
    return render(request, "portal/staff_publication_form.html", {"form": form, "org": org, "publication": None})


@login_required
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    initial = PublicationForm.initial_from(services.content_of(publication.working_revision, publication))
    form = PublicationForm(request.POST or None, org=publication.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _, warnings = services.publication_edit(
                actor=request.user, publication=publication, content=form.to_content()
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "修改已保存。")
            return redirect("portal:staff_publication", pk=publication.pk)
    context = {"form": form, "org": publication.org, "publication": publication}
    return render(request, "portal/staff_publication_form.html", context)


@login_required
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    return render(request, "portal/staff_publication.html", _detail_context(request, publication))


def _detail_context(request: HttpRequest, publication: Publication, **forms: Any) -> dict[str, Any]:
    revision = publication.current_revision
    due = disclosure.publish_due_on(revision.formed_on) if revision and revision.formed_on else None
    return {
        "publication": publication,
        "revision": revision,
        "revisions": disclosure.revisions_of(publication),
        "steps": disclosure.review_steps_for(publication.org),
        "current_step": services.current_step(publication) if publication.state == "in_review" else None,
        "due": due,
        "attachments": publication.attachments.all(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "validity_form": forms.get("validity_form") or ValidityForm(initial={"validity": publication.validity}),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "scan": disclosure.publication_findings(publication) if publication.state != "withdrawn" else None,
    }


def _action(request: HttpRequest, pk: int, form_class: Any, form_name: str, run: Any, done: str) -> HttpResponse:
    """POST handler shape shared by the workflow actions: parse, call the service, show the result."""
    _require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is None or form.is_valid():
        try:
            run(publication, form.cleaned_data if form else {})
        except ValidationFailed as exc:
            if form is None:
                messages.error(request, exc.message)
                return redirect("portal:staff_publication", pk=pk)
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("portal:staff_publication", pk=pk)
    context = _detail_context(request, publication, **{form_name: form})
    return render(request, "portal/staff_publication.html", context, status=422)


@login_required
@require_POST
def publication_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request, pk, None, "", lambda p, _: services.publication_submit(actor=request.user, publication=p), "已送审。"
    )


@login_required
@require_POST
def publication_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Publication, data: dict[str, Any]) -> None:
        services.publication_decide(
            actor=request.user,
            publication=p,
            decision=data["decision"],
            opinion=data["opinion"],
            override_reason=data["override_reason"],
        )

    return _action(request, pk, DecisionForm, "decision_form", run, "审核意见已记录。")


@login_required
@require_POST
def publication_publish(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Publication, data: dict[str, Any]) -> None:
        services.publication_publish(
            actor=request.user, publication=p, at=data["at"], override_reason=data["override_reason"]
        )

    return _action(request, pk, PublishForm, "publish_form", run, "已发布。")


@login_required
@require_POST
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Publication, data: dict[str, Any]) -> None:
        services.publication_withdraw(actor=request.user, publication=p, reason=data["reason"])

    return _action(request, pk, WithdrawForm, "withdraw_form", run, "已撤回。")


@login_required
@require_POST
def publication_validity(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Publication, data: dict[str, Any]) -> None:
        services.publication_change_validity(
            actor=request.user,
            publication=p,
            validity=data["validity"],
            changed_on=data["changed_on"],
            replaced_by_id=data["replaced_by"],
        )

    return _action(request, pk, ValidityForm, "validity_form", run, "有效性已更新。")


@login_required
@require_POST
def publication_attach(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Publication, data: dict[str, Any]) -> None:
        services.attachment_add(actor=request.user, publication=p, upload=data["file"])

    return _action(request, pk, AttachmentForm, "attachment_form", run, "附件已上传。")


@login_required
def publication_mask(request: HttpRequest, pk: int) -> HttpResponse:
    """去标识化: GET previews the masked text; POST applies it to the working revision."""
    _require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    if request.method == "POST":
        try:
            counts = services.publication_mask_personal_data(actor=request.user, publication=publication)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"已去标识化 {sum(counts.values())} 处。" if counts else "没有需要去标识化的内容。"
            )
        return redirect("portal:staff_publication", pk=pk)
    context = {"publication": publication, "scan": disclosure.publication_findings(publication)}
    return render(request, "portal/staff_mask_preview.html", context)


@login_required
def publication_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """The difference between two revisions, field by field and line by line of the text."""
    _require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    revisions = {r.number: r for r in disclosure.revisions_of(publication)}
    latest = max(revisions)
    b_number = int(request.GET["b"]) if request.GET.get("b", "").isdigit() else latest
    a_number = int(request.GET["a"]) if request.GET.get("a", "").isdigit() else max(1, b_number - 1)
    a, b = revisions.get(a_number), revisions.get(b_number)
    if a is None or b is None:
        messages.error(request, "所选版本不存在。")
        return redirect("portal:staff_publication", pk=pk)
    context = {
        "publication": publication,
        "a": a,
        "b": b,
        "fields": _field_changes(a, b),
        "body_diff": difflib.HtmlDiff(wrapcolumn=60).make_table(
            html_to_text(a.body_html).splitlines(),
            html_to_text(b.body_html).splitlines(),
            f"第{a.number}版",
            f"第{b.number}版",
            context=True,
        ),
    }
    return render(request, "portal/staff_diff.html", context)


def _field_changes(a: Revision, b: Revision) -> list[tuple[str, Any, Any]]:
    names = [
        "title",
        "kind",
        "doc_number",
        "topic",
        "written_on",
        "formed_on",
        "disclosure_mode",
        "keywords",
        "is_major_policy",
    ]
    return [
        (str(getattr(Revision._meta.get_field(n), "verbose_name", n)), getattr(a, n), getattr(b, n))
        for n in names
        if getattr(a, n) != getattr(b, n)
    ]


@login_required
def compliance(request: HttpRequest, slug: str) -> HttpResponse:
    """The org's 第二十六条 page: items published late, drafts at risk, and empty columns."""
    _require_staff(request)
    org = orgs.organization_by_slug(slug)
    if not org_permissions.has_role(request.user, org, *Role):
        raise PermissionDenied()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    report = disclosure.compliance_report(org, year=year)
    context = {
        "org": org,
        "year": year,
        "late": report["late"],
        "at_risk": report["at_risk"],
        "empty_nodes": disclosure.empty_catalog_nodes(org),
        "interpretation": disclosure.interpretation_rate(org, year=year),
    }
    return render(request, "portal/staff_compliance.html", context)
