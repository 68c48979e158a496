"""年度报告 public pages: the org's published reports, one report in the portal layout (any
published version), and its downloads."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from gongkai.core.errors import NotFound
from gongkai.orgs import selectors as orgs
from gongkai.reports import render as rendering
from gongkai.reports import selectors

DOWNLOAD_RATE = "60/m"  # per IP: rendering is expensive the first time
_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def document(view: selectors.ReportView) -> rendering.Document:
    return rendering.Document(view.report.org.name, view.report.year, view.tables, view.prose, view.version)


def _version_param(request: HttpRequest) -> int | None:
    value = request.GET.get("v", "")
    return int(value) if value.isdigit() and len(value) < 6 else None


def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    return render(request, "portal/reports/list.html", {"org": org, "reports": selectors.reports_public(org)})


def report_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    view = selectors.report_get_public(org=org, year=year, version=_version_param(request))
    doc = document(view)
    context = {"org": org, "view": view, "doc": doc, **rendering.context(doc)}
    return render(request, "portal/reports/page.html", context)


@ratelimit(key="ip", rate=DOWNLOAD_RATE, group="report-download", block=True)
def report_download(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in _CONTENT_TYPES:
        raise NotFound("不支持该格式。")
    org = orgs.organization_by_slug(slug)
    view = selectors.report_get_public(org=org, year=year, version=_version_param(request))
    body = selectors.report_file(view, fmt)
    response = HttpResponse(body, content_type=_CONTENT_TYPES[fmt])
    number = view.version.number if view.version else 1
    filename = f"annual-report-{org.slug}-{year}-v{number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
