"""The dashboard page: its figures equal the same figures counted straight from the
database, each figure links to the list behind it, and a red target's explanation is two
clicks away."""
import datetime as dt
import re

import pytest

from tests.factories import InspectionRoundFactory, RectificationItemFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(city, today, year_period):
    red = TargetFactory(lead_unit=city["county_a"], title="甲县PM2.5目标", level=3,
                        explanation_zh="剩余日均值需控制在 -3.2 μg/m³ 以下，目标已无法实现。", **year_period)
    for level in (2, 2, 1, 0):
        TargetFactory(lead_unit=city["county_b"], level=level, **year_period)
    round_ = InspectionRoundFactory(year=today.year)
    RectificationItemFactory(round=round_, lead_unit=city["county_a"], state="in_progress",
                             deadline=today - dt.timedelta(days=3))
    RectificationItemFactory(round=round_, lead_unit=city["county_b"], deadline=today + dt.timedelta(days=90))
    return {"red": red, "round": round_}


def figure(page, name):
    """The number shown by the element marked data-figure=name."""
    match = re.search(rf'data-figure="{name}"[^>]*>.*?<strong[^>]*>([^<]+)</strong>', page, re.S)
    return match.group(1).strip()


def test_headline_figures_equal_the_database(client, leader, ledger, today):
    from tracker.models import RectificationItem, Target

    client.force_login(leader)
    page = client.get("/dashboard/").content.decode()
    for colour, level in (("red", 3), ("orange", 2), ("yellow", 1), ("green", 0)):
        assert int(figure(page, f"targets-{colour}")) == Target.objects.filter(level=level).count()
    overdue = RectificationItem.objects.exclude(state="signed_off").filter(deadline__lt=today).count()
    assert int(figure(page, "overdue-items")) == overdue == 1


def test_a_red_target_is_two_clicks_from_the_dashboard(client, leader, ledger):
    client.force_login(leader)
    page = client.get("/dashboard/").content.decode()
    red_link = re.search(r'<a class="chip level-bg-3" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    listing = client.get(red_link).content.decode()  # click 1: the red list
    assert "甲县PM2.5目标" in listing
    detail = re.search(rf'href="(/targets/{ledger["red"].pk}/)"', listing).group(1)
    target_page = client.get(detail).content.decode()  # click 2: the target
    assert "目标已无法实现" in target_page


def test_a_matrix_cell_leads_to_its_own_list(client, city, leader, ledger):
    client.force_login(leader)
    page = client.get("/dashboard/").content.decode()
    cell = re.search(rf'href="(/targets/\?[^"]*category=air[^"]*unit={city["county_a"].pk}[^"]*)"', page)
    listing = client.get(cell.group(1).replace("&amp;", "&")).content.decode()
    assert "甲县PM2.5目标" in listing
    assert listing.count('<span class="badge level-bg-') == 1  # county B's targets are not in it


def test_staff_see_their_own_units_version(client, staff_a, ledger):
    client.force_login(staff_a)
    page = client.get("/dashboard/").content.decode()
    assert int(figure(page, "targets-red")) == 1 and int(figure(page, "targets-orange")) == 0


def test_a_bad_filter_says_so_and_shows_the_default_view(client, leader, ledger):
    client.force_login(leader)
    response = client.get("/dashboard/?year=abc")
    assert response.status_code == 200 and "年度必须是整数" in response.content.decode()
