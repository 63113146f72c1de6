"""Why not, and what if: the smallest changes of the facts that would make the Panel required.

The search runs over the axes of a `Situation` (see `_facts`), asking the decider (and so the
engine) for each changed situation: every single-axis change to another value first, and pairs of
changes on two axes only when no single change suffices. Nothing here reads the rules' conditions;
the answers come from the rules' outcomes, so they follow any change to the rule files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import combinations
from typing import Any

from ._explain import format_date
from ._facts import _KNOWN_VALUES, AXES, Situation, Thresholds, _possible
from .decision import FactChange, WhatIf

__all__ = ["what_if"]

# The input path a practitioner would change, and the words for each value of each axis.
_PATHS = {
    "abuse": "abuse_or_neglect",
    "event_kind": "event.kind",
    "event_place": "event.location",
    "residence": "child.normally_resident",
    "looked_after": "child.looked_after",
    "age": "child.date_of_birth",
    "event_date": "event.date",
}
_WORDS: Mapping[str, Mapping[str, str]] = {
    "abuse": {
        "known_or_suspected": "if abuse or neglect were known or suspected",
        "not_suspected": "if abuse or neglect were not suspected",
    },
    "event_kind": {
        "death": "if the child had died",
        "serious_harm": "if the child had been seriously harmed",
        "other": "if the event were neither a death nor serious harm",
    },
    "event_place": {
        "this_area": "if the event had happened in this authority's area",
        "other_english_area": "if the event had happened in another English authority's area",
        "outside_england": "if the event had happened outside England",
    },
    "residence": {
        "this_area": "if the child were normally resident in this area",
        "other_english_area": "if the child were normally resident in another English area",
        "outside_england": "if the child were normally resident outside England",
    },
    "looked_after": {
        "by_this_authority": "if the child were looked after by this authority",
        "by_another_authority": "if the child were looked after by another authority",
        "no": "if the child were not looked after",
    },
}
_QUANTITY = {"age": "age_on_event_date", "event_date": "event_date"}
_MAX_ANSWERS = 12

Change = tuple[str, Any, FactChange]
Required = Callable[[Situation], tuple[str, ...] | None]


def what_if(situation: Situation, thresholds: Thresholds, required: Required) -> list[WhatIf]:
    """Single changes that make the Panel required; if there are none, pairs of changes.

    `required(situation)` returns the Panel rules that apply when the answer is "required", and
    None otherwise.
    """
    changes = list(_changes(situation, thresholds))
    found = _try(situation, [(change,) for change in changes], required)
    if not found:
        pairs = [(a, b) for a, b in combinations(changes, 2) if a[0] != b[0]]
        found = _try(situation, pairs, required)
    return found[:_MAX_ANSWERS]


def _try(
    situation: Situation, candidates: Sequence[tuple[Change, ...]], required: Required
) -> list[WhatIf]:
    found = []
    for changes in candidates:
        changed = replace(situation, **{axis: value for axis, value, _ in changes})
        if not _possible(changed):
            continue
        rules = required(changed)
        if rules:
            first, *rest = (change.words for *_, change in changes)
            words = " and ".join([first, *(item.removeprefix("if ") for item in rest)])
            found.append(
                WhatIf(
                    changes=[change for *_, change in changes],
                    explanation=f"The Panel notification would be required {words} "
                    f"({', '.join(rules)}).",
                    rules=list(rules),
                )
            )
    return found


def _changes(situation: Situation, thresholds: Thresholds) -> Iterator[Change]:
    """Every other value of every axis, in axis order."""
    for axis in AXES:
        current = getattr(situation, axis)
        if axis in _QUANTITY:
            yield from _quantity_changes(axis, current, thresholds)
            continue
        for value in _KNOWN_VALUES[axis]:
            if value != current:
                yield (
                    axis,
                    value,
                    FactChange(path=_PATHS[axis], value=value, words=_WORDS[axis][value]),
                )


def _quantity_changes(
    axis: str, current: tuple[int, int], thresholds: Thresholds
) -> Iterator[Change]:
    fact = _QUANTITY[axis]
    cuts = thresholds.by_fact.get(fact, ())
    if not cuts:
        return
    regions = [(None, cuts[0]), *zip(cuts, [*cuts[1:], None], strict=True)]
    for low, high in regions:
        representative = cuts[0] - 1 if low is None else low
        point = (representative, representative)
        if point == current:
            continue
        phrase = _range_words(axis, low, high)
        yield axis, point, FactChange(path=_PATHS[axis], value=phrase, words=f"if {phrase}")


def _range_words(axis: str, low: int | None, high: int | None) -> str:
    if axis == "age":
        if low is None:
            return f"the child were under {high} on the event date"
        if high is None:
            return f"the person were {low} or over on the event date"
        return f"the person were aged {low} to {high - 1} on the event date"
    start = format_date(date.fromordinal(low)) if low is not None else None
    end = format_date(date.fromordinal(high)) if high is not None else None
    if start is None:
        return f"the event had happened before {end}"
    if end is None:
        return f"the event had happened on or after {start}"
    return f"the event had happened from {start} and before {end}"
