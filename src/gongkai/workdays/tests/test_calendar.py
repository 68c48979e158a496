"""The pure calendar: no database."""

import datetime
import math

import chinese_calendar
import pytest
from chinese_calendar import constants

from gongkai.workdays.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    ScheduleEntry,
    WorkingCalendar,
    YearSchedule,
    default_calendar,
    package_schedule,
    package_years,
    provisional_schedule,
    qingming_date,
    statutory_holidays,
    validate_schedule,
)
from gongkai.workdays.domain import (
    DateOutOfRange,
    DayKind,
    InvalidDate,
    InvalidPause,
    InvalidWorkingDays,
    Pause,
    YearSource,
    parse_date,
)

D = datetime.date


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return default_calendar()


# --------------------------------------------------------------------------- the worked example


def test_worked_example_from_the_issue(cal):
    result = cal.add_working_days(D(2025, 9, 26), 20)
    assert result.date == D(2025, 10, 30)
    assert result.provisional is False
    text = "\n".join(result.explanation)
    assert "2025-09-28（星期日）调休上班（国庆节），计入（第 1 个工作日）" in text
    assert "2025-10-01 至 2025-10-08 国庆节、中秋节放假，不计入" in text
    assert "2025-10-11（星期六）调休上班（国庆节），计入" in text
    assert "第 20 个工作日为 2025-10-30（星期四），即期限届满日" in text
    assert "自起算日的次日开始计算" in result.explanation[0]


def test_worked_example_accepts_strings(cal):
    assert cal.add_working_days("2025-09-26", "20").date == D(2025, 10, 30)


def test_between_inverts_the_worked_example(cal):
    count = cal.working_days_between(D(2025, 9, 26), D(2025, 10, 30))
    assert count.working_days == 20
    assert count.provisional is False
    assert int(count) == 20
    assert cal.working_days_between(D(2025, 10, 30), D(2025, 9, 26)).working_days == -20
    assert cal.working_days_between(D(2025, 9, 26), D(2025, 9, 26)).working_days == 0


# --------------------------------------------------------------------------- 调休 from real schedules

# (date, is a working day) from the State Council's notices for 2024–2026, as the
# chinesecalendar package records them.
REAL_DAYS = [
    (D(2024, 2, 4), True),  # Sunday, 春节调休上班
    (D(2024, 2, 10), False),  # 春节
    (D(2024, 2, 18), True),  # Sunday, 春节调休上班
    (D(2024, 4, 7), True),  # Sunday, 清明调休上班
    (D(2024, 4, 28), True),  # Sunday, 劳动节调休上班
    (D(2024, 5, 3), False),  # Friday, 劳动节
    (D(2024, 5, 11), True),  # Saturday, 劳动节调休上班
    (D(2024, 9, 14), True),  # Saturday, 中秋调休上班
    (D(2024, 9, 16), False),  # Monday, 中秋
    (D(2024, 9, 29), True),  # Sunday, 国庆调休上班
    (D(2024, 10, 7), False),  # Monday, 国庆
    (D(2024, 10, 12), True),  # Saturday, 国庆调休上班
    (D(2025, 1, 26), True),  # Sunday, 春节调休上班
    (D(2025, 2, 4), False),  # Tuesday, 春节
    (D(2025, 2, 8), True),  # Saturday, 春节调休上班
    (D(2025, 4, 27), True),  # Sunday, 劳动节调休上班
    (D(2025, 5, 5), False),  # Monday, 劳动节
    (D(2025, 9, 28), True),  # Sunday, 国庆调休上班
    (D(2025, 10, 8), False),  # Wednesday, 国庆
    (D(2025, 10, 11), True),  # Saturday, 国庆调休上班
    (D(2026, 1, 2), False),  # Friday, 元旦
    (D(2026, 1, 4), True),  # Sunday, 元旦调休上班
    (D(2026, 2, 14), True),  # Saturday, 春节调休上班
    (D(2026, 2, 23), False),  # Monday, 春节
    (D(2026, 2, 28), True),  # Saturday, 春节调休上班
    (D(2026, 5, 9), True),  # Saturday, 劳动节调休上班
    (D(2026, 9, 20), True),  # Sunday, 国庆调休上班
    (D(2026, 10, 7), False),  # Wednesday, 国庆
    (D(2026, 10, 10), True),  # Saturday, 国庆调休上班
]


