"""A decider's what-if answers: the smallest changes of an incident's facts that would make a
Panel notification required, searched (`_whatif`) under the rules the incident takes, and
remembered by the axes those rules read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ._facts import AXES, AXIS_INDEX, Situation, situation_values
from ._memory import keyed, remember
from ._ranking import panel_answer_of
from ._rulefile import AWARENESS, SUSPICION
from ._rulefile import chosen_by as chosen_by_date
from ._whatif import (
    MAX_ANSWERS,
    Panel,
    awareness_changes,
    awareness_pairs,
    what_if,
)
from .decision import WhatIf
from .incident import Incident, latest_awareness

if TYPE_CHECKING:
    from ._decide import Decider, _Asked, _Split

__all__ = ["SEARCHES_KEPT", "WhatIfAnswers"]

# How many searches' answers a decider keeps (see `_decide`'s memory sizes): a search costs
# ~0.3 ms and a forgotten one is searched again.
SEARCHES_KEPT = 16_384


class WhatIfAnswers:
    """The what-if searches of one decider, each remembered by the axes its Panel rules read: a
    search asks about dozens of changed situations, and its answer depends on nothing else."""

    def __init__(self, decider: Decider) -> None:
        self._decider = decider
        self._memory: dict[int, tuple[WhatIf, ...]] = {}
        self._panels: dict[tuple[int, str | None], Panel] = {}
        self._projections: dict[int, Any] = {}

    def panel(self, period: int, chosen_by: str | None = None) -> Panel:
        """The Panel answer after changing some axes of a situation no Panel rule applies to.

        Only the Panel rules reading a changed axis are asked: the others keep their outcome,
        which is not "applies" (the situation is not required). So the answer is "required" when
        one of those rules applies, "not_required" when none of them can, and the rules given are
        those that apply, in the order of the rules in force.
        """
        found = self._panels.get((period, chosen_by))
        if found is None:
            rules, _ = self._decider._rules(period)
            deciding = {rule.id for rule in chosen_by_date(rules, chosen_by) if rule.decides_panel}
            units = [
                asked for asked in self._decider._units(period) if asked.unit.rule_id in deciding
            ]
            reading: dict[tuple[str, ...], list[_Asked]] = {}

            def found(
                values: tuple[Any, ...], changed: tuple[str, ...]
            ) -> tuple[str, tuple[str, ...]]:
                relevant = reading.get(changed)
                if relevant is None:
                    relevant = reading[changed] = [
                        asked for asked in units if not set(asked.axes).isdisjoint(changed)
                    ]
                coded = self._decider._code(values)
                outcomes = [self._decider._outcome(asked, values, coded) for asked in relevant]
                answer = panel_answer_of(outcomes)
                if answer != "required":
                    return answer, ()
                return answer, tuple(
                    asked.unit.rule_id
                    for asked, outcome in zip(relevant, outcomes, strict=True)
                    if outcome == "applies"
                )

            self._panels[period, chosen_by] = found
        return found

    def agreed(
        self,
        periods: Sequence[int],
        answers: tuple[str, ...],
        first_day: date,
        incident: Incident,
        today: date,
    ) -> list[WhatIf]:
        """`what_if` where the awareness date is not recorded and the rules changed over the days
        it may be (`periods`: those of the days from `first_day` to `latest_awareness`,
        `Decider._awareness_window`; `answers`: the Panel answer of each one's rules), so that a
        decision holds only what the rules of every one of them agree on: the awareness dates
        that would make the Panel required, then the changes of other facts that would make it
        so under the rules of every period. The event date is not changed: that would change
        the periods.
        """
        decider = self._decider
        panels = [
            self._panel_at(period, incident, decider._aware_by(period, today))
            if answer == "required"
            else (answer, ())
            for period, answer in zip(periods, answers, strict=True)
        ]
        starts = [first_day, *map(decider.book.period_start, periods[1:])]
        latest = latest_awareness(incident, today)
        found = awareness_changes(starts, latest, panels, latest == today)
        # Where every period's Panel rules are the same (the same expanded conditions), this is
        # the first period's own search, shared with incidents whose awareness is recorded.
        if (
            periods[0] in decider._panel_periods
            and len(set(map(decider._panel_rulesets, periods))) == 1
        ):
            alone = self.at(periods[0], incident, today)
            kept = [answer for answer in alone if not _moves_the_event(answer)]
            return _smallest([*found, *kept])
        unread = frozenset.intersection(*map(decider._unread, periods))
        values = situation_values(incident, decider.thresholds, today, unread)
        read = {axis for period in periods for axis in decider._panel_axes_of(period)}
        axes = tuple(axis for axis in AXES if axis in read and axis != "event_date")
        key = keyed([AXIS_INDEX[axis] for axis in axes], _agreed_tag(periods[0], periods[-1]))(
            decider._code(values)
        )
        searched = self._memory.get(key)
        if not decider._panel_periods.issuperset(periods):
            searched = ()  # no change can make a period whose rules decide nothing required
        elif searched is None:
            decider.searched += 1
            # Each period's own asker answers for changes of a situation its rules do not
            # require; where they do, every Panel rule is asked again (one that applies may not
            # read the axes changed, and would not be asked).
            askers = [
                self.panel(period) if answer != "required" else _asking_all(self.panel(period))
                for period, (answer, _) in zip(periods, panels, strict=True)
            ]

            def panel(changed_values: tuple[Any, ...], changed: tuple[str, ...]) -> Any:
                answers = [ask(changed_values, changed) for ask in askers]
                if all(answer == "required" for answer, _ in answers):
                    rules = dict.fromkeys(rule for _, found in answers for rule in found)
                    return "required", tuple(rules)
                if any(answer == "not_required" for answer, _ in answers):
                    return "not_required", ()
                return "undetermined", ()

            searched = self._interned(what_if(Situation(*values), decider.thresholds, panel, axes))
            remember(self._memory, key, searched, SEARCHES_KEPT)
        if found or any(len(answer.changes) == 1 for answer in searched):
            return _smallest([*found, *searched])
        # No one change would do: pairs, of two facts under every period's rules, and of one
        # fact under one period's rules with an awareness date in that period.
        singles = [
            [
                answer
                for answer in self.at(period, incident, today)
                if len(answer.changes) == 1 and not _moves_the_event(answer)
            ]
            if answer != "required" and period in decider._panel_periods
            else []
            for period, (answer, _) in zip(periods, panels, strict=True)
        ]
        pairs = awareness_pairs(starts, latest, singles, latest == today)
        return [*searched, *pairs][:MAX_ANSWERS]

    def at(self, period: int, incident: Incident, today: date) -> list[WhatIf]:
        """`what_if` of the incident under the rules of `period` alone."""
        return self.of(period, *self._decider._situation_at(period, incident, today))

    def _panel_at(
        self, period: int, incident: Incident, today: date
    ) -> tuple[str, tuple[str, ...]]:
        """The Panel answer of the rules of `period` (in which some rule decides it) for the
        incident, and the Panel rules that apply."""
        rules, _ = self._decider._rules(period)
        outcomes = [
            (rule.id, outcome)
            for rule, outcome in zip(
                rules, self._decider._outcomes_at(period, incident, today), strict=True
            )
            if rule.decides_panel
        ]
        return panel_answer_of(outcome for _, outcome in outcomes), tuple(
            rule for rule, outcome in outcomes if outcome == "applies"
        )

    def of(self, period: int, values: tuple[Any, ...], coded: int) -> list[WhatIf]:
        # The answer turns only on the axes the Panel rules read: remembered by them alone.
        projection = self._projections.get(period)
        if projection is None:
            positions = [AXIS_INDEX[axis] for axis in self._decider._panel_axes_of(period)]
            projection = keyed(positions, period)
            self._projections[period] = projection
        key = projection(coded)
        found = self._memory.get(key)
        if found is None:
            self._decider.searched += 1
            axes = self._decider._panel_axes_of(period)
            # Only the Panel rules' outcomes are asked for: the search visits dozens of changed
            # situations that are never decided themselves.
            # A period that ends holds only authorities aware before its end, so only events
            # before it.
            ends = self._decider.book.period_end(period)
            answers = what_if(
                Situation(*values),
                self._decider.thresholds,
                self.panel(period),
                axes,
                ends.toordinal() if ends else None,
            )
            found = self._interned(answers)
            remember(self._memory, key, found, SEARCHES_KEPT)
        return list(found)

    def _interned(self, answers: Iterable[WhatIf]) -> tuple[WhatIf, ...]:
        """One shared tuple for equal what-if answers (`_intern`)."""
        answers = tuple(answers)
        found: tuple[WhatIf, ...] = self._decider._intern(
            ("what_if", *(answer.model_dump_json() for answer in answers)), answers
        )
        return found

    def split(
        self, aware: int, suspected: int, values: tuple[Any, ...], coded: int
    ) -> list[WhatIf]:
        """`what_if` where the rules changed between awareness and a later suspicion: the Panel
        rules of each date, as `Decider._split_verdict` takes them, asked together; remembered by
        the axes they read, as `of`'s answers are."""
        split = self._decider._split_rules(aware, suspected)
        key = split.what_if_key(coded)
        found = self._memory.get(key)
        if found is None:
            found = self._interned(self._split_search(split, values))
            remember(self._memory, key, found, SEARCHES_KEPT)
        return list(found)

    def _split_search(self, split: _Split, values: tuple[Any, ...]) -> list[WhatIf]:
        self._decider.searched += 1
        askers = (self.panel(split.aware, AWARENESS), self.panel(split.suspected, SUSPICION))

        def panel(changed_values: tuple[Any, ...], changed: tuple[str, ...]) -> Any:
            answers = [ask(changed_values, changed) for ask in askers]
            # Each date's Panel answer read as one rule's outcome, combined as any rules' are
            # (only a date whose rules make it required names any).
            answer = panel_answer_of(_AS_OUTCOME[answer] for answer, _ in answers)
            return answer, tuple(rule for _, found in answers for rule in found)

        ends = self._decider.book.period_end(split.aware)  # the authority became aware before it
        return what_if(
            Situation(*values),
            self._decider.thresholds,
            panel,
            split.panel_axes,
            ends.toordinal() if ends else None,
        )


def _smallest(answers: list[WhatIf]) -> list[WhatIf]:
    """The single changes among `answers` if there are any (pairs only when none suffices), at
    most `MAX_ANSWERS` of them."""
    singles = [answer for answer in answers if len(answer.changes) == 1]
    return (singles or answers)[:MAX_ANSWERS]


def _moves_the_event(answer: WhatIf) -> bool:
    """Whether a what-if changes the event date (with the awareness date unrecorded, that would
    change which rules may apply: `agreed` offers none)."""
    return any(change.path == "event.date" for change in answer.changes)


def _asking_all(panel: Panel) -> Panel:
    """`panel` asking every Panel rule, whatever axes were changed."""
    return lambda values, _changed: panel(values, AXES)


def _agreed_tag(first: int, last: int) -> int:
    """What the what-if memory tags the keys of a search over the periods `first` to `last`
    with (`agreed`): never a period's number nor a split incident's tag."""
    return 2 << 16 | first << 8 | last


# A Panel answer as the outcome of a rule deciding it (`panel_answer_of` combines them).
_AS_OUTCOME = {
    "required": "applies",
    "undetermined": "undetermined",
    "not_required": "does_not_apply",
}
