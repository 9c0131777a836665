"""The province-sized data set: what it holds and how it is made.

Shape (defaults, all parameters of :class:`ScaleParams`): a province (省) with cities (市)
and under them counties, districts and departments — 300 units in all, a third of them
with the daily-report duty (日报告); 500 air stations with daily PM2.5, PM10, O3-8h and
NO2 readings over three years, and 100 water sections with monthly classes; 20,000
targets of every metric kind (their own progress or rank series where the rule reads
one); 200 inspection rounds holding 200,000 rectification items in every state, with
evidence, look-backs and stage milestones; 2,000 projects with fund allocations and
payments. Deadlines and readings are spread around ``as_of`` so every scan and rule has
work: some items are overdue, some due soon, most on track.

Everything comes from one ``numpy`` generator seeded with ``seed``: the same parameters
give the same rows. Rows are written with :func:`tracker.scale.copy.insert_rows` (COPY on
PostgreSQL) and carry no history rows: this is measurement data, not a ledger anyone
edited. Every generated code starts with ``scale-`` so the set can be found (and is
found by :func:`present`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from fixtures.org import load_metrics
from tracker.models import (
    DailyReport, Disbursement, Evidence, FundAllocation, InspectionRound, Milestone, Observation, OrgUnit, Project,
    RectificationItem, Site, StatusThresholds, Target, User,
)

from .copy import insert_rows, next_id

ROOT_CODE = "scale-province"
PASSWORD = "scale12345"  # the generated logins' password (benchmark data only)
AIR_METRICS = ("pm25", "pm10", "o3", "no2")
AIR_LEVELS = {"pm25": 38.0, "pm10": 65.0, "o3": 120.0, "no2": 30.0}  # yearly means, μg/m³
# (kind, share of targets): every rule of the status engine gets its share.
TARGET_MIX = [
    ("period_mean", 0.20), ("percentile", 0.05), ("day_ratio", 0.08), ("day_budget", 0.05),
    ("site_share", 0.10), ("progress", 0.27), ("baseline_change", 0.05), ("rank", 0.05), ("milestone", 0.15),
]
ITEM_STATES = (("assigned", 0.25), ("in_progress", 0.33), ("reported", 0.10), ("signed_off", 0.32))


@dataclass(frozen=True)
class ScaleParams:
    units: int = 300
    targets: int = 20_000
    items: int = 200_000
    stations: int = 500
    sections: int = 100
    years: int = 3
    projects: int = 2_000
    rounds: int = 200
    seed: int = 13
    as_of: date = date(2026, 10, 15)


def present() -> bool:
    """Whether a scale data set is already in the database."""
    return OrgUnit.all_objects.filter(code=ROOT_CODE).exists()


class _Progress:
    def __init__(self, write):
        self.write, self.started = write, time.monotonic()

    def __call__(self, what, n=None):
        took = time.monotonic() - self.started
        self.write(f"[{took:7.1f} s] {what}" + (f": {n:,}" if n is not None else ""))


def generate(params: ScaleParams, write=print) -> dict:
    """Write the data set; returns the row counts. Refuses to run twice on one database."""
    if present():
        raise RuntimeError("数据集已存在 / a scale data set is already present (drop the database to regenerate)")
    rng = np.random.default_rng(params.seed)
    say = _Progress(write)
    counts = {}
    with transaction.atomic():
        StatusThresholds.current()
        metrics = {code: m.id for code, m in load_metrics().items()}
        units, counties = _units(params, rng, say)
        counts["units"] = len(units)
        counts["users"] = _users(units, counties, say)
        air_sites, sections = _sites(params, rng, counties, say)
        counts["observations"] = _air(params, rng, air_sites, metrics, say) + _water(params, rng, sections,
                                                                                     metrics, say)
        counts["targets"], counts["target_series"] = _targets(params, rng, counties, air_sites, sections, metrics,
                                                              say)
        counts["items"], counts["milestones"] = _items(params, rng, counties, say)
        counts["projects"], counts["allocations"] = _projects(params, rng, counties, say)
        counts["daily_reports"] = _daily_reports(params, rng, units, say)
    _analyze(say)
    say("done")
    return counts


def _analyze(say):
    """Planner statistics for the freshly written tables, as autovacuum would gather them in
    time: without them PostgreSQL guesses a few hundred rows for a 200,000-row table and the
    dashboard's GROUP BYs sort on disk instead of hashing (a benchmark measured the guess)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say("analyzed")


