"""The record history page (修改记录): the whole trail with who and what, the same scope as
the record, deleted records readable, restore for supervisors only."""
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import TargetFactory
from tracker.models import Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_target(city, supervisor):
    """County A's target, created and then changed twice by the supervisor."""
    target = TargetFactory(lead_unit=city["county_a"], title="甲县PM2.5", target_value=Decimal("35"))
    for value in ("33", "31"):
        target.target_value = Decimal(value)
        target._history_user = supervisor
        target.save()
    return target


def test_the_page_lists_every_change_with_who_and_before_after(client, staff_a, changed_target):
    client.force_login(staff_a)
    page = client.get(f"/history/targets/{changed_target.pk}/").content.decode()
    assert page.count("<tr>") == 1 + 3  # heading + created, changed, changed
    assert "supervisor" in page
    assert page.index("33.0000 → 31.0000") < page.index("35.0000 → 33.0000") < page.index("创建")  # newest first


def test_a_sibling_county_gets_404_as_for_a_missing_id(client, staff_b, changed_target):
    client.force_login(staff_b)
    assert client.get(f"/history/targets/{changed_target.pk}/").status_code == 404
    assert client.get("/history/targets/999999/").status_code == 404
    assert client.get(f"/history/no-such-kind/{changed_target.pk}/").status_code == 404


def test_the_target_page_links_to_the_whole_trail(client, staff_a, changed_target):
    client.force_login(staff_a)
    page = client.get(f"/targets/{changed_target.pk}/").content.decode()
    assert f'href="/history/targets/{changed_target.pk}/"' in page


def test_a_deleted_record_stays_readable_and_only_a_supervisor_restores_it(client, staff_a, supervisor, changed_target):
    changed_target.deleted_at = timezone.now()
    changed_target.save()
    client.force_login(staff_a)
    page = client.get(f"/history/targets/{changed_target.pk}/").content.decode()
    assert "已于" in page and "恢复此记录" not in page
    assert client.post(f"/history/targets/{changed_target.pk}/restore/").status_code == 403
    assert Target.all_objects.get(pk=changed_target.pk).deleted_at is not None

    client.force_login(supervisor)
    assert "恢复此记录" in client.get(f"/history/targets/{changed_target.pk}/").content.decode()
    response = client.post(f"/history/targets/{changed_target.pk}/restore/")
    assert response.status_code == 302
    assert Target.objects.get(pk=changed_target.pk).deleted_at is None
    trail = client.get(f"/history/targets/{changed_target.pk}/").content.decode()
    assert "删除" in trail and "恢复" in trail
