"""Target pages: scope, the add-a-value form (its checks and the re-evaluation), the chart."""
import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from tests.factories import MetricFactory, ObservationFactory, SiteFactory, TargetFactory
from tracker.models import Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm25_target(city, today, year_period):
    """County A's PM2.5 ≤ 35 target on its own station, with readings of 30 up to yesterday."""
    site = SiteFactory(unit=city["county_a"], code="station-a")
    target = TargetFactory(lead_unit=city["county_a"], title="甲县PM2.5", metric=MetricFactory(),
                           target_value=Decimal("35"), **year_period)
    target.sites.set([site])
    start = year_period["period_start"]
    for i in range((today - start).days):
        ObservationFactory(site=site, metric=target.metric, observed_on=start + dt.timedelta(days=i), value=30)
    return target, site


def test_a_sibling_countys_target_is_not_found(client, city, staff_b, pm25_target):
    target, _ = pm25_target
    client.force_login(staff_b)
    assert client.get(f"/targets/{target.pk}/").status_code == 404
    assert client.post(f"/targets/{target.pk}/", {"value": "1"}).status_code == 404


def test_the_target_page_shows_the_evaluation_and_a_chart(client, staff_a, pm25_target):
    target, _ = pm25_target
    client.force_login(staff_a)
    client.post(f"/targets/{target.pk}/evaluate/")
    page = client.get(f"/targets/{target.pk}/").content.decode()
    chart = json.loads(re.search(r'<script id="target-chart" type="application/json">(.*?)</script>', page, re.S).group(1))
    names = [s["name"] for s in chart["series"]]
    assert "累计均值" in names and "目标" in names
    cumulative = [v for v in chart["series"][names.index("累计均值")]["data"] if v is not None]
    assert cumulative and all(v == 30.0 for v in cumulative)  # every reading was 30
    assert "required_remaining_mean" not in page  # figures are labelled, never raw codes


def test_staff_add_a_reading_and_the_level_is_recomputed(client, city, staff_a, today):
    # given county A's 16-day target (≤ 35) with 10 readings of 30: S = 300, green
    site = SiteFactory(unit=city["county_a"], code="station-short")
    start, end = today - dt.timedelta(days=10), today + dt.timedelta(days=5)
    target = TargetFactory(lead_unit=city["county_a"], metric=MetricFactory(), target_value=Decimal("35"),
                           period_start=start, period_end=end, deadline=end)
    target.sites.set([site])
    for i in range(10):
        ObservationFactory(site=site, metric=target.metric, observed_on=start + dt.timedelta(days=i), value=30)
    client.force_login(staff_a)
    client.post(f"/targets/{target.pk}/evaluate/")
    target.refresh_from_db()
    before = target.level
    # when today's reading of 900 is entered
    response = client.post(f"/targets/{target.pk}/", {"site": site.pk, "observed_on": today.isoformat(),
                                                       "value": "300", "note": ""})
    # then it is stored as a form entry by this user and the level is recomputed at once
    assert response.status_code == 302
    observation = Observation.objects.get(site=site, observed_on=today)
    # S = 600 > 35 × 16 = 560: the target can no longer be met
    assert observation.value == 300 and observation.reported_by == staff_a and observation.source == "form"
    target.refresh_from_db()
    assert before == 0 and target.level == 3


@pytest.mark.parametrize("value, day_offset, message", [
    ("-5", 0, "合理范围"),
    ("99999999", 0, "合理范围"),
    ("30", 1, "晚于今天"),
])
def test_implausible_values_and_future_dates_are_refused_and_write_nothing(client, staff_a, pm25_target, today,
                                                                           value, day_offset, message):
    target, site = pm25_target
    client.force_login(staff_a)
    count = Observation.objects.count()
    response = client.post(f"/targets/{target.pk}/", {
        "site": site.pk, "observed_on": (today + dt.timedelta(days=day_offset)).isoformat(), "value": value})
    assert response.status_code == 200 and message in response.content.decode()
    assert Observation.objects.count() == count


