"""What can be true at all (合理性校验): readings inside their metric's plausible range,
dates inside a sane window around the period they belong to.

These are not the status rules (a value far above target is bad news, not an error);
they refuse what no monitoring station, fund or deadline can produce — a PM2.5 of −5 or
99,999,999 μg/m³, a target period from year 1 to year 9999, a payment dated before the
money was allocated. Each check is a pure function of its arguments (``today`` is passed
in) and raises ``ServiceError`` with both languages; the API and the bulk imports call the
same functions.
"""
import datetime as dt

from .errors import ServiceError

# Every date the ledger takes lies in these years (the years its constraints allow).
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# The longest assessment period a target can have: a five-year plan (十三五 …) with room.
LONGEST_PERIOD = dt.timedelta(days=10 * 366)
# How far a deadline may fall after the period it closes (a year-end target reported later).
DEADLINE_AFTER_PERIOD = dt.timedelta(days=366)
# A target's own series may start before its period (last year's rank, the baseline year).
SERIES_BEFORE_PERIOD = dt.timedelta(days=2 * 366)
SERIES_AFTER_PERIOD = dt.timedelta(days=366)
# A new deadline set at a look-back (反弹) lies within this of today.
LONGEST_REOPENING = dt.timedelta(days=5 * 366)
# Clocks of reporting systems run a little ahead; a day's slack, never more.
CLOCK_SLACK = dt.timedelta(days=1)


def check_date_window(date, *, field=None):
    """A date within 2000-01-01 … 2100-12-31: 0001-01-01 and 9999-12-31 are typing errors."""
    if date is not None and not EARLIEST_DATE <= date <= LATEST_DATE:
        raise ServiceError(f"日期须在 {EARLIEST_DATE} 至 {LATEST_DATE} 之间。",
                           f"The date must lie between {EARLIEST_DATE} and {LATEST_DATE}.", field=field)


def check_value(metric, value, *, field="value"):
    """A reading (or an absolute target value) lies within the metric's plausible range."""
    if metric is not None and not metric.is_plausible(value):
        raise ServiceError(
            f"数值 {value} 超出“{metric.name}”的合理范围（{metric.plausible_range_text()}）。",
            f"{value} is outside the plausible range of {metric.name_en or metric.code} "
            f"({metric.plausible_range_text()}).",
            field=field,
        )


def check_observation_date(observed_on, today, *, target=None, field="observed_on", slack=CLOCK_SLACK):
    """A reading is not from the future (``slack``: a reporting system's clock running a
    little ahead; none for a person typing into a page); a target's own series lies
    around its period."""
    if observed_on > today + slack:
        raise ServiceError(f"日期 {observed_on} 晚于今天，不能报送未来的数据。",
                           f"{observed_on} is in the future; data cannot be reported ahead.", field=field)
    if target is not None:
        earliest, latest = target.period_start - SERIES_BEFORE_PERIOD, target.period_end + SERIES_AFTER_PERIOD
        if not earliest <= observed_on <= latest:
            raise ServiceError(
                f"日期 {observed_on} 不在目标考核期（{target.period_start}—{target.period_end}）前后的合理范围内。",
                f"{observed_on} is too far from the target's period ({target.period_start} – {target.period_end}).",
                field=field,
            )


def check_target(metric, *, kind, comparator, target_value, period_start, period_end, deadline):
    """A target's period is at most ten years long, its deadline falls in or shortly after
    it, and an absolute target value (≤, ≥, =) lies within the metric's range."""
    if period_start and period_end and period_end - period_start > LONGEST_PERIOD:
        raise ServiceError("考核期最长十年。", "An assessment period is at most ten years long.", field="period_end")
    if deadline and period_start and deadline < period_start:
        raise ServiceError("完成时限不能早于考核期起。", "The deadline cannot be before the period starts.",
                           field="deadline")
    if deadline and period_end and deadline > period_end + DEADLINE_AFTER_PERIOD:
        raise ServiceError("完成时限不能晚于考核期止一年以上。", "The deadline cannot be more than a year after the period.",
                           field="deadline")
    if comparator in ("<=", ">=", "=") and kind != "baseline_change":
        check_value(metric, target_value, field="target_value")


def check_payment_date(allocation, paid_on, today):
    """A payment is made after its allocation was issued, and not in the future."""
    if paid_on < allocation.allocated_on:
        raise ServiceError(f"支付日期不能早于下达日期 {allocation.allocated_on}。",
                           f"A payment cannot be dated before the allocation ({allocation.allocated_on}).",
                           field="paid_on")
    if paid_on > today + CLOCK_SLACK:
        raise ServiceError("支付日期不能晚于今天。", "A payment cannot be dated in the future.", field="paid_on")


def check_new_deadline(new_deadline, today):
    """A deadline set when an item rebounds lies within five years."""
    if new_deadline is not None and new_deadline > today + LONGEST_REOPENING:
        raise ServiceError("新的整改时限不能超过五年。", "The new deadline must lie within five years.",
                           field="new_deadline")
