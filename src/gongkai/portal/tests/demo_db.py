"""The demo built once per test module, as a plugin of the root conftest (`demo_site`): building
it takes seconds, and a module of page tests that each built it again spent most of its time
there. A module that asks for `demo_site` must not make orgs of its own with the demo's slugs
(org_tree does): each test runs in a transaction on top of the demo, rolled back after."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    """The demo is built once for the module (it takes a while); every test runs in its own
    transaction on top of it and is rolled back, and the module leaves the database empty."""
    from gongkai.portal import demo  # models: imported once Django is set up

    with django_db_blocker.unblock():
        orgs_by_slug, _, _ = demo.build_all()
        yield orgs_by_slug
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_site(_demo_once, db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    return _demo_once
