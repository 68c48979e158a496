"""Press events: a press conference publishes its transcript as the interpretation of a policy,
through disclosure's review, and appears in 解读率 and in the figures by form and speaker."""

import pytest
import time_machine

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.disclosure import interpretations
from gongkai.disclosure import selectors as disclosure_selectors
from gongkai.disclosure import services as disclosure
from gongkai.opinion import selectors, services
from gongkai.opinion.models import Channel, PressEvent, PressState, SpeakerRank
from gongkai.opinion.services import SpeakerInput
from gongkai.opinion.tests.conftest import at, event_input, publish_policy

pytestmark = pytest.mark.django_db

SPEAKERS = [
    SpeakerInput("李明", "县卫生健康委员会主任", SpeakerRank.PRINCIPAL),
    SpeakerInput("王芳", "县卫生健康委员会新闻发言人", SpeakerRank.SPOKESPERSON),
]


def _plan(staff, org, policy_id, **overrides):
    data = {
        "kind": "press_conference",
        "title": "《石城县基层医疗卫生服务能力提升实施方案》新闻发布会",
        "planned_at": at("2025-04-10 10:00"),
        "venue": "县政府新闻发布厅",
        "policy_id": policy_id,
        "speakers": list(SPEAKERS),
    }
    data.update(overrides)
    return services.press_plan(actor=staff["editor"], org=org, data=services.PressInput(**data))


def test_a_press_conference_transcript_becomes_the_policy_interpretation_in_the_rates_and_figures(staff, org_tree):
    dept = org_tree["dept"]
    with time_machine.travel(at("2025-04-08 09:00"), tick=False):
        policy = publish_policy(staff, dept)
        press = _plan(staff, dept, policy.pk)
    assert disclosure_selectors.interpretation_rate(dept, year=2025)["without_interpretation"] == [policy]
    with time_machine.travel(at("2025-04-10 12:00"), tick=False):
        services.press_hold(
            actor=staff["editor"],
            press=press,
            held_at=at("2025-04-10 10:00"),
            transcript_html="<p>李明：方案提出三方面举措。</p><script>alert(1)</script>",
            media_url="https://www.shicheng.gov.cn/video/2025-04-10.mp4",
        )
        services.press_publish_transcript(actor=staff["editor"], press=press)
    press.refresh_from_db()
    assert press.state == PressState.PUBLISHED and "<script>" not in press.transcript_html
    interpretation = disclosure_selectors.publication_get_for_staff(actor=staff["editor"], pk=press.interpretation_id)
    # Handed to the org's own review (先审后发): submitted, not public yet.
    assert interpretation.state == "in_review" and interpretation.kind == "interpretation"
    assert interpretation.working_revision.interprets_id == policy.pk
    assert interpretation.working_revision.interpretation_form == "press_conference"
    assert selectors.press_list_public(org=dept) == []
    with time_machine.travel(at("2025-04-11 09:00"), tick=False):
        disclosure.publication_decide(actor=staff["reviewer"], publication=interpretation, decision="approve")
        disclosure.publication_decide(actor=staff["approver"], publication=interpretation, decision="approve")
        disclosure.publication_publish(actor=staff["approver"], publication=interpretation)
    rate = disclosure_selectors.interpretation_rate(dept, year=2025)
    assert rate["with_interpretation"] == [policy] and rate["rate"] == 1.0 and rate["late"] == []
    figures = selectors.interpretation_figures(org_tree["county"], year=2025)
    assert figures["by_form"]["press_conference"] == 1 and sum(figures["by_form"].values()) == 1
    assert set(figures["by_form"]) == {"text", "graphic", "audio_video", "qa", "online_interview", "press_conference"}
    assert figures["press_by_kind"]["press_conference"] == 1
    assert figures["speakers_by_rank"]["principal"] == 1 and figures["principal_events"] == 1
    assert selectors.interpretation_figures(org_tree["county"], year=2024)["principal_events"] == 0
    assert selectors.press_list_public(org=org_tree["county"]) == [press]
    assert selectors.press_get_public(pk=press.pk) == press


