"""Rate limits that hold across worker processes, and the client address behind trusted proxies.

django-ratelimit counts with ``cache.add`` and ``cache.incr``. Those are atomic in Redis; in a
file or local-memory cache they are a read and a write, so a burst over several processes
passes far more than the limit. Without Redis the counters live in the database instead
(``CounterCache``), where an increment is one UPDATE.

Behind a reverse proxy every request comes from the proxy's address: ``client_ip`` takes the
address the outermost trusted proxy saw, from ``X-Forwarded-For``, counting
``GONGKAI_TRUSTED_PROXY_COUNT`` proxies from the right (entries further left are whatever the
client chose to send and are never trusted). Rate limits and login lockouts both use it.
"""

import datetime
import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from gongkai.core.models import RateCounter
from gongkai.core.plain_errors import plain_error

_PRUNE_BATCH = 200
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder key, never a bind address


def client_ip(request: HttpRequest) -> str:
    """The client's address as the outermost trusted proxy saw it (REMOTE_ADDR with no proxy).

    Always a valid address: a server on a unix socket gives no REMOTE_ADDR, and a forwarded
    entry that is not an address is ignored; both count as the unknown address 0.0.0.0, one
    bucket for every client the site cannot tell apart.
    """
    remote = _address(str(request.META.get("REMOTE_ADDR", "")))
    trusted = int(getattr(settings, "GONGKAI_TRUSTED_PROXY_COUNT", 0))
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part][:64]
    # The last proxy appended the address it saw last; with N trusted proxies the client is
    # the N-th entry from the right. Fewer entries than proxies: the request bypassed one.
    if len(forwarded) >= trusted:
        return _address(forwarded[-trusted], fallback=remote)
    return remote


def _address(value: str, fallback: str = UNKNOWN_ADDRESS) -> str:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return fallback


def axes_client_ip(request: HttpRequest) -> str:
    return client_ip(request)


class CounterCache(BaseCache):
    """A cache backend holding only integer counters, in the database (``core.RateCounter``)."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)

    def _expiry(self, timeout: Any) -> datetime.datetime:
        seconds = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
        return timezone.now() + datetime.timedelta(seconds=max(1, int(seconds or 0)))

    def _prune(self) -> None:
        stale = list(
            RateCounter.objects.filter(expires_at__lte=timezone.now()).values_list("key", flat=True)[:_PRUNE_BATCH]
        )
        if stale:
            RateCounter.objects.filter(key__in=stale, expires_at__lte=timezone.now()).delete()

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with transaction.atomic():
            self._prune()
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, value=int(value), expires_at=self._expiry(timeout))
            except IntegrityError:
                return False
        return True

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        with transaction.atomic():
            live = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now())
            if live.update(value=F("value") + delta) == 0:
                raise ValueError(f"Key '{key}' not found")
            # The UPDATE holds the row until commit, so this reads our own increment.
            return int(live.values_list("value", flat=True).get())

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now()).values_list("value", flat=True)
        return next(iter(row), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        RateCounter.objects.update_or_create(
            key=key, defaults={"value": int(value), "expires_at": self._expiry(timeout)}
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return RateCounter.objects.filter(key=key).update(expires_at=self._expiry(timeout)) > 0

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return RateCounter.objects.filter(key=key).delete()[0] > 0

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self.get(key, version=version) is not None

    def clear(self) -> None:
        RateCounter.objects.all().delete()


def public_writes_limit(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: one limit on anonymous writes across the whole site (GONGKAI_PUBLIC_WRITES_RATE).

    Each public form also limits each address (its own group); this one holds when a flood comes
    from many addresses at once, which no per-address limit sees. Staff (signed-in) requests and
    reads are not counted. Answered 429 with Retry-After, in Chinese, problem+json for the API.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and not _is_staff_request(request):
            usage = get_usage(
                request,
                group="public-writes-global",
                key=lambda group, request: "all",
                rate=settings.GONGKAI_PUBLIC_WRITES_RATE,
                method=ALL,
                increment=True,
            )
            if usage is not None and usage["should_limit"]:
                return _too_many(request)
        return get_response(request)

    return middleware


def _is_staff_request(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # API calls with a staff token are authenticated by the API itself, after this middleware.
    return str(request.META.get("HTTP_AUTHORIZATION", "")).startswith("Bearer ")


def _too_many(request: HttpRequest) -> HttpResponse:
    return plain_error(
        request,
        status=429,
        code="rate_limited",
        title="请稍后再试",
        message="当前提交人数过多，请稍后再试。",
        retry_after=60,
    )
