"""Public pages of 主动公开: the home page, an org's 信息公开专栏, catalog columns, the policy
library, an item (with its print view and QR code), and the staff sign-in page. Thin: each
view calls selectors and renders."""

import functools
import io
from typing import Any

import segno
from django.contrib.auth import views as auth_views
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.core.errors import Gone, NotFound
from gongkai.core.years import FIRST_YEAR, LAST_YEAR
from gongkai.disclosure import public_reads
from gongkai.disclosure import selectors as disclosure
from gongkai.disclosure.models import Kind, Validity
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as orgs
from gongkai.orgs import twofactor
from gongkai.orgs.models import Organization
from gongkai.orgs.roles import Role
from gongkai.portal import page_cache
from gongkai.portal.downloads import send_upload
from gongkai.portal.paging import CappedPaginator, page_number
from gongkai.portal.people.auth import begin_code_step

PAGE_SIZE = 20


def _site(org: Any) -> dict[str, Any]:
    """Pages about one organisation carry its name as the site name (see portal.context)."""
    return {"site_name": org.name, "site_org": org}


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) <= 6 else None


def _year_param(request: HttpRequest) -> int | None:
    """A year filter within the years the platform can hold (a year past 9999 is no date at all)."""
    year = _int_param(request, "year")
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def _filters_from(request: HttpRequest) -> dict[str, Any]:
    """Unknown filter values are ignored rather than answered with an error page."""
    kind = request.GET.get("kind", "")
    validity = request.GET.get("validity", "")
    return {
        "kind": kind if kind in Kind.values else "",
        "year": _year_param(request),
        "validity": validity if validity in Validity.values else "",
        "topic": request.GET.get("topic", "").strip()[:100],
    }


def _topics(request: HttpRequest) -> list[str]:
    """The 主题分类 of public items (a seek each), kept as for the API, under the content
    generation this request has read already."""
    return public_reads.topics_in_use(page_cache.request_generation(request).key)


def _list_filters(request: HttpRequest, filters: dict[str, Any], **scope: Any) -> disclosure.PublicFilters:
    """The list's filters from the form's: a topic asked for is a category with what is under it
    (public_reads.topics_asked), or one full topic."""
    asked = filters["topic"]
    others = {name: value for name, value in filters.items() if name != "topic"}
    topics = public_reads.topics_asked(asked, _topics(request) if asked else None)
    return disclosure.PublicFilters(**scope, **others, topics=topics)


def _filter_form(request: HttpRequest, filters: dict[str, Any]) -> dict[str, Any]:
    """What the filter form offers beside the kinds and validities: the topics in use by category,
    and a topic asked for that none of them is (kept in the form, matching nothing)."""
    topics = _topics(request)
    groups = public_reads.topic_groups(topics)
    asked = filters["topic"]
    known = asked in topics or any(group.category == asked for group in groups)
    return {"topic_groups": groups, "topic_unknown": asked if asked and not known else ""}


def _page(
    request: HttpRequest, qs: Any, *, unchanged: page_cache.Unchanged | None = None, known: int | None = None
) -> Any:
    paginator = CappedPaginator(qs, PAGE_SIZE, request=request, unchanged=unchanged, known=known)
    return paginator.get_page(page_number(request))


def staff_of(request: HttpRequest, org: Any) -> bool:
    """Staff of the org see its empty columns (空栏目) flagged, as inspections count them."""
    return bool(request.user.is_authenticated and org_permissions.has_role(request.user, org, *Role))


def catalog_tree(request: HttpRequest, org: Organization) -> list[dict[str, Any]]:
    """The org's catalog with its counts, recounted only after a change in this org."""
    return page_cache.memo_while_unchanged(
        request,
        f"catalog-tree:{org.pk}",
        lambda: disclosure.catalog_tree(org),
        functools.partial(disclosure.catalog_counts_unchanged, org),
    )


