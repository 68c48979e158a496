"""Demo applications for `gongkai demo`: what an FOI officer of 石城县 finds on a working day.

Three cases made through the services (so the clocks, events, letters and audit rows are the real
ones): one just registered and waiting to be accepted, one in progress with its officer assigned
and a reply drafted for signing, and one answered with its signed 答复书. The applicants are
invented and carry no e-mail address, so building the demo sends nothing."""

from __future__ import annotations

import datetime
from typing import Any

from gongkai.core.actors import Actor
from gongkai.foi import services
from gongkai.foi.models import Application
from gongkai.orgs.models import Organization

# The sample resident ID number of GB 11643's own examples (valid check digit, nobody's).
_SAMPLE_ID = "11010519491231002X"


def _applicant(name: str, phone: str) -> services.Applicant:
    return services.Applicant(
        kind="natural_person",
        name=name,
        id_type="resident_id",
        id_number=_SAMPLE_ID,
        phone=phone,
        address="江西省赣州市石城县琴江镇（演示地址）",
    )


def _register(actor: Actor, org: Organization, who: str, phone: str, what: str, on: datetime.date) -> Application:
    app, _ = services.application_register(
        actor=actor,
        org=org,
        applicant=_applicant(who, phone),
        request=services.Request(description=what, info_form="electronic", delivery="pickup"),
        receipt=services.Receipt("in_person", on),
        today=on,
    )
    return app


def _drafted(
    actor: Actor,
    officer: Any,
    app: Application,
    *,
    accepted_on: datetime.date,
    drafted_on: datetime.date,
) -> None:
    """Accepted, assigned to the officer, and a reply drafted (disclosed, to be collected)."""
    services.application_accept(actor=actor, application=app, on=accepted_on)
    services.application_assign(actor=actor, application=app, officer=officer)
    services.reply_draft(
        actor=actor,
        application=app,
        details=services.ReplyDetails(outcome="disclosed", provision="请于工作日到县政府办公室领取。"),
        today=drafted_on,
    )


def build_demo_applications(*, actor: Actor, org: Organization, officer: Any, today: datetime.date) -> int:
    """The three cases, made once per org (nothing is added when the org has any application)."""
    if Application.objects.filter(org=org).exists():
        return 0
    days = datetime.timedelta
    # Answered: received three weeks ago, accepted, replied with the information disclosed.
    answered = _register(
        actor, org, "演示申请人甲", "13800000001", "石城县2024年城乡居民医疗救助资金的分配和使用情况", today - days(21)
    )
    _drafted(actor, officer, answered, accepted_on=today - days(20), drafted_on=today - days(14))
    services.application_reply(actor=actor, application=answered, on=today - days(14))
    # In progress: accepted, assigned, the reply drafted and waiting for 签发.
    drafted = _register(
        actor, org, "演示申请人乙", "13800000002", "琴江镇2025年农村危房改造补助对象名单及补助标准", today - days(8)
    )
    _drafted(actor, officer, drafted, accepted_on=today - days(7), drafted_on=today)
    # Just registered: waits for the officer to accept it (or ask for a correction).
    _register(
        actor,
        org,
        "演示申请人丙",
        "13800000003",
        "石城县2025年义务教育阶段学校课后服务收费标准的制定依据",
        today - days(1),
    )
    return 3
