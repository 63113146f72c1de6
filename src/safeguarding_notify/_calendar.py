"""Working days and ages, as English practice counts them.

"Working day" is not defined in the guidance we encode (see docs/law.md): we count Monday to
Friday, skipping England's bank holidays (one-off ones included, as the `holidays` package lists
them), and the day of becoming aware is day 0.
"""

from __future__ import annotations

from bisect import bisect_right
from calendar import isleap
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from .errors import OutsideCalendarError

__all__ = [
    "CALENDAR_YEARS",
    "OUTSIDE_CALENDAR",
    "add_working_days",
    "age_on",
    "as_plain_date",
    "bank_holidays_between",
    "countable",
    "is_working_day",
    "leap_day_birthday",
    "plain_date",
    "working_days_between",
]

_ENGLAND_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")
# The years the `holidays` package knows England's bank holidays for (1872 to 2100 in 0.109).
# Outside them it lists none, so every weekday would count as a working day: a guess.
CALENDAR_YEARS = (type(_ENGLAND_HOLIDAYS).start_year, type(_ENGLAND_HOLIDAYS).end_year)
OUTSIDE_CALENDAR = (
    "is outside the years whose bank holidays in England are known "
    f"({CALENDAR_YEARS[0]} to {CALENDAR_YEARS[1]}), so working days cannot be counted against it"
)


def as_plain_date(value: object) -> date | None:
    """`value` as the plain date it names if it is a date (a subclass, as a test clock's, taken
    as the plain date, so that no behaviour of its own reaches the deadlines, nor its type the
    decision); None for anything else, a date and time among them (its day depends on the time
    zone)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        return None
    return value if type(value) is date else date(value.year, value.month, value.day)


def plain_date(value: object, name: str) -> date:
    """`value` if it is a date, else a `TypeError` naming it: a date argument given as text, or
    as a date and time (a datetime is a date too, but the day a time falls on depends on the
    time zone: the caller says which day it means, as an incident's dates with a time are
    refused)."""
    found = as_plain_date(value)
    if found is None:
        kind = "a date and time" if isinstance(value, datetime) else type(value).__name__
        raise TypeError(f"{name} must be a datetime.date (the day in England), not {kind}")
    return found


def countable(today: date, name: str = "today") -> date:
    """`today` (as a plain date), if working days can be counted up to it; else
    `OutsideCalendarError` (its message calls the date `name`), or `TypeError` for anything but
    a date.

    Incidents' own dates are never in the future, so `today` (a caller's choice of the date to
    decide against) is the only date that can reach beyond the known bank holidays; a far-off
    one would also cost seconds, each year's holidays being worked out on the way.
    """
    today = plain_date(today, name)
    if not CALENDAR_YEARS[0] <= today.year <= CALENDAR_YEARS[1]:
        raise OutsideCalendarError(f"{name} ({today.isoformat()}) {OUTSIDE_CALENDAR}")
    return today


def is_working_day(day: date) -> bool:
    """True on a Monday to Friday that is not a bank holiday in England."""
    return day.weekday() < 5 and day not in _ENGLAND_HOLIDAYS


# Remembered: a batch's awareness dates repeat; 2,048 of them cost ~0.5 MiB.
@lru_cache(maxsize=2048)
def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (`start` itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    # Walked on ordinals against each year's weekday bank holidays: asking the `holidays`
    # package about each day costs ~1 us a day (26 us for the rapid review's 15 working days),
    # and random awareness dates seldom repeat.
    ordinal, year = start.toordinal(), start.year
    holidays = _weekday_holiday_set(year)
    next_year = date(year, 12, 31).toordinal() + 1
    remaining = count
    while remaining:
        ordinal += 1
        if ordinal >= next_year:
            year += 1
            if year > CALENDAR_YEARS[1]:
                # Every weekday would count: a date a day or more early. (The year, not the
                # start: an error never repeats a submitted date.)
                raise OutsideCalendarError(f"a deadline running into {year} {OUTSIDE_CALENDAR}")
            holidays = _weekday_holiday_set(year)
            next_year = date(year, 12, 31).toordinal() + 1
        if (ordinal - 1) % 7 < 5 and ordinal not in holidays:  # ordinal 1 is a Monday
            remaining -= 1
    return date.fromordinal(ordinal)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    Counted, not walked: the weekdays by arithmetic, less the weekday bank holidays in between
    (a status counts from a due date that may be years old).
    """
    if end < start:
        return -working_days_between(end, start)
    first, last = start.toordinal(), end.toordinal()
    holidays_between = sum(
        bisect_right(days, last) - bisect_right(days, first)
        for days in map(_weekday_holidays, range(start.year, end.year + 1))
    )
    return _weekdays_through(last) - _weekdays_through(first) - holidays_between


def bank_holidays_between(start: date, end: date) -> tuple[date, ...]:
    """The bank holidays in England on a weekday after `start` up to and including `end`: those
    a count of working days from `start` to `end` skipped (so an account can show the calendar it
    counted with)."""
    first, last = start.toordinal(), end.toordinal()
    return tuple(
        date.fromordinal(day)
        for year in range(start.year, end.year + 1)
        for day in _weekday_holidays(year)
        if first < day <= last
    )


def _weekdays_through(ordinal: int) -> int:
    """Monday-to-Friday days from 1 January of year 1 (a Monday, ordinal 1) through `ordinal`."""
    weeks, extra = divmod(ordinal, 7)
    return 5 * weeks + min(extra, 5)


@lru_cache(maxsize=256)
def _weekday_holiday_set(year: int) -> frozenset[int]:
    # The same days as a set, for membership (a third faster than the tuple in the walk above);
    # the sorted tuple serves the bisections of `working_days_between`.
    return frozenset(_weekday_holidays(year))


@lru_cache(maxsize=256)
def _weekday_holidays(year: int) -> tuple[int, ...]:
    """The ordinals of the bank holidays in England that fall on a weekday in `year`, sorted."""
    day = date(year, 1, 1)
    days = []
    while day.year == year:
        if day.weekday() < 5 and not is_working_day(day):
            days.append(day.toordinal())
        day += timedelta(days=1)
    return tuple(days)


def age_on(born: date, on: date) -> int:
    """Completed years on a date; someone born on 29 February is a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def leap_day_birthday(born: date, on: date) -> bool:
    """Whether `on` is 28 February of a common year and `born` a 29 February: the one day whose
    age rests on a reading the law does not settle (`age_on` turns such a person a year older
    on 1 March; another reading of the Family Law Reform Act 1969 s9 says on 28 February)."""
    return (born.day, born.month, on.day, on.month) == (29, 2, 28, 2) and not isleap(on.year)
