"""The dashboard's figures (驾驶舱): headline, four-colour matrix and ranking (红黑榜).

Each function takes a :class:`~.loading.Snapshot` (or loads one for a user) and returns a
JSON-ready dict in which every figure carries ``link``: the path and query of the list
behind it. The math is in :mod:`.figures`; this module only names and links it.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache

import pandas as pd
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from tracker.models import (
    LEVEL_COLOURS,
    FlagEvent,
    FundAllocation,
    Level,
    Milestone,
    RectificationItem,
    TargetStatusChange,
)

from . import figures
from .categories import CATEGORIES, FUNDS, MILESTONES, PROJECTS, RECTIFICATION
from .filters import FUNDS_LIST, ITEMS_LIST, TARGETS_LIST, DashboardFilters
from .loading import Snapshot, load_snapshot


@lru_cache(maxsize=64)
def _level_name(level, language):
    return str(Level(level).label) if level is not None else _("未测算")


def level_entry(level, count, link, language=None):
    # the matrix asks for a name about 2,500 times: translated once per level and language
    # (``language``: the caller's, read once, instead of asking the translation machinery each time)
    name = _level_name(level, language or translation.get_language())
    if level is None:
        return {"level": None, "name": name, "colour": "grey", "count": count, "link": link}
    return {"level": level, "name": name, "colour": LEVEL_COLOURS[level], "count": count, "link": link}


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def summary(snapshot: Snapshot, user) -> dict:
    """Headline figures: targets by colour, sign-off per round and overall, fund execution
    against the year-end target and the expected path, overdue items, new reds since yesterday."""
    f = snapshot.filters
    targets = snapshot.target_counts
    counts = figures.level_counts(pd.to_numeric(targets["level"], errors="coerce"), targets["n"])
    levels = [level_entry(lv, counts[lv], f.link(TARGETS_LIST, level=lv)) for lv in figures.LEVELS]
    rounds = figures.sign_off_by_round(snapshot.items)
    total, signed = int(rounds["total"].sum()), int(rounds["signed_off"].sum())
    # The funds are loaded for the projects category too (a project's level), but counted here
    # only when funds are shown at all.
    funds = figures.fund_execution(snapshot.funds if f.category in (None, FUNDS) else snapshot.funds.iloc[0:0],
                                   f.as_of)
    overdue = int(snapshot.items.loc[snapshot.items["overdue"], "n"].sum())
    return {
        "as_of": f.as_of.isoformat(),
        "filters": f.query(),
        "targets": {"total": int(targets["n"].sum()), "levels": levels,
                    "unevaluated": level_entry(None, counts[None], f.link(TARGETS_LIST, level="none")),
                    "link": f.link(TARGETS_LIST)},
        "rectification": {
            "rounds": [{"round_id": int(r.round_id), "name": r.round, "total": int(r.total),
                        "signed_off": int(r.signed_off), "rate": r.rate, "link": f.link(ITEMS_LIST, round=int(r.round_id))}
                       for r in rounds.itertuples()],
            "overall": {"total": total, "signed_off": signed, "rate": figures.percent(signed, total),
                        "link": f.link(ITEMS_LIST)},
        },
        "funds": {**figures.weighted_execution(funds), "count": len(funds), "unit": "万元",
                  "link": f.link(FUNDS_LIST)},
        "overdue_items": {"count": overdue, "link": f.link(ITEMS_LIST, overdue=1)},
        "new_reds": new_reds(snapshot, user),
    }


# The headline lists at most this many of the new reds (the count is of all of them): on a
# first pass at province scale tens of thousands of records turn red on one day.
NEW_REDS_LISTED = 50


def new_reds(snapshot: Snapshot, user, *, from_history: bool | None = None) -> dict:
    """What turned red since the start of yesterday (as of ``as_of``): targets whose level
    became red (``TargetStatusChange``), and items, stage tasks and funds whose warning was
    raised or escalated to red. ``count`` is of every such record in scope; ``records`` lists
    the first :data:`NEW_REDS_LISTED` (funds, items, stage tasks, then targets, each by id).
    Two queries per kind of record, whatever the number of reds.

    On today's dashboard an item, stage task or fund counts when it is red now and its copy
    of the worst open warning (``warning_level_since``) turned red in the window — read off
    the record's own row. For an earlier day, when every raise or escalation to red in the
    window (``FlagEvent``) counts, the history is read instead (a red since cleared counts
    there, as it was red that day). ``from_history`` forces one way or the other."""
    f, qs = snapshot.filters, snapshot.querysets
    since, until = _midnight(f.as_of - timedelta(days=1)), _midnight(f.as_of + timedelta(days=1))
    # qs[…] is scoped by the access rule and the filters already, so the reds within it are too.
    turned_red = {"target": Q(pk__in=TargetStatusChange.objects.filter(
        new_level=Level.RED, created_at__gte=since, created_at__lt=until).exclude(old_level=Level.RED)
        .values("target_id"))}
    if from_history is None:
        from_history = f.as_of != timezone.localdate()
    for model, subject in (("item", RectificationItem), ("milestone", Milestone), ("fund", FundAllocation)):
        if not from_history:
            turned_red[model] = Q(warning_level=Level.RED, warning_level_since__gte=since,
                                  warning_level_since__lt=until)
        else:
            turned_red[model] = Q(pk__in=FlagEvent.objects.filter(
                flag__subject_type_id=ContentType.objects.get_for_model(subject).id, new_level=Level.RED,
                at__gte=since, at__lt=until, event__in=[FlagEvent.Event.RAISED, FlagEvent.Event.ESCALATED],
            ).values("flag__subject_id"))
    labels = {"target": ("code", "title"), "item": ("round__name", "number"), "milestone": ("title",),
              "fund": ("purpose", "code")}
    count, rows = 0, []
    for model in sorted(turned_red):
        reds = qs[model].filter(turned_red[model]).order_by("pk")
        count += reds.count()
        room = NEW_REDS_LISTED - len(rows)
        if room <= 0:
            continue
        for pk, *words in reds.values_list("pk", *labels[model])[:room]:
            rows.append({"model": model, "id": int(pk), "label": _red_label(model, words),
                         "link": _record_link(f, model, pk)})
    # No list filters "turned red since": the records are listed here, each with its own link.
    return {"count": count, "since": (f.as_of - timedelta(days=1)).isoformat(), "records": rows,
            "listed": len(rows), "link": None}


def _red_label(model, words) -> str:
    if model == "target":
        return f"{words[0]} {words[1]}"
    if model == "item":
        return f"{words[0]}第{words[1]}项"
    return words[0] or words[-1]


def _record_link(f: DashboardFilters, model, pk):
    return {"target": f"{TARGETS_LIST}{pk}/", "item": f"{ITEMS_LIST}{pk}/"}.get(
        model, f.link(FUNDS_LIST) if model == "fund" else f.link(TARGETS_LIST, category="milestones"))


# The list page of each kind of record in a cell; stage tasks (阶段性任务) and projects have
# no list page of their own yet, so their share of a cell is shown without a link.
PART_LISTS = {"target": TARGETS_LIST, "item": ITEMS_LIST, "fund": FUNDS_LIST}
PART_NAMES = {"target": _("目标指标"), "item": _("整改任务"), "fund": _("资金"), "milestone": _("节点任务"),
              "project": _("项目")}
# The kind of record a category is about, listed first in its cell.
MAIN_PART = {RECTIFICATION: "item", FUNDS: "fund", MILESTONES: "milestone", PROJECTS: "project"}


def part_link(f: DashboardFilters, model: str, category: str, **where) -> str | None:
    """The list of one kind of record in a matrix cell: targets of the category, items,
    funds; None for stage tasks and projects (no list page)."""
    path = PART_LISTS.get(model)
    if path is None:
        return None
    if model == "target":
        return f.link(path, category=category, **where)
    return f.link(path, **where)


def row_where(row_key: str, row_id: int, roots) -> dict:
    """The list filters of a matrix row: a war zone's ``group``; a unit's subtree, or only
    the unit itself (``own_unit``) on a root's own row (本级)."""
    if row_key == "group":
        return {"group": row_id}
    return {"own_unit": row_id} if row_id in roots else {"unit": row_id}


