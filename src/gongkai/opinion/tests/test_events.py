"""The 舆情 ledger on fixed timestamps: windows per level, routing, sharing, bad input."""

import pytest
import time_machine

from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.opinion import clock, selectors, services
from gongkai.opinion.models import Channel, Event, EventState, Level, ResponseWindow
from gongkai.opinion.tests.conftest import at, event_input

pytestmark = pytest.mark.django_db


def _assessed_major(staff, org_tree):
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        event = services.event_register(
            actor=staff["admin"],
            org=org_tree["county"],
            data=event_input(level=Level.MAJOR, responsible_org_id=org_tree["dept"].pk),
        )
        services.event_assess(actor=staff["dept_approver"], event=event, assessment="涉及群众就医，属重大舆情。")
    event.refresh_from_db()
    return event


def test_a_major_event_answered_inside_its_24_hour_window(staff, org_tree):
    event = _assessed_major(staff, org_tree)
    assert event.window_hours == 24 and event.respond_by == at("2025-06-02 07:00")
    with time_machine.travel(at("2025-06-01 20:00"), tick=False):
        row = selectors.ledger(staff["dept_approver"])["to_respond"][0]
        assert row.event == event and not row.clock.late and row.clock.hours_left == 11.0
        assert row.clock.label == "剩余11.0小时"
        services.event_respond(
            actor=staff["dept_approver"],
            event=event,
            responded_at=at("2025-06-01 19:30"),
            channel=Channel.STATEMENT,
            response_text="经核查，该卫生院已接诊，相关情况说明已在政务新媒体发布。",
        )
    event.refresh_from_db()
    assert event.state == EventState.RESPONDED
    assert not selectors.clock_for(event).late and selectors.clock_for(event).label == "按时回应"
    audit = AuditEvent.objects.get(action="opinion_event.respond", object_id=str(event.pk))
    assert audit.after["late"] is False
    figures = selectors.response_figures(org_tree["county"], year=2025)
    assert (figures["total"], figures["on_time"], figures["late"]) == (1, 1, 0)


def test_a_major_event_answered_outside_its_window_is_flagged_late(staff, org_tree):
    event = _assessed_major(staff, org_tree)
    with time_machine.travel(at("2025-06-02 09:00"), tick=False):
        row = selectors.ledger(staff["admin"])["to_respond"][0]
        assert row.clock.late and row.clock.label == "已超时2.0小时"
        services.event_respond(
            actor=staff["admin"],
            event=event,
            responded_at=at("2025-06-02 08:30"),
            channel=Channel.STATEMENT,
            response_text="情况说明。",
        )
    event.refresh_from_db()
    assert selectors.clock_for(event).late and selectors.clock_for(event).label == "超时回应"
    audit = AuditEvent.objects.get(action="opinion_event.respond", object_id=str(event.pk))
    assert audit.after["late"] is True and "24小时" in audit.note
    assert selectors.response_figures(org_tree["county"], year=2025)["by_level"]["major"]["late"] == 1


def test_a_general_event_has_48_hours_and_an_org_window_applies_to_its_subtree(staff, org_tree):
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        general = services.event_register(
            actor=staff["editor"], org=org_tree["dept"], data=event_input(level=Level.GENERAL)
        )
        assert general.respond_by == at("2025-06-03 07:00")
        # The county follows 国办发〔2016〕80号's 5 hours for major events; its departments inherit it.
        services.window_set(actor=staff["admin"], org=org_tree["county"], level=Level.MAJOR, hours=5)
        major = services.event_register(actor=staff["editor"], org=org_tree["dept"], data=event_input())
    assert major.window_hours == 5 and major.respond_by == at("2025-06-01 12:00")
    in_force = selectors.window_for(org_tree["dept"], Level.MAJOR)
    assert in_force.hours == 5 and in_force.set_by == org_tree["county"]
    assert selectors.window_for(org_tree["sibling"], Level.MAJOR).set_by is None
    general.refresh_from_db()
    assert general.window_hours == 48  # a running clock keeps its window


def test_relevelling_at_assessment_recomputes_the_deadline_from_first_sight(staff, org_tree):
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        event = services.event_register(
            actor=staff["editor"], org=org_tree["dept"], data=event_input(level=Level.GENERAL)
        )
        services.event_assess(actor=staff["editor"], event=event, assessment="升级为重大。", level=Level.MAJOR)
    event.refresh_from_db()
    assert (event.level, event.window_hours, event.respond_by) == (Level.MAJOR, 24, at("2025-06-02 07:00"))


