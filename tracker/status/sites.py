"""Share-of-sites targets: 国/省考断面水质优良比例 ≥ p, 劣V类比例 ≤ q, 饮用水源达标率 = 100%.

Each site (断面 section, 水源地 source) counts by its latest water-quality class
(GB 3838: I..V, 劣V as 6). The share meeting — or failing — the class standard is
compared with the target, and the failing sites are named so the responsible
county knows where to act.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from .days import count_allowed, count_needed, ratio_as_fraction
from .evaluation import Evaluation, Level, Reason, Thresholds, fmt_share, value_unknown
from .series import CLASS_LABELS, as_date, latest_site_classes, water_class_number
from .spec import Comparator, TargetSpec


def _class_label(number: float) -> str:
    return CLASS_LABELS.get(int(number), str(number))


def evaluate_site_share(
    spec: TargetSpec,
    site_classes: pd.Series | dict | pd.DataFrame | None,
    as_of: date,
    thresholds: Thresholds | None = None,
    site_standards: pd.Series | dict | None = None,
) -> Evaluation:
    """Share of sites meeting (``>=``, ``=``) or failing (``<=``) the class standard, against the target.

    ``site_classes`` maps site → latest class; a long DataFrame [site, date, value]
    is reduced to the latest class per site on or before ``as_of`` first. The
    standard is ``spec.site_class_limit`` (default III for ``>=``/``=``, V for ``<=``,
    i.e. the 劣V share). With no ``site_class_limit`` and ``site_standards`` given
    (site → its own 水质目标类别), a ``>=``/``=`` target judges each site against its
    own standard instead (达标率); sites without one fall back to the default. Short of
    the target while time remains is serious (orange): a section's class does not turn
    around in weeks. Once past the deadline, short
    of it is missed (red).
    """
    name = spec.name
    if spec.target_value is None:
        return value_unknown(name)
    if spec.comparator not in (Comparator.AT_LEAST, Comparator.EQUAL, Comparator.AT_MOST):
        raise ValueError(f"site shares use >=, = or <=; got {spec.comparator}")
    as_of = as_date(as_of)
    counts_failing = spec.comparator == Comparator.AT_MOST
    limit = spec.site_class_limit or (5 if counts_failing else 3)
    per_site = site_standards is not None and spec.site_class_limit is None and not counts_failing
    if isinstance(site_classes, pd.DataFrame):
        site_classes = latest_site_classes(site_classes, as_of)
    classes = pd.Series(site_classes if site_classes is not None else {}, dtype="object")
    classes.index = classes.index.map(str)  # site codes may arrive as numbers or text
    classes = classes.map(water_class_number).astype("float64").dropna().sort_index()
    share_target = ratio_as_fraction(spec.target_value, spec.unit)
    total = len(classes)
    limits = pd.Series(float(limit), index=classes.index)
    standards: dict[str, str] = {}
    if per_site:
        own = pd.Series(site_standards, dtype="object")
        own.index = own.index.map(str)
        own = own.map(water_class_number).astype("float64").dropna()
        limits = own.reindex(classes.index).fillna(float(limit))
        standards = {str(site): _class_label(c) for site, c in limits.items()}
    failing = classes[classes > limits]
    counted = len(failing) if counts_failing else total - len(failing)
    share = counted / total if total else None
    if counts_failing:
        allowed = count_allowed(share_target, total)
        to_improve = max(counted - allowed, 0)
    else:
        needed = count_needed(share_target, total)
        to_improve = max(needed - counted, 0)
    figures = {
        "as_of": as_of,
        "deadline": spec.due,
        "target_value": share_target,
        "class_limit": None if per_site else _class_label(limit),
        "site_standards": standards,
        "sites_total": total,
        "sites_counted": counted,
        "observed_value": share,
        "required_remaining_count": to_improve,
        "failing_sites": [str(site) for site in failing.index],
        "failing_site_classes": {str(site): _class_label(c) for site, c in failing.items()},
    }
    if total == 0:
        return Evaluation(
            Level.YELLOW,
            Reason.NO_DATA,
            f"{name}尚无断面/点位水质类别数据，无法评估。",
            f"No site classes are known for {name}; it cannot be judged.",
            figures,
        )
    measured_zh = (
        f"劣于 {_class_label(limit)} 类比例" if counts_failing else f"达到 {_class_label(limit)} 类及以上比例"
    )
    measured_en = (
        f"share worse than class {_class_label(limit)}"
        if counts_failing
        else (f"share at class {_class_label(limit)} or better")
    )
    if per_site:
        measured_zh, measured_en = "达到各自水质目标类别比例", "share meeting each site's own class standard"
    sign = "≤" if counts_failing else "≥"
    met = to_improve == 0
    listing = "、".join(f"{site}（{cls}类）" for site, cls in figures["failing_site_classes"].items())
    listing_en = ", ".join(f"{site} ({cls})" for site, cls in figures["failing_site_classes"].items())
    head_zh = (
        f"{name}：{total} 个点位中{measured_zh}为 {fmt_share(share)}（{counted} 个），"
        f"目标 {sign} {fmt_share(share_target)}"
    )
    head_en = (
        f"{name}: the {measured_en} is {fmt_share(share)} ({counted} of {total}) "
        f"against {sign} {fmt_share(share_target)}"
    )
    if failing.empty:
        tail_zh, tail_en = "，全部点位达标。", "; every site meets the standard."
    else:
        tail_zh, tail_en = f"；未达标：{listing}。", f"; failing: {listing_en}."
    due = spec.due
    if due is not None and as_of > due:
        return Evaluation(
            Level.GREEN if met else Level.RED,
            Reason.ACHIEVED if met else Reason.MISSED,
            head_zh + f"，考核期已结束，{'达到' if met else '未达到'}目标" + tail_zh,
            head_en + f"; the period is over and the target was {'met' if met else 'missed'}" + tail_en,
            figures,
        )
    if met:
        return Evaluation(Level.GREEN, Reason.ON_TRACK, head_zh + tail_zh, head_en + tail_en, figures)
    return Evaluation(
        Level.ORANGE,
        Reason.BELOW_TARGET,
        head_zh + f"，尚差 {to_improve} 个点位" + tail_zh,
        head_en + f"; {to_improve} more site(s) must meet the standard" + tail_en,
        figures,
    )
