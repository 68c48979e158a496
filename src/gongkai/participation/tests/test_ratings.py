"""好差评: five levels, a rectification for every 差评 with deadline, 回访 and result; statistics."""

import datetime

import pytest

from gongkai.core.errors import Conflict, NotFound, ValidationFailed
from gongkai.participation import selectors, services
from gongkai.participation.models import Rating, Rectification
from gongkai.participation.tests.conftest import token

pytestmark = pytest.mark.django_db
D = datetime.date


def rate(org, level, on, **extra):
    return services.rating_submit(org=org, level=level, token=token(), today=on, service_name="医师执业注册", **extra)[
        0
    ]


def test_a_bad_rating_opens_a_rectification_with_a_working_day_deadline(staff, org_tree):
    good = rate(org_tree["dept"], 5, D(2025, 9, 26))
    assert not Rectification.objects.filter(rating=good).exists()
    bad = rate(
        org_tree["dept"], 2, D(2025, 9, 26), comment="窗口人员态度差", rater_name="陈建国", rater_phone="13512345678"
    )
    task = bad.rectification
    # Default 15 WD from 2025-09-26 across 国庆节、中秋节 (9-28 and 10-11 调休上班): 2025-10-23.
    assert task.due_on == D(2025, 10, 23)
    services.settings_save(actor=staff["admin"], org=org_tree["county"], rectification_working_days=5)
    worse = rate(org_tree["township"], 1, D(2025, 9, 26))
    assert worse.rectification.due_on == D(2025, 10, 10)


def test_double_submit_and_validation(org_tree):
    form = token()
    first, created = services.rating_submit(org=org_tree["dept"], level=4, token=form, today=D(2025, 9, 26))
    again, created_again = services.rating_submit(org=org_tree["dept"], level=4, token=form, today=D(2025, 9, 26))
    assert created and not created_again and first.pk == again.pk and Rating.objects.count() == 1
    with pytest.raises(ValidationFailed) as exc:
        services.rating_submit(org=org_tree["dept"], level=6, token=token(), rater_phone="abc")
    assert set(exc.value.fields) == {"level", "rater_phone"}


def test_named_bad_rating_needs_a_follow_up_before_the_result(staff, org_tree):
    bad = rate(org_tree["dept"], 2, D(2025, 9, 26), rater_name="陈建国", rater_phone="13512345678")
    task = bad.rectification
    with pytest.raises(NotFound):
        services.rectification_close(actor=staff["township_editor"], rectification=task, result="rectified", note="x")
    with pytest.raises(ValidationFailed) as exc:
        services.rectification_close(actor=staff["editor"], rectification=task, result="rectified", note="已整改")
    assert "followup" in exc.value.fields
    services.rectification_follow_up(
        actor=staff["editor"], rectification=task, note="电话回访，核实窗口人员未一次性告知材料。", today=D(2025, 9, 29)
    )
    services.rectification_close(
        actor=staff["editor"],
        rectification=task,
        result="rectified",
        note="已对窗口人员批评教育，修订告知单。",
        today=D(2025, 9, 30),
    )
    task.refresh_from_db()
    assert (task.result, task.closed_on, task.followed_up_on) == ("rectified", D(2025, 9, 30), D(2025, 9, 29))
    with pytest.raises(Conflict):
        services.rectification_follow_up(actor=staff["editor"], rectification=task, note="again")
    # An anonymous bad rating cannot be visited; it can be closed with the result.
    anonymous = rate(org_tree["dept"], 1, D(2025, 9, 26)).rectification
    services.rectification_close(
        actor=staff["editor"], rectification=anonymous, result="misjudged", note="经核实为误评。", today=D(2025, 9, 30)
    )


def test_statistics_and_rectification_rate(staff, org_tree):
    for level in (5, 5, 4, 3, 2, 1):
        rate(org_tree["dept"], level, D(2025, 9, 10))
    rate(org_tree["dept"], 2, D(2025, 10, 9))  # outside the period
    rate(org_tree["sibling"], 1, D(2025, 9, 10))  # another county
    bad = Rectification.objects.filter(rating__org=org_tree["dept"], rating__rated_on=D(2025, 9, 10)).order_by("pk")
    services.rectification_close(
        actor=staff["editor"], rectification=bad[0], result="explained", note="已说明政策依据。", today=D(2025, 9, 20)
    )
    s = selectors.rating_statistics(org_tree["county"], start=D(2025, 9, 1), end=D(2025, 9, 30), today=D(2025, 9, 30))
    assert s.total == 6
    assert s.by_level == [("非常满意", 2), ("满意", 1), ("基本满意", 1), ("不满意", 1), ("非常不满意", 1)]
    # 满意率 (5+4+3) 4/6 = 66.6% (cut); 整改率 1/2 = 50.0%; the other one is due 2025-09-30
    # (15 WD from 09-10, Sunday 09-28 调休上班 counted) — not yet overdue on that day.
    assert (s.satisfied, str(s.satisfaction_rate), s.bad, s.rectified, str(s.rectification_rate)) == (
        4,
        "66.6",
        2,
        1,
        "50.0",
    )
    assert s.overdue == 0
    assert bad[1].due_on == D(2025, 9, 30)
    later = selectors.rating_statistics(
        org_tree["county"], start=D(2025, 9, 1), end=D(2025, 9, 30), today=D(2025, 10, 9)
    )
    assert later.overdue == 1
