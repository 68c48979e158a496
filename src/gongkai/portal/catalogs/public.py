"""The public 标准目录 page of an org: its published catalogs, one tab per area, each item with
its columns and a link to the content published under it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.catalogs import coverage as cov
from gongkai.catalogs import selectors
from gongkai.orgs.selectors import organization_by_slug


def catalog_standard(request: HttpRequest, slug: str) -> HttpResponse:
    org = organization_by_slug(slug)
    versions = selectors.published_versions(org)
    wanted = request.GET.get("area", "")
    current = next((v for v in versions if v.catalog.area == wanted), versions[0] if versions else None)
    items = list(selectors.version_items(current)) if current else []
    if current is not None:
        measured = {
            i.item_id: i for o in cov.coverage([org]) for a in o.areas if a.version_id == current.pk for i in a.items
        }
        for item in items:
            item.coverage = measured.get(item.pk)  # type: ignore[attr-defined]
            item.reading = selectors.rule_reading(item)  # type: ignore[attr-defined]
    return render(
        request,
        "portal/catalogs/public.html",
        {"org": org, "versions": versions, "current": current, "items": items},
    )
