"""The issue's acceptance scenarios, on fixed dates, through the real services and database."""

import datetime

import pytest
import time_machine

from gongkai.core.errors import Conflict, ValidationFailed
from gongkai.core.form_tokens import issue_form_token
from gongkai.decisions import selectors, services
from gongkai.decisions.models import DecisionCatalog, MeetingRegistration, Proposal, ProposalUnit
from gongkai.decisions.tests.conftest import DAY
from gongkai.participation import services as participation_services
from gongkai.participation.services.consultations import ConsultationInput

pytestmark = pytest.mark.django_db


def _step(actor, d, kind, status="done", **extra):
    data = {"done_on": DAY, "summary": f"{kind}情况"} if status == "done" else {}
    data.update(extra)
    return services.decision_record_step(actor=actor, decision=d, kind=kind, status=status, **data)


def test_a_decision_that_skips_a_required_step_cannot_be_published(decision_in, people):
    host, approver = people["host"], people["approver"]
    d = decision_in("in_progress", technical=False, affects_stability=True)  # 可能影响社会稳定: 风险评估 required
    with time_machine.travel(DAY):
        # 风险评估 cannot be waived for this decision (第二十二条) ...
        with pytest.raises(ValidationFailed) as exc:
            _step(host, d, "risk", "not_applicable", reason="不需要")
        assert "status" in exc.value.fields
        # ... 集体讨论 cannot come before 合法性审查 (第二十五条) ...
        with pytest.raises(ValidationFailed) as exc:
            _step(host, d, "collective")
        assert "第二十五条" in exc.value.fields["status"][0]
        _step(host, d, "participation", "not_applicable", reason="依法不予公开的决策事项")
        _step(host, d, "expert", "not_applicable", reason="不涉及专业技术问题")
        _step(host, d, "legality")
        _step(host, d, "collective")
        # ... and publication is refused while it lacks its record, naming the step.
        with pytest.raises(ValidationFailed) as exc:
            services.decision_publish(
                actor=approver, decision=d, decision_html="<p>方案</p>", interpretation_html="<p>解读</p>"
            )
        assert exc.value.code == "decision_steps_missing" and "风险评估" in exc.value.message
        d.refresh_from_db()
        assert d.state == "in_progress" and d.published_on is None
        assert selectors.missing_steps(d) == ["风险评估"]
        _step(host, d, "risk", summary="社会稳定风险评估：低风险", document_title="风险评估报告")
        services.decision_publish(
            actor=approver, decision=d, decision_html="<p>方案<script>x</script></p>", interpretation_html="<p>解读</p>"
        )
    d.refresh_from_db()
    assert d.state == "published" and d.published_on == DAY and "<script>" not in d.decision_html
    waived = {s.kind: s.reason for s in selectors.decision_steps(d)}
    assert waived["expert"] == "不涉及专业技术问题"  # the reason is kept and shown


def test_adoption_note_required_after_public_participation(decision_in, people, org_tree, superuser):
    host = people["host"]
    d = decision_in("in_progress")
    with time_machine.travel(datetime.date(2025, 4, 1)):
        c = participation_services.consultation_create(
            actor=superuser,
            org=org_tree["county"],
            data=ConsultationInput(
                title="公交线网优化调整方案（征求意见稿）",
                draft_type="major_decision",
                starts_on=datetime.date(2025, 4, 1),
                ends_on=datetime.date(2025, 5, 1),
                draft_html="<p>草案</p>",
            ),
        )
        participation_services.consultation_open(actor=superuser, consultation=c)
    with time_machine.travel(datetime.date(2025, 5, 10)):
        _step(host, d, "participation", consultation_id=c.pk, done_on=datetime.date(2025, 5, 10))
        for kind in ("expert", "risk"):
            _step(host, d, kind, "not_applicable", reason="不适用")
        _step(host, d, "legality", done_on=datetime.date(2025, 5, 10))
        _step(host, d, "collective", done_on=datetime.date(2025, 5, 10))
        with pytest.raises(ValidationFailed) as exc:
            services.decision_publish(
                actor=people["approver"], decision=d, decision_html="<p>a</p>", interpretation_html="<p>b</p>"
            )
        assert "adoption_note" in exc.value.fields  # 第三十二条
        services.decision_publish(
            actor=people["approver"],
            decision=d,
            decision_html="<p>a</p>",
            interpretation_html="<p>b</p>",
            adoption_note="收到意见12条，采纳5条。",
        )


