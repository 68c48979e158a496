"""Page cache and conditional GET for the public pages that everyone reads (issue 24).

A middleware, keyed on the URL name of the view the request resolved to, so that it does not
depend on how the views are written:

- the *content generation* names the state of everything public: the newest outbox event
  (every publish, withdrawal, change of validity, org rename or move, site settings and
  catalog column change writes one in its transaction), the newest release time that has
  passed (a scheduled publication becomes public without a write), and a time bucket (pages
  also show figures no event announces, such as counts of other modules: they are at most one
  bucket old);
- an anonymous GET answered 200 is stored under the host, the full path and the reading-aid
  cookies, with the generation it was made in and what the view said it shows
  (`shows(request, scope)`: an org's subtree, an item and its interpretations). While the
  generation is the same, the page is served as it is. When the generation has moved but is
  in the same time bucket, disclosure.scope_unchanged looks at the changes since (two to four
  index probes): if none is in the page's scope, the page is served and stamped with the new
  generation; otherwise it is made afresh. In a province most changes are in some other org
  or of a module these pages do not show (UNSHOWN_TOPICS), and a page kept through them costs
  those probes instead of its queries and template. A page is never kept past its time
  bucket, and one whose view said nothing is kept only within its generation;
- the ETag is a digest of the generation a page was made in with the host, the full path and
  the reading-aid cookies, so it stays the same while the page is kept; a request whose
  If-None-Match (or If-Modified-Since) matches is answered 304 without running the view.
  The generation is read from the database on each request (no process holds it), once
  (`request_generation`): the site resolution of portal.sites keys its memo on it too.

Never cached: requests with a session (signed-in staff and anyone mid-way through a form),
responses other than 200, responses that set a cookie, carry a CSRF token or a CSP nonce,
or hold a form that posts.
"""

import datetime
import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from gongkai.disclosure.public_changes import PublicScope, public_content_cache, public_stamp, scope_unchanged
from gongkai.gazette.services.issues import GAZETTE_CHANGED
from gongkai.opendata.services.datasets import DATASET_CHANGED
from gongkai.participation.services.consultations import CONSULTATION_CHANGED
from gongkai.participation.services.mailbox import MESSAGE_CHANGED
from gongkai.reports.services import REPORT_CHANGED

# The public pages the cache serves (URL names); everything else passes through untouched.
CACHED_VIEWS = frozenset(
    {
        "portal:home",
        "portal:org",
        "portal:org_xxgk",
        "portal:catalog_node",
        "portal:policies",
        "portal:publication",
        "portal:org_directory",
    }
)
# Outbox topics of modules that no page of CACHED_VIEWS shows (they only link to them): a
# mailbox reply released, a consultation opened, a dataset, a gazette issue or an annual report
# published leaves every cached page as it is. In a province the mailbox alone writes hundreds
# of events a working day. Every other topic reaches every page: an org or a site (names, the
# tree, the look), a guide (an item's page lists the guides linked to it), and any topic not
# known here.
UNSHOWN_TOPICS = frozenset({MESSAGE_CHANGED, CONSULTATION_CHANGED, DATASET_CHANGED, GAZETTE_CHANGED, REPORT_CHANGED})
# The reading aids (繁體, 字号, 适老化) change the page; each takes a few short values.
READING_AID_COOKIES = ("gk_script", "gk_font", "gk_care")
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary")


pages_cache = public_content_cache


def _seconds() -> int:
    return max(1, int(getattr(settings, "GONGKAI_PAGE_CACHE_SECONDS", 300)))


class Generation(NamedTuple):
    """The state of everything public, as read once per request."""

    key: str  # what every cached page, ETag and memo depends on
    changed: float  # the last change (event or release) as a POSIX time: Last-Modified
    last_event: int  # the newest outbox event
    released: datetime.datetime | None  # the newest release time that has passed
    bucket: int  # the time bucket of GONGKAI_PAGE_CACHE_SECONDS
    # When it was read: an event written shortly before may commit after (public_changes).
    # (A default, for what an earlier version pickled into a shared cache.)
    read_at: datetime.datetime | None = None

    def seen_at(self) -> datetime.datetime:
        return self.read_at or timezone.now()


def content_generation() -> Generation:
    """What every cached page and ETag depends on: the public stamp and the time bucket."""
    stamp = public_stamp()
    bucket = int(time.time()) // _seconds()
    key = f"{stamp.key}.{bucket}"
    return Generation(key, stamp.changed, stamp.last_event, stamp.released, bucket, stamp.read_at)


def request_generation(request: HttpRequest) -> Generation:
    """`content_generation()` read once per request, whoever asks first."""
    known = getattr(request, "_gk_generation", None)
    if known is None:
        known = content_generation()
        request._gk_generation = known  # type: ignore[attr-defined]
    return cast(Generation, known)


