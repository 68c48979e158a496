"""Every public API operation at the edges of its inputs: no 5xx, and no runaway work.

Each parameter of each public operation (read from the OpenAPI document, so a new operation is
covered the day it is added) is driven, one at a time, to the extremes a client can send:
0, −1, 10^20, 2^63, a year of five digits, a NUL character, a lone surrogate (as the raw
bytes a browser would send), and 100 kB of text. The others keep ordinary values.
"""

import time
import urllib.parse

import pytest
from django.test import Client

from gongkai.api.main import api

pytestmark = pytest.mark.django_db

NUMBERS = ["0", "-1", str(10**20), str(2**63), str(2**63 - 1)]
TEXTS = ["\x00", "%ED%A0%80", "a" * 100_000, "10000-01-01", "-1", "99999"]
ORDINARY = {"integer": "1", "string": "shicheng", None: "2025"}
# One anonymous request must never cost more than a second (the brief); the bound here is
# looser so a loaded CI machine does not flake, and still catches any unbounded walk.
BOUND_SECONDS = 3.0
# The CKAN-compatible action API answers errors in CKAN's own shape, as CKAN clients expect.
CKAN_PATHS = ("/api/v1/opendata/api/3/",)


def _public_operations() -> list[tuple[str, str, list[tuple[str, str, str | None]]]]:
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method != "get" or operation.get("security"):
                continue
            params = [(p["name"], p["in"], p.get("schema", {}).get("type")) for p in operation.get("parameters", [])]
            found.append((method, path, params))
    return found


OPERATIONS = _public_operations()
CASES = [
    (path, params, name, value)
    for _, path, params in OPERATIONS
    for name, _, kind in params
    for value in (NUMBERS if kind == "integer" else NUMBERS + TEXTS)
]


def _url(path: str, params: list[tuple[str, str, str | None]], target: str, value: str) -> str:
    query = []
    for name, where, kind in params:
        raw = value if name == target else ORDINARY[kind if kind in ORDINARY else None]
        encoded = raw if raw.startswith("%") else urllib.parse.quote(raw, safe="")
        if where == "path":
            path = path.replace("{" + name + "}", encoded)
        else:
            query.append(f"{name}={encoded}")
    return path + ("?" + "&".join(query) if query else "")


def test_every_public_get_operation_is_covered():
    paths = {path for _, path, _ in OPERATIONS}
    assert "/api/v1/search" in paths and "/api/v1/foi/fees/quote" in paths
    assert len(CASES) > 300


@pytest.mark.parametrize(
    ("path", "params", "name", "value"), CASES, ids=[f"{c[0]}:{c[2]}={c[3][:12]!r}" for c in CASES]
)
def test_extreme_input_is_answered_without_a_server_error(org_tree, path, params, name, value):
    client = Client(raise_request_exception=False)
    url = _url(path, params, name, value)
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code < 500, (url[:200], response.status_code, response.content[:300])
    if response.status_code >= 400 and not path.startswith(CKAN_PATHS):
        assert response["Content-Type"].startswith("application/problem+json"), url[:200]
    assert elapsed < BOUND_SECONDS, (url[:200], elapsed)
