"""Staff back office for 主动公开: task lists first, then forms. Each view calls one service.

An item's page offers exactly ``PUBLICATION.available_actions`` for the signed-in officer, one
form per action, all posted to one dispatcher; the older per-action addresses (…/submit/,
…/decide/, …/publish/ …) are kept and hand over to the same dispatcher.
"""

import difflib
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.actors import Actor
from gongkai.core.audit import timeline_of
from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.core.transitions import audit_labels
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure import services
from gongkai.disclosure.models import Decision, Publication, Revision, State
from gongkai.disclosure.permissions import OWN_DRAFT_REFUSED, can_create_in, is_own_draft
from gongkai.disclosure.richtext import html_to_text
from gongkai.disclosure.services.wordimport import publication_import_word
from gongkai.disclosure.transitions import PUBLICATION, Action
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role
from gongkai.orgs.services import organization_get
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
from gongkai.portal.casepage import cn_date, deadline_words
from gongkai.portal.disclosure.forms import (
    ApproveForm,
    AttachmentForm,
    DecisionChoiceForm,
    DetachForm,
    PublicationForm,
    PublishForm,
    RejectForm,
    TakeDownForm,
    ValidityForm,
    WithdrawForm,
    WordImportForm,
)
from gongkai.portal.downloads import send_one_of
from gongkai.portal.worklist import worklist


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_staff(request)
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
        "worklist": worklist(request.user),
        "due_soon": {s.publication.pk: s for s in due_soon}.values(),
        "creatable_orgs": {o.pk: o for o in creatable}.values(),
        # The report being prepared in January–March is last year's (条例第四十九条).
        "report_year": timezone.localdate().year - 1,
    }
    return render(request, "portal/staff_home.html", context)


def _check_open(actor: Actor, publication: Publication, action: str) -> None:
    """Refuse an action the page would not offer, with the engine's own answers: 403 without
    the right, 409 when the state does not allow it (the service checks again under its lock)."""
    row = PUBLICATION.transition(action)
    if not row.policy(actor, publication):
        deciding = action in (Action.APPROVE, Action.REJECT)
        raise PermissionDenied(OWN_DRAFT_REFUSED if deciding and is_own_draft(actor, publication) else row.denied)
    if not row.state_allows(publication, PUBLICATION.state_of(publication)):
        raise PUBLICATION.refuse(publication, row)


@login_required
def publication_new(request: HttpRequest, org_id: int) -> HttpResponse:
    require_staff(request)
    org = organization_get(pk=org_id)
    if not can_create_in(request.user, org):
        raise PermissionDenied("您不是该机构的起草人员。")
    form = PublicationForm(request.POST or None, org=org)
    word = WordImportForm()
    found: list[tuple[str, str]] = []
    if request.method == "POST" and "import_word" in request.POST:
        form, word, found = _import_word(request, org, None, form)
    elif request.method == "POST" and form.is_valid():
        try:
            publication, warnings = services.publication_create_draft(
                actor=request.user, org=org, content=form.to_content()
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "草稿已保存。")
            return redirect("portal:staff_publication", pk=publication.pk)
    context = {"form": form, "word": word, "found": found, "org": org, "publication": None}
    return render(request, "portal/staff_publication_form.html", context)


@login_required
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    _check_open(request.user, publication, Action.EDIT)
    initial = PublicationForm.initial_from(disclosure.content_of(publication.working_revision))
    form = PublicationForm(request.POST or None, org=publication.org, initial=initial)
    word = WordImportForm()
    found: list[tuple[str, str]] = []
    if request.method == "POST" and "import_word" in request.POST:
        form, word, found = _import_word(request, publication.org, publication, form)
    elif request.method == "POST" and form.is_valid():
        try:
            _, warnings = services.publication_edit(
                actor=request.user, publication=publication, content=form.to_content()
            )
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, "修改已保存。")
            return redirect("portal:staff_publication", pk=publication.pk)
    context = {"form": form, "word": word, "found": found, "org": publication.org, "publication": publication}
    return render(request, "portal/staff_publication_form.html", context)


_OFFERED = (("title", "信息名称"), ("doc_number", "文号"), ("written_on", "成文日期"))


