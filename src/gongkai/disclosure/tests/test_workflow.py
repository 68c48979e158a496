"""The review workflow as services: 先审后发、一事一审, with every step audited."""

import datetime
import zoneinfo

import pytest
import time_machine

from gongkai.core.errors import Conflict, Gone, NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.disclosure import selectors, services
from gongkai.disclosure.models import Kind, Publication, ReviewDecision, State, Validity
from gongkai.disclosure.services import StepSpec
from gongkai.disclosure.tests.conftest import content
from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def draft(staff, org_tree, **overrides):
    publication, _ = services.publication_create_draft(
        actor=staff["editor"], org=org_tree["dept"], content=content(**overrides)
    )
    return publication


def through_review(publication, staff):
    services.publication_submit(actor=staff["editor"], publication=publication)
    services.publication_decide(
        actor=staff["reviewer"], publication=publication, decision="approve", opinion="无涉密内容"
    )
    services.publication_decide(actor=staff["approver"], publication=publication, decision="approve")
    publication.refresh_from_db()
    return publication


def publish(publication, staff, **kwargs):
    return services.publication_publish(actor=staff["approver"], publication=publication, **kwargs)


def test_draft_review_signoff_publish_is_audited_step_by_step(staff, org_tree):
    publication = draft(staff, org_tree)
    assert publication.state == State.DRAFT
    services.publication_submit(actor=staff["editor"], publication=publication)
    publication.refresh_from_db()
    assert publication.state == State.IN_REVIEW
    assert selectors.current_step(publication).name == "保密审查"
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve", opinion="同意")
    publication.refresh_from_db()
    assert publication.state == State.IN_REVIEW
    assert selectors.current_step(publication).name == "签发"
    services.publication_decide(actor=staff["approver"], publication=publication, decision="approve")
    publication.refresh_from_db()
    assert publication.state == State.APPROVED
    published = publish(publication, staff)
    assert published.state == State.PUBLISHED
    assert published.index_number.startswith(f"{org_tree['dept'].credit_code}/")
    assert published.doc_number == "石卫字〔2025〕12号"
    assert (published.doc_issuer_code, published.doc_year, published.doc_serial) == ("石卫字", 2025, 12)
    assert selectors.publication_get_public(pk=published.pk).title == published.title

    trail = list(AuditEvent.objects.filter(object_id=str(publication.pk), object_type="disclosure.publication"))
    actions = [(e.action, e.actor.username, (e.after or {}).get("revision")) for e in reversed(trail)]
    assert actions == [
        ("publication.draft_created", "editor", 1),
        ("publication.submitted", "editor", 1),
        ("publication.approved", "reviewer", 1),
        ("publication.approved", "approver", 1),
        ("publication.published", "approver", 1),
    ]


def test_decisions_are_bound_to_the_revision_and_a_new_revision_restarts_review(staff, org_tree):
    publication = draft(staff, org_tree)
    services.publication_submit(actor=staff["editor"], publication=publication)
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    # The editor changes the text while it is in review: review starts again on revision 2.
    services.publication_edit(actor=staff["editor"], publication=publication, content=content(title="改后的标题"))
    publication.refresh_from_db()
    assert publication.state == State.DRAFT
    assert publication.working_revision.number == 2
    services.publication_submit(actor=staff["editor"], publication=publication)
    assert selectors.current_step(publication).name == "保密审查"
    first = ReviewDecision.objects.get()
    assert first.revision.number == 1


def test_rejection_needs_an_opinion_and_a_change_before_resubmission(staff, org_tree):
    publication = draft(staff, org_tree)
    services.publication_submit(actor=staff["editor"], publication=publication)
    with pytest.raises(ValidationFailed) as exc:
        services.publication_decide(actor=staff["reviewer"], publication=publication, decision="reject")
    assert exc.value.code == "opinion_required"
    services.publication_decide(
        actor=staff["reviewer"], publication=publication, decision="reject", opinion="第二段含个人电话"
    )
    publication.refresh_from_db()
    assert publication.state == State.DRAFT
    with pytest.raises(ValidationFailed) as exc:
        services.publication_submit(actor=staff["editor"], publication=publication)
    assert exc.value.code == "revision_already_reviewed"
    services.publication_edit(
        actor=staff["editor"], publication=publication, content=content(body_html="<p>已删除</p>")
    )
    services.publication_submit(actor=staff["editor"], publication=publication)
    publication.refresh_from_db()
    assert publication.state == State.IN_REVIEW