@pytest.mark.parametrize(("day", "working"), REAL_DAYS)
def test_real_tiaoxiu_days(cal, day, working):
    assert chinese_calendar.is_workday(day) is working  # the package agrees with the notice
    status = cal.is_working_day(day)
    assert bool(status) is working
    assert status.provisional is False
    if working and day.weekday() >= 5:
        assert status.kind == "makeup"
        assert "调休上班" in status.explanation[0]
    if not working and day.weekday() < 5:
        assert status.kind == "holiday"


def test_every_package_day_agrees_with_chinesecalendar(cal):
    first, last = package_years()
    day = D(first, 1, 1)
    while day <= D(last, 12, 31):
        assert cal.is_working(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)


def test_due_dates_across_2024_to_2026_tiaoxiu(cal):
    # Friday before 2024 Spring Festival: 2/4 (Sun) is a working day, 2/10–2/17 rest, 2/18 (Sun) works.
    assert cal.add_working_days(D(2024, 2, 2), 1).date == D(2024, 2, 4)
    assert cal.add_working_days(D(2024, 2, 8), 1).date == D(2024, 2, 9)
    assert cal.add_working_days(D(2024, 2, 9), 1).date == D(2024, 2, 18)
    # 2026 元旦: 1/1–1/3 rest, 1/4 (Sun) works.
    assert cal.add_working_days(D(2025, 12, 31), 1).date == D(2026, 1, 4)
    # 2026 春节: 2/14 (Sat) works, 2/15–2/23 rest.
    assert cal.add_working_days(D(2026, 2, 13), 2).date == D(2026, 2, 24)


# --------------------------------------------------------------------------- edge cases


def test_n_zero_returns_start_even_on_a_holiday(cal):
    assert cal.add_working_days(D(2025, 9, 26), 0).date == D(2025, 9, 26)
    result = cal.add_working_days(D(2025, 10, 1), 0)
    assert result.date == D(2025, 10, 1)
    assert "工作日数为 0" in "\n".join(result.explanation)


def test_start_on_a_holiday_counts_from_the_next_working_day(cal):
    result = cal.add_working_days(D(2025, 10, 1), 1)
    assert result.date == D(2025, 10, 9)
    assert "起算日为国庆节放假日" in result.explanation[1]
    assert cal.add_working_days(D(2025, 10, 4), 3).date == D(2025, 10, 11)  # the make-up Saturday counts


def test_start_on_a_weekend(cal):
    assert cal.add_working_days(D(2025, 9, 27), 1).date == D(2025, 9, 28)  # Sunday 9/28 is a make-up day
    assert cal.add_working_days(D(2025, 11, 1), 1).date == D(2025, 11, 3)


def test_pause_skips_its_working_days(cal):
    # Third-party consultation 2025-11-03 to 2025-11-07 (five working days).
    plain = cal.add_working_days(D(2025, 10, 31), 10).date
    paused = cal.due_date(D(2025, 10, 31), 10, [Pause(D(2025, 11, 3), D(2025, 11, 7), "征求第三方意见")])
    assert plain == D(2025, 11, 14)
    assert paused.date == D(2025, 11, 21)
    text = "\n".join(paused.explanation)
    assert "2025-11-03 至 2025-11-07 暂停计算（征求第三方意见），其间 5 个工作日不计入" in text


def test_pause_spanning_a_holiday_only_removes_working_days(cal):
    # Pause 2025-09-29 to 2025-10-10: working days inside are 9/29, 9/30, 10/9, 10/10.
    result = cal.due_date(D(2025, 9, 26), 20, [(D(2025, 9, 29), D(2025, 10, 10))])
    plain = cal.add_working_days(D(2025, 9, 26), 20).date
    assert plain == D(2025, 10, 30)
    assert result.date == cal.add_working_days(plain, 4).date == D(2025, 11, 5)
    assert "其间 4 个工作日不计入" in "\n".join(result.explanation)


