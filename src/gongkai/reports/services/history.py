"""Reports published before the platform: imported as the org's report on a year, so that the
next year's I5 and copied-text checks have last year's figures and text."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import IntegrityError, transaction

from gongkai.core.actors import Actor
from gongkai.core.errors import Conflict, PermissionDenied
from gongkai.core.outbox import outbox_emit
from gongkai.core.transitions import Context
from gongkai.orgs.models import Organization
from gongkai.reports import permissions, selectors
from gongkai.reports.models import AnnualReport, ReportSource, ReportState, ReportVersion
from gongkai.reports.services.common import REPORT_CHANGED, account, check_year, today_local
from gongkai.reports.transitions import REPORT, Action


def report_import(
    *,
    actor: Actor,
    org: Organization,
    year: int,
    text: str,
    source_name: str,
    published_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReport:
    """Store a report published before the platform (HTML or text as on the portal, read by the
    auditor) as the org's report on `year`. It is created as a draft and published at once by
    the workflow's import step (one transaction), with what the auditor found."""
    from gongkai.reports.audit import audit_text
    from gongkai.reports.prose import split_sections

    today = today or today_local()
    if not permissions.can_publish(actor, org):
        raise PermissionDenied("只有本机关的签发人或政务公开管理员可以导入历史年度报告。")
    check_year(year, today)
    exists = Conflict(f"{org.name}{year}年度报告已存在，不能再导入。")
    if selectors.report_find(org, year) is not None:
        raise exists
    parsed, violations = audit_text(text, source=source_name)  # ReportUnreadable (422) if not a report
    sections = split_sections(parsed.prose)
    prose = {key: sections.get(key, "") for key in selectors.PROSE_FIELDS}
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = AnnualReport.objects.create(
                    org=org,
                    year=year,
                    format=parsed.tables.format.value,
                    source=ReportSource.IMPORTED,
                    state=ReportState.DRAFT,
                    created_by=account(actor),
                    **prose,
                )
        except IntegrityError:  # imported or started at the same moment by someone else
            raise exists from None
        imported: AnnualReport = REPORT.apply_nested(
            actor,
            report,
            Action.IMPORT,
            tables=parsed.tables.to_json(),
            violations=[v.as_dict() for v in violations],
            source_name=source_name,
            published_on=published_on,
        )
    return imported


@REPORT.effect(Action.IMPORT)
def _import(ctx: Context[AnnualReport]) -> AnnualReport:
    report, data = ctx.obj, ctx.data
    source_name = str(data["source_name"])
    ReportVersion.objects.create(
        report=report,
        number=report.versions.count() + 1,
        tables=data["tables"],
        prose=selectors.prose_of(report),
        violations=data["violations"],
        change_note=f"导入：{Path(source_name).name}",
        published_on=data["published_on"],
        published_by=account(ctx.actor),
    )
    ctx.touch("updated_at")
    outbox_emit(topic=REPORT_CHANGED, obj=report)
    ctx.after["year"] = report.year
    ctx.note = source_name
    return report