def test_reviewer_cannot_decide_the_signoff_step(staff, org_tree):
    publication = draft(staff, org_tree)
    services.publication_submit(actor=staff["editor"], publication=publication)
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    with pytest.raises(PermissionDenied, match="签发"):
        services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    publication.refresh_from_db()
    assert publication.state == State.IN_REVIEW
    assert ReviewDecision.objects.count() == 1


def test_editor_cannot_act_on_another_orgs_draft_and_does_not_learn_it_exists(staff, org_tree):
    publication = draft(staff, org_tree)
    for action in (
        lambda: services.publication_submit(actor=staff["other_editor"], publication=publication),
        lambda: services.publication_edit(actor=staff["other_editor"], publication=publication, content=content()),
        lambda: selectors.publication_get_for_staff(actor=staff["other_editor"], pk=publication.pk),
    ):
        with pytest.raises(NotFound):
            action()
    with pytest.raises(PermissionDenied):
        services.publication_create_draft(actor=staff["editor"], org=org_tree["township"], content=content())


def test_county_approver_signs_off_for_its_department_but_a_sibling_cannot(staff, org_tree):
    publication = draft(staff, org_tree)
    services.publication_submit(actor=staff["editor"], publication=publication)
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    with pytest.raises(NotFound):
        services.publication_decide(actor=staff["sibling_approver"], publication=publication, decision="approve")
    services.publication_decide(actor=staff["approver"], publication=publication, decision="approve")
    publication.refresh_from_db()
    assert publication.state == State.APPROVED


@pytest.mark.parametrize("state_action", ["publish_draft", "approve_draft", "submit_twice", "withdraw_draft"])
def test_illegal_transitions_are_409_and_change_nothing(staff, org_tree, state_action):
    publication = draft(staff, org_tree)
    if state_action == "submit_twice":
        services.publication_submit(actor=staff["editor"], publication=publication)
    before = (Publication.objects.get(pk=publication.pk).state, AuditEvent.objects.count())
    with pytest.raises(Conflict) as exc:
        if state_action == "publish_draft":
            publish(publication, staff)
        elif state_action == "approve_draft":
            services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
        elif state_action == "submit_twice":
            services.publication_submit(actor=staff["editor"], publication=publication)
        else:
            services.publication_withdraw(actor=staff["approver"], publication=publication, reason="x")
    assert exc.value.http_status == 409
    assert exc.value.code == "illegal_transition"
    assert (Publication.objects.get(pk=publication.pk).state, AuditEvent.objects.count()) == before


def test_an_approved_revision_replaces_the_public_text_a_pending_one_does_not(staff, org_tree):
    publication = publish(through_review(draft(staff, org_tree), staff), staff)
    services.publication_edit(
        actor=staff["editor"],
        publication=publication,
        content=content(title="第二版标题", body_html="<p>第二版正文</p>"),
    )
    services.publication_submit(actor=staff["editor"], publication=publication)
    public = selectors.publication_get_public(pk=publication.pk)
    assert public.title == content().title
    assert "第二版正文" not in public.body_html
    services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
    services.publication_decide(actor=staff["approver"], publication=publication, decision="approve")
    republished = publish(publication, staff)
    public = selectors.publication_get_public(pk=publication.pk)
    assert public.title == "第二版标题"
    assert public.body_html == "<p>第二版正文</p>"
    assert republished.index_number == publication.index_number


def test_withdrawn_item_is_gone_and_its_index_number_is_never_reused(staff, org_tree):
    first = publish(through_review(draft(staff, org_tree), staff), staff)
    with pytest.raises(ValidationFailed):
        services.publication_withdraw(actor=staff["approver"], publication=first, reason=" ")
    with pytest.raises(PermissionDenied):
        services.publication_withdraw(actor=staff["editor"], publication=first, reason="错误")
    services.publication_withdraw(actor=staff["approver"], publication=first, reason="内容有误，重新发布")
    with pytest.raises(Gone):
        selectors.publication_get_public(pk=first.pk)
    assert Publication.objects.get(pk=first.pk).index_number == first.index_number
    second = publish(through_review(draft(staff, org_tree, doc_number=""), staff), staff)
    first_serial = int(first.index_number.rsplit("-", 1)[1])
    assert int(second.index_number.rsplit("-", 1)[1]) == first_serial + 1
    assert first not in selectors.public_publications()