def test_overlapping_and_adjacent_pauses_count_each_day_once(cal):
    one = cal.due_date(D(2025, 11, 7), 10, [(D(2025, 11, 10), D(2025, 11, 14))])
    overlapping = cal.due_date(
        D(2025, 11, 7),
        10,
        [("2025-11-12", "2025-11-14", "等待补正"), ("2025-11-10", "2025-11-13", "征求第三方意见")],
    )
    adjacent = cal.due_date(
        D(2025, 11, 7), 10, [(D(2025, 11, 10), D(2025, 11, 11)), (D(2025, 11, 12), D(2025, 11, 14))]
    )
    assert one.date == overlapping.date == adjacent.date == D(2025, 11, 28)
    assert "征求第三方意见；等待补正" in "\n".join(overlapping.explanation)


def test_pauses_outside_the_span_change_nothing(cal):
    plain = cal.add_working_days(D(2025, 11, 7), 5)
    before = cal.due_date(D(2025, 11, 7), 5, [(D(2025, 11, 1), D(2025, 11, 7))])
    after = cal.due_date(D(2025, 11, 7), 5, [(D(2025, 12, 1), D(2025, 12, 5))])
    assert plain.date == before.date == after.date == D(2025, 11, 14)
    assert "不影响期限" in "\n".join(after.explanation)


def test_pause_starting_before_start_still_skips_days_after_it(cal):
    result = cal.due_date(D(2025, 11, 7), 1, [(D(2025, 11, 5), D(2025, 11, 11))])
    assert result.date == D(2025, 11, 12)


def test_pause_accepts_dicts_and_rejects_reversed_ranges(cal):
    result = cal.due_date("2025-11-07", 1, [{"start": "2025-11-10", "end": "2025-11-10", "reason": "补正"}])
    assert result.date == D(2025, 11, 11)
    with pytest.raises(InvalidPause, match="早于开始日"):
        cal.due_date("2025-11-07", 1, [("2025-11-10", "2025-11-09")])
    with pytest.raises(InvalidPause):
        cal.due_date("2025-11-07", 1, ["2025-11-10"])


@pytest.mark.parametrize("bad", ["2025-13-01", "2025-02-30", "20250926", "2025/09/26", "", "yesterday", 20250926])
def test_malformed_dates_are_refused(cal, bad):
    with pytest.raises(InvalidDate):
        cal.add_working_days(bad, 1)


def test_a_datetime_is_refused(cal):
    with pytest.raises(InvalidDate, match="日期时间"):
        cal.add_working_days(datetime.datetime(2025, 9, 26, 12, 0, tzinfo=datetime.UTC), 1)


@pytest.mark.parametrize("bad", [-1, "-3", "abc", 1.5, True, None])
def test_bad_numbers_of_days_are_refused(cal, bad):
    with pytest.raises(InvalidWorkingDays):
        cal.add_working_days(D(2025, 9, 26), bad)


def test_messages_are_chinese_and_precise():
    with pytest.raises(InvalidDate, match="2025 年 2 月没有 30 日"):
        parse_date("2025-02-30")
    with pytest.raises(InvalidDate, match="没有 13 月"):
        parse_date("2025-13-01")


def test_out_of_range_is_an_error_not_a_guess(cal):
    with pytest.raises(DateOutOfRange):
        cal.add_working_days(D(FIRST_YEAR - 1, 12, 31), 1)
    with pytest.raises(DateOutOfRange):
        cal.add_working_days(D(LAST_YEAR, 12, 20), 30)
    with pytest.raises(DateOutOfRange):
        cal.is_working_day(D(LAST_YEAR + 1, 1, 1))


# --------------------------------------------------------------------------- provisional years


