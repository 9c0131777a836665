"""Chinese working days (工作日) and deadline phrases (时限) from speeches.

Deadlines in the bureau's documents come in two kinds:

* calendar deadlines — "年底前" (by year end), "6个月内" (within six months),
  "二季度末" (end of Q2), "秋冬季" (the autumn–winter campaign, 1 Oct – 31 Mar);
* working-day deadlines — "30个工作日内上报整改方案" (submit the rectification plan
  within 30 working days). These count Chinese working days: Saturdays, Sundays and
  statutory holidays (法定节假日) are off, but the State Council moves days around
  each year (调休, "adjusted rest"): a long holiday is padded with a weekday taken
  off, paid back by working a Saturday or Sunday, which then *is* a working day.

The State Council publishes each year's schedule around November of the year
before. The ``chinesecalendar`` package carries those schedules up to the year it
was released (2004–2026 for 1.11) and raises for later years, so
:class:`WorkdayCalendar` also takes days that staff entered, and says per year which
source it used. When it has nothing for a year it counts weekends only, which can be
wrong by a week around Spring Festival or National Day; a deadline computed that way
is marked ``fallback`` so a supervisor checks it rather than trusting it.

Everything here is pure: no database and no clock. Callers pass the staff entries
and the ``as_of`` date (for a speech, the date it was given).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
import cn2an
import numpy as np

STATUTORY = "statutory"  # the State Council schedule, as shipped in ``chinesecalendar``
ENTERED = "entered"  # holidays and make-up days entered by staff
WEEKENDS_ONLY = "weekends_only"  # no schedule known: Saturdays and Sundays off, nothing else


def add_months(d: date, n: int) -> date:
    """The same day ``n`` months later (or earlier when ``n`` < 0), clipped to month end.

    This is how "N个月内" (within N months) is read, matching the Civil Code's rule
    for periods counted in months: the corresponding day of the final month, or that
    month's last day when it has no such day (31 Jan + 1 month = 28 or 29 Feb).
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    last_day = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last_day))


def _as_date(value) -> date:
    """A ``date`` from a date, datetime, ``pandas.Timestamp`` or ``numpy.datetime64``."""
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[D]").item()
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime too
        return value.date()
    return value


@lru_cache(maxsize=None)
def _package_knows(year: int) -> bool:
    """Whether ``chinesecalendar`` has the State Council schedule for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkdayCalendar:
    """Chinese working days: statutory schedule, staff entries, weekends as a last resort.

    ``holidays`` are days staff marked as off (a holiday the package does not know,
    or a year it has no data for); ``workdays`` are make-up working days (调休上班),
    usually a Saturday or Sunday. A staff entry always wins over the package for its
    date. For a year the package does not know, the calendar uses the staff entries
    if there are any for that year (basis ``"entered"``), else weekends only (basis
    ``"weekends_only"``, a *fallback*). Entries for a year count as that year's whole
    schedule, so supervisors should enter a year in full once it is published.
    """

    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = ()):
        self._holidays = frozenset(_as_date(d) for d in holidays)
        self._workdays = frozenset(_as_date(d) for d in workdays)
        both = sorted(self._holidays & self._workdays)
        if both:
            raise ValueError(
                f"同一天不能既是假日又是调休工作日 / a day cannot be both a holiday and a "
                f"make-up working day: {', '.join(d.isoformat() for d in both)}"
            )
        self._entered_years = frozenset(d.year for d in self._holidays | self._workdays)

    def basis_for(self, year: int) -> str:
        """Which source decides working days in ``year``: statutory, entered or weekends_only."""
        if _package_knows(year):
            return STATUTORY
        if year in self._entered_years:
            return ENTERED
        return WEEKENDS_ONLY

    def fallback_years(self, a: date, b: date) -> tuple[int, ...]:
        """Years from ``a`` to ``b`` (either order, inclusive) counted on weekends only.

        A non-empty answer means a result spanning these dates may be off by the
        holidays nobody entered; show it as provisional (待核对).
        """
        first, last = sorted((_as_date(a).year, _as_date(b).year))
        return tuple(y for y in range(first, last + 1) if self.basis_for(y) == WEEKENDS_ONLY)

    def is_working_day(self, d: date) -> bool:
        """Whether staff are expected at work on ``d`` (a make-up Saturday counts; a holiday does not)."""
        d = _as_date(d)
        if d in self._holidays:
            return False
        if d in self._workdays:
            return True
        if _package_knows(d.year):
            return chinese_calendar.is_workday(d)
        return d.weekday() < 5

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``: the last day of "N个工作日内" counted from ``d``.

        ``d`` itself never counts (the period starts the next day), so from a Friday
        one working day later is the next Monday, or a make-up Saturday/Sunday.
        ``n`` = 0 returns ``d``. Deadlines only run forward, so ``n`` < 0 is refused.
        """
        if n < 0:
            raise ValueError("工作日数不能为负 / the number of working days cannot be negative")
        current = _as_date(d)
        remaining = n
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: after ``a``, up to and including ``b``.

        With ``a`` = today and ``b`` a deadline this is the working days left, the
        deadline day included, and ``working_days_between(d, add_working_days(d, n))
        == n``. When ``b`` is before ``a`` the answer is minus the count in (b, a],
        i.e. how many working days late ``a`` is; it is 0 when a == b. So swapping
        the arguments only flips the sign.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        return sum(self.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))

    def working_day_mask(self, dates) -> np.ndarray:
        """A boolean array, one entry per date, True on working days.

        Takes a ``pandas.DatetimeIndex`` or any iterable of dates, so the status
        engine can select working days from a daily series with ``series[mask]``.
        """
        return np.fromiter((self.is_working_day(d) for d in dates), dtype=bool)

    add_months = staticmethod(add_months)