def _import_word(
    request: HttpRequest, org: Organization, publication: Publication | None, form: PublicationForm
) -> tuple[PublicationForm, WordImportForm, list[tuple[str, str]]]:
    """从Word导入: the service converts; the page shows the form again, unsaved, with the body and
    the metadata found filled in where the clerk left the field empty (never over their input)."""
    word = WordImportForm(request.POST, request.FILES)
    if not word.is_valid():
        return form, word, []
    try:
        outcome = publication_import_word(
            actor=request.user, org=org, upload=word.cleaned_data["word_file"], publication=publication
        )
    except ValidationFailed as exc:
        apply_errors(word, exc, aliases={"file": "word_file"})
        return form, word, []
    typed = {name: f.widget.value_from_datadict(request.POST, {}, name) for name, f in form.fields.items()}
    document = outcome.document
    typed["body_html"] = document.body_html
    found: list[tuple[str, str]] = []
    for name, label in _OFFERED:
        value = getattr(document, name)
        if not value:
            continue
        shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
        if typed.get(name) and typed[name] != shown:
            found.append((label, f"{shown}（与已填写的不同，未覆盖）"))
            continue
        typed[name] = shown
        found.append((label, shown))
    for note in outcome.notes:
        messages.info(request, note)
    messages.success(request, "已从Word文档导入正文，尚未保存：请核对正文和预填的信息后保存草稿。")
    return PublicationForm(org=org, initial=typed), WordImportForm(), found


# --- the item's page and its actions -------------------------------------------------------------


def _decide(decision: str) -> Any:
    def run(request: HttpRequest, publication: Publication, data: dict[str, Any]) -> object:
        return services.publication_decide(
            actor=request.user,
            publication=publication,
            decision=decision,
            opinion=data.get("opinion", ""),
            override_reason=data.get("override_reason", ""),
        )

    return run


HANDLERS: dict[str, ActionHandler] = {
    Action.SUBMIT: ActionHandler(
        run=lambda request, p, data: services.publication_submit(actor=request.user, publication=p), done="已送审。"
    ),
    Action.APPROVE: ActionHandler(run=_decide(Decision.APPROVE), form=ApproveForm, done="审核意见已记录。"),
    Action.REJECT: ActionHandler(run=_decide(Decision.REJECT), form=RejectForm, done="已退回起草人。"),
    Action.PUBLISH: ActionHandler(
        run=lambda request, p, data: services.publication_publish(
            actor=request.user, publication=p, at=data["at"], override_reason=data["override_reason"]
        ),
        form=PublishForm,
        done="已发布。",
    ),
    Action.WITHDRAW: ActionHandler(
        run=lambda request, p, data: services.publication_withdraw(
            actor=request.user, publication=p, reason=data["reason"]
        ),
        form=WithdrawForm,
        done="已撤回。",
    ),
    Action.CHANGE_VALIDITY: ActionHandler(
        run=lambda request, p, data: services.publication_change_validity(
            actor=request.user,
            publication=p,
            validity=data["validity"],
            changed_on=data["changed_on"],
            replaced_by_id=data["replaced_by"],
        ),
        form=ValidityForm,
        done="有效性已更新。",
    ),
    Action.ATTACH: ActionHandler(
        run=lambda request, p, data: services.attachment_add(actor=request.user, publication=p, upload=data["file"]),
        form=AttachmentForm,
        done="附件已上传。",
    ),
    Action.DETACH: ActionHandler(
        run=lambda request, p, data: services.attachment_remove(
            actor=request.user, publication=p, attachment_id=data["attachment"]
        ),
        form=DetachForm,
        done="附件已删除。",
    ),
    Action.TAKE_DOWN: ActionHandler(
        run=lambda request, p, data: services.attachment_take_down(
            actor=request.user, publication=p, attachment_id=data["attachment"], reason=data["reason"]
        ),
        form=TakeDownForm,
        done="附件已从公开页面撤下。",
    ),
    Action.MASK: ActionHandler(
        run=lambda request, p, data: services.publication_mask_personal_data(actor=request.user, publication=p),
        done="已去标识化。",
    ),
}


# The publication's audit codes in Chinese (the workflow's labels, plus steps outside its table).
_TIMELINE_LABELS = {
    **audit_labels(PUBLICATION),
    "publication.draft_created": "起草",
    "publication.imported": "导入",
}


def _step_note(event: Any) -> str:
    """A review decision's step and opinion, from what the engine recorded after it."""
    after = event.after if isinstance(event.after, dict) else {}
    step, opinion = str(after.get("step") or ""), str(after.get("opinion") or "")
    return "：".join(part for part in (step, opinion) if part)


