"""Fixtures: a county's catalogue with a decision hosted by its 卫健委, meetings and proposals in each state."""

import datetime

import pytest
import time_machine

from gongkai.core.form_tokens import issue_form_token
from gongkai.decisions import services
from gongkai.decisions.models import Decision, Meeting, Proposal, ProposalUnit
from gongkai.orgs.roles import Role

DAY = datetime.date(2025, 3, 3)


@pytest.fixture
def people(org_tree, make_user):
    return {
        "office": make_user("dc-office", org=org_tree["county"], role=Role.ADMIN),
        "approver": make_user("dc-approver", org=org_tree["county"], role=Role.APPROVER),
        "host": make_user("dc-host", org=org_tree["dept"], role=Role.EDITOR),
        "unit_signer": make_user("dc-dept-signer", org=org_tree["dept"], role=Role.APPROVER),
        "town_editor": make_user("dc-town-editor", org=org_tree["township"], role=Role.EDITOR),
        "town_signer": make_user("dc-town-signer", org=org_tree["township"], role=Role.APPROVER),
        "stranger": make_user("dc-stranger", org=org_tree["sibling"], role=Role.ADMIN),
    }


def record_all(actor, decision, day=DAY):
    """Every step recorded (conditional steps waived with reasons when the decision allows)."""
    for kind in ("participation", "expert", "risk"):
        services.decision_record_step(
            actor=actor,
            decision=decision,
            kind=kind,
            status="not_applicable",
            reason="经研究不适用：依法不予公开的事项",
        )
    services.decision_record_step(
        actor=actor, decision=decision, kind="legality", status="done", done_on=day, summary="县司法局审查合法"
    )
    services.decision_record_step(
        actor=actor, decision=decision, kind="collective", status="done", done_on=day, summary="县政府常务会议讨论通过"
    )


@pytest.fixture
def catalog(org_tree, people):
    with time_machine.travel(DAY):
        return services.catalog_create(
            actor=people["office"], org=org_tree["county"], year=2025, title="石城县2025年重大行政决策事项目录"
        )


@pytest.fixture
def decision_in(org_tree, people, catalog):
    def make(state: str, *, technical=False, affects_stability=False) -> Decision:
        with time_machine.travel(DAY):
            d = services.decision_add(
                actor=people["office"],
                catalog=catalog,
                title="县城区公交线网优化调整方案",
                host_org=org_tree["dept"],
                planned_on=datetime.date(2025, 9, 30),
                technical=technical,
                affects_stability=affects_stability,
            )
            if catalog.state == "draft":
                services.catalog_publish(actor=people["office"], catalog=catalog)
                catalog.refresh_from_db()
            if state != "planned":
                if state == "withdrawn":
                    services.decision_withdraw(actor=people["approver"], decision=d, reason="上级统筹，调整出目录")
                else:
                    services.decision_start(actor=people["host"], decision=d)
            if state == "published":
                record_all(people["host"], d)
                services.decision_publish(
                    actor=people["approver"], decision=d, decision_html="<p>方案</p>", interpretation_html="<p>解读</p>"
                )
        d.refresh_from_db()
        assert d.state == state
        return d

    return make


@pytest.fixture
def meeting_in(org_tree, people):
    def make(state: str, *, capacity=3, selection="first_come", ends=datetime.date(2025, 6, 10)) -> Meeting:
        with time_machine.travel(datetime.date(2025, 6, 1)):
            m = services.meeting_create(
                actor=people["office"],
                org=org_tree["county"],
                data=services.MeetingInput(
                    title="县政府常务会议（公开部分）",
                    agenda="审议公交线网优化调整方案",
                    held_at=datetime.datetime(2025, 6, 25, 9, 0, tzinfo=datetime.UTC),
                    location="县政府第一会议室",
                    registration_ends_on=ends,
                    capacity=capacity,
                    selection=selection,
                ),
            )
            if state != "draft":
                services.meeting_announce(actor=people["office"], meeting=m)
                services.meeting_register(
                    meeting=m, kind="observe", name="李明", phone="13800000001", token=issue_form_token()
                )
        if state in ("selected", "held"):
            with time_machine.travel(datetime.date(2025, 6, 15)):
                services.meeting_select(actor=people["office"], meeting=m)
                if state == "held":
                    services.meeting_record_attendance(actor=people["office"], meeting=m, attended_ids=[])
        m.refresh_from_db()
        assert m.state == state
        return m

    return make


@pytest.fixture
def proposal_in(org_tree, people):
    def make(state: str, *, number="1", field="城市建设", two_units=False) -> Proposal:
        with time_machine.travel(datetime.date(2025, 1, 31)):
            p = services.proposal_register(
                actor=people["office"],
                org=org_tree["county"],
                data=services.ProposalInput(
                    year=2025,
                    kind="suggestion",
                    number=number,
                    author="王芳",
                    delegation="琴江镇代表团",
                    subject="关于增设城区公交站点的建议",
                    field=field,
                    body="建议在县医院门口增设公交站点。",
                ),
            )
            if state != "registered":
                joint = [org_tree["township"]] if two_units else []
                services.proposal_assign(actor=people["office"], proposal=p, lead=org_tree["dept"], joint=joint)
        if state in ("answered", "closed", "published"):
            with time_machine.travel(datetime.date(2025, 3, 1)):
                for unit in ProposalUnit.objects.filter(proposal=p):
                    services.unit_draft(actor=people["office"], unit=unit, reply="已协调公交公司增设站点。")
                    services.unit_sign(actor=people["office"], unit=unit, signed_by="张局长")
                if state in ("closed", "published"):
                    services.proposal_evaluate(actor=people["office"], proposal=p, satisfaction="satisfied")
                if state == "published":
                    services.proposal_publish(actor=people["office"], proposal=p, mode="full", consent=True)
        p.refresh_from_db()
        assert p.state == state
        return p

    return make
