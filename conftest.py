"""Fixtures shared by every app's tests: an organisation tree and users with roles."""

import itertools
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings

from gongkai.orgs.credit_code import check_character
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Level

# CI: the same examples on every run (a red CI is reproducible) and no per-example deadline on a
# shared two-core machine. Locally, `HYPOTHESIS_PROFILE=dev` explores new examples each run.
settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# `demo_site`: the demo built once per test module that asks for it.
pytest_plugins = ["gongkai.portal.tests.demo_db"]

_serial = itertools.count(1)


def make_credit_code(region: str = "360735") -> str:
    """A valid 统一社会信用代码 for a government body (机关, category 11) in `region`."""
    body = f"11{region}{next(_serial):08d}0"
    return body + check_character(body)


@pytest.fixture
def superuser(db: Any) -> Any:
    return get_user_model().objects.create_superuser("operator", password="operator-password-1")


@pytest.fixture
def org_tree(db: Any, superuser: Any) -> dict[str, Organization]:
    """赣州市 → 石城县 → (县卫健委, 木兰乡); 瑞金市 beside 石城县 as a sibling of the county."""
    from gongkai.orgs.services import organization_create

    city = organization_create(
        actor=superuser, name="赣州市人民政府", level=Level.CITY, credit_code=make_credit_code("360700"), slug="ganzhou"
    )
    county = organization_create(
        actor=superuser,
        name="石城县人民政府",
        short_name="石城县",
        level=Level.COUNTY,
        credit_code=make_credit_code(),
        slug="shicheng",
        parent=city,
    )
    sibling = organization_create(
        actor=superuser,
        name="瑞金市人民政府",
        level=Level.COUNTY,
        credit_code=make_credit_code("360781"),
        slug="ruijin",
        parent=city,
    )
    dept = organization_create(
        actor=superuser,
        name="石城县卫生健康委员会",
        short_name="县卫健委",
        level=Level.DEPARTMENT,
        credit_code=make_credit_code(),
        slug="shicheng-wjw",
        parent=county,
    )
    township = organization_create(
        actor=superuser,
        name="石城县木兰乡人民政府",
        short_name="木兰乡",
        level=Level.TOWNSHIP,
        credit_code=make_credit_code(),
        slug="shicheng-mulan",
        parent=county,
    )
    return {"city": city, "county": county, "sibling": sibling, "dept": dept, "township": township}


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    def factory(username: str, *, org: Organization | None = None, role: str | None = None) -> Any:
        user = get_user_model().objects.create_user(username, password=f"{username}-password-1")
        if org is not None and role is not None:
            Membership.objects.create(user=user, org=org, role=role)
        return user

    return factory


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Each test starts with an empty cache (locmem on SQLite runs, Redis on PostgreSQL runs)."""
    from django.core.cache import cache

    cache.clear()
    yield


# The PostgreSQL pass of scripts/test runs only the tests that use the database: a test that
# never opens a connection (the calendar, the detectors, the layer contracts...) gives the same
# answer on either backend and has already run in the SQLite pass.
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only tests that use the database (the second, PostgreSQL pass of scripts/test)",
    )


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    keep = [item for item in items if uses_database(item)]
    dropped = [item for item in items if not uses_database(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
