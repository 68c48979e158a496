"""Public pages at the edges of their inputs: every query parameter a page reads, driven to the
values a client can send (huge numbers, five-digit years, control characters, 100 kB), and odd
path values; never a server error."""

import urllib.parse

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/policies/",
    "/org/shicheng/",
    "/orgs/",
    "/org/shicheng/xxgk/",
    "/org/shicheng/xxgk/guide/",
    "/org/shicheng/sitemap/",
    "/org/shicheng/contact/",
    "/org/shicheng/catalog/gkzn/",
    "/org/shicheng/feed.atom",
    "/search/",
    "/consultations/",
    "/mailbox/",
    "/events/",
    "/org/shicheng/reports/",
    "/org/shicheng/mailbox/",
    "/org/shicheng/foi/apply/",
    "/org/shicheng/foi/track/",
]
PARAMS = ["year", "page", "kind", "validity", "topic", "org", "q", "type", "which", "v", "start", "end", "node"]
PARAMS += ["sort", "year_from", "year_to", "mine"]
VALUES = ["\x00", "0", "-1", "10000", "99999", str(2**62), str(10**20), "%ED%A0%80", "a" * 100_000]
VALUES += ["2025-02-30", "１２"]
ODD_PATHS = [
    "/info/0/",
    f"/info/{2**63}/",
    f"/info/{10**20}/",
    "/org/shicheng/reports/10000/",
    f"/org/shicheng/reports/{10**20}/",
    "/org/shicheng/catalog/%ED%A0%80/",
    "/org/" + "a" * 5000 + "/",
    "/consultations/99999999999999999999/",
    "/mailbox/99999999999999999999/",
    "/events/99999999999999999999/",
]


def _get(url: str):
    return Client(raise_request_exception=False).get(url)


# One test per page and parameter, every value inside it: 306 tests instead of 3,366, each of which
# built the org tree again (a third of the module's time went to that set-up).
@pytest.mark.parametrize("name", PARAMS)
@pytest.mark.parametrize("page", PAGES)
def test_query_extremes_never_give_a_server_error(org_tree, page, name):
    errors = []
    for value in VALUES:
        encoded = value if value.startswith("%") else urllib.parse.quote(value, safe="")
        status = _get(f"{page}?{name}={encoded}").status_code
        if status >= 500:
            errors.append((value[:20], status))
    assert not errors, (page, name, errors)


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_are_not_found_not_server_errors(org_tree, path):
    response = _get(path)
    assert response.status_code in (400, 404, 410), (path[:60], response.status_code)
