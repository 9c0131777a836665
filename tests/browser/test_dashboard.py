"""The leaders' dashboard (驾驶舱) on the demo city in a real browser (Debian Chromium, phone
viewport): every ECharts chart draws a canvas of non-zero size, nothing logs a console error
or fails a request, and narrowing to one county changes the headline figure to the count
taken straight from the database for that county."""
import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from fixtures.demo_city import build_demo_city
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.browser.test_pages import watch
from tracker.models import OrgUnit, Target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_CHARTS_SETTLED = """() => {
  const charts = document.querySelectorAll('[data-chart-src]');
  return charts.length > 0 && Array.from(charts).every(c => c.hasAttribute('data-rendered') || c.hasAttribute('data-failed'));
}"""

CHART_SIZES = """() => Array.from(document.querySelectorAll('[data-chart-src]')).map(c => {
  const canvas = c.querySelector('canvas, svg');
  const box = canvas ? canvas.getBoundingClientRect() : {width: 0, height: 0};
  return {id: c.id, rendered: c.getAttribute('data-rendered'), failed: c.getAttribute('data-failed'),
          width: box.width, height: box.height};
})"""


@pytest.fixture
def demo():
    today = timezone.localdate()
    build_demo_city(today, station_count=1, reset_passwords=True)
    return today


def targets_of(today, unit=None):
    """Active targets whose period overlaps this year (in ``unit``'s subtree): the oracle."""
    targets = Target.objects.active().filter(period_start__lte=dt.date(today.year, 12, 31),
                                             period_end__gte=dt.date(today.year, 1, 1))
    return targets.filter(lead_unit__path__startswith=unit.path) if unit else targets


def open_dashboard(page, url):
    page.goto(url)
    page.wait_for_function(ALL_CHARTS_SETTLED)
    page.wait_for_load_state("networkidle")


def test_every_chart_renders_and_a_county_filter_changes_the_figures(page, live_server, demo):
    problems = watch(page)
    # given the demo leader on the dashboard
    sign_in(page, live_server, "leader", settings.DEMO_PASSWORD)
    open_dashboard(page, f"{live_server.url}/dashboard/")
    # then every chart drew a canvas with a size
    charts = page.evaluate(CHART_SIZES)
    assert len(charts) == 6
    assert [c for c in charts if c["failed"] or c["rendered"] in (None, "0") or not (c["width"] and c["height"])] == []
    city_total = int(page.get_attribute("[data-figure=targets-total]", "data-count"))
    assert city_total == targets_of(demo).count()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-browser-test.png"), full_page=False)

    # when the leader narrows the dashboard to the county with the most targets
    county = max(OrgUnit.objects.filter(parent__parent__isnull=True, parent__isnull=False),
                 key=lambda u: targets_of(demo, u).count())
    page.select_option("#f-unit", str(county.pk))
    page.click(".dashboard-filters button[type=submit]")
    page.wait_for_url(f"**/dashboard/?*unit={county.pk}*")
    page.wait_for_function(ALL_CHARTS_SETTLED)
    # then the headline shows that county's count, straight from the database, and it changed
    shown = int(page.get_attribute("[data-figure=targets-total]", "data-count"))
    assert shown == targets_of(demo, county).count()
    assert 0 < shown < city_total
    # and the charts were drawn again for the county, still without a failure
    assert [c for c in page.evaluate(CHART_SIZES) if c["failed"]] == []
    page.wait_for_load_state("networkidle")
    assert not problems, problems
