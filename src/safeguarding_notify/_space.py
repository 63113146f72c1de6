"""The whole abstract fact space, point by point, and a concrete incident for each point.

`_facts.Situation` is the finite point an incident maps to. This module enumerates *every* point
(every value of every axis, unknown and partial values such as "england_area_unknown" included,
and every pair of bounds on each quantity cut at the rules' constants), and builds, for each point
and each period of rule versions, a valid `Incident` that `situation_of` maps back to that point.
The exhaustive check, the decision table and the mutation check all walk this space.

The enumeration is read from the axis definitions themselves: a categorical axis is a `Literal`
field of `Situation` and its values are the `Literal`'s; a quantity axis is a `Bounds` field.
When an axis is added, the edits needed here are:

* a categorical axis: an entry in `AXIS_INPUTS` saying which input produces each of its values
  (a test fails, naming the axis and value, until every value has one);
* a quantity axis: an entry in `QUANTITY_AXES` naming the quantity fact it bounds, and the dates
  that realise it in `_DateGrid` (today only the date of birth, event date and awareness).

Some points cannot occur (a looked-after child is under 18, so "looked after, 18 or over" has no
incident); `IncidentBuilder.builds` returns none for them, and `IncidentBuilder.possible` lists
only the points that can. Built incidents record dates, never an age range
(`Child.age_on_event_date`): the points only a range reaches (an age of 25 with the event date
unknown, say) are not built, and the checks walking the space do not visit them.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import cached_property, lru_cache
from itertools import combinations_with_replacement, product
from typing import Any

from pydantic import ValidationError

from ._conditions import comparisons, facts_named
from ._facts import AXIS_FACTS, Situation, Thresholds, situation_of
from ._rulefile import RuleBook, RuleVersion
from .incident import Incident, england_today, until

__all__ = [
    "AXIS_INPUTS",
    "FIXED",
    "HERE",
    "OTHER",
    "QUANTITY_AXES",
    "SEPARATE_AXES",
    "IncidentBuilder",
    "SubSpace",
    "axes_read",
    "axis_values",
    "categorical_axes",
    "checking_horizon",
    "period_span",
    "points",
    "space_size",
    "subspaces",
]

# The notifying authority of every built incident, and "another English authority".
HERE = "E08000025"
OTHER = "E09000007"

# Each quantity axis of `Situation` and the quantity fact (rules compare it) whose cuts bound it.
QUANTITY_AXES: Mapping[str, str] = {"age": "age_on_event_date", "event_date": "event_date"}

# Each categorical axis value and the input that produces it, as dotted paths of an incident.
AXIS_INPUTS: Mapping[str, Mapping[str, Mapping[str, Any]]] = {
    "abuse": {
        "known_or_suspected": {"abuse_or_neglect": "suspected"},
        "not_suspected": {"abuse_or_neglect": "not_suspected"},
        "unknown": {"abuse_or_neglect": "unknown"},
    },
    "event_kind": {
        "death": {"event.kind": "death"},
        "serious_harm": {"event.kind": "serious_harm"},
        "other": {"event.kind": "other"},
        "unknown": {"event.kind": None},
    },
    "event_place": {
        "this_area": {"event.location": {"country": "england", "local_authority": HERE}},
        "other_english_area": {"event.location": {"country": "england", "local_authority": OTHER}},
        "england_area_unknown": {"event.location": {"country": "england", "local_authority": None}},
        "outside_england": {"event.location": {"country": "wales"}},
        "unknown": {"event.location": None},
    },
    "residence": {
        "this_area": {"child.normally_resident": {"country": "england", "local_authority": HERE}},
        "other_english_area": {
            "child.normally_resident": {"country": "england", "local_authority": OTHER}
        },
        "england_area_unknown": {
            "child.normally_resident": {"country": "england", "local_authority": None}
        },
        "outside_england": {"child.normally_resident": {"country": "scotland"}},
        "unknown": {"child.normally_resident": None},
    },
    "looked_after": {
        "by_this_authority": {"child.looked_after": "yes", "child.looked_after_by": HERE},
        "by_another_authority": {"child.looked_after": "yes", "child.looked_after_by": OTHER},
        "no": {"child.looked_after": "no"},
        "unknown": {"child.looked_after": "unknown"},
    },
    "regulated_setting": {
        "yes": {"event.regulated_setting": "yes"},
        "no": {"event.regulated_setting": "no"},
        "unknown": {"event.regulated_setting": "unknown"},
    },
    "care_leaver": {
        "of_this_authority": {"child.care_leaver": "yes", "child.care_leaver_of": HERE},
        "of_another_authority": {"child.care_leaver": "yes", "child.care_leaver_of": OTHER},
        "no": {"child.care_leaver": "no"},
        "unknown": {"child.care_leaver": "unknown"},
    },
    "social_care": {
        "yes": {"child.known_to_childrens_social_care": "yes"},
        "no": {"child.known_to_childrens_social_care": "no"},
        "unknown": {"child.known_to_childrens_social_care": "unknown"},
    },
    "manner_of_death": {
        "suspected_suicide": {"event.manner_of_death": "suspected_suicide"},
        "unexplained": {"event.manner_of_death": "unexplained"},
        "other": {"event.manner_of_death": "other"},
        "unknown": {"event.manner_of_death": "unknown"},
    },
    "unborn": {"yes": {"child.unborn": True}, "no": {"child.unborn": False}},
}

# The value an axis keeps in a sub-space that does not enumerate it: a value valid with every
# value of every other axis (a manner of death other than unknown needs a death). An axis that no
# rule in force reads cannot change an answer there (tests/test_space.py shows it by varying it).
FIXED: Mapping[str, Any] = {
    "abuse": "unknown",
    "event_kind": "unknown",
    "event_place": "unknown",
    "residence": "unknown",
    "looked_after": "no",
    "regulated_setting": "no",
    "care_leaver": "no",
    "social_care": "no",
    "manner_of_death": "unknown",
    "unborn": "no",
}

# The skeleton every built incident starts from; AXIS_INPUTS and the dates fill it in.
_SKELETON: Mapping[str, Any] = {
    "notifying_authority": HERE,
    "child": {"date_of_birth": None, "normally_resident": None, "looked_after": "no"},
    "event": {"kind": None, "date": None, "location": None},
    "abuse_or_neglect": "unknown",
    "became_aware_on": None,
}


def categorical_axes() -> dict[str, tuple[str, ...]]:
    """Each axis of `Situation` typed as a `Literal`, with its values in declaration order."""
    return dict(_categorical_axes())


@lru_cache(maxsize=1)
def _categorical_axes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Read once: `typing.get_type_hints` costs about half a millisecond, and every point built
    # or enumerated asks for the axes.
    hints = typing.get_type_hints(Situation)
    found: dict[str, tuple[str, ...]] = {}
    for field in fields(Situation):
        hint = hints[field.name]
        if typing.get_origin(hint) is typing.Literal:
            found[field.name] = typing.get_args(hint)
        elif field.name not in QUANTITY_AXES:
            raise TypeError(
                f"Situation.{field.name} is neither a Literal nor listed in _space.QUANTITY_AXES"
            )
    return tuple(found.items())


def _regions(thresholds: Thresholds, fact: str) -> list[int]:
    """One representative per region the rules' constants cut a quantity into, in order."""
    cuts = thresholds.by_fact.get(fact, ())
    return [cuts[0] - 1, *cuts] if cuts else [0]


