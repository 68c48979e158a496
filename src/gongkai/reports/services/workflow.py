"""The report's working copy: start it, then every state move through ``REPORT.apply``: edit,
submit, return, publish (with the validation gate and the frozen snapshot), reopen.

条例第四十九条 (deadlines) and 第五十条 (contents); format 国办公开办函〔2021〕30号.
Each public function keeps its keyword arguments; the checks (visibility 404, policy 403,
state 409) are the table's, the action's own validation (422) is its effect's.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.orgs.models import Organization
from gongkai.reports import completeness, permissions, selectors
from gongkai.reports.models import AnnualReport, ReportState, ReportVersion
from gongkai.reports.services.common import REPORT_CHANGED, account, check_year, today_local
from gongkai.reports.transitions import REPORT, Action

MAX_PROSE = 50_000


@transaction.atomic
def report_start(*, actor: Actor, org: Organization, year: int, today: datetime.date | None = None) -> AnnualReport:
    """Create the report's draft, its sections 一、五、六 prefilled from the data."""
    today = today or today_local()
    if not permissions.can_edit(actor, org):
        raise PermissionDenied("只有本机关的起草人员或政务公开管理员可以编制年度报告。")
    check_year(year, today)
    existing = selectors.report_find(org, year)
    if existing is not None:
        return existing
    tables = selectors.build_tables(org, year)
    prose = selectors.prose_draft(org, year, tables)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                org=org,
                year=year,
                state=ReportState.DRAFT,
                created_by=account(actor),
                **prose,
            )
    except IntegrityError:  # started at the same moment by someone else: theirs stands
        return AnnualReport.objects.get(org=org, year=year)
    audit_record(actor=actor, action="report.started", obj=report, after={"state": report.state, "year": year})
    return report


def _clean_prose(values: dict[str, str]) -> dict[str, str]:
    cleaned, errors = {}, {}
    for key in selectors.PROSE_FIELDS:
        text = (values.get(key) or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_PROSE:
            errors[key] = [f"不能超过{MAX_PROSE}字。"]
        cleaned[key] = text
    if not cleaned["overview"]:
        errors["overview"] = ["请填写“一、总体情况”。"]
    if errors:
        raise ValidationFailed("年度报告正文有误。", fields=errors)
    return cleaned


# --- the public service functions ----------------------------------------------------------------


def report_edit(*, actor: Actor, report: AnnualReport, overview: str, problems: str, other: str) -> AnnualReport:
    result: AnnualReport = REPORT.apply(actor, report, Action.EDIT, overview=overview, problems=problems, other=other)
    return result


def report_submit(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    result: AnnualReport = REPORT.apply(actor, report, Action.SUBMIT)
    return result


def report_return(*, actor: Actor, report: AnnualReport, note: str) -> AnnualReport:
    result: AnnualReport = REPORT.apply(actor, report, Action.RETURN, note=note)
    return result


def report_publish(
    *,
    actor: Actor,
    report: AnnualReport,
    override_reason: str = "",
    change_note: str = "",
    today: datetime.date | None = None,
) -> ReportVersion:
    """Publish: freeze tables, text and validation result as the next version.

    The gate (issue 8, 国办公开办函〔2021〕30号 identities): no publication while an identity
    fails (I1–I7, or the table structure), unless the org's admin records why. A second or
    later version is a correction and must say what changed (evaluators check 发布后有变动).
    """
    version: ReportVersion = REPORT.apply(
        actor, report, Action.PUBLISH, override_reason=override_reason, change_note=change_note, today=today
    )
    return version


def report_reopen(*, actor: Actor, report: AnnualReport, note: str = "") -> AnnualReport:
    """Start a correction: the published version stays public until the next one is published."""
    result: AnnualReport = REPORT.apply(actor, report, Action.REOPEN, note=note)
    return result


# --- the effects ---------------------------------------------------------------------------------


@REPORT.effect(Action.EDIT)
def _edit(ctx: Context[AnnualReport]) -> AnnualReport:
    prose = _clean_prose({key: ctx.data.get(key, "") for key in selectors.PROSE_FIELDS})
    before = selectors.prose_of(ctx.obj)
    ctx.update(**prose)
    ctx.touch("updated_at")
    ctx.after["changed"] = [key for key in prose if prose[key] != before[key]]
    return ctx.obj


@REPORT.effect(Action.SUBMIT)
def _submit(ctx: Context[AnnualReport]) -> AnnualReport:
    ctx.update(review_note="")
    ctx.touch("updated_at")
    return ctx.obj


@REPORT.effect(Action.RETURN)
def _return(ctx: Context[AnnualReport]) -> AnnualReport:
    note = str(ctx.data.get("note") or "").strip()
    if not note:
        raise ValidationFailed("请填写退回意见。", fields={"note": ["请填写退回意见。"]})
    ctx.update(review_note=note)
    ctx.touch("updated_at")
    ctx.note = note
    return ctx.obj


@REPORT.effect(Action.PUBLISH)
def _publish(ctx: Context[AnnualReport]) -> ReportVersion:
    report, actor = ctx.obj, ctx.actor
    today = ctx.data.get("today") or today_local()
    tables = selectors.current_tables(report)
    prose = selectors.prose_of(report)
    violations = selectors.check(report.org, report.year, tables, prose)
    unfinished = [v for v in violations if v.identity == completeness.IDENTITY]
    if unfinished:
        # Issue 14 point 10: never published with placeholders or empty required sections; no
        # override (not even an admin's reason) — the list says what to fill in.
        listed = "；".join(v.message for v in unfinished)
        raise ValidationFailed(
            f"年度报告尚有{len(unfinished)}处未完成，不能发布（此项不可由管理员说明理由后发布）：{listed}",
            fields={v.scope: [v.message] for v in unfinished},
            code="report_incomplete",
        )
    errors = [v for v in violations if v.is_error]
    override_reason = str(ctx.data.get("override_reason") or "").strip()
    if errors and not override_reason:
        listed = "；".join(f"{v.identity}：{v.message}" for v in errors[:5])
        raise ValidationFailed(
            f"年度报告有{len(errors)}项勾稽关系不成立，不能发布：{listed}",
            fields={"override_reason": ["如确需发布，请由政务公开管理员填写理由。"]},
            code="report_invalid",
        )
    if errors and not permissions.can_override_report(actor, report):
        raise PermissionDenied("勾稽关系不成立的年度报告只能由政务公开管理员说明理由后发布。")
    number = report.versions.count() + 1
    change_note = str(ctx.data.get("change_note") or "").strip()
    if number > 1 and not change_note:
        raise ValidationFailed("更正发布须说明变动内容。", fields={"change_note": ["请说明本次更正的内容和原因。"]})
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        tables=tables.to_json(),
        prose=prose,
        violations=[v.as_dict() for v in violations],
        override_reason=override_reason if errors else "",
        change_note=change_note if number > 1 else "",
        published_on=today,
        published_by=account(actor),
    )
    ctx.update(review_note="")
    ctx.touch("updated_at")
    # The search index follows published versions; the outbox row commits with the version.
    outbox_emit(topic=REPORT_CHANGED, obj=report)
    ctx.after.update({"year": report.year, "version": number, "errors": len(errors)})
    ctx.note = override_reason if errors else change_note
    return version


@REPORT.effect(Action.REOPEN)
def _reopen(ctx: Context[AnnualReport]) -> AnnualReport:
    ctx.touch("updated_at")
    ctx.note = str(ctx.data.get("note") or "")
    return ctx.obj
