"""The rules of the scans: pure functions of a record's facts, a working-day calendar
and an explicit ``as_of`` date. No database, no clock.

Each returns a :class:`Signal` body — a level (0 green … 3 red), a stable reason code,
a sentence in Chinese and the figures behind it — or ``None`` when nothing is wrong.
"Overdue" is always derived here from the deadline and the sign-off; it is never a
stored state.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tracker.status import Kind, Reason, TargetSpec, Thresholds, evaluate_milestone, expected_value, time_left
from tracker.workdays import WorkdayCalendar

GREEN, YELLOW, ORANGE, RED = 0, 1, 2, 3


@dataclass(frozen=True)
class Verdict:
    """What a rule says about one subject for one cause."""

    level: int
    reason: str
    text: str
    figures: dict = field(default_factory=dict)


def deadline_verdict(deadline: date, as_of: date, calendar: WorkdayCalendar, window_workdays: int,
                     what: str = "任务") -> Verdict | None:
    """Due soon or overdue, for something not yet done (not signed off / not finished).

    The judgement is the status engine's milestone rule
    (:func:`tracker.status.progress.evaluate_milestone`, one definition for targets and
    items): overdue (red) once ``as_of`` is past the deadline, the figures counting the
    working days late, so a deadline on the eve of a holiday is one working day late on the
    first working day after it; due soon (yellow) when at most ``window_workdays`` working
    days are left, the deadline day counted (0 = due today).
    """
    evaluation = evaluate_milestone(TargetSpec(kind=Kind.MILESTONE, metric=what, deadline=deadline), None, as_of,
                                    Thresholds(warning_window_days=window_workdays), calendar)
    left = evaluation.figures["days_to_deadline"]
    if evaluation.reason == Reason.OVERDUE:
        return Verdict(RED, "overdue",
                       f"{what}已超过完成时限（{deadline:%Y-%m-%d}），逾期{-left}个工作日，尚未销号/完成。",
                       {"deadline": deadline.isoformat(), "overdue_workdays": -left,
                        "overdue_days": (as_of - deadline).days})
    if evaluation.reason == Reason.DUE_SOON:
        when = time_left(left, "个工作日", "working days")[0]  # 今日到期 on the day itself
        return Verdict(YELLOW, "due_soon",
                       f"{what}完成时限（{deadline:%Y-%m-%d}）{when}，尚未完成。",
                       {"deadline": deadline.isoformat(), "left_workdays": left, "window_workdays": window_workdays})
    return None


def lookback_verdict(signed_off_on: date | None, lookback_due: date | None, lookback_done: bool,
                     as_of: date, calendar: WorkdayCalendar) -> Verdict | None:
    """回头看 look-back due: a signed-off item whose look-back date has come and which
    nobody has re-checked yet."""
    if lookback_done or lookback_due is None or as_of < lookback_due:
        return None
    late = calendar.working_days_between(lookback_due, as_of)
    return Verdict(YELLOW, "lookback_due",
                   f"已销号事项应于{lookback_due:%Y-%m-%d}开展“回头看”，尚未完成（已过{late}个工作日）。",
                   {"lookback_due": lookback_due.isoformat(), "late_workdays": late,
                    "signed_off_on": signed_off_on.isoformat() if signed_off_on else None})


def evidence_verdict(reported: bool, evidence_count: int) -> Verdict | None:
    """A completion report (申请销号) with no evidence attached cannot be signed off."""
    if reported and evidence_count == 0:
        return Verdict(YELLOW, "evidence_missing", "已申请销号，但未上传佐证材料，无法核验销号。",
                       {"evidence_count": 0})
    return None


def fund_verdict(amount: Decimal, paid: Decimal, target_rate: Decimal | None, allocated_on: date,
                 deadline: date, as_of: date, tolerance: Decimal) -> Verdict | None:
    """Budget execution (预算执行率) against the linear expected path to the deadline.

    expected = target × elapsed share of (allocated_on, deadline], the status engine's
    :func:`tracker.status.progress.expected_value`; yellow when the actual
    rate is below expected by more than ``tolerance`` × target (the tolerance is a share
    of the target, as in ``StatusThresholds.progress_tolerance``); red once the deadline
    has passed with the target unmet. ``target_rate`` defaults to 100%.
    """
    if not amount or amount <= 0:
        return None
    target = Decimal(target_rate) if target_rate is not None else Decimal(100)
    rate = (Decimal(paid) / Decimal(amount) * 100).quantize(Decimal("0.01"))
    figures = {"amount": str(amount), "paid": str(paid), "rate": str(rate), "target_rate": str(target),
               "deadline": deadline.isoformat()}
    if rate >= target:
        return None
    if as_of > deadline:
        return Verdict(RED, "fund_unmet",
                       f"资金执行期限（{deadline:%Y-%m-%d}）已过，执行率{rate}%，未达到{target}%的目标。", figures)
    # The status engine's time-proportional path (时间进度), from 0 at allocation to the target.
    expected = Decimal(repr(expected_value(0.0, float(target), allocated_on, deadline, as_of))).quantize(
        Decimal("0.01"))
    allowed_gap = (Decimal(tolerance) * target).quantize(Decimal("0.01"))
    figures.update({"expected_rate": str(expected), "tolerance_points": str(allowed_gap),
                    "shortfall_points": str(expected - rate)})
    if rate < expected - allowed_gap:
        return Verdict(YELLOW, "fund_behind",
                       f"资金执行率{rate}%，低于序时进度{expected}%（容差{allowed_gap}个百分点），执行滞后。", figures)
    return None


def daily_report_verdict(has_duty: bool, filed: bool, day: date, calendar: WorkdayCalendar) -> Verdict | None:
    """日报告、零报告: a unit with the duty that filed nothing for a working day."""
    if not has_duty or filed or not calendar.is_working_day(day):
        return None
    return Verdict(YELLOW, "daily_report_missing", f"{day:%Y-%m-%d}（工作日）未报送日报告或零报告。",
                   {"report_date": day.isoformat()})


def flag_level_after_scan(current_level: int, current_subject_level: int | None, subject_level: int) -> int:
    """The flag's level once its subject's level is ``subject_level``.

    A flag follows its subject, except that an escalation for being left unanswered
    (``current_level`` above the subject's level at the time) is kept: the unit still
    owes an answer. It can only be lowered back once the subject itself has caught up.
    """
    escalated_by_time = current_subject_level is not None and current_level > current_subject_level
    return max(subject_level, current_level) if escalated_by_time else subject_level


def due_for_escalation(level: int, level_since: date, answered: bool, as_of: date,
                       calendar: WorkdayCalendar, after_workdays: dict) -> bool:
    """Whether a flag left unanswered at ``level`` since ``level_since`` climbs a level
    on ``as_of``: yellow → orange and orange → red after the configured working days."""
    limit = after_workdays.get(level, 0)
    if answered or level not in (YELLOW, ORANGE) or not limit:
        return False
    return calendar.working_days_between(level_since, as_of) >= limit
