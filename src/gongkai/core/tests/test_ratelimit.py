"""Rate-limit counters that hold under concurrency, and the client address behind proxies."""

import threading
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django_ratelimit.core import get_usage

from gongkai.core.ratelimit import UNKNOWN_ADDRESS, client_ip


def _request(remote: str = "192.0.2.10", forwarded: str | None = None):
    request = RequestFactory().post("/form/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_proxies_the_socket_address_counts_and_headers_are_ignored(settings):
    settings.GONGKAI_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("192.0.2.10", forwarded="1.2.3.4")) == "192.0.2.10"


def test_behind_proxies_the_address_the_outermost_trusted_proxy_saw_counts(settings):
    settings.GONGKAI_TRUSTED_PROXY_COUNT = 1
    # The client forged an entry; the proxy appended the address it really saw.
    assert client_ip(_request("10.0.0.2", forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    settings.GONGKAI_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.2", forwarded="6.6.6.6, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"
    # Fewer entries than trusted proxies: the request did not come through them all.
    assert client_ip(_request("10.0.0.2", forwarded="")) == "10.0.0.2"
    # Garbage where an address should be: the proxy's own view, never an invalid key.
    assert client_ip(_request("10.0.0.2", forwarded="<script>, not-an-ip")) == "10.0.0.2"


def test_no_socket_address_is_one_valid_unknown_address(settings):
    """A server on a unix socket gives no REMOTE_ADDR: a valid placeholder, never a server error."""
    settings.GONGKAI_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("")) == UNKNOWN_ADDRESS == "0.0.0.0"  # noqa: S104


@pytest.fixture
def database_counters(settings):
    """The counters a site without Redis uses, on whichever database this run has."""
    settings.CACHES = {**settings.CACHES, "ratelimit": {"BACKEND": "gongkai.core.ratelimit.CounterCache"}}
    return caches["ratelimit"]


@pytest.mark.django_db
def test_the_database_counter_behaves_as_a_cache_for_the_limiter(database_counters):
    cache = database_counters
    assert cache.add("k", 1, 60) is True
    assert cache.add("k", 1, 60) is False
    assert [cache.incr("k") for _ in range(3)] == [2, 3, 4]
    assert cache.get("k") == 4
    assert cache.get("missing", "default") == "default"
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.set("k", 10, 60)
    assert cache.get("k") == 10
    assert cache.delete("k") is True
    assert cache.get("k") is None


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_burst_passes_exactly_the_limit(database_counters, monkeypatch):
    """60 simultaneous submissions from one address against 5/minute: exactly 5 pass."""
    # The counter's key names the current 60-second window (django_ratelimit reads
    # time.time()); a burst that straddles a window boundary legitimately passes 10.
    # Fix the clock of that module only, so the test measures the counting, not the hour.
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    database_counters.clear()
    request = _request("198.51.100.20")
    passed: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(12)

    def burst() -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(5):
                usage = get_usage(request, group="burst", key="ip", rate="5/m", method="POST", increment=True)
                passed.append(not usage["should_limit"])
        except BaseException as exc:  # reported below: a lost count must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=burst) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(passed) == 60
    assert passed.count(True) == 5


@pytest.mark.django_db
def test_anonymous_writes_share_one_site_wide_bound_whatever_the_address(settings, database_counters):
    """A flood from many addresses meets the global limit; reads and staff calls do not count."""
    from django.test import Client

    settings.GONGKAI_PUBLIC_WRITES_RATE = "3/m"
    database_counters.clear()

    def lookup(address: str, authorization: str = ""):
        client = Client(REMOTE_ADDR=address)
        if authorization:
            client.defaults["HTTP_AUTHORIZATION"] = authorization
        return client.post("/api/v1/mailbox/lookup", {"code": "x", "secret": "y"}, content_type="application/json")

    answers = [lookup(f"203.0.113.{n}").status_code for n in range(1, 4)]
    assert 429 not in answers
    flooded = lookup("203.0.113.99")
    assert flooded.status_code == 429 and flooded["Retry-After"] == "60"
    assert flooded.json()["code"] == "rate_limited"
    assert Client(REMOTE_ADDR="203.0.113.100").get("/api/v1/health").status_code == 200
    staff_call = lookup("203.0.113.101", authorization="Bearer not-checked-here")
    assert staff_call.status_code != 429
