"""The change feed: creates, updates and tombstones in order, scoped per user, followed
with a cursor that never skips a row committed late by a long transaction."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import changes
from api.models import ChangeLog
from tests.factories import SiteFactory, TargetFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/changes/"


def pull(client, cursor="", limit=200):
    """Follow the feed to its end; returns (entries, last cursor)."""
    entries = []
    while True:
        body = client.get(URL, {"cursor": cursor, "limit": limit}).json()
        entries += body["results"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return entries, cursor


def test_create_update_and_soft_delete_appear_with_a_tombstone(api, city, supervisor):
    # given
    client = api(supervisor)
    target = TargetFactory(lead_unit=city["county_a"], title="旧")
    etag = client.get(f"/api/v1/targets/{target.pk}/")["ETag"]
    client.patch(f"/api/v1/targets/{target.pk}/", {"title": "新"}, format="json", HTTP_IF_MATCH=etag)
    client.delete(f"/api/v1/targets/{target.pk}/", HTTP_IF_MATCH="*")

    # when
    entries, _ = pull(client)

    # then
    mine = [(e["action"], e["data"]) for e in entries if e["resource"] == "targets" and e["object_id"] == target.pk]
    assert [action for action, _ in mine] == ["created", "updated", "deleted"]
    assert mine[-1][1] is None  # tombstone: no data


def test_entries_carry_the_current_state(api, city, supervisor):
    SiteFactory(unit=city["county_a"], code="st-1", name="一号站")
    entries, _ = pull(api(supervisor))
    site = next(e for e in entries if e["resource"] == "sites")
    assert site["data"]["code"] == "st-1" and site["data"]["name"] == "一号站"


def test_staff_only_see_changes_in_their_scope(api, city, staff_b):
    # given changes in both counties
    TargetFactory(lead_unit=city["county_a"])
    other = TargetFactory(lead_unit=city["county_b"])

    # when
    entries, _ = pull(api(staff_b))

    # then
    assert {(e["resource"], e["object_id"]) for e in entries if e["resource"] == "targets"} == {("targets", other.pk)}


def test_cursor_pages_through_everything_once(api, city, supervisor):
    # given
    for _ in range(7):
        SiteFactory(unit=city["county_a"])
    client = api(supervisor)

    # when read two at a time
    entries, cursor = pull(client, limit=2)

    # then: every change once, in order, and nothing more after the last cursor
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)) == ChangeLog.objects.count()
    assert client.get(URL, {"cursor": cursor}).json()["results"] == []


def take_transaction_ids(count=3):
    """What the other pytest-xdist worker (its own database, the same PostgreSQL cluster)
    or any other client of the cluster does meanwhile: commit transactions that take an id.
    Transaction ids are cluster-wide, so this moves the snapshot's xmax on. No-op on SQLite."""
    if connection.vendor != "postgresql":
        return
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        with other.cursor() as cur:
            for _ in range(count):
                cur.execute("SELECT pg_current_xact_id()")
    finally:
        other.close()


def open_writer(site):
    """A transaction on a connection of its own that has logged a change of ``site`` and stays
    open (PostgreSQL): returns the connection (commit and close it) and the change's id."""
    writer = connection.get_new_connection(connection.get_connection_params())
    writer.autocommit = False
    with writer.cursor() as cur:
        cur.execute(
            "INSERT INTO api_changelog (txid, resource, object_id, action, changed_at) "
            "VALUES (pg_current_xact_id()::text::bigint, 'sites', %s, 'updated', now()) RETURNING id",
            [site.pk],
        )
        return writer, cur.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_head_cursor_skips_history_and_sees_what_comes_after(api, city, supervisor):
    """Every write commits on its own, as in production where the head is read by a request
    of its own. (Inside the test's one transaction the change made "after" the head would
    carry the same transaction id as the history; the head is the last id below the oldest
    open transaction, and any id another client of the cluster takes in between puts it
    above that shared id, so the later change sorted before the head and was skipped.)"""
    # given: history, and ids taken by the rest of the cluster before and after the head
    SiteFactory(unit=city["county_a"])
    take_transaction_ids()
    client = api(supervisor)
    head = client.get(URL, {"cursor": "head"}).json()["next_cursor"]

    # when
    take_transaction_ids()
    later = SiteFactory(unit=city["county_a"])
    entries, _ = pull(client, head)

    # then
    assert [(e["resource"], e["object_id"]) for e in entries] == [("sites", later.pk)]