def _units(params, rng, say):
    """A province, ~5% of the units as cities under it, the rest counties/departments under
    a city. Paths are written directly ('/root/city/county/')."""
    start = next_id(OrgUnit)
    n_cities = max(1, params.units // 20)
    rows, paths = [], {}
    root = start
    paths[root] = f"/{root}/"
    rows.append((root, ROOT_CODE, "规模测试省", "规模省", "city", None, paths[root], 0, True))
    cities = list(range(start + 1, start + 1 + n_cities))
    for i, uid in enumerate(cities):
        paths[uid] = f"{paths[root]}{uid}/"
        rows.append((uid, f"scale-city-{i:03d}", f"第{i + 1}市", f"{i + 1}市", "city", root, paths[uid], i, True))
    counties = []
    for i in range(params.units - 1 - n_cities):
        uid = start + 1 + n_cities + i
        parent = cities[int(rng.integers(n_cities))]
        paths[uid] = f"{paths[parent]}{uid}/"
        kind = "county" if i % 4 else "department"
        rows.append((uid, f"scale-unit-{i:04d}", f"第{i + 1}县区", f"{i + 1}县", kind, parent, paths[uid], i,
                     bool(i % 3 == 0)))
        counties.append(uid)
    insert_rows(OrgUnit, ("id", "code", "name", "short_name", "kind", "parent_id", "path", "sort_order",
                          "has_daily_report_duty"), rows)
    say("units", len(rows))
    return [r[0] for r in rows], counties


def _users(units, counties, say):
    """One supervisor, one leader and one staff login per county-level unit (password PASSWORD)."""
    password = make_password(PASSWORD)
    start = next_id(User)
    now = timezone.now()
    rows = [(start, "scale-supervisor", "supervisor", "规模督查员", password, now, True),
            (start + 1, "scale-leader", "leader", "规模领导", password, now, True)]
    rows += [(start + 2 + i, f"scale-staff-{i:04d}", "staff", f"经办人{i + 1}", password, now, False)
             for i in range(len(counties))]
    insert_rows(User, ("id", "username", "role", "full_name", "password", "date_joined", "is_staff"), rows)
    through = User.units.through
    insert_rows(through, ("user_id", "orgunit_id"), [(start + 2 + i, uid) for i, uid in enumerate(counties)])
    say("users", len(rows))
    return len(rows)


def _sites(params, rng, counties, say):
    start = next_id(Site)
    air = [(start + i, f"scale-air-{i:04d}", f"监测站{i + 1}", "air_station", "national",
            counties[int(rng.integers(len(counties)))], None) for i in range(params.stations)]
    base = start + params.stations
    water = [(base + i, f"scale-ws-{i:04d}", f"断面{i + 1}", "water_section", "provincial",
              counties[int(rng.integers(len(counties)))], int(rng.choice([2, 3, 3, 4]))) for i in range(params.sections)]
    insert_rows(Site, ("id", "code", "name", "kind", "tier", "unit_id", "standard_class"), air + water)
    say("sites", len(air) + len(water))
    return [(r[0], r[5]) for r in air], [(r[0], r[5]) for r in water]


def _days(params):
    first = params.as_of - timedelta(days=365 * params.years - 1)
    return [first + timedelta(days=i) for i in range((params.as_of - first).days + 1)]


def _air(params, rng, air_sites, metrics, say):
    """Daily readings: a seasonal city curve (dirtier in winter, O3 in summer) × a station
    factor × day-to-day noise, rounded to 0.1 μg/m³."""
    days = _days(params)
    doy = np.array([d.timetuple().tm_yday for d in days], dtype="float64")
    winter = 1 + 0.45 * np.cos(2 * np.pi * (doy - 15) / 365.25)
    summer = 1 + 0.35 * np.cos(2 * np.pi * (doy - 196) / 365.25)
    factors = rng.uniform(0.8, 1.25, size=len(air_sites))
    noise = {code: rng.lognormal(0, 0.28, size=(len(air_sites), len(days))) for code in AIR_METRICS}

    def rows():
        for code in AIR_METRICS:
            curve = (summer if code == "o3" else winter) * AIR_LEVELS[code]
            values = np.round(curve[None, :] * factors[:, None] * noise[code], 1)
            metric = metrics[code]
            for s, (site_id, _) in enumerate(air_sites):
                for day, value in zip(days, values[s].tolist()):
                    yield metric, site_id, day, value, "import"

    n = insert_rows(Observation, ("metric_id", "site_id", "observed_on", "value", "source"), rows(),
                    progress=lambda k: say("air readings", k))
    return n


def _water(params, rng, sections, metrics, say):
    """Monthly water classes (1..6) per section, around its standard."""
    months = sorted({d.replace(day=1) for d in _days(params)})
    metric = metrics["water_class"]
    rows = []
    for site_id, _ in sections:
        centre = rng.uniform(2, 4.2)
        for month in months:
            rows.append((metric, site_id, month, float(np.clip(round(centre + rng.normal(0, 0.7)), 1, 6)), "import"))
    insert_rows(Observation, ("metric_id", "site_id", "observed_on", "value", "source"), rows)
    say("water classes", len(rows))
    return len(rows)


def _pick_kinds(n, rng):
    kinds, shares = zip(*TARGET_MIX)
    return rng.choice(kinds, size=n, p=np.array(shares) / sum(shares))


def _targets(params, rng, counties, air_sites, sections, metrics, say):
    """Targets of every kind, led by a county-level unit; progress and rank targets get a
    monthly series of their own; one in ten site targets names its stations explicitly."""
    y = params.as_of.year
    year_start, year_end = date(y, 1, 1), date(y, 12, 31)
    start = next_id(Target)
    rows, links, series = [], [], []
    kinds = _pick_kinds(params.targets, rng)
    month_ends = [date(y, m, 1) for m in range(1, params.as_of.month + 1)]
    for i, kind in enumerate(kinds.tolist()):
        tid = start + i
        unit = counties[int(rng.integers(len(counties)))]
        r = float(rng.uniform())
        period_start, period_end, deadline = year_start, year_end, year_end
        metric, comparator, value, unit_label = "pm25", "<=", None, "μg/m³"
        extra = dict(baseline_value=None, rank_total=None, change_unit="", day_limit=None, class_limit=None,
                     done_on=None)
        if kind == "period_mean":
            metric = ("pm25", "pm10", "no2")[i % 3]
            value = round(AIR_LEVELS[metric] * (0.85 + 0.3 * r), 1)
        elif kind == "percentile":
            metric, value = "o3", round(140 + 40 * r, 1)
        elif kind == "day_ratio":
            metric, comparator, value, unit_label = "good_day_ratio", ">=", round(75 + 20 * r, 1), "%"
            extra["day_limit"] = 100
        elif kind == "day_budget":
            metric, value, unit_label = "heavy_pollution_days", float(int(2 + 10 * r)), "天"
            extra["day_limit"] = 200
        elif kind == "site_share":
            metric, comparator, value, unit_label = "water_section_share", ">=", round(50 + 45 * r, 1), "%"
            extra["class_limit"] = 3
        elif kind == "progress":
            metric, comparator, unit_label = "fund_execution_rate", ">=", "%"
            value, extra["baseline_value"] = round(80 + 20 * r, 1), 0
        elif kind == "baseline_change":
            metric, comparator, value = "pm25", "decrease_by", round(3 + 9 * r, 1)
            extra["change_unit"], extra["baseline_value"] = "%", round(AIR_LEVELS["pm25"] * (0.9 + 0.2 * r), 1)
        elif kind == "rank":
            metric, comparator, value, unit_label = "rank", "exit_bottom", float(int(3 + 7 * r)), "名"
            extra["rank_total"] = 100
        else:  # milestone
            metric, comparator, unit_label = "milestone", "=", ""
            deadline = params.as_of + timedelta(days=int(rng.integers(-120, 200)))
            period_start, period_end = deadline - timedelta(days=180), deadline
            if rng.uniform() < 0.4 and deadline - timedelta(days=20) <= params.as_of:
                extra["done_on"] = deadline - timedelta(days=int(rng.integers(0, 20)))
        rows.append((tid, f"scale-t-{i:06d}", f"规模目标{i + 1}（{kind}）", metrics[metric], kind, comparator, value,
                     unit_label, period_start, period_end, deadline, unit, True, *extra.values()))
        if kind in ("period_mean", "percentile", "day_ratio", "day_budget", "baseline_change") and i % 10 == 0:
            for site_id, _ in rng.choice(np.array(air_sites), size=3, replace=False).tolist():
                links.append((tid, site_id))
        if kind == "site_share" and i % 10 == 0:
            for site_id, _ in rng.choice(np.array(sections), size=4, replace=False).tolist():
                links.append((tid, site_id))
        if kind in ("progress", "rank"):
            pace = rng.uniform(0.6, 1.2)
            for m, day in enumerate(month_ends):
                if kind == "progress":
                    v = min(100.0, round(100 * pace * (m + 1) / 12 + rng.normal(0, 2), 1))
                else:
                    v = float(int(np.clip(rng.normal(8 + 3 * pace, 2), 1, 100)))
                series.append((metrics[metric], tid, day, max(v, 0.0), "api"))
    insert_rows(Target, ("id", "code", "title", "metric_id", "kind", "comparator", "target_value", "unit",
                         "period_start", "period_end", "deadline", "lead_unit_id", "is_active", "baseline_value",
                         "rank_total", "change_unit", "day_limit", "class_limit", "done_on"), rows,
                progress=lambda k: say("targets", k))
    insert_rows(Target.sites.through, ("target_id", "site_id"), links)
    insert_rows(Observation, ("metric_id", "target_id", "observed_on", "value", "source"), series)
    say("target series", len(series))
    return len(rows), len(series)


def _aware(day: date, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def _items(params, rng, counties, say):
    """Rounds and their items in every state; deadlines from 300 days ago to 400 days
    ahead; reported items mostly with evidence; signed-off ones with look-backs, some done;
    one in twenty long-term with three stage milestones."""
    as_of = params.as_of
    round_start = next_id(InspectionRound)
    kinds = ("central", "provincial", "green_shield", "supervision_help", "lookback")
    rounds = [(round_start + i, f"scale-round-{i:03d}", f"规模督察第{i + 1}轮", kinds[i % 5], as_of.year - (i % 3),
               180 if i % 2 else 90) for i in range(params.rounds)]
    insert_rows(InspectionRound, ("id", "code", "name", "kind", "year", "lookback_after_days"), rounds)
    supervisor = User.objects.get(username="scale-supervisor").id
    states, shares = zip(*ITEM_STATES)
    drawn = rng.choice(states, size=params.items, p=shares).tolist()
    offsets = rng.integers(-300, 400, size=params.items).tolist()
    start = next_id(RectificationItem)
    rows, evidence, milestones = [], [], []
    per_round = {}
    for i, state in enumerate(drawn):
        iid = start + i
        rnd = rounds[i % params.rounds][0]
        per_round[rnd] = per_round.get(rnd, 0) + 1
        deadline = as_of + timedelta(days=offsets[i])
        reported_at = signed_by = signed_at = lookback_due = lookback_done = None
        if state in ("reported", "signed_off"):
            reported_at = _aware(min(deadline, as_of) - timedelta(days=int(rng.integers(1, 60))))
        if state == "signed_off":
            signed_by = supervisor
            signed_at = reported_at + timedelta(days=int(rng.integers(1, 20)))
            if i % 2:
                lookback_due = signed_at.date() + timedelta(days=120)
            if i % 3 == 0:
                lookback_done = signed_at + timedelta(days=150)
        long_term = i % 20 == 0
        rows.append((iid, rnd, f"{per_round[rnd]:05d}", f"规模整改问题{i + 1}：排查整治不到位", counties[i % len(counties)],
                     deadline, long_term, state, reported_at, signed_by, signed_at, lookback_due, lookback_done))
        if state in ("reported", "signed_off") and (state == "signed_off" or i % 4):
            evidence.append((iid, f"evidence/scale/{iid}.jpg", "现场照片"))
        if long_term:
            for k in range(3):
                due = deadline - timedelta(days=60 * (2 - k))
                done = due if (due < as_of and (i + k) % 3) else None
                milestones.append((iid, None, k + 1, f"第{k + 1}阶段", due, done))
    insert_rows(RectificationItem, ("id", "round_id", "number", "problem", "lead_unit_id", "deadline", "is_long_term",
                                    "state", "completion_reported_at", "signed_off_by_id", "signed_off_at",
                                    "lookback_due", "lookback_done_at"), rows,
                progress=lambda k: say("items", k))
    insert_rows(Evidence, ("item_id", "file", "description"), evidence)
    insert_rows(Milestone, ("item_id", "project_id", "sequence", "title", "due_on", "done_on"), milestones)
    say("evidence", len(evidence))
    return len(rows), len(milestones)


def _projects(params, rng, counties, say):
    """Projects with one allocation each (some two) and payments behind or on the linear path."""
    as_of = params.as_of
    y = as_of.year
    project_start, alloc_start = next_id(Project), next_id(FundAllocation)
    projects, allocations, payments, milestones = [], [], [], []
    sources = ("central", "provincial", "municipal")
    for i in range(params.projects):
        pid = project_start + i
        unit = counties[i % len(counties)]
        end = date(y, 12, 31) + timedelta(days=int(rng.integers(-60, 300)))
        projects.append((pid, f"scale-p-{i:05d}", f"规模项目{i + 1}", unit, date(y, 1, 1), end))
        for k in range(1 + (i % 3 == 0)):
            aid = alloc_start + len(allocations)
            amount = round(float(rng.uniform(50, 5000)), 2)
            allocated = date(y, 1, 1) + timedelta(days=int(rng.integers(0, 120)))
            deadline = date(y, 12, 31)
            allocations.append((aid, f"scale-f-{i:05d}-{k}", unit, pid, sources[(i + k) % 3], y, amount, allocated,
                                deadline, 90 if k else None))
            elapsed = max(0.0, min(1.0, (as_of - allocated).days / max(1, (deadline - allocated).days)))
            paid_share = elapsed * rng.uniform(0.5, 1.15)
            for n in range(3):
                payments.append((aid, allocated + timedelta(days=30 * (n + 1)),
                                 round(min(amount, amount * paid_share) / 3, 2)))
        for k in range(2):
            due = end - timedelta(days=90 * (1 - k) + 30)
            milestones.append((None, pid, k + 1, f"项目第{k + 1}节点", due, due if due < as_of and i % 2 else None))
    insert_rows(Project, ("id", "code", "name", "lead_unit_id", "starts_on", "planned_end"), projects)
    insert_rows(FundAllocation, ("id", "code", "unit_id", "project_id", "source", "year", "amount", "allocated_on",
                                 "execution_deadline", "target_rate"), allocations)
    insert_rows(Disbursement, ("allocation_id", "paid_on", "amount"), [p for p in payments if p[1] <= as_of])
    insert_rows(Milestone, ("item_id", "project_id", "sequence", "title", "due_on", "done_on"), milestones)
    say("projects", len(projects))
    return len(projects), len(allocations)


def _daily_reports(params, rng, units, say):
    """Reports of the last 30 days from units with the duty; about one in ten days missed."""
    duty = list(OrgUnit.all_objects.filter(id__in=units, has_daily_report_duty=True).values_list("id", flat=True))
    rows = []
    for day in (params.as_of - timedelta(days=k) for k in range(30)):
        for uid in duty:
            if rng.uniform() > 0.1:
                rows.append((uid, day, True, _aware(day, 17)))
    insert_rows(DailyReport, ("unit_id", "report_date", "is_zero", "reported_at"), rows)
    say("daily reports", len(rows))
    return len(rows)
