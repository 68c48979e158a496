"""The whole API against its own OpenAPI document (schemathesis): no server error and no status
code the document does not list, anonymously and with a staff token, for every operation.

Derandomised with a bounded number of examples per operation, so a CI run is reproducible.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from gongkai.orgs.roles import Role
from gongkai.orgs.services import api_token_create

EXAMPLES = 5
CHECKS = [not_a_server_error, status_code_conformance]
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


# The document is read from the app itself (no server, no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection(db: Any, org_tree: Any) -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which would close the
    test's transaction; Django's own test client suspends that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def staff_headers(org_tree: Any, make_user: Any) -> dict[str, str]:
    """An admin of the county: the widest staff role short of the platform operator."""
    user = make_user("schema-admin", org=org_tree["county"], role=Role.ADMIN)
    return {"Authorization": f"Bearer {api_token_create(actor=user, user=user, name='schemathesis')[1]}"}


@schema.parametrize()
@HYPOTHESIS
def test_anonymous_calls_conform_to_the_document(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@HYPOTHESIS
def test_staff_calls_conform_to_the_document(case: Any, staff_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=staff_headers, checks=CHECKS)
