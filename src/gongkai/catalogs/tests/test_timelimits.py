"""公开时限 texts → rules, and the dates the workdays engine computes from them (fixed dates)."""

import datetime

import pytest

from gongkai.catalogs.timelimits import (
    Period,
    RuleKind,
    Unit,
    cycles_around,
    due_after_event,
    parse_deadline,
    publicity_ends,
)
from gongkai.workdays.selectors import get_calendar

D = datetime.date


@pytest.mark.parametrize(
    ("text", "kind", "days", "unit", "publicity"),
    [
        ("信息形成或者变更之日起20个工作日内", RuleKind.AFTER_EVENT, 20, Unit.WORKING_DAY, None),
        ("本级人民代表大会或其常务委员会批准后20日内", RuleKind.AFTER_EVENT, 20, Unit.CALENDAR_DAY, None),
        ("本级政府财政部门批复后二十日内", RuleKind.AFTER_EVENT, 20, Unit.CALENDAR_DAY, None),
        ("制定或获取信息之日起10个工作日内，公示7个工作日", RuleKind.AFTER_EVENT, 10, Unit.WORKING_DAY, 7),
        ("分配结果确定后２０个工作日内", RuleKind.AFTER_EVENT, 20, Unit.WORKING_DAY, None),
        ("实时", RuleKind.STANDING, None, None, None),
        ("长期公开", RuleKind.STANDING, None, None, None),
        ("常态化公开", RuleKind.STANDING, None, None, None),
        ("每季度结束后15日内", RuleKind.PERIODIC, 15, Unit.CALENDAR_DAY, None),
        ("每月结束后10个工作日内", RuleKind.PERIODIC, 10, Unit.WORKING_DAY, None),
        ("每年3月底前", RuleKind.PERIODIC, None, None, None),
        ("及时公开", RuleKind.UNPARSED, None, None, None),
        ("按有关规定", RuleKind.UNPARSED, None, None, None),
        ("", RuleKind.UNPARSED, None, None, None),
        ("批准后99999日内", RuleKind.UNPARSED, None, None, None),  # out of range: kept, not guessed
    ],
)
def test_every_form_parses_to_its_rule(text, kind, days, unit, publicity):
    rule = parse_deadline(text)
    assert (rule.kind, rule.days, rule.unit, rule.publicity_days) == (kind, days, unit, publicity)
    assert rule.text == text.strip()
    assert rule.flagged == (kind == RuleKind.UNPARSED)


def test_yearly_rules_keep_month_and_day():
    end_of_march = parse_deadline("每年3月底前")
    assert (end_of_march.period, end_of_march.month, end_of_march.day) == (Period.YEAR, 3, None)
    by_date = parse_deadline("每年6月30日前公开上年度情况")
    assert (by_date.period, by_date.month, by_date.day) == (Period.YEAR, 6, 30)
    assert parse_deadline("每年13月底前").flagged


def test_rules_survive_storage():
    for text in (
        "制定或获取信息之日起10个工作日内，公示7个工作日",
        "每季度结束后15日内",
        "每年3月底前",
        "实时",
        "及时",
    ):
        rule = parse_deadline(text)
        assert type(rule).from_dict(rule.as_dict()) == rule


@pytest.mark.django_db
def test_working_days_skip_the_national_day_holiday_and_count_makeup_days():
    """2025: 10月1日–8日 放假, 9月28日 (Sunday) and 10月11日 (Saturday) 调休上班."""
    cal = get_calendar()
    rule = parse_deadline("信息形成或者变更之日起20个工作日内")
    # From 2025-09-26 (Fri): 9/28 (makeup), 9/29, 9/30, then 10/9, 10/10, 10/11 (makeup), ... 10/30 (20th).
    assert due_after_event(rule, cal, D(2025, 9, 26)) == D(2025, 10, 30)
    calendar_days = parse_deadline("批准后20日内")
    assert due_after_event(calendar_days, cal, D(2025, 9, 26)) == D(2025, 10, 16)


@pytest.mark.django_db
def test_publicity_period_runs_from_publication():
    cal = get_calendar()
    rule = parse_deadline("制定或获取信息之日起10个工作日内，公示7个工作日")
    assert due_after_event(rule, cal, D(2025, 3, 3)) == D(2025, 3, 17)
    assert publicity_ends(rule, cal, D(2025, 3, 17)) == D(2025, 3, 26)


@pytest.mark.django_db
def test_periodic_cycles_on_fixed_dates():
    cal = get_calendar()
    quarterly = parse_deadline("每季度结束后15日内")
    last, following = cycles_around(quarterly, cal, D(2025, 5, 1))
    assert (last.opens, last.due) == (D(2025, 3, 31), D(2025, 4, 15))
    assert following.due == D(2025, 7, 15)
    yearly = parse_deadline("每年3月底前")
    last, following = cycles_around(yearly, cal, D(2025, 3, 31))
    assert (last.opens, last.due, following.due) == (D(2024, 3, 31), D(2025, 3, 31), D(2026, 3, 31))
    assert cycles_around(parse_deadline("实时"), cal, D(2025, 1, 1)) == (None, None)
