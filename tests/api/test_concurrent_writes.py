"""Lost updates (issue 14): two writers holding the same ETag. The If-Match comparison is
made on the row locked for the write (SELECT … FOR UPDATE), so one wins and the other gets
412 — on PostgreSQL, where two requests really run at once."""
import threading

import pytest
from django.db import connection

from api.base import ScopedModelViewSet
from tests.api.conftest import client_for
from tests.factories import OrgUnitFactory, TargetFactory, UserFactory
from tracker.models import Target, User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; no row locks"),
]


def test_two_patches_with_the_same_etag_one_wins_one_gets_412(monkeypatch):
    # given a target and two supervisors who both read its ETag
    target = TargetFactory(lead_unit=OrgUnitFactory())
    clients = [client_for(UserFactory(role=User.Role.SUPERVISOR)) for _ in range(2)]
    etag = clients[0].get(f"/api/v1/targets/{target.pk}/")["ETag"]
    assert clients[1].get(f"/api/v1/targets/{target.pk}/")["ETag"] == etag

    # and a rendezvous inside the write: each writer, once past its If-Match check, waits
    # for the other to get there too (a writer kept out by the lock never arrives, and the
    # first goes on alone after a while)
    rendezvous = threading.Barrier(2, timeout=3)
    original = ScopedModelViewSet.perform_update

    def meet_then_update(self, serializer):
        try:
            rendezvous.wait()
        except threading.BrokenBarrierError:
            pass
        original(self, serializer)

    monkeypatch.setattr(ScopedModelViewSet, "perform_update", meet_then_update)
    statuses = {}

    def write(index):
        try:
            response = clients[index].patch(f"/api/v1/targets/{target.pk}/", {"title": f"改名{index}"},
                                            format="json", HTTP_IF_MATCH=etag)
            statuses[index] = response.status_code
        finally:
            connection.close()

    # when both write at once
    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one wins and the other is told the record changed
    assert sorted(statuses.values()) == [200, 412]
    winner = next(i for i, status in statuses.items() if status == 200)
    assert Target.objects.get(pk=target.pk).title == f"改名{winner}"