class WorkdayIndex:
    """A :class:`WorkdayCalendar` with working days counted in O(1), for a pass over many
    deadlines (a scan of 200,000 items asks the same calendar hundreds of thousands of times).

    The calendar is a fixed set of dates, so each year it is asked about is turned once into
    a running count (``prefix[k]`` = working days among the year's first ``k`` days); a
    count between two dates is then a difference of two entries. Same answers as the
    calendar it wraps — every other method is the calendar's own.
    """

    def __init__(self, calendar: WorkdayCalendar):
        self.calendar = calendar
        self._prefix: dict[int, np.ndarray] = {}

    def __getattr__(self, name):
        return getattr(self.calendar, name)

    def _year(self, year: int) -> np.ndarray:
        prefix = self._prefix.get(year)
        if prefix is None:
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days
            flags = [self.calendar.is_working_day(first + timedelta(days=i)) for i in range(days)]
            prefix = self._prefix[year] = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
        return prefix

    def _count_to(self, d: date) -> tuple[int, int]:
        """(year, working days from 1 Jan of that year up to and including ``d``)."""
        return d.year, int(self._year(d.year)[d.timetuple().tm_yday])

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b], negative when ``b`` is before ``a`` (as the calendar's)."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        (ya, ca), (yb, cb) = self._count_to(a), self._count_to(b)
        whole_years = sum(int(self._year(y)[-1]) for y in range(ya, yb))
        return whole_years + cb - ca


@dataclass(frozen=True)
class DeadlineResolution:
    """A deadline phrase read as a date, with how it was read.

    ``basis`` names the rule used: year_end, by_year, working_days, months, quarter,
    half_year, autumn_winter, explicit_date. ``fallback`` is True when the date
    counted working days in a year with no holiday schedule (weekends only), so it
    should be checked by hand. ``note_zh``/``note_en`` explain the reading to users.
    """

    date: date
    basis: str
    fallback: bool
    note_zh: str
    note_en: str


# Pieces of the phrase grammar. 到/至/于/在/截至 ("by") may lead; 前/之前/以前/内 ("before",
# "within") may trail; a year may be written ("2022年"), implied ("今年") or omitted.
_LEAD = r"(?:到|至|于|在|截至)?"
_TAIL = r"(?:前|之前|以前|内|之内|以内)?"
_YEAR = r"(?:(?P<year>\d{4})年度?|今年|本年度?)?"
_NUM = r"\d+|[零〇一二两三四五六七八九十百]+"

_PATTERNS = [
    ("working_days", re.compile(rf"^{_LEAD}(?P<n>{_NUM})个?工作日{_TAIL}$")),
    ("months", re.compile(rf"^{_LEAD}(?:(?P<n>{_NUM})个月|(?P<half>半)年){_TAIL}$")),
    # calendar days and weeks ("15日内", "三天内", "两周内"): every day counts, holidays too —
    # only 工作日 skips them. A bare "15日" is a day of the month, so 内 is required here.
    ("calendar_days", re.compile(rf"^{_LEAD}(?P<n>{_NUM})(?P<span>日|天|个?周|个?星期)(?:内|之内|以内)$")),
    ("year_end", re.compile(rf"^{_LEAD}(?:今|本)?年度?(?:年底|年末|年内|底|末|内){_TAIL}$")),
    ("by_year", re.compile(rf"^{_LEAD}(?P<year>\d{{4}})年度?(?:年底|底|末|内)?{_TAIL}$")),
    ("autumn_winter", re.compile(
        rf"^{_LEAD}(?:(?P<first>\d{{4}})\s*[-—–~至到]\s*(?P<second>\d{{4}})年度?|今年|本年度?)?"
        rf"秋冬季(?:末|结束|结束前|期间)?{_TAIL}$"
    )),
    ("quarter", re.compile(rf"^{_LEAD}{_YEAR}第?(?P<q>[一二三四1-4])季度(?:末|底)?{_TAIL}$")),
    ("half_year", re.compile(rf"^{_LEAD}{_YEAR}(?P<half>[上下])半年(?:末|底)?{_TAIL}$")),
    ("explicit_date", re.compile(
        rf"^{_LEAD}{_YEAR}(?P<month>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月"
        rf"(?:(?P<day>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号]|(?P<end>底|末)){_TAIL}$"
    )),
]

_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _number(text: str) -> int:
    """An integer written in Arabic ("30") or Chinese ("三十", "两") numerals."""
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "normal"))


