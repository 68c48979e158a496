"""Page cache and conditional GET for the public pages that everyone reads (issue 24).

A middleware, keyed on the URL name of the view the request resolved to, so that it does not
depend on how the views are written:

- the *content generation* names the state of everything public: the newest outbox event
  (every publish, withdrawal, change of validity, org rename or move, site settings and
  catalog column change writes one in its transaction), the newest release time that has
  passed (a scheduled publication becomes public without a write), and a time bucket (pages
  also show figures no event announces, such as counts of other modules: they are at most one
  bucket old);
- the ETag is a digest of that generation with the host, the full path and the reading-aid
  cookies; a request whose If-None-Match (or If-Modified-Since) matches is answered 304
  without running the view;
- an anonymous GET answered 200 is stored under the same digest, for one bucket at most.
  A new generation changes every key at once, in every worker, because the generation is
  read from the database on each request (no process holds it). It is read once per request
  (`request_generation`): the site resolution of portal.sites keys its memo on it too.

Never cached: requests with a session (signed-in staff and anyone mid-way through a form),
responses other than 200, responses that set a cookie, carry a CSRF token or a CSP nonce,
or hold a form that posts.
"""

import datetime
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from gongkai.core.models import OutboxEvent
from gongkai.disclosure.models import Publication

# The public pages the cache serves (URL names); everything else passes through untouched.
CACHED_VIEWS = frozenset(
    {
        "portal:home",
        "portal:org",
        "portal:org_xxgk",
        "portal:catalog_node",
        "portal:policies",
        "portal:publication",
    }
)
# The reading aids (繁體, 字号, 适老化) change the page; each takes a few short values.
READING_AID_COOKIES = ("gk_script", "gk_font", "gk_care")
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary")


def pages_cache() -> BaseCache:
    """Redis when configured, else this process's memory: whatever is kept in it is keyed on the
    content generation, so a process-local copy is as current as a shared one."""
    return caches["pages"] if "pages" in settings.CACHES else caches["default"]


def _seconds() -> int:
    return max(1, int(getattr(settings, "GONGKAI_PAGE_CACHE_SECONDS", 300)))


def _as_timestamp(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, str):  # SQLite hands a subquery's datetime back as text
        parsed = parse_datetime(value)
        if parsed is None:
            return 0.0
        value = parsed
    if value.tzinfo is None:
        # SQLite stores UTC without an offset, and some of its subqueries come back as naive
        # datetimes: .timestamp() would read those in the process's zone (Asia/Shanghai).
        value = value.replace(tzinfo=datetime.UTC)
    return float(value.timestamp())


