"""The start page shows each user only what the access rule lets them read."""
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
