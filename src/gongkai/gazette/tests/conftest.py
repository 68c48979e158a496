import datetime
from typing import Any

import pytest
import time_machine

from gongkai.gazette import services
from gongkai.gazette.models import GazetteIssue, IssueState
from gongkai.guides.tests.helpers import NOW, make_staff, publish


@pytest.fixture
def staff(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return make_staff(org_tree, make_user, "z")


@pytest.fixture
def rule(staff: Any, org_tree: Any) -> Any:
    return publish(
        staff, org_tree["county"], title="石城县城市绿化管理办法", kind="rule", doc_number="石府令〔2025〕3号"
    )


@pytest.fixture
def issue_in(org_tree: Any, superuser: Any, rule: Any) -> Any:
    """An issue of the county's gazette (2025 No. n) in a given state."""
    numbers = iter(range(1, 100))

    def factory(state: str, *, entries: bool = True) -> GazetteIssue:
        with time_machine.travel(NOW, tick=False):
            issue = services.issue_create(
                actor=superuser,
                org=org_tree["county"],
                year=2025,
                number=next(numbers),
                issued_on=datetime.date(2025, 9, 20),
            )
            if entries:
                services.entry_add(actor=superuser, issue=issue, publication_id=rule.pk)
            if state == IssueState.PUBLISHED:
                services.issue_publish(actor=superuser, issue=issue)
            elif state == IssueState.DISCARDED:
                services.issue_discard(actor=superuser, issue=issue)
        issue.refresh_from_db()
        assert issue.state == state
        return issue

    return factory