def test_a_year_beyond_the_package_is_provisional(cal):
    _, last = package_years()
    year = last + 1
    result = cal.add_working_days(D(year, 3, 1), 5)
    assert result.provisional is True
    assert result.provisional_years == [year]
    assert any("尚未公布或尚未录入" in line for line in result.explanation)
    assert cal.is_working_day(D(year, 3, 1)).provisional is True
    assert cal.working_days_between(D(last, 12, 1), D(year, 1, 5)).provisional is True
    # A span entirely inside known years is not.
    assert cal.add_working_days(D(last, 3, 1), 5).provisional is False


def test_a_span_crossing_into_a_provisional_year_is_provisional(cal):
    _, last = package_years()
    result = cal.add_working_days(D(last, 12, 20), 20)
    assert result.date.year == last + 1
    assert result.provisional is True
    # …but one ending on 12-31 of the known year is not.
    end_of_year = cal.add_working_days(
        D(last, 12, 1), cal.working_days_between(D(last, 12, 1), D(last, 12, 31)).working_days
    )
    assert end_of_year.date.year == last
    assert end_of_year.provisional is False


def test_package_years_cover_at_least_2004_to_2026():
    first, last = package_years()
    assert first == FIRST_YEAR
    assert last >= 2026
    assert package_schedule(last + 1) is None
    known = package_schedule(2025)
    assert known is not None
    assert known.source is YearSource.PACKAGE


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_are_a_subset_of_the_announced_rest_days(year):
    announced = package_schedule(year)
    assert announced is not None
    for day, name in statutory_holidays(year).items():
        assert not chinese_calendar.is_workday(day), (day, name)
        assert day in announced.holidays or day.weekday() >= 5, (day, name)


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_count_the_2024_revision(year):
    # 元旦 1 + 春节 4 + 清明 1 + 劳动节 2 + 端午 1 + 中秋 1 + 国庆 3 = 13 days (fewer if 中秋 falls in 国庆).
    days = statutory_holidays(year)
    assert len(days) == 13
    names = list(days.values())
    assert names.count("春节") == 4
    assert names.count("劳动节") == 2
    assert names.count("国庆节") == 3


def test_known_lunar_dates():
    h2027 = statutory_holidays(2027)
    assert [d for d, n in h2027.items() if n == "春节"] == [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)]
    assert h2027[D(2027, 6, 9)] == "端午节"
    assert h2027[D(2027, 9, 15)] == "中秋节"
    # 中秋 falling inside 国庆 is one rest day, named for both.
    assert statutory_holidays(2028)[D(2028, 10, 3)] == "国庆节、中秋节"
    assert len(statutory_holidays(2028)) == 12


def test_provisional_schedule_has_no_tiaoxiu():
    schedule = provisional_schedule(2030)
    assert schedule.source is YearSource.PROVISIONAL
    assert schedule.workdays == {}
    assert schedule.provisional is True


def test_qingming_matches_the_package_holidays():
    # 清明 has been a public holiday since 2008; the package lists its rest days.
    for year in range(2008, package_years()[1] + 1):
        qingming = qingming_date(year)
        assert constants.holidays.get(qingming) == chinese_calendar.Holiday.tomb_sweeping_day.value, year
        # and the package's own solar-term function agrees
        terms = {n: d for d, n in chinese_calendar.get_solar_terms(D(year, 4, 1), D(year, 4, 30))}
        assert terms["清明"] == qingming


