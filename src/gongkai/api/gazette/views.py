"""政府公报 through the API: an org's archive by year and one issue with its contents (public);
an issue with its `actions`, adding entries and publishing (staff, `Authorization: Bearer`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.api import params
from gongkai.api.actions import ActionOut, actions_of
from gongkai.api.auth import StaffToken
from gongkai.core.actors import Actor
from gongkai.core.urls import public_url
from gongkai.gazette import selectors, services
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.transitions import ISSUE
from gongkai.orgs.selectors import organization_by_slug

router = Router(tags=["gazette"])
staff = StaffToken()


class EntryOut(Schema):
    id: int
    position: int
    section: str
    section_label: str
    title: str
    doc_number: str
    standard_text: bool
    publication_id: int | None
    publication_url: str | None


class IssueOut(Schema):
    id: int
    org: str
    title: str
    year: int
    number: int
    total_number: int | None
    issued_on: datetime.date
    state: str
    state_label: str
    pdf_url: str | None
    entries: list[EntryOut]
    actions: list[ActionOut]


class IssueSummaryOut(Schema):
    id: int
    year: int
    number: int
    issued_on: datetime.date
    title: str


class ArchiveOut(Schema):
    org: str
    years: list[dict[str, int]]
    issues: list[IssueSummaryOut]


class EntryIn(Schema):
    publication_id: int | None = None
    section: str | None = None
    title: str | None = None
    doc_number: str | None = None
    text: str | None = None


def _issue(actor: Actor, issue: GazetteIssue) -> dict[str, Any]:
    published = issue.state == "published"
    return {
        "id": issue.pk,
        "org": issue.org.slug,
        "title": issue.title,
        "year": issue.year,
        "number": issue.number,
        "total_number": issue.total_number,
        "issued_on": issue.issued_on,
        "state": issue.state,
        "state_label": issue.get_state_display(),
        "pdf_url": public_url("gazette_issue", pk=issue.pk) + "pdf/" if published else None,
        "entries": [
            {
                "id": e.pk,
                "position": e.position,
                "section": e.section,
                "section_label": e.get_section_display(),
                "title": e.title,
                "doc_number": e.doc_number,
                "standard_text": e.standard_text,
                "publication_id": e.publication_id,
                "publication_url": public_url("publication", pk=e.publication_id) if e.publication_id else None,
            }
            for e in selectors.entries_of(issue)
        ],
        "actions": actions_of(ISSUE, actor, issue),
    }


@router.get("/gazette/orgs/{org_slug}", response=ArchiveOut, summary="机构政府公报（按年度）")
def archive(request: HttpRequest, org_slug: str, year: int | None = params.year()) -> dict[str, Any]:
    org = organization_by_slug(org_slug)
    years = selectors.archive_years(org)
    chosen = year if year is not None else (years[0][0] if years else None)
    issues = selectors.published_issues(org).filter(year=chosen)[:400] if chosen else []
    return {
        "org": org.slug,
        "years": [{"year": y, "issues": n} for y, n in years],
        "issues": [
            {"id": i.pk, "year": i.year, "number": i.number, "issued_on": i.issued_on, "title": i.title} for i in issues
        ],
    }


@router.get("/gazette/issues/{issue_id}", response=IssueOut, summary="一期政府公报及其目录")
def issue_detail(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    return _issue(request.user, selectors.issue_get_public(pk=issue_id))


@router.get("/staff/gazette/issues/{issue_id}", response=IssueOut, auth=staff, summary="公报期次（含可执行操作）")
def staff_issue(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    return _issue(request.user, selectors.issue_get_for_staff(actor=request.user, pk=issue_id))


@router.post("/staff/gazette/issues/{issue_id}/entries", response=IssueOut, auth=staff, summary="添加目录条目")
def staff_entry_add(request: HttpRequest, issue_id: int, payload: EntryIn) -> dict[str, Any]:
    data = {k: v for k, v in payload.dict().items() if v not in (None, "")}
    issue = services.entry_add(actor=request.user, issue=issue_id, **data)
    return _issue(request.user, selectors.issue_get_for_staff(actor=request.user, pk=issue.pk))


@router.post("/staff/gazette/issues/{issue_id}/publish", response=IssueOut, auth=staff, summary="出版本期公报")
def staff_publish(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    issue = services.issue_publish(actor=request.user, issue=issue_id)
    return _issue(request.user, selectors.issue_get_for_staff(actor=request.user, pk=issue.pk))