def content_generation() -> tuple[str, float]:
    """(generation, last change as a POSIX time): what every cached page and ETag depends on.

    One statement of three index probes, written out because it runs on every public request
    (through the ORM the same reads cost ten times as much)."""
    events, publications = OutboxEvent._meta.db_table, Publication._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {events}),"  # noqa: S608 (table names from the models)
            f" (SELECT created_at FROM {events} ORDER BY id DESC LIMIT 1),"
            f" (SELECT public_from FROM {publications} WHERE public_from <= %s ORDER BY public_from DESC LIMIT 1)",
            [connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        last_event, event_at, released = cursor.fetchone()
    bucket = int(time.time()) // _seconds()
    released_at = _as_timestamp(released)
    changed = max(_as_timestamp(event_at), released_at)
    return f"{last_event or 0}.{released_at}.{bucket}", changed


def request_generation(request: HttpRequest) -> tuple[str, float]:
    """`content_generation()` read once per request, whoever asks first."""
    known = getattr(request, "_gk_generation", None)
    if known is None:
        known = content_generation()
        request._gk_generation = known  # type: ignore[attr-defined]
    return known


_T = TypeVar("_T")
_MISSING = object()


def memo(request: HttpRequest, key: str, compute: Callable[[], _T]) -> _T:
    """A value computed from public content (e.g. an org's catalog counts, which read every filed
    item of the org), kept in the pages cache under the content generation: any outbox event or
    release makes a new one, so it is never older than the pages themselves. Used whether or not
    whole pages are cached."""
    generation, _ = request_generation(request)
    digest = hashlib.sha256(f"{generation}\n{key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    cache = pages_cache()
    value = cache.get(f"gk:memo:{digest}", _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(f"gk:memo:{digest}", value, timeout=_seconds())
    return value


@dataclass(frozen=True)
class _Stamp:
    """The content a memo_while_unchanged value was computed (or last confirmed) against."""

    last_event: int
    released: datetime.datetime | None
    bucket: int
    seen_at: datetime.datetime


def _stamp(generation: str) -> _Stamp:
    # content_generation's "<last event>.<release timestamp>.<bucket>" (the timestamp has a dot).
    last_event, rest = generation.split(".", 1)
    released, bucket = rest.rsplit(".", 1)
    at = float(released)
    return _Stamp(
        last_event=int(last_event),
        released=datetime.datetime.fromtimestamp(at, tz=datetime.UTC) if at else None,
        bucket=int(bucket),
        seen_at=timezone.now(),
    )


# unchanged(after_event=..., released_after=..., seen_at=..., now=...): nothing the value
# depends on changed since (e.g. disclosure.catalog_counts_unchanged for one org).
Unchanged = Callable[..., bool]


def memo_while_unchanged(request: HttpRequest, key: str, compute: Callable[[], _T], unchanged: Unchanged) -> _T:
    """memo() for a value that depends on a small part of the content (one org's catalog
    counts): when the generation has moved, `unchanged` is asked whether anything the value
    depends on changed since it was computed, and the value is kept (re-stamped) if not. In a
    province every publication anywhere moves the generation; recounting a large org's catalog
    on each of them made most of its pages pay for it. Kept for one time bucket at most, as
    memo() is, so that nothing can hold it longer."""
    current = _stamp(request_generation(request)[0])
    cache = pages_cache()
    cache_key = "gk:memo-while:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    stored = cache.get(cache_key)
    if stored is not None:
        value, stamp = stored
        if stamp.bucket == current.bucket and (
            (stamp.last_event, stamp.released) == (current.last_event, current.released)
            or unchanged(
                after_event=stamp.last_event,
                released_after=stamp.released,
                seen_at=stamp.seen_at,
                now=current.seen_at,
            )
        ):
            if (stamp.last_event, stamp.released) != (current.last_event, current.released):
                cache.set(cache_key, (value, current), timeout=_seconds())
            return cast(_T, value)
    value = compute()
    cache.set(cache_key, (value, current), timeout=_seconds())
    return value


def _eligible(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "GONGKAI_PAGE_CACHE", True):
        return False
    match = request.resolver_match
    if match is None or match.view_name not in CACHED_VIEWS:
        return False
    # A session means someone signed in or with flash messages pending: their page is theirs.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _digest(request: HttpRequest, generation: str) -> str:
    aids = "|".join(request.COOKIES.get(name, "")[:20] for name in READING_AID_COOKIES)
    raw = "\n".join([generation, request.get_host(), request.get_full_path(), aids])
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None):
        return False
    body = response.content.lower()  # type: ignore[attr-defined]
    return b"csrfmiddlewaretoken" not in body and b'method="post"' not in body


def _validators(response: HttpResponseBase, etag: str, changed: float) -> HttpResponseBase:
    response["ETag"] = etag
    if changed:
        response["Last-Modified"] = http_date(changed)
    # Shared pages may be kept, but asked about again each time (a 304 costs next to nothing).
    response["Cache-Control"] = "no-cache"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        pending = getattr(request, "_gk_page_cache", None)
        if pending is not None and _storable(request, response):
            key, etag, changed = pending
            headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
            pages_cache().set(key, (response.content, headers), timeout=_seconds())  # type: ignore[attr-defined]
            _validators(response, etag, changed)
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponseBase | None:
        if not _eligible(request):
            return None
        generation, changed = request_generation(request)
        digest = _digest(request, generation)
        etag = f'"{digest}"'
        not_modified = get_conditional_response(request, etag=etag, last_modified=int(changed) or None)
        if not_modified is not None:
            return _validators(not_modified, etag, changed)
        key = f"gk:page:{digest}"
        hit = pages_cache().get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return _validators(response, etag, changed)
        request._gk_page_cache = (key, etag, changed)  # type: ignore[attr-defined]
        return None
