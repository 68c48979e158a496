"""Progress of an assignment: the unit reports, the office returns or accepts, overdue ones are
pressed (督办). Each is one action of ``transitions.ASSIGNMENT``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.errors import ApplicationError, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.supervision.models import (
    Assignment,
    AssignmentState,
    Escalation,
    ProgressReport,
    ReportAttachment,
    ReportLink,
)
from gongkai.supervision.schedule import periods
from gongkai.supervision.transitions import ASSIGNMENT, Action

MAX_TEXT = 5000
MAX_LINKS = 10
MAX_FILES = 5


def _user(actor: Actor) -> Any:
    return actor if actor.is_authenticated else None


def _clean_text(value: Any, field: str, label: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationFailed(f"请填写{label}。", code="required", fields={field: ["必填。"]})
    if len(text) > MAX_TEXT:
        raise ValidationFailed(f"{label}不能超过{MAX_TEXT}字。", code="too_long", fields={field: ["内容过长。"]})
    return text


def _publications(ids: list[int]) -> list[tuple[int, str]]:
    """The publications a report links to: each must be public (the link is for everyone)."""
    from gongkai.disclosure.selectors import publication_get_public

    if len(ids) > MAX_LINKS:
        raise ValidationFailed(f"最多关联{MAX_LINKS}条信息。", code="too_many_links", fields={"links": ["过多。"]})
    found = []
    for pk in dict.fromkeys(ids):
        try:
            item = publication_get_public(pk=pk)
        except ApplicationError:
            raise ValidationFailed(
                f"编号 {pk} 的信息不存在或未公开，不能关联。",
                code="link_not_public",
                fields={"links": ["信息未公开。"]},
            ) from None
        found.append((item.pk, item.title[:300]))
    return found


@ASSIGNMENT.effect(Action.REPORT)
def _report(ctx: Context[Assignment]) -> ProgressReport:
    from gongkai.privacy.extract import check_upload

    text = _clean_text(ctx.data.get("text"), "text", "进展情况")
    links = _publications([int(i) for i in ctx.data.get("links") or []])
    uploads = list(ctx.data.get("uploads") or [])
    if len(uploads) > MAX_FILES:
        raise ValidationFailed(f"最多上传{MAX_FILES}个附件。", code="too_many_files", fields={"file": ["附件过多。"]})
    checked = [(upload, check_upload(upload)) for upload in uploads]  # every file before saving any
    report = ProgressReport.objects.create(
        assignment=ctx.obj,
        period=ctx.obj.period,
        text=text,
        reported_on=timezone.localdate(),
        reported_by=_user(ctx.actor),
    )
    for pk, title in links:
        ReportLink.objects.create(report=report, publication_id=pk, title=title)
    for upload, info in checked:
        attachment = ReportAttachment(report=report, name=info.name, media_type=info.media_type, size=info.size)
        attachment.file.save(info.name, upload, save=False)
        attachment.save()
    ctx.after.update({"report": report.pk, "period": ctx.obj.period, "links": [p for p, _ in links]})
    ctx.after["late"] = report.reported_on > ctx.obj.due_on
    return report


def _latest(assignment: Assignment) -> ProgressReport:
    report = assignment.reports.filter(period=assignment.period).order_by("-id").first()
    if report is None:  # a reported assignment always has its report; kept as a clear error
        raise ValidationFailed("该任务没有可审核的进展报告。", code="no_report")
    return report


@ASSIGNMENT.effect(Action.RETURN)
def _return(ctx: Context[Assignment]) -> ProgressReport:
    note = _clean_text(ctx.data.get("note"), "note", "退回理由")
    report = _latest(ctx.obj)
    report.review_note = note
    report.save(update_fields=["review_note"])
    ctx.note = note
    ctx.after["report"] = report.pk
    return report


@ASSIGNMENT.effect(Action.ACCEPT)
def _accept(ctx: Context[Assignment]) -> ProgressReport:
    report = _latest(ctx.obj)
    report.accepted = True
    report.review_note = str(ctx.data.get("note") or "").strip()[:MAX_TEXT]
    report.save(update_fields=["accepted", "review_note"])
    task = ctx.obj.task
    all_periods = periods(year=task.plan.year, due=task.due, recurrence=task.recurrence)
    following = ctx.obj.period + 1
    if following < len(all_periods):
        # A recurring task goes on: the next period's report is due at that period's end.
        ctx.update(period=following, due_on=all_periods[following].due_on)
        ctx.move_to(AssignmentState.ASSIGNED)
    else:
        ctx.update(done_on=timezone.localdate())
    ctx.after.update({"report": report.pk, "period": ctx.obj.period})
    return report


@ASSIGNMENT.effect(Action.ESCALATE)
def _escalate(ctx: Context[Assignment]) -> Escalation:
    note = _clean_text(ctx.data.get("note"), "note", "督办要求")
    escalation = Escalation.objects.create(
        assignment=ctx.obj,
        period=ctx.obj.period,
        due_on=ctx.obj.due_on,
        on=timezone.localdate(),
        note=note,
        by=_user(ctx.actor),
    )
    ctx.note = note
    ctx.after.update({"escalation": escalation.pk, "due_on": ctx.obj.due_on.isoformat()})
    return escalation


def assignment_report(
    *, actor: Actor, assignment: Assignment | int, text: str, links: list[int] | None = None, uploads: Any = None
) -> ProgressReport:
    return ASSIGNMENT.apply(actor, assignment, Action.REPORT, text=text, links=links or [], uploads=uploads or [])


def assignment_return(*, actor: Actor, assignment: Assignment | int, note: str) -> ProgressReport:
    return ASSIGNMENT.apply(actor, assignment, Action.RETURN, note=note)


def assignment_accept(*, actor: Actor, assignment: Assignment | int, note: str = "") -> ProgressReport:
    return ASSIGNMENT.apply(actor, assignment, Action.ACCEPT, note=note)


def assignment_escalate(*, actor: Actor, assignment: Assignment | int, note: str) -> Escalation:
    return ASSIGNMENT.apply(actor, assignment, Action.ESCALATE, note=note)
