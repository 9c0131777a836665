"""Working days and deadline phrases (tracker/workdays.py).

Expected dates are worked out by hand from the State Council schedules as carried in
chinesecalendar 1.11:
- 2025 National Day + Mid-Autumn: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct are worked.
- 2026 Spring Festival: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are worked.
- 2026 Mid-Autumn 25–27 Sep and National Day 1–7 Oct off; Sun 20 Sep and Sat 10 Oct worked.
- 2027: not in the package, so weekends only unless staff enter days. The 2027 entries
  below are invented test data, not the real schedule.
"""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.workdays import (
    DeadlineResolution,
    WorkdayCalendar,
    add_months,
    resolve_deadline,
)

STATUTORY_ONLY = WorkdayCalendar()
# Invented 2027 entries: New Year's Day off, one make-up Saturday.
STAFF_2027 = WorkdayCalendar(holidays=[date(2027, 1, 1)], workdays=[date(2027, 1, 9)])


# --- WorkdayCalendar.is_working_day ---------------------------------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 9, 27), False),  # ordinary Saturday
        (date(2025, 9, 28), True),  # Sunday worked (调休) for National Day
        (date(2025, 9, 30), True),
        (date(2025, 10, 1), False),  # National Day
        (date(2025, 10, 6), False),  # Mid-Autumn, inside the joint break
        (date(2025, 10, 8), False),  # last day of the break, a Wednesday
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),  # Saturday worked (调休)
        (date(2025, 10, 12), False),
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),  # Saturday worked before Spring Festival
        (date(2026, 2, 15), False),
        (date(2026, 2, 17), False),  # 春节 (lunar new year's day), a Tuesday
        (date(2026, 2, 23), False),  # last day of the break, a Monday
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday worked after Spring Festival
        (date(2026, 3, 1), False),
        (date(2026, 9, 20), True),  # Sunday worked for National Day
        (date(2026, 9, 25), False),  # Mid-Autumn, a Friday
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday worked
        (date(2026, 10, 11), False),
    ],
)
def test_is_working_day_follows_the_statutory_schedule(day, expected):
    # given a calendar with no staff entries
    # when / then
    assert STATUTORY_ONLY.is_working_day(day) is expected


def test_staff_entry_wins_over_the_statutory_schedule():
    # given a local day off entered on an ordinary 2025 Wednesday
    calendar = WorkdayCalendar(holidays=[date(2025, 12, 31)])

    # when / then
    assert calendar.is_working_day(date(2025, 12, 31)) is False
    assert calendar.basis_for(2025) == "statutory"


def test_is_working_day_accepts_timestamps():
    # given a pandas Timestamp on a make-up Sunday
    # when / then
    assert STATUTORY_ONLY.is_working_day(pd.Timestamp("2025-09-28 08:30")) is True


def test_a_day_cannot_be_both_holiday_and_make_up_day():
    # given / when / then
    with pytest.raises(ValueError, match="make-up"):
        WorkdayCalendar(holidays=[date(2027, 1, 9)], workdays=[date(2027, 1, 9)])


# --- basis and fallback -----------------------------------------------------------------


@pytest.mark.parametrize(
    "calendar, year, expected",
    [
        (STATUTORY_ONLY, 2004, "statutory"),
        (STATUTORY_ONLY, 2026, "statutory"),
        (STATUTORY_ONLY, 2027, "weekends_only"),
        (STATUTORY_ONLY, 2003, "weekends_only"),
        (STAFF_2027, 2026, "statutory"),
        (STAFF_2027, 2027, "entered"),
        (STAFF_2027, 2028, "weekends_only"),
    ],
)
def test_basis_for_year(calendar, year, expected):
    # given / when / then
    assert calendar.basis_for(year) == expected


@pytest.mark.parametrize(
    "calendar, a, b, expected",
    [
        (STATUTORY_ONLY, date(2025, 9, 1), date(2026, 12, 31), ()),
        (STATUTORY_ONLY, date(2026, 12, 1), date(2028, 1, 5), (2027, 2028)),
        (STATUTORY_ONLY, date(2028, 1, 5), date(2026, 12, 1), (2027, 2028)),  # either order
        (STAFF_2027, date(2026, 12, 1), date(2028, 1, 5), (2028,)),
    ],
)
def test_fallback_years_lists_years_counted_on_weekends_only(calendar, a, b, expected):
    # given / when / then
    assert calendar.fallback_years(a, b) == expected


@pytest.mark.parametrize(
    "calendar, day, expected",
    [
        (STATUTORY_ONLY, date(2027, 1, 1), True),  # a Friday: nothing known, so worked
        (STATUTORY_ONLY, date(2027, 1, 9), False),  # a Saturday
        (STAFF_2027, date(2027, 1, 1), False),  # entered as New Year's Day
        (STAFF_2027, date(2027, 1, 9), True),  # entered as a make-up Saturday
        (STAFF_2027, date(2027, 1, 4), True),  # not entered: weekday rule
        (STAFF_2027, date(2027, 1, 10), False),  # not entered: weekend rule
    ],
)
def test_is_working_day_in_a_year_the_package_does_not_know(calendar, day, expected):
    # given / when / then
    assert calendar.is_working_day(day) is expected


