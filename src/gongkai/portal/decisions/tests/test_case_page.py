"""A 重大行政决策 case page as a guided case (docs/staff-ui.md, 案件页面): exactly the table's
actions, 记录程序 suggested until every required step has its record, then 公布决策; the
timeline of what was done."""

import re

import pytest
import time_machine

from gongkai.decisions.tests.conftest import DAY, record_all
from gongkai.decisions.transitions import DECISION

pytestmark = pytest.mark.django_db


def panels(page: str) -> list[str]:
    return re.findall(r'<div data-action="(\w+)">', page.split('id="case-actions-h"', 1)[-1])


def offered(user, decision) -> set[str]:
    return {t.action for t in DECISION.available_actions(user, decision, interactive_only=True)}


def test_publishing_becomes_the_suggestion_once_every_step_is_recorded(client, people, decision_in):
    decision = decision_in("in_progress")
    url = f"/staff/decisions/items/{decision.pk}/"
    client.force_login(people["office"])
    page = client.get(url).content.decode()
    assert panels(page)[0] == "record_step" and panels(page)[-1] == "withdraw"
    assert set(panels(page)) == offered(people["office"], decision)
    with time_machine.travel(DAY):
        record_all(people["host"], decision)
    page = client.get(url).content.decode()
    assert panels(page) == ["publish", "record_step", "withdraw"]
    assert set(panels(page)) == offered(people["office"], decision)
    assert "启动决策程序（dc-host）" in page and "列入目录（dc-office）" in page
    client.force_login(people["host"])  # the host unit records steps; 公布 is the decision organ's
    page = client.get(url).content.decode()
    assert panels(page) == ["record_step"] == sorted(offered(people["host"], decision))
