"""Reads of 政府公报: the public archive by year, one issue, staff lists, search texts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from gongkai.core.actors import Actor
from gongkai.core.errors import NotFound
from gongkai.gazette import permissions
from gongkai.gazette.models import GazetteEntry, GazetteIssue, IssueState
from gongkai.orgs.models import Organization


def published_issues(org: Organization | None = None) -> QuerySet[GazetteIssue]:
    qs = GazetteIssue.objects.filter(state=IssueState.PUBLISHED).select_related("org")
    if org is not None:
        qs = qs.filter(org=org)
    return qs.order_by("-year", "-number")


def archive_years(org: Organization) -> list[tuple[int, int]]:
    """(year, number of issues) of an org's published gazette, newest first."""
    rows = published_issues(org).values("year").annotate(n=Count("id")).order_by("-year")
    return [(r["year"], r["n"]) for r in rows]


def issue_get_public(*, pk: int) -> GazetteIssue:
    issue = published_issues().filter(pk=pk).first()
    if issue is None:
        raise NotFound("未找到该期公报。")
    return issue


def entries_of(issue: GazetteIssue) -> QuerySet[GazetteEntry]:
    return issue.entries.order_by("position", "id")


def issue_get_for_staff(*, actor: Actor, pk: int) -> GazetteIssue:
    issue = GazetteIssue.objects.select_related("org").filter(pk=pk).first()
    if issue is None or not permissions.can_see_issue(actor, issue):
        raise NotFound("未找到该期公报。")
    return issue


def issues_for_staff(actor: Actor, org: Organization) -> QuerySet[GazetteIssue]:
    if not permissions.can_see_gazette(actor, org):
        raise NotFound("未找到该机构。")
    return GazetteIssue.objects.filter(org=org).annotate(entry_count=Count("entries")).order_by("-year", "-number")


@dataclass(frozen=True)
class IssueText:
    """A published issue as plain data for the search index."""

    pk: int
    org_id: int
    org_path: list[int]
    title: str
    text: str
    issued_on: datetime.date
    year: int


def public_issue_texts(pks: set[int] | list[int]) -> list[IssueText]:
    result = []
    for issue in published_issues().filter(pk__in=list(pks)).prefetch_related("entries"):
        lines = []
        for entry in entries_of(issue):
            mark = "（标准文本）" if entry.standard_text else ""
            lines.append(f"{entry.title}{mark} {entry.doc_number}\n{entry.text}")
        result.append(
            IssueText(
                issue.pk,
                issue.org_id,
                issue.org.ancestor_ids(),
                issue.title,
                "\n".join(lines),
                issue.issued_on,
                issue.year,
            )
        )
    return result


def public_issue_pks() -> list[int]:
    return list(published_issues().order_by("pk").values_list("pk", flat=True))