def test_bad_and_expired_cursors(api, city, supervisor):
    client = api(supervisor)
    assert client.get(URL, {"cursor": "garbage!"}).status_code == 400
    old = changes.encode_cursor(0, 0, issued=timezone.now() - dt.timedelta(days=31))
    response = client.get(URL, {"cursor": old}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410 and "resync" in response.json()["detail"]
    assert client.get(URL, {"limit": "0"}).status_code == 400


def test_feed_query_count_does_not_grow_with_page_size(api, city, supervisor):
    # given
    client = api(supervisor)
    client.get("/api/v1/me/")
    for _ in range(3):
        TargetFactory(lead_unit=city["county_a"])
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).json()["results"]) >= 3

    # when
    for _ in range(30):
        TargetFactory(lead_unit=city["county_a"])
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    # then
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers: ids commit in order")
def test_a_late_commit_is_not_skipped(api, city, supervisor):
    """A long transaction takes a change log id, a short one commits a later id first;
    the feed must hold back the later one until the long one commits, then give both."""
    client = api(supervisor)
    existing = SiteFactory(unit=city["county_a"])
    _, cursor = pull(client)

    # given a long transaction on another connection that has written a change
    long_tx, late_id = open_writer(existing)
    try:
        # and a short one committed after it (autocommit)
        site = SiteFactory(unit=city["county_a"])
        early_ids = list(ChangeLog.objects.filter(resource="sites", object_id=site.pk).values_list("id", flat=True))
        assert min(early_ids) > late_id

        # when the feed is read while the long transaction is open
        held_back, cursor_after = pull(client, cursor)

        # then nothing past the open transaction is returned yet
        assert held_back == []
    finally:
        long_tx.commit()
        long_tx.close()

    # and after it commits, both arrive, the late one first
    entries, _ = pull(client, cursor_after)
    got = [e["id"] for e in entries]
    assert got[0] == late_id
    assert set(early_ids) <= set(got[1:])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers: ids commit in order")
def test_a_head_read_while_a_writer_is_open_misses_nothing_and_repeats_no_history(api, city, supervisor):
    """The head read while another transaction has written a change and not yet committed
    (and while the rest of the cluster takes transaction ids) lies below that transaction:
    from the head come its change once it commits, then a change committed after the head,
    and nothing that was history when the head was read."""
    client = api(supervisor)
    existing = SiteFactory(unit=city["county_a"])
    history = set(ChangeLog.objects.values_list("id", flat=True))

    # given a transaction on another connection that has written a change and is still open
    long_tx, late_id = open_writer(existing)
    try:
        take_transaction_ids()

        # when the head is read, and a change commits after it, before the long one
        head = client.get(URL, {"cursor": "head"}).json()["next_cursor"]
        take_transaction_ids()
        later = SiteFactory(unit=city["county_a"])
    finally:
        long_tx.commit()
        long_tx.close()
    entries, _ = pull(client, head)

    # then both arrive (the long transaction's first: its id is lower), and no history
    later_ids = list(ChangeLog.objects.filter(resource="sites", object_id=later.pk).order_by("id")
                     .values_list("id", flat=True))
    assert [e["id"] for e in entries] == [late_id, *later_ids]
    assert not history & {e["id"] for e in entries}


def test_set_based_writes_reach_the_feed(api, city, supervisor):
    # given a target the status engine will evaluate, and a site deleted by a queryset
    from tracker.models import Flag, Site, Target
    from tracker.jobs.scans import sync_target_flags
    from tracker.services.evaluation import evaluate_all

    client = api(supervisor)
    target = TargetFactory(lead_unit=city["county_a"], kind="milestone", comparator="=", target_value=None,
                           deadline=dt.date(2026, 1, 10), period_start=dt.date(2026, 1, 1),
                           period_end=dt.date(2026, 1, 10))
    site = SiteFactory(unit=city["county_a"])
    _, cursor = pull(client)

    # when the evaluation pass writes the level in bulk, the flag job raises a flag for it,
    # and a queryset soft-deletes the site
    evaluate_all(dt.date(2026, 2, 1))
    sync_target_flags(dt.date(2026, 2, 1))
    Site.objects.filter(pk=site.pk).soft_delete()

    # then both appear after the cursor
    entries, _ = pull(client, cursor)
    seen = {(e["resource"], e["object_id"], e["action"]) for e in entries}
    assert ("targets", target.pk, "updated") in seen
    assert ("sites", site.pk, "deleted") in seen
    flag = Flag.objects.get(subject_id=target.pk)
    assert ("flags", flag.pk, "created") in seen
    assert Target.objects.get(pk=target.pk).level == 3


def test_housekeeping_removes_only_rows_past_the_retention(city):
    # given one change row older than the retention and one fresh
    from api.tasks import purge_api_records_task

    old = TargetFactory(lead_unit=city["county_a"])
    TargetFactory(lead_unit=city["county_a"])
    ChangeLog.objects.filter(object_id=old.pk, resource="targets").update(
        changed_at=timezone.now() - changes.RETENTION - dt.timedelta(days=2))
    before = ChangeLog.objects.count()
    # when the nightly task runs
    result = purge_api_records_task.apply().result
    # then
    assert result["change_rows"] == 1
    assert ChangeLog.objects.count() == before - 1
