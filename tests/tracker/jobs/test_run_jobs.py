"""``manage.py run_jobs``: one pass of every scheduled job; a second pass adds nothing."""
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import RectificationItemFactory, TargetFactory
from tracker.models import Flag, FlagEvent, Notice

pytestmark = pytest.mark.django_db


def run(as_of):
    out = io.StringIO()
    call_command("run_jobs", "--as-of", as_of, stdout=out)
    return {line.split(": ", 1)[0]: json.loads(line.split(": ", 1)[1]) for line in out.getvalue().splitlines()}


def test_a_pass_flags_the_overdue_and_a_second_pass_adds_nothing(city):
    # given an overdue milestone target and an overdue rectification item
    TargetFactory(lead_unit=city["county_a"], kind="milestone", comparator="=", target_value=None,
                  period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 1), deadline=dt.date(2026, 3, 1))
    RectificationItemFactory(lead_unit=city["county_b"], deadline=dt.date(2026, 3, 2))

    # when
    first = run("2026-03-16")
    counts = (Flag.objects.count(), FlagEvent.objects.count(), Notice.objects.count())
    second = run("2026-03-16")

    # then
    assert first["tracker.tasks.evaluate_targets_task"]["raised"] == 1
    assert first["tracker.tasks.scan_rectification_items_task"]["raised"] == 1
    assert all(result["raised"] == 0 and result["notices"] == 0 for result in second.values())
    assert (Flag.objects.count(), FlagEvent.objects.count(), Notice.objects.count()) == counts


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_jobs", "--as-of", "16/03/2026")
