"""Property-based tests (hypothesis) of the calendar's arithmetic."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.calendar import default_calendar
from gongkai.workdays.domain import Pause

CAL = default_calendar()
days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@st.composite
def pauses(draw):
    out = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        start = draw(days)
        length = draw(st.integers(min_value=0, max_value=60))
        out.append(Pause(start, start + datetime.timedelta(days=length), "测试"))
    return out


def reference_due(start, n, pause_list):
    """The day-by-day walk the index replaces."""
    day, counted = start, 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if CAL.is_working(day) and not any(p.start <= day <= p.end for p in pause_list):
            counted += 1
    return day


@settings(deadline=None, max_examples=300)
@given(days, st.integers(min_value=1, max_value=400))
def test_result_is_a_working_day(d, n):
    assert CAL.is_working(CAL.add_working_days(d, n).date)


@settings(deadline=None, max_examples=300)
@given(days, counts)
def test_between_inverts_add(d, n):
    assert CAL.working_days_between(d, CAL.add_working_days(d, n).date).working_days == n


@settings(deadline=None, max_examples=300)
@given(days, counts)
def test_monotone_in_n(d, n):
    assert CAL.add_working_days(d, n).date < CAL.add_working_days(d, n + 1).date


@settings(deadline=None, max_examples=300)
@given(days, days)
def test_between_is_antisymmetric_and_additive(a, b):
    assert CAL.working_days_between(a, b).working_days == -CAL.working_days_between(b, a).working_days
    mid = min(a, b) + (max(a, b) - min(a, b)) / 2
    assert (
        CAL.working_days_between(min(a, b), mid).working_days + CAL.working_days_between(mid, max(a, b)).working_days
        == CAL.working_days_between(min(a, b), max(a, b)).working_days
    )


@settings(deadline=None, max_examples=300)
@given(days, counts, pauses())
def test_pauses_never_shorten_a_deadline(d, n, pause_list):
    assert CAL.due_date(d, n, pause_list).date >= CAL.add_working_days(d, n).date


@settings(deadline=None, max_examples=300)
@given(days, st.integers(min_value=0, max_value=120), pauses())
def test_index_agrees_with_a_day_by_day_walk(d, n, pause_list):
    result = CAL.due_date(d, n, pause_list)
    assert result.date == reference_due(d, n, pause_list)
    if n:
        assert not any(p.start <= result.date <= p.end for p in pause_list)


@settings(deadline=None, max_examples=100)
@given(days, st.integers(min_value=0, max_value=60), pauses())
def test_explanation_counts_to_n(d, n, pause_list):
    result = CAL.due_date(d, n, pause_list)
    lines = result.explanation
    assert lines[0].startswith(f"起算日：{d.isoformat()}")
    if n:
        assert f"第 {n} 个工作日为 {result.date.isoformat()}" in "\n".join(lines)
