"""Public 政府公报 pages: the archive by year, one issue with its contents, the issue's PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.urls import public_url
from gongkai.gazette import render as gazette_render
from gongkai.gazette import selectors
from gongkai.orgs.selectors import organization_by_slug
from gongkai.portal._shared import id_or_404

MAX_ISSUES_PER_YEAR = 400


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    org = organization_by_slug(slug)
    years = selectors.archive_years(org)
    year = None
    if request.GET.get("year"):
        year = id_or_404(request.GET["year"])
    elif years:
        year = years[0][0]
    issues = list(selectors.published_issues(org).filter(year=year)[:MAX_ISSUES_PER_YEAR]) if year else []
    return render(request, "portal/gazette/archive.html", {"org": org, "years": years, "year": year, "issues": issues})


def _entry_urls(request: HttpRequest, issue: object) -> dict[int, str]:
    return {
        e.pk: request.build_absolute_uri(public_url("publication", pk=e.publication_id))
        for e in selectors.entries_of(issue)  # type: ignore[arg-type]
        if e.publication_id
    }


def issue_page(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get_public(pk=pk)
    entries = list(selectors.entries_of(issue))
    for entry in entries:
        entry.link = public_url("publication", pk=entry.publication_id) if entry.publication_id else ""  # type: ignore[attr-defined]
    return render(request, "portal/gazette/issue.html", {"issue": issue, "org": issue.org, "entries": entries})


def issue_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_get_public(pk=pk)
    pdf = gazette_render.render_pdf(issue, entry_urls=_entry_urls(request, issue))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="gazette-{issue.year}-{issue.number}.pdf"'
    return response
