"""The 工作台 lists what waits for the clerk across modules, from each module's own visibility
rules: an FOI officer sees the case due in their org (late ones first), nobody else does."""

import datetime

import pytest
import time_machine

from gongkai.orgs.roles import Role
from gongkai.portal.worklist import worklist
from gongkai.reports.tests.conftest import make_application

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2025, 10, 20, 4, 0, tzinfo=datetime.UTC)  # a Monday


def case(org, number: str, due: str):
    app = make_application(org, "natural_person", "2025-09-22", state="in_progress")
    app.registration_number = number
    app.due_on = datetime.date.fromisoformat(due)
    app.save(update_fields=["registration_number", "due_on"])
    return app


@time_machine.travel(NOON, tick=False)
def test_an_officer_sees_cases_due_and_late_first(org_tree, make_user, client):
    dept = org_tree["dept"]
    officer = make_user("wl-officer", org=dept, role=Role.FOI_OFFICER)
    case(dept, "YSQ-2025-0100", "2025-10-22")
    case(dept, "YSQ-2025-0101", "2025-10-15")  # overdue
    case(dept, "YSQ-2025-0102", "2025-12-30")  # not due within 5 working days
    case(org_tree["sibling"], "YSQ-2025-0103", "2025-10-21")  # another county's
    items = worklist(officer, today=datetime.date(2025, 10, 20))
    assert [(i.module, i.title, i.late) for i in items] == [
        ("依申请公开", "YSQ-2025-0101", True),
        ("依申请公开", "YSQ-2025-0100", False),
    ]
    assert items[0].status == "已逾期3个工作日" and items[1].status == "还剩2个工作日答复"

    client.force_login(officer)
    html = client.get("/staff/").content.decode()
    assert "待我办理" in html and "YSQ-2025-0101" in html and "YSQ-2025-0103" not in html


@time_machine.travel(NOON, tick=False)
def test_an_editor_elsewhere_sees_nothing_of_it(org_tree, make_user):
    case(org_tree["dept"], "YSQ-2025-0200", "2025-10-21")
    editor = make_user("wl-editor", org=org_tree["sibling"], role=Role.EDITOR)
    assert worklist(editor, today=datetime.date(2025, 10, 20)) == []