def test_a_press_conference_is_the_authoritative_response_to_an_event(staff, org_tree):
    dept = org_tree["dept"]
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        event = services.event_register(actor=staff["editor"], org=dept, data=event_input())
        services.event_assess(actor=staff["editor"], event=event, assessment="召开新闻发布会回应。")
        press = _plan(
            staff, dept, None, title="关于网传卫生院拒收病人情况的新闻发布会", planned_at=at("2025-06-01 15:00")
        )
    with time_machine.travel(at("2025-06-01 16:00"), tick=False):
        with pytest.raises(ValidationFailed) as refused:  # not held yet: not a channel
            services.event_respond(
                actor=staff["dept_approver"],
                event=event,
                responded_at=at("2025-06-01 15:00"),
                channel=Channel.PRESS,
                press_id=press.pk,
            )
        assert "press_id" in refused.value.fields
        services.press_hold(
            actor=staff["editor"], press=press, held_at=at("2025-06-01 15:00"), transcript_html="<p>通报</p>"
        )
        services.event_respond(
            actor=staff["dept_approver"],
            event=event,
            responded_at=at("2025-06-01 15:00"),
            channel=Channel.PRESS,
            press_id=press.pk,
        )
    event.refresh_from_db()
    assert event.response_press == press and not selectors.clock_for(event).late
    # Without a policy the transcript cannot be an interpretation.
    with pytest.raises(ValidationFailed) as refused:
        services.press_publish_transcript(actor=staff["editor"], press=press)
    assert refused.value.code == "policy_required"
    press.refresh_from_db()
    assert press.state == PressState.HELD and press.interpretation_id is None


def test_a_response_links_a_public_publication_of_the_responsible_org(staff, org_tree):
    dept = org_tree["dept"]
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        notice = publish_policy(staff, dept, major=False, title="关于某卫生院接诊情况的说明")
        event = services.event_register(actor=staff["editor"], org=dept, data=event_input())
        services.event_assess(actor=staff["editor"], event=event, assessment="发布情况说明。")
        with pytest.raises(ValidationFailed) as refused:
            services.event_respond(
                actor=staff["dept_approver"],
                event=event,
                responded_at=at("2025-06-01 08:00"),
                channel=Channel.PUBLICATION,
                publication_id=999_999,
            )
        assert "publication_id" in refused.value.fields
        services.event_respond(
            actor=staff["dept_approver"],
            event=event,
            responded_at=at("2025-06-01 08:00"),
            channel=Channel.PUBLICATION,
            publication_id=notice.pk,
        )
    event.refresh_from_db()
    assert event.response_publication_id == notice.pk


def test_plan_and_hold_refuse_bad_input_and_keep_nothing(staff, org_tree):
    dept = org_tree["dept"]
    with pytest.raises(ValidationFailed) as refused:
        _plan(staff, dept, 999_999, kind="x", title="", speakers=[SpeakerInput("", "", "boss")])
    assert set(refused.value.fields) == {"kind", "title", "policy_id", "speakers"}
    assert not PressEvent.objects.exists()
    with pytest.raises(ValidationFailed) as refused:
        _plan(staff, dept, None, speakers=[SpeakerInput("甲", "乙", "other")] * 21)
    assert refused.value.fields["speakers"] == ["发布人最多20位。"]
    with time_machine.travel(at("2025-04-10 12:00"), tick=False):
        press = _plan(staff, dept, None, speakers=[])
        with pytest.raises(ValidationFailed) as refused:
            services.press_hold(
                actor=staff["editor"],
                press=press,
                held_at=at("2025-04-11 12:00"),
                transcript_html="<script></script>",
                media_url="javascript:alert(1)",
            )
    assert set(refused.value.fields) == {"held_at", "transcript_html", "media_url", "speakers"}
    press.refresh_from_db()
    assert press.state == PressState.PLANNED and press.held_at is None


def test_another_org_cannot_plan_or_name_its_policy(staff, org_tree):
    with time_machine.travel(at("2025-04-08 09:00"), tick=False):
        policy = publish_policy(staff, org_tree["dept"])
    with pytest.raises(PermissionDenied):
        _plan(staff, org_tree["sibling"], None)
    # A township may not present the department's policy as its own interpretation (谁起草、谁解读).
    with pytest.raises(ValidationFailed) as refused:
        services.press_plan(
            actor=staff["township_editor"],
            org=org_tree["township"],
            data=services.PressInput("online_interview", "访谈", at("2025-04-10 10:00"), policy_id=policy.pk),
        )
    assert "policy_id" in refused.value.fields


def test_interpretation_counts_by_form_list_every_form(org_tree):
    counts = interpretations.interpretation_counts_by_form(org_tree["county"], year=2025)
    assert counts == {value: 0 for value, _ in interpretations.FORMS}
