"""Working days are counted as English practice counts them, however far apart the dates."""

from __future__ import annotations

import json
from calendar import isleap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import OTHER_AREA, OUR_AREA, working_day_in_england, working_days_after
from conftest import incident as an_incident
from safeguarding_notify import (
    DecisionDateError,
    OutsideCalendarError,
    decide,
    incident,
    plan_notifications,
)
from safeguarding_notify._calendar import (
    CALENDAR_YEARS,
    add_working_days,
    age_on,
    bank_holidays_between,
    is_working_day,
    leap_day_birthday,
    working_days_between,
)
from safeguarding_notify._explain import format_date, format_weekday

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(DAYS, DAYS)
def test_counted_working_days_equal_the_day_by_day_walk(start: date, end: date) -> None:
    """The arithmetic count equals walking the calendar day by day, in either direction."""
    assert working_days_between(start, end) == working_days_after(start, end)


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=400))
def test_adding_then_counting_working_days_gives_the_count_back(start: date, count: int) -> None:
    """Counting from a date to the date `count` working days on gives `count`, by the day-by-day
    walk, and that date is itself a working day (a weekend or bank holiday after it would count
    the same: the round trip alone could not tell)."""
    due = add_working_days(start, count)
    assert working_days_between(start, due) == working_days_after(start, due) == count
    assert count == 0 or working_day_in_england(due)


def test_christmas_and_new_year_are_not_counted() -> None:
    """From Christmas Eve 2026 to 4 January 2027 only 29, 30, 31 December and 4 January count."""
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 4


def test_the_queens_funeral_is_not_counted() -> None:
    """19 September 2022, a one-off bank holiday, is skipped: 16 to 20 September is one day."""
    assert working_days_between(date(2022, 9, 16), date(2022, 9, 20)) == 1


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=40))
def test_adding_working_days_equals_the_day_by_day_walk(start: date, count: int) -> None:
    """The date `count` working days after `start` is the one the day-by-day walk reaches."""
    day, remaining = start, count
    while remaining:
        day += timedelta(days=1)
        remaining -= working_day_in_england(day)
    assert add_working_days.__wrapped__(start, count) == day


@settings(max_examples=300, deadline=None)
@given(DAYS)
def test_working_day_is_a_weekday_that_is_no_holiday(day: date) -> None:
    """The library's working day is a weekday that is not a bank holiday in England."""
    assert is_working_day(day) == working_day_in_england(day)


@pytest.mark.parametrize(
    ("utc", "day_in_england"),
    [
        # Summer time: England's midnight is 23:00 UTC the day before.
        (datetime(2026, 7, 1, 22, 59, 59), date(2026, 7, 1)),
        (datetime(2026, 7, 1, 23, 0, 0), date(2026, 7, 2)),
        # Winter: England keeps UTC.
        (datetime(2026, 11, 26, 23, 59, 59), date(2026, 11, 26)),
        (datetime(2026, 11, 27, 0, 0, 0), date(2026, 11, 27)),
    ],
)
def test_today_in_england_turns_at_englands_midnight(
    monkeypatch: pytest.MonkeyPatch, utc: datetime, day_in_england: date
) -> None:
    """Today's date in England changes at midnight in London, not in UTC, and is never kept from
    a second before (it is read once a second)."""
    # A second before the instant, the clock was read and the date kept for that second.
    before = utc.replace(tzinfo=UTC).timestamp()
    monkeypatch.setattr(incident.time, "time", lambda: before - 0.5)
    incident.england_today()
    monkeypatch.setattr(incident.time, "time", lambda: before + 0.25)
    assert incident.england_today() == day_in_england


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2022, 9, 23), "23 September 2022"),
        (date(2019, 2, 1), "1 February 2019"),
        (date(2026, 12, 31), "31 December 2026"),
        (date(2018, 1, 9), "9 January 2018"),
    ],
)
def test_dates_are_worded_in_english_day_month_year(day: date, words: str) -> None:
    """Dates in reasons and notes read as an English manager writes them, whatever the locale."""
    assert format_date(day) == words


def test_weekdays_are_named_in_english_from_monday() -> None:
    """A due date's day of the week is named in English, whatever the locale, Monday first."""
    week = [format_weekday(date(2026, 11, 23) + timedelta(days=offset)) for offset in range(7)]
    assert week == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def test_the_calendar_lists_bank_holidays_only_within_its_years() -> None:
    """Beyond CALENDAR_YEARS the holidays package lists no bank holiday in England at all, so
    counting working days there would treat every weekday as one: a guess."""
    first, last = CALENDAR_YEARS
    for year, listed in [(first - 1, False), (first, True), (last, True), (last + 1, False)]:
        assert bool(holidays.country_holidays("GB", subdiv="ENG", years=year)) == listed


