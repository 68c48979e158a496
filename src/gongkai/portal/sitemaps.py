"""The sitemaps of the public site (sitemaps.org protocol), for search engines: /sitemap.xml is
an index naming the orgs' sitemap and one sitemap per block of SITEMAP_IDS publication ids,
each listing the public items of its block.

Django's sitemap view served both sections under one address with one page number: page 2 was
"empty" for the orgs' section and answered 404, so a search engine saw the first 5,000 items of
an archive of any size; and each page counted every public item and read its rows with an
OFFSET past all those before it. A block of ids is one range of the table's key, read in one
pass; an empty block (every item in it withdrawn or not public) is an empty, valid sitemap."""

from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure.public_reads import public_ids_between, publication_id_ceiling
from gongkai.orgs.models import Organization
from gongkai.portal.paging import page_number

# Publication ids per sitemap: at most this many URLs in one (the protocol allows 50,000).
SITEMAP_IDS = 5000
# The protocol's limits: URLs per sitemap, sitemaps per index.
MAX_URLS = 50_000
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _xml(root: str, entries: Iterable[str]) -> HttpResponse:
    """The document written out: Django's sitemap template took 0.6 s for 5,000 URLs, resolving
    each field through its template variables."""
    body = "\n".join([f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{_NS}">', *entries, f"</{root}>\n"])
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _url(location: str, changefreq: str, lastmod: str = "") -> str:
    dated = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(location)}</loc>{dated}<changefreq>{changefreq}</changefreq></url>"


def _blocks() -> int:
    return min(MAX_URLS - 1, -(-publication_id_ceiling() // SITEMAP_IDS))


def sitemap_index(request: HttpRequest) -> HttpResponse:
    publications = reverse("portal:sitemap_publications")
    locations = [reverse("portal:sitemap_orgs")] + [f"{publications}?p={n}" for n in range(1, _blocks() + 1)]
    entries = (f"<sitemap><loc>{escape(request.build_absolute_uri(loc))}</loc></sitemap>" for loc in locations)
    return _xml("sitemapindex", entries)


def sitemap_orgs(request: HttpRequest) -> HttpResponse:
    slugs = Organization.objects.order_by("pk").values_list("slug", flat=True)[:MAX_URLS]
    return _xml("urlset", (_url(request.build_absolute_uri(reverse("portal:org", args=[s])), "daily") for s in slugs))


def sitemap_publications(request: HttpRequest) -> HttpResponse:
    block = page_number(request, "p", default=0)
    if not 1 <= block <= _blocks():
        raise Http404("没有这一页网站地图。")
    first = (block - 1) * SITEMAP_IDS
    # An item's address, reversed once: /info/<pk>/ around the id.
    head, tail = request.build_absolute_uri(reverse("portal:publication", args=[0])).rsplit("0", 1)
    entries = (
        _url(f"{head}{pk}{tail}", "monthly", timezone.localdate(public_from).isoformat() if public_from else "")
        for pk, public_from in public_ids_between(first, first + SITEMAP_IDS)
    )
    return _xml("urlset", entries)