def axis_values(axis: str, thresholds: Thresholds) -> tuple[Any, ...]:
    """Every value an axis can take: its Literal values, or every (low, high) pair of regions."""
    if axis in QUANTITY_AXES:
        regions = _regions(thresholds, QUANTITY_AXES[axis])
        return tuple(combinations_with_replacement(regions, 2))
    return dict(_categorical_axes())[axis]


def points(thresholds: Thresholds) -> Iterator[Situation]:
    """Every point of the abstract space, possible or not, in a stable order."""
    names = [field.name for field in fields(Situation)]
    for values in product(*(axis_values(name, thresholds) for name in names)):
        yield Situation(**dict(zip(names, values, strict=True)))


def space_size(thresholds: Thresholds) -> int:
    """How many points `points` yields."""
    size = 1
    for field in fields(Situation):
        size *= len(axis_values(field.name, thresholds))
    return size


def _rules_of(book: RuleBook, period: int, advice: bool) -> list[RuleVersion]:
    """The rules in force in `period` that advise, or those that do not (duties, the Panel
    answer, flags, rapid review). Before the first boundary no rule is in force."""
    if period == 0:
        return []
    return [
        rule
        for rule in book.in_force(book.period_start(period))
        if any(then.advise for then in rule.then) == advice
    ]


def _axes_of(rules: list[RuleVersion]) -> tuple[str, ...]:
    named = set().union(*(facts_named(rule.when) for rule in rules))
    return tuple(axis for axis, facts in AXIS_FACTS.items() if set(facts) & named)


def _cuts_of(rules: list[RuleVersion]) -> Thresholds:
    cuts: dict[str, set[int]] = {}
    for rule in rules:
        for compare in comparisons(rule.when):
            cuts.setdefault(compare.fact, set()).add(compare.cut)
    return Thresholds({fact: tuple(sorted(values)) for fact, values in cuts.items()})


