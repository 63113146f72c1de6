"""From an incident to the facts the rules read.

Two layers, both finite so that every combination can be checked:

* a `Situation` is the incident seen relative to the notifying authority: is abuse suspected,
  what happened, where it happened and where the child lives *relative to this authority*, who
  looks after the child, and bounds on the age and the event date. Each axis keeps "unknown" as a
  value of its own; nothing is guessed.
* the *facts* are what a rule file names: three-valued booleans (`"true"`, `"false"`,
  `"unknown"`) and bounded quantities (age, event date) that rules compare with constants.

Bounds are cut at the constants the rules compare with ("thresholds"), so two incidents that no
rule can tell apart map to the same situation; that keeps the space small and the engine's work
cacheable without changing any answer.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import product
from typing import Any, Literal

from ._calendar import age_on
from .incident import EnglishPlace, Incident, PlaceOutsideEngland

__all__ = [
    "AXES",
    "BOOLEAN_FACTS",
    "QUANTITY_FACTS",
    "FactValues",
    "Situation",
    "Thresholds",
    "completions",
    "facts_of",
    "situation_of",
]

Truth = Literal["true", "false", "unknown"]
PlaceRelation = Literal[
    "this_area", "other_english_area", "england_area_unknown", "outside_england", "unknown"
]
Bounds = tuple[int, int]

# The oldest age we consider possible when a date of birth is unknown.
_MAX_AGE = 130


@dataclass(frozen=True, slots=True)
class BooleanFact:
    """A yes/no fact a rule can name, with words for each of its three values."""

    when_true: str
    when_false: str
    when_unknown: str


@dataclass(frozen=True, slots=True)
class QuantityFact:
    """A number or date a rule can compare with a constant."""

    label: str
    unit: Literal["years", "date"]


BOOLEAN_FACTS: Mapping[str, BooleanFact] = {
    "abuse_or_neglect_known_or_suspected": BooleanFact(
        "abuse or neglect is known or suspected",
        "abuse or neglect is not suspected",
        "it is not recorded whether abuse or neglect is known or suspected",
    ),
    "event_is_death": BooleanFact(
        "the child died", "the event is not a death", "it is not recorded whether the child died"
    ),
    "event_is_serious_harm": BooleanFact(
        "the child was seriously harmed",
        "the event is not recorded as serious harm",
        "it is not recorded whether the child was seriously harmed",
    ),
    "event_in_england": BooleanFact(
        "the event happened in England",
        "the event happened outside England",
        "where the event happened is not recorded",
    ),
    "event_in_notifying_area": BooleanFact(
        "the event happened in this authority's area",
        "the event did not happen in this authority's area",
        "it is not recorded whether the event happened in this authority's area",
    ),
    "normally_resident_in_notifying_area": BooleanFact(
        "the child is normally resident in this authority's area",
        "the child is not normally resident in this authority's area",
        "it is not recorded whether the child is normally resident in this authority's area",
    ),
    "looked_after_by_notifying_authority": BooleanFact(
        "the child is looked after by this authority",
        "the child is not looked after by this authority",
        "it is not recorded whether the child is looked after by this authority",
    ),
    "normally_resident_in_other_english_area": BooleanFact(
        "the child is normally resident in another English authority's area",
        "the child is not normally resident in another English authority's area",
        "it is not recorded whether the child is normally resident in another English "
        "authority's area",
    ),
    "looked_after_by_another_authority": BooleanFact(
        "the child is looked after by another English authority",
        "the child is not looked after by another authority",
        "it is not recorded whether the child is looked after by another authority",
    ),
}

QUANTITY_FACTS: Mapping[str, QuantityFact] = {
    "age_on_event_date": QuantityFact("the person's age on the event date", "years"),
    "event_date": QuantityFact("the event date", "date"),
}

# Each axis of a Situation, with the input path a practitioner would answer to settle it.
# Order is the tie-break for "most decisive first" in missing facts.
AXES: tuple[str, ...] = (
    "abuse",
    "event_kind",
    "event_place",
    "residence",
    "looked_after",
    "age",
    "event_date",
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The constants the rules compare each quantity with, sorted; they cut bounds into regions."""

    by_fact: Mapping[str, tuple[int, ...]]

    def region(self, fact: str, value: int) -> int:
        """A representative of the region `value` falls in: equal for values no rule tells apart."""
        cuts = self.by_fact.get(fact, ())
        if not cuts:
            return 0
        index = bisect.bisect_right(cuts, value)
        return cuts[index - 1] if index else cuts[0] - 1

    def regions(self, fact: str, bounds: Bounds) -> list[int]:
        """Every region representative between the two bounds, inclusive, in order."""
        low, high = bounds
        cuts = self.by_fact.get(fact, ())
        return [low] + [cut for cut in cuts if low < cut <= high]


