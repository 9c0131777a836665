"""The start page shows each user only what the access rule lets them read."""
import datetime as dt

import pytest

from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def test_staff_see_their_units_urgent_targets_only(client, city, staff_a):
    # given a red target of county A and a red target of county B
    TargetFactory(lead_unit=city["county_a"], title="甲县PM2.5目标", level=3)
    TargetFactory(lead_unit=city["county_b"], title="乙县PM2.5目标", level=3)
    client.force_login(staff_a)
    # when
    page = client.get("/").content.decode()
    # then
    assert "甲县PM2.5目标" in page
    assert "乙县PM2.5目标" not in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_overdue_item_comes_first_and_counts_by_colour_filter_the_list(client, city, staff_a, today):
    # given an overdue item and a yellow target of county A
    from tests.factories import RectificationItemFactory

    RectificationItemFactory(lead_unit=city["county_a"], problem="逾期未整改的问题", deadline=today - dt.timedelta(days=9),
                             state="in_progress")
    TargetFactory(lead_unit=city["county_a"], title="黄色目标", level=1, deadline=today + dt.timedelta(days=200),
                  period_end=today + dt.timedelta(days=200))
    client.force_login(staff_a)
    # when
    page = client.get("/").content.decode()
    yellow_only = client.get("/?level=1").content.decode()
    # then the overdue item is listed before the target, and the yellow filter drops it
    assert page.index("逾期未整改的问题") < page.index("黄色目标")
    assert "黄色目标" in yellow_only and "逾期未整改的问题" not in yellow_only


def test_daily_report_button_shows_until_the_report_is_filed(client, city, staff_a, today):
    # given county A owes a daily report (a working day is needed for the duty)
    from tracker.models import DailyReport
    from tracker.services.calendar import load_calendar

    if not load_calendar().is_working_day(today):
        pytest.skip("the daily-report duty applies on working days only")
    unit = city["county_a"]
    unit.has_daily_report_duty = True
    unit.save()
    client.force_login(staff_a)
    assert "报送日报告/零报告" in client.get("/").content.decode()
    # when the zero report is filed
    DailyReport.objects.create(unit=unit, report_date=today, is_zero=True, reported_by=staff_a)
    # then the button is gone
    assert "报送日报告/零报告" not in client.get("/").content.decode()



def test_leaders_start_on_the_dashboard(client, leader):
    client.force_login(leader)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/dashboard/"