# --- add_working_days and working_days_between ----------------------------------------


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2025, 9, 26), 0, date(2025, 9, 26)),
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # Friday → make-up Sunday
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # jumps the whole break
        (date(2025, 9, 30), 3, date(2025, 10, 11)),  # lands on the make-up Saturday
        (date(2025, 9, 26), 30, date(2025, 11, 13)),  # 30个工作日内 across National Day
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 13), 10, date(2026, 3, 5)),  # 14, 24–28 Feb, 2–5 Mar
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
    ],
)
def test_add_working_days_with_the_statutory_schedule(start, n, expected):
    # given / when / then
    assert STATUTORY_ONLY.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    "calendar, expected",
    [
        # Dec 2026 gives 22 working days; Fri 1 Jan 2027 counts as worked → Tue 12 Jan.
        (STATUTORY_ONLY, date(2027, 1, 12)),
        # With 1 Jan entered as a holiday but Sat 9 Jan as worked, the two cancel out.
        (STAFF_2027, date(2027, 1, 12)),
        (WorkdayCalendar(holidays=[date(2027, 1, 1)]), date(2027, 1, 13)),
    ],
)
def test_add_working_days_into_2027(calendar, expected):
    # given / when / then
    assert calendar.add_working_days(date(2026, 12, 1), 30) == expected


def test_add_working_days_refuses_a_negative_count():
    # given / when / then
    with pytest.raises(ValueError):
        STATUTORY_ONLY.add_working_days(date(2025, 9, 26), -1)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (date(2025, 9, 30), date(2025, 9, 30), 0),
        (date(2025, 9, 30), date(2025, 10, 8), 0),  # all holiday
        (date(2025, 9, 30), date(2025, 10, 9), 1),
        (date(2025, 9, 26), date(2025, 10, 12), 6),  # 28, 29, 30 Sep; 9, 10, 11 Oct
        (date(2025, 10, 12), date(2025, 9, 26), -6),  # six working days late
        (date(2026, 2, 13), date(2026, 2, 28), 6),  # 14, 24–28 Feb
        (date(2026, 9, 19), date(2026, 10, 11), 11),  # 20–24, 28–30 Sep; 8–10 Oct
    ],
)
def test_working_days_between_counts_after_a_up_to_b(a, b, expected):
    # given / when / then
    assert STATUTORY_ONLY.working_days_between(a, b) == expected


# --- add_months ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 9, 26), 6, date(2026, 3, 26)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 31), 12, date(2026, 12, 31)),
        (date(2025, 5, 15), 0, date(2025, 5, 15)),
    ],
)
def test_add_months_clips_to_month_end(start, n, expected):
    # given / when / then
    assert add_months(start, n) == expected
    assert WorkdayCalendar.add_months(start, n) == expected


# --- working_day_mask ------------------------------------------------------------------


def test_working_day_mask_over_a_datetime_index():
    # given the days around the 2025 National Day break
    days = pd.date_range("2025-09-27", "2025-10-12", freq="D")

    # when
    mask = STATUTORY_ONLY.working_day_mask(days)

    # then the working days are 28–30 Sep and 9–11 Oct
    assert mask.dtype == np.bool_
    assert [d.day for d in days[mask]] == [28, 29, 30, 9, 10, 11]


def test_working_day_mask_over_a_list_of_dates():
    # given
    days = [date(2026, 2, 14), date(2026, 2, 15), date(2027, 1, 1)]

    # when / then
    assert STAFF_2027.working_day_mask(days).tolist() == [True, False, False]


# --- resolve_deadline ----------------------------------------------------------------

SPEECH_DAY = date(2025, 9, 26)  # a Friday, just before the 2025 National Day break


