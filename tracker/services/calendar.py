"""The working-day calendar as the bureau has it: the statutory calendar plus the days
staff entered (节假日/调休) in ``CalendarDay``."""
from tracker.models import CalendarDay
from tracker.workdays import WorkdayCalendar, WorkdayIndex


def load_calendar():
    """A ``WorkdayCalendar`` with every holiday and make-up working day staff entered."""
    holidays, workdays = [], []
    for day, is_working in CalendarDay.objects.values_list("day", "is_working_day"):
        (workdays if is_working else holidays).append(day)
    return WorkdayCalendar(holidays=holidays, workdays=workdays)


def pass_calendar():
    """The working-day calendar for one pass over many records (a scan, escalation),
    indexed so each count of working days is O(1)."""
    return WorkdayIndex(load_calendar())