def test_a_reading_in_english_gets_the_english_error(client, staff_a, pm25_target, today):
    target, site = pm25_target
    client.force_login(staff_a)
    response = client.post(f"/targets/{target.pk}/", {"site": site.pk, "observed_on": today.isoformat(), "value": "-5"},
                           headers={"accept-language": "en"})
    assert "plausible range" in response.content.decode()


def test_leaders_read_the_page_but_get_no_form(client, leader, pm25_target):
    target, site = pm25_target
    client.force_login(leader)
    page = client.get(f"/targets/{target.pk}/").content.decode()
    assert "甲县PM2.5" in page and 'name="value"' not in page
    assert client.post(f"/targets/{target.pk}/", {"site": site.pk, "value": "1"}).status_code == 403


def test_progress_targets_take_points_of_their_own_series_inside_the_period(client, city, staff_a, today, year_period):
    metric = MetricFactory(code="villages", name="村数", kind="progress", unit="个", comparator=">=",
                           is_site_metric=False)
    target = TargetFactory(lead_unit=city["county_a"], metric=metric, target_value=Decimal("45"), **year_period)
    client.force_login(staff_a)
    outside = client.post(f"/targets/{target.pk}/", {"observed_on": f"{today.year - 1}-12-31", "value": "3"})
    assert "考核期内" in outside.content.decode()
    inside = client.post(f"/targets/{target.pk}/", {"observed_on": today.isoformat(), "value": "12"})
    assert inside.status_code == 302
    assert Observation.objects.get(target=target).value == 12


def test_only_supervisors_see_the_edit_form(client, staff_a, supervisor, pm25_target):
    target, _ = pm25_target
    client.force_login(staff_a)
    assert client.get(f"/targets/{target.pk}/edit/").status_code == 404
    client.force_login(supervisor)
    assert client.get(f"/targets/{target.pk}/edit/").status_code == 200


def test_the_list_uses_the_api_filterset(client, city, supervisor):
    TargetFactory(lead_unit=city["county_a"], title="甲县目标", level=3)
    TargetFactory(lead_unit=city["county_b"], title="乙县目标", level=0)
    client.force_login(supervisor)
    page = client.get(f"/targets/?unit={city['county_a'].pk}").content.decode()
    assert "甲县目标" in page and "乙县目标" not in page
    red = client.get("/targets/?level=3").content.decode()
    assert "甲县目标" in red and "乙县目标" not in red


def test_the_unfiltered_list_shows_every_target_in_scope(client, city, staff_a):
    TargetFactory(lead_unit=city["county_a"], title="甲县目标")
    TargetFactory(lead_unit=city["county_b"], title="乙县目标")
    client.force_login(staff_a)
    page = client.get("/targets/").content.decode()
    assert "甲县目标" in page and "乙县目标" not in page


def test_the_what_if_answers_without_saving(client, staff_b, staff_a, pm25_target):
    # given county A's PM2.5 target: ~330 days at 30 against ≤ 35
    target, _ = pm25_target
    client.force_login(staff_a)
    page = client.get(f"/targets/{target.pk}/").content.decode()
    assert "推演" in page and 'name="assumed"' in page
    before = (Observation.objects.count(), target.history.count())
    # when the rest of the year is assumed to average 30 (the same as so far)
    answer = client.post(f"/targets/{target.pk}/what-if/", {"assumed": "30"})
    # then the end value is 30 and the target is met; nothing is written
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "达标" in text and "30.0" in text
    assert (Observation.objects.count(), target.history.count()) == before
    # a word instead of a number is refused in words
    bad = client.post(f"/targets/{target.pk}/what-if/", {"assumed": "很多"})
    assert bad.status_code == 400 and "须为数字" in bad.content.decode()
    # and the sibling county cannot ask
    client.force_login(staff_b)
    assert client.post(f"/targets/{target.pk}/what-if/", {"assumed": "30"}).status_code == 404


def test_the_target_list_colours_each_level_badge_by_its_level(client, city, staff_a):
    # django-tables2 renders a choices field by its label; the badge's class must be the number
    TargetFactory(lead_unit=city["county_a"], title="甲县红色目标", level=3)
    client.force_login(staff_a)
    page = client.get("/targets/").content.decode()
    assert '<span class="badge level-bg-3">红色</span>' in page
    assert "level-bg-红色" not in page