def _by_row(cells: pd.DataFrame, parts: pd.DataFrame) -> dict:
    """The matrix cells as plain dicts, row → category → (cell, [parts]), read once (the
    frames are a few hundred rows; row-wise pandas access would cost more than the SQL)."""
    out: dict = {}
    for cell in cells.to_dict("records"):
        out.setdefault(int(cell["row"]), {})[cell["category"]] = (cell, [])
    for part in parts.to_dict("records"):
        out[int(part["row"])][part["category"]][1].append(part)
    return out


def _cells(f, row_cells: dict, where) -> dict:
    """The cells of one matrix row; each cell also split into ``parts`` by kind of record,
    each with its own list link and counts, so every link lists exactly what it counts."""
    out = {}
    language = translation.get_language()
    for category, (cell, parts) in row_cells.items():
        worst = None if pd.isna(cell["worst"]) else int(cell["worst"])
        main = MAIN_PART.get(category, "target")
        cell_parts = sorted(({
            "model": p["model"], "name": str(PART_NAMES[p["model"]]), "total": int(p["total"]),
            "link": part_link(f, p["model"], category, **where),
            "counts": [level_entry(lv, int(p[f"n{lv}"]), part_link(f, p["model"], category, level=lv, **where),
                                   language) for lv in figures.LEVELS],
        } for p in parts), key=lambda part: (part["model"] != main, part["model"]))
        linked = [part for part in cell_parts if part["link"]]
        out[category] = {
            "level": worst, "colour": LEVEL_COLOURS.get(worst, "grey"), "total": int(cell["total"]),
            "unevaluated": int(cell["unevaluated"]), "link": linked[0]["link"] if linked else None,
            "parts": cell_parts,
            "counts": [level_entry(lv, int(cell[f"n{lv}"]), None, language) for lv in figures.LEVELS],
        }
    return out


