"""The mailbox to-do list of the 公众参与 workbench: whose turn it is, from the state table."""

import datetime

import pytest

from gongkai.participation import services, work
from gongkai.participation.models import Message
from gongkai.participation.tests.test_mailbox import write
from gongkai.participation.transitions import MESSAGE

pytestmark = pytest.mark.django_db
D = datetime.date


def waiting(person) -> dict[str, list[str]]:
    steps, rows = work.mailbox_to_do(person)
    listed: dict[str, list[str]] = {step.label: [] for step in steps}
    for row in rows:
        listed[row.step].append(row.message.code)
    assert {step.label: step.count for step in steps} == {label: len(codes) for label, codes in listed.items()}
    return {label: codes for label, codes in listed.items() if codes}


def test_each_step_is_on_the_list_of_whoever_takes_it_and_nobody_else(staff, org_tree):
    assert [row.waiting for row in MESSAGE.waiting_steps()] == ["待转办", "待答复", "待审核答复", "待回访"]
    message, secret = write(org_tree["county"], on=D(2025, 9, 1))
    code = message.code
    assert waiting(staff["admin"]) == {"待转办": [code]}
    assert waiting(staff["editor"]) == {} and waiting(staff["reviewer"]) == {}

    services.message_route(actor=staff["admin"], message=message, handling_org=org_tree["dept"], today=D(2025, 9, 1))
    # The unit answers; the county's admin may answer for the units beneath the county too.
    assert waiting(staff["editor"]) == {"待答复": [code]}
    assert waiting(staff["admin"]) == {"待答复": [code]}
    assert waiting(staff["reviewer"]) == {}
    assert waiting(staff["sibling_admin"]) == {} and waiting(staff["township_editor"]) == {}

    services.message_reply(actor=staff["editor"], message=message, reply="已修复。", today=D(2025, 9, 2))
    assert waiting(staff["editor"]) == {}
    assert waiting(staff["reviewer"]) == {"待审核答复": [code]}
    assert waiting(staff["admin"]) == {"待审核答复": [code]}  # the mailbox's admin reviews too

    services.message_review(actor=staff["reviewer"], message=message, approve=True, today=D(2025, 9, 2))
    assert waiting(staff["reviewer"]) == {} and waiting(staff["admin"]) == {}
    services.message_rate(message=message, secret=secret, satisfaction="unsatisfied", today=D(2025, 9, 3))
    assert waiting(staff["editor"]) == {"待回访": [code]}
    assert waiting(staff["reviewer"]) == {}


def test_the_list_agrees_with_what_the_case_page_offers(staff, org_tree):
    """For every person and every message: on the list exactly when the case page's first
    action is theirs, is not a side step, and is the state's suggested step where it has one
    (for someone who could re-route a routed message but not answer it, 改派 would come first
    on the page, yet the message waits for 答复)."""
    write(org_tree["county"], on=D(2025, 9, 1))  # waits for 转办
    second, _ = write(org_tree["county"], on=D(2025, 9, 1), body="第二封。")
    third, _ = write(org_tree["township"], on=D(2025, 9, 2), body="第三封。")
    for message, unit in ((second, "dept"), (third, "township")):
        services.message_route(actor=staff["admin"], message=message, handling_org=org_tree[unit], today=D(2025, 9, 2))
    services.message_reply(actor=staff["township_editor"], message=third, reply="答复。", today=D(2025, 9, 3))
    seen = set()
    for person in staff.values():
        listed = {row.message.pk: row.step for row in work.mailbox_to_do(person)[1]}
        for message in Message.objects.select_related("org", "handling_org"):
            offered = MESSAGE.in_suggested_order(
                message, MESSAGE.available_actions(person, message, interactive_only=True), key=lambda r: r.action
            )
            suggested = MESSAGE.suggested_first(message)
            expected = None
            if (
                offered
                and offered[0].action not in MESSAGE.side_tasks
                and (not suggested or offered[0].action in suggested)
            ):
                expected = offered[0].waiting
            assert listed.get(message.pk) == expected, (person.username, message.state)
            seen.add(expected)
    assert seen == {None, "待转办", "待答复", "待审核答复"}


def test_a_long_backlog_is_read_soonest_due_first_and_marked_as_capped(staff, org_tree, monkeypatch):
    monkeypatch.setattr(work, "PER_STATE", 3)
    for day in (5, 2, 4, 3):
        write(org_tree["county"], on=D(2025, 9, day), body=f"第{day}日的留言。")
    steps, rows = work.mailbox_to_do(staff["admin"])
    assert [(s.label, s.count, s.capped) for s in steps if s.count] == [("待转办", 3, True)]
    assert [row.message.received_on.day for row in rows] == [2, 3, 4]
