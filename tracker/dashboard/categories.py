"""Dashboard categories (分类): which column of the four-colour matrix a record falls in.

A target's category follows its metric's catalogue code (``METRIC_CATEGORIES``); a code not
in the table falls back on the target's kind of math (``KIND_CATEGORIES``). Every other
record has one category by its model: rectification items (整改任务) → rectification,
fund allocations (专项资金) → funds, projects (项目) → projects, stage tasks (阶段性任务)
→ milestones. The mapping is documented in docs/dashboard.md.
"""
from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

AIR, WATER, SOIL, FUNDS, RECTIFICATION, PROJECTS, MILESTONES = (
    "air", "water", "soil", "funds", "rectification", "projects", "milestones")

CATEGORIES = {
    AIR: _("大气"),
    WATER: _("水"),
    SOIL: _("土壤与生态"),
    FUNDS: _("专项资金"),
    RECTIFICATION: _("督察整改"),
    PROJECTS: _("重点项目"),
    MILESTONES: _("节点任务"),
}

# Metric catalogue code → category (the demo city's catalogue, fixtures/org.py).
METRIC_CATEGORIES = {
    **dict.fromkeys(("pm25", "pm10", "o3", "no2", "so2", "co", "aqi", "good_day_ratio", "heavy_pollution_days",
                     "heavy_pollution_ratio", "emission_reduction", "rank"), AIR),
    **dict.fromkeys(("water_section_share", "inferior_v_share", "drinking_water_compliance", "water_class"), WATER),
    # 农村生活污水治理 and 废铅蓄电池 are run by the soil and rural-ecology division; forest cover
    # and afforestation are ecology (生态) targets, shown with soil.
    **dict.fromkeys(("plots_count", "lead_battery_collection", "villages_count", "afforestation_area",
                     "forest_cover"), SOIL),
    "fund_execution_rate": FUNDS,
    "rectification_completion": RECTIFICATION,
    "milestone": MILESTONES,
}

# Target kind → category, for metric codes the table above does not know.
KIND_CATEGORIES = {
    "period_mean": AIR, "percentile": AIR, "day_budget": AIR, "day_ratio": AIR, "rank": AIR,
    "site_share": WATER,
    "milestone": MILESTONES,
    "progress": PROJECTS, "baseline_change": PROJECTS,
}

# The categories whose records are targets (the rest are other models, though funds and
# rectification also hold the targets on those metrics).
TARGET_CATEGORIES = (AIR, WATER, SOIL, FUNDS, RECTIFICATION, PROJECTS, MILESTONES)


def target_category(metric_code: str, kind: str) -> str:
    """The category of a target with this metric code and kind of math."""
    return METRIC_CATEGORIES.get(metric_code) or KIND_CATEGORIES.get(kind, PROJECTS)


def target_category_q(category: str) -> Q:
    """A ``Target`` filter selecting the targets of ``category`` (for the target list page
    behind a matrix cell: ``/targets/?category=air``). Same rule as :func:`target_category`."""
    codes = [code for code, cat in METRIC_CATEGORIES.items() if cat == category]
    kinds = [kind for kind, cat in KIND_CATEGORIES.items() if cat == category]
    q = Q(metric__code__in=codes)
    if kinds:
        q |= Q(kind__in=kinds) & ~Q(metric__code__in=list(METRIC_CATEGORIES))
    if category == PROJECTS:  # the fallback for unknown kinds too
        q |= ~Q(kind__in=list(KIND_CATEGORIES)) & ~Q(metric__code__in=list(METRIC_CATEGORIES))
    return q
