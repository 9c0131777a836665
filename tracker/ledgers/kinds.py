"""From a mapped sheet row to a row of the bulk upsert service, per kind of ledger.

Each ``build_*`` takes the sheet's ``ColumnMap``, one sheet row and the ``Lookups`` (the
names of units, sites, metrics … the user may refer to) and returns ``Pending`` rows: a
service row with its natural key, or the problem that stops it. A column the file does
not have leaves that field as it is in the database (the service row leaves it out).
"""
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from tracker.access import READ, restrict
from tracker.models import (
    Comparator, FundAllocation, InspectionRound, Metric, OrgUnit, OrgUnitAlias, RectificationItem, Site, Target,
)
from tracker.services.disbursements import upsert_disbursements
from tracker.services.items import upsert_items
from tracker.services.observations import upsert_observations
from tracker.services.targets_bulk import upsert_targets

from .values import (
    NameMatcher, ValueProblem, clean_text, convert, is_long_term, match_unit, parse_ledger_date, parse_number,
    parse_yes_no, split_names,
)

SERVICES = {
    "items": upsert_items, "targets": upsert_targets, "observations": upsert_observations,
    "observations_wide": upsert_observations, "disbursements": upsert_disbursements,
}
MASKED_WORDS = {"x", "xx", "*", "**", "***", "**.**", "待定", "待确认"}
COMPARATOR_WORDS = {
    "<=": Comparator.LE, "≤": Comparator.LE, "不高于": Comparator.LE, "不超过": Comparator.LE, "以下": Comparator.LE,
    "控制在": Comparator.LE, ">=": Comparator.GE, "≥": Comparator.GE, "不低于": Comparator.GE, "达到": Comparator.GE,
    "以上": Comparator.GE, "=": Comparator.EQ, "等于": Comparator.EQ, "下降": Comparator.DECREASE_BY,
    "提高": Comparator.INCREASE_BY, "上升": Comparator.INCREASE_BY, "退出后n名": Comparator.EXIT_BOTTOM,
    "退出后": Comparator.EXIT_BOTTOM,
}


@dataclass
class Pending:
    """One row on its way to the service: ``row`` (sheet row number), ``column`` (the
    heading a problem is in), ``key`` (natural key, for duplicates), ``data`` (the
    service row) or ``problem`` (a ValueProblem)."""

    row: int
    key: tuple | None = None
    data: dict | None = None
    column: str = ""
    problem: ValueProblem | None = None
    fields: dict | None = None  # service field → heading, to place the service's errors


@dataclass
class Options:
    """What the file does not say itself: the round of an item list, the ledger's year
    for 6月底/年底前, the metric (and unit) of a wide station sheet."""

    round: str = ""
    year: int | None = None
    metric: str = ""


