"""The history API: one record's changes, scoped like everything else; restore for supervisors."""
import pytest

from tests.factories import TargetFactory
from tracker.models import Target

pytestmark = pytest.mark.django_db


def url(pk, resource="targets", restore=False):
    return f"/api/v1/history/{resource}/{pk}/" + ("restore/" if restore else "")


def test_history_of_a_record_lists_who_what_and_chinese_labels(api, city, staff_a, supervisor):
    # given: a target of staff A's county, edited by a supervisor
    target = TargetFactory(lead_unit=city["county_a"], title="旧")
    target.title, target._history_user = "新", supervisor
    target.save()
    # when
    response = api(staff_a).get(url(target.pk), HTTP_ACCEPT_LANGUAGE="zh-hans")
    # then
    assert response.status_code == 200
    latest, first = response.json()
    assert (latest["action"], latest["who"], first["action"]) == ("updated", "supervisor", "created")
    assert latest["changes"] == [{"field": "title", "label": "名称", "before": "旧", "after": "新"}]


def test_history_of_a_record_outside_the_scope_is_a_404(api, city, staff_b):
    target = TargetFactory(lead_unit=city["county_a"])
    assert api(staff_b).get(url(target.pk)).status_code == 404
    assert api(staff_b).get(url(target.pk + 1000)).status_code == 404


def test_unknown_resource_is_a_404(api, supervisor):
    assert api(supervisor).get(url(1, resource="history-rows")).status_code == 404


def test_history_cannot_be_written_through_the_api(api, city, supervisor):
    target = TargetFactory(lead_unit=city["county_a"])
    client = api(supervisor)
    for method in (client.put, client.patch, client.delete):
        assert method(url(target.pk), {}, format="json").status_code == 405
    assert target.history.count() == 1


def test_a_supervisor_restores_a_deleted_record_and_history_says_so(api, city, supervisor):
    # given
    target = TargetFactory(lead_unit=city["county_a"])
    target.soft_delete()
    # when
    response = api(supervisor).post(url(target.pk, restore=True))
    # then
    assert response.status_code == 200, response.json()
    assert Target.objects.filter(pk=target.pk).exists()
    assert api(supervisor).get(url(target.pk)).json()[0]["action"] == "restored"


def test_staff_cannot_restore(api, city, staff_a):
    target = TargetFactory(lead_unit=city["county_a"])
    target.soft_delete()
    response = api(staff_a).post(url(target.pk, restore=True), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (403, 404)
    assert not Target.objects.filter(pk=target.pk).exists()


def test_restoring_a_record_that_is_not_deleted_is_a_conflict(api, city, supervisor):
    target = TargetFactory(lead_unit=city["county_a"])
    response = api(supervisor).post(url(target.pk, restore=True), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409 and "not deleted" in response.json()["detail"]