def test_repealed_item_keeps_showing_with_its_replacement(staff, org_tree):
    old = publish(through_review(draft(staff, org_tree), staff), staff)
    new = publish(through_review(draft(staff, org_tree, title="新办法", doc_number="石卫字〔2025〕30号"), staff), staff)
    with pytest.raises(ValidationFailed) as exc:
        services.publication_change_validity(actor=staff["approver"], publication=old, validity=Validity.REPEALED)
    assert "changed_on" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.publication_change_validity(actor=staff["approver"], publication=old, validity=Validity.REVISED)
    services.publication_change_validity(
        actor=staff["approver"],
        publication=old,
        validity=Validity.REPEALED,
        changed_on=datetime.date(2025, 12, 1),
        replaced_by_id=new.pk,
    )
    public = selectors.publication_get_public(pk=old.pk)
    assert public.validity == Validity.REPEALED
    assert public.replaced_by == new


def test_major_policy_needs_its_interpretation_in_the_same_review(staff, org_tree):
    policy = draft(staff, org_tree, kind=Kind.POLICY, is_major_policy=True)
    services.publication_submit(actor=staff["editor"], publication=policy)
    services.publication_decide(actor=staff["reviewer"], publication=policy, decision="approve")
    with pytest.raises(ValidationFailed) as exc:
        services.publication_decide(actor=staff["approver"], publication=policy, decision="approve")
    assert exc.value.code == "interpretation_required"
    interpretation = draft(
        staff,
        org_tree,
        kind=Kind.INTERPRETATION,
        title="图解：基本公共卫生服务",
        doc_number="",
        interprets_id=policy.pk,
        interpretation_form="graphic",
    )
    services.publication_submit(actor=staff["editor"], publication=interpretation)
    services.publication_decide(actor=staff["approver"], publication=policy, decision="approve")
    policy.refresh_from_db()
    assert policy.state == State.APPROVED


def test_major_policy_signoff_without_interpretation_records_the_reason(staff, org_tree):
    policy = draft(staff, org_tree, kind=Kind.POLICY, is_major_policy=True)
    services.publication_submit(actor=staff["editor"], publication=policy)
    services.publication_decide(actor=staff["reviewer"], publication=policy, decision="approve")
    record = services.publication_decide(
        actor=staff["approver"], publication=policy, decision="approve", override_reason="解读材料由市级统一发布"
    )
    assert record.override_reason == "解读材料由市级统一发布"
    event = AuditEvent.objects.filter(action="publication.approved").latest("id")
    assert event.after["override_reason"] == "解读材料由市级统一发布"


def test_interpretation_must_name_its_policy(staff, org_tree):
    with pytest.raises(ValidationFailed) as exc:
        draft(staff, org_tree, kind=Kind.INTERPRETATION, doc_number="")
    assert {"interprets", "interpretation_form"} <= set(exc.value.fields)


def test_withheld_information_needs_its_legal_ground(staff, org_tree):
    with pytest.raises(ValidationFailed) as exc:
        draft(staff, org_tree, disclosure_mode="withheld")
    assert "withholding_ground" in exc.value.fields
    publication = draft(staff, org_tree, disclosure_mode="withheld", withholding_ground="process_info")
    assert publication.working_revision.withholding_ground == "process_info"


def test_hostile_markup_in_the_body_is_sanitised(staff, org_tree):
    publication = draft(
        staff,
        org_tree,
        body_html='<p onclick="x()">正文<script>alert(1)</script><img src="javascript:alert(2)" onerror="y()">'
        '<a href="javascript:z()">链接</a><a href="https://www.gov.cn/">国务院</a></p>',
    )
    body = publication.working_revision.body_html
    for bad in ("<script", "onclick", "onerror", "javascript:"):
        assert bad not in body
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">国务院</a>' in body


def test_doc_number_without_issuer_code_warns(staff, org_tree):
    _, warnings = services.publication_create_draft(
        actor=staff["editor"], org=org_tree["dept"], content=content(doc_number="〔2024〕35号")
    )
    assert warnings == ["文号缺少发文机关代字，请核对原件。"]


def test_invalid_input_changes_nothing(staff, org_tree):
    before = (Publication.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        draft(staff, org_tree, title=" ", doc_number="乱写的文号", kind="poem")
    assert {"title", "doc_number", "kind"} <= set(exc.value.fields)
    assert (Publication.objects.count(), AuditEvent.objects.count()) == before


def test_scheduled_publication_appears_at_its_time(staff, org_tree):
    publication = through_review(draft(staff, org_tree), staff)
    at = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI), tick=False):
        publish(publication, staff, at=at)
        with pytest.raises(NotFound):
            selectors.publication_get_public(pk=publication.pk)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 1, tzinfo=SHANGHAI), tick=False):
        assert selectors.publication_get_public(pk=publication.pk).published_on == datetime.date(2026, 12, 1)


