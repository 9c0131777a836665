"""Loading the ledger for the dashboard: set-based and scoped.

Every query here is narrowed by :func:`tracker.access.restrict` first, then by the
filters; each model is read in one query, so the number of queries is the same for a
county with ten records and a province with ten thousand. The result is a
:class:`Snapshot` of plain pandas frames that the pure functions of :mod:`.figures` read.

A record's level (四色预警):

- target (目标指标): the level the status engine stored (``Target.level``); never
  evaluated yet → no level (counted as 未测算);
- rectification item, stage task, fund (整改任务/阶段性任务/专项资金): the worst open warning
  (``Flag``) on it from the last scan, and red when it is overdue on ``as_of`` even before
  the next scan (overdue is derived from the deadline, never typed);
- project (项目): the worst level of its stage tasks and its funds (green when it has none).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q, Sum, Value
from django.db.models.functions import Coalesce

from tracker.access import READ, restrict
from tracker.models import (
    Flag,
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

from . import figures
from .categories import FUNDS, MILESTONES, PROJECTS, RECTIFICATION, target_category
from .filters import DashboardFilters

RED = 3
RECORD_COLUMNS = ["model", "id", "label", "unit_id", "category", "level", "deadline", "overdue"]


@dataclass
class Snapshot:
    """The scoped, filtered ledger as frames.

    ``units`` [id, name, path, parent_id, sort_order] are the units the user may read;
    ``roots`` the ids the matrix rows hang under; ``groups`` [id, name] the war zones and
    ``members`` [group_id, unit_id]; ``records`` one row per target, item, stage task, fund
    and project (``RECORD_COLUMNS`` plus ``path``); ``items`` and ``funds`` the detail the
    headline and charts need; ``targets`` the scoped target queryset (for sub-queries).
    """

    filters: DashboardFilters
    units: pd.DataFrame
    roots: list[int]
    groups: pd.DataFrame
    members: pd.DataFrame
    records: pd.DataFrame
    items: pd.DataFrame
    funds: pd.DataFrame
    targets: object


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=columns)


def load_snapshot(user, filters: DashboardFilters) -> Snapshot:
    """Read everything the dashboard shows for ``user`` under ``filters`` (a fixed number of queries)."""
    units = _frame(restrict(OrgUnit.objects.all(), user, READ).values_list("id", "name", "short_name", "path",
                                                                              "parent_id", "sort_order"),
                   ["id", "name", "short_name", "path", "parent_id", "sort_order"])
    units["label"] = units["short_name"].where(units["short_name"].astype(bool), units["name"]) if len(units) else []
    roots = _roots(units, filters)
    groups = _frame(OrgGroup.objects.filter(kind=OrgGroup.Kind.WAR_ZONE).values_list("id", "name").order_by("code"),
                    ["id", "name"])
    members = _frame(OrgGroup.members.through.objects.filter(orggroup__kind=OrgGroup.Kind.WAR_ZONE)
                     .values_list("orggroup_id", "orgunit_id"), ["group_id", "unit_id"])
    if filters.group is not None and filters.group not in set(groups["id"]):
        raise ServiceError(f"战区不存在：{filters.group}。", f"No such war zone: {filters.group}.", field="group")
    subtree = _subtree_q(units, filters, members)

    targets = restrict(Target.objects.active(), user, READ).filter(
        period_start__lte=filters.year_end, period_end__gte=filters.year_start).filter(subtree("lead_unit"))
    target_rows = _frame(targets.values_list("id", "code", "title", "lead_unit_id", "metric__code", "kind", "level",
                                             "deadline"),
                         ["id", "code", "title", "unit_id", "metric", "kind", "level", "deadline"])
    items = _load_items(user, filters, subtree)
    milestones = _frame(
        restrict(Milestone.objects.filter(Q(item__isnull=True) | Q(item__deleted_at__isnull=True))
                 .filter(Q(project__isnull=True) | Q(project__deleted_at__isnull=True)), user, READ)
        .annotate(unit_id=Coalesce("item__lead_unit_id", "project__lead_unit_id"))
        .filter(due_on__lte=filters.year_end).filter(Q(done_on__isnull=True) | Q(done_on__gte=filters.year_start))
        .filter(subtree("item__lead_unit") | subtree("project__lead_unit"))
        .values_list("id", "title", "unit_id", "due_on", "done_on", "project_id"),
        ["id", "title", "unit_id", "deadline", "done_on", "project_id"])
    funds = _load_funds(user, filters, subtree)
    projects = _frame(restrict(Project.objects.all(), user, READ)
                      .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=filters.year_end),
                              planned_end__gte=filters.year_start).filter(subtree("lead_unit"))
                      .values_list("id", "name", "lead_unit_id", "planned_end"),
                      ["id", "name", "unit_id", "deadline"])
    flags = _open_flag_levels()
    records = _records(filters, units, target_rows, items, milestones, funds, projects, flags)
    if filters.category:
        records = records[records["category"] == filters.category]
        if filters.category != RECTIFICATION:
            items = items.iloc[0:0]
        if filters.category != FUNDS:
            funds = funds.iloc[0:0]
    return Snapshot(filters, units, roots, groups, members, records.reset_index(drop=True), items, funds, targets)


def _roots(units: pd.DataFrame, filters: DashboardFilters) -> list[int]:
    """The unit the matrix rows hang under: the ``unit`` filter, else the top units of the
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
        member_ids = set(members.loc[members["group_id"] == filters.group, "unit_id"])
        member_paths = list(OrgUnit.objects.filter(id__in=member_ids).values_list("path", flat=True))
        if paths is not None:  # both: the member subtrees inside the unit's subtree (or the unit inside a member's)
            paths = [p for p in member_paths if p.startswith(paths[0])] + [
                paths[0] for m in member_paths if paths[0].startswith(m)]
        else:
            paths = member_paths

    def q(lookup):
        if paths is None:
            return Q()
        if not paths:
            return Q(pk__in=[])
        result = Q(pk__in=[])
        for path in paths:
            result |= Q(**{f"{lookup}__path__startswith": path})
        return result
    return q


