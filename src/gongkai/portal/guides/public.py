"""Public 办事指南 pages: an org's guides and one guide with its policies and interpretations."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.guides import selectors
from gongkai.guides.elements import KEY_ELEMENTS
from gongkai.orgs.selectors import organization_by_slug
from gongkai.portal._shared import id_or_404
from gongkai.portal.downloads import send_upload

PAGE_SIZE = 50


def guide_list(request: HttpRequest, slug: str) -> HttpResponse:
    """An org's guides, 50 a page (a county lists a few hundred to two thousand items)."""
    org = organization_by_slug(slug)
    number = id_or_404(request.GET["page"]) if request.GET.get("page") else 1
    page = Paginator(selectors.published_versions(org), PAGE_SIZE).get_page(number)
    return render(request, "portal/guides/list.html", {"org": org, "versions": page, "page": page})


def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.guide_get_public(pk=pk)
    return render(
        request,
        "portal/guides/detail.html",
        {
            "version": version,
            "item": version.item,
            "org": version.item.org,
            "forms": list(version.forms.all()),
            "policies": selectors.policies_of(version.item),
            "elements": KEY_ELEMENTS,
        },
    )


def guide_form(request: HttpRequest, pk: int, form_id: int) -> FileResponse:
    form = selectors.guide_form_get_public(item_pk=pk, pk=form_id)
    return send_upload(form.file, name=form.name, media_type=form.media_type)