@pytest.mark.parametrize(
    "phrase, expected_date, expected_basis",
    [
        ("年底前", date(2025, 12, 31), "year_end"),
        ("今年年底", date(2025, 12, 31), "year_end"),
        ("到今年年底", date(2025, 12, 31), "year_end"),
        ("年内", date(2025, 12, 31), "year_end"),
        ("2022年", date(2022, 12, 31), "by_year"),
        ("到2025年", date(2025, 12, 31), "by_year"),
        ("到2020年", date(2020, 12, 31), "by_year"),
        ("30个工作日内", date(2025, 11, 13), "working_days"),
        ("三十个工作日内", date(2025, 11, 13), "working_days"),
        ("３０个工作日内", date(2025, 11, 13), "working_days"),  # full-width digits
        ("6个月内", date(2026, 3, 26), "months"),
        ("六个月内", date(2026, 3, 26), "months"),
        ("半年内", date(2026, 3, 26), "months"),
        ("两个月内", date(2025, 11, 26), "months"),
        ("一季度", date(2025, 3, 31), "quarter"),
        ("第一季度", date(2025, 3, 31), "quarter"),
        ("二季度末", date(2025, 6, 30), "quarter"),
        ("三季度", date(2025, 9, 30), "quarter"),
        ("2026年第一季度", date(2026, 3, 31), "quarter"),
        ("上半年", date(2025, 6, 30), "half_year"),
        ("下半年", date(2025, 12, 31), "half_year"),
        ("秋冬季", date(2026, 3, 31), "autumn_winter"),
        ("2021-2022年秋冬季", date(2022, 3, 31), "autumn_winter"),
        ("2022年6月30日前", date(2022, 6, 30), "explicit_date"),
        ("6月底前", date(2025, 6, 30), "explicit_date"),
        ("9月底", date(2025, 9, 30), "explicit_date"),
        ("十一月底前", date(2025, 11, 30), "explicit_date"),
        ("2024年2月底", date(2024, 2, 29), "explicit_date"),
    ],
)
def test_resolve_deadline_phrases(phrase, expected_date, expected_basis):
    # given a speech on SPEECH_DAY and the statutory calendar
    # when
    resolution = resolve_deadline(phrase, SPEECH_DAY)

    # then
    assert resolution == DeadlineResolution(
        date=expected_date,
        basis=expected_basis,
        fallback=False,
        note_zh=resolution.note_zh,
        note_en=resolution.note_en,
    )


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (date(2025, 11, 15), date(2026, 3, 31)),  # season under way
        (date(2025, 10, 1), date(2026, 3, 31)),  # first day of the season
        (date(2026, 2, 10), date(2026, 3, 31)),  # season under way, second half
        (date(2025, 3, 31), date(2025, 3, 31)),  # last day of the season
        (date(2025, 4, 1), date(2026, 3, 31)),  # the coming season
        (date(2025, 6, 1), date(2026, 3, 31)),
    ],
)
def test_autumn_winter_season_ends_on_31_march(as_of, expected):
    # given / when
    resolution = resolve_deadline("秋冬季", as_of)

    # then
    assert resolution.date == expected


def test_quarter_already_passed_keeps_the_year_and_asks_for_a_check():
    # given a speech in November naming the first quarter
    # when
    resolution = resolve_deadline("一季度", date(2025, 11, 20))

    # then
    assert resolution.date == date(2025, 3, 31)
    assert "请核对" in resolution.note_zh
    assert "please check" in resolution.note_en


def test_deadline_in_the_future_has_no_check_note():
    # given / when
    resolution = resolve_deadline("年底前", SPEECH_DAY)

    # then
    assert "请核对" not in resolution.note_zh


def test_working_days_into_an_unknown_year_are_flagged_as_fallback():
    # given a speech on 1 Dec 2026 and no staff entries for 2027
    # when
    resolution = resolve_deadline("30个工作日内", date(2026, 12, 1))

    # then
    assert resolution.date == date(2027, 1, 12)
    assert resolution.fallback is True
    assert "仅按周末" in resolution.note_zh
    assert "weekends only" in resolution.note_en


def test_working_days_use_staff_entries_when_given():
    # given staff entered 1 Jan 2027 as a holiday
    calendar = WorkdayCalendar(holidays=[date(2027, 1, 1)])

    # when
    resolution = resolve_deadline("三十个工作日内", date(2026, 12, 1), calendar)

    # then
    assert resolution.date == date(2027, 1, 13)
    assert resolution.fallback is False


@pytest.mark.parametrize(
    "phrase",
    ["", "尽快", "长期坚持", "明天", "13月底", "2月30日", "6月", "2021-2023年秋冬季", "五季度"],
)
def test_unknown_phrase_is_none(phrase):
    # given / when / then
    assert resolve_deadline(phrase, SPEECH_DAY) is None


# --- properties ------------------------------------------------------------------------

_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@settings(deadline=None)  # no timing limits in tests; spans of years are slow-ish
@given(start=_days, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day_n_working_days_later(start, n):
    # given / when
    due = STAFF_2027.add_working_days(start, n)

    # then
    assert STAFF_2027.is_working_day(due)
    assert STAFF_2027.working_days_between(start, due) == n
    assert STAFF_2027.working_days_between(start, due - timedelta(days=1)) == n - 1


@settings(deadline=None)
@given(a=_days, b=_days)
def test_working_days_between_flips_sign_when_arguments_swap(a, b):
    # given / when / then
    assert STATUTORY_ONLY.working_days_between(a, b) == -STATUTORY_ONLY.working_days_between(b, a)


def test_workday_index_counts_like_the_calendar_it_wraps():
    # given a calendar with a staff holiday and make-up day in a year the package does not know
    import random

    from tracker.workdays import WorkdayIndex

    calendar = WorkdayCalendar(holidays=[date(2027, 2, 10)], workdays=[date(2027, 2, 13)])
    index = WorkdayIndex(calendar)
    pick = random.Random(13)
    for _ in range(500):
        a, b = (date(2025, 1, 1) + timedelta(days=pick.randint(0, 1000)) for _ in range(2))
        # then every count, forward or backward, is the day-by-day count
        assert index.working_days_between(a, b) == calendar.working_days_between(a, b)
    assert index.fallback_years(date(2027, 1, 1), date(2028, 1, 1)) == (2028,)