def axes_read(book: RuleBook, period: int, advice: bool) -> tuple[str, ...]:
    """The axes whose facts the rules in force in `period` read (advisory rules, or the others)."""
    return _axes_of(_rules_of(book, period, advice))


@dataclass(frozen=True, slots=True)
class SubSpace:
    """The points of one period worth checking: every combination of the axes some rules in force
    read, quantities cut only at the constants those rules compare with, every other categorical
    axis held at its `FIXED` value."""

    name: str
    axes: tuple[str, ...]
    thresholds: Thresholds

    def points(self) -> Iterator[Situation]:
        """Every point of the sub-space, possible or not, in a stable order."""
        names = [field.name for field in fields(Situation)]
        options = [
            axis_values(name, self.thresholds)
            if name in self.axes or name in QUANTITY_AXES
            else (FIXED[name],)
            for name in names
        ]
        for values in product(*options):
            yield Situation(**dict(zip(names, values, strict=True)))

    def size(self) -> int:
        """How many points `points` yields."""
        size = 1
        for name in {*self.axes, *QUANTITY_AXES}:
            size *= len(axis_values(name, self.thresholds))
        return size


# Axes whose rules are checked on a sub-space of their own (tests/test_space.py shows that no
# other duty rule reads them). The care-leaver rule reads the death, the age and whose care
# leaver: multiplying every duty point by its 4 values and its extra age cuts (16, 25) would
# multiply the duties' space by 4 x 10/3 for one rule.
SEPARATE_AXES = ("care_leaver",)


def _recipients(rule: RuleVersion) -> set[str]:
    return {then.notify for then in rule.then if then.notify}


def subspaces(book: RuleBook, period: int) -> tuple[SubSpace, ...]:
    """The sub-spaces that together check every answer of a period exhaustively.

    * "duties": the axes the non-advisory rules read, cut where they compare.
    * a rule reading an axis of `SEPARATE_AXES` (the care-leaver rule: `care_leaver`, ages 16
      and 25) is split off: the duties hold that axis at its `FIXED` value, and a sub-space named
      after the rule enumerates its axes together with those of every rule owing one of its
      recipients (a must and a should to one recipient merge), cut where they all compare.
    * "advice": the axes the advisory rules read. An axis only advice reads (children's social
      care, the manner of death) cannot change the Panel answer, the obligations or the decisive
      questions, so the duties are not multiplied by it.
    """
    duties = _rules_of(book, period, advice=False)
    separate = [rule for rule in duties if set(_axes_of([rule])) & set(SEPARATE_AXES)]
    rest = [rule for rule in duties if rule not in separate]
    found = [SubSpace("duties", _axes_of(rest), _cuts_of(rest))]
    for rule in separate:
        sharing = [other for other in duties if _recipients(other) & _recipients(rule)]
        group = list(dict.fromkeys([rule, *sharing]))
        found.append(SubSpace(rule.id, _axes_of(group), _cuts_of(group)))
    advice = _rules_of(book, period, advice=True)
    if advice:
        found.append(SubSpace("advice", _axes_of(advice), _cuts_of(advice)))
    return tuple(found)


def checking_horizon(book: RuleBook) -> date:
    """The last day the checks (the decision table, the comparison with the oracle, the mutation
    check) decide on: today, or the first day of the rules' last period when that is later, so
    that a change of the law commencing after today is checked before it commences."""
    return max(england_today(), *book.boundaries[-1:])


def period_span(book: RuleBook, period: int, today: date) -> tuple[date, date] | None:
    """The first and last day of a period on which an incident can be known today, if any."""
    end = book.period_end(period)
    last = min(today, end - timedelta(days=1)) if end else today
    first = book.period_start(period) if period else last - timedelta(days=365)
    return (first, last) if first <= last else None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True, slots=True)
class _Dates:
    born: date | None
    happened: date | None
    aware: date


