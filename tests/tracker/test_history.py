"""Every change to a business record leaves a history row with who and when."""
import datetime as dt
from decimal import Decimal

import pytest
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tests.factories import MetricFactory, SiteFactory, TargetFactory, UserFactory
from tracker.models import Observation, Target, User

pytestmark = pytest.mark.django_db


def test_a_save_records_the_actor():
    # given a target and a supervisor editing it
    target = TargetFactory()
    editor = UserFactory(role=User.Role.SUPERVISOR)
    # when
    target.title = "PM2.5年均浓度控制在23微克/立方米"
    target._history_user = editor
    target.save()
    # then
    latest = target.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.title == "PM2.5年均浓度控制在23微克/立方米"
    assert target.history.count() == 2


def test_a_bulk_create_leaves_one_history_row_per_record_with_the_actor():
    # given
    site = SiteFactory()
    metric = MetricFactory()
    importer = UserFactory()
    rows = [Observation(site=site, metric=metric, observed_on=dt.date(2026, 1, d), value=Decimal(d), source="import")
            for d in range(1, 11)]
    # when
    bulk_create_with_history(rows, Observation, default_user=importer)
    # then
    history = Observation.history.filter(site=site)
    assert history.count() == 10
    assert set(history.values_list("history_user", flat=True)) == {importer.pk}


def test_a_bulk_update_leaves_history_rows():
    targets = [TargetFactory() for _ in range(3)]
    actor = UserFactory()
    for t in targets:
        t.points_at_risk = Decimal("2")
    bulk_update_with_history(targets, Target, ["points_at_risk"], default_user=actor)
    for t in targets:
        assert t.history.first().points_at_risk == Decimal("2")
        assert t.history.first().history_user == actor


def test_soft_delete_keeps_the_row_and_records_the_change():
    target = TargetFactory()
    target.soft_delete()
    assert not Target.objects.filter(pk=target.pk).exists()
    assert Target.all_objects.filter(pk=target.pk, deleted_at__isnull=False).exists()
    assert target.history.first().deleted_at is not None


def test_an_admin_edit_records_the_signed_in_user(client):
    # given a superuser signed in to the admin
    admin = User.objects.create_superuser("boss", "boss@example.com", "pw-123456", role=User.Role.ADMIN)
    client.force_login(admin)
    site = SiteFactory(name="旧名称")
    # when they rename a site through the admin form
    response = client.post(
        f"/admin/tracker/site/{site.pk}/change/",
        {"code": site.code, "name": "新名称", "kind": site.kind, "tier": site.tier, "unit": site.unit.pk,
         "standard_class": ""},
    )
    # then
    assert response.status_code == 302, response.content[:2000]
    site.refresh_from_db()
    assert site.name == "新名称"
    assert site.history.first().history_user == admin


def test_admin_offers_no_hard_delete(client):
    admin = User.objects.create_superuser("boss", "boss@example.com", "pw-123456", role=User.Role.ADMIN)
    client.force_login(admin)
    site = SiteFactory()
    response = client.post(f"/admin/tracker/site/{site.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert site.__class__.all_objects.filter(pk=site.pk).exists()