def _load_items(user, filters, subtree) -> pd.DataFrame:
    """Rectification items of every round still open at some point of the year (a round
    from that year or before with an item not signed off before the year began). A round
    counts all its items, so its sign-off rate is cumulative (40 of 53 since the feedback);
    an item counts as signed off when it was signed off by ``as_of``."""
    live = RectificationItem.objects.filter(round__year__lte=filters.year).filter(
        Q(signed_off_at__isnull=True) | Q(signed_off_at__date__gte=filters.year_start))
    rows = (restrict(RectificationItem.objects.filter(round_id__in=live.values("round_id")), user, READ)
            .filter(subtree("lead_unit"))
            .values_list("id", "round_id", "round__name", "number", "problem", "lead_unit_id", "state", "deadline",
                         "round__feedback_on", "round__year", "signed_off_at"))
    items = _frame(rows, ["id", "round_id", "round", "number", "problem", "unit_id", "state", "deadline",
                          "feedback_on", "round_year", "signed_off_at"])
    # An item is on the list from its round's feedback day (反馈), else from 1 January of the round's year.
    items["listed_on"] = [pd.Timestamp(f) if f is not None and not pd.isna(f) else pd.Timestamp(y, 1, 1)
                          for f, y in zip(items["feedback_on"], items["round_year"])]
    signed_on = figures.local_days(items["signed_off_at"])
    items["signed_off"] = ((items["state"] == RectificationItem.State.SIGNED_OFF)
                           & (signed_on <= pd.Timestamp(filters.as_of))).astype(bool)
    return items


