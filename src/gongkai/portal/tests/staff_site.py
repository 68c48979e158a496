"""A small, real back office for the staff-page tests (test_staff_chinese, test_staff_browser_a11y,
test_staff_every_page_a11y, test_browser_pages): the demo site plus an 依申请公开 case, a 领导信箱
letter and a published 年度报告, all made through the services, and one clerk holding every role
on every top-level organisation. `every_kind_site` adds one object of every kind a staff page
shows, so that a walk over the back office opens every page."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model

from gongkai.core.form_tokens import issue_form_token
from gongkai.disclosure.models import Publication
from gongkai.foi.models import Application
from gongkai.foi.services import intake
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role
from gongkai.participation import services as participation
from gongkai.participation.models import Consultation, Message
from gongkai.portal import demo
from gongkai.portal.tests.staff_kinds import add_every_kind
from gongkai.reports import services as reports
from gongkai.reports.tests.conftest import finish_draft

# 10:00 on 20 January 2026 in 石城 (the demo consultations and the 2025 report are dated to it).
NOW = datetime.datetime(2026, 1, 20, 2, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 1, 20)


@dataclass
class StaffSite:
    username: str
    password: str
    plan_id: int
    case_id: int
    message_id: int
    consultation_id: int
    shicheng_id: int


def add_casework(user: Any, county: Organization) -> tuple[Application, Message]:
    """In `county`: an 依申请公开 application, a 领导信箱 letter, and its 2025 年度报告 drafted,
    submitted and published by `user`."""
    application = intake.application_submit(
        org=county,
        applicant=intake.Applicant(
            kind="natural_person",
            name="王五",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13700137000",
            address="石城县琴江镇2号",
        ),
        request=intake.Request(description="2025年石城县乡村医生补助发放标准", info_form="paper", delivery="mail"),
        today=TODAY,
    ).application
    message, _, _ = participation.message_submit(
        org=county,
        category="consult",
        subject="琴江镇路灯维修",
        body="琴江镇东门村口的路灯坏了两周，请问何时维修？",
        writer_name="张三",
        writer_phone="13800000000",
        token=issue_form_token(),
        today=TODAY,
    )
    report = reports.report_start(actor=user, org=county, year=2025, today=TODAY)
    report = finish_draft(report, user)
    report = reports.report_submit(actor=user, report=report)
    reports.report_publish(actor=user, report=report, today=TODAY)
    return application, message


def build_staff_site(*, operator: bool = False) -> StaffSite:
    orgs, _, _ = demo.build_all()
    user, password = demo.ensure_user("every-role-clerk", operator=operator)
    assert password is not None
    # Demo set-up like demo.build_users, not an administrative act: every role, from the top.
    for org in Organization.objects.filter(parent__isnull=True):
        for role in Role:
            Membership.objects.create(user=user, org=org, role=role)
    application, message = add_casework(user, orgs["shicheng"])
    return StaffSite(
        username=user.username,
        password=password,
        plan_id=Publication.objects.get(source_key="seed:002_0cf31afc2e5c933c.txt").pk,
        case_id=application.pk,
        message_id=message.pk,
        consultation_id=Consultation.objects.order_by("pk").values_list("pk", flat=True)[0],
        shicheng_id=orgs["shicheng"].pk,
    )


@pytest.fixture
def staff_site() -> Iterator[StaffSite]:
    with time_machine.travel(NOW, tick=True):
        yield build_staff_site()


@dataclass
class EveryKind(StaffSite):
    object_pages: list[str]  # the staff page of each object add_every_kind made


@pytest.fixture
def every_kind_site() -> Iterator[EveryKind]:
    """The staff site, its clerk also a platform operator (so 机构管理 opens too), plus one
    object of every kind a staff page shows."""
    with time_machine.travel(NOW, tick=True):
        site = build_staff_site(operator=True)
        user = get_user_model().objects.get(username=site.username)
        pages = add_every_kind(user, {o.slug: o for o in Organization.objects.all()}, TODAY)
        yield EveryKind(**vars(site), object_pages=pages)
