"""A small, real back office for the staff-page tests (test_staff_chinese, test_staff_browser_a11y):
the demo site plus an 依申请公开 case, a 领导信箱 letter and a published 年度报告, all made
through the services, and one clerk holding every role on every top-level organisation."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from gongkai.core.form_tokens import issue_form_token
from gongkai.disclosure.models import Publication
from gongkai.foi.services import intake
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.roles import Role
from gongkai.participation import services as participation
from gongkai.participation.models import Consultation
from gongkai.portal import demo
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


@pytest.fixture
def staff_site() -> Iterator[StaffSite]:
    with time_machine.travel(NOW, tick=True):
        orgs, _, _ = demo.build_all()
        user, password = demo.ensure_user("every-role-clerk")
        assert password is not None
        # Demo set-up like demo.build_users, not an administrative act: every role, from the top.
        for org in Organization.objects.filter(parent__isnull=True):
            for role in Role:
                Membership.objects.create(user=user, org=org, role=role)
        application = intake.application_submit(
            org=orgs["shicheng"],
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
            org=orgs["shicheng"],
            category="consult",
            subject="琴江镇路灯维修",
            body="琴江镇东门村口的路灯坏了两周，请问何时维修？",
            writer_name="张三",
            writer_phone="13800000000",
            token=issue_form_token(),
            today=TODAY,
        )
        report = reports.report_start(actor=user, org=orgs["shicheng"], year=2025, today=TODAY)
        report = finish_draft(report, user)
        report = reports.report_submit(actor=user, report=report)
        reports.report_publish(actor=user, report=report, today=TODAY)
        yield StaffSite(
            username=user.username,
            password=password,
            plan_id=Publication.objects.get(source_key="seed:002_0cf31afc2e5c933c.txt").pk,
            case_id=application.pk,
            message_id=message.pk,
            consultation_id=Consultation.objects.order_by("pk").values_list("pk", flat=True)[0],
            shicheng_id=orgs["shicheng"].pk,
        )
