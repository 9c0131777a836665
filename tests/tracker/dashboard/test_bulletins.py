"""The bulletin (通报): its lists against the database, the comparison with the previous
one, the weekly job run twice, and the pages as each role sees them."""
import datetime as dt

import chinese_calendar
import pytest

from tests.factories import RectificationItemFactory
from tracker.dashboard import bulletins
from tracker.jobs import digests
from tracker.models import Bulletin, Milestone, RectificationItem, Target

from .conftest import AS_OF, at

START = AS_OF - dt.timedelta(days=6)


def test_red_and_overdue_lists_match_the_database(ledger):
    # when
    content = bulletins.build_content(START, AS_OF)
    # then the red list holds the red targets and every overdue item and stage task
    keys = {r["key"] for r in content["red_list"]}
    assert {k for k in keys if k.startswith("target:")} == {f"target:{pk}" for pk in
                                                           Target.objects.filter(level=3).values_list("pk", flat=True)}
    overdue = RectificationItem.objects.exclude(state="signed_off").filter(deadline__lt=AS_OF)
    assert {k for k in keys if k.startswith("item:")} == {f"item:{pk}" for pk in overdue.values_list("pk", flat=True)}
    assert sum(k.startswith("milestone:") for k in keys) == Milestone.objects.filter(done_on=None,
                                                                                      due_on__lt=AS_OF).count()
    # and the overdue list gives days and working days late (oracle: chinesecalendar's own workdays)
    assert len(content["overdue"]) == overdue.count()
    for row in content["overdue"]:
        deadline = dt.date.fromisoformat(row["deadline"])
        assert row["days_overdue"] == (AS_OF - deadline).days
        assert row["workdays_overdue"] == len(chinese_calendar.get_workdays(deadline + dt.timedelta(days=1), AS_OF))
    assert {r["unit"] for r in content["overdue"]} == {"甲县", "乙县"}


def test_a_round_bulletin_covers_only_that_rounds_items(ledger):
    content = bulletins.build_content(START, AS_OF, ledger["round_b"].pk)
    assert {r["round"] for r in content["overdue"]} == {ledger["round_b"].name}
    assert all(r["key"].startswith("item:") for r in content["red_list"])
    assert [r["round"] for r in content["sign_off"]] == [ledger["round_b"].name]


def _content(red=(), overdue=(), signed=(), ranking=()):
    return {"period_end": "2026-10-11",
            "red_list": [{"key": k, "label": k} for k in red],
            "overdue": [{"key": k, "round": "R", "number": k[-1]} for k in overdue],
            "signed_off": list(signed), "signed_off_labels": [f"R第{k[-1]}项" for k in signed],
            "ranking": [{"id": i, "name": n, "rank": r} for i, n, r in ranking]}


def test_changes_since_the_previous_bulletin():
    previous = _content(red=["target:1", "item:2"], overdue=["item:2"], signed=["item:5"],
                        ranking=[(1, "甲县", 1), (2, "乙县", 2)])
    current = _content(red=["item:2", "item:3"], overdue=["item:2", "item:3"], signed=["item:5", "item:6"],
                       ranking=[(1, "甲县", 2), (2, "乙县", 1)])
    changes = bulletins.changes_since(current, previous)
    assert changes["new_red"] == ["item:3"] and changes["no_longer_red"] == ["target:1"]
    assert changes["newly_overdue"] == ["R第3项"] and changes["signed_off"] == ["R第6项"]
    assert changes["rank_moves"] == [{"unit": "甲县", "from": 1, "to": 2}, {"unit": "乙县", "from": 2, "to": 1}]
    assert bulletins.changes_since(current, None)["since"] is None