class _DateGrid:
    """Concrete dates that realise every reachable pair of quantity bounds in one period.

    Candidates sit on each side of every constant the rules compare with (the day before a date
    cut and the day itself, the day before and on each birthday at an age cut), so every region
    combination an incident can reach is reached. They are tried boundary first, so the incident
    kept for each combination sits next to the constant (aged 17 rather than 0 for "under 18"):
    a rule whose constant moves by one is then told apart.
    """

    def __init__(self, thresholds: Thresholds, span: tuple[date, date]) -> None:
        # For each reachable (looked after?, unborn?, age bounds, event date bounds): the dates
        # found, one per awareness date (the period's first day and its last), first day first.
        self.found: dict[tuple[bool, bool, Any, Any], list[_Dates]] = {}
        first, last = span
        date_cuts = [date.fromordinal(cut) for cut in thresholds.by_fact.get("event_date", ())]
        age_cuts = thresholds.by_fact.get("age_on_event_date", ())
        ages = list(dict.fromkeys([*(age for cut in age_cuts for age in (cut - 1, cut)), 0, 40]))
        near_cuts = [day for cut in date_cuts for day in (cut - timedelta(days=1), cut)]
        for aware in dict.fromkeys([first, last]):
            anchors = list(dict.fromkeys([*near_cuts, aware]))
            happened_options: list[date | None] = [day for day in anchors if day <= aware]
            happened_options += [None, _years_before(aware, 40)]
            for happened in happened_options:
                born_options: list[date | None] = []
                for anchor in dict.fromkeys([happened or aware, *anchors]):
                    for age in ages:
                        birthday = _years_before(anchor, age)
                        born_options += [birthday, birthday + timedelta(days=1)]
                for born in [*born_options, None]:
                    for looked_after in (False, True):
                        self._try(thresholds, _Dates(born, happened, aware), looked_after, False)
                self._try(thresholds, _Dates(None, happened, aware), False, True)

    def _try(self, thresholds: Thresholds, dates: _Dates, looked_after: bool, unborn: bool) -> None:
        probe = _incident({"child.unborn": unborn}, dates, looked_after)
        if probe is None:
            return
        situation = situation_of(probe, thresholds, dates.aware)
        key = (looked_after, unborn, situation.age, situation.event_date)
        kept = self.found.setdefault(key, [])
        if all(other.aware != dates.aware for other in kept):
            kept.append(dates)


def _incident(overrides: Mapping[str, Any], dates: _Dates, looked_after: bool) -> Incident | None:
    document: dict[str, Any] = {
        key: dict(value) if isinstance(value, Mapping) else value
        for key, value in _SKELETON.items()
    }
    if looked_after:
        document["child"].update(looked_after="yes", looked_after_by=OTHER)
    for path, value in overrides.items():
        *parents, leaf = path.split(".")
        target = document
        for part in parents:
            target = target[part]
        target[leaf] = value
    document["child"]["date_of_birth"] = dates.born
    document["event"]["date"] = dates.happened
    document["became_aware_on"] = dates.aware
    try:
        # Dated up to its awareness, which may be after today in a period commencing later.
        return Incident.model_validate(document, context=until(dates.aware))
    except ValidationError:
        return None


class IncidentBuilder:
    """Concrete, valid incidents for the points of the space, one period of rules at a time."""

    def __init__(self, book: RuleBook, thresholds: Thresholds, today: date | None = None) -> None:
        self.book = book
        self.thresholds = thresholds
        self.today = today or checking_horizon(book)
        self._grids: dict[int, _DateGrid | None] = {}

    @cached_property
    def periods(self) -> tuple[int, ...]:
        """Every period of rule versions that has at least one day up to today."""
        count = len(self.book.boundaries) + 1
        return tuple(p for p in range(count) if period_span(self.book, p, self.today))

    def _grid(self, period: int) -> _DateGrid | None:
        if period not in self._grids:
            span = period_span(self.book, period, self.today)
            self._grids[period] = _DateGrid(self.thresholds, span) if span else None
        return self._grids[period]

    def builds(self, point: Situation, period: int) -> list[Incident]:
        """Valid incidents whose situation is `point`, aware in `period`: one aware on the period's
        first day and one on its last, where each can have that situation (a rule ending or
        starting within the span is then told apart).

        Empty when no incident can have that situation in that period (for example a looked-after
        person of 18 or over), or none dated by a date of birth can: an age known to be 18 or
        over without a known event date, or a range of ages not from birth, which only an age
        range (`Child.age_on_event_date`) records, and none is built here.
        """
        grid = self._grid(period)
        if grid is None:
            return []
        looked_after = point.looked_after in ("by_this_authority", "by_another_authority")
        overrides: dict[str, Any] = {}
        for axis, _ in _categorical_axes():
            overrides.update(AXIS_INPUTS[axis][getattr(point, axis)])
        key = (looked_after, point.unborn == "yes", point.age, point.event_date)
        found = grid.found.get(key, [])
        built = [_incident(overrides, dates, looked_after) for dates in found]
        return [incident for incident in built if incident is not None]

    def build(self, point: Situation, period: int) -> Incident | None:
        """One incident for `point` in `period` (the earliest aware), or None if none can exist."""
        built = self.builds(point, period)
        return built[0] if built else None

    def possible(
        self, period: int, space: SubSpace | None = None
    ) -> Iterator[tuple[Situation, Incident]]:
        """Every point (of the whole space, or of `space`) that some incident reaches in
        `period`, with the incident built for it."""
        for point in space.points() if space else points(self.thresholds):
            built = self.build(point, period)
            if built is not None:
                yield point, built
