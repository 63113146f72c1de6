"""Why not, and what if: the smallest changes of the facts that would make the Panel required.

The search runs over the axes of a `Situation` (see `_facts`), asking the decider (and so the
engine) for each changed situation: every single-axis change to another value first, and pairs of
changes on two axes only when no single change suffices. Nothing here reads the rules' conditions;
the answers come from the rules' outcomes, so they follow any change to the rule files.

Axes are pruned before their values are tried: when the Panel is not required even with an axis
(or a pair of axes) made unknown, Kleene's reading says no value of it can make it required, so
its values are not visited. On a situation far from the threshold that spares most of the ~200
pairs of changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from ._explain import format_date
from ._facts import (
    _KNOWN_VALUES,
    AXES,
    AXIS_INDEX,
    AXIS_PATHS,
    CHANGED_WITH,
    Situation,
    Thresholds,
    axis_values,
    changed_values,
    possible_values,
    widest_value,
)
from .decision import FactChange, WhatIf
from .incident import Incident

__all__ = [
    "MAX_ANSWERS",
    "Panel",
    "awareness_changes",
    "awareness_pairs",
    "placed",
    "suspicion_changes",
    "what_if",
    "with_suspicion_changes",
]

# The input path a practitioner would change, and the words for each value of each axis.
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
    "regulated_setting": {
        "yes": "if the event had happened in a regulated setting or service",
        "no": "if the event had not happened in a regulated setting or service",
    },
    "care_leaver": {
        "of_this_authority": "if the person were this authority's care leaver",
        "of_another_authority": "if the person were another authority's care leaver",
        "no": "if the person were not a care leaver",
    },
    "social_care": {
        "yes": "if the child were known to children's social care for a concern about abuse or "
        "neglect",
        "no": "if the child were not known to children's social care for such a concern",
    },
    "manner_of_death": {
        "suspected_suicide": "if the death were a suspected suicide",
        "unexplained": "if the death were unexplained",
        "other": "if the death were neither a suspected suicide nor unexplained",
    },
    "unborn": {"no": "if the child had been born", "yes": "if the child were unborn"},
}
_QUANTITY = {"age": "age_on_event_date", "event_date": "event_date"}
MAX_ANSWERS = 12  # listed at most

# (axis, new value, and for a quantity the region [low, high) it stands for). Worded only when
# found: most candidates are not.
Span = tuple[int | None, int | None]
Change = tuple[str, Any, Span | None]
# The Panel answer for a situation's axis values after changing the axes named, with the Panel
# rules that apply.
Panel = Callable[[tuple[Any, ...], tuple[str, ...]], tuple[str, tuple[str, ...]]]
Found = tuple[tuple[Change, ...], tuple[str, ...]]


def what_if(
    situation: Situation,
    thresholds: Thresholds,
    panel: Panel,
    axes: Sequence[str] = AXES,
    events_before: int | None = None,
) -> list[WhatIf]:
    """Single changes that make the Panel required; if there are none, pairs of changes.

    `panel(values, changed)` answers the Panel question ("required", "not_required",
    "undetermined") for a situation's axis values after the `changed` axes were changed, with the
    Panel rules that apply. Only `axes` are changed (the
    decider passes those the Panel rules read). `events_before` (a date's ordinal): no event date
    from then on is offered, as none can fall under the rules asked (they are in force only for
    an authority aware earlier, and an event comes before its awareness).
    """
    base = axis_values(situation)
    hopeful = [axis for axis in axes if _may_help(base, (axis,), thresholds, panel)]
    changes = list(_changes(situation, thresholds, hopeful, events_before))
    found = _try(base, [(change,) for change in changes], thresholds, panel)
    if not found:
        by_axis = {
            axis: list(_changes(situation, thresholds, (axis,), events_before)) for axis in axes
        }
        hopeful_pairs = [
            pair for pair in combinations(axes, 2) if _may_help(base, pair, thresholds, panel)
        ]
        # In the order of the changes on the first axis, then on the second.
        pairs = [
            (one, other)
            for first in axes
            for one in by_axis[first]
            for pair in hopeful_pairs
            if pair[0] == first
            for other in by_axis[pair[1]]
        ]
        found = _try(base, pairs, thresholds, panel)
    return [_answer(changes, rules) for changes, rules in _merge(found)][:MAX_ANSWERS]


def placed(answers: list[WhatIf], incident: Incident) -> list[WhatIf]:
    """The answers with each change of the age put on the date to record: the event's where the
    date of birth is recorded and the event date is not (the search, remembered by the age
    alone, cannot tell; `missing_facts` asks for the event date then too)."""
    if incident.child.date_of_birth is None or incident.event.date is not None:
        return answers
    on_the_event = {"path": _EVENT_DATE}
    return [
        answer.model_copy(
            update={
                "changes": tuple(
                    change.model_copy(update=on_the_event) if change.path == _AGE_PATH else change
                    for change in answer.changes
                )
            }
        )
        for answer in answers
    ]


_AGE_PATH, _EVENT_DATE = AXIS_PATHS["age"], AXIS_PATHS["event_date"]


def _may_help(
    base: tuple[Any, ...], axes: Sequence[str], thresholds: Thresholds, panel: Panel
) -> bool:
    """Whether some values of these axes could make the Panel required (not ruled out unknown).

    The axes a change of them changes too (`CHANGED_WITH`: a child made looked after is under
    18) are made unknown with them, so that no changed situation is less unknown."""
    widened = list(base)
    every = dict.fromkeys(
        [*axes, *(other for axis in axes for other in CHANGED_WITH.get(axis, ()))]
    )
    for axis in every:
        widened[AXIS_INDEX[axis]] = widest_value(axis, thresholds)
    return panel(tuple(widened), tuple(every))[0] != "not_required"


def _try(
    base: tuple[Any, ...],
    candidates: Sequence[tuple[Change, ...]],
    thresholds: Thresholds,
    panel: Panel,
) -> list[Found]:
    found: list[Found] = []
    for changes in candidates:
        changed, axes = changed_values(
            base, [(axis, value) for axis, value, _ in changes], thresholds
        )
        if not possible_values(changed):
            continue
        answer, rules = panel(changed, axes)
        if answer == "required":
            found.append((changes, rules))
    return found


def _merge(found: list[Found]) -> list[Found]:
    """Join neighbouring regions of one quantity that lead to the same rules into one range.

    Ages are cut at every constant any rule compares with (16, 18, 25, ...), so "under 16" and
    "aged 16 to 17" would otherwise be listed apart where "under 18" is the answer.
    """
    merged: list[Found] = []
    for changes, rules in found:
        if merged and _joinable(merged[-1], (changes, rules)):
            previous, _ = merged[-1]
            joined = tuple(
                _widen(old, new) if old != new else old
                for old, new in zip(previous, changes, strict=True)
            )
            merged[-1] = (joined, rules)
        else:
            merged.append((changes, rules))
    return merged


def _joinable(earlier: Found, later: Found) -> bool:
    (old, old_rules), (new, new_rules) = earlier, later
    if old_rules != new_rules or len(old) != len(new):
        return False
    differing = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    if len(differing) != 1:
        return False
    ((a, b),) = differing
    return a[0] == b[0] and a[2] is not None and b[2] is not None and a[2][1] == b[2][0]


def _widen(old: Change, new: Change) -> Change:
    assert old[2] is not None
    assert new[2] is not None
    return old[0], old[1], (old[2][0], new[2][1])


def awareness_changes(
    starts: Sequence[date],
    latest: date,
    panels: Sequence[tuple[str, tuple[str, ...]]],
    open_ended: bool,
) -> list[WhatIf]:
    """Where the awareness date is not recorded and the rules changed since the event: for each
    run of periods whose rules make the Panel required, the awareness dates in it as a change.

    `starts`: the first day the authority can have become aware in each period (the event date
    in the event's own); `latest`: the last (`incident.latest_awareness`), and `open_ended`
    where that is today (else a notification recorded bounds it); `panels`: each period's Panel
    answer and the Panel rules that apply.
    """
    found = []
    for first, end in _runs([answer == "required" for answer, _ in panels]):
        rules = dict.fromkeys(rule for _, applying in panels[first:end] for rule in applying)
        aware = _aware_in(starts, latest, first, end, open_ended)
        found.append(_explained((aware,), tuple(rules)))
    return found


def awareness_pairs(
    starts: Sequence[date],
    latest: date,
    singles: Sequence[Sequence[WhatIf]],
    open_ended: bool,
) -> list[WhatIf]:
    """Each single change that makes the Panel required under one period's rules (`singles`, by
    period, as `awareness_changes` takes periods), paired with the awareness dates in it (and in
    the periods next to it where the same changes do)."""
    found = []
    keys = [tuple(answer.changes for answer in answers) for answers in singles]
    for first, end in _runs([bool(key) for key in keys], keys):
        aware = _aware_in(starts, latest, first, end, open_ended)
        found += [_explained((aware, *answer.changes), answer.rules) for answer in singles[first]]
    return found


def suspicion_changes(
    starts: Sequence[date],
    panels: Sequence[tuple[str, tuple[str, ...]]],
    abuse_recorded: bool,
) -> list[WhatIf]:
    """Where the awareness date is recorded and the rules abuse or neglect chooses changed after
    it: for each run of later periods whose rules make the Panel required had abuse or neglect
    come to be known or suspected in it, the suspicion dates in it as a change, with abuse or
    neglect known or suspected where it is not recorded so (`abuse_recorded`).

    `starts`: each later period's first day (the last runs to today); `panels`: the Panel answer
    under each, had the suspicion come on that day, and the Panel rules that would apply.
    """
    found = []
    for first, end in _runs([answer == "required" for answer, _ in panels]):
        rules = dict.fromkeys(rule for _, applying in panels[first:end] for rule in applying)
        since = format_date(starts[first])
        phrase = (
            f"abuse or neglect had come to be known or suspected on or after {since}"
            if end == len(starts)
            else f"abuse or neglect had come to be known or suspected from {since} to "
            f"{format_date(starts[end] - timedelta(days=1))}"
        )
        when = FactChange(path="abuse_or_neglect_suspected_on", value=phrase, words=f"if {phrase}")
        abuse = _worded("abuse", "known_or_suspected", None)
        changes = (when,) if abuse_recorded else (abuse, when)
        found.append(_explained(changes, tuple(rules)))
    return found


def with_suspicion_changes(answers: list[WhatIf], suspicions: list[WhatIf]) -> list[WhatIf]:
    """The what-if answers with the later suspicions' (`suspicion_changes`), the smallest kept:
    single changes, or pairs only where no single change suffices."""
    if not suspicions:  # (most decisions: no later suspicion to offer)
        return answers
    every = [*answers, *suspicions]
    fewest = min(len(answer.changes) for answer in every)
    return [answer for answer in every if len(answer.changes) == fewest][:MAX_ANSWERS]


def _runs(wanted: Sequence[bool], same: Sequence[Any] | None = None) -> Iterator[tuple[int, int]]:
    """The runs of consecutive positions where `wanted` holds (and `same` is equal), as
    (first, end) with `end` exclusive."""
    first = 0
    while first < len(wanted):
        end = first
        while end < len(wanted) and wanted[end] and (same is None or same[end] == same[first]):
            end += 1
        if end > first:
            yield first, end
        first = max(end, first + 1)


def _aware_in(
    starts: Sequence[date], latest: date, first: int, end: int, open_ended: bool
) -> FactChange:
    """The change recording the awareness date as a day in the periods `first` to `end` (to
    `latest` in the last; "on or after" where that is today, `open_ended`)."""
    last = min(latest, starts[end] - timedelta(days=1)) if end < len(starts) else latest
    phrase = (
        f"the authority had become aware on or after {format_date(starts[first])}"
        if end == len(starts) and open_ended
        else f"the authority had become aware from {format_date(starts[first])} to "
        f"{format_date(last)}"
    )
    return FactChange(path="became_aware_on", value=phrase, words=f"if {phrase}")


def _answer(changes: tuple[Change, ...], rules: tuple[str, ...]) -> WhatIf:
    return _explained(tuple(_worded(*change) for change in changes), rules)


def _explained(worded: tuple[FactChange, ...], rules: tuple[str, ...]) -> WhatIf:
    first, *rest = (change.words for change in worded)
    words = " and ".join([first, *(item.removeprefix("if ") for item in rest)])
    return WhatIf(
        changes=worded,
        explanation=f"The Panel notification would be required {words} ({', '.join(rules)}).",
        rules=rules,
    )


def _worded(axis: str, value: Any, span: Span | None) -> FactChange:
    """A change as the practitioner reads it: the input path, the value and the words."""
    if span is None:
        return FactChange(path=AXIS_PATHS[axis], value=value, words=_WORDS[axis][value])
    phrase = _range_words(axis, *span)
    return FactChange(path=AXIS_PATHS[axis], value=phrase, words=f"if {phrase}")


def _changes(
    situation: Situation,
    thresholds: Thresholds,
    axes: Sequence[str],
    events_before: int | None = None,
) -> Iterator[Change]:
    """Every other value of each of `axes`, in axis order (no event date from `events_before`)."""
    for axis in axes:
        current = getattr(situation, axis)
        if axis == "age" and situation.unborn == "yes":
            current = None  # not yet born: no age to keep (`situation_values` pins a stand-in)
        if axis in _QUANTITY:
            for change in _quantity_changes(axis, current, thresholds):
                if axis != "event_date" or events_before is None or change[1][0] < events_before:
                    yield change
            continue
        for value in _KNOWN_VALUES[axis]:
            if value != current:
                yield axis, value, None


def _quantity_changes(
    axis: str, current: tuple[int, int] | None, thresholds: Thresholds
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
        yield axis, point, (low, high)


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