@pytest.mark.parametrize(
    ("today", "outcome"),
    [
        (date(CALENDAR_YEARS[0] - 1, 12, 31), "outside the calendar"),
        # Within the calendar, but before any incident the rules cover: refused for that alone.
        (date(CALENDAR_YEARS[0], 1, 1), "before the incident"),
        (date(CALENDAR_YEARS[1], 12, 31), "decided"),
        (date(CALENDAR_YEARS[1] + 1, 1, 1), "outside the calendar"),
    ],
    ids=["day before", "first day", "last day", "day after"],
)
def test_decisions_are_taken_against_dates_within_the_calendar_only(
    today: date, outcome: str
) -> None:
    """`today` on the first or last day of the calendar's years passes the calendar; a day outside
    is refused with OutsideCalendarError naming the years (a plan too), never a decision with
    guessed statuses. (On the last day, the Panel notified: a rapid review projected from an
    overdue notification would count from that day into a year not known, and be refused.)"""
    if outcome == "decided":
        notified = an_incident(notified_on={"panel": "2026-11-23"})
        assert decide(notified, today).obligations[0].status is not None
        return
    if outcome == "before the incident":
        with pytest.raises(DecisionDateError):
            decide(an_incident(), today)
        return
    with pytest.raises(OutsideCalendarError, match=r"known \(\d{4} to \d{4}\)"):
        decide(an_incident(), today)
    group = {"notifying_authority": OUR_AREA, "incidents": [an_incident()]}
    with pytest.raises(OutsideCalendarError):
        plan_notifications(group, today=today)


def test_a_deadline_running_past_the_calendar_is_refused_not_guessed() -> None:
    """Aware on 28 December 2100, the last year whose bank holidays are known: five working days run into 2101, where every weekday would count (3 January 2101, a substitute bank holiday, among them), so the decision is refused with OutsideCalendarError, as for a `today` outside those years; a deadline within them is still counted."""
    last_year = CALENDAR_YEARS[1]
    late = an_incident(
        **{"child.date_of_birth": f"{last_year - 10}-01-01", "event.date": f"{last_year}-12-28"},
        became_aware_on=f"{last_year}-12-28",
    )
    with pytest.raises(OutsideCalendarError, match=rf"running into {last_year + 1} .*known"):
        decide(late, date(last_year, 12, 31))
    earlier = an_incident(
        **{"child.date_of_birth": f"{last_year - 10}-01-01", "event.date": f"{last_year}-12-01"},
        became_aware_on=f"{last_year}-12-01",
        notified_on={"panel": f"{last_year}-12-02"},  # the rapid review counts from it
    )
    assert decide(earlier, date(last_year, 12, 31)).obligations[0].due_by == add_working_days(
        date(last_year, 12, 1), 5
    )


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (datetime(2026, 11, 30, 9, 0), "a date and time"),
        ("2026-11-30", "str"),
        # Falsy: each was taken for "not given" and silently became today.
        ("", "str"),
        (0, "int"),
        (False, "bool"),
    ],
    ids=["datetime", "string", "empty string", "zero", "false"],
)
def test_the_date_to_decide_against_must_be_a_date(today: object, kind: str) -> None:
    """`today` (or a plan's `submitted_on`) given as a date and time, whose day depends on the
    time zone, or as text is a TypeError naming it, not a failure deep inside the statuses."""
    with pytest.raises(TypeError, match=rf"^today must be a datetime.date .*, not {kind}$"):
        decide(an_incident(), today)  # type: ignore[arg-type]
    group = {"notifying_authority": OUR_AREA, "incidents": [an_incident()]}
    with pytest.raises(TypeError, match=rf"^submitted_on must be a datetime.date .*, not {kind}$"):
        plan_notifications(group, submitted_on=today)  # type: ignore[arg-type]


class _TestClockDate(date):
    """A subclass of date, as a test clock (freezegun's, say) gives."""