class Lookups:
    """Names the user may refer to, loaded once per import. Units are reference data
    matched among all live units (the service then enforces the write scope); sites,
    targets and funds only among those the user may read."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def units(self):
        matcher = NameMatcher("单位", "unit")
        for unit in OrgUnit.objects.only("code", "name", "short_name"):
            matcher.add(unit.code, unit.code, unit.name, unit.short_name)
        for alias in OrgUnitAlias.objects.filter(unit__deleted_at__isnull=True).select_related("unit"):
            matcher.add(alias.unit.code, alias.alias)
        return matcher

    @cached_property
    def rounds(self):
        matcher = NameMatcher("督察轮次", "inspection round")
        for rnd in restrict(InspectionRound.objects.all(), self.user, READ):
            matcher.add(rnd, rnd.code, rnd.name)
        return matcher

    @cached_property
    def metrics(self):
        matcher = NameMatcher("指标", "metric")
        for metric in Metric.objects.all():
            matcher.add(metric, metric.code, metric.name, metric.name_en)
        return matcher

    @cached_property
    def sites(self):
        matcher = NameMatcher("站点", "site")
        for site in restrict(Site.objects.all(), self.user, READ).only("code", "name"):
            matcher.add(site.code, site.code, site.name)
        return matcher

    @cached_property
    def targets(self):
        matcher = NameMatcher("目标", "target")
        for target in restrict(Target.objects.all(), self.user, READ).select_related("metric"):
            matcher.add(target, target.code, target.title)
        return matcher

    @cached_property
    def allocations(self):
        matcher = NameMatcher("专项资金", "fund allocation")
        for allocation in restrict(FundAllocation.objects.all(), self.user, READ):
            matcher.add(allocation.code, allocation.code, allocation.purpose)
        return matcher


class Cells:
    """One sheet row read through the column map; ``get`` names the heading on failure."""

    def __init__(self, colmap, values):
        self.colmap, self.values = colmap, values
        self.column = ""

    def has(self, name):
        return self.colmap.index_of(name) is not None

    def raw(self, name):
        index = self.colmap.index_of(name)
        if index is None or index >= len(self.values):
            return None
        self.column = self.colmap.headers[index]
        return self.values[index]

    def text(self, name):
        return clean_text(self.raw(name))

    def unit(self, name):
        return self.colmap.units.get(self.colmap.index_of(name))

    def find(self, matcher, name):
        """The record the cell ``name`` names (the column is remembered for an error)."""
        return matcher.find(self.text(name))


def _headings(colmap):
    return {name: colmap.headers[index] for index, name in colmap.fields.items()}


def _required(cells, name, label_zh, label_en):
    text = cells.text(name)
    if not text:
        cells.column = cells.colmap.header_of(name)
        raise ValueProblem(f"缺少{label_zh}。", f"{label_en} is missing.")
    return text


def _isoformat(cells, name, year):
    return parse_ledger_date(cells.raw(name), year=year).isoformat()


def build_item(cells, number, lookups, options):
    """A feedback-list row → a row of ``upsert_items`` (round + 序号 is the natural key)."""
    colmap = cells.colmap
    round_ = cells.find(lookups.rounds, "round") if cells.text("round") else None
    if round_ is None:
        if not options.round:
            cells.column = colmap.header_of("round")
            raise ValueProblem("未指定督察轮次：请在表中加“督察轮次”列，或导入时选择轮次。",
                               "No inspection round: add a 督察轮次 column or choose the round when importing.")
        round_ = lookups.rounds.find(options.round)
    item_number = _required(cells, "number", "序号", "The item number (序号)")
    problem = _required(cells, "problem", "问题描述", "The problem (问题)")
    lead_names = split_names(_required(cells, "lead_unit", "责任单位", "The responsible unit (责任单位)"))
    lead = lookups.units.find(lead_names[0])
    co_units = [lookups.units.find(name) for name in lead_names[1:]]
    if cells.has("co_units"):
        co_units += [lookups.units.find(name) for name in split_names(cells.text("co_units"))]
    year = options.year or round_.year
    deadline_cell = cells.raw("deadline")
    long_term = is_long_term(deadline_cell)
    data = {"round": round_.code, "number": item_number, "problem": problem, "lead_unit": lead,
            "deadline": dt.date(year, 12, 31).isoformat() if long_term else _isoformat(cells, "deadline", year)}
    existing = None
    if not cells.has("measures") or not (cells.has("co_units") or len(lead_names) > 1):
        existing = RectificationItem.objects.filter(round=round_, number=item_number).first()
    data["measures"] = cells.text("measures") if cells.has("measures") else (existing.measures if existing else "")
    if cells.has("co_units") or len(lead_names) > 1:
        data["co_units"] = list(dict.fromkeys(c for c in co_units if c != lead))
    elif existing is not None:
        data["co_units"] = list(existing.co_units.values_list("code", flat=True))
    if cells.has("is_long_term") and cells.text("is_long_term"):
        data["is_long_term"] = parse_yes_no(cells.raw("is_long_term"))
    else:
        data["is_long_term"] = long_term or bool(existing and existing.is_long_term)
    return [Pending(row=number, key=(round_.code, item_number), data=data, fields=_headings(colmap))]


def build_target(cells, number, lookups, options):
    """A target sheet row → a row of ``upsert_targets`` (the target code is the key)."""
    colmap = cells.colmap
    code = _required(cells, "code", "目标编号", "The target code")
    data = {"code": code}
    for name in ("title", "unit"):
        if cells.has(name):
            data[name] = cells.text(name)
    metric = None
    if cells.has("metric") and cells.text("metric"):
        metric = cells.find(lookups.metrics, "metric")
        data["metric"] = metric.code
    if data.get("unit"):
        data["unit"] = match_unit(cells.text("unit"))
    if cells.has("comparator") and cells.text("comparator"):
        word = cells.text("comparator").lower()
        if word not in COMPARATOR_WORDS and word not in Comparator.values:
            raise ValueProblem(f"无法识别比较方式“{word}”（如 不高于、不低于、下降）。",
                               f"Unknown comparator {word!r} (e.g. 不高于, 不低于, 下降).")
        data["comparator"] = COMPARATOR_WORDS.get(word, word)
    if cells.has("target_value"):
        raw = cells.text("target_value")
        masked = raw.lower() in MASKED_WORDS or (bool(raw) and set(raw) <= set("*Xx.%"))
        data["value_masked"] = masked
        data["target_value"] = None if masked or not raw else str(parse_number(cells.raw("target_value")))
    for name in ("period_start", "period_end", "deadline"):
        if cells.has(name) and cells.text(name):
            data[name] = _isoformat(cells, name, options.year)
    written = cells.raw("deadline") if cells.has("deadline") else None
    if isinstance(written, str) and not re.match(r"^\s*\d{4}\s*[-/.]", written):
        data["deadline_text"] = clean_text(written)[:100]  # 时限原文: the words, e.g. 年底前
    for name in ("baseline_value", "points_at_risk"):
        if cells.has(name) and cells.text(name):
            data[name] = str(parse_number(cells.raw(name)))
    if cells.has("lead_unit") and cells.text("lead_unit"):
        names = split_names(cells.text("lead_unit"))
        data["lead_unit"] = lookups.units.find(names[0])
        if len(names) > 1 and not cells.has("co_units"):
            data["co_units"] = [lookups.units.find(name) for name in names[1:]]
    if cells.has("co_units"):
        data["co_units"] = [lookups.units.find(name) for name in split_names(cells.text("co_units"))]
    return [Pending(row=number, key=(code,), data=data, fields=_headings(colmap))]


def _observation_value(cells, metric_unit, header_unit, unit_text):
    value = parse_number(cells.raw("value"))
    given = match_unit(cells.text("unit")) if unit_text else header_unit
    if given is not None and metric_unit is not None:
        value = convert(value, given, match_unit(metric_unit) if metric_unit else "")
    return str(value)


def build_observation(cells, number, lookups, options):
    """A long observation row (site or target, metric, date, value) → ``upsert_observations``."""
    colmap = cells.colmap
    observed_on = _isoformat(cells, "observed_on", options.year)
    site_name, target_name = cells.text("site"), cells.text("target")
    if bool(site_name) == bool(target_name):
        cells.column = colmap.header_of("site")
        raise ValueProblem("须且只能填写站点或目标编号之一。", "Give exactly one of a site or a target code.")
    note = cells.text("note")
    unit_text = cells.text("unit")
    if target_name:
        target = cells.find(lookups.targets, "target")
        value = _observation_value(cells, target.metric.unit, cells.unit("value"), unit_text)
        data = {"target": target.code, "observed_on": observed_on, "value": value, "note": note}
        return [Pending(row=number, key=("target", target.code, observed_on), data=data, fields=_headings(colmap))]
    site = cells.find(lookups.sites, "site")
    metric_name = cells.text("metric") or options.metric
    if not metric_name:
        cells.column = colmap.header_of("metric")
        raise ValueProblem("缺少指标。", "The metric is missing.")
    metric = lookups.metrics.find(metric_name)
    value = _observation_value(cells, metric.unit, cells.unit("value"), unit_text)
    data = {"site": site, "metric": metric.code, "observed_on": observed_on, "value": value, "note": note}
    return [Pending(row=number, key=("site", site, metric.code, observed_on), data=data, fields=_headings(colmap))]


def build_wide_observations(cells, number, lookups, options):
    """A wide station sheet row (a date, then one column per station) → one
    ``upsert_observations`` row per filled station cell, all of ``options.metric``."""
    colmap, values = cells.colmap, cells.values
    observed_on = _isoformat(cells, "observed_on", options.year)
    if not options.metric:
        raise ValueProblem("按站点分列的表须指定指标。", "A sheet with one column per station needs the metric.")
    metric = lookups.metrics.find(options.metric)
    pending = []
    for index, field_name in colmap.fields.items():
        if field_name != "station":
            continue
        heading = colmap.headers[index]
        raw = values[index] if index < len(values) else None
        if clean_text(raw) == "":
            continue
        try:
            site_name = heading.split("(")[0].split("（")[0].strip()
            site = lookups.sites.find(site_name)
            value = parse_number(raw)
            unit = colmap.units.get(index)
            if unit is not None:
                value = convert(value, unit, match_unit(metric.unit) if metric.unit else "")
            pending.append(Pending(
                row=number, key=("site", site, metric.code, observed_on), column=heading,
                data={"site": site, "metric": metric.code, "observed_on": observed_on, "value": str(value), "note": ""},
                fields={"site": heading, "value": heading, "observed_on": colmap.header_of("observed_on")}))
        except ValueProblem as problem:
            pending.append(Pending(row=number, column=heading, problem=problem))
    return pending


def build_disbursement(cells, number, lookups, options):
    """A payment sheet row → ``upsert_disbursements`` (fund + payment date is the key);
    amounts in 元 or 亿元 (from the heading or a unit column) are converted to 万元."""
    colmap = cells.colmap
    _required(cells, "allocation", "资金编码", "The fund code")
    allocation = cells.find(lookups.allocations, "allocation")
    paid_on = _isoformat(cells, "paid_on", options.year)
    amount = parse_number(cells.raw("amount"))
    amount = convert(amount, cells.unit("amount") or "万元", "万元")
    data = {"allocation": allocation, "paid_on": paid_on, "amount": str(amount), "note": cells.text("note")}
    return [Pending(row=number, key=(allocation, paid_on), data=data, fields=_headings(colmap))]


BUILDERS = {
    "items": build_item, "targets": build_target, "observations": build_observation,
    "observations_wide": build_wide_observations, "disbursements": build_disbursement,
}
