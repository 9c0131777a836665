"""The leaders' morning digest and the weekly bulletin (通报)."""
import datetime as dt

from tests.factories import RectificationItemFactory, TargetFactory
from tracker.jobs import digests, scans
from tracker.models import DailyReport, Digest, Notification

from .conftest import at

D = dt.date


def test_morning_digest_counts_levels_new_reds_and_most_overdue_units(unit, other_unit, boss, duty_supervisor):
    # given two overdue items in one county (one very late), one in another, and a red target
    RectificationItemFactory(lead_unit=unit, deadline=D(2026, 9, 1))
    RectificationItemFactory(lead_unit=unit, deadline=D(2026, 9, 30))
    RectificationItemFactory(lead_unit=other_unit, deadline=D(2026, 9, 30))
    scans.scan_rectification_items(D(2026, 10, 8), now=at(D(2026, 10, 8)))
    TargetFactory(lead_unit=other_unit, level=0)
    # when the digest for the next morning is built
    content = digests.morning_digest_content(D(2026, 10, 9))
    # then
    assert content["targets_by_level"] == {"0": 1, "1": 0, "2": 0, "3": 0}
    assert content["open_flags_by_level"]["3"] == 3
    assert len(content["turned_red"]) == 3
    assert [(r["unit"], r["count"]) for r in content["most_overdue_units"]] == [("甲县", 2), ("乙县", 1)]
    assert content["most_overdue_units"][0]["max_overdue_workdays"] > content["most_overdue_units"][1][
        "max_overdue_workdays"]
    # and a red raised two days before is no longer "new"
    assert digests.morning_digest_content(D(2026, 10, 11))["turned_red"] == []


def test_morning_digest_published_once_to_leaders_and_supervisors(unit, unit_staff, boss, duty_supervisor):
    outcome, digest = digests.publish_morning_digest(D(2026, 10, 9), now=at(D(2026, 10, 9), 8))
    again, none = digests.publish_morning_digest(D(2026, 10, 9), now=at(D(2026, 10, 9), 9))
    assert digest.kind == "morning" and none is None and again.emails == []
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["boss", "sup"]
    assert "截至2026-10-09" in digest.text


def test_weekly_bulletin_ranks_units_and_counts_missing_reports(unit, other_unit, boss):
    # given: both report daily; 甲县 filed every working day of 5–11 Oct 2026, 乙县 none, and 乙县 has a red item
    for u in (unit, other_unit):
        u.has_daily_report_duty = True
        u.save()
    week = [D(2026, 10, 5) + dt.timedelta(days=i) for i in range(7)]
    workdays = [d for d in week if d in (D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10))]
    for day in workdays:
        DailyReport.objects.create(unit=unit, report_date=day, is_zero=True)
    RectificationItemFactory(lead_unit=other_unit, deadline=D(2026, 9, 30))
    scans.scan_rectification_items(D(2026, 10, 8), now=at(D(2026, 10, 8)))
    # when the bulletin is published on Monday 12 Oct
    _, digest = digests.publish_weekly_bulletin(D(2026, 10, 12), now=at(D(2026, 10, 12)))
    # then it covers 5–11 Oct (3 working days after the holiday), 甲县 first, 乙县 last
    assert (digest.period_start, digest.period_end) == (D(2026, 10, 5), D(2026, 10, 11))
    ranking = digest.content["ranking"]
    assert digest.content["working_days"] == 3
    assert [(r["unit"], r["missing_reports"], r["red"]) for r in ranking] == [("甲县", 0, 0), ("乙县", 3, 1)]
    assert digest.content["black_list"][0]["unit"] == "乙县"
    assert "红榜：甲县" in digest.text
    assert digests.publish_weekly_bulletin(D(2026, 10, 14))[1] is None  # same week: once
    assert Digest.objects.count() == 1
