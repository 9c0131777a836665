"""The dashboard's filters (筛选) and the links from every figure to the list behind it.

Filters: ``year`` (default: the year of ``as_of``), ``category`` (see :mod:`.categories`),
``unit`` (an ``OrgUnit`` id: that unit's subtree, by lead unit) and ``group`` (an
``OrgGroup`` id, e.g. a war zone 战区: the subtrees of its member units) and ``round`` (an
``InspectionRound`` id: that round's rectification items only). ``as_of`` is the
day the figures are judged for (default today; for a past year, its 31 December).

The list pages live at ``/targets/``, ``/items/`` and ``/funds/`` and take the same
query parameters (``api.filtersets``, which select rows by the rules of :mod:`.selections`),
so a figure's link is the filters that list understands plus what the figure counts: the
target list takes year, category, unit and group; the item list year, unit, group, round
and as_of; the fund list year, unit, group and as_of. When the filters leave a list's kind of
record out altogether (a category other than rectification for items, other than funds for
funds; a round for targets and funds), its figures are 0 and carry no link. ``as_of`` goes into links only when
it is not today (a past year, or asked for), since the lists judge overdue for today.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from tracker.services.errors import ServiceError

from .categories import CATEGORIES, FUNDS, RECTIFICATION

TARGETS_LIST, ITEMS_LIST, FUNDS_LIST = "/targets/", "/items/", "/funds/"

# The dashboard filters each list page understands (see api.filtersets).
LIST_FILTERS = {
    TARGETS_LIST: ("year", "category", "unit", "group"),
    ITEMS_LIST: ("year", "unit", "group", "round", "as_of"),
    FUNDS_LIST: ("year", "unit", "group", "as_of"),
}


@dataclass(frozen=True)
class DashboardFilters:
    """What a leader narrowed the dashboard to; every figure is computed under these."""

    as_of: date
    year: int
    category: str | None = None
    unit: int | None = None
    group: int | None = None
    round: int | None = None
    as_of_given: bool = False  # as_of is not today: the links must carry it

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
                  "round": self.round, "as_of": self.as_of.isoformat() if self.as_of_given else None}
        params.update(extra)
        return {k: v for k, v in params.items() if v is not None and v != ""}

    def shows(self, path: str) -> bool:
        """Whether the filters keep any record of the list at ``path``."""
        if path == TARGETS_LIST:
            return self.round is None
        if path == ITEMS_LIST:
            return self.category in (None, RECTIFICATION)
        if path == FUNDS_LIST:
            return self.round is None and self.category in (None, FUNDS)
        return True

    def link(self, path: str, **extra) -> str | None:
        """The URL (path + query) of the list behind a figure: the filters that list
        understands (:data:`LIST_FILTERS`) plus ``extra``; None when the filters keep no
        record of that list (see :meth:`shows`)."""
        if not self.shows(path):
            return None
        base, encoded = _list_query(self, path)
        extra = {k: v for k, v in extra.items() if v is not None and v != ""}
        if not extra:
            return f"{path}?{encoded}"
        if extra.keys() & base.keys():  # an extra filter replaces one of the page's, in its place
            return f"{path}?{urlencode({**base, **extra})}"
        return f"{path}?{encoded}&{urlencode(extra)}" if encoded else f"{path}?{urlencode(extra)}"

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
                            round=read_int(params, "round", "督察轮次", "round"), as_of_given=as_of != today)


@lru_cache(maxsize=256)
def _list_query(filters: DashboardFilters, path: str) -> tuple[dict, str]:
    """The page's filters that the list at ``path`` understands, and their query string:
    the part every link of one dashboard shares (the matrix builds about 1,400 links)."""
    allowed = LIST_FILTERS.get(path)
    params = {k: v for k, v in filters.query().items() if allowed is None or k in allowed}
    return params, urlencode(params)
