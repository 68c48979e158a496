"""Fixtures of the opinion tests: staff around 县卫健委, an event in each state, a published policy."""

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine

from gongkai.disclosure import services as disclosure
from gongkai.disclosure.services import Content
from gongkai.opinion import services
from gongkai.opinion.models import Channel, Event, EventState, Level, Source
from gongkai.orgs.roles import Role

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime.datetime:
    """A fixed Beijing-time timestamp: "2025-06-01 07:00"."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def staff(org_tree, make_user) -> dict[str, Any]:
    return {
        "editor": make_user("op-editor", org=org_tree["dept"], role=Role.EDITOR),
        "dept_approver": make_user("op-dept-approver", org=org_tree["dept"], role=Role.APPROVER),
        "reviewer": make_user("op-reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "approver": make_user("op-approver", org=org_tree["county"], role=Role.APPROVER),
        "admin": make_user("op-admin", org=org_tree["county"], role=Role.ADMIN),
        "township_editor": make_user("op-township", org=org_tree["township"], role=Role.EDITOR),
        "sibling_admin": make_user("op-sibling", org=org_tree["sibling"], role=Role.ADMIN),
    }


def event_input(**overrides: Any) -> services.EventInput:
    values: dict[str, Any] = {
        "title": "网传某乡镇卫生院拒收急诊病人",
        "source": Source.SOCIAL,
        "first_seen_at": at("2025-06-01 07:00"),
        "level": Level.MAJOR,
        "subject": "",
        "summary": "短视频平台转发量较大。",
    }
    values.update(overrides)
    return services.EventInput(**values)


@pytest.fixture
def make_event(org_tree, staff):
    """An event registered in the county, routed to 县卫健委, taken to `state`."""

    def factory(state: str = EventState.REGISTERED, **overrides: Any) -> Event:
        with time_machine.travel(at("2025-06-01 08:00"), tick=False):
            event = services.event_register(
                actor=staff["admin"],
                org=org_tree["county"],
                data=event_input(responsible_org_id=org_tree["dept"].pk, **overrides),
            )
            if state in (EventState.ASSESSED, EventState.RESPONDED, EventState.CLOSED):
                services.event_assess(actor=staff["admin"], event=event, assessment="属实，需回应。")
            if state in (EventState.RESPONDED, EventState.CLOSED):
                services.event_respond(
                    actor=staff["admin"],
                    event=event,
                    responded_at=at("2025-06-01 07:50"),
                    channel=Channel.STATEMENT,
                    response_text="县卫健委已介入调查。",
                )
            if state == EventState.CLOSED:
                services.event_close(actor=staff["admin"], event=event, effect="good")
        event.refresh_from_db()
        return event

    return factory


def publish_policy(staff, org, *, major: bool = True, title: str = "石城县基层医疗卫生服务能力提升实施方案") -> Any:
    """A policy of 县卫健委 through review and publication (签发 without 三同步 recorded as overridden)."""
    policy, _ = disclosure.publication_create_draft(
        actor=staff["editor"],
        org=org,
        content=Content(
            title=title,
            kind="policy",
            body_html="<p>为提升基层医疗卫生服务能力，制定本方案。</p>",
            written_on=datetime.date(2025, 3, 1),
            formed_on=datetime.date(2025, 3, 2),
            is_major_policy=major,
        ),
    )
    disclosure.publication_submit(actor=staff["editor"], publication=policy)
    disclosure.publication_decide(actor=staff["reviewer"], publication=policy, decision="approve", opinion="同意")
    disclosure.publication_decide(
        actor=staff["approver"], publication=policy, decision="approve", override_reason="解读以新闻发布会形式另行发布"
    )
    return disclosure.publication_publish(actor=staff["approver"], publication=policy)
