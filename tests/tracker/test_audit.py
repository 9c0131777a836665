"""The audit trail: a test per write path (save, API, bulk, admin, jobs' set-based writes,
soft delete and restore, a unit move), history that nobody can edit or delete, and the
history service the pages use."""
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.utils import translation

from tests.factories import MetricFactory, ObservationFactory, SiteFactory, TargetFactory, UserFactory
from tracker.models import Observation, OrgUnit, Target, User
from tracker.services import audit
from tracker.services.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def changed_fields(entry):
    return {c.field: (c.before, c.after) for c in entry.changes}


def test_a_save_shows_who_when_and_each_field_before_and_after_with_its_chinese_label(supervisor):
    # given
    target = TargetFactory(title="PM2.5 年均浓度")
    # when
    target.title = "PM2.5 年均浓度控制在 23 微克/立方米"
    target._history_user = supervisor
    target.save()
    # then
    latest, created = audit.history_of(target)
    assert (latest.action, latest.who, created.action) == ("updated", "supervisor", "created")
    [change] = latest.changes
    assert (change.field, change.label, change.before, change.after) == (
        "title", "名称", "PM2.5 年均浓度", "PM2.5 年均浓度控制在 23 微克/立方米")
    assert latest.at >= created.at


def test_an_api_write_names_the_signed_in_user(city, supervisor):
    # given
    from tests.api.conftest import client_for

    target = TargetFactory(lead_unit=city["county_a"], title="旧名称")
    client = client_for(supervisor)
    etag = client.get(f"/api/v1/targets/{target.pk}/").headers["ETag"]
    # when
    response = client.patch(f"/api/v1/targets/{target.pk}/", {"title": "新名称"}, format="json", HTTP_IF_MATCH=etag)
    # then
    assert response.status_code == 200, response.content
    latest = audit.history_of(target)[0]
    assert latest.who == "supervisor" and changed_fields(latest)["title"] == ("旧名称", "新名称")


def test_a_bulk_import_through_the_api_names_the_importer(city, staff_a):
    # given
    from tests.api.conftest import client_for

    site = SiteFactory(code="st-audit", unit=city["county_a"])
    MetricFactory()  # pm25
    # when
    response = client_for(staff_a).post("/api/v1/observations/bulk/", [
        {"site": "st-audit", "metric": "pm25", "observed_on": "2026-05-01", "value": "31.5"}], format="json")
    # then
    assert response.status_code == 200, response.json()
    [entry] = audit.history_of(Observation.objects.get(site=site))
    assert (entry.action, entry.who) == ("created", "staff-a")
    assert Decimal(changed_fields(entry)["value"][1]) == Decimal("31.5")


def test_an_admin_change_names_the_admin_user(client, city):
    # given
    boss = UserFactory(username="chief", role=User.Role.SUPERVISOR, is_superuser=True)
    unit = city["county_b"]
    client.force_login(boss)
    # when
    response = client.post(f"/admin/tracker/orgunit/{unit.pk}/change/", {
        "code": unit.code, "name": "乙县（新）", "short_name": unit.short_name or "", "kind": unit.kind,
        "parent": unit.parent_id, "sort_order": unit.sort_order, "has_daily_report_duty": "",
    })
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = audit.history_of(OrgUnit.objects.get(pk=unit.pk))[0]
    assert latest.who == "chief" and changed_fields(latest)["name"] == ("乙县", "乙县（新）")


def test_the_evaluation_pass_bulk_update_leaves_a_history_row_with_no_user(monkeypatch):
    # given: a target whose stored level the set-based pass changes
    target = TargetFactory()
    before = target.history.count()
    # when: the pass's own write path (bulk_update + records_changed)
    target.level, target.reason = 3, "overdue"
    Target.all_objects.bulk_update([target], ["level", "reason"])
    from tracker.signals import UPDATED, announce

    announce(Target, [target.pk], UPDATED)
    # then
    assert target.history.count() == before + 1
    latest = audit.history_of(target)[0]
    assert (latest.who, latest.who_label, latest.reason) == ("", "系统", audit.SET_BASED_REASON)
    assert changed_fields(latest)["level"] == (None, "红色")


def test_a_real_evaluation_pass_leaves_history_rows_with_no_user():
    # given: a target never evaluated
    from tracker.services.evaluation import evaluate_all

    target = TargetFactory()
    # when: the hourly job's pass
    summary = evaluate_all(dt.date(2026, 5, 6))
    # then: whatever level it got, its history shows the job's write
    target.refresh_from_db()
    assert target.pk in summary.changed_ids and target.level is not None
    latest = audit.history_of(target)[0]
    assert latest.who == "" and latest.reason == audit.SET_BASED_REASON and "level" in changed_fields(latest)


