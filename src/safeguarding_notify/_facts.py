"""From an incident to the facts the rules read.

Two layers, both finite so that every combination can be checked:

* a `Situation` is the incident seen relative to the notifying authority: is abuse suspected,
  what happened, where it happened and where the child lives *relative to this authority*, who
  looks after the child, bounds on the age and the event date, and the optional answers (a
  regulated setting, whose care leaver, known to children's social care, the manner of death,
  an unborn child). Each axis keeps "unknown" as a value of its own; nothing is guessed.
* the *facts* are what a rule file names: three-valued booleans (`"true"`, `"false"`,
  `"unknown"`) and bounded quantities (age, event date) that rules compare with constants.

Bounds are cut at the constants the rules compare with ("thresholds"), so two incidents that no
rule can tell apart map to the same situation; that keeps the space small and the engine's work
cacheable without changing any answer.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields, replace
from datetime import date
from itertools import product
from operator import attrgetter
from typing import Any, Literal

from ._calendar import age_on
from .incident import (
    _ADULT,
    _MAX_AGE,
    EnglishPlace,
    Incident,
    PlaceOutsideEngland,
    latest_awareness,
)

__all__ = [
    "AXES",
    "AXIS_FACTS",
    "AXIS_INDEX",
    "AXIS_PATHS",
    "BOOLEAN_FACTS",
    "CHANGED_WITH",
    "POSSIBILITY_AXES",
    "QUANTITY_FACTS",
    "FactValues",
    "Situation",
    "Thresholds",
    "alternatives",
    "axis_values",
    "changed_values",
    "completions",
    "facts_of",
    "possible_values",
    "situation_of",
    "situation_values",
    "widen",
    "widest_value",
    "with_changers",
]

Truth = Literal["true", "false", "unknown"]
PlaceRelation = Literal[
    "this_area", "other_english_area", "england_area_unknown", "outside_england", "unknown"
]
Bounds = tuple[int, int]
YesNoUnknown = Literal["yes", "no", "unknown"]

_AGE_FACT = "age_on_event_date"
# A looked-after child is a child: under 18 (Children Act 1989 ss22, 105(1)).
_OLDEST_CHILD = _ADULT - 1


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
    "event_in_regulated_setting": BooleanFact(
        "the event happened in a regulated setting or service",
        "the event did not happen in a regulated setting or service",
        "it is not recorded whether the event happened in a regulated setting or service",
    ),
    "care_leaver_of_notifying_authority": BooleanFact(
        "the person is this authority's care leaver",
        "the person is not this authority's care leaver",
        "it is not recorded whether the person is this authority's care leaver",
    ),
    "known_to_childrens_social_care": BooleanFact(
        "the child is known to children's social care because of a recent incident or current "
        "concern about abuse or neglect",
        "the child is not known to children's social care for such a concern",
        "it is not recorded whether the child is known to children's social care for such a "
        "concern",
    ),
    "death_by_suspected_suicide_or_unexplained": BooleanFact(
        "the death is a suspected suicide or unexplained",
        "the death is neither a suspected suicide nor unexplained",
        "it is not recorded whether the death is a suspected suicide or unexplained",
    ),
    "child_is_unborn": BooleanFact(
        "the child is unborn",
        "the child has been born",
        "it is not recorded whether the child has been born",
    ),
    "normally_resident_in_other_english_area": BooleanFact(
        "the child is normally resident in another English authority's area",
        "the child is not normally resident in another English authority's area",
        "it is not recorded whether the child is normally resident in another English "
        "authority's area",
    ),
    "looked_after_by_another_authority": BooleanFact(
        "the child is looked after by another English authority",
        "the child is not looked after by another English authority",
        "it is not recorded whether the child is looked after by another English authority",
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
    "regulated_setting",
    "care_leaver",
    "social_care",
    "manner_of_death",
    "unborn",
)

# The facts each axis settles: an axis that no rule in force reads cannot change an answer.
# The input path a practitioner answers to settle each axis. For "age" it is the date of birth,
# or the event date when the birth date is known (the decider chooses per incident).
AXIS_PATHS: Mapping[str, str] = {
    "abuse": "abuse_or_neglect",
    "event_kind": "event.kind",
    "event_place": "event.location",
    "residence": "child.normally_resident",
    "looked_after": "child.looked_after",
    "age": "child.date_of_birth",
    "event_date": "event.date",
    "regulated_setting": "event.regulated_setting",
    "care_leaver": "child.care_leaver",
    "social_care": "child.known_to_childrens_social_care",
    "manner_of_death": "event.manner_of_death",
    "unborn": "child.unborn",
}

AXIS_FACTS: Mapping[str, tuple[str, ...]] = {
    "abuse": ("abuse_or_neglect_known_or_suspected",),
    "event_kind": ("event_is_death", "event_is_serious_harm"),
    "event_place": ("event_in_england", "event_in_notifying_area"),
    "residence": ("normally_resident_in_notifying_area", "normally_resident_in_other_english_area"),
    "looked_after": ("looked_after_by_notifying_authority", "looked_after_by_another_authority"),
    "age": ("age_on_event_date",),
    "event_date": ("event_date",),
    "regulated_setting": ("event_in_regulated_setting",),
    "care_leaver": ("care_leaver_of_notifying_authority",),
    "social_care": ("known_to_childrens_social_care",),
    "manner_of_death": ("death_by_suspected_suicide_or_unexplained",),
    "unborn": ("child_is_unborn",),
}


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
    # Axes added after the core (the 2015 regime, care leavers, advice, unborn children).
    # situation_of always sets them from the incident, "unknown" where not recorded; the
    # defaults only let code that builds a Situation by hand name the core axes alone.
    regulated_setting: YesNoUnknown = "no"
    care_leaver: Literal["of_this_authority", "of_another_authority", "no", "unknown"] = "no"
    social_care: YesNoUnknown = "no"
    manner_of_death: Literal["suspected_suicide", "unexplained", "other", "unknown"] = "other"
    unborn: Literal["yes", "no"] = "no"

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


def situation_of(
    incident: Incident, thresholds: Thresholds, today: date, unread: Collection[str] = ()
) -> Situation:
    """Map a validated incident to its point in the finite space the rules turn on.

    Optional axes named in `unread` (those no rule in force reads) keep their default value.
    """
    return Situation(*situation_values(incident, thresholds, today, unread))


def situation_values(
    incident: Incident, thresholds: Thresholds, today: date, unread: Collection[str] = ()
) -> tuple[Any, ...]:
    """`situation_of`'s axis values, in `AXES` order, without building the `Situation`.

    (What a decision needs when its conclusions are remembered: building the frozen dataclass
    costs more than the lookups it keys.)
    """
    authority = incident.notifying_authority
    child, event = incident.child, incident.event
    if child.looked_after == "yes":
        looked_after = (
            "by_this_authority" if child.looked_after_by == authority else "by_another_authority"
        )
    else:
        looked_after = child.looked_after
    # The event came before the awareness, which came before any notification recorded.
    latest_event = incident.became_aware_on or latest_awareness(incident, today)

    if child.date_of_birth and event.date:
        age_low = age_high = age_on(child.date_of_birth, event.date)
    elif child.date_of_birth:
        # The event lies between birth and awareness, so the age lies between 0 and the age then.
        age_low, age_high = 0, age_on(child.date_of_birth, latest_event)
    elif child.age_on_event_date:
        # Recorded only without a date of birth: the age as far as it is known (validated in
        # order, and from 0 to _MAX_AGE).
        age_low, age_high = child.age_on_event_date.at_least, child.age_on_event_date.at_most
    else:
        age_low, age_high = 0, _MAX_AGE
    if child.looked_after == "yes":
        age_high = min(age_high, _OLDEST_CHILD)
    if child.unborn:
        # Not yet born: no age. Rules about a child read `child_is_unborn` before the age, so
        # the bound only has to be a definite point, not a question to ask.
        age_low = age_high = 0
    if event.date:
        date_low = date_high = event.date.toordinal()
    else:
        date_low = (child.date_of_birth or date.min).toordinal()
        date_high = latest_event.toordinal()

    return (  # in AXES order, which is Situation's field order
        _ABUSE[incident.abuse_or_neglect],  # abuse
        event.kind or "unknown",  # event_kind
        _relation(event.location, authority),  # event_place
        _relation(child.normally_resident, authority),  # residence
        looked_after,  # looked_after
        _cut(thresholds, _AGE_FACT, age_low, age_high),  # age
        _cut(thresholds, "event_date", date_low, date_high),  # event_date
        _OPTIONAL["regulated_setting"]
        if "regulated_setting" in unread
        else event.regulated_setting,
        _OPTIONAL["care_leaver"] if "care_leaver" in unread else _care_leaver(incident),
        _OPTIONAL["social_care"]
        if "social_care" in unread
        else child.known_to_childrens_social_care,
        _OPTIONAL["manner_of_death"] if "manner_of_death" in unread else event.manner_of_death,
        _OPTIONAL["unborn"] if "unborn" in unread or not child.unborn else "yes",  # unborn
    )


# The rules read "known or suspected" as one: the Act's duty arises on either.
_ABUSE: Mapping[str, Literal["known_or_suspected", "not_suspected", "unknown"]] = {
    "known": "known_or_suspected",
    "suspected": "known_or_suspected",
    "not_suspected": "not_suspected",
    "unknown": "unknown",
}

# The optional axes and the value each keeps when it is not read (the fields' defaults).
_OPTIONAL: Mapping[str, Any] = {
    field.name: field.default for field in fields(Situation) if field.default is not MISSING
}


def _care_leaver(
    incident: Incident,
) -> Literal["of_this_authority", "of_another_authority", "no", "unknown"]:
    child = incident.child
    if child.unborn:
        return "no"  # validated: an unborn child is not a care leaver
    if child.care_leaver == "yes":
        mine = child.care_leaver_of == incident.notifying_authority
        return "of_this_authority" if mine else "of_another_authority"
    return child.care_leaver


def _cut(thresholds: Thresholds, fact: str, low: int, high: int) -> Bounds:
    bounds = thresholds.region(fact, low), thresholds.region(fact, high)
    # One object for each of the few distinct bounds: situations and the projections remembered
    # by the decider hold them by the tens of thousands.
    return _BOUNDS.setdefault(bounds, bounds)


_BOUNDS: dict[Bounds, Bounds] = {}


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
        "event_in_regulated_setting": _yes_no(situation.regulated_setting),
        "care_leaver_of_notifying_authority": _truth(
            None
            if situation.care_leaver == "unknown"
            else situation.care_leaver == "of_this_authority"
        ),
        "known_to_childrens_social_care": _yes_no(situation.social_care),
        "death_by_suspected_suicide_or_unexplained": _truth(
            None
            if situation.manner_of_death == "unknown"
            else situation.manner_of_death in ("suspected_suicide", "unexplained")
        ),
        "child_is_unborn": _yes_no(situation.unborn),
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


def _yes_no(value: str) -> Truth:
    return _truth(None if value == "unknown" else value == "yes")


_KNOWN_VALUES: Mapping[str, tuple[str, ...]] = {
    "abuse": ("known_or_suspected", "not_suspected"),
    "event_kind": ("death", "serious_harm", "other"),
    "event_place": ("this_area", "other_english_area", "outside_england"),
    "residence": ("this_area", "other_english_area", "outside_england"),
    "looked_after": ("by_this_authority", "by_another_authority", "no"),
    "regulated_setting": ("yes", "no"),
    "care_leaver": ("of_this_authority", "of_another_authority", "no"),
    "social_care": ("yes", "no"),
    "manner_of_death": ("suspected_suicide", "unexplained", "other"),
    "unborn": ("no", "yes"),
}
_IN_ENGLAND_KNOWN = ("this_area", "other_english_area")


def alternatives(situation: Situation, axis: str, thresholds: Thresholds) -> list[Any]:
    """The values one axis of a situation can still take (one when it is known)."""
    return _alternatives(situation, axis, thresholds)


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


def widest_value(axis: str, thresholds: Thresholds) -> Any:
    """The value of `axis` that is as unknown as it can be."""
    if axis == "age":
        return _cut(thresholds, _AGE_FACT, 0, _MAX_AGE)
    if axis == "event_date":
        return _cut(thresholds, "event_date", date.min.toordinal(), date.max.toordinal())
    return "unknown"


def widen(situation: Situation, axes: Iterable[str], thresholds: Thresholds) -> Situation:
    """The situation with each of `axes` made as unknown as it can be.

    Settling unknowns never reverses a Kleene outcome, so a rule that does not apply here does not
    apply in any situation that differs from this one only on `axes`.
    """
    return replace(situation, **{axis: widest_value(axis, thresholds) for axis in axes})


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
    return possible_values(axis_values(situation))


# A situation's axis values as a plain tuple, in `AXES` order (the order `Situation` declares its
# fields, so `Situation(*values)` rebuilds it). The searches for missing facts and what-if visit
# thousands of changed situations; changing a tuple costs a fraction of rebuilding a dataclass.
axis_values: Callable[[Situation], tuple[Any, ...]] = attrgetter(*AXES)
AXIS_INDEX: Mapping[str, int] = {axis: index for index, axis in enumerate(AXES)}
# The axes that decide whether a completed world is possible (`possible_values`) beside those
# completed, for the memories keyed by a situation's values. `possible_values` also reads the
# care-leaver axis, but only to refuse an unborn care leaver: one recorded is refused by
# validation, so such a world is only ever one completed, on an axis the key holds already
# (keying by it too took a fifth more searches of the missing facts).
POSSIBILITY_AXES = ("looked_after", "age", "unborn")
_LOOKED_AFTER, _AGE, _UNBORN, _CARE_LEAVER = map(
    AXIS_INDEX.__getitem__, (*POSSIBILITY_AXES, "care_leaver")
)
_BY_AN_AUTHORITY = ("by_this_authority", "by_another_authority")
_OF_AN_AUTHORITY = ("of_this_authority", "of_another_authority")


def possible_values(values: Sequence[Any]) -> bool:
    """Whether a situation's axis values (in `AXES` order) describe a possible world: one an
    incident that validation accepts can have."""
    if values[_UNBORN] == "yes":
        # An unborn child is neither looked after nor a care leaver.
        return bool(values[_LOOKED_AFTER] == "no" and values[_CARE_LEAVER] not in _OF_AN_AUTHORITY)
    # A child looked after by any authority is under 18; a completion that makes them older is
    # not a possible world.
    if values[_LOOKED_AFTER] in _BY_AN_AUTHORITY:
        return bool(values[_AGE][0] <= _OLDEST_CHILD)
    return True


# The axes whose values `changed_values` may change with a change of each axis.
CHANGED_WITH: Mapping[str, tuple[str, ...]] = {"looked_after": ("age",), "unborn": ("age",)}


def with_changers(axes: Iterable[str]) -> tuple[str, ...]:
    """`axes`, in `AXES` order, with each axis whose change changes one of them (`CHANGED_WITH`):
    a search over the age changes whether the child is looked after or born too (a child made
    looked after is under 18, as Panel rules reading only the age then find)."""
    read = set(axes)
    read |= {axis for axis, changed in CHANGED_WITH.items() if read.intersection(changed)}
    return tuple(axis for axis in AXES if axis in read)


def changed_values(
    values: Sequence[Any], changes: Iterable[tuple[str, Any]], thresholds: Thresholds
) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """A situation's axis values with `changes` (axis, new value) made, and every axis changed.

    What `situation_values` reads into the age from the other facts follows the change, so that
    the values are those of the incident the changes describe: a child made looked after is
    under 18; one made unborn has no age to ask about, and one made born an age unknown until
    its date of birth is recorded.
    """
    changed = list(values)
    axes = dict(changes)
    if "unborn" in axes and "age" not in axes:
        born = axes["unborn"] == "no"
        axes["age"] = widest_value("age", thresholds) if born else _cut(thresholds, _AGE_FACT, 0, 0)
    for axis, value in axes.items():
        changed[AXIS_INDEX[axis]] = value
    if changed[_LOOKED_AFTER] in _BY_AN_AUTHORITY:
        low, high = changed[_AGE]
        under_18 = thresholds.region(_AGE_FACT, _OLDEST_CHILD)
        if high > under_18:
            changed[_AGE] = axes["age"] = _BOUNDS.setdefault((low, under_18), (low, under_18))
    return tuple(changed), tuple(axes)