def _sun_longitude(jd: float) -> float:
    """Apparent ecliptic longitude of the Sun, degrees (Meeus, Astronomical Algorithms, ch. 25)."""
    t = (jd - 2451545.0) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    c = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000289 * math.sin(3 * m)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (l0 + c - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _qingming_astronomical(year: int) -> datetime.datetime:
    """When the Sun reaches longitude 15°, in Beijing time (UTC+8)."""
    epoch = datetime.datetime(2000, 1, 1, 12, tzinfo=datetime.UTC)  # JD 2451545.0 (TT ≈ UTC here)
    lo = 2451545.0 + (datetime.datetime(year, 4, 1, tzinfo=datetime.UTC) - epoch).total_seconds() / 86400
    hi = lo + 7
    for _ in range(60):
        mid = (lo + hi) / 2
        if ((_sun_longitude(mid) - 15 + 180) % 360) - 180 < 0:
            lo = mid
        else:
            hi = mid
    return epoch + datetime.timedelta(days=lo - 2451545.0, hours=8)


def test_qingming_formula_matches_the_astronomy_for_every_supported_year():
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        moment = _qingming_astronomical(year)
        minutes = moment.hour * 60 + moment.minute
        if min(minutes, 24 * 60 - minutes) < 20:
            continue  # too close to midnight for this low-precision check to decide
        assert qingming_date(year) == moment.date(), (year, moment)


# --------------------------------------------------------------------------- schedules and validation


def test_an_entered_year_overrides_the_package():
    schedule = YearSchedule(year=2025, source=YearSource.ADMIN, holidays={D(2025, 1, 1): "元旦", D(2025, 3, 3): "测试"})
    cal = WorkingCalendar({2025: schedule})
    assert not cal.is_working(D(2025, 3, 3))
    assert cal.is_working(D(2025, 10, 8))  # the package's 国庆 is no longer there
    assert cal.schedule(2025).source is YearSource.ADMIN
    assert cal.add_working_days(D(2025, 3, 3), 1).provisional is False


def test_validate_schedule_reports_every_problem():
    entries = [
        ScheduleEntry(D(2027, 1, 1), DayKind.HOLIDAY, "元旦", line=2),
        ScheduleEntry(D(2027, 1, 1), DayKind.WORKDAY, "元旦", line=3),
        ScheduleEntry(D(2027, 1, 4), DayKind.WORKDAY, "元旦", line=4),  # a Monday
        ScheduleEntry(D(2028, 1, 1), DayKind.HOLIDAY, "元旦", line=5),
        ScheduleEntry(D(2027, 2, 5), DayKind.HOLIDAY, "春节", line=6),
        ScheduleEntry(D(2027, 2, 5), DayKind.HOLIDAY, "春节", line=7),
    ]
    errors = validate_schedule(2027, entries)
    text = "\n".join(errors)
    assert "第 3 行：日期 2027-01-01 同时被列为放假和调休上班（另见第 2 行）" in text
    assert "第 4 行：2027-01-04（星期一）本来就是工作日" in text
    assert "第 5 行：日期 2028-01-01 不属于 2027 年" in text
    assert "第 7 行：日期 2027-02-05 重复列出" in text
    assert validate_schedule(2027, []) == ["2027 年的安排是空的；请列出放假日期和调休上班日期。"]
    assert validate_schedule(2027, [ScheduleEntry(D(2027, 2, 20), DayKind.WORKDAY)])
    assert validate_schedule(2100, [ScheduleEntry(D(2100, 1, 1), DayKind.HOLIDAY)])


def test_year_summary(cal):
    summary = cal.year_summary(2025)
    assert summary["source"] == "package"
    assert summary["provisional"] is False
    assert {"date": "2025-09-28", "weekday": 7, "name": "国庆节"} in summary["workdays"]
    assert summary["working_days"] == cal.working_days_between(D(2024, 12, 31), D(2025, 12, 31)).working_days
    assert cal.year_summary(2030)["provisional"] is True


def test_day_status_explains_itself(cal):
    holiday = cal.is_working_day("2025-10-06")
    assert not holiday
    assert holiday.kind == "holiday"
    assert holiday.name == "中秋节"
    assert "不是工作日" in holiday.explanation[0]
    weekend = cal.is_working_day("2025-11-01")
    assert weekend.kind == "weekend"
    assert cal.is_working_day("2025-11-03").kind == "workday"
    assert cal.is_working_day("2025-11-03").as_json()["working"] is True


def test_result_json_shapes(cal):
    due = cal.due_date("2025-09-26", 20, [("2025-11-03", "2025-11-04", "补正")]).as_json()
    assert set(due) >= {"date", "provisional", "explanation"}
    assert due["pauses"] == [{"start": "2025-11-03", "end": "2025-11-04", "reason": "补正"}]
    between = cal.working_days_between("2025-09-26", "2025-10-30").as_json()
    assert between["working_days"] == 20 and between["provisional"] is False