def test_custom_review_steps_apply_to_the_subtree(staff, org_tree):
    services.review_steps_set(
        actor=staff["admin"],
        org=org_tree["county"],
        steps=[
            StepSpec("保密审查", Role.REVIEWER),
            StepSpec("法制审核", Role.REVIEWER),
            StepSpec("签发", Role.APPROVER),
        ],
    )
    assert [s.name for s in selectors.review_steps_for(org_tree["dept"])] == ["保密审查", "法制审核", "签发"]
    assert [s.name for s in selectors.review_steps_for(org_tree["sibling"])] == ["保密审查", "签发"]
    with pytest.raises(PermissionDenied):
        services.review_steps_set(actor=staff["editor"], org=org_tree["dept"], steps=[StepSpec("x", Role.REVIEWER)])


class TestTwentyWorkingDayRule:
    """条例第二十六条, across the 2025 National Day holiday and its 调休 Saturdays and Sundays."""

    def test_due_date_of_the_worked_example(self):
        due = selectors.publish_due_on(datetime.date(2025, 9, 26))
        assert due.date == datetime.date(2025, 10, 30)
        assert due.provisional is False

    def test_late_publication_is_listed_with_its_delay(self, staff, org_tree):
        publication = through_review(draft(staff, org_tree), staff)  # formed 2025-09-26, due 2025-10-30
        with time_machine.travel(datetime.datetime(2025, 11, 3, 10, 0, tzinfo=SHANGHAI), tick=False):
            publish(publication, staff)
        report = selectors.compliance_report(org_tree["county"], year=2025, today=datetime.date(2025, 11, 3))
        (late,) = report["late"]
        assert late.publication == publication
        assert late.due_on == datetime.date(2025, 10, 30)
        assert late.late_by == 2  # Friday 10-31 and Monday 11-03

    def test_on_time_publication_is_not_listed(self, staff, org_tree):
        publication = through_review(draft(staff, org_tree), staff)
        with time_machine.travel(datetime.datetime(2025, 10, 30, 17, 0, tzinfo=SHANGHAI), tick=False):
            publish(publication, staff)
        assert selectors.compliance_report(org_tree["county"], year=2025)["late"] == []

    def test_drafts_at_risk_and_overdue(self, staff, org_tree):
        draft(staff, org_tree)  # due 2025-10-30
        soon = selectors.compliance_report(org_tree["county"], year=2025, today=datetime.date(2025, 10, 27))
        assert [(s.due_on, s.late_by) for s in soon["at_risk"]] == [(datetime.date(2025, 10, 30), 0)]
        later = selectors.compliance_report(org_tree["county"], year=2025, today=datetime.date(2025, 11, 4))
        assert [s.late_by for s in later["at_risk"]] == [3]
        early = selectors.compliance_report(org_tree["county"], year=2025, today=datetime.date(2025, 9, 29))
        assert early["at_risk"] == []


def test_interpretation_rate_counts_major_policies_and_late_interpretations(staff, org_tree):
    def release(publication, when):
        services.publication_submit(actor=staff["editor"], publication=publication)
        services.publication_decide(actor=staff["reviewer"], publication=publication, decision="approve")
        services.publication_decide(
            actor=staff["approver"], publication=publication, decision="approve", override_reason="另行解读"
        )
        with time_machine.travel(datetime.datetime(*when, 10, 0, tzinfo=SHANGHAI), tick=False):
            publish(publication, staff)

    explained = draft(staff, org_tree, kind=Kind.POLICY, is_major_policy=True, title="甲办法", doc_number="")
    release(explained, (2025, 3, 3))
    unexplained = draft(staff, org_tree, kind=Kind.POLICY, is_major_policy=True, title="乙办法", doc_number="")
    release(unexplained, (2025, 3, 4))
    interpretation = draft(
        staff,
        org_tree,
        kind=Kind.INTERPRETATION,
        title="一图读懂甲办法",
        doc_number="",
        interprets_id=explained.pk,
        interpretation_form="graphic",
        body_html="<p>这项办法主要解决三个问题。</p><p>哪些人可以申请？符合条件的家庭都可以。</p>",
    )
    release(interpretation, (2025, 3, 7))  # 4 working days after the policy: later than 3
    rate = selectors.interpretation_rate(org_tree["county"], year=2025)
    assert rate["total"] == 2
    assert rate["with_interpretation"] == [explained]
    assert rate["without_interpretation"] == [unexplained]
    assert rate["late"] == [(explained, interpretation)]
    assert selectors.interpretation_rate(org_tree["county"], year=2025, window=4)["late"] == []