def _month_end(year: int, month: int) -> date:
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


def _normalise(phrase: str) -> str:
    """Fold full-width digits (３０) to ASCII and drop spaces and surrounding punctuation."""
    text = unicodedata.normalize("NFKC", phrase)
    return re.sub(r"\s+", "", text).strip("，。、；：,.;:()（）“”\"'")


def resolve_deadline(
    phrase: str, as_of: date, calendar: WorkdayCalendar | None = None
) -> DeadlineResolution | None:
    """Read a deadline phrase from a speech given on ``as_of``; None when not understood.

    The year in force is ``as_of``'s year unless the phrase names one. Phrases that
    name a part of the year ("一季度", "6月底前") keep that year even if the date has
    already passed on ``as_of``: a leader speaking in November about "一季度" is
    usually reporting, not setting a deadline, so moving it to next year would invent
    a target. The note then says the date is before the speech, for a supervisor to
    check. "秋冬季" is the exception, since the campaign straddles two years: it ends
    31 Mar of ``as_of``'s year when spoken in Jan–Mar, and of the next year otherwise
    (in Oct–Dec the season under way, in Apr–Sep the coming one).
    Working days are counted with ``calendar`` (statutory schedule only by default).
    """
    text = _normalise(phrase)
    for basis, pattern in _PATTERNS:  # noqa: B007 — the matching basis is read after the loop
        match = pattern.match(text)
        if match:
            break
    else:
        return None
    if calendar is None:
        calendar = WorkdayCalendar()
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else as_of.year
    fallback = False
    try:
        if basis == "working_days":
            n = _number(groups["n"])
            due = calendar.add_working_days(as_of, n)
            fallback = bool(calendar.fallback_years(as_of, due))
            zh, en = f"自{as_of:%Y-%m-%d}起{n}个工作日", f"{n} working days after {as_of:%Y-%m-%d}"
        elif basis == "calendar_days":
            n = _number(groups["n"])
            days = n if groups["span"] in ("日", "天") else 7 * n
            due = as_of + timedelta(days=days)
            zh, en = f"自{as_of:%Y-%m-%d}起{days}日（自然日）", f"{days} calendar days after {as_of:%Y-%m-%d}"
        elif basis == "months":
            n = 6 if groups["half"] else _number(groups["n"])
            due = add_months(as_of, n)
            zh, en = f"自{as_of:%Y-%m-%d}起{n}个月", f"{n} months after {as_of:%Y-%m-%d}"
        elif basis in ("year_end", "by_year"):
            due = date(year, 12, 31)
            zh, en = f"{year}年年底", f"end of {year}"
        elif basis == "autumn_winter":
            if groups["first"]:
                first, second = int(groups["first"]), int(groups["second"])
                if second != first + 1:
                    return None
                season_end = second
            else:
                season_end = as_of.year if as_of.month <= 3 else as_of.year + 1
            due = date(season_end, 3, 31)
            zh = f"{season_end - 1}—{season_end}年秋冬季（10月1日至次年3月31日）结束"
            en = f"end of the {season_end - 1}–{season_end} autumn–winter season (1 Oct – 31 Mar)"
        elif basis == "quarter":
            q = _QUARTERS[groups["q"]]
            due = _month_end(year, 3 * q)
            zh, en = f"{year}年第{'一二三四'[q - 1]}季度末", f"end of Q{q} {year}"
        elif basis == "half_year":
            first_half = groups["half"] == "上"
            due = date(year, 6, 30) if first_half else date(year, 12, 31)
            zh = f"{year}年{groups['half']}半年末"
            en = f"end of the {'first' if first_half else 'second'} half of {year}"
        else:  # explicit_date
            month = _number(groups["month"])
            due = _month_end(year, month) if groups["end"] else date(year, month, _number(groups["day"]))
            zh, en = f"{due.year}年{due.month}月{due.day}日", f"{due:%Y-%m-%d}"
    except ValueError:  # 13月, 2月30日, 零个工作日 written oddly: not a date we can trust
        return None
    if fallback:
        zh += "；部分年份无节假日安排，仅按周末计算，请核对"
        en += "; no holiday schedule for part of the period, weekends only — please check"
    if due < as_of:
        zh += "（早于讲话日期，请核对）"
        en += " (before the speech date — please check)"
    return DeadlineResolution(date=due, basis=basis, fallback=fallback, note_zh=zh, note_en=en)
