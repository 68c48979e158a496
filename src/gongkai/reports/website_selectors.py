"""Reads for the 政府网站工作年度报表: the form as sections of display rows, the staff's working
copy, the published statements, and which sites under a supervisor have not published on time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization
from gongkai.reports import permissions, website
from gongkai.reports.models import WebsiteReport, WebsiteReportState

MAX_SUPERVISED = 2000


@dataclass(frozen=True)
class DisplayRow:
    key: str
    label: str
    value: Any
    text: str  # the value as shown (是/否, "—" for not filled)
    unit: str
    indent: int
    counted: bool  # counted from the platform's records (else entered by the office)
    kind: str


@dataclass(frozen=True)
class DisplaySection:
    title: str
    rows: list[DisplayRow]


def sections_of(values: dict[str, Any]) -> list[DisplaySection]:
    return [
        DisplaySection(
            section.title,
            [
                DisplayRow(
                    row.key,
                    row.label,
                    values.get(row.key),
                    website.display(row, values.get(row.key)),
                    row.unit,
                    row.indent,
                    row.source == website.Source.DATA,
                    row.kind.value,
                )
                for row in section.rows
            ],
        )
        for section in website.SECTIONS
    ]


def website_report_find(org: Organization, year: int) -> WebsiteReport | None:
    return WebsiteReport.objects.filter(org=org, year=year).select_related("org").first()


def website_report_for_staff(*, actor: Actor, pk: int) -> WebsiteReport:
    report = WebsiteReport.objects.select_related("org").filter(pk=pk).first()
    if report is None or not permissions.can_see_website_report(actor, report):
        raise NotFound("未找到该网站年度报表。")
    return report


def website_reports_of(org: Organization, *, limit: int = 50) -> list[WebsiteReport]:
    """The org's statements, drafts included (the caller checked the actor may see its drafts)."""
    return list(WebsiteReport.objects.filter(org=org).order_by("-year")[:limit])


def website_reports_public(org: Organization) -> QuerySet[WebsiteReport]:
    return WebsiteReport.objects.filter(org=org, published_values__isnull=False).order_by("-year")


def website_report_public(*, org: Organization, year: int) -> WebsiteReport:
    """A published statement (while a correction is drafted, the last published one stays public)."""
    report = website_reports_public(org).filter(year=year).select_related("org").first()
    if report is None:
        raise NotFound("未找到该年度的网站工作年度报表。")
    return report


def website_report_latest_public(org: Organization) -> WebsiteReport | None:
    """The newest published statement, for the home page's 显著位置 (国办函〔2018〕12号 二)."""
    return website_reports_public(org).select_related("org").first()


@dataclass(frozen=True)
class SiteStatus:
    org: Organization
    report: WebsiteReport | None
    due_on: datetime.date
    published_on: datetime.date | None
    late: bool  # published after the due date, or still unpublished once it has passed

    @property
    def state_label(self) -> str:
        if self.report is None:
            return "未填报"
        if self.report.published_values is None:
            return "草稿未发布"
        return "已发布" if self.report.state == WebsiteReportState.PUBLISHED else "已发布（更正中）"


def supervision(*, org: Organization, year: int, today: datetime.date) -> list[SiteStatus]:
    """Each org in the subtree with its statement for `year`: who has published, who is late."""
    due = website.due_on(year)
    members = list(orgs.organization_subtree(org)[:MAX_SUPERVISED])
    by_org = {r.org_id: r for r in WebsiteReport.objects.filter(org__in=members, year=year)}
    rows = []
    for member in members:
        report = by_org.get(member.pk)
        published_on = report.published_on if report and report.published_values is not None else None
        late = (published_on is not None and published_on > due) or (published_on is None and today > due)
        rows.append(SiteStatus(member, report, due, published_on, late))
    return rows