def test_a_preannounced_consultation_appears_in_its_column_while_open(decision_in, people, org_tree, superuser):
    d = decision_in("in_progress")
    with time_machine.travel(datetime.date(2025, 4, 1)):
        other = participation_services.consultation_create(
            actor=superuser,
            org=org_tree["county"],
            data=ConsultationInput(
                title="一般文件",
                starts_on=datetime.date(2025, 4, 2),
                ends_on=datetime.date(2025, 5, 2),
                draft_html="<p>x</p>",
            ),
        )
        c = participation_services.consultation_create(
            actor=superuser,
            org=org_tree["county"],
            data=ConsultationInput(
                title="公交线网优化调整方案（征求意见稿）",
                draft_type="major_decision",
                starts_on=datetime.date(2025, 4, 2),
                ends_on=datetime.date(2025, 5, 2),
                draft_html="<p>草案</p>",
            ),
        )
        participation_services.consultation_open(actor=superuser, consultation=c)
        participation_services.consultation_open(actor=superuser, consultation=other)
        # Only a consultation of the type 重大行政决策 (30-day minimum, 第十五条) can be linked ...
        with pytest.raises(ValidationFailed):
            _step(people["host"], d, "participation", "in_progress", consultation_id=other.pk)
        # ... and it cannot be 'done' before it closes.
        with pytest.raises(ValidationFailed):
            _step(people["host"], d, "participation", consultation_id=c.pk, done_on=datetime.date(2025, 4, 1))
        _step(people["host"], d, "participation", "in_progress", consultation_id=c.pk)
        assert selectors.preannouncements_open(today=datetime.date(2025, 4, 1)) == []  # not started yet
    column = selectors.preannouncements_open(org=org_tree["county"], today=datetime.date(2025, 4, 15))
    assert [(p.decision_id, p.consultation_id) for p in column] == [(d.pk, c.pk)]
    assert column[0].url.endswith(f"/{c.pk}/") and column[0].ends_on == datetime.date(2025, 5, 2)
    assert selectors.preannouncements_open(org=org_tree["sibling"], today=datetime.date(2025, 4, 15)) == []
    assert selectors.preannouncements_open(today=datetime.date(2025, 5, 3)) == []  # closed: out of the column


def test_a_proposal_assigned_to_two_units_closes_only_when_both_answered(proposal_in, people):
    p = proposal_in("handling", two_units=True)
    assert p.assigned_on == datetime.date(2025, 1, 31)
    assert p.due_on == datetime.date(2025, 4, 30)  # 3 months from 交办; 31 → the month's last day
    lead = ProposalUnit.objects.get(proposal=p, role="lead")
    joint = ProposalUnit.objects.get(proposal=p, role="joint")
    with time_machine.travel(datetime.date(2025, 3, 20)):
        services.unit_draft(actor=people["host"], unit=lead, reply="已协调公交公司增设站点。")
        with pytest.raises(Conflict):
            services.unit_sign(actor=people["town_signer"], unit=joint, signed_by="李乡长")  # not drafted yet
    with time_machine.travel(datetime.date(2025, 3, 20)):
        services.unit_sign(actor=people["unit_signer"], unit=lead, signed_by="张主任")
    p.refresh_from_db()
    assert p.state == "handling"  # the 会办 unit has not answered
    with time_machine.travel(datetime.date(2025, 4, 2)):
        services.unit_draft(actor=people["town_editor"], unit=joint, reply="同意在乡道设置临时站点。")
        services.unit_sign(actor=people["town_signer"], unit=joint, signed_by="李乡长")
    p.refresh_from_db()
    assert p.state == "answered" and p.answered_on == datetime.date(2025, 4, 2)


