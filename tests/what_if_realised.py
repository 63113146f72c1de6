"""A what-if change made to an incident: the concrete incidents it describes, so that the tests
can decide them again (each end of a range of ages or dates is one incident)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from conftest import WRITTEN_DATE, changed, read_date
from safeguarding_notify import FactChange
from safeguarding_notify._calendar import age_on
from safeguarding_notify.incident import england_today

Document = dict[str, Any]

_ELSEWHERE = ("E06999998", "E06999999")  # another English area: one the incident does not name
_CATEGORICAL = (
    "event.regulated_setting",
    "child.known_to_childrens_social_care",
    "event.manner_of_death",
)
_AGES = re.compile(
    r"the child were under (?P<below>\d+) on the event date"
    r"|the person were (?P<from>\d+) or over on the event date"
    r"|the person were aged (?P<low>\d+) to (?P<high>\d+) on the event date"
)
_DAY = f"({WRITTEN_DATE})"
_DATES = re.compile(
    rf"the event had happened before (?P<before>{_DAY})"
    rf"|the event had happened on or after (?P<after>{_DAY})"
    rf"|the event had happened from (?P<start>{_DAY}) and before (?P<end>{_DAY})"
)
_AWARE = re.compile(
    rf"the authority had become aware on or after (?P<after>{_DAY})"
    rf"|the authority had become aware from (?P<start>{_DAY}) to (?P<last>{_DAY})"
)
_SUSPECTED = re.compile(
    rf"abuse or neglect had come to be known or suspected on or after (?P<after>{_DAY})"
    rf"|abuse or neglect had come to be known or suspected from (?P<start>{_DAY}) to "
    rf"(?P<last>{_DAY})"
)
EARLIEST_EVENT = date(1900, 1, 1)


def another_area(document: Document) -> str:
    """An English authority that is not the notifying one."""
    return next(code for code in _ELSEWHERE if code != document["notifying_authority"])


def _place(relation: str, document: Document) -> dict[str, Any]:
    return {
        "this_area": {"country": "england", "local_authority": document["notifying_authority"]},
        "other_english_area": {"country": "england", "local_authority": another_area(document)},
        "outside_england": {"country": "wales"},
    }[relation]


def _by(value: str, document: Document) -> tuple[str, str | None]:
    """A "by_/of_ this or another authority" answer as the recorded answer and its authority."""
    if value == "no":
        return "no", None
    this = value.endswith("this_authority")
    return "yes", document["notifying_authority"] if this else another_area(document)


# The field holding the authority of each "by_/of_ this or another authority" answer.
_BY_FIELD = {
    "child.looked_after": "child.looked_after_by",
    "child.care_leaver": "child.care_leaver_of",
}


def changed_fact(document: Document, path: str, value: str) -> Document:
    """The document with one fact (not a quantity) set to a what-if value, and what validation
    requires to go with it."""
    return changed(document, **_fact_overrides(document, path, value))


def _fact_overrides(document: Document, path: str, value: str) -> dict[str, Any]:
    if path == "abuse_or_neglect":
        if value == "known_or_suspected":
            return {path: "suspected"}
        return {path: value, "abuse_or_neglect_suspected_on": None}
    if path == "event.kind":
        return {path: value, **({} if value == "death" else {"event.manner_of_death": "unknown"})}
    if path in ("event.location", "child.normally_resident"):
        return {path: _place(value, document)}
    if path in _BY_FIELD:
        answer, authority = _by(value, document)
        return {path: answer, _BY_FIELD[path]: authority}
    if path == "child.unborn":
        if value == "no":
            return {path: False}
        # An unborn child has no age: neither a date of birth nor an age range.
        return {path: True, "child.date_of_birth": None, "child.age_on_event_date": "<absent>"}
    if path in _CATEGORICAL:
        return {path: value}
    raise KeyError(path)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, month=3, day=1)


def _within(document: Document, first: date, last: date) -> list[date]:
    """`first` and `last` held to the days the event can fall on (from the birth to the
    awareness), or none where no day can."""
    born = document["child"]["date_of_birth"]
    aware = document["became_aware_on"]
    low = max(first, date.fromisoformat(born) if born else EARLIEST_EVENT)
    high = min(last, date.fromisoformat(aware) if aware else england_today())
    return sorted({low, high}) if low <= high else []


def _aged(document: Document, words: str) -> list[Document]:
    """The incidents at each end of a range of ages on the event date: the date of birth moved
    where the event date is recorded, else the event date (the date of birth is then recorded)."""
    match = _AGES.fullmatch(words)
    assert match, words
    low = int(match["from"] or match["low"] or 0)
    high = int(match["below"] or 0) - 1 if match["below"] else int(match["high"] or low + 3)
    if document["event"]["date"] is None and document["child"]["date_of_birth"] is None:
        # Both to record: the event on the last day it can fall on, the birth moved.
        aware = document["became_aware_on"] or england_today().isoformat()
        document = changed(document, **{"event.date": aware})
    event = document["event"]["date"]
    found = []
    for age in sorted({low, high}):
        if event:
            day = date.fromisoformat(event)
            # The latest and the earliest birth giving that age on the event date.
            for born in (
                _years_after(day, -age),
                _years_after(day, -age - 1) + timedelta(days=1),
            ):
                found.append(
                    changed(
                        document,
                        **{
                            "child.date_of_birth": born.isoformat(),
                            "child.unborn": False,
                            # The date of birth settles the age: a range recorded goes.
                            "child.age_on_event_date": "<absent>",
                        },
                    )
                )
        else:
            born = date.fromisoformat(document["child"]["date_of_birth"])
            for day in _within(
                document, _years_after(born, age), _years_after(born, age + 1) - timedelta(days=1)
            ):
                assert age_on(born, day) == age
                found.append(changed(document, **{"event.date": day.isoformat()}))
    return found


def _dated(document: Document, words: str) -> list[Document]:
    """The incidents with the event at each end of a range of dates (within its possible days)."""
    match = _DATES.fullmatch(words)
    assert match, words
    first = (
        read_date(match["after"] or match["start"]) if match["after"] or match["start"] else None
    )
    end = match["before"] or match["end"]
    last = read_date(end) - timedelta(days=1) if end else None
    days = _within(document, first or EARLIEST_EVENT, last or date.max)
    return [changed(document, **{"event.date": day.isoformat()}) for day in days]


def _aware(document: Document, words: str) -> list[Document]:
    """The incidents aware on the first and on the last day of a range of awareness dates (the
    last held to the first notification recorded, which cannot precede the awareness)."""
    match = _AWARE.fullmatch(words)
    assert match, words
    latest = min([england_today(), *map(date.fromisoformat, document["notified_on"].values())])
    last = read_date(match["last"]) if match["last"] else latest
    days = sorted({read_date(match["after"] or match["start"]), last})
    return [changed(document, became_aware_on=day.isoformat()) for day in days]


def _suspected(document: Document, words: str) -> list[Document]:
    """The incidents abuse or neglect came to be known or suspected in on the first and on the
    last day of a range of suspicion dates (the last held to today)."""
    match = _SUSPECTED.fullmatch(words)
    assert match, words
    last = read_date(match["last"]) if match["last"] else england_today()
    days = sorted({read_date(match["after"] or match["start"]), last})
    # Known or suspected, as the change with it says where it was not recorded so.
    abuse = document["abuse_or_neglect"] if document["abuse_or_neglect"] == "known" else "suspected"
    return [
        changed(document, abuse_or_neglect=abuse, abuse_or_neglect_suspected_on=day.isoformat())
        for day in days
    ]


def _is_quantity(change: FactChange) -> bool:
    value = str(change.value)
    return bool(
        _AGES.fullmatch(value)
        or _DATES.fullmatch(value)
        or _AWARE.fullmatch(value)
        or _SUSPECTED.fullmatch(value)
    )


def realised(document: Document, changes: Iterable[FactChange]) -> list[Document]:
    """Every concrete incident the changes describe together: facts first, then the age or the
    event date (which read the date of birth a change of `unborn` clears). Empty when no
    incident can have them (a range of event dates outside the days the event can fall on)."""
    documents = [document]
    for change in sorted(changes, key=_is_quantity):
        value = str(change.value)
        if _AGES.fullmatch(value):
            documents = [found for each in documents for found in _aged(each, value)]
        elif _DATES.fullmatch(value):
            documents = [found for each in documents for found in _dated(each, value)]
        elif _AWARE.fullmatch(value):
            documents = [found for each in documents for found in _aware(each, value)]
        elif _SUSPECTED.fullmatch(value):
            documents = [found for each in documents for found in _suspected(each, value)]
        else:
            documents = [changed_fact(each, change.path, value) for each in documents]
    return documents
