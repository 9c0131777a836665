"""The leaders' morning digest (每日晨报) and the weekly bulletin (每周通报, 红黑榜).

Each is stored as a ``Digest`` row, unique per kind and period; the process whose
insert succeeds is the one that notifies, so a second run finds the row and sends nothing.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from tracker.models import (
    DailyReport, Digest, Flag, FlagEvent, Level, OrgUnit, RectificationItem, Target, User,
)
from tracker.services.calendar import load_calendar

from . import notify
from .flags import Outcome
from .subjects import describe

LEVEL_NAMES = {0: "绿色", 1: "黄色", 2: "橙色", 3: "红色"}
LEADERS = Q(role__in=[User.Role.LEADER, User.Role.SUPERVISOR], is_active=True)


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def morning_digest_content(as_of) -> dict:
    """The figures of the morning digest for ``as_of``: targets and open flags by level,
    what turned red since the start of yesterday, and the units with the most overdue work."""
    targets = dict(Target.objects.active().exclude(level=None).values_list("level").annotate(n=Count("id")))
    flags = dict(Flag.objects.filter(cleared_at=None).values_list("level").annotate(n=Count("id")))
    since = _local_midnight(as_of - timedelta(days=1))
    until = _local_midnight(as_of + timedelta(days=1))
    turned_red = []
    for event in (FlagEvent.objects.filter(new_level=Level.RED, at__gte=since, at__lt=until,
                                           event__in=[FlagEvent.Event.RAISED, FlagEvent.Event.ESCALATED])
                  .select_related("flag__unit", "flag__subject_type").order_by("at", "id")):
        subject = describe(event.flag)
        turned_red.append({"flag": event.flag_id, "unit": event.flag.unit.name, "subject": subject.name,
                           "label": subject.label, "at": event.at.isoformat()})
    overdue = defaultdict(lambda: {"count": 0, "max_overdue_workdays": 0})
    for unit_name, figures in (Flag.objects.filter(cleared_at=None, cause="deadline", level=Level.RED)
                               .values_list("unit__name", "figures")):
        row = overdue[unit_name]
        row["count"] += 1
        row["max_overdue_workdays"] = max(row["max_overdue_workdays"], int((figures or {}).get("overdue_workdays", 0)))
    worst = sorted(({"unit": k, **v} for k, v in overdue.items()),
                   key=lambda r: (-r["count"], -r["max_overdue_workdays"], r["unit"]))[:5]
    return {"as_of": as_of.isoformat(),
            "targets_by_level": {str(k): targets.get(k, 0) for k in range(4)},
            "open_flags_by_level": {str(k): flags.get(k, 0) for k in range(4)},
            "turned_red": turned_red, "most_overdue_units": worst}


def morning_digest_text(content) -> str:
    t, f = content["targets_by_level"], content["open_flags_by_level"]
    lines = [f"截至{content['as_of']}：",
             "目标指标：" + "，".join(f"{LEVEL_NAMES[k]}{t[str(k)]}项" for k in range(4)) + "。",
             "在办预警：" + "，".join(f"{LEVEL_NAMES[k]}{f[str(k)]}条" for k in range(1, 4)) + "。"]
    if content["turned_red"]:
        lines.append("昨日以来新转红：")
        lines += [f"  · {r['unit']} {r['label']}“{r['subject']}”" for r in content["turned_red"]]
    else:
        lines.append("昨日以来无新转红事项。")
    if content["most_overdue_units"]:
        lines.append("逾期较多的单位：")
        lines += [f"  · {r['unit']}：逾期{r['count']}项，最长逾期{r['max_overdue_workdays']}个工作日"
                  for r in content["most_overdue_units"]]
    return "\n".join(lines) + "\n"


def weekly_bulletin_content(week_start, week_end) -> dict:
    """通报: rank units for the week by a penalty score — open flags weighted by level
    (red 3, orange 2, yellow 1), plus one per working day with no daily report — and
    list what each signed off. Lowest score ranks first (红榜), highest last (黑榜)."""
    calendar = load_calendar()
    workdays = [week_start + timedelta(days=i) for i in range((week_end - week_start).days + 1)
                if calendar.is_working_day(week_start + timedelta(days=i))]
    units = {}
    duty = set(OrgUnit.objects.filter(has_daily_report_duty=True).values_list("id", flat=True))
    responsible = duty | set(Flag.objects.filter(cleared_at=None).values_list("unit_id", flat=True)) | set(
        RectificationItem.objects.values_list("lead_unit_id", flat=True)) | set(
        Target.objects.active().values_list("lead_unit_id", flat=True))
    for uid, name in OrgUnit.objects.filter(id__in=responsible).values_list("id", "name"):
        units[uid] = {"unit_id": uid, "unit": name, "red": 0, "orange": 0, "yellow": 0,
                      "missing_reports": 0, "signed_off": 0}
    for uid, level, n in (Flag.objects.filter(cleared_at=None, unit_id__in=units).values_list("unit_id", "level")
                          .annotate(n=Count("id"))):
        if level:
            units[uid][{1: "yellow", 2: "orange", 3: "red"}[level]] += n
    filed = defaultdict(set)
    for uid, day in DailyReport.objects.filter(report_date__in=workdays).values_list("unit_id", "report_date"):
        filed[uid].add(day)
    for uid in duty & set(units):
        units[uid]["missing_reports"] = len(workdays) - len(filed[uid])
    for uid, n in (RectificationItem.objects.filter(
            signed_off_at__gte=_local_midnight(week_start), signed_off_at__lt=_local_midnight(week_end + timedelta(days=1)))
            .values_list("lead_unit_id").annotate(n=Count("id"))):
        if uid in units:
            units[uid]["signed_off"] = n
    for row in units.values():
        row["score"] = 3 * row["red"] + 2 * row["orange"] + row["yellow"] + row["missing_reports"]
    ranking = sorted(units.values(), key=lambda r: (r["score"], -r["signed_off"], r["unit"]))
    for i, row in enumerate(ranking, 1):
        row["rank"] = i
    return {"week_start": week_start.isoformat(), "week_end": week_end.isoformat(), "working_days": len(workdays),
            "ranking": ranking, "red_list": ranking[:3], "black_list": list(reversed(ranking[-3:])) if ranking else []}


def weekly_bulletin_text(content) -> str:
    lines = [f"{content['week_start']}至{content['week_end']}（{content['working_days']}个工作日）各单位情况通报：", ""]
    for r in content["ranking"]:
        lines.append(f"{r['rank']}. {r['unit']}：红{r['red']} 橙{r['orange']} 黄{r['yellow']}，"
                     f"缺报日报告{r['missing_reports']}天，本周销号{r['signed_off']}项，扣分{r['score']}")
    if content["ranking"]:
        lines += ["", "红榜：" + "、".join(r["unit"] for r in content["red_list"]),
                  "黑榜：" + "、".join(r["unit"] for r in content["black_list"])]
    return "\n".join(lines) + "\n"


def _publish(kind, start, end, title, content, text, event_type, *, now):
    outcome = Outcome()
    try:
        with transaction.atomic():
            digest = Digest.objects.create(kind=kind, period_start=start, period_end=end, title=title,
                                           content=content, text=text, created_at=now)
            users = list(User.objects.filter(LEADERS).order_by("id"))
            emails, deliveries = notify.announce(
                f"digest:{digest.id}", event_type, title, text, users,
                {"id": f"digest:{digest.id}", "type": event_type, "occurred_at": now.isoformat(),
                 "data": {"title": title, "period_start": start.isoformat(), "period_end": end.isoformat(),
                          "content": content}}, now=now)
    except IntegrityError:
        return outcome, None  # already published for this period
    outcome.emails, outcome.deliveries = emails, deliveries
    return outcome, digest


def publish_morning_digest(as_of, *, now=None):
    """Build, store and send the morning digest for ``as_of`` (once)."""
    now = now or timezone.now()
    if Digest.objects.filter(kind=Digest.Kind.MORNING, period_end=as_of).exists():
        return Outcome(), None
    content = morning_digest_content(as_of)
    return _publish(Digest.Kind.MORNING, as_of, as_of, f"{as_of:%Y年%m月%d日}生态环境目标任务晨报", content,
                    morning_digest_text(content), "digest.morning", now=now)


def publish_weekly_bulletin(as_of, *, now=None):
    """Build, store and send the bulletin for the week (Mon–Sun) before ``as_of``'s week, and
    store the full bulletins (:mod:`tracker.dashboard.bulletins`) for that week and the month before."""
    from tracker.dashboard.bulletins import publish_periodic

    now = now or timezone.now()
    week_end = as_of - timedelta(days=as_of.weekday() + 1)
    week_start = week_end - timedelta(days=6)
    # The 通报 itself (ranking, red and overdue lists, changes; workbook and A4 page):
    # last week's, and last month's once it is over. Each at most once.
    publish_periodic(as_of, now=now)
    if Digest.objects.filter(kind=Digest.Kind.WEEKLY, period_end=week_end).exists():
        return Outcome(), None
    content = weekly_bulletin_content(week_start, week_end)
    return _publish(Digest.Kind.WEEKLY, week_start, week_end,
                    f"生态环境目标任务每周通报（{week_start:%m月%d日}—{week_end:%m月%d日}）", content,
                    weekly_bulletin_text(content), "bulletin.weekly", now=now)