def unit_rows(snapshot: Snapshot, paths: pd.Series | None = None) -> tuple[pd.Series, dict[int, str]]:
    """The matrix row of each record (or of each unit path in ``paths``) and the rows'
    names (a root's own records: "（本级）")."""
    units = snapshot.units.set_index("id")
    roots = {r: units.at[r, "path"] for r in snapshot.roots}
    rows = figures.row_of_records(snapshot.records["path"] if paths is None else paths, roots)
    names = {int(i): str(label) for i, label in zip(units.index, units["label"])}
    for root in roots:
        names[root] = _("%(unit)s（本级）") % {"unit": names[root]}
    return rows, names


def _row_order(snapshot: Snapshot, ids) -> list[int]:
    units = snapshot.units.set_index("id")
    roots = set(snapshot.roots)
    return sorted((int(i) for i in ids), key=lambda i: (i not in roots, units.at[i, "sort_order"], units.at[i, "path"]))


def matrix(snapshot: Snapshot) -> dict:
    """四色矩阵: units (the children of the scope's top units, and each top unit's own level)
    and war zones × categories; each cell the worst level, the count per level and links."""
    f, records = snapshot.filters, snapshot.records
    rows, names = unit_rows(snapshot)
    roots = set(snapshot.roots)
    unit_frame = records.assign(row=rows).dropna(subset=["row"]).astype({"row": "int64"})
    unit_cells = _by_row(figures.matrix_cells(unit_frame),
                         figures.matrix_cells(unit_frame, keys=("row", "category", "model")))
    zone_pairs = figures.zone_rows(records["path"], snapshot.members)
    zone_frame = records.loc[zone_pairs["record"]].assign(row=zone_pairs["group_id"].to_numpy())
    zone_cells = _by_row(figures.matrix_cells(zone_frame),
                         figures.matrix_cells(zone_frame, keys=("row", "category", "model")))
    categories = [f.category] if f.category else list(CATEGORIES)
    return {
        "as_of": f.as_of.isoformat(), "filters": f.query(),
        "categories": [{"key": key, "name": str(CATEGORIES[key])} for key in categories],
        "units": [{"id": uid, "name": names[uid], "link": f.link(TARGETS_LIST, **row_where("unit", uid, roots)),
                   "cells": _cells(f, unit_cells[uid], row_where("unit", uid, roots))}
                  for uid in _row_order(snapshot, set(unit_cells))],
        "zones": [{"id": int(z.id), "name": z.name, "link": f.link(TARGETS_LIST, group=int(z.id)),
                   "cells": _cells(f, zone_cells[int(z.id)], {"group": int(z.id)})}
                  for z in snapshot.groups.itertuples() if int(z.id) in zone_cells],
    }


