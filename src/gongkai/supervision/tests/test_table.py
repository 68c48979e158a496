"""The assignment workflow from its table: every (state, action) pair, and who may act."""

import datetime

import pytest
import time_machine

from gongkai.core.errors import Conflict, NotFound, PermissionDenied
from gongkai.core.models import AuditEvent
from gongkai.supervision import selectors
from gongkai.supervision.models import Assignment, Escalation, Plan, Task
from gongkai.supervision.schedule import periods
from gongkai.supervision.services import assignment_accept, assignment_escalate, assignment_report, assignment_return
from gongkai.supervision.transitions import ASSIGNMENT, Action

DATA = {
    Action.REPORT: {"text": "已完成", "links": [], "uploads": []},
    Action.RETURN: {"note": "请补充材料"},
    Action.ACCEPT: {},
    Action.ESCALATE: {"note": "请尽快报送"},
}


@pytest.fixture
def assignment_in(shicheng, office, clerk):
    def make(state: str, *, due=datetime.date(2024, 6, 30), recurrence: str = "") -> Assignment:
        plan = Plan.objects.create(org=shicheng["shicheng"], year=2024, title="要点")
        task = Task.objects.create(
            plan=plan, seq=1, number="一", title="做好解读", body="做好解读。", due=due, recurrence=recurrence
        )
        a = Assignment.objects.create(
            task=task,
            org=shicheng["shicheng-wjw"],
            role="lead",
            state="assigned",
            due_on=periods(year=2024, due=due, recurrence=recurrence)[0].due_on,
        )
        with time_machine.travel(datetime.date(2024, 5, 1)):
            if state in ("reported", "returned", "done"):
                assignment_report(actor=clerk, assignment=a, text="进展")
            if state == "returned":
                assignment_return(actor=office, assignment=a, note="退回")
            if state == "done":
                assignment_accept(actor=office, assignment=a)
        a.refresh_from_db()
        assert a.state == state
        return a

    return make


PAIRS = list(ASSIGNMENT.pairs())


@time_machine.travel(datetime.date(2024, 7, 15))  # after the due date: 督办 is open
@pytest.mark.parametrize("state,row,allowed", PAIRS, ids=[f"{s}-{r.action}" for s, r, _ in PAIRS])
def test_every_state_and_action(state, row, allowed, assignment_in, superuser):
    a = assignment_in(state)
    events = AuditEvent.objects.count()
    if not allowed:
        with pytest.raises(Conflict) as exc:
            ASSIGNMENT.apply(superuser, a, row.action, **DATA[row.action])
        assert exc.value.code == "illegal_transition"
        a.refresh_from_db()
        assert a.state == state and AuditEvent.objects.count() == events
    else:
        ASSIGNMENT.apply(superuser, a, row.action, **DATA[row.action])
        a.refresh_from_db()
        assert a.state == (row.target or state)
        assert AuditEvent.objects.count() == events + 1


def test_who_may_act(assignment_in, office, clerk, other_clerk):
    a = assignment_in("assigned")
    with pytest.raises(NotFound):
        assignment_report(actor=other_clerk, assignment=a, text="x")  # another unit: not even visible
    assert [t.action for t in ASSIGNMENT.available_actions(clerk, a)] == [Action.REPORT]
    assignment_report(actor=clerk, assignment=a, text="进展")
    assert ASSIGNMENT.available_actions(clerk, a.__class__.objects.get(pk=a.pk)) == []
    with pytest.raises(PermissionDenied):
        assignment_return(actor=clerk, assignment=a, note="x")
    assignment_return(actor=office, assignment=a, note="请补充")


def test_overdue_and_escalation_on_fixed_dates(assignment_in, office):
    a = assignment_in("assigned")
    with time_machine.travel(datetime.date(2024, 6, 30)):
        assert not selectors.overdue(a.task.plan.org, day=datetime.date(2024, 6, 30)).exists()
        with pytest.raises(Conflict):
            assignment_escalate(actor=office, assignment=a, note="催办")
    with time_machine.travel(datetime.date(2024, 7, 1)):
        assert list(selectors.overdue(a.task.plan.org, day=datetime.date(2024, 7, 1))) == [a]
        assignment_escalate(actor=office, assignment=a, note="请于7月5日前报送")
    record = Escalation.objects.get(assignment=a)
    assert record.on == datetime.date(2024, 7, 1) and record.due_on == datetime.date(2024, 6, 30)


def test_recurring_task_moves_to_the_next_period(assignment_in, office, clerk):
    a = assignment_in("assigned", due=datetime.date(2024, 3, 31), recurrence="quarterly")
    a.refresh_from_db()
    with time_machine.travel(datetime.date(2024, 3, 20)):
        assignment_report(actor=clerk, assignment=a, text="一季度进展")
        assignment_accept(actor=office, assignment=a)
    a.refresh_from_db()
    # due 3-31 caps the quarterly schedule: one period only, so done
    assert a.state == "done"
    b = assignment_in("assigned", due=None, recurrence="quarterly")
    with time_machine.travel(datetime.date(2024, 3, 20)):
        assignment_report(actor=clerk, assignment=b, text="一季度进展")
        assignment_accept(actor=office, assignment=b)
    b.refresh_from_db()
    assert (b.state, b.period, b.due_on) == ("assigned", 1, datetime.date(2024, 6, 30))