def test_a_date_subclass_is_the_plain_date_it_names() -> None:
    """A `today` given as a subclass of date, a month after the real today, admits an incident
    dated up to it and decides exactly as the plain date does (it admitted dates only up to the
    real today); a plan's `submitted_on` likewise."""
    later = incident.england_today() + timedelta(days=31)
    document = an_incident(
        **{"event.date": later.isoformat(), "became_aware_on": later.isoformat()}
    )
    given_as_subclass = decide(document, _TestClockDate(later.year, later.month, later.day))
    assert given_as_subclass == decide(document, later)
    assert type(given_as_subclass.rules_date) is date
    group = {"notifying_authority": OUR_AREA, "incidents": [document]}
    subclass_day = _TestClockDate(later.year, later.month, later.day)
    assert plan_notifications(group, submitted_on=subclass_day, today=subclass_day) == (
        plan_notifications(group, submitted_on=later, today=later)
    )


class _ShiftedDate(date):
    """A test clock's date whose sums are a day out (a buggy fake), so that its use shows."""

    def __add__(self, other: timedelta) -> date:  # type: ignore[override]
        return date.fromordinal(date.__add__(self, other).toordinal() + 1)


def test_an_incident_date_given_as_a_subclass_is_the_plain_date_it_names() -> None:
    """An incident's dates (awareness, event, birth, a notification) given as a subclass of date
    are validated into the plain dates they name, so neither the subclass's type nor its
    arithmetic reaches the incident or the decision (they kept it: the rules date was one)."""
    today = date(2026, 11, 27)
    plain = {
        "event.date": date(2026, 11, 18),
        "became_aware_on": date(2026, 11, 20),
        "child.date_of_birth": date(2012, 5, 5),
    }
    shifted = {path: _ShiftedDate(day.year, day.month, day.day) for path, day in plain.items()}
    made = {"panel": date(2026, 11, 23)}
    given = incident.Incident.model_validate(
        an_incident(**shifted, notified_on={"panel": _ShiftedDate(2026, 11, 23)})
    )
    dates = [
        given.event.date,
        given.became_aware_on,
        given.child.date_of_birth,
        given.notified_on["panel"],
    ]
    assert [type(day) for day in dates] == [date] * 4
    decision = decide(given, today)
    assert type(decision.rules_date) is date
    assert decision == decide(an_incident(**plain, notified_on=made), today)


def test_bank_holidays_between_lists_the_weekday_holidays_a_count_skips() -> None:
    """The bank holidays a count of working days skipped: a one-off (the State Funeral of 19
    September 2022) and substitute days for a Christmas on a weekend (27 and 28 December 2021),
    never the start day itself nor a holiday on a weekend."""
    assert bank_holidays_between(date(2022, 9, 16), date(2022, 9, 23)) == (date(2022, 9, 19),)
    assert bank_holidays_between(date(2021, 12, 24), date(2021, 12, 31)) == (
        date(2021, 12, 27),
        date(2021, 12, 28),
    )
    assert bank_holidays_between(date(2022, 9, 19), date(2022, 9, 23)) == ()
    assert bank_holidays_between(date(2025, 12, 19), date(2026, 1, 21)) == (
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
    )


@settings(max_examples=200)
@given(st.dates(date(2015, 1, 1), date(2030, 12, 31)), st.integers(0, 40))
def test_the_working_days_counted_are_the_weekdays_less_the_bank_holidays_named(
    start: date, count: int
) -> None:
    """Counting `count` working days from `start` passes `count` weekdays more than the bank
    holidays it names as skipped, each a weekday bank holiday in England."""
    due = add_working_days(start, count)
    skipped = bank_holidays_between(start, due)
    days = [start + timedelta(days=n) for n in range(1, (due - start).days + 1)]
    weekdays = [day for day in days if day.weekday() < 5]
    assert len(weekdays) - len(skipped) == count
    assert all(day in holidays.country_holidays("GB", subdiv="ENG") for day in skipped)
    assert set(skipped) <= set(weekdays)


def _future_incident() -> dict:
    incident = json.loads((_EXAMPLES / "incident.json").read_text())
    incident["event"]["date"] = "2100-02-22"
    incident["became_aware_on"] = "2100-02-24"
    return incident


@pytest.mark.parametrize("today", ["2100-03-03", datetime(2100, 3, 3, 12)])
def test_a_today_that_is_no_date_is_a_type_error_before_the_incident_is_read(today: object) -> None:
    """README: a today (or submitted_on) that is not a datetime.date raises TypeError naming it;
    an incident dated after the real today was refused instead, as "in the future"."""
    incident = _future_incident()
    with pytest.raises(TypeError, match="today"):
        decide(incident, today)  # type: ignore[arg-type]
    group = {"notifying_authority": incident["notifying_authority"], "incidents": [incident]}
    with pytest.raises(TypeError, match="today"):
        plan_notifications(group, today=today)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="submitted_on"):
        plan_notifications(group, submitted_on=today, today=date(2100, 3, 3))  # type: ignore[arg-type]


_EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"


_LEAP_BORN = {
    "child.date_of_birth": "2008-02-29",
    "event.kind": "serious_harm",
    "event.date": "2026-02-28",
    "became_aware_on": "2026-03-02",
}


def test_an_age_resting_on_a_29_february_birthday_is_flagged_where_it_decides() -> None:
    """Born 29 February 2008, harmed on 28 February 2026: taken as 17 (a year older on 1 March),
    s16C is owed; taken as 18 that day, nothing would be. The decision says so and is flagged
    for legal review (review s25, B4: silently settled), and not where the reading changes
    nothing: a day later, or an age no threshold turns on."""
    decision = decide(an_incident(**_LEAP_BORN), date(2026, 11, 28))
    assert decision.notify_panel == "required"
    (note,) = [note for note in decision.notes if "29 February" in note]
    assert "taken as 28 February, they were 18 that day" in note
    assert 'the Panel answer would be "not_required"' in note
    assert note.endswith("Flagged for legal review.")
    for quiet in ({"event.date": "2026-03-01"}, {"child.date_of_birth": "2012-02-29"}):
        other = decide(an_incident(**{**_LEAP_BORN, **quiet}), date(2026, 11, 28))
        assert not [note for note in other.notes if "29 February" in note], quiet


def test_a_looked_after_child_turning_18_on_28_february_is_flagged() -> None:
    """A looked-after child born 29 February 2008 who died on 28 February 2026: on the other
    reading 18, so no looked-after child, and the note says what would then not be owed (it said
    only that the person "could not be a looked-after child": review s26, B2); harmed, abuse not
    suspected, nothing is owed on either reading, and no note is given (it was)."""
    looked_after = {"child.looked_after": "yes", "child.looked_after_by": OUR_AREA}
    died = decide(
        an_incident(**{**_LEAP_BORN, "event.kind": "death", **looked_after}), date(2026, 11, 28)
    )
    (note,) = [note for note in died.notes if "29 February" in note]
    assert "would not have been a looked-after child (Children Act 1989 s105(1))" in note
    assert "the Secretary of State would not be owed a notification" in note
    harmed = an_incident(**{**_LEAP_BORN, **looked_after, "abuse_or_neglect": "not_suspected"})
    assert not [note for note in decide(harmed, date(2026, 11, 28)).notes if "29 Feb" in note]


def test_another_authoritys_duty_resting_on_the_leap_day_reading_is_flagged() -> None:
    """Harmed in Wales on 28 February 2026, living in another English area, born 29 February
    2008: on the 1 March reading 17, so that authority's s16C(1)(b) duty; on the other, none.
    Nothing of this authority's changes, and the note was missing (review s26, B1)."""
    elsewhere = {
        "event.location": {"country": "wales"},
        "child.normally_resident": {"country": "england", "local_authority": OTHER_AREA},
    }
    decision = decide(an_incident(**{**_LEAP_BORN, **elsewhere}), date(2026, 11, 28))
    assert decision.responsible_authority == OTHER_AREA
    (note,) = [note for note in decision.notes if "29 February" in note]
    assert "no other authority's duty would be engaged" in note


def _aged_on_28_february_reading(born: date, on: date) -> int:
    """Completed years on `on`, a 29 February birthday falling on 28 February in a common year."""
    leap_born = (born.month, born.day) == (2, 29)
    anniversary = date(on.year, 2, 28) if leap_born and not isleap(on.year) else None
    anniversary = anniversary or date(on.year, born.month, born.day)
    return on.year - born.year - (on < anniversary)


@given(st.dates(date(1990, 1, 1), date(2030, 12, 31)), st.integers(0, 40 * 366))
def test_only_28_february_of_a_common_year_rests_on_the_leap_day_reading(
    born: date, days: int
) -> None:
    """The two readings (a year older on 1 March, or on 28 February) give the same age on every
    day but 28 February of a common year for a person born on 29 February, the one day the
    decision checks."""
    on = born + timedelta(days=days)
    differ = _aged_on_28_february_reading(born, on) != age_on(born, on)
    assert differ == leap_day_birthday(born, on)


def test_the_leap_day_reading_is_drawn() -> None:
    """The property above meets its case: a 29 February birthday on a common year's 28 February."""
    born, on = date(2008, 2, 29), date(2026, 2, 28)
    assert (age_on(born, on), _aged_on_28_february_reading(born, on)) == (17, 18)
    assert leap_day_birthday(born, on)
