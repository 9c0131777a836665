"""Bulk create or update of targets (指标/目标) by their code: the ledger import's
target sheets and any client sending target rows. Fields a row leaves out keep their
current value on update; the status engine's fields are never written here."""
from decimal import Decimal

from tracker.access import WRITE, restrict
from tracker.models import Comparator, Metric, MetricKind, OrgUnit, Target

from .bulk import CREATED, UNCHANGED, UPDATED, RowError, parse_date, parse_decimal, parse_text, run_bulk, screen_rows

REQUIRED_ON_CREATE = ("title", "metric", "period_start", "period_end", "deadline", "lead_unit")


def upsert_targets(rows, user, *, partial=False, dry_run=False):
    """Create or update targets identified by ``code``; ``metric``, ``lead_unit`` and
    ``co_units`` are codes. A missing ``target_value`` with ``value_masked`` true is a
    target whose number is still unknown (never zero). Returns a BulkSummary."""
    rows = screen_rows(rows)
    dicts = [row for row in rows if isinstance(row, dict)]
    metrics = {m.code: m for m in Metric.objects.filter(code__in={str(r.get("metric")) for r in dicts})}
    unit_codes = {str(r.get("lead_unit")) for r in dicts}
    for row in dicts:
        if isinstance(row.get("co_units"), list):
            unit_codes |= {str(code) for code in row["co_units"]}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=unit_codes)}
    writable_units = set(restrict(OrgUnit.objects.filter(code__in=unit_codes), user, WRITE)
                         .values_list("code", flat=True))
    existing_targets = {t.code: t for t in Target.objects.filter(code__in={str(r.get("code")) for r in dicts})}

    def values_of(row):
        values = {}
        if "title" in row:
            values["title"] = parse_text(row, "title", 300)
        if "metric" in row:
            metric = metrics.get(row.get("metric")) if isinstance(row.get("metric"), str) else None
            if metric is None:
                raise RowError("metric", f"指标编码“{row.get('metric')}”不存在。", f"Unknown metric code {row.get('metric')!r}.")
            values["metric"] = metric
        if row.get("kind"):
            if row["kind"] not in MetricKind.values:
                raise RowError("kind", f"算法“{row['kind']}”无效。", f"Unknown kind {row['kind']!r}.")
            values["kind"] = row["kind"]
        if row.get("comparator"):
            if row["comparator"] not in Comparator.values:
                raise RowError("comparator", f"比较方式“{row['comparator']}”无效。",
                               f"Unknown comparator {row['comparator']!r}.")
            values["comparator"] = row["comparator"]
        if "target_value" in row:
            values["target_value"] = None if row["target_value"] in (None, "") else parse_decimal(row, "target_value")
        if "value_masked" in row:
            values["value_masked"] = bool(row["value_masked"])
        for name in ("unit", "deadline_text"):
            if name in row:
                values[name] = parse_text(row, name, 20 if name == "unit" else 100)
        for name in ("period_start", "period_end", "deadline"):
            if name in row:
                values[name] = parse_date(row, name)
        for name in ("baseline_value", "points_at_risk"):
            if name in row and row[name] not in (None, ""):
                values[name] = parse_decimal(row, name)
        if "lead_unit" in row:
            lead = row.get("lead_unit")
            if lead not in units:
                raise RowError("lead_unit", f"单位“{lead}”不存在。", f"Unknown unit {lead!r}.")
            if lead not in writable_units:
                raise RowError("lead_unit", f"无权为单位“{lead}”建立或修改目标。",
                               f"You may not manage targets of unit {lead!r}.")
            values["lead_unit"] = units[lead]
        return values

    def apply_row(index, row):
        code = parse_text(row, "code", 40)
        if not code:
            raise RowError("code", "缺少目标编号。", "code is required.")
        values = values_of(row)
        co_units = None
        if "co_units" in row:
            codes = row.get("co_units") or []
            if not isinstance(codes, list) or any(not isinstance(c, str) or c not in units for c in codes):
                raise RowError("co_units", "配合单位须为已有单位编码的列表。", "co_units must be a list of known unit codes.")
            co_units = {units[c] for c in codes}
        existing = existing_targets.get(code)
        if existing is None:
            for name in REQUIRED_ON_CREATE:
                if name not in values:
                    raise RowError(name, f"新建目标缺少“{name}”。", f"{name} is required for a new target.")
            metric = values["metric"]
            values.setdefault("kind", metric.kind)
            values.setdefault("comparator", metric.comparator)
            values.setdefault("unit", metric.unit)
            target = Target(code=code, **values)
            _check(target)
            target.save()
            if co_units:
                target.co_units.set(co_units)
            existing_targets[code] = target
            return CREATED
        if not restrict(Target.objects.filter(pk=existing.pk), user, WRITE).exists():
            raise RowError("code", "无权修改该目标。", "You may not change this target.")
        same = all(getattr(existing, name) == value for name, value in values.items())
        if same and (co_units is None or set(existing.co_units.all()) == co_units):
            return UNCHANGED
        for name, value in values.items():
            setattr(existing, name, value)
        _check(existing)
        existing.save()
        if co_units is not None:
            existing.co_units.set(co_units)
        return UPDATED

    return run_bulk(rows, apply_row, partial=partial, dry_run=dry_run)


def _check(target):
    """The rules a database constraint would refuse, with a message a person can act on."""
    if target.period_end < target.period_start:
        raise RowError("period_end", "考核期止不能早于考核期起。", "period_end must not be before period_start.")
    if target.value_masked and target.target_value is not None:
        raise RowError("target_value", "目标值待确认时不能填写目标值。", "A masked target has no target value.")
    if target.unit == "%" and target.target_value is not None and not Decimal(0) <= target.target_value <= 100:
        raise RowError("target_value", "百分比须在 0–100 之间。", "A percentage must be within 0–100.")
