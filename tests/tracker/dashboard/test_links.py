"""Every link from a dashboard figure or matrix cell lists exactly the rows the figure
counted: the list page behind the link (``/targets/``, ``/items/``, ``/funds/``, filtered by
the API's FilterSets) has as many rows as the figure shows, for the whole city and under the
dashboard's filters (year, category, unit, war zone, round, a past ``as_of``)."""
import datetime as dt
from urllib.parse import urlsplit

import pytest

from tests.factories import RectificationItemFactory, TargetFactory
from tracker.dashboard import service
from tracker.dashboard.filters import DashboardFilters
from tracker.dashboard.loading import load_snapshot

from .conftest import AS_OF

LIST_PATHS = ("/targets/", "/items/", "/funds/")


def figure_links(summary, matrix):
    """(what, link, figure shown) for every linked count on the headline and the matrix."""
    out = [("targets", summary["targets"]["link"], summary["targets"]["total"]),
           ("unevaluated", summary["targets"]["unevaluated"]["link"], summary["targets"]["unevaluated"]["count"]),
           ("overdue items", summary["overdue_items"]["link"], summary["overdue_items"]["count"]),
           ("all items", summary["rectification"]["overall"]["link"], summary["rectification"]["overall"]["total"]),
           ("funds", summary["funds"]["link"], summary["funds"]["count"])]
    out += [(f"targets {lv['name']}", lv["link"], lv["count"]) for lv in summary["targets"]["levels"]]
    out += [(f"round {r['name']}", r["link"], r["total"]) for r in summary["rectification"]["rounds"]]
    for row in [*matrix["units"], *matrix["zones"]]:
        for category, cell in row["cells"].items():
            for part in cell["parts"]:
                if part["link"] is None:  # stage tasks and projects: no list page
                    continue
                out.append((f"{row['name']} {category} {part['model']}", part["link"], part["total"]))
                out += [(f"{row['name']} {category} {part['model']} {n['name']}", n["link"], n["count"])
                        for n in part["counts"]]
    return out


def rows_listed(client, link):
    response = client.get(link)
    assert response.status_code == 200, link
    assert urlsplit(link).path in LIST_PATHS
    return response.context["table"].paginator.count


def assert_every_link_lists_its_figure(client, user, filters):
    snapshot = load_snapshot(user, filters)
    links = figure_links(service.summary(snapshot, user), service.matrix(snapshot))
    assert len(links) > 10  # the ledger has something behind most figures
    client.force_login(user)
    # a figure without a link is one the filters leave out altogether: it must show 0
    wrong = [(what, link, shown, rows_listed(client, link) if link else 0) for what, link, shown in links]
    assert [w for w in wrong if w[2] != w[3]] == []


def as_of(day, **changes):
    return DashboardFilters(as_of=day, year=day.year, as_of_given=True, **changes)


def test_every_headline_and_matrix_link_lists_what_it_counts(ledger, leader, client):
    assert_every_link_lists_its_figure(client, leader, as_of(AS_OF))


@pytest.mark.parametrize("narrow", ["county_a", "zone", "category", "round"])
def test_links_under_a_filter_list_what_they_count(ledger, leader, client, narrow):
    changes = {"county_a": {"unit": ledger["county_a"].pk}, "zone": {"group": ledger["zone"].pk},
               "category": {"category": "water"}, "round": {"round": ledger["round_a"].pk}}[narrow]
    assert_every_link_lists_its_figure(client, leader, as_of(AS_OF, **changes))


def test_links_for_staff_list_only_their_units_rows(ledger, staff_a, client):
    assert_every_link_lists_its_figure(client, staff_a, as_of(AS_OF))


def test_links_of_a_past_year_judge_overdue_on_its_last_day(ledger, leader, client, supervisor):
    # given an item of last year's round, overdue at the end of last year and signed off since,
    # and a target whose period lies in last year only
    old = RectificationItemFactory(round__year=2025, lead_unit=ledger["county_a"], deadline=dt.date(2025, 6, 30))
    old.state, old.signed_off_by = "signed_off", supervisor
    old.signed_off_at = dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)
    old.save()
    TargetFactory(lead_unit=ledger["county_b"], period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                  deadline=dt.date(2025, 12, 31), level=3)
    filters = DashboardFilters(as_of=dt.date(2025, 12, 31), year=2025, as_of_given=True)
    # then the overdue figure counts it, and its link lists it
    summary = service.summary(load_snapshot(leader, filters), leader)
    assert summary["overdue_items"]["count"] >= 1
    assert_every_link_lists_its_figure(client, leader, filters)
