"""Login lockout holds against guesses spread over addresses and over accounts, and is audited."""

import pytest
from django.test import Client

from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _post(address: str, username: str, password: str):
    return Client(REMOTE_ADDR=address).post("/staff/login/", {"username": username, "password": password})


def test_an_account_locks_after_failures_from_many_addresses(make_user):
    make_user("clerk")
    for n in range(4):
        assert _post(f"203.0.113.{n + 1}", "clerk", "wrong").status_code == 200
    assert _post("203.0.113.5", "clerk", "wrong").status_code == 429  # the fifth failure locks
    # The right password from a sixth, fresh address: still locked.
    response = _post("198.51.100.7", "clerk", "clerk-password-1")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    event = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert event is not None and event.after["username"] == "clerk"


def test_an_address_locks_after_one_password_sprayed_over_many_accounts(make_user):
    for n in range(6):
        make_user(f"user{n}")
    for n in range(4):
        assert _post("203.0.113.9", f"user{n}", "Spring2026!").status_code == 200
    assert _post("203.0.113.9", "user4", "Spring2026!").status_code == 429
    # A sixth account from the same address, with its real password: the address is locked.
    assert _post("203.0.113.9", "user5", "user5-password-1").status_code == 429
    # Another address is not affected.
    assert _post("198.51.100.8", "user5", "user5-password-1").status_code == 302
