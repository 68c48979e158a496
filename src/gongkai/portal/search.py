"""The portal's search page: one search box over every public item, with filters and facets."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from gongkai.core.errors import NotFound, ServiceUnavailable, ValidationFailed
from gongkai.disclosure.models import Kind, Validity
from gongkai.orgs import selectors as orgs
from gongkai.search.documents import TYPE_LABELS
from gongkai.search.services import SearchRequest, search


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) <= 6 else None


def _refine(params: Any, **changes: str) -> str:
    """The query string of this search with some parameters changed (and back to page 1)."""
    kept = {k: v for k, v in params.items() if k != "page" and k not in changes and v}
    kept.update({k: v for k, v in changes.items() if v})
    return "?" + urlencode(kept)


def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    q = params.get("q", "")[:10_000]
    org = None
    if params.get("org"):
        try:
            org = orgs.organization_by_slug(params["org"])
        except NotFound:
            org = None
    kind = params.get("kind", "")
    validity = params.get("validity", "")
    search_request = SearchRequest(
        q=q,
        org=org,
        types=[params["type"]] if params.get("type") in TYPE_LABELS else [],
        kinds=[kind] if kind in Kind.values else [],
        year_from=_int(params.get("year_from", "")),
        year_to=_int(params.get("year_to", "")),
        validity=[validity] if validity in Validity.values else [],
        sort="date" if params.get("sort") == "date" else "relevance",
        page=_int(params.get("page", "")) or 1,
        facets=True,  # the page shows the per-type counts
    )
    context: dict[str, Any] = {
        "q": q,
        "org": org,
        "params": params,
        "kinds": Kind.choices,
        "validities": Validity.choices,
        "type_labels": TYPE_LABELS,
    }
    if q.strip() or any(params.get(k) for k in ("org", "kind", "year_from", "year_to", "type", "validity")):
        try:
            result = search(search_request)
        except ValidationFailed as exc:
            context["error"] = exc.message
        except ServiceUnavailable as exc:  # a replica with no index snapshot: the notice, not a 500
            context["error"] = exc.message
            return render(request, "portal/search.html", context, status=exc.http_status)
        else:
            context["result"] = result
            context["type_facets"] = [
                (TYPE_LABELS.get(t, t), n, _refine(params, type=t), params.get("type") == t)
                for t, n in result.facets.get("type", {}).items()
            ]
            context["all_types_url"] = _refine(params, type="")
            context["hits"] = [(hit, TYPE_LABELS.get(hit.type, "")) for hit in result.hits]
            context["has_next"] = result.page * result.page_size < result.total
    return render(request, "portal/search.html", context)


urlpatterns = [path("search/", search_page, name="search")]