def ranking(snapshot: Snapshot, top: int = 3) -> dict:
    """红黑榜: units and war zones ranked by the score of :func:`figures.ranking_scores`; the
    red list (红榜) is the best ``top`` units, the black list (黑榜) the worst ``top`` (worst
    first), each at most half the ranked units so no unit is on both."""
    f, records = snapshot.filters, snapshot.records
    rows, names = unit_rows(snapshot)
    units = figures.ranking_scores(records.assign(row=rows).dropna(subset=["row"]).astype({"row": "int64"}))
    pairs = figures.zone_rows(records["path"], snapshot.members)
    zones = figures.ranking_scores(records.loc[pairs["record"]].assign(row=pairs["group_id"].to_numpy()))
    zone_names = dict(zip(snapshot.groups["id"], snapshot.groups["name"]))

    def table(frame, label, key):
        return [{"rank": int(r.rank), "id": int(r.row), "name": label[int(r.row)], "score": float(r.score),
                 "records": int(r.records), "red": int(r.red), "orange": int(r.orange), "yellow": int(r.yellow),
                 "green": int(r.green), "penalty": int(r.penalty), "link": f.link(TARGETS_LIST, **row_where(key, int(r.row), set(snapshot.roots)))}
                for r in frame.itertuples()]

    unit_table, zone_table = table(units, names, "unit"), table(zones, zone_names, "group")
    shown = min(top, len(unit_table) // 2)  # 红榜 the best, 黑榜 the worst, never the same unit on both
    return {
        "as_of": f.as_of.isoformat(), "filters": f.query(),
        "score": _("得分 = 100 ×（1 − 扣分 ÷（3 × 事项数）），红色扣 3 分、橙色 2 分、黄色 1 分、绿色 0 分；"
                   "同分时红色少者、事项多者在前。"),
        "units": unit_table, "zones": zone_table,
        "red_list": unit_table[:shown],
        "black_list": list(reversed(unit_table[len(unit_table) - shown:])) if shown else [],
    }


PARTS = ("summary", "matrix", "ranking")


def compute_part(snapshot: Snapshot, user, part: str) -> dict:
    """One part ("summary", "matrix", "ranking") of a loaded snapshot."""
    if part == "summary":
        return summary(snapshot, user)
    if part == "matrix":
        return matrix(snapshot)
    return ranking(snapshot)


def dashboard_for(user, filters: DashboardFilters, part: str) -> dict:
    """Load and compute one part ("summary", "matrix", "ranking") for ``user``."""
    return compute_part(load_snapshot(user, filters), user, part)


def dashboard_parts(user, filters: DashboardFilters, cached) -> dict:
    """Every part for the page, each through ``cached(user, part, filters, compute)``
    (:func:`.cache.cached`); the parts not in the cache are computed from one snapshot,
    loaded at most once (the page used to load it once per part)."""
    loaded = []

    def compute(part):
        if not loaded:
            loaded.append(load_snapshot(user, filters))
        return compute_part(loaded[0], user, part)
    return {part: cached(user, part, filters, lambda part=part: compute(part)) for part in PARTS}