_T = TypeVar("_T")
_MISSING = object()


def memo(request: HttpRequest, key: str, compute: Callable[[], _T]) -> _T:
    """A value computed from public content (e.g. an org's catalog counts, which read every filed
    item of the org), kept in the pages cache under the content generation: any outbox event or
    release makes a new one, so it is never older than the pages themselves. Used whether or not
    whole pages are cached."""
    generation = request_generation(request).key
    digest = hashlib.sha256(f"{generation}\n{key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    cache = pages_cache()
    value = cache.get(f"gk:memo:{digest}", _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(f"gk:memo:{digest}", value, timeout=_seconds())
    return value


# unchanged(after_event=..., released_after=..., seen_at=..., now=...): nothing the value
# depends on changed since (e.g. disclosure.catalog_counts_unchanged for one org).
Unchanged = Callable[..., bool]


def _still_current(then: Generation, current: Generation, unchanged: Unchanged | None) -> bool:
    """Whether what was made in generation `then` is still what would be made now: the same
    generation, or, within the same time bucket, `unchanged` finds none of the changes since
    in what it depends on (without it, only the same generation will do)."""
    if then.key == current.key:
        return True
    if unchanged is None or then.bucket != current.bucket:
        return False
    return unchanged(
        after_event=then.last_event, released_after=then.released, seen_at=then.seen_at(), now=timezone.now()
    )


def memo_while_unchanged(request: HttpRequest, key: str, compute: Callable[[], _T], unchanged: Unchanged) -> _T:
    """memo() for a value that depends on a small part of the content (one org's catalog
    counts): when the generation has moved, `unchanged` is asked whether anything the value
    depends on changed since it was computed, and the value is kept (re-stamped with the new
    generation) if not. In a province every publication anywhere moves the generation;
    recounting a large org's catalog on each of them made most of its pages pay for it. Kept
    for one time bucket at most, as memo() is, so that nothing can hold it longer."""
    current = request_generation(request)
    cache = pages_cache()
    cache_key = "gk:memo-kept:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    stored = cache.get(cache_key)
    if stored is not None:
        value, then = stored
        if _still_current(then, current, unchanged):
            if then.key != current.key:
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


def _page_key(request: HttpRequest) -> str:
    aids = "|".join(request.COOKIES.get(name, "")[:20] for name in READING_AID_COOKIES)
    raw = "\n".join([request.get_host(), request.get_full_path(), aids])
    return "gk:pg:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _etag(generation: Generation, page_key: str) -> str:
    return '"' + hashlib.sha256(f"{generation.key}\n{page_key}".encode()).hexdigest()[:32] + '"'


def shows(request: HttpRequest, scope: PublicScope) -> None:
    """What the page being made shows of the public content (see the module's docstring): the
    view says it, so that its cached copy can be kept through changes outside it."""
    request._gk_page_scope = scope  # type: ignore[attr-defined]


class _Stored(NamedTuple):
    content: bytes
    headers: dict[str, str]
    etag: str
    changed: float  # Last-Modified
    generation: Generation  # in which it was made, or last found unchanged
    scope: PublicScope | None  # what it shows; None: kept within its generation only


def _current(key: str, stored: _Stored, generation: Generation) -> bool:
    """Whether a stored page is what the view would make now (see the module's docstring)."""
    scope = stored.scope
    unchanged = None if scope is None else functools.partial(scope_unchanged, scope, unshown_topics=UNSHOWN_TOPICS)
    if not _still_current(stored.generation, generation, unchanged):
        return False
    if stored.generation.key != generation.key:  # checked up to this generation: start from it next
        pages_cache().set(key, stored._replace(generation=generation), timeout=_seconds())
    return True


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
            key, etag, generation = pending
            headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
            scope = getattr(request, "_gk_page_scope", None)
            content = response.content  # type: ignore[attr-defined]
            stored = _Stored(content, headers, etag, generation.changed, generation, scope)
            pages_cache().set(key, stored, timeout=_seconds())
            _validators(response, etag, generation.changed)
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponseBase | None:
        if not _eligible(request):
            return None
        generation = request_generation(request)
        key = _page_key(request)
        stored = pages_cache().get(key)
        if not isinstance(stored, _Stored) or not _current(key, stored, generation):
            stored = None
        etag = stored.etag if stored else _etag(generation, key)
        changed = stored.changed if stored else generation.changed
        not_modified = get_conditional_response(request, etag=etag, last_modified=int(changed) or None)
        if not_modified is not None:
            return _validators(not_modified, etag, changed)
        if stored is not None:
            response = HttpResponse(stored.content)
            for name, value in stored.headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return _validators(response, etag, changed)
        request._gk_page_cache = (key, etag, generation)  # type: ignore[attr-defined]
        return None