def test_soft_delete_and_restore_show_as_their_own_actions(supervisor):
    # given
    target = TargetFactory()
    # when: a set-based soft delete, then a restore
    Target.all_objects.filter(pk=target.pk).soft_delete()
    restored = audit.restore_record(Target, target.pk, supervisor)
    # then
    assert restored.deleted_at is None and Target.objects.filter(pk=target.pk).exists()
    actions = [(e.action, e.who) for e in audit.history_of(restored)]
    assert actions[:2] == [("restored", "supervisor"), ("deleted", "")]


def test_only_a_supervisor_restores_and_only_what_was_deleted(staff_a, supervisor, city):
    target = TargetFactory(lead_unit=city["county_a"])
    with pytest.raises(ServiceError) as not_deleted:
        audit.restore_record(Target, target.pk, supervisor)
    target.soft_delete()
    with pytest.raises(ServiceError) as not_allowed:
        audit.restore_record(Target, target.pk, staff_a)
    assert (not_deleted.value.kind, not_allowed.value.kind) == ("conflict", "forbidden")
    assert Target.all_objects.get(pk=target.pk).deleted_at is not None


def test_moving_a_unit_records_the_new_path_of_every_descendant(city):
    # given
    town = city["town_a"]
    before = town.history.count()
    # when: county A moves under county B
    county = city["county_a"]
    county.parent = city["county_b"]
    county.save()
    # then
    town.refresh_from_db()
    assert town.history.count() == before + 1
    assert "path" in changed_fields(audit.history_of(town)[0])


def test_history_rows_cannot_be_changed_or_deleted_through_the_orm():
    # given
    target = TargetFactory()
    row = target.history.first()
    # when / then
    row.title = "篡改"
    with pytest.raises(audit.HistoryIsAppendOnly), transaction.atomic():
        row.save()
    with pytest.raises(audit.HistoryIsAppendOnly), transaction.atomic():
        row.delete()
    assert target.history.first().title == target.title


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; SQLite keeps the ORM guard")
def test_history_rows_cannot_be_changed_or_deleted_even_by_sql_that_bypasses_the_orm(supervisor):
    """A queryset update/delete sends no signal; raw SQL does not even touch the ORM: the
    database's trigger refuses both. Setting the user to NULL (the account really deleted,
    the foreign key's SET NULL) is the one change it lets through."""
    from django.db import DatabaseError

    target = TargetFactory()
    original = target.title
    target._history_user = supervisor
    target.title = "改名"
    target.save()
    history = target.history.model
    with pytest.raises(DatabaseError), transaction.atomic():
        history.objects.filter(id=target.id).update(title="篡改")
    with pytest.raises(DatabaseError), transaction.atomic():
        history.objects.filter(id=target.id)._raw_delete(connection.alias)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {history._meta.db_table}")
    with pytest.raises(DatabaseError), transaction.atomic():
        history.objects.filter(history_user=supervisor).update(history_user=None, title="篡改")
    assert sorted(history.objects.filter(id=target.id).values_list("title", flat=True)) == sorted([original, "改名"])
    assert history.objects.filter(history_user=supervisor).update(history_user=None) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_every_history_table_has_the_trigger():
    from django.apps import apps

    with connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table FROM information_schema.triggers "
                       "WHERE trigger_name LIKE %s", ["%_append_only"])
        protected = {row[0] for row in cursor.fetchall()}
    tables = set(audit.history_tables(apps.get_app_config("tracker")))
    assert len(tables) > 20 and tables <= protected


def test_no_history_model_is_editable_in_the_admin():
    registered = {model._meta.object_name for model in admin.site._registry}
    assert not [name for name in registered if name.startswith("Historical")]


def test_observation_value_change_lists_only_what_changed(staff_a, city):
    site = SiteFactory(unit=city["county_a"])
    obs = ObservationFactory(site=site, value=Decimal("30"))
    obs.value = Decimal("31.5")
    obs._history_user = staff_a
    obs.save()
    latest = audit.history_of(obs)[0]
    assert set(changed_fields(latest)) == {"value"}


def test_a_reader_sees_the_explanation_and_the_reason_in_their_own_language():
    entry = audit.AuditEntry(history_id=1, at=dt.datetime(2026, 1, 1), who="", who_id=None, action="updated",
                             reason="批量更新 / set-based write", changes=[
                                 audit.FieldChange("explanation_zh", "说明", "旧", "新"),
                                 audit.FieldChange("explanation_en", "英文说明", "old", "new"),
                                 audit.FieldChange("level", "等级", "黄色", "红色")])
    (english,) = audit.for_reader([entry], "en")
    (chinese,) = audit.for_reader([entry], "zh-hans")
    assert english.reason == "set-based write" and chinese.reason == "批量更新"
    assert [c.field for c in english.changes] == ["explanation_en", "level"]
    assert [c.field for c in chinese.changes] == ["explanation_zh", "level"]
