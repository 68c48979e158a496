"""Which site of the cluster a request is for: the site whose host list names the request's
host, else the org named by a /org/<slug>/ path, else the cluster portal. Pages about one org
still show that org's site (portal.templatetags.site_chrome); this is the fallback for every
other page, the 404 and 410 pages included, so an error keeps the look of the site it is on."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gongkai.orgs import selectors as orgs
from gongkai.orgs.models import Organization, Site
from gongkai.portal.page_cache import pages_cache, request_generation

_ORG_PATH = re.compile(r"^/org/([a-z0-9-]{1,60})/")
# Requests that never render a site's pages: the API (its health and readiness checks must answer
# for themselves while the database is down), static files and uploads. No lookup for them.
_NO_SITE_PREFIXES = ("/api/", "/static/", "/media/")


def host_of(request: HttpRequest) -> str:
    """The host name without port, lower case; '' when the Host header is not allowed."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: Django answers 400 itself later; routing stays neutral.
        return ""
    return host.rsplit(":", 1)[0].lower() if not host.startswith("[") else host.lower()


_UNKNOWN = object()


def _remembered(request: HttpRequest, key: str, read: Callable[[], Site | None]) -> Site | None:
    """`read()`, remembered in the page cache under the newest outbox event: every change of a
    site or of an org writes one (orgs.services), so the memo is never older than the sites, in
    any worker, and most requests skip the query (issue 24)."""
    last_event = request_generation(request).last_event
    full_key = f"gk:{key}:{last_event}"
    cache = pages_cache()
    site = cache.get(full_key, _UNKNOWN)
    if site is _UNKNOWN:
        site = read()
        cache.set(full_key, site, timeout=600)
    return site


def site_for_request(request: HttpRequest, host: str) -> Site | None:
    """`orgs.site_for_host`, remembered (`_remembered`)."""
    if not host:
        return None
    return _remembered(request, f"site-for-host:{host}", lambda: orgs.site_for_host(host))


def site_of_org(request: HttpRequest | None, org: Organization) -> Site | None:
    """`orgs.site_of`, remembered (`_remembered`): the site whose look and footer every page
    about the org wears (portal.sites.chrome)."""
    if request is None:
        return orgs.site_of(org)
    return _remembered(request, f"site-of:{org.pk}", lambda: orgs.site_of(org))


def resolve_site(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        site = None if request.path.startswith(_NO_SITE_PREFIXES) else site_for_request(request, host_of(request))
        request.gk_site_by_host = site is not None  # type: ignore[attr-defined]
        match = _ORG_PATH.match(request.path)
        request.gk_path_slug = match.group(1) if match else ""  # type: ignore[attr-defined]
        request.gk_site = site  # type: ignore[attr-defined]
        return get_response(request)

    return middleware
