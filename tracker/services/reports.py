"""Daily reports (日报告) and zero reports (零报告): a unit with the duty files one each
working day — what it did, or "nothing new". The daily-report scan flags a unit that
filed nothing by the cutoff; filing late clears that flag on the next scan."""
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.access import READ, can_write_everything, restrict
from tracker.models import DailyReport, OrgUnit, User

from .errors import ServiceError


def may_report_for(user, unit: OrgUnit) -> bool:
    """The write rule of unit-owned records (日报告 belongs to its unit), asked before the
    report exists: supervisors for every unit; unit staff for the units in their subtrees;
    leaders and read-only credentials never."""
    limit = getattr(user, "scope_limit", None)
    if limit is not None and limit.read_only:
        return False
    if not (can_write_everything(user) or getattr(user, "role", None) == User.Role.STAFF):
        return False
    return restrict(OrgUnit.objects.filter(pk=unit.pk), user, READ).exists()


def file_daily_report(user, unit: OrgUnit, *, report_date: date, is_zero: bool, content: str = "",
                      as_of: date | None = None) -> DailyReport:
    """File ``unit``'s report for ``report_date``. A zero report carries no text; a daily
    report must say something. One report per unit and day: a second one is refused
    (the first stays, with who filed it and when)."""
    as_of = as_of or timezone.localdate()
    content = (content or "").strip()
    if not may_report_for(user, unit):
        raise ServiceError("无权为该单位报送日报告。", "You may not file reports for this unit.", kind="forbidden")
    if not unit.has_daily_report_duty:
        raise ServiceError(f"“{unit.name}”没有日报告任务。", f"{unit.name} has no daily-report duty.", field="unit")
    if report_date > as_of:
        raise ServiceError("不能提前报送以后日期的日报告。", "A report cannot be filed for a future day.",
                           field="report_date")
    if is_zero and content:
        raise ServiceError("零报告不填写内容；有内容请报送日报告。",
                           "A zero report has no text; file a daily report instead.", field="content")
    if not is_zero and not content:
        raise ServiceError("请填写日报告内容，或改报零报告。", "Write the report, or file a zero report.",
                           field="content")
    if len(content) > 5000:
        raise ServiceError("日报告内容最长 5000 字。", "A report is at most 5,000 characters.", field="content")
    try:
        with transaction.atomic():
            return DailyReport.objects.create(unit=unit, report_date=report_date, is_zero=is_zero, content=content,
                                              reported_by=user)
    except IntegrityError:
        raise ServiceError(f"{unit.name} {report_date:%Y-%m-%d} 的日报告已报送。",
                           f"{unit.name} has already filed its report for {report_date}.", kind="conflict") from None