@dataclass(frozen=True, slots=True)
class Situation:
    """An incident as the rules see it, relative to the notifying authority."""

    abuse: Literal["known_or_suspected", "not_suspected", "unknown"]
    event_kind: Literal["death", "serious_harm", "other", "unknown"]
    event_place: PlaceRelation
    residence: PlaceRelation
    looked_after: Literal["by_this_authority", "by_another_authority", "no", "unknown"]
    age: Bounds
    event_date: Bounds

    def unknown_axes(self) -> list[str]:
        """The axes that still have more than one possible value."""
        return [axis for axis in AXES if len(_alternatives(self, axis)) > 1]


FactValues = dict[str, str | int]


def _relation(place: EnglishPlace | PlaceOutsideEngland | None, authority: str) -> PlaceRelation:
    if place is None:
        return "unknown"
    if isinstance(place, PlaceOutsideEngland):
        return "outside_england"
    if place.local_authority is None:
        return "england_area_unknown"
    return "this_area" if place.local_authority == authority else "other_english_area"


def situation_of(incident: Incident, thresholds: Thresholds, today: date) -> Situation:
    """Map a validated incident to its point in the finite space the rules turn on."""
    authority = incident.notifying_authority
    child, event = incident.child, incident.event
    if child.looked_after == "yes":
        looked_after = (
            "by_this_authority" if child.looked_after_by == authority else "by_another_authority"
        )
    else:
        looked_after = child.looked_after
    latest_event = incident.became_aware_on or today

    if child.date_of_birth and event.date:
        age_low = age_high = age_on(child.date_of_birth, event.date)
    elif child.date_of_birth:
        # The event lies between birth and awareness, so the age lies between 0 and the age then.
        age_low, age_high = 0, age_on(child.date_of_birth, latest_event)
    else:
        age_low, age_high = 0, _MAX_AGE
    if child.looked_after == "yes":
        # A looked-after child is a child: under 18 (Children Act 1989 ss22, 105(1)).
        age_high = min(age_high, 17)
    if event.date:
        date_low = date_high = event.date.toordinal()
    else:
        date_low = (child.date_of_birth or date.min).toordinal()
        date_high = latest_event.toordinal()

    return Situation(
        abuse={
            "known": "known_or_suspected",
            "suspected": "known_or_suspected",
            "not_suspected": "not_suspected",
            "unknown": "unknown",
        }[incident.abuse_or_neglect],  # type: ignore[arg-type]
        event_kind=event.kind or "unknown",
        event_place=_relation(event.location, authority),
        residence=_relation(child.normally_resident, authority),
        looked_after=looked_after,  # type: ignore[arg-type]
        age=_cut(thresholds, "age_on_event_date", age_low, age_high),
        event_date=_cut(thresholds, "event_date", date_low, date_high),
    )


def _cut(thresholds: Thresholds, fact: str, low: int, high: int) -> Bounds:
    return thresholds.region(fact, low), thresholds.region(fact, high)


def _truth(value: bool | None) -> Truth:
    return "unknown" if value is None else ("true" if value else "false")


