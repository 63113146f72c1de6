"""Working days and ages, as English practice counts them.

"Working day" is not defined in the guidance we encode (see docs/law.md): we count Monday to
Friday, skipping England's bank holidays (one-off ones included, as the `holidays` package lists
them), and the day of becoming aware is day 0.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = ["add_working_days", "age_on", "is_working_day", "working_days_between"]

_ENGLAND_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date) -> bool:
    """True on a Monday to Friday that is not a bank holiday in England."""
    return day.weekday() < 5 and day not in _ENGLAND_HOLIDAYS


@lru_cache(maxsize=8192)
def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (`start` itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


@lru_cache(maxsize=8192)  # statuses ask the same (due date, today) pairs again and again
def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(offset))
    )


def age_on(born: date, on: date) -> int:
    """Completed years on a date; someone born on 29 February is a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