def test_the_weekly_job_stores_last_weeks_and_last_months_bulletin_once(ledger):
    # when the weekly job runs twice on Monday 2 November 2026
    monday = dt.date(2026, 11, 2)
    digests.publish_weekly_bulletin(monday, now=at(monday))
    digests.publish_weekly_bulletin(monday, now=at(monday, 11))
    # then one bulletin for 26 Oct – 1 Nov and one for October, both ready
    rows = list(Bulletin.objects.order_by("kind").values_list("kind", "period_start", "period_end", "status"))
    assert rows == [("monthly", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "ready"),
                    ("weekly", dt.date(2026, 10, 26), dt.date(2026, 11, 1), "ready")]


def test_the_next_weeks_bulletin_compares_with_the_last_one(ledger, supervisor):
    # given last week's bulletin, then an item signed off during this week
    first = bulletins.ensure_periodic(Bulletin.Kind.WEEKLY, *bulletins.previous_week(dt.date(2026, 10, 12)))
    item = RectificationItem.objects.filter(deadline=dt.date(2026, 12, 31), lead_unit=ledger["county_a"]).get()
    from .conftest import signed_off
    signed_off(item, dt.date(2026, 10, 14), supervisor)
    # when the next week's is made
    second = bulletins.ensure_periodic(Bulletin.Kind.WEEKLY, *bulletins.previous_week(dt.date(2026, 10, 19)))
    # then it names what was signed off since, and compares with the first
    assert second.content["changes"]["since"] == first.content["period_end"]
    assert second.content["changes"]["signed_off"] == [f"{item.round.name}第{item.number}项"]


def test_leaders_open_the_list_page_and_download_staff_see_nothing(ledger, leader, staff_a, client):
    bulletin = bulletins.ensure_periodic(Bulletin.Kind.WEEKLY, START, AS_OF)
    client.force_login(leader)
    assert bulletin.title in client.get("/bulletins/").content.decode()
    page = client.get(f"/bulletins/{bulletin.pk}/")
    assert page.status_code == 200 and "@page" in page.content.decode() and "甲县" in page.content.decode()
    download = client.get(f"/bulletins/{bulletin.pk}/xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    client.force_login(staff_a)
    assert client.get(f"/bulletins/{bulletin.pk}/").status_code == 404
    assert client.get(f"/bulletins/{bulletin.pk}/xlsx").status_code == 404
    assert bulletin.title not in client.get("/bulletins/").content.decode()


def test_supervisors_generate_now_as_a_task(ledger, supervisor, leader, client, django_capture_on_commit_callbacks):
    # given a supervisor asks for a bulletin of one round
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/bulletins/generate/", {"round": ledger["round_a"].pk})
    # then it is listed as being generated, and a task is queued after the commit
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    assert (bulletin.status, bulletin.kind, bulletin.round_id) == ("pending", "on_demand", ledger["round_a"].pk)
    assert len(queued) == 1 and "生成中" in client.get("/bulletins/").content.decode()
    # when the task runs (twice: a retried task finds it ready)
    from tracker.tasks import generate_bulletin_task
    generate_bulletin_task.run(bulletin.pk)
    generate_bulletin_task.run(bulletin.pk)
    bulletin.refresh_from_db()
    assert bulletin.status == "ready" and bulletin.content["round"] == ledger["round_a"].pk
    # and a leader may read it but not generate one
    client.force_login(leader)
    assert client.post("/bulletins/generate/").status_code == 403
    assert Bulletin.objects.count() == 1


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_generate_with_an_unknown_round_writes_nothing(ledger, supervisor, client, value):
    client.force_login(supervisor)
    response = client.post("/bulletins/generate/", {"round": value}, follow=True)
    assert Bulletin.objects.count() == 0 and "No such inspection round" in response.content.decode()


def test_overdue_problem_text_is_kept_whole_in_content(ledger):
    RectificationItemFactory(round=ledger["round_a"], lead_unit=ledger["county_a"], deadline=dt.date(2026, 8, 1),
                             problem="=HYPERLINK(\"http://x\")")
    content = bulletins.build_content(START, AS_OF)
    assert "=HYPERLINK(\"http://x\")" in {r["problem"] for r in content["overdue"]}