def test_deadline_is_configurable(proposal_in, people, org_tree):
    services.proposal_settings_set(actor=people["office"], org=org_tree["county"], reply_months=2)
    p = proposal_in("handling")
    assert p.due_on == datetime.date(2025, 3, 31)
    with pytest.raises(ValidationFailed):
        services.proposal_settings_set(actor=people["office"], org=org_tree["county"], reply_months=13)
    assert selectors.proposals_overdue(org_tree["county"], today=datetime.date(2025, 4, 1)).get() == p


# Seed 003 四 (the annual report's hand-made table, as a sentence).
HAND_TABLE = [("文教卫生", 5), ("城市管理", 6), ("城市建设", 6), ("社会保障", 2), ("民营经济发展", 3)]
SEED_SENTENCE = (
    "2017年，交办22件代表建议中，文教卫生方面5件，城市管理方面6件，城市建设方面6件，"
    "社会保障方面2件，民营经济发展方面3件。"
)


def test_the_yearly_summary_reproduces_the_hand_made_table(org_tree, people):
    n = 0
    for field, count in HAND_TABLE:
        for _ in range(count):
            n += 1
            p = services.proposal_register(
                actor=people["office"],
                org=org_tree["county"],
                data=services.ProposalInput(
                    year=2017, kind="suggestion", number=str(n), author=f"代表{n}", subject=f"建议{n}", field=field
                ),
            )
            services.proposal_assign(actor=people["office"], proposal=p, lead=org_tree["dept"])
    # Registered but not 交办, another year, and a 政协提案: not in the count.
    services.proposal_register(
        actor=people["office"],
        org=org_tree["county"],
        data=services.ProposalInput(
            year=2017, kind="suggestion", number="99", author="甲", subject="未交办", field="城市管理"
        ),
    )
    services.proposal_register(
        actor=people["office"],
        org=org_tree["county"],
        data=services.ProposalInput(
            year=2017, kind="proposal", number="1", author="乙", subject="提案", field="城市管理"
        ),
    )
    summary = selectors.yearly_summary(org=org_tree["county"], year=2017)
    assert [(r.field, r.count) for r in summary.by_field] == HAND_TABLE
    assert summary.total == 22
    assert summary.sentence() == SEED_SENTENCE


def test_reply_publication_needs_consent_and_a_reason_for_a_summary(proposal_in, people):
    p = proposal_in("closed")
    with pytest.raises(ValidationFailed) as exc:
        services.proposal_publish(actor=people["office"], proposal=p, mode="full", consent=False)
    assert "consent" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.proposal_publish(
            actor=people["office"], proposal=p, mode="summary", consent=True, public_summary="摘要"
        )
    assert "summary_reason" in exc.value.fields
    with time_machine.travel(datetime.date(2025, 4, 10)):
        services.proposal_publish(
            actor=people["office"],
            proposal=p,
            mode="summary",
            consent=True,
            public_summary="已增设站点。",
            summary_reason="答复涉及第三方商业信息",
        )
    reply = selectors.reply_get_public(pk=p.pk)
    assert (
        reply.text == "已增设站点。"
        and reply.mode_label == "公开摘要"
        and reply.published_on == datetime.date(2025, 4, 10)
    )


