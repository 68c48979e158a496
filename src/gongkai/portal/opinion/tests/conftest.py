from gongkai.opinion.tests.conftest import make_event, staff  # noqa: F401  (shared fixtures)
