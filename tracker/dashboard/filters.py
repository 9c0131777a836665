"""The dashboard's filters (筛选) and the links from every figure to the list behind it.

Filters: ``year`` (default: the year of ``as_of``), ``category`` (see :mod:`.categories`),
``unit`` (an ``OrgUnit`` id: that unit's subtree, by lead unit) and ``group`` (an
``OrgGroup`` id, e.g. a war zone 战区: the subtrees of its member units) and ``round`` (an
``InspectionRound`` id: that round's rectification items only). ``as_of`` is the
day the figures are judged for (default today; for a past year, its 31 December).

The list pages live at ``/targets/``, ``/items/`` and ``/funds/`` and take the same
query parameters, so a figure's link is its filters plus what the figure counts.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from tracker.services.errors import ServiceError

from .categories import CATEGORIES

TARGETS_LIST, ITEMS_LIST, FUNDS_LIST = "/targets/", "/items/", "/funds/"


@dataclass(frozen=True)
class DashboardFilters:
    """What a leader narrowed the dashboard to; every figure is computed under these."""

    as_of: date
    year: int
    category: str | None = None
    unit: int | None = None
    group: int | None = None
    round: int | None = None

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    def cache_key(self) -> str:
        return "|".join(str(v or "") for v in (self.as_of.isoformat(), self.year, self.category, self.unit,
                                                 self.group, self.round))

    def query(self, **extra) -> dict:
        """The filters as list-page query parameters, plus ``extra`` (None values dropped)."""
        params = {"year": self.year, "category": self.category, "unit": self.unit, "group": self.group,
                  "round": self.round}
        params.update(extra)
        return {k: v for k, v in params.items() if v is not None and v != ""}

    def link(self, path: str, **extra) -> str:
        """The URL (path + query) of the list behind a figure."""
        return f"{path}?{urlencode(self.query(**extra))}"

    def with_(self, **changes) -> DashboardFilters:
        return replace(self, **changes)


def read_int(params, name, zh, en):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ServiceError(f"{zh}必须是整数：{raw!r}。", f"{en} must be a whole number: {raw!r}.", field=name) from None
    if value <= 0 and name != "year":
        raise ServiceError(f"{zh}必须是正整数：{raw!r}。", f"{en} must be a positive number: {raw!r}.", field=name)
    return value


def parse_filters(params, today: date) -> DashboardFilters:
    """Read the filters from query parameters (a dict or QueryDict). ``today`` is the default
    ``as_of``; bad input raises :class:`ServiceError` in both languages."""
    as_of = today
    raw_as_of = params.get("as_of")
    if raw_as_of not in (None, ""):
        try:
            as_of = date.fromisoformat(str(raw_as_of))
        except ValueError:
            raise ServiceError(f"测算基准日须为 YYYY-MM-DD 格式：{raw_as_of!r}。",
                               f"as_of must be a date YYYY-MM-DD: {raw_as_of!r}.", field="as_of") from None
    year = read_int(params, "year", "年度", "year")
    if year is None:
        year = as_of.year
    if not 2000 <= year <= 2100:
        raise ServiceError(f"年度须在 2000 至 2100 之间：{year}。", f"year must be between 2000 and 2100: {year}.",
                           field="year")
    if year < as_of.year:
        as_of = date(year, 12, 31)
    category = params.get("category") or None
    if category is not None and category not in CATEGORIES:
        raise ServiceError(f"未知的分类：{category!r}（可选：{'、'.join(CATEGORIES)}）。",
                           f"Unknown category {category!r} (one of: {', '.join(CATEGORIES)}).", field="category")
    return DashboardFilters(as_of=as_of, year=year, category=category,
                            unit=read_int(params, "unit", "单位", "unit"), group=read_int(params, "group", "战区", "group"),
                            round=read_int(params, "round", "督察轮次", "round"))
