import datetime as dt

import pytest

from tracker.models import CalendarDay
from tracker.services.calendar import load_calendar

pytestmark = pytest.mark.django_db


def test_staff_entries_drive_a_year_the_package_does_not_know():
    # given 2027's New Year entered by staff: Fri 1 Jan off, Sat 9 Jan worked
    CalendarDay.objects.create(day=dt.date(2027, 1, 1), is_working_day=False, name="元旦")
    CalendarDay.objects.create(day=dt.date(2027, 1, 9), is_working_day=True, name="调休")
    # when
    cal = load_calendar()
    # then
    assert not cal.is_working_day(dt.date(2027, 1, 1))
    assert cal.is_working_day(dt.date(2027, 1, 9))
    assert cal.basis_for(2027) == "entered"
    assert cal.basis_for(2028) == "weekends_only"