_IN_ENGLAND: Mapping[str, bool | None] = {
    "this_area": True,
    "other_english_area": True,
    "england_area_unknown": True,
    "outside_england": False,
    "unknown": None,
}
_IN_AREA: Mapping[str, bool | None] = {
    "this_area": True,
    "other_english_area": False,
    "england_area_unknown": None,
    "outside_england": False,
    "unknown": None,
}

# "In England, area unknown" may be this area or another: unknown, never guessed.
_IN_OTHER_AREA: Mapping[str, bool | None] = {
    "this_area": False,
    "other_english_area": True,
    "england_area_unknown": None,
    "outside_england": False,
    "unknown": None,
}


def facts_of(situation: Situation) -> FactValues:
    """The named facts of a situation, in the encoding the engine reads.

    Quantities become two numbers, `<name>__low` and `<name>__high`, so that a rule comparing a
    quantity with a constant is true when both bounds satisfy it, false when neither does and
    unknown otherwise.
    """
    kind = situation.event_kind
    return {
        "abuse_or_neglect_known_or_suspected": _truth(
            None if situation.abuse == "unknown" else situation.abuse == "known_or_suspected"
        ),
        "event_is_death": _truth(None if kind == "unknown" else kind == "death"),
        "event_is_serious_harm": _truth(None if kind == "unknown" else kind == "serious_harm"),
        "event_in_england": _truth(_IN_ENGLAND[situation.event_place]),
        "event_in_notifying_area": _truth(_IN_AREA[situation.event_place]),
        "normally_resident_in_notifying_area": _truth(_IN_AREA[situation.residence]),
        "looked_after_by_notifying_authority": _truth(
            None
            if situation.looked_after == "unknown"
            else situation.looked_after == "by_this_authority"
        ),
        "normally_resident_in_other_english_area": _truth(_IN_OTHER_AREA[situation.residence]),
        "looked_after_by_another_authority": _truth(
            None
            if situation.looked_after == "unknown"
            else situation.looked_after == "by_another_authority"
        ),
        "age_on_event_date__low": situation.age[0],
        "age_on_event_date__high": situation.age[1],
        "event_date__low": situation.event_date[0],
        "event_date__high": situation.event_date[1],
    }


_KNOWN_VALUES: Mapping[str, tuple[str, ...]] = {
    "abuse": ("known_or_suspected", "not_suspected"),
    "event_kind": ("death", "serious_harm", "other"),
    "event_place": ("this_area", "other_english_area", "outside_england"),
    "residence": ("this_area", "other_english_area", "outside_england"),
    "looked_after": ("by_this_authority", "by_another_authority", "no"),
}
_IN_ENGLAND_KNOWN = ("this_area", "other_english_area")


def _alternatives(
    situation: Situation, axis: str, thresholds: Thresholds | None = None
) -> list[Any]:
    value = getattr(situation, axis)
    if axis in ("age", "event_date"):
        low, high = value
        if low == high:
            return [value]
        if thresholds is None:
            return [value, value]  # only the count matters to unknown_axes
        fact = "age_on_event_date" if axis == "age" else "event_date"
        return [(point, point) for point in thresholds.regions(fact, value)]
    if value == "unknown":
        return list(_KNOWN_VALUES[axis])
    if value == "england_area_unknown":
        return list(_IN_ENGLAND_KNOWN)
    return [value]


def completions(
    situation: Situation, thresholds: Thresholds, axes: Sequence[str] | None = None
) -> Iterator[Situation]:
    """Every fully known situation consistent with this one (on `axes`, default all)."""
    chosen = AXES if axes is None else axes
    options = [_alternatives(situation, axis, thresholds) for axis in chosen]
    for values in product(*options):
        candidate = replace(situation, **dict(zip(chosen, values, strict=True)))
        if _possible(candidate):
            yield candidate


def _possible(situation: Situation) -> bool:
    # A child looked after by any authority is under 18; a completion that makes them older is
    # not a possible world.
    if situation.looked_after in ("by_this_authority", "by_another_authority"):
        return situation.age[0] < 18
    return True
