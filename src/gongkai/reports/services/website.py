"""《政府网站工作年度报表》 (国办函〔2018〕12号): start the statement from the platform's data, edit
it, regenerate the counted rows, publish it on the site's home page, reopen it for a correction.
Every state move goes through ``WEBSITE_REPORT.apply`` (reports/transitions.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.orgs.models import Organization
from gongkai.reports import permissions, website, website_data
from gongkai.reports.models import WebsiteReport, WebsiteReportState
from gongkai.reports.services.common import account, today_local
from gongkai.reports.transitions import WEBSITE_REPORT, WebsiteAction

FIRST_WEBSITE_REPORT_YEAR = 2017  # 国办发〔2017〕47号 asked for the first statements on 2017


def _check_year(year: int, today: datetime.date) -> None:
    # The statement covers a finished year: the one on year N is filled in from 1 January N+1.
    if year < FIRST_WEBSITE_REPORT_YEAR or year >= today.year:
        raise ValidationFailed(
            "报表年度有误：只能填报已结束年度的网站工作年度报表。",
            fields={"year": [f"请填写{FIRST_WEBSITE_REPORT_YEAR}年至{today.year - 1}年之间的年度。"]},
        )


def _generated(org: Organization, year: int, today: datetime.date, keep: dict[str, Any]) -> dict[str, Any]:
    """The blank form with the DATA rows counted now; entered rows keep what was typed."""
    values = website.blank_values()
    values.update({k: v for k, v in keep.items() if k in website.ROWS})
    values.update(website_data.data_values(org, year, today=today))
    return values


@transaction.atomic
def website_report_start(
    *, actor: Actor, org: Organization, year: int, today: datetime.date | None = None
) -> WebsiteReport:
    """Create the statement's draft with every DATA row counted (idempotent per org and year)."""
    today = today or today_local()
    if not permissions.can_edit(actor, org):
        raise PermissionDenied("只有本单位的起草人员或政务公开管理员可以填报网站年度报表。")
    _check_year(year, today)
    existing = WebsiteReport.objects.filter(org=org, year=year).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = WebsiteReport.objects.create(
                org=org,
                year=year,
                state=WebsiteReportState.DRAFT,
                values=_generated(org, year, today, {}),
                generated_at=timezone.now(),
                created_by=account(actor),
            )
    except IntegrityError:  # started at the same moment by someone else: theirs stands
        return WebsiteReport.objects.get(org=org, year=year)
    audit_record(actor=actor, action="website_report.started", obj=report, after={"year": year})
    return report


def website_report_edit(*, actor: Actor, report: WebsiteReport, values: dict[str, object]) -> WebsiteReport:
    result: WebsiteReport = WEBSITE_REPORT.apply(actor, report, WebsiteAction.EDIT, values=values)
    return result


def website_report_regenerate(
    *, actor: Actor, report: WebsiteReport, today: datetime.date | None = None
) -> WebsiteReport:
    result: WebsiteReport = WEBSITE_REPORT.apply(actor, report, WebsiteAction.REGENERATE, today=today)
    return result


def website_report_publish(*, actor: Actor, report: WebsiteReport, today: datetime.date | None = None) -> WebsiteReport:
    result: WebsiteReport = WEBSITE_REPORT.apply(actor, report, WebsiteAction.PUBLISH, today=today)
    return result


def website_report_reopen(*, actor: Actor, report: WebsiteReport) -> WebsiteReport:
    result: WebsiteReport = WEBSITE_REPORT.apply(actor, report, WebsiteAction.REOPEN)
    return result


# --- the effects ---------------------------------------------------------------------------------


def clean_values(raw: dict[str, object]) -> dict[str, Any]:
    """Every row's value checked against its kind; all errors at once, keyed by row."""
    if len(raw) > 4 * len(website.ROWS):
        raise ValidationFailed("提交的字段过多。")
    cleaned, errors = {}, {}
    for key, row in website.ROWS.items():
        value, error = website.clean_value(row, raw.get(key))
        cleaned[key] = value
        if error:
            errors[key] = [error]
    if errors:
        raise ValidationFailed("网站年度报表有误，请按提示修改。", fields=errors)
    return cleaned


@WEBSITE_REPORT.effect(WebsiteAction.EDIT)
def _edit(ctx: Context[WebsiteReport]) -> WebsiteReport:
    raw = ctx.data.get("values") or {}
    cleaned = clean_values(dict(raw))
    before = dict(ctx.obj.values)
    ctx.update(values=cleaned)
    ctx.touch("updated_at")
    ctx.after["changed"] = sorted(key for key in cleaned if before.get(key) != cleaned[key])
    return ctx.obj


@WEBSITE_REPORT.effect(WebsiteAction.REGENERATE)
def _regenerate(ctx: Context[WebsiteReport]) -> WebsiteReport:
    report = ctx.obj
    today = ctx.data.get("today") or today_local()
    entered_keys = {key for key, row in website.ROWS.items() if row.source == website.Source.ENTERED}
    entered = {key: value for key, value in report.values.items() if key in entered_keys}
    ctx.update(values=_generated(report.org, report.year, today, entered), generated_at=timezone.now())
    ctx.touch("updated_at")
    return report


@WEBSITE_REPORT.effect(WebsiteAction.PUBLISH)
def _publish(ctx: Context[WebsiteReport]) -> WebsiteReport:
    report = ctx.obj
    missing = website.missing_for_publication(report.values)
    if missing:
        raise ValidationFailed(
            f"以下项目未填写，不能发布：{'、'.join(missing)}。",
            fields={key: ["发布前请填写此项。"] for key in website.REQUIRED_TO_PUBLISH if not report.values.get(key)},
            code="website_report_incomplete",
        )
    today = ctx.data.get("today") or today_local()
    corrections = report.corrections + (1 if report.published_values is not None else 0)
    # The first publication date stands: lateness (1月31日) is judged on it, not on a correction.
    ctx.update(published_values=dict(report.values), published_on=report.published_on or today, corrections=corrections)
    ctx.touch("updated_at")
    ctx.after.update({"year": report.year, "late": today > website.due_on(report.year)})
    return report


@WEBSITE_REPORT.effect(WebsiteAction.REOPEN)
def _reopen(ctx: Context[WebsiteReport]) -> WebsiteReport:
    ctx.touch("updated_at")
    return ctx.obj
