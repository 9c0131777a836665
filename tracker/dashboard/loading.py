"""Loading the ledger for the dashboard: scoped, filtered and aggregated in SQL.

Every queryset is narrowed by :func:`tracker.access.restrict` first, then by the filters,
and then counted in the database: targets by (lead unit, metric, kind, level), items by
(round, lead unit, signed off, overdue, level), stage tasks by (unit, project, overdue,
level) — so the rows that reach Python number units × levels, not records, and the number
of queries is the same for a county with ten records and a province with a million. Funds
and projects (a few thousand) come one row each. The result is a :class:`Snapshot` of
pandas frames that the pure functions of :mod:`.figures` read.

A record's level (四色预警), computed in SQL:

- target (目标指标): the level the status engine stored (``Target.level``); never
  evaluated yet → no level (counted as 未测算);
- rectification item, stage task, fund (整改任务/阶段性任务/专项资金): the worst open warning
  (``Flag``) on it from the last scan (for items and stage tasks, the copy the flag life
  cycle keeps on the record), and red when it is overdue on ``as_of`` even before the next
  scan (overdue is derived from the deadline, never typed);
- project (项目): the worst level of its stage tasks and its funds (green when it has none).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from tracker.access import READ, restrict
from tracker.models import (
    FundAllocation,
    InspectionRound,
    Milestone,
    OrgGroup,
    OrgUnit,
    Project,
    RectificationItem,
    Target,
)
from tracker.services.errors import ServiceError

from .categories import FUNDS, MILESTONES, PROJECTS, RECTIFICATION, target_category, target_category_q
from .filters import DashboardFilters
from .selections import (
    end_of,
    group_paths,
    rounds_live_in,
    targets_of_year,
    under_paths,
    with_item_state,
    with_paid_by,
)

__all__ = ["RED", "Snapshot", "end_of", "load_snapshot", "red_now"]

RED = 3
RECORD_COLUMNS = ["model", "unit_id", "category", "level", "overdue", "n"]


@dataclass
class Snapshot:
    """The scoped, filtered ledger; counted on first use.

    Read at once: ``units`` [id, name, label, path, parent_id, sort_order], the units the user
    may read; ``roots``: the ids the matrix rows hang under; ``groups`` [id, name]: the war
    zones and ``members`` [group_id, unit_id]; ``querysets``: the scoped, filtered querysets
    per model (``item`` and ``milestone`` annotated with ``overdue_now``; see :func:`red_now`).

    Counted when first read, each once (a part reads only what it shows: the headline
    never counts stage tasks, the matrix never counts items by round): ``target_counts``
    [unit_id, metric, kind, level, n]; ``items`` [round_id, round, signed_off, overdue, n]:
    the items per round; ``funds``: one row per allocation; ``records`` [model, unit_id,
    category, level, overdue, n, path]: how many records of each kind at each level per unit.
    """

    filters: DashboardFilters
    units: pd.DataFrame
    roots: list[int]
    groups: pd.DataFrame
    members: pd.DataFrame
    querysets: dict = field(default_factory=dict)

    @property
    def targets(self):
        return self.querysets["target"]

    @cached_property
    def target_counts(self) -> pd.DataFrame:
        return _frame(self.querysets["target"].order_by().values("lead_unit_id", "metric__code", "kind", "level")
                      .annotate(n=Count("*")).values_list("lead_unit_id", "metric__code", "kind", "level", "n"),
                      ["unit_id", "metric", "kind", "level", "n"])

    @cached_property
    def items(self) -> pd.DataFrame:
        return _round_counts(self.querysets["item"])

    @cached_property
    def funds(self) -> pd.DataFrame:
        return load_funds(self.querysets["fund"], self.filters.as_of)

    @cached_property
    def records(self) -> pd.DataFrame:
        qs = self.querysets
        items = _leveled_counts(qs["item"], ["lead_unit_id"]).rename(columns={"lead_unit_id": "unit_id"})
        milestones = _leveled_counts(qs["milestone"], ["unit_id", "project_id"])
        records = _records(self.filters, self.target_counts, items, milestones, self.funds, qs["project"])
        records["path"] = records["unit_id"].map(dict(zip(self.units["id"], self.units["path"]))).fillna("")
        return records


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=columns)


def scoped(queryset, user):
    """``restrict`` for aggregation: a scope that joins several unit paths (unit staff: lead
    or co-operating) repeats rows, so it becomes a semi-join (``pk IN (…)``) that counts each
    record once; a scope without joins is used as it is."""
    restricted = restrict(queryset, user, READ)
    if restricted.query.distinct:
        return queryset.filter(pk__in=restricted.values("pk"))
    return restricted


def _overdue_now(overdue: Q):
    return Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())


def red_now(queryset):
    """The rows of an annotated item or stage-task queryset that are red: overdue, or with an
    open red warning (the copy on the record, see :func:`_leveled_counts`)."""
    return queryset.filter(Q(overdue_now=True) | Q(warning_level=RED))


def load_snapshot(user, filters: DashboardFilters) -> Snapshot:
    """The units, war zones and scoped querysets for ``user`` under ``filters``; the counts
    are read when a part first asks for them (see :class:`Snapshot`)."""
    units = _frame(restrict(OrgUnit.objects.all(), user, READ).order_by().values_list(
        "id", "name", "short_name", "path", "parent_id", "sort_order"),
        ["id", "name", "short_name", "path", "parent_id", "sort_order"])
    units["label"] = [s or n for s, n in zip(units["short_name"], units["name"])]
    roots = _roots(units, filters)
    groups = _frame(OrgGroup.objects.filter(kind=OrgGroup.Kind.WAR_ZONE).values_list("id", "name").order_by("code"),
                    ["id", "name"])
    members = _frame(OrgGroup.members.through.objects.filter(orggroup__kind=OrgGroup.Kind.WAR_ZONE)
                     .values_list("orggroup_id", "orgunit_id"), ["group_id", "unit_id"])
    if filters.group is not None and filters.group not in set(groups["id"]):
        raise ServiceError(f"战区不存在：{filters.group}。", f"No such war zone: {filters.group}.", field="group")
    if filters.round is not None and not InspectionRound.objects.filter(pk=filters.round).exists():
        raise ServiceError(f"督察轮次不存在：{filters.round}。", f"No such inspection round: {filters.round}.",
                           field="round")
    querysets = build_querysets(user, filters, _subtree_q(units, filters, members))
    return Snapshot(filters, units, roots, groups, members, querysets)


def build_querysets(user, filters: DashboardFilters, subtree) -> dict:
    """The scoped querysets of each model under the filters (year, unit subtree, war zone,
    category, round); nothing is read yet."""
    f, cat = filters, filters.category
    everything_but_items = f.round is not None

    def keep(category):
        return (cat is None or cat == category) and not everything_but_items

    targets = targets_of_year(scoped(Target.objects.active(), user), f.year).filter(subtree("lead_unit"))
    if cat:
        targets = targets.filter(target_category_q(cat))
    if everything_but_items:
        targets = targets.none()
    # Items of every round still open at some point of the year (selections.rounds_live_in);
    # the whole round counts, so its rate is cumulative. Signed off = by the end of as_of.
    live_rounds = list(rounds_live_in(f.year).values_list("pk", flat=True))  # a handful, without a full scan
    items = with_item_state(scoped(RectificationItem.objects.filter(round_id__in=live_rounds), user)
                            .filter(subtree("lead_unit")), f.as_of)
    if f.round is not None:
        items = items.filter(round_id=f.round)
    if not (cat is None or cat == RECTIFICATION):
        items = items.none()
    done = Q(done_on__isnull=False, done_on__lte=f.as_of)
    milestones = (scoped(Milestone.objects.filter(Q(item__isnull=True) | Q(item__deleted_at__isnull=True))
                         .filter(Q(project__isnull=True) | Q(project__deleted_at__isnull=True)), user)
                  .filter(due_on__lte=f.year_end).filter(Q(done_on__isnull=True) | Q(done_on__gte=f.year_start))
                  .filter(subtree("item__lead_unit") | subtree("project__lead_unit"))
                  .annotate(unit_id=Coalesce("item__lead_unit_id", "project__lead_unit_id"),
                            overdue_now=_overdue_now(Q(due_on__lt=f.as_of) & ~done)))
    funds = (scoped(FundAllocation.objects.filter(year=f.year), user).filter(subtree("unit"))
             .annotate(flag_level=Coalesce("warning_level", Value(0))))
    projects = (scoped(Project.objects.all(), user)
                .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=f.year_end), planned_end__gte=f.year_start)
                .filter(subtree("lead_unit")))
    return {"target": targets, "item": items,
            "milestone": milestones if keep(MILESTONES) or keep(PROJECTS) else milestones.none(),
            "fund": funds if keep(FUNDS) or keep(PROJECTS) else funds.none(),
            "project": projects if keep(PROJECTS) else projects.none()}


def _leveled_counts(queryset, keys: list[str]) -> pd.DataFrame:
    """Counts of an item or stage-task queryset by ``keys`` and level, in one GROUP BY over
    the records' own table: overdue → red, else the worst open warning (the copy the flag
    life cycle keeps on the record, ``warning_level``), else green.

    Joining every open warning instead (a GROUP BY of the open flags, hash-joined to the
    rows) took 155–200 ms at 200,000 items and 92,000 flagged ones; the copy, 40 ms
    (docs/performance.md, the dashboard's fifth pass)."""
    counted = (queryset.order_by().values(*keys, "overdue_now", "warning_level").annotate(n=Count("*"))
               .values_list(*keys, "overdue_now", "warning_level", "n"))
    # A few hundred rows: plain tuples, not data frames (merging frames cost more than the SQL).
    levels = defaultdict(int)
    for *key, overdue, worst_level, n in counted:
        overdue = bool(overdue)
        levels[(*key, overdue, RED if overdue else (worst_level or 0))] += n
    out = _frame(((*key, n) for key, n in levels.items()), [*keys, "overdue", "level", "n"])
    return out.astype({"overdue": bool, "level": "float64", "n": "int64"})


def _round_counts(queryset) -> pd.DataFrame:
    """Items by round, signed off and overdue: the sign-off rates and the overdue count."""
    rounds = _frame(queryset.order_by().values("round_id", "signed_now", "overdue_now")
                    .annotate(n=Count("*")).values_list("round_id", "signed_now", "overdue_now", "n"),
                    ["round_id", "signed_off", "overdue", "n"])
    rounds = rounds.astype({"signed_off": bool, "overdue": bool})
    rounds.insert(1, "round", rounds["round_id"].map(round_names(set(rounds["round_id"]))))
    return rounds


def _roots(units: pd.DataFrame, filters: DashboardFilters) -> list[int]:
    """The units the matrix rows hang under: the ``unit`` filter, else the top units of the
    user's scope (units whose parent the user cannot read)."""
    if filters.unit is not None:
        if filters.unit not in set(units["id"]):
            raise ServiceError(f"单位不存在或无权查看：{filters.unit}。",
                               f"No such unit, or not yours to see: {filters.unit}.", field="unit")
        return [filters.unit]
    known = set(units["id"])
    tops = units[~units["parent_id"].isin(known)]
    return [int(i) for i in tops.sort_values(["sort_order", "path"])["id"]]


def _subtree_q(units, filters, members):
    """A function lookup → Q keeping records whose unit lies in the filtered subtrees."""
    paths = None
    if filters.unit is not None:
        paths = list(units.loc[units["id"] == filters.unit, "path"])
    if filters.group is not None:
        member_paths = group_paths(filters.group)
        if paths is not None:  # both: the member subtrees inside the unit's, or the unit inside a member's
            paths = [p for p in member_paths if p.startswith(paths[0])] + [
                paths[0] for m in member_paths if paths[0].startswith(m)]
        else:
            paths = member_paths

    def q(lookup):
        return Q() if paths is None else under_paths(lookup, paths)
    return q


def load_funds(queryset, as_of) -> pd.DataFrame:
    """The year's allocations, one row each, with what was paid out of each up to ``as_of``
    and their level: the worst open warning, red once the execution deadline has passed unmet."""
    rows = (with_paid_by(queryset.order_by(), as_of)
            .values_list("id", "code", "purpose", "unit_id", "project_id", "amount", "paid_by", "target_rate",
                         "allocated_on", "execution_deadline", "flag_level"))
    columns = ["id", "code", "purpose", "unit_id", "project_id", "amount", "paid", "target_rate", "allocated_on",
               "deadline", "flag_level"]
    rows = list(rows)
    # Decimals: float() each, on the tuples before the frame is built (pd.to_numeric is 20×
    # slower, and iterating a frame's object column costs more than the conversion).
    amounts = {name: np.array([np.nan if r[i] is None else float(r[i]) for r in rows], dtype="float64")
               for i, name in enumerate(columns) if name in ("amount", "paid", "target_rate")}
    frame = _frame(rows, columns)
    for name, values in amounts.items():
        frame[name] = values
    frame["target_rate"] = frame["target_rate"].fillna(100.0)
    past = np.array([d < as_of for d in frame["deadline"]], dtype=bool)
    frame["overdue"] = past & (frame["paid"] < frame["amount"] * frame["target_rate"] / 100).to_numpy(dtype=bool)
    frame["level"] = np.where(frame["overdue"], RED, frame["flag_level"]).astype("float64")
    return frame


def _records(filters, targets, items, milestones, funds, projects_qs) -> pd.DataFrame:
    parts = []
    if len(targets):
        parts.append(pd.DataFrame({
            "model": "target", "unit_id": targets["unit_id"],
            "category": [target_category(m, k) for m, k in zip(targets["metric"], targets["kind"])],
            "level": pd.to_numeric(targets["level"], errors="coerce"), "overdue": False, "n": targets["n"]}))
    if len(items):
        parts.append(items.assign(model="item", category=RECTIFICATION)[RECORD_COLUMNS])
    if len(milestones) and (filters.category in (None, MILESTONES)):
        parts.append(milestones.assign(model="milestone", category=MILESTONES)[RECORD_COLUMNS])
    if len(funds) and (filters.category in (None, FUNDS)):
        parts.append(funds.assign(model="fund", category=FUNDS, n=1)[RECORD_COLUMNS])
    projects = _frame(projects_qs.order_by().values_list("id", "lead_unit_id"), ["id", "unit_id"])
    if len(projects):
        worst = pd.concat([milestones.groupby("project_id")["level"].max() if len(milestones) else pd.Series(dtype=float),
                           funds.dropna(subset=["project_id"]).groupby("project_id")["level"].max() if len(funds)
                           else pd.Series(dtype=float)])
        worst = worst.groupby(level=0).max() if len(worst) else worst
        parts.append(pd.DataFrame({"model": "project", "unit_id": projects["unit_id"], "category": PROJECTS,
                                   "level": projects["id"].map(worst).fillna(0.0), "overdue": False, "n": 1}))
    records = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RECORD_COLUMNS)
    records["overdue"] = records["overdue"].astype(bool)
    records["n"] = records["n"].astype("int64")
    return records


def round_names(ids) -> dict[int, str]:
    return dict(InspectionRound.objects.filter(id__in=list(ids)).values_list("id", "name"))