def test_meeting_registration_limits_selection_and_attendance(meeting_in, people):
    m = meeting_in("announced", capacity=2)  # one registration already
    token = issue_form_token()
    with time_machine.travel(datetime.date(2025, 6, 5)):
        first, created = services.meeting_register(
            meeting=m, kind="observe", name="张三", phone="13800000002", token=token
        )
        again, created_again = services.meeting_register(
            meeting=m, kind="observe", name="张三", phone="13800000002", token=token
        )
        assert created and not created_again and first.pk == again.pk  # a double submit is one registration
        with pytest.raises(Conflict):
            services.meeting_register(
                meeting=m, kind="observe", name="张三", phone="13800000002", token=issue_form_token()
            )
        with pytest.raises(ValidationFailed):
            services.meeting_register(
                meeting=m, kind="attend", name="赵六", phone="13800000009", token=issue_form_token()
            )  # 列席 needs 身份或单位
        services.meeting_register(
            meeting=m, kind="attend", name="王五", phone="13800000003", unit="县人大代表", token=issue_form_token()
        )
        with pytest.raises(Conflict):
            services.meeting_select(actor=people["office"], meeting=m)  # 报名尚未截止
    with time_machine.travel(datetime.date(2025, 6, 11)):
        with pytest.raises(Conflict):
            services.meeting_register(
                meeting=m, kind="observe", name="迟到", phone="13800000004", token=issue_form_token()
            )
        services.meeting_select(actor=people["office"], meeting=m)
    chosen = list(
        MeetingRegistration.objects.filter(meeting=m, selected=True).order_by("id").values_list("name", flat=True)
    )
    assert chosen == ["李明", "张三"]  # first come, within 2 places
    loser = MeetingRegistration.objects.get(meeting=m, selected=False)
    with pytest.raises(ValidationFailed):
        services.meeting_record_attendance(actor=people["office"], meeting=m, attended_ids=[loser.pk])
    services.meeting_record_attendance(actor=people["office"], meeting=m, attended_ids=[first.pk])
    services.meeting_set_links(actor=people["office"], meeting=m, record_url="https://www.example.gov.cn/record/1")
    figures = selectors.meeting_figures(m)
    assert (figures.registered, figures.selected, figures.attended) == (3, 2, 1)


def test_lottery_selection_is_recorded_and_reproducible(meeting_in, people):
    import random

    m = meeting_in("announced", capacity=2, selection="lottery")
    with time_machine.travel(datetime.date(2025, 6, 5)):
        for i in range(5):
            services.meeting_register(
                meeting=m, kind="observe", name=f"人{i}", phone=f"1390000000{i}", token=issue_form_token()
            )
    with time_machine.travel(datetime.date(2025, 6, 11)):
        services.meeting_select(actor=people["office"], meeting=m)
    m.refresh_from_db()
    ids = list(MeetingRegistration.objects.filter(meeting=m).order_by("created_at", "id").values_list("id", flat=True))
    expected = set(random.Random(m.lottery_seed).sample(ids, 2))
    assert set(MeetingRegistration.objects.filter(meeting=m, selected=True).values_list("id", flat=True)) == expected


@pytest.mark.parametrize("year", [1948, 2101])
def test_a_year_outside_the_platforms_years_is_refused_beside_the_field(org_tree, people, year):
    """The catalogue's and the proposal's 年度 take the years every other year parameter takes
    (core.years): outside them, the message beside the field and nothing saved."""
    with pytest.raises(ValidationFailed) as exc:
        services.catalog_create(actor=people["office"], org=org_tree["county"], year=year, title="目录")
    assert exc.value.fields["year"] == ["年度须在1949至2100之间。"]
    with pytest.raises(ValidationFailed) as exc:
        services.proposal_register(
            actor=people["office"],
            org=org_tree["county"],
            data=services.ProposalInput(
                year=year, kind="suggestion", number="1", author="甲", subject="建议", field="城市建设"
            ),
        )
    assert exc.value.fields["year"] == ["年度须在1949至2100之间。"]
    assert not DecisionCatalog.objects.exists() and not Proposal.objects.exists()


@pytest.mark.parametrize("year", [1949, 2100])
def test_the_first_and_last_of_the_platforms_years_are_taken(org_tree, people, year):
    catalog = services.catalog_create(actor=people["office"], org=org_tree["county"], year=year, title="目录")
    proposal = services.proposal_register(
        actor=people["office"],
        org=org_tree["county"],
        data=services.ProposalInput(
            year=year, kind="suggestion", number="1", author="甲", subject="建议", field="城市建设"
        ),
    )
    assert (catalog.year, proposal.year) == (year, year)