def _rows(request: HttpRequest, publication: Publication, bound: dict[str, Any], files: list[Any]) -> list[PageAction]:
    rows = []
    for row in action_rows(PUBLICATION, request.user, publication, HANDLERS):
        if row.action in bound:
            row = PageAction(row.transition, bound[row.action])
        elif row.action == Action.CHANGE_VALIDITY:
            row = PageAction(row.transition, ValidityForm(initial={"validity": publication.validity}))
        rows.append(row)
    offer_files(rows, Action.DETACH, [row.attachment for row in files if not row.removed])
    offer_files(rows, Action.TAKE_DOWN, [row.attachment for row in files if row.public_now])
    if PUBLICATION.transition(Action.EDIT) in PUBLICATION.available_actions(request.user, publication):
        rows.append(PageAction(PUBLICATION.transition(Action.EDIT), None))  # a page of its own
    # 修改 was added after action_rows: the workflow's suggested order again (side tasks last).
    return in_suggested_order(PUBLICATION, publication, rows)


def _clock_words(publication: Publication, due: Any) -> str:
    """第二十六条's 20 working days in words; a published item says when it went out."""
    if publication.state == State.PUBLISHED and publication.published_on:
        return f"已于{cn_date(publication.published_on)}发布"
    if publication.state == State.WITHDRAWN:
        return "已撤回，不再计算公开期限"
    if due is None:
        return "公开期限：填写“形成或变更日期”后按20个工作日计算"
    return deadline_words("公开期限", due.date, timezone.localdate())


def _detail_context(request: HttpRequest, publication: Publication, **bound: Any) -> dict[str, Any]:
    revision = publication.current_revision
    due = disclosure.publish_due_on(revision.formed_on) if revision and revision.formed_on else None
    available = {t.action for t in PUBLICATION.available_actions(request.user, publication)}
    files = disclosure.attachment_rows(publication)  # the list, and the choices of 删除/撤下附件
    columns = list(revision.catalog_nodes.order_by("path")) if revision else []
    # A published item stays in its public columns until the revision that moves it is released.
    public_columns = list(publication.catalog_nodes.order_by("path")) if publication.published_revision_id else columns
    return {
        "columns": columns,
        "public_columns": public_columns if set(public_columns) != set(columns) else None,
        "co_issuers": list(revision.co_issuers.order_by("path")) if revision else [],
        "clock_words": _clock_words(publication, due),
        "timeline": timeline_of(publication, _TIMELINE_LABELS, describe=_step_note),
        "publication": publication,
        "revision": revision,
        "revisions": disclosure.revisions_of(publication),
        "steps": disclosure.review_steps_for(publication.org),
        "current_step": disclosure.current_step(publication) if publication.state == State.IN_REVIEW else None,
        "due": due,
        "attachments": files,
        "actions": _rows(request, publication, bound, files),
        "can_edit": Action.EDIT in available,
        "scan": disclosure.publication_findings(publication) if publication.state != State.WITHDRAWN else None,
    }


@login_required
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    return render(request, "portal/staff_publication.html", _detail_context(request, publication))


def _dispatch(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one action posted from the item's page: its form, the service, the outcome."""
    require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    if action not in HANDLERS:
        raise NotFound("没有该操作。", code="unknown_action")
    _check_open(request.user, publication, action)

    def rerender(name: str, form: Any) -> HttpResponse:
        context = _detail_context(request, publication, **{name: form})
        return render(request, "portal/staff_publication.html", context, status=422)

    back = reverse("portal:staff_publication", args=[publication.pk])
    return run_action(request, obj=publication, action=action, handlers=HANDLERS, back=back, rerender=rerender)


@login_required
@require_POST
def publication_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    return _dispatch(request, pk, action)


@login_required
@require_POST
def publication_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _dispatch(request, pk, Action.SUBMIT)


@login_required
@require_POST
def publication_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The older review address: the ``decision`` field names approve or reject."""
    choice = DecisionChoiceForm(request.POST)
    if not choice.is_valid():
        require_staff(request)
        disclosure.publication_get_for_staff(actor=request.user, pk=pk)
        messages.error(request, "请选择审核结论（通过或退回）。")
        return redirect("portal:staff_publication", pk=pk)
    action = Action.APPROVE if choice.cleaned_data["decision"] == Decision.APPROVE else Action.REJECT
    return _dispatch(request, pk, action)


@login_required
@require_POST
def publication_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _dispatch(request, pk, Action.PUBLISH)


@login_required
@require_POST
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _dispatch(request, pk, Action.WITHDRAW)


@login_required
@require_POST
def publication_validity(request: HttpRequest, pk: int) -> HttpResponse:
    return _dispatch(request, pk, Action.CHANGE_VALIDITY)


@login_required
@require_POST
def publication_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _dispatch(request, pk, Action.ATTACH)


@login_required
def publication_mask(request: HttpRequest, pk: int) -> HttpResponse:
    """去标识化: GET previews the masked text; POST applies it to the working revision."""
    if request.method == "POST":
        return _dispatch(request, pk, Action.MASK)
    require_staff(request)
    publication = disclosure.publication_get_for_staff(actor=request.user, pk=pk)
    _check_open(request.user, publication, Action.MASK)
    context = {"publication": publication, "scan": disclosure.publication_findings(publication)}
    return render(request, "portal/staff_mask_preview.html", context)


# --- reading ----------------------------------------------------------------------------------


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attachment of any revision, for the people who may see the unpublished item (reviewers
    read what they are asked to approve)."""
    require_staff(request)
    return send_one_of(disclosure.publication_get_for_staff(actor=request.user, pk=pk).attachments.all(), attachment_id)


@login_required
def publication_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """The difference between two revisions, field by field and line by line of the text."""
    require_staff(request)
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
        "fields": _field_changes(publication, a, b),
        "body_diff": _body_diff(a, b),
    }
    return render(request, "portal/staff_diff.html", context)