def _load_funds(user, filters, subtree) -> pd.DataFrame:
    """The year's allocations with what was paid out of each up to ``as_of``."""
    paid = Q(disbursements__deleted_at__isnull=True, disbursements__paid_on__lte=filters.as_of)
    funds = (restrict(FundAllocation.objects.filter(year=filters.year), user, READ).filter(subtree("unit"))
             .annotate(paid=Coalesce(Sum("disbursements__amount", filter=paid), Value(Decimal(0)),
                                     output_field=FundAllocation._meta.get_field("amount")))
             .values_list("id", "code", "purpose", "unit_id", "project_id", "amount", "paid", "target_rate",
                          "allocated_on", "execution_deadline"))
    frame = _frame(funds, ["id", "code", "purpose", "unit_id", "project_id", "amount", "paid", "target_rate",
                           "allocated_on", "deadline"])
    for column in ("amount", "paid", "target_rate"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["target_rate"] = frame["target_rate"].fillna(100.0)
    return frame


def _open_flag_levels() -> dict[str, dict[int, int]]:
    """The worst open warning per subject, for the models whose level comes from the scans."""
    models = {"item": RectificationItem, "milestone": Milestone, "fund": FundAllocation}
    cts = {ContentType.objects.get_for_model(model).id: name for name, model in models.items()}
    levels: dict[str, dict[int, int]] = {name: {} for name in models}
    for ct_id, subject_id, level in (Flag.objects.filter(cleared_at__isnull=True, subject_type_id__in=list(cts))
                                     .values_list("subject_type_id", "subject_id").annotate(level=Max("level"))
                                     .values_list("subject_type_id", "subject_id", "level")):
        levels[cts[ct_id]][subject_id] = level
    return levels


def _records(filters, units, targets, items, milestones, funds, projects, flags) -> pd.DataFrame:
    as_of = filters.as_of
    parts = []
    if len(targets):
        parts.append(pd.DataFrame({
            "model": "target", "id": targets["id"], "label": targets["code"] + " " + targets["title"],
            "unit_id": targets["unit_id"],
            "category": [target_category(m, k) for m, k in zip(targets["metric"], targets["kind"])],
            "level": pd.to_numeric(targets["level"], errors="coerce"), "deadline": targets["deadline"],
            "overdue": False}))
    if len(items):
        overdue = ~items["signed_off"] & (items["deadline"] < as_of)
        parts.append(pd.DataFrame({
            "model": "item", "id": items["id"], "label": items["round"] + "第" + items["number"] + "项",
            "unit_id": items["unit_id"], "category": RECTIFICATION,
            "level": _flag_level(items["id"], flags["item"], overdue), "deadline": items["deadline"],
            "overdue": overdue}))
    milestone_levels = pd.Series(dtype="float64")
    if len(milestones):
        overdue = milestones["done_on"].isna() & (milestones["deadline"] < as_of)
        milestone_levels = _flag_level(milestones["id"], flags["milestone"], overdue)
        parts.append(pd.DataFrame({
            "model": "milestone", "id": milestones["id"], "label": milestones["title"],
            "unit_id": milestones["unit_id"], "category": MILESTONES, "level": milestone_levels,
            "deadline": milestones["deadline"], "overdue": overdue}))
    fund_levels = pd.Series(dtype="float64")
    if len(funds):
        unmet = (funds["deadline"] < as_of) & (funds["paid"] < funds["amount"] * funds["target_rate"] / 100)
        fund_levels = _flag_level(funds["id"], flags["fund"], unmet)
        parts.append(pd.DataFrame({
            "model": "fund", "id": funds["id"], "label": funds["purpose"].where(funds["purpose"] != "", funds["code"]),
            "unit_id": funds["unit_id"], "category": FUNDS, "level": fund_levels, "deadline": funds["deadline"],
            "overdue": unmet}))
    if len(projects):
        worst = pd.concat([
            pd.Series(milestone_levels.to_numpy(), index=milestones["project_id"].to_numpy()) if len(milestones)
            else pd.Series(dtype="float64"),
            pd.Series(fund_levels.to_numpy(), index=funds["project_id"].to_numpy()) if len(funds)
            else pd.Series(dtype="float64"),
        ])
        worst = worst[worst.index.notna()].groupby(level=0).max()
        parts.append(pd.DataFrame({
            "model": "project", "id": projects["id"], "label": projects["name"], "unit_id": projects["unit_id"],
            "category": PROJECTS, "level": projects["id"].map(worst).fillna(0.0), "deadline": projects["deadline"],
            "overdue": False}))
    records = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=RECORD_COLUMNS)
    paths = dict(zip(units["id"], units["path"]))
    records["path"] = records["unit_id"].map(paths).fillna("")
    records["overdue"] = records["overdue"].astype(bool)
    return records


def _flag_level(ids: pd.Series, levels: dict[int, int], red_floor: pd.Series) -> pd.Series:
    flagged = ids.map(levels).fillna(0.0).astype("float64")
    return pd.Series(np.where(red_floor.to_numpy(dtype=bool), np.maximum(flagged.to_numpy(), RED), flagged.to_numpy()),
                     index=ids.index)


def round_names(ids) -> dict[int, str]:
    return dict(InspectionRound.objects.filter(id__in=list(ids)).values_list("id", "name"))
