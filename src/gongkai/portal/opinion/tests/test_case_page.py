"""The 舆情 case page as a guided case page (docs/staff-ui.md, 案件页面): the response window in
words, the path as steps, exactly the table's actions with the suggested one first, a timeline."""

import re

import pytest
import time_machine

from gongkai.opinion import selectors
from gongkai.opinion.models import EventState
from gongkai.opinion.tests.conftest import at
from gongkai.opinion.transitions import EVENT

pytestmark = pytest.mark.django_db


def panels(page: str) -> list[str]:
    return re.findall(r'<div data-action="(\w+)">', page.split('id="case-actions-h"', 1)[-1])


def offered(user, event) -> set[str]:
    return {t.action for t in EVENT.available_actions(user, event, interactive_only=True)}


def test_the_event_page_reads_as_a_guided_case(client, staff, make_event):
    event = make_event(EventState.ASSESSED)
    client.force_login(staff["admin"])
    with time_machine.travel(at("2025-06-01 09:00"), tick=False):
        page = client.get(f"/staff/opinion/events/{event.pk}/").content.decode()
        clock = selectors.clock_for(event)
    assert f"回应时限：{event.respond_by:%Y}年" in page and f"（{clock.label}）" in page
    assert panels(page) == ["respond", "share"] and set(panels(page)) == offered(staff["admin"], event)
    assert "研判（op-admin）" in page and "登记（op-admin）" in page
    assert '<li class="s-step s-step--current" aria-current="step"><span class="s-step-label">回应' in page
    client.force_login(staff["reviewer"])
    assert panels(client.get(f"/staff/opinion/events/{event.pk}/").content.decode()) == []

    answered = make_event(EventState.RESPONDED, title="网传某路段积水严重")
    client.force_login(staff["admin"])
    page = client.get(f"/staff/opinion/events/{answered.pk}/").content.decode()
    assert panels(page) == ["close", "share"] and set(panels(page)) == offered(staff["admin"], answered)
    assert "已于2025年6月1日 07:50回应（按时回应）" in page
