"""Benchmark of the dashboard's aggregates and the bulletin export (discovered by bench/run.py).

``run(ctx)`` measures, on the database at ``ctx.database_url`` as it is (the scale data set
of ``generate_scale_data``, or the demo city), the server time of each dashboard part
without the cache — headline, matrix, ranking, every chart — as a leader and as unit
staff, a cached read, and the bulletin (content and Excel workbook). Each figure is the
median of ``ctx.repeat`` runs, next to a floor measured in the same run: reading the same
rows into Python lists with ``values_list`` (what no aggregate can beat). Goal: each
dashboard part under 300 ms at province scale.

Stand-alone, on a database of your own::

    DATABASE_URL=postgres://… python -m bench.bench_dashboard [--seed] [--quick]

``--seed`` first adds a synthetic province (units, targets, items, funds, stations) with
bulk inserts; never use it on a database that matters.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from types import SimpleNamespace


def _setup(database_url):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _median_ms(fn, repeat):
    times = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def _floor(user):
    """Read the rows the dashboard reads (targets, items, stage tasks, funds, flags) as plain lists."""
    from tracker.access import READ, restrict
    from tracker.models import Flag, FundAllocation, Milestone, RectificationItem, Target

    def read():
        list(restrict(Target.objects.active(), user, READ).values_list("id", "lead_unit__path", "metric__code",
                                                                        "kind", "level"))
        list(restrict(RectificationItem.objects.all(), user, READ).values_list("id", "round_id", "lead_unit__path",
                                                                               "state", "deadline", "signed_off_at"))
        list(restrict(Milestone.objects.all(), user, READ).values_list("id", "due_on", "done_on"))
        list(restrict(FundAllocation.objects.all(), user, READ).values_list("id", "unit__path", "amount"))
        list(Flag.objects.filter(cleared_at__isnull=True).values_list("subject_type_id", "subject_id", "level"))
    return read


def run(ctx) -> list[dict]:
    _setup(getattr(ctx, "database_url", None))
    from django.core.cache import cache
    from django.utils import timezone

    from tracker.dashboard import cache as dashboard_cache
    from tracker.dashboard import charts, service, workbook
    from tracker.dashboard.bulletins import WholeCity, build_content, changes_since, previous_week
    from tracker.dashboard.filters import DashboardFilters
    from tracker.dashboard.loading import load_snapshot
    from tracker.models import Bulletin, OrgUnit, RectificationItem, Target, User

    repeat = 1 if getattr(ctx, "quick", False) else max(1, int(getattr(ctx, "repeat", 3) or 3))
    today = timezone.localdate()
    filters = DashboardFilters(as_of=today, year=today.year)
    leader = User.objects.filter(role=User.Role.LEADER, is_active=True).first() or WholeCity()
    staff = (User.objects.filter(role=User.Role.STAFF, is_active=True, units__isnull=False).order_by("id").first())
    size = (f"{OrgUnit.objects.count()} units, {Target.objects.count()} targets, "
            f"{RectificationItem.objects.count()} items")
    rows = []

    def add(path, figure, floor, note=""):
        rows.append({"path": path, "figure": figure, "unit": "ms", "floor": floor,
                     "floor_name": "read the same rows (values_list)", "note": f"{size}; {note}".strip("; ")})

    for who, user in (("leader", leader), ("staff", staff)):
        if user is None:
            continue
        floor = _median_ms(_floor(user), repeat)
        for part in ("summary", "matrix", "ranking"):
            add(f"dashboard.{part} ({who})",
                _median_ms(lambda u=user, p=part: service.dashboard_for(u, filters, p), repeat), floor, "goal < 300 ms, uncached")
        if who == "leader":
            for name in charts.CHARTS:
                add(f"dashboard.charts.{name} ({who})",
                    _median_ms(lambda u=user, n=name: charts.build_chart(load_snapshot(u, filters), u, n), repeat), floor,
                    "goal < 300 ms, uncached")
            cache.clear()
            dashboard_cache.cached(user, "summary", filters, lambda u=user: service.dashboard_for(u, filters, "summary"))
            add(f"dashboard.summary cached ({who})",
                _median_ms(lambda u=user: dashboard_cache.cached(u, "summary", filters, lambda: None), repeat), floor,
                "a cache hit")

    start, end = previous_week(today)
    content = {}

    def build():
        content.update(build_content(start, end))
        content["changes"] = changes_since(content, None)

    whole = WholeCity()
    add("bulletin.content", _median_ms(build, repeat), _median_ms(_floor(whole), repeat), "city-wide, one week")
    bulletin = Bulletin(kind="weekly", period_start=start, period_end=end, title="bench", content=content)
    # One run: on the province data set the workbook takes about 100 s (67,000 overdue rows), so a
    # median of three would add over three minutes to `make bench` and little to the figure.
    add("bulletin.xlsx", _median_ms(lambda: workbook.workbook_bytes(bulletin), 1), None,
        f"{len(content['ranking'])} ranked units, {len(content['overdue'])} overdue rows; one run")
    return rows


# -- a synthetic province, for running this benchmark alone ------------------------------------------
def seed(units=300, targets=20000, items=200000, funds=2000, stations=100, days=365, seed_value=7):
    """Add a deterministic synthetic province with bulk inserts (no history rows)."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from tracker.models import (
        Disbursement,
        Flag,
        FundAllocation,
        InspectionRound,
        Metric,
        MetricKind,
        Observation,
        OrgGroup,
        OrgUnit,
        RectificationItem,
        Site,
        Target,
        User,
    )

    rng = random.Random(seed_value)
    year = timezone.localdate().year
    with transaction.atomic():
        root = OrgUnit.objects.create(code=f"prov-{seed_value}", name="省", kind=OrgUnit.Kind.CITY)
        cities = [OrgUnit.objects.create(code=f"p{seed_value}-c{i}", name=f"市{i}", parent=root) for i in range(20)]
        leaves = [OrgUnit.objects.create(code=f"p{seed_value}-u{i}", name=f"县{i}", parent=cities[i % 20])
                  for i in range(max(0, units - 21))]
        pool = cities + leaves
        zones = []
        for z in range(5):
            group = OrgGroup.objects.create(code=f"p{seed_value}-zone{z}", name=f"战区{z}")
            group.members.set(rng.sample(cities, 4))
            zones.append(group)
        metric, _ = Metric.objects.get_or_create(code="pm25", defaults={
            "name": "PM2.5平均浓度", "kind": MetricKind.PERIOD_MEAN, "unit": "μg/m³", "comparator": "<=", "is_site_metric": True})
        others = [Metric.objects.get_or_create(code=code, defaults={"name": code, "kind": kind, "unit": "%", "comparator": ">="})[0]
                  for code, kind in (("water_section_share", MetricKind.SITE_SHARE), ("plots_count", MetricKind.PROGRESS),
                                     ("milestone", MetricKind.MILESTONE))]
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        Target.objects.bulk_create([
            Target(code=f"p{seed_value}-t{i}", title=f"目标{i}", metric=m, kind=m.kind, comparator=m.comparator,
                   target_value=Decimal(35), unit=m.unit, period_start=start, period_end=end, deadline=end,
                   lead_unit=rng.choice(pool), level=rng.choice([0, 0, 0, 1, 1, 2, 3, None]))
            for i, m in ((i, rng.choice([metric, *others])) for i in range(targets))], batch_size=5000)
        rounds = [InspectionRound.objects.create(code=f"p{seed_value}-r{r}", name=f"督察第{r}轮", kind="provincial",
                                                 year=year) for r in range(10)]
        signer = User.objects.filter(role=User.Role.SUPERVISOR).first() or User.objects.create(
            username=f"bench-sup-{seed_value}", role=User.Role.SUPERVISOR)
        now = timezone.now()
        item_rows = []
        for i in range(items):
            done = rng.random() < 0.6
            item_rows.append(RectificationItem(
                round=rounds[i % 10], number=str(i), problem="问题", lead_unit=rng.choice(pool),
                deadline=start + dt.timedelta(days=rng.randrange(365)), state="signed_off" if done else "in_progress",
                signed_off_by=signer if done else None, signed_off_at=now if done else None))
        RectificationItem.objects.bulk_create(item_rows, batch_size=5000)
        allocations = FundAllocation.objects.bulk_create([
            FundAllocation(code=f"p{seed_value}-f{i}", unit=rng.choice(pool), source="provincial", year=year,
                           amount=Decimal(1000), allocated_on=start, execution_deadline=end, target_rate=Decimal(90))
            for i in range(funds)], batch_size=5000)
        Disbursement.objects.bulk_create([Disbursement(allocation=a, paid_on=start + dt.timedelta(days=60),
                                                       amount=Decimal(rng.randrange(0, 900))) for a in allocations])
        ct = ContentType.objects.get_for_model(RectificationItem)
        open_ids = list(RectificationItem.objects.filter(round__in=rounds, state="in_progress")
                        .values_list("id", "lead_unit_id")[: items // 10])
        Flag.objects.bulk_create([Flag(subject_type=ct, subject_id=i, cause="deadline", unit_id=u, level=1)
                                  for i, u in open_ids], batch_size=5000, ignore_conflicts=True)
        sites = Site.objects.bulk_create([Site(code=f"p{seed_value}-s{i}", name=f"站{i}", kind="air_station",
                                               unit=rng.choice(cities)) for i in range(stations)])
        Observation.objects.bulk_create([
            Observation(metric=metric, site=s, observed_on=start + dt.timedelta(days=d),
                        value=Decimal(rng.randrange(10, 80)))
            for s in sites for d in range(min(days, (timezone.localdate() - start).days + 1))], batch_size=10000)
        Target.objects.create(code=f"p{seed_value}-pm25", title="全省PM2.5", metric=metric, kind=metric.kind,
                              comparator="<=", target_value=Decimal(35), unit="μg/m³", period_start=start,
                              period_end=end, deadline=end, lead_unit=root, level=2)


if __name__ == "__main__":
    _setup(os.environ.get("DATABASE_URL"))
    if "--seed" in sys.argv:
        seed()
    quick = "--quick" in sys.argv
    for row in run(SimpleNamespace(repeat=1 if quick else 5, database_url=os.environ.get("DATABASE_URL"), quick=quick)):
        floor = f"{row['floor']:>8} ms" if row["floor"] is not None else "       —"
        print(f"{row['path']:<42} {row['figure']:>8} {row['unit']}   floor {floor}   {row['note']}")
