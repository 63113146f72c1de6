"""The decision table: the engine's own answers over the whole fact space, for people to review.

    python -m safeguarding_notify._decision_table > docs/decision-table.md

For each period of rule versions, every possible point of the space (`_space`) is built into an
incident and decided. Points with the same answer (Panel, notifications owed, responsible
authority, rules that apply, questions to ask) are merged into rows: two rows that differ in one
column only, and agree on the answer, become one row listing both values, until nothing merges.
A cell reads "any" when every value possible in that column is covered. Nothing here decides:
every answer shown is the one `Decider.decide` returns.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date, timedelta
from itertools import product
from typing import Any

from ._decide import Decider, default_decider
from ._explain import format_date
from ._facts import AXIS_PATHS, Situation, Thresholds, situation_of
from ._space import (
    QUANTITY_AXES,
    IncidentBuilder,
    axis_values,
    checking_horizon,
    period_span,
    subspaces,
)
from .decision import Decision
from .incident import Incident

__all__ = ["main", "render"]

_COLUMNS: Mapping[str, str] = {
    "abuse": "Abuse or neglect",
    "event_kind": "Event",
    "event_place": "Where it happened",
    "residence": "Where the child normally lives",
    "looked_after": "Looked after",
    "age": "Age on the event date",
    "event_date": "Event date",
    "regulated_setting": "Regulated setting",
    "care_leaver": "Care leaver",
    "social_care": "Known to social care",
    "manner_of_death": "Manner of death",
    "unborn": "Unborn",
}
_WORDS: Mapping[str, str] = {
    "known_or_suspected": "known or suspected",
    "this_area": "this area",
    "other_english_area": "another English area",
    "england_area_unknown": "in England, area unknown",
    "by_this_authority": "by this authority",
    "by_another_authority": "by another authority",
    "of_this_authority": "of this authority",
    "of_another_authority": "of another authority",
}
_ANSWERS = {
    "required": "**required**",
    "undetermined": "undetermined",
    "not_required": "not required",
}
_SPACE_TITLES = {
    "duties": "Duties (the Panel, notifications owed)",
    "advice": "Advice (what the guidance asks to consider)",
}
_PANEL_ORDER = ("required", "undetermined", "not_required")


Answer = tuple[str, ...]
_KEY_COLUMNS = (
    "Notify the Panel",
    "Notifications owed",
    "Responsible authority",
    "Rules that apply",
    "Still to ask",
)


def _questions(missing_axes: Sequence[str]) -> str:
    """The facts still to ask, by axis: an unknown age needs the date of birth and event date."""
    words = [
        "age (`child.date_of_birth`, `event.date`)" if axis == "age" else f"`{AXIS_PATHS[axis]}`"
        for axis in missing_axes
    ]
    return ", ".join(words) or "-"


_RESPONSIBLE = {
    "event_location": "the event's area",
    "child_residence_area": "the child's home area",
}


# The axis whose value "other_english_area" means the area of each kind is known (and not ours).
_RESPONSIBLE_AXIS = {"event_location": "event_place", "child_residence_area": "residence"}


def _responsible(point: Situation, decision: Decision, referring: Mapping[str, str]) -> str:
    """Whose duty it may be instead, in words: as the decider chooses, the first kind named by a
    rule that applies or may apply (`referring`: rule id to its `responsible_authority`) whose
    area is known."""
    if not decision.responsible_authority:
        return "-"
    kind = next(
        referring[reason.rule]
        for reason in decision.reasons
        if reason.rule in referring
        and reason.outcome != "does_not_apply"
        and getattr(point, _RESPONSIBLE_AXIS[referring[reason.rule]]) == "other_english_area"
    )
    return _RESPONSIBLE[kind]


def _main_answer(
    point: Situation,
    decision: Decision,
    missing_axes: Sequence[str],
    flag_rules: frozenset[str],
    referring: Mapping[str, str],
) -> Answer:
    return (
        _ANSWERS[decision.notify_panel],
        # Nothing owed while a question is still to ask is not settled: an answer may owe some.
        ", ".join(f"{item.recipient} ({item.strength})" for item in decision.obligations)
        or ("none yet" if missing_axes else "none"),
        _responsible(point, decision, referring),
        ", ".join(
            f"`{reason.rule}`"
            for reason in decision.reasons
            if reason.outcome == "applies" and reason.rule not in flag_rules
        )
        or "none",
        _questions(missing_axes),
    )


def _flag_answer(decision: Decision, flag_rules: frozenset[str]) -> Answer:
    return tuple(
        f"`{reason.rule}`: {reason.outcome.replace('_', ' ')}"
        for reason in decision.reasons
        if reason.rule in flag_rules
    )


Cube = tuple[frozenset[Any], ...]


def _merge_along(cubes: set[Cube], order: Sequence[int]) -> set[Cube]:
    changed = True
    while changed:
        changed = False
        for axis in order:
            groups: dict[Cube, set[Any]] = {}
            for cube in cubes:
                rest = cube[:axis] + cube[axis + 1 :]
                groups.setdefault(rest, set()).update(cube[axis])
            if len(groups) < len(cubes):
                changed = True
                cubes = {
                    (*rest[:axis], frozenset(values), *rest[axis:])
                    for rest, values in groups.items()
                }
    return cubes


def _merge(cubes: set[Cube]) -> set[Cube]:
    """Merge cubes equal on every axis but one, until none merge; the fewest rows found.

    Merging only cubes that agree on every other axis keeps the rows disjoint; the order in
    which axes are merged changes how many rows remain, so each rotation of the axes is tried.
    """
    width = len(next(iter(cubes)))
    # An axis on which every cube has the same value never merges, so a rotation starting there
    # gives what the rotation starting at the next axis that varies gives: only those are tried.
    varying = [axis for axis in range(width) if len({cube[axis] for cube in cubes}) > 1]
    if not varying:
        return cubes
    tries = [_merge_along(cubes, [*range(start, width), *range(start)]) for start in varying]
    return min(tries, key=len)


def _region_words(thresholds: Thresholds, fact: str, unit: str) -> dict[int, str]:
    cuts = thresholds.by_fact.get(fact, ())

    def show(cut: int) -> str:
        return format_date(date.fromordinal(cut)) if unit == "date" else str(cut)

    if not cuts:
        return {0: "any"}
    below, at_least = ("before", "on or after") if unit == "date" else ("under", "at least")
    words = {cuts[0] - 1: f"{below} {show(cuts[0])}"}
    for low, high in zip(cuts, [*cuts[1:], None], strict=True):
        words[low] = f"{at_least} {show(low)}" + (f", {below} {show(high)}" if high else "")
    return words


class _Labels:
    def __init__(self, thresholds: Thresholds) -> None:
        self.regions = {
            axis: _region_words(thresholds, fact, "date" if axis == "event_date" else "years")
            for axis, fact in QUANTITY_AXES.items()
        }

    def value(self, axis: str, value: Any) -> str:
        if axis in self.regions:
            low, high = value
            words = self.regions[axis]
            return words[low] if low == high else f"unknown ({words[low]} … {words[high]})"
        return str(_WORDS.get(value, value.replace("_", " ")))

    def cell(self, axis: str, values: frozenset[Any], possible: Sequence[Any]) -> str:
        if set(possible) <= values:
            return "any"
        return " or ".join(self.value(axis, value) for value in possible if value in values)


def _rows(decided: Sequence[tuple[Situation, Answer]]) -> list[tuple[Answer, Cube]]:
    axes = [field.name for field in fields(Situation)]
    by_answer: dict[Answer, set[Cube]] = {}
    for point, answer in decided:
        cube = tuple(frozenset([getattr(point, axis)]) for axis in axes)
        by_answer.setdefault(answer, set()).add(cube)
    return [(answer, cube) for answer, cubes in by_answer.items() for cube in _merge(cubes)]


def _covers(cube: Cube, axis: int, possible: Sequence[Any], reached: set[Situation]) -> bool:
    """True when a cell lacks only values no incident can have alongside the rest of its row."""
    cells = [*cube[:axis], frozenset(possible) - cube[axis], *cube[axis + 1 :]]
    return not any(Situation(*values) in reached for values in product(*cells))


def _table(
    decided: Sequence[tuple[Situation, Answer]],
    answer_columns: Sequence[str],
    labels: _Labels,
    thresholds: Thresholds,
) -> list[str]:
    """A Markdown table of merged rows; a fact column where every row reads "any" is left out."""
    axes = [field.name for field in fields(Situation)]
    reached = {point for point, _ in decided}
    rows = _rows(decided)
    possible = {axis: list(axis_values(axis, thresholds)) for axis in axes}
    cells = [
        [
            "any"
            if _covers(cube, index, possible[axis], reached)
            else labels.cell(axis, cube[index], possible[axis])
            for index, axis in enumerate(axes)
        ]
        for _, cube in rows
    ]
    shown = [i for i in range(len(axes)) if any(row[i] != "any" for row in cells)]

    def sort_key(index: int) -> tuple[Any, ...]:
        answer, cube = rows[index]
        place = tuple(
            sorted(possible[axes[i]].index(value) for value in cube[i]) for i in range(len(axes))
        )
        return (answer[0] != _ANSWERS["required"], answer[0], answer[1:], place)

    header = ["#", *(_COLUMNS.get(axes[i], axes[i]) for i in shown), *answer_columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for number, index in enumerate(sorted(range(len(rows)), key=sort_key), start=1):
        answer, _ = rows[index]
        row = [str(number), *(cells[index][i] for i in shown), *answer]
        lines.append("| " + " | ".join(row) + " |")
    left_out = [_COLUMNS.get(axes[i], axes[i]).lower() for i in range(len(axes)) if i not in shown]
    if left_out:
        lines += ["", f"No row depends on: {', '.join(left_out)}."]
    return lines


def render(decider: Decider | None = None, today: date | None = None) -> str:
    """The whole document, in Markdown."""
    decider = decider or default_decider()
    book = decider.book
    lines = [
        "# Decision table",
        "",
        "<!-- Generated by `python -m safeguarding_notify._decision_table > "
        "docs/decision-table.md`; do not edit by hand. -->",
        "",
        "Every possible combination of the facts the rules turn on, decided by the engine itself,",
        "with combinations that get the same answer merged into one row. Read a row as: whatever",
        'the values in a cell ("any" means every value), the answer on the right follows. The',
        "answers assume `became_aware_on` is recorded (when it is not, it is also asked wherever a",
        "notification is owed, to set the due dates); ages are whole years on the event date.",
        "Where abuse or neglect is unknown, it may have come to be suspected after the awareness,",
        "under later rules: where those would answer otherwise, only what all agree on is shown.",
        '"Still to ask" lists the unknown facts that can change the answer, most decisive first;',
        "an unknown age is asked as whichever of the date of birth and the event date is missing.",
        "Ages are those dates give: an age range recorded without a date of birth",
        "(`child.age_on_event_date`) can also give a known age with the event date unknown, or a",
        "range not from birth; those combinations are decided alike but not listed.",
        'Notifications owed "none yet": none on the facts known, but an answer still to ask may',
        "make one owed.",
        "Notifying authority: this authority; another area: any other English authority.",
        "",
        f"Rules version: `{book.version}`.",
    ]
    today = today or checking_horizon(book)
    for period in range(len(book.boundaries) + 1):
        span = period_span(book, period, today)
        if span is None:
            continue
        start = book.period_start(period) if period else None
        end = book.period_end(period)
        title = (
            f"from {format_date(start)}" if start else "before " + format_date(book.boundaries[0])
        )
        if end and start:
            title += f" to {format_date(end - timedelta(days=1))}"
        lines += ["", f"## Awareness {title}", ""]
        in_force = book.in_force(start) if start else ()
        if not any(rule.decides_panel for rule in in_force):
            lines.append(
                "No rules deciding a Panel notification are encoded: decisions are refused."
            )
            continue
        lines.append(
            "Rules in force: " + ", ".join(f"`{r.id}` v{r.version}" for r in in_force) + "."
        )
        flag_rules = frozenset(rule.id for rule in in_force if all(then.flag for then in rule.then))
        referring = {
            rule.id: str(then.responsible_authority)
            for rule in in_force
            for then in rule.then
            if then.responsible_authority
        }
        for space in subspaces(book, period):
            builder = IncidentBuilder(book, space.thresholds, today)
            labels = _Labels(space.thresholds)

            def missing(incident: Incident, period: int = period) -> Sequence[str]:
                verdict = decider.verdict(period, situation_of(incident, decider.thresholds, today))
                return (*verdict.missing_axes, *verdict.advisory_missing_axes)

            decisions = [
                (point, decider.decide(incident, today), missing(incident))
                for point, incident in builder.possible(period, space)
            ]
            lines += [
                "",
                f"### {_SPACE_TITLES.get(space.name, 'Rule `' + space.name + '`')}",
                "",
                f"{len(decisions)} possible combinations of the facts these rules read; the "
                "facts they do not read are held at one value, shown in their column.",
                "",
            ]
            lines += _table(
                [
                    (point, _main_answer(point, decision, asked, flag_rules, referring))
                    for point, decision, asked in decisions
                ],
                _KEY_COLUMNS,
                labels,
                space.thresholds,
            )
            if flag_rules and space.name == "duties":
                lines += ["", "#### Flags for legal review", ""]
                lines += _table(
                    [
                        (point, _flag_answer(decision, flag_rules))
                        for point, decision, _ in decisions
                    ],
                    ["Outcome"],
                    labels,
                    space.thresholds,
                )
    return "\n".join(lines) + "\n"


def main(argv: Iterable[str] | None = None) -> None:
    """Write the decision table to standard output."""
    del argv
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