def _count_of(catalog: list[dict[str, Any]], node_id: int) -> int | None:
    for item in catalog:
        if item["node"].pk == node_id:
            return int(item["count"])
        found = _count_of(item["children"], node_id)
        if found is not None:
            return found
    return None


def catalog_node(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    node = disclosure.catalog_node_get(org, code)
    filters = _filters_from(request)
    qs = disclosure.publication_list_public(_list_filters(request, filters, org=org, node=node), rows_only=True)
    catalog = catalog_tree(request, org)
    # Unfiltered, the column's list is as long as its count in the catalog (disclosure.catalog_tree
    # counts it the same way): no second count of a large org's items after each of its changes.
    known = None if any(filters.values()) else _count_of(catalog, node.pk)
    context = {
        **_site(org),
        "org": org,
        "node": node,
        "catalog": catalog,
        # A column lists the org's own items (filing takes the org's columns only).
        "page": _page(request, qs, unchanged=functools.partial(disclosure.catalog_counts_unchanged, org), known=known),
        "filters": filters,
        **_filter_form(request, filters),
        "kinds": Kind.choices,
        "validities": Validity.choices,
        "staff_view": staff_of(request, org),
    }
    page_cache.shows(request, disclosure.PublicScope.of_subtree(org))
    return render(request, "portal/catalog_node.html", context)


def policy_library(request: HttpRequest) -> HttpResponse:
    """政策文件库 across every organisation."""
    filters = _filters_from(request)
    org = None
    if request.GET.get("org"):
        try:
            org = orgs.organization_by_slug(request.GET["org"])
        except NotFound:
            org = None
    qs = disclosure.policy_list_public(_list_filters(request, filters, org=org), rows_only=True)
    context = {
        "page": _page(request, qs),
        "filters": filters,
        **_filter_form(request, filters),
        "kinds": [(k.value, k.label) for k in disclosure.POLICY_KINDS],
        "validities": Validity.choices,
        "org": org,
    }
    page_cache.shows(request, disclosure.PublicScope.of_subtree(org) if org else disclosure.PublicScope.everything())
    return render(request, "portal/policies.html", context)


def publication_detail(request: HttpRequest, pk: int, *, printable: bool = False) -> HttpResponse:
    try:
        item = disclosure.publication_get_public(pk=pk)
    except Gone as exc:
        return render(request, "portal/gone.html", {"error": exc}, status=410)
    interpretations = list(disclosure.interpretations_of(item))
    context = {
        **_site(item.org),
        "item": item,
        "attachments": disclosure.public_attachments(item),
        "co_issuers": item.co_issuers.all(),
        "interpretations": interpretations,
        "page_url": request.build_absolute_uri(reverse("portal:publication", args=[item.pk])),
    }
    page_cache.shows(request, disclosure.PublicScope.of_publication(item, (i.pk for i in interpretations)))
    template = "portal/publication_print.html" if printable else "portal/publication.html"
    return render(request, template, context)


def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    attachment = disclosure.attachment_get_public(publication_pk=pk, pk=attachment_id)
    return send_upload(attachment.file, name=attachment.name, media_type=attachment.media_type)


def publication_print(request: HttpRequest, pk: int) -> HttpResponse:
    return publication_detail(request, pk, printable=True)


def publication_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """A QR code of the page's address, for reading it on a phone (扫一扫在手机打开当前页)."""
    try:
        item = disclosure.publication_get_public(pk=pk)
    except Gone as exc:
        raise NotFound() from exc
    url = request.build_absolute_uri(reverse("portal:publication", args=[item.pk]))
    # A standalone image needs the SVG namespace (svg_inline() omits it: browsers then show
    # nothing for <img src=…qr.svg>); save() writes a complete document with xmlns.
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, title="在手机上打开本页", encoding="utf-8")
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        """After a correct password, an account enrolled in two-factor sign-in is not signed
        in yet: it is asked for its TOTP code first (portal.people.auth.login_code)."""
        user = form.get_user()
        if twofactor.is_enrolled(user):
            return begin_code_step(self.request, user, self.get_redirect_url())
        return super().form_valid(form)