def test_responsibility_is_routed_by_subject_and_related_orgs_see_the_shared_event(staff, org_tree):
    with time_machine.travel(at("2025-06-01 08:00"), tick=False):
        services.route_set(
            actor=staff["admin"], scope=org_tree["county"], subject="医疗卫生", responsible_id=org_tree["dept"].pk
        )
        routed = services.event_register(
            actor=staff["admin"],
            org=org_tree["county"],
            data=event_input(subject="医疗卫生", related_org_ids=[org_tree["township"].pk]),
        )
        local = services.event_register(actor=staff["admin"], org=org_tree["county"], data=event_input(subject="交通"))
    assert routed.org == org_tree["dept"]  # 谁主管谁回应
    assert local.org == org_tree["county"]  # no route: the registering government (属地)
    assert AuditEvent.objects.get(action="opinion_event.registered", object_id=str(routed.pk)).after["routed_by"] == (
        "subject"
    )
    # The department's approver answers it; the township sees it as shared but acts on nothing.
    assert selectors.event_get_for_staff(actor=staff["dept_approver"], pk=routed.pk) == routed
    shared = selectors.ledger(staff["township_editor"])["shared"]
    assert [r.event for r in shared] == [routed]
    with pytest.raises(PermissionDenied):
        services.event_assess(actor=staff["township_editor"], event=routed, assessment="x")
    with pytest.raises(NotFound):
        selectors.event_get_for_staff(actor=staff["township_editor"], pk=local.pk)
    with pytest.raises(NotFound):
        services.event_assess(actor=staff["sibling_admin"], event=routed, assessment="x")
    services.event_share(actor=staff["admin"], event=local, org_ids=[org_tree["township"].pk])
    assert selectors.event_get_for_staff(actor=staff["township_editor"], pk=local.pk) == local


def test_a_response_dated_before_the_event_is_refused_and_nothing_is_saved(staff, org_tree):
    event = _assessed_major(staff, org_tree)
    audits = AuditEvent.objects.count()
    with time_machine.travel(at("2025-06-01 09:00"), tick=False), pytest.raises(ValidationFailed) as refused:
        services.event_respond(
            actor=staff["admin"],
            event=event,
            responded_at=at("2025-06-01 06:00"),
            channel=Channel.STATEMENT,
            response_text="说明",
        )
    assert refused.value.fields["responded_at"] == ["回应时间不能早于舆情首次发现时间。"]
    event.refresh_from_db()
    assert event.state == EventState.ASSESSED and event.responded_at is None and event.response_text == ""
    assert AuditEvent.objects.count() == audits


def test_an_unknown_or_outside_org_is_refused_and_nothing_is_saved(staff, org_tree):
    for bad in (999_999, org_tree["sibling"].pk):
        with time_machine.travel(at("2025-06-01 08:00"), tick=False), pytest.raises(ValidationFailed) as refused:
            services.event_register(
                actor=staff["admin"], org=org_tree["county"], data=event_input(responsible_org_id=bad)
            )
        assert "未找到该单位" in refused.value.fields["responsible_org"][0]
    with time_machine.travel(at("2025-06-01 08:00"), tick=False), pytest.raises(ValidationFailed) as refused:
        services.event_register(actor=staff["admin"], org=org_tree["county"], data=event_input(related_org_ids=[0]))
    assert refused.value.fields["related_orgs"] == ["未找到所选的相关单位。"]
    with pytest.raises(ValidationFailed) as refused:
        services.route_set(actor=staff["admin"], scope=org_tree["county"], subject="教育", responsible_id=999_999)
    assert "responsible" in refused.value.fields
    assert not Event.objects.exists()


@pytest.mark.parametrize("hours", [0, -1, 721, "abc", None])
def test_a_window_of_zero_or_out_of_range_hours_is_refused(staff, org_tree, hours):
    with pytest.raises(ValidationFailed) as refused:
        services.window_set(actor=staff["admin"], org=org_tree["county"], level=Level.MAJOR, hours=hours)
    assert refused.value.fields["hours"] == ["回应时限须为1至720小时的整数。"]
    assert not ResponseWindow.objects.exists()


def test_only_the_org_admin_sets_windows(staff, org_tree):
    with pytest.raises(PermissionDenied):
        services.window_set(actor=staff["editor"], org=org_tree["dept"], level=Level.MAJOR, hours=12)
    with pytest.raises(PermissionDenied):
        services.window_set(actor=staff["sibling_admin"], org=org_tree["county"], level=Level.MAJOR, hours=12)


def test_registration_refuses_a_future_first_sight_and_missing_fields(staff, org_tree):
    with time_machine.travel(at("2025-06-01 08:00"), tick=False), pytest.raises(ValidationFailed) as refused:
        services.event_register(
            actor=staff["admin"],
            org=org_tree["county"],
            data=event_input(title=" ", source="x", level="y", first_seen_at=at("2025-06-02 08:00")),
        )
    assert set(refused.value.fields) == {"title", "source", "level", "first_seen_at"}
    assert not Event.objects.exists()


def test_closing_records_the_effect_and_a_poor_effect_needs_reasons(staff, make_event):
    event = make_event(EventState.RESPONDED)
    with pytest.raises(ValidationFailed) as refused:
        services.event_close(actor=staff["admin"], event=event, effect="poor")
    assert "effect_note" in refused.value.fields
    services.event_close(actor=staff["admin"], event=event, effect="poor", effect_note="回应滞后，已约谈整改。")
    event.refresh_from_db()
    assert event.state == EventState.CLOSED and event.effect == "poor" and event.closed_at is not None


def test_the_clock_needs_aware_timestamps():
    with pytest.raises(ValueError):
        clock.respond_by(at("2025-06-01 07:00").replace(tzinfo=None), 24)
    assert clock.respond_by(at("2025-12-31 20:00"), 48) == at("2026-01-02 20:00")