# difflib's navigation column: links labelled f / n / t (first, next, top change), English to a
# clerk and of no use on a page that shows only the changed lines with their context.
_DIFF_NAVIGATION = re.compile(r'<td class="diff_next"[^>]*>.*?</td>')


def _body_diff(a: Revision, b: Revision) -> str:
    """The changed lines of the text side by side, or "" when the text did not change (difflib
    would say so in English)."""
    before, after = html_to_text(a.body_html).splitlines(), html_to_text(b.body_html).splitlines()
    if before == after:
        return ""
    labels = (f"第{a.number}版", f"第{b.number}版")
    table = difflib.HtmlDiff(wrapcolumn=60).make_table(before, after, *labels, context=True)
    table = _DIFF_NAVIGATION.sub('<td class="diff_next"></td>', table)
    # The table scrolls sideways (site.css); without the navigation links it had nothing to focus,
    # so it takes the keyboard focus itself (WCAG 2.1.1).
    return table.replace('<table class="diff"', '<table class="diff" tabindex="0"', 1)


def _field_changes(publication: Publication, a: Revision, b: Revision) -> list[tuple[str, Any, Any]]:
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
    changes = [
        (str(getattr(Revision._meta.get_field(n), "verbose_name", n)), _shown(a, n), _shown(b, n))
        for n in names
        if getattr(a, n) != getattr(b, n)
    ]
    # Where the item is filed and who co-issues it change with the revision too (先审后发).
    for name in ("catalog_nodes", "co_issuers"):
        before, after = _names(a, name), _names(b, name)
        if before != after:
            label = getattr(Revision._meta.get_field(name), "verbose_name", name)
            changes.append((str(label), before or "（无）", after or "（无）"))
    # So do the attachments (each revision holds those of the moment it went to review).
    held = [disclosure.attachments_as_of(publication, r) for r in (a, b)]
    if [x.pk for x in held[0]] != [x.pk for x in held[1]]:
        before, after = ("、".join(x.name for x in attachments) for attachments in held)
        changes.append(("附件", before or "（无）", after or "（无）"))
    return changes


def _names(revision: Revision, name: str) -> str:
    return "、".join(str(linked) for linked in getattr(revision, name).order_by("pk"))


def _shown(revision: Revision, name: str) -> Any:
    """A field's value as the clerk reads it: a choice by its statutory label, not its code."""
    value = getattr(revision, name)
    if getattr(Revision._meta.get_field(name), "choices", None):
        return getattr(revision, f"get_{name}_display")()
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


@login_required
def compliance(request: HttpRequest, slug: str) -> HttpResponse:
    """The org's 第二十六条 page: items published late, drafts at risk, and empty columns."""
    require_staff(request)
    org = orgs.organization_by_slug(slug)
    if not org_permissions.has_role(request.user, org, *Role):
        raise PermissionDenied()
    year = (
        int(request.GET["year"])
        if request.GET.get("year", "").isdigit() and len(request.GET["year"]) == 4
        else timezone.localdate().year
    )
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
