"""Deciding one incident: choose the rules in force, let the engine conclude, assemble the answer.

Why decisions are fast although the engine costs ~100 µs a call: everything the engine concludes
depends only on the incident's `Situation` (a point in a small finite space) and on the period of
rule versions in force. The engine is asked once per distinct (period, situation) and its
conclusions are kept; the only per-incident work is validation, the due dates and the digests.
The engine is still the only thing that decides: nothing else computes an outcome, and the
Python reading of the conditions used to word the reasons is checked against the engine's.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import MISSING, fields
from datetime import date, timedelta
from functools import cached_property
from itertools import count
from typing import Any, NamedTuple, cast

from pydantic import ValidationError

from ._assemble import (
    advisories_of,
    chosen_notifications,
    earlier_deadline_notes,
    input_digest,
    missing_paths_of,
    more_owed_note,
    named_recipient,
    obligations_of,
    paths_of,
    provisional_panel,
    responsible_area_of,
    rules_date_of,
    rules_note,
    sooner_notes,
    split_rules_note,
    uncounted_notified_notes,
    unowed_notified_notes,
)
from ._awareness import (
    Duties,
    agreed,
    duties_of,
    edition_notes,
    later_suspicion_note,
    suspicion_date_note,
    unsettled_note,
)
from ._calendar import add_working_days, age_on, countable, leap_day_birthday, plain_date
from ._conditions import OUTCOME_OF, Condition, evaluate, facts_named, rules_named
from ._conditions import comparisons as _comparisons
from ._engine import engine_for
from ._explain import listed_words, reason_text
from ._facts import (
    AXES,
    AXIS_FACTS,
    AXIS_INDEX,
    POSSIBILITY_AXES,
    Situation,
    Thresholds,
    axis_values,
    facts_of,
    situation_values,
    with_changers,
)
from ._memory import (
    TAG_SHIFT,
    keyed,
    mask_of,
    remember,
    situation_code,
    value_codes,
)
from ._missing_facts import MissingFacts
from ._ranking import (
    UNRANKED_NOTE,
    DueRanks,
    panel_answer,
)
from ._rapid_review import rapid_review_of
from ._rulefile import AWARENESS, SUSPICION, Conclusion, RuleBook, RuleVersion, load_rules
from ._rulefile import chosen_by as chosen_by_date
from ._validation import many_incidents, validated
from ._version import __version__
from ._whatif import placed, suspicion_changes, with_suspicion_changes
from ._whatif_answers import WhatIfAnswers
from .decision import Decision, Reason, Status, WhatIf
from .errors import (
    DecisionDateError,
    EngineError,
    RulesNotInForceError,
    SafeguardingNotifyError,
)
from .incident import Incident, england_today, first_date_after, latest_awareness, until

__all__ = ["Decider", "decide", "decide_many", "default_decider", "rules_version"]

# The `rules_date_source`s of an incident whose awareness date is not recorded: the authority may
# have become aware under other rules than the rules date's (`Decider._awareness_window`).
_UNRECORDED_AWARENESS = frozenset({"event.date", "today", "notified_on"})
# A window of one period, where the awareness date is recorded: nothing else is asked, nor its
# first day read.
_ONE_PERIOD = (range(1), date.min)


class _Shape(NamedTuple):
    """What a verdict takes from its rules' outcomes alone (the same for every situation with
    those outcomes), and what its missing facts are remembered by."""

    outcomes: tuple[str, ...]  # in the order of the rules in force
    undetermined: tuple[str, ...]
    # The missing-facts memory's key of a coded situation, `coded & missing_mask | missing_tag`:
    # these outcomes (the shape's number, tagged), and the values of the axes the undetermined
    # rules read and of POSSIBILITY_AXES. (Two integers, not a function of its own: a closure per
    # shape cost ~0.3 KiB, some 0.7 MiB over the ~2,500 shapes of a long run.)
    missing_mask: int
    missing_tag: int
    notify_panel: str
    owed: tuple[tuple[RuleVersion, Conclusion], ...]
    # Whose duty it may be instead (`Conclusion.responsible_authority`), from the rules that apply
    # or may apply, in the order of the rules in force.
    responsible_areas: tuple[str, ...]
    flags: tuple[str, ...]
    any_notification_possible: bool
    advising: tuple[RuleVersion, ...]
    rapid_review: tuple[tuple[RuleVersion, Conclusion], ...]
    # The notifications with a deadline that the undetermined rules would owe: the earliest
    # Panel one is the decision's panel_due_by_if_required, and one owed already may be due
    # sooner (`sooner_notes`).
    undetermined_owed: tuple[tuple[RuleVersion, Conclusion], ...]
    # Every notification and rapid review the undetermined rules would give, deadline or not:
    # what an answer may add to those listed (`more_owed_note`).
    undetermined_conclusions: tuple[tuple[RuleVersion, Conclusion], ...]


class Verdict(NamedTuple):
    """What the rules conclude for one situation in one period, before any date or code is added.

    (A named tuple: built for nearly every random incident, and a frozen dataclass's guarded
    assignments cost more than the rest of a remembered verdict.)
    """

    # What follows from the rules' outcomes alone (the Panel answer, the notifications owed, the
    # advice, ...): shared by every situation with those outcomes, not copied into each verdict.
    shape: _Shape
    reasons: tuple[Reason, ...]
    flags: tuple[str, ...]  # the shape's, and the note when the missing facts went unranked
    missing_axes: tuple[str, ...]
    # The unknowns that could change the advice without changing any duty (asked after the
    # decisive questions).
    advisory_missing_axes: tuple[str, ...]


class _Split(NamedTuple):
    """The rules an incident takes where the rules changed between its awareness date (in period
    `aware`) and a later suspicion (in `suspected`): each from its own date's period."""

    aware: int
    suspected: int
    rules: tuple[RuleVersion, ...]  # the awareness period's kept rules, then the suspicion's
    units: list[_Asked]  # as the engine holds them, in the same order
    aware_kept: frozenset[int]  # positions among the awareness period's rules in force
    suspected_kept: frozenset[int]  # and among the suspicion period's
    # The axes its Panel rules read, and the what-if memory's key of a coded situation by them.
    panel_axes: tuple[str, ...]
    what_if_key: Callable[[int], int]


class _LaterSuspicion(NamedTuple):
    """Where the awareness is in one period and abuse or neglect, not recorded, may have come to
    be suspected in a later one up to today's (`Decider._later_suspicion`)."""

    periods: tuple[int, ...]  # the later periods whose rules chosen by the suspicion differ
    splits: tuple[_Split | None, ...]  # the rules each takes (None: no Panel rule in force)
    unread: frozenset[str]  # the axes none of their rules, nor the awareness period's, read
    same_situation: bool  # the awareness period's rules read every axis theirs read
    # A coded situation's key, by the axes their rules read, in `Decider._later_shapes`.
    key: Callable[[int], int]
    # Whether the Panel rules the suspicion chooses in any of them differ from the awareness
    # period's (else a later suspicion cannot change the Panel answer of a known suspicion).
    panel_differs: bool


class _IfSuspected(NamedTuple):
    """What the rules of each later period conclude had abuse or neglect, not recorded, come to
    be suspected on its first day (`Decider._if_suspected_later`)."""

    periods: tuple[int, ...]
    splits: tuple[_Split | None, ...]  # the rules each takes (None: no Panel rule in force)
    shapes: tuple[_Shape | None, ...]
    situation: tuple[Any, ...]  # the incident's axis values, abuse known or suspected
    coded: int


class _Asked(NamedTuple):
    """A rule in force in a period, as the decider asks the engine about it."""

    unit: Any  # the engine's registration of the rule (`_engine._Unit`)
    axes: tuple[str, ...]  # the axes it reads (its references expanded)
    mask: int  # the bits of a coded situation holding them
    slot: str  # what its remembered conclusions are kept under
    known: dict[int, str | Reason]  # they themselves: each outcome, or once worded its reason


class Decider:
    """A loaded rule book, its engine and the engine's remembered conclusions.

    Its interface is `decide` and `rules_version`; the other attributes and methods serve the
    library's own modules, tests and benchmark, and may change in any release.
    """

    # The most possible worlds searched to rank missing facts (about a second on this machine);
    # beyond it, every unknown an undetermined rule reads is asked, unranked.
    max_worlds = 4096

    def __init__(
        self, rules_dir: str | os.PathLike[str] | None = None, book: RuleBook | None = None
    ) -> None:
        self.book = book or load_rules(rules_dir)
        self.engine = engine_for(self.book)
        cuts: dict[str, set[int]] = {}
        for rule in self.book.rules:
            for compare in _comparisons(rule.when):
                cuts.setdefault(compare.fact, set()).add(compare.cut)
        self.thresholds = Thresholds({fact: tuple(sorted(v)) for fact, v in cuts.items()})
        self._verdicts: dict[int, Verdict] = {}
        # Equal reasons and what-if answers recur across thousands of situations: kept once each,
        # so remembering every situation's conclusions stays within a few MiB.
        self._shared: dict[Any, Any] = {}
        self._rule_axes: dict[int, dict[str, frozenset[str]]] = {}
        self._shapes: dict[tuple[int, tuple[str, ...]], _Shape] = {}
        self._shape_numbers = count()
        # Every value an axis can take, numbered: every memory is keyed by a coded situation
        # (an integer, masked) rather than by tuples of values (less memory, so the searches'
        # fit, and a key costs one `&`).
        self._value_codes = value_codes(self.thresholds)
        self.searched = 0  # missing-facts and what-if searches made, for the benchmark's report
        self._period_rules: dict[int, tuple[tuple[RuleVersion, ...], Any]] = {}
        self._period_units: dict[int, list[_Asked]] = {}
        # Each rule's outcome, or once worded its Reason, by rule (`_Asked.slot`), then axis values.
        self._concluded: dict[str, dict[int, str | Reason]] = {}
        self._panel_axes: dict[tuple[int, str | None], tuple[str, ...]] = {}
        self._rulesets_of: dict[int, tuple[str, ...]] = {}  # `_panel_rulesets`
        self._unread_axes: dict[int, frozenset[str]] = {}
        self._splits: dict[tuple[int, int], _Split] = {}
        # The working days of every notification with a deadline, and for each order the due
        # dates they give can fall in (`_clock`), their ranks.
        self._notify_days = sorted(
            {
                then.within_working_days
                for rule in self.book.rules
                for then in rule.then
                if then.notify and then.within_working_days
            }
        )
        self._due_ranks: dict[int, DueRanks] = {}
        self._later_periods: dict[tuple[int, int], _LaterSuspicion] = {}  # `_later_suspicion`
        # Each later period's shape by the axes their rules read (`_if_suspected_later`).
        self._later_shapes: dict[int, tuple[_Shape | None, ...]] = {}
        self._due_ranks[0] = self._ranks_between(_ANY_DAY, _ANY_DAY)[1]
        # The missing facts and the what-if answers, searched and remembered by collaborators
        # of their own.
        self._missing_facts_search = MissingFacts(self)
        self._what_if_answers = WhatIfAnswers(self)

    @property
    def rules_version(self) -> str:
        """The hash of this decider's rule files, as its decisions' `rules_version` gives it."""
        return self.book.version

    # -- the engine's conclusions, remembered -----------------------------------------------------

    def outcomes(self, period: int, situation: Situation) -> Mapping[str, str]:
        """Each rule's outcome as the engine concludes it for this situation.

        Not remembered per situation: each rule's answer is remembered by the axes it reads, and
        the verdict by situation.
        """
        values = axis_values(situation)
        coded = self._code(values)
        return {
            rule.unit.rule_id: self._outcome(rule, values, coded) for rule in self._units(period)
        }

    def _intern(self, key: Any, value: Any) -> Any:
        """One shared object for equal conclusions: thousands of situations reach the same ~1,300
        reasons and ~60 what-if answers, and remembering each copy would cost megabytes."""
        found = self._shared.get(key)
        if found is None:
            remember(self._shared, key, value, _SHARED_KEPT)
            found = value
        return found

    def _rules(self, period: int) -> tuple[tuple[RuleVersion, ...], Any]:
        found = self._period_rules.get(period)
        if found is None:
            found = self._period_rules[period] = self._rules_in(period)
        return found

    def _rules_in(self, period: int) -> tuple[tuple[RuleVersion, ...], Any]:
        rules = self.book.in_force(self.book.period_start(period))
        by_id = {rule.id: rule for rule in rules}

        def resolve(rule_id: str) -> Condition:
            return by_id[rule_id].when

        return rules, resolve

    def verdict(self, period: int, situation: Situation) -> Verdict:
        """The engine's conclusions for a situation, worded, with the facts still missing."""
        values = axis_values(situation)
        return self._verdict_of(period, values, self._code(values), 0)

    def _verdict_of(self, period: int, values: tuple[Any, ...], coded: int, clock: int) -> Verdict:
        # Keyed by an integer, which the garbage collector does not track: on random incidents
        # nearly every verdict is new and soon forgotten, and tuple keys holding situations lived
        # long enough to be moved to the oldest generation, making its full collections (~0.1 s
        # each) several times more frequent.
        key = ((clock << _CLOCK_TAG | period) << TAG_SHIFT) | coded
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdict(period, values, coded, clock)
            remember(self._verdicts, key, found, _VERDICTS_KEPT)
        return found

    def _verdict(self, period: int, values: tuple[Any, ...], coded: int, clock: int) -> Verdict:
        reasons = self._reasons(period, values, coded)
        shape = self._shape(period, tuple(reason.outcome for reason in reasons))
        missing = self._missing_facts_search.of(period, values, coded, shape, clock)
        return _verdict_from(shape, reasons, missing)

    def _split_verdict(
        self, aware: int, suspected: int, values: tuple[Any, ...], coded: int, clock: int
    ) -> Verdict:
        """The verdict where the rules in force changed between the awareness date (in period
        `aware`) and a later suspicion (in `suspected`), remembered as `_verdict_of`'s are.

        Each rule is taken from the period of the date that chooses it (`RuleVersion.chosen_by`):
        what arises from the death or harm itself (a looked-after child's death) under the rules
        of the day the authority became aware, s16C and what follows it under those of the day
        abuse or neglect came to be known or suspected.
        """
        tag = _split_tag(aware, suspected)
        key = ((clock << _CLOCK_TAG | tag) << TAG_SHIFT) | coded
        found = self._verdicts.get(key)
        if found is not None:
            return found
        split = self._split_rules(aware, suspected)
        reasons = [
            worded
            for period, kept in ((aware, split.aware_kept), (suspected, split.suspected_kept))
            for index, worded in enumerate(self._reasons(period, values, coded))
            if index in kept
        ]
        shape = self._shape(split, tuple(reason.outcome for reason in reasons))
        missing = self._missing_facts_search.of(split, values, coded, shape, clock)
        found = _verdict_from(shape, reasons, missing)
        remember(self._verdicts, key, found, _VERDICTS_KEPT)
        return found

    def _split_rules(self, aware: int, suspected: int) -> _Split:
        """The rules a split incident takes from each period (worked out once per pair)."""
        found = self._splits.get((aware, suspected))
        if found is None:
            rules: list[RuleVersion] = []
            units: list[_Asked] = []
            kept: list[frozenset[int]] = []
            for period, chosen_by in ((aware, AWARENESS), (suspected, SUSPICION)):
                in_force, _ = self._rules(period)
                indices = [
                    index for index, rule in enumerate(in_force) if rule.chosen_by == chosen_by
                ]
                rules += [in_force[index] for index in indices]
                units += [self._units(period)[index] for index in indices]
                kept.append(frozenset(indices))
            read = {*self._panel_axes_of(aware, AWARENESS)}
            read |= {*self._panel_axes_of(suspected, SUSPICION)}
            axes = tuple(axis for axis in AXES if axis in read)
            key = keyed([AXIS_INDEX[axis] for axis in axes], _split_tag(aware, suspected))
            found = self._splits[aware, suspected] = _Split(
                aware, suspected, tuple(rules), units, kept[0], kept[1], axes, key
            )
        return found

    def _rules_and_units(
        self, period: int | _Split
    ) -> tuple[tuple[RuleVersion, ...], list[_Asked]]:
        """The rules a period (or a split incident) takes, and as the engine holds them."""
        if isinstance(period, _Split):
            return period.rules, period.units
        return self._rules(period)[0], self._units(period)

    def _read_of(self, period: int | _Split, rule_ids: Iterable[str]) -> set[str]:
        """The axes these rules of a period (or of a split incident, each in its own period)
        read: `_read_by`."""
        if not isinstance(period, _Split):
            return self._read_by(period, rule_ids)
        wanted = set(rule_ids)
        aware_ids = {rule.id for rule in period.rules if rule.chosen_by == AWARENESS}
        return self._read_by(period.aware, wanted & aware_ids) | self._read_by(
            period.suspected, wanted - aware_ids
        )

    def _reasons(self, period: int, values: tuple[Any, ...], coded: int) -> list[Reason]:
        """Each rule in force in the period with the engine's outcome, worded."""
        rules, resolve = self._rules(period)
        reasons = []
        for rule, asked in zip(rules, self._units(period), strict=True):
            # The remembered reason read here first (the common case, spared a call), else
            # worded by `_reason`.
            projection = coded & asked.mask
            found = asked.known.get(projection)
            if not isinstance(found, Reason):
                found = self._reason(rule, asked, values, coded, projection, found, resolve)
            reasons.append(found)
        return reasons

    def _shape(self, period: int | _Split, outcomes: tuple[str, ...]) -> _Shape:
        """What follows from the rules' outcomes alone, whatever the situation: worked out once
        per combination of outcomes (~1,200 occur on random input), not once per situation. A
        split incident's (`_split_rules`) are remembered by its tag beside the periods'."""
        key = (
            _split_tag(period.aware, period.suspected) if isinstance(period, _Split) else period,
            outcomes,
        )
        found = self._shapes.get(key)
        if found is None:
            found = self._shapes[key] = self._shape_of(period, outcomes)
        return found

    def _shape_of(self, period: int | _Split, outcomes: tuple[str, ...]) -> _Shape:
        """What follows from the outcomes of the rules a period (or a split incident) takes."""
        rules, _ = self._rules_and_units(period)
        by_id = {rule.id: outcome for rule, outcome in zip(rules, outcomes, strict=True)}
        applying = [rule for rule in rules if by_id[rule.id] == "applies"]
        open_rules = [rule for rule in rules if by_id[rule.id] != "does_not_apply"]
        undetermined = tuple(rule.id for rule in rules if by_id[rule.id] == "undetermined")
        read = self._read_of(period, undetermined)
        # What the undetermined rules would owe or expect (a notification, a rapid review).
        open_conclusions = tuple(
            (rule, then)
            for rule in rules
            if by_id[rule.id] == "undetermined"
            for then in rule.then
            if then.notify or then.rapid_review
        )
        # The missing facts depend on the situation only through the axes the undetermined rules
        # read and the two that decide whether a world is possible (see `MissingFacts.of`).
        positions = [AXIS_INDEX[axis] for axis in AXES if axis in read or axis in POSSIBILITY_AXES]
        return _Shape(
            outcomes=outcomes,
            undetermined=undetermined,
            # Numbered, not keyed by the outcomes themselves: an integer key instead of a tuple.
            # Numbers are never reused (two threads building one shape at once give it two
            # numbers: one is simply not used again). Equal masks share one integer.
            missing_mask=_MASKS.setdefault(mask := mask_of(positions), mask),
            missing_tag=next(self._shape_numbers) << TAG_SHIFT,
            notify_panel=panel_answer(rules, by_id),
            owed=tuple((rule, then) for rule in applying for then in rule.then if then.notify),
            responsible_areas=tuple(
                dict.fromkeys(
                    then.responsible_authority
                    for rule in open_rules
                    for then in rule.then
                    if then.responsible_authority
                )
            ),
            flags=tuple(
                rule.explain.applies for rule in applying for then in rule.then if then.flag
            ),
            any_notification_possible=any(then.notify for rule in open_rules for then in rule.then),
            advising=tuple(rule for rule in applying if any(then.advise for then in rule.then)),
            rapid_review=tuple(
                (rule, then) for rule in applying for then in rule.then if then.rapid_review
            ),
            undetermined_owed=tuple(
                (rule, then)
                for rule, then in open_conclusions
                if then.within_working_days and then.notify
            ),
            undetermined_conclusions=open_conclusions,
        )

    def _code(self, values: tuple[Any, ...]) -> int:
        """A situation's axis values as one byte each of an integer: what every memory is keyed
        by, masked (see `_memory`)."""
        return situation_code(values, self._value_codes)

    def _read_by(self, period: int, rule_ids: Iterable[str]) -> set[str]:
        """The axes these rules in force read (each rule's own condition)."""
        axes_of = self._rule_axes.get(period)
        if axes_of is None:
            rules, _ = self._rules(period)
            axes_of = self._rule_axes[period] = {
                rule.id: frozenset(_axes_of(facts_named(rule.when))) for rule in rules
            }
        return set().union(*(axes_of[rule] for rule in rule_ids))

    def _reason(
        self,
        rule: RuleVersion,
        asked: _Asked,
        values: tuple[Any, ...],
        coded: int,
        projection: int,
        found: str | None,
        resolve: Any,
    ) -> Reason:
        """The engine's outcome for one rule, worded, where no reason is remembered yet under
        `projection` (`found` is the remembered bare outcome, if any).

        The first time a rule's outcome is seen with those axes, it is checked against the rule's
        own condition (the engine's answers were checked when given; this catches a fault between
        engine and decider), then worded; the wording depends on nothing else. It is kept in
        place of the bare outcome, under the same key, so that remembering every reason costs no
        more than remembering every outcome.
        """
        outcome = found if found is not None else self._outcome(asked, values, coded)
        facts = facts_of(Situation(*values))
        reading = OUTCOME_OF[evaluate(rule.when, facts, resolve)]
        if reading != outcome:
            raise EngineError(
                f"the engine concluded {outcome} for {rule.id} where its condition reads "
                f"{reading}; refusing to decide"
            )
        explanation = reason_text(rule, outcome, facts, resolve)
        reason: Reason = self._intern(
            ("reason", rule.file, outcome, explanation),
            # Built from the rule file's checked fields and the engine's checked outcome, not
            # validated again: validation gives each reason a set of the names of its fields
            # (728 bytes), and a copy of its rule's basis, where some 2,500 reasons are kept for
            # the life of a process: one set, and one basis per rule, serve them all (1.9 MiB
            # less growth over a million random decisions).
            Reason.model_construct(
                _fields_set=_REASON_FIELDS,
                rule=rule.id,
                rule_version=rule.version,
                outcome=outcome,
                basis=sys.intern(rule.basis),
                explanation=explanation,
            ),
        )
        asked.known[projection] = reason
        return reason

    def _outcome(self, asked: _Asked, values: tuple[Any, ...], coded: int) -> str:
        """One rule's outcome for a situation's axis values, remembered by the axes it reads.

        A rule's outcome is a function of the axes its facts come from; remembering it by those
        axes spares building every fact of every world a search visits. The space of those axes
        is finite for each rule, so this memory is not bounded by a count: it stops growing (at
        some 38,000 answers over every rule on uniformly random incidents).
        """
        projection = coded & asked.mask
        found = asked.known.get(projection)
        if found is None:
            # Asked of durable_rules directly, not through the engine's own memory by facts: this
            # is the one copy kept. (Several axis values can give a rule the same facts, "in
            # England, area unknown" and "unknown" for a rule asking only whether the event was
            # in this area; each is asked once: some 38,000 questions in a process's life instead
            # of 17,000, for 3.5 MiB less memory.)
            facts = facts_of(Situation(*values))
            outcome = self.engine.ask(asked.unit, {name: facts[name] for name in asked.unit.reads})
            asked.known[projection] = outcome
            return outcome
        return found if isinstance(found, str) else found.outcome

    def _units(self, period: int) -> list[_Asked]:
        """The period's rules as the engine holds them, in the order of the rules in force."""
        found = self._period_units.get(period)
        if found is None:
            rules, _ = self._rules(period)
            found = []
            for rule, unit in zip(rules, self.engine.units(period), strict=True):
                axes = _axes_of(name.split("__")[0] for name in unit.reads)
                mask = mask_of(AXIS_INDEX[axis] for axis in axes)
                # By engine ruleset and by file: two versions with one condition share a ruleset
                # but not their citation or wording, and one version's condition expands
                # differently where the rules it refers to differ.
                slot = f"{unit.ruleset} {rule.file}"
                # One memory per slot, shared by every period the rule is in force in.
                known = self._concluded.setdefault(slot, {})
                found.append(_Asked(unit, axes, mask, slot, known))
            self._period_units[period] = found
        return found

    def _panel_axes_of(self, period: int, chosen_by: str | None = None) -> tuple[str, ...]:
        """The axes the Panel rules of a period (those chosen by `chosen_by`, if given) read,
        directly or through rule references, and those whose change changes one of them (the
        what-if changes them all, and is remembered by them all: `with_changers`)."""
        axes = self._panel_axes.get((period, chosen_by))
        if axes is None:
            rules, resolve = self._rules(period)
            axes = self._panel_axes[period, chosen_by] = with_changers(
                _axes_read(
                    [rule for rule in chosen_by_date(rules, chosen_by) if rule.decides_panel],
                    resolve,
                )
            )
        return axes

    # -- one incident ----------------------------------------------------------------------------

    def decide(self, incident: Incident | Mapping[str, Any], today: date | None = None) -> Decision:
        """Decide one incident (an `Incident` or a mapping), validated either way."""
        # An `Incident` too: `model_copy(update=...)` and `model_construct` make instances that
        # were never checked, and nothing unchecked is decided.
        # A date to decide against after today admits an incident dated up to it. One that is
        # no date is refused first, as documented (a TypeError naming it): else an incident dated
        # after the real today was refused as "in the future", blaming the incident.
        if today is not None:
            today = plain_date(today, "today")
        incident = validated(Incident, incident, until(today))
        if today is None:
            # Validation holds the incident's dates to today, and they only grow older.
            today = countable(england_today())
        else:
            # `is None`, not `or`: a falsy non-date ("", 0) is refused, never taken for today.
            today = countable(today)
            _refuse_dates_after(incident, today)
        rules_date, source = rules_date_of(incident, today)
        period = self._period(rules_date, source)
        aware = incident.became_aware_on  # always given with a suspicion date (validation)
        # The rules chosen by the awareness date come from its period (also refused when no
        # encoded rules cover it), which a later suspicion's may differ from.
        aware_period = (
            self._period(aware, AWARENESS) if source == SUSPICION and aware is not None else period
        )
        split = aware_period != period
        unread = self._unread(period)
        if split:
            unread &= self._unread(aware_period)  # an axis either period's rules read is kept
        # The situation's values, coded once for both memories; the `Situation` itself is built
        # only where a conclusion has to be worked out.
        values = situation_values(incident, self.thresholds, today, unread)
        coded = self._code(values)
        clock = self._clock(incident)
        verdict = (
            self._split_verdict(aware_period, period, values, coded, clock)
            if split
            else self._verdict_of(period, values, coded, clock)
        )
        shape = verdict.shape
        chosen = chosen_notifications(shape.owed, incident)
        notify_panel = shape.notify_panel
        rapid_review = shape.rapid_review
        missing, advice_only = missing_paths_of(verdict, incident)
        notes = [
            split_rules_note(aware, rules_date)
            if split and aware
            else rules_note(rules_date, source),
            *verdict.flags,
        ]
        window, first_day = (
            self._awareness_window(period, incident, today)
            if source in _UNRECORDED_AWARENESS
            else _ONE_PERIOD
        )
        answers: tuple[str, ...] = ()  # the Panel answer of each period's rules, with `window`
        unsettled = False  # those periods' rules disagree: only what they agree on is given
        # Other sets of rules the incident may fall under, by their period, where the awareness
        # date that chooses them is not recorded (None: a period no encoded rule decides the
        # Panel in).
        elsewhere: dict[int, Duties | None] = {}
        # Where whether abuse or neglect is known or suspected is not recorded: the shape of each
        # later period's rules had it come on that period's first day, for each period the
        # awareness may be in (`suspicions`), with that later period.
        suspicions: list[_IfSuspected] = []
        situations: dict[int, tuple[tuple[Any, ...], int]] = {}  # other periods', coded
        suspected: list[tuple[int, _Shape | None]] = []
        if len(window) > 1:
            # The authority became aware on some day it does not record, from `first_day` to
            # `latest_awareness`: what holds under every set of rules in force over those days
            # (see `_awareness`).
            # Each other period's situation, the awareness by its last day at the latest.
            situations = {
                p: self._situation_at(p, incident, self._aware_by(p, today))
                for p in window
                if p != period
            }
            elsewhere = {p: self._duties_at(p, incident, *situations[p]) for p in situations}
            answers = tuple(
                shape.notify_panel
                if p == period
                else each.notify_panel
                if (each := elsewhere[p])
                else "undetermined"
                for p in window
            )
        # Whether a suspicion not recorded as later than the recorded awareness could, had it
        # been later, change the Panel answer: only where the Panel rules a suspicion chooses
        # changed after the awareness (for most decisions they did not).
        later_panel = source == AWARENESS and self._later_suspicion(period, today).panel_differs
        # What the rules conclude had abuse or neglect come to be suspected after an awareness in
        # the rules date's period: worked out once for the weighing below, the note and the
        # what-if.
        own_later = (
            self._if_suspected_later(period, incident, today, values)
            if incident.abuse_or_neglect == "unknown" or later_panel
            else None
        )
        if incident.abuse_or_neglect == "unknown":
            # Whether abuse or neglect is known or suspected is not recorded, so it may have come
            # to be on any later day up to today: what arises from it is then decided under the
            # rules in force on that day (`chosen_by`), which may differ from those of the day
            # the authority became aware, whichever of the window's days that was (known before
            # 29 June 2018, suspected after: s16C's notification to the Panel). The rules date's
            # period first (its shape is the decision's own), then the window's others.
            others = (
                self._if_suspected_later(
                    p, incident, today, situations[p][0], aware_by=self._aware_by(p, today)
                )
                for p in situations
            )
            suspicions = [found for found in (own_later, *others) if found is not None]
            suspected = [
                (later, found)
                for each in suspicions
                for later, found in zip(each.periods, each.shapes, strict=True)
            ]
        # Which notification is chosen per recipient ("must" over "should") does not turn on the
        # dates, so the incident as recorded gives the same duties as one suspected.
        if_suspected = [
            None if found is None else duties_of(found, chosen_notifications(found.owed, incident))
            for _, found in suspected
        ]
        common = awareness_common = None
        if elsewhere or if_suspected:  # (most decisions weigh no other set of rules)
            duties = duties_of(shape, chosen)
            common = agreed(duties, [*elsewhere.values(), *if_suspected])
            awareness_common = agreed(duties, elsewhere.values()) if elsewhere else None
        if common is not None:
            unsettled = True
            notify_panel = common.notify_panel
            chosen = {
                key: found
                for key, found in chosen.items()
                if (*key, found[1].strength) in common.owed
            }
            rapid_review = rapid_review if common.rapid_review else ()
            # The facts whose worlds were weighed are asked first: the awareness date where the
            # rules of the days it may be disagree, whether abuse or neglect is known or
            # suspected where a later suspicion's rules were weighed.
            first_asked = [
                *(["became_aware_on"] if awareness_common is not None else []),
                *(["abuse_or_neglect"] if suspected else []),
            ]
            # Then what could change the rules' conclusions had abuse or neglect come to be
            # suspected later (the place of an event, where those rules are s16C's), beside
            # what could change the decision's own.
            later_axes, unranked = self._missing_if_suspected(suspicions, clock)
            missing = [*first_asked, *(path for path in missing if path not in first_asked)]
            missing += [path for path in paths_of(later_axes, incident) if path not in missing]
            if unranked and UNRANKED_NOTE not in notes:
                notes.append(UNRANKED_NOTE)
            # Only the rules date's rules said which questions change nothing but advice; under
            # another period's, one may change a duty.
            advice_only = []
            if "became_aware_on" in first_asked:
                notes.append(
                    unsettled_note(
                        first_day,
                        [self.book.period_start(p) for p in window[1:]],
                        None
                        if source == "event.date"
                        else (rules_date, source, first_day == incident.child.date_of_birth),
                    )
                )
            if suspected:
                notes.append(
                    later_suspicion_note(
                        [self.book.period_start(p) for p in sorted({p for p, _ in suspected})]
                    )
                )
        if (
            own_later is not None
            and later_panel
            and incident.abuse_or_neglect in _KNOWN_OR_SUSPECTED
        ):
            # Known or suspected, with no later date: from the awareness, as the field means.
            # Where a later date would bring other duties, the reader is told the answer turns on
            # that reading (aware 26 June 2018, suspected after 29 June: s16C's).
            notes += self._suspicion_date_notes(own_later, notify_panel)
        obligations = obligations_of(chosen, incident, today)
        if len(window) > 1:
            # The rules of the days the unrecorded awareness may be on can agree on what is owed
            # and not on the edition of the guidance asking it (`edition_notes`).
            notes += edition_notes(
                [
                    *(
                        (f"the notification to {named_recipient(str(key[0]), key[1])}", *found)
                        for key, found in chosen.items()
                    ),
                    *(("the rapid review", *found) for found in rapid_review[:1]),
                ],
                [self._rules(p)[0] for p in window if p != period],
                rules_date,
            )
        if len(chosen) < len(shape.owed):  # one notification was set aside for another
            notes += earlier_deadline_notes(shape.owed, chosen, incident, today)
        if shape.undetermined_owed:
            notes += sooner_notes(shape.undetermined_owed, chosen, incident)
        if shape.undetermined_conclusions and not unsettled:
            # (Where the rules of the days the unrecorded awareness may be disagree, a note
            # already says only what they all agree on is given.)
            notes += more_owed_note(shape.undetermined_conclusions, chosen, rapid_review, incident)
        if incident.notified_on:
            notes += uncounted_notified_notes(shape.owed, chosen, incident, today)
            notes += unowed_notified_notes(
                (*shape.owed, *shape.undetermined_conclusions),
                [*elsewhere.values(), *if_suspected],
                incident,
                today,
            )
        provisional_due, provisional_status = (
            _earliest(
                provisional_panel(
                    [then for _, then in shape.undetermined_owed if then.notify == "panel"],
                    incident,
                    today,
                ),
                # A suspicion not recorded came on the first day of a later period's rules at
                # the earliest: the Panel notification those rules would then owe. (Only with
                # the awareness recorded: else a Panel notification counted from it, under the
                # rules of a day it may be, may fall due earlier, on a day not known, and the
                # field is null, as documented.)
                *(
                    provisional_panel(
                        [
                            then
                            for _, then in (*found.owed, *found.undetermined_owed)
                            if then.notify == "panel"
                        ],
                        _suspected_on(incident, self.book.period_start(later)),
                        today,
                    )
                    for later, found in suspected
                    if found is not None and incident.became_aware_on is not None
                ),
            )
            if notify_panel == "undetermined"
            else (None, None)
        )
        decision = Decision(
            case_reference=incident.case_reference,
            notify_panel=notify_panel,  # type: ignore[arg-type]
            obligations=obligations,
            panel_due_by_if_required=provisional_due,
            panel_status_if_required=provisional_status,
            reasons=list(verdict.reasons),
            missing_facts=missing,
            advice_only_facts=advice_only,
            responsible_authority=responsible_area_of(shape.responsible_areas, incident),
            rules_date=rules_date,
            rules_date_source=source,  # type: ignore[arg-type]
            aware_rules_date=aware if split else None,
            notes=notes,
            rules_version=self.rules_version,
            library_version=__version__,
            input_digest=input_digest(incident),
            as_of=today,
            advisories=advisories_of(verdict),
            rapid_review=rapid_review_of(rapid_review, incident, obligations, today),
            what_if=(
                []
                if notify_panel == "required"
                else with_suspicion_changes(
                    placed(
                        self._what_if_answers.agreed(window, answers, first_day, incident, today)
                        if len(window) > 1
                        else self._what_if_answers.split(aware_period, period, values, coded)
                        if split
                        else self._what_if_answers.of(period, values, coded),
                        incident,
                    ),
                    self._suspicion_what_ifs(own_later, incident)
                    if own_later is not None and later_panel
                    else [],
                )
            ),
        )
        born, happened = incident.child.date_of_birth, incident.event.date
        if born and happened and leap_day_birthday(born, happened):
            leap = self._leap_day_notes(decision, incident, today)
            return decision.model_copy(update={"notes": [*decision.notes, *leap]})
        return decision

    def _leap_day_notes(self, decision: Decision, incident: Incident, today: date) -> list[str]:
        """For a person born on 29 February and an event on 28 February of a common year, a
        note where taking them to turn a year older that day, not on 1 March (`age_on`), would
        change what the decision answers: which day is the anniversary is not settled in English
        law (review s25, B4: the s16C "under 18" test and the care-leaver ages turned on it,
        silently)."""
        born, happened = incident.child.date_of_birth, incident.event.date
        assert born is not None
        assert happened is not None
        document = incident.model_dump()
        document["child"]["date_of_birth"] = earlier = born - timedelta(days=1)
        age = age_on(born, happened)
        otherwise = ""
        if incident.child.looked_after == "yes" and age_on(earlier, happened) >= 18:
            # 18 that day, the person was no looked-after child (a child is under 18): decided
            # so, where refusing the input told the reader nothing of what is at stake (review
            # s26, B2).
            document["child"].update(looked_after="no", looked_after_by=None)
            otherwise = (
                "the person would not have been a looked-after child (Children Act 1989 "
                "s105(1)), and "
            )
        try:
            other = self.decide(document, today)
        except ValidationError:  # (none is known; never a guess at what would change)
            otherwise += "what would then be owed could not be worked out"
        else:
            if _answered(other) == _answered(decision):
                return []
            otherwise += _otherwise(decision, other)
        return [
            f"Born on 29 February, the person was taken to turn {age + 1} on 1 March, so was "
            f"{age} on the event date, 28 February {happened.year}. Which day someone born on 29 "
            "February attains an age in a common year is not settled in English law (Family Law "
            f"Reform Act 1969 s9): taken as 28 February, they were {age + 1} that day and "
            f"{otherwise}. Flagged for legal review."
        ]

    def _suspicion_what_ifs(self, found: _IfSuspected, incident: Incident) -> list[WhatIf]:
        """The later suspicion dates that would make the Panel required (`suspicion_changes`),
        from what the rules of each later period conclude (`found`), no suspicion date recorded:
        the search of the other changes varies the incident's facts under the rules of its own
        dates only. (Asked only where the Panel rules a suspicion chooses change after the
        awareness: else a later suspicion gives the Panel answer a suspicion at awareness
        gives.)"""
        panels = [
            (
                shape.notify_panel,
                tuple(
                    rule.id
                    for rule, outcome in zip(split.rules, shape.outcomes, strict=True)
                    if outcome == "applies" and rule.decides_panel
                ),
            )
            if split is not None and shape is not None
            else ("undetermined", ())
            for split, shape in zip(found.splits, found.shapes, strict=True)
        ]
        return suspicion_changes(
            [self.book.period_start(later) for later in found.periods],
            panels,
            incident.abuse_or_neglect in _KNOWN_OR_SUSPECTED,
        )

    def _awareness_window(self, period: int, incident: Incident, today: date) -> tuple[range, date]:
        """Where the date the authority became aware is not recorded (the rules date chosen by
        one of `_UNRECORDED_AWARENESS`), the periods it may fall in (`period`, that of the rules
        date, among them), and the first day it may be.

        With the event date recorded, from the event to `latest_awareness`. With neither, from
        the child's birth to `latest_awareness` (the rules date then): the rules of an earlier
        day are weighed too, since today's would be a guess. A birth before the encoded rules
        begin, or none recorded, counts from their first day: an incident dated earlier is
        refused, and one undated is decided as within them (the note says so).
        """
        event_date = incident.event.date
        if event_date is not None:
            latest = self.book.period_of(latest_awareness(incident, today))
            return range(period, latest + 1), event_date
        start = self.book.covered_from
        born = incident.child.date_of_birth
        first_day = born if born and born > start else start
        return range(self.book.period_of(first_day), period + 1), first_day

    def _aware_by(self, period: int, today: date) -> date:
        """The latest day the authority can have become aware if it was in `period`: its last
        day, or today. Where neither the awareness nor the event date is recorded, it bounds the
        event, and so the child's age at it, under that period's rules (which a bound of today
        would leave open: every undated incident's Panel answer undetermined under Working
        Together 2015's rules, which turn on whether the event preceded s16C)."""
        end = self.book.period_end(period)
        return min(today, end - timedelta(days=1)) if end else today

    def _duties_at(
        self, period: int, incident: Incident, values: tuple[Any, ...], coded: int
    ) -> Duties | None:
        """What the rules of `period` say the authority must do for the incident, its axis values
        as they read them (`_situation_at`) (None when no encoded rule decides the Panel answer
        then). Only the rules' outcomes are asked: neither reasons nor missing facts."""
        if period not in self._panel_periods:
            return None
        shape = self._shape(period, self._outcomes_of(period, values, coded))
        return duties_of(shape, chosen_notifications(shape.owed, incident))

    def _later_suspicion(self, period: int, today: date) -> _LaterSuspicion:
        """The periods after `period` up to today's in which the rules chosen by the date abuse or
        neglect came to be known or suspected differ from those of the period before (where a
        suspicion not recorded may have come to be, under other rules than the awareness's), and
        how to ask their rules: worked out once per pair of periods."""
        key = (period, self.book.period_of(today))
        found = self._later_periods.get(key)
        if found is None:
            periods = []
            before = self._suspicion_rules(period)
            for later in range(period + 1, key[1] + 1):
                rules = self._suspicion_rules(later)
                if rules != before:
                    periods.append(later)
                before = rules
            splits = tuple(
                self._split_rules(period, later) if later in self._panel_periods else None
                for later in periods
            )
            read = {
                axis for split in splits if split for asked in split.units for axis in asked.axes
            }
            unread = frozenset.intersection(self._unread(period), *map(self._unread, periods))
            found = self._later_periods[key] = _LaterSuspicion(
                tuple(periods),
                splits,
                unread,
                # The incident's own situation (whose axes `period`'s rules do not read are cut)
                # serves where the later rules read none of those axes.
                not read & self._unread(period),
                keyed([AXIS_INDEX[axis] for axis in AXES if axis in read], key[0] << 8 | key[1]),
                any(
                    self._suspicion_rules(later, panel_only=True)
                    != self._suspicion_rules(period, panel_only=True)
                    for later in periods
                ),
            )
        return found

    def _suspicion_rules(self, period: int, panel_only: bool = False) -> tuple[str, ...]:
        """The rule files in force in `period` that the suspicion date chooses (those deciding
        the Panel answer only, if `panel_only`)."""
        rules, _ = self._rules(period) if period in self._panel_periods else ((), None)
        return tuple(
            rule.file
            for rule in chosen_by_date(rules, SUSPICION)
            if rule.decides_panel or not panel_only
        )

    def _if_suspected_later(
        self,
        period: int,
        incident: Incident,
        today: date,
        values: tuple[Any, ...] | None = None,
        aware_by: date | None = None,
    ) -> _IfSuspected | None:
        """What the rules conclude had abuse or neglect, not recorded, come to be suspected on
        the first day of each later period whose rules for it differ (`_later_suspicion`;
        the awareness in `period`, the incident's axis values as its rules read them `values`):
        what arises from it under that period's rules, the rest under `period`'s (as
        `_split_verdict`). None for a period in which no encoded rule decides the Panel answer.
        Only the rules' outcomes are asked, as `_duties_at` asks them, and the shapes they give
        are remembered by the axes those rules read. None where no later period's rules differ."""
        later = self._later_suspicion(period, today)
        if not later.periods:
            return None
        # One situation serves every later period: the incident's, abuse known or suspected,
        # with every axis any of their rules reads.
        if values is None or not later.same_situation:
            values = situation_values(incident, self.thresholds, aware_by or today, later.unread)
        situation = (*values[:_ABUSE], "known_or_suspected", *values[_ABUSE + 1 :])
        coded = self._code(situation)
        key = later.key(coded)
        shapes = self._later_shapes.get(key)
        if shapes is None:
            shapes = tuple(
                None
                if split is None
                else self._shape(
                    split,
                    tuple(self._outcome(asked, situation, coded) for asked in split.units),
                )
                for split in later.splits
            )
            remember(self._later_shapes, key, shapes, _LATER_SHAPES_KEPT)
        return _IfSuspected(later.periods, later.splits, shapes, situation, coded)

    def _suspicion_date_notes(self, found: _IfSuspected, notify_panel: str) -> list[str]:
        """`suspicion_date_note` where a later suspicion date than the awareness would change the
        Panel answer (`notify_panel`), from what the rules of each later period conclude
        (`found`), naming the changes of the rules that would. (The Panel answer alone is
        compared: comparing all that is owed would cost each decision passing here ~20 calls
        more.) Asked only where the Panel rules a suspicion chooses change after the awareness."""
        differing = {
            later: answer
            for later, shape in zip(found.periods, found.shapes, strict=True)
            if (answer := shape.notify_panel if shape else "undetermined") != notify_panel
        }
        if not differing:
            return []
        # An undetermined answer there is another only if the facts still open say so.
        settled = "undetermined" not in differing.values()
        return [suspicion_date_note([self.book.period_start(p) for p in differing], settled)]

    def _missing_if_suspected(
        self, suspicions: Iterable[_IfSuspected], clock: int
    ) -> tuple[list[str], bool]:
        """The axes whose answers could change what the rules of a later suspicion conclude
        (`_if_suspected_later`), in the order found, and whether any search went unranked."""
        axes: list[str] = []
        unranked = False
        for found in suspicions:
            for split, shape in zip(found.splits, found.shapes, strict=True):
                if split is None or shape is None:
                    continue
                decisive, _, too_many = self._missing_facts_search.of(
                    split, found.situation, found.coded, shape, clock
                )
                axes += [axis for axis in decisive if axis not in axes]
                unranked |= too_many
        return axes, unranked

    def _situation_at(
        self, period: int, incident: Incident, today: date
    ) -> tuple[tuple[Any, ...], int]:
        """The incident's axis values as the rules of `period` read them, and coded."""
        values = situation_values(incident, self.thresholds, today, self._unread(period))
        return values, self._code(values)

    def _outcomes_at(self, period: int, incident: Incident, today: date) -> tuple[str, ...]:
        """The outcome of each rule in force in `period` for the incident, in the rules' order."""
        return self._outcomes_of(period, *self._situation_at(period, incident, today))

    def _outcomes_of(self, period: int, values: tuple[Any, ...], coded: int) -> tuple[str, ...]:
        """The outcome of each rule in force in `period` for these axis values, in the rules'
        order."""
        return tuple(self._outcome(asked, values, coded) for asked in self._units(period))

    def _clock(self, incident: Incident) -> int:
        """The order the incident's due dates fall in, numbered: 0, as for every incident, unless
        a later suspicion moves a due date counted from it (`_ranks_between`).

        Every due date counts from the awareness or from a later suspicion, so where two
        notifications to one recipient are owed, and which is the earlier, turns on these dates
        only through that order: the missing facts (which compare when notifications are due)
        are remembered by it, not by the dates.
        """
        aware, suspected = incident.became_aware_on, incident.abuse_or_neglect_suspected_on
        if aware is None or suspected is None or suspected <= aware:
            return 0
        clock, ranks = self._ranks_between(aware, suspected)
        if clock not in self._due_ranks:
            self._due_ranks[clock] = ranks  # the same ranks whichever thread sets them
        return clock

    def _ranks_between(self, aware: date, suspected: date) -> tuple[int, DueRanks]:
        """Each due date's rank among those counted from `aware` and from `suspected`
        (`DueRanks`), and their order numbered (0 where the two dates give the same dates)."""
        starts: tuple[tuple[str, date], ...] = ((AWARENESS, aware), (SUSPICION, suspected))
        dues = {
            (start, days): add_working_days(day, days)
            for start, day in starts
            for days in self._notify_days
        }
        order = sorted(set(dues.values()))
        ranks = {key: order.index(due) for key, due in dues.items()}
        # Numbered in base len(ranks), one digit a due date (in `dues`' order); the awareness's
        # and the suspicion's at one date are the order of every incident, numbered 0.
        number = sum(rank * len(ranks) ** digit for digit, rank in enumerate(ranks.values()))
        same = all(ranks[AWARENESS, days] == ranks[SUSPICION, days] for days in self._notify_days)
        return (0 if same else number), ranks

    def what_if(self, period: int, situation: Situation) -> list[WhatIf]:
        """The smallest changes of a situation where the Panel is not required that make it so.

        Remembered by the axes the Panel rules read: the search asks about dozens of changed
        situations, and its answer depends on nothing else.
        """
        values = axis_values(situation)
        return self._what_if_answers.of(period, values, self._code(values))

    def _period(self, rules_date: date, source: str) -> int:
        period = self.book.period_of(rules_date)
        if period not in self._panel_periods:
            start = self.book.covered_from
            # The field is named, not its date: an error never repeats a submitted value.
            refused = RulesNotInForceError(
                f"no encoded rules decide a Panel notification on the date given by {source}: "
                + (
                    f"the rules encoded begin on {start}"
                    if rules_date < start
                    # A rules directory of a Decider's own can leave a gap between versions,
                    # or end.
                    else f"none is in force then, though they begin on {start} (a gap between "
                    "versions, or after the last ends)"
                )
            )
            if source == "today":
                refused.option = source
            else:
                refused.field = source
            raise refused
        return period

    def _unread(self, period: int) -> frozenset[str]:
        """The optional axes that no rule in force reads.

        No rule can tell their values apart, so every conclusion (outcomes, reasons, missing
        facts, what-if) is the same for all of them: the situation keeps their default values.
        Keeping the incident's would multiply the distinct situations the engine is asked about
        (by up to 200 with every optional input varying).
        """
        unread = self._unread_axes.get(period)
        if unread is None:
            rules, _ = self._rules(period)
            read = _axes_of(set().union(*(facts_named(rule.when) for rule in rules)))
            unread = frozenset(
                axis.name
                for axis in fields(Situation)
                if axis.default is not MISSING and axis.name not in read
            )
            self._unread_axes[period] = unread
        return unread

    def _panel_rulesets(self, period: int) -> tuple[str, ...]:
        """The engine's rulesets of the rules deciding the Panel question in `period` (none where
        no rule decides it): two periods with the same give the same Panel answers."""
        found = self._rulesets_of.get(period)
        if found is None:
            found = ()
            if period in self._panel_periods:
                rules, _ = self._rules(period)
                found = tuple(
                    asked.unit.ruleset
                    for rule, asked in zip(rules, self._units(period), strict=True)
                    if rule.decides_panel
                )
            self._rulesets_of[period] = found
        return found

    @cached_property
    def _panel_periods(self) -> frozenset[int]:
        """The periods in which some rule in force decides the Panel question (computed once)."""
        book = self.book
        return frozenset(
            period
            for period in range(1, len(book.boundaries) + 1)
            if any(rule.decides_panel for rule in book.in_force(book.period_start(period)))
        )


# How many remembered conclusions a decider keeps. With every optional input varying there are
# over a million situations, so a full memory forgets its older half and fills again: memory stays
# bounded and a forgotten conclusion is simply worked out again (the engine's own answers and the
# reasons, a finite set, are kept). Sizes chosen so that a million random decisions grow peak
# memory by under 20 MiB (tests/bench/bench.py). The searches' memories keep 16,384 answers each,
# fewer than a million random incidents with age ranges ask for (~22,400 what-if and ~29,300
# missing-facts keys, counted on 28 November 2026): a search costs ~0.3 ms and a forgotten one is
# searched again (with a memory of 4,000 and 8,000 emptied when full, a
# million incidents made 306,000 searches instead of 39,000: half the run). A search's entry is
# an integer key (~0.1 KB with its slot); its answer is shared. A verdict (~0.8 KB) is
# rebuilt from the remembered reasons and searches in ~10 us, so few are kept.
_VERDICTS_KEPT = 1_000
_MASKS: dict[int, int] = {}  # one integer for each mask the shapes' missing-facts keys take
# The later suspicions' shapes kept (`_if_suspected_later`): twice as many saved no calls on
# random input, and cost ~0.2 MiB over a million decisions.
_LATER_SHAPES_KEPT = 1_024
_SHARED_KEPT = 4_000
# (The missing facts' memory is `_missing_facts.MISSING_KEPT`, 16,384; the what-if answers' is
# `_whatif_answers.SEARCHES_KEPT`, 16,384.)


class _SharedFieldNames(set[str]):
    """The names of a reason's fields, one set shared by every reason built (`_reason`): it
    refuses to change (pydantic hands it out as `model_fields_set`, and one `discard` would have
    changed every reason's), and is copied as a plain set (as `model_copy` copies it to add to)."""

    def _refuse(self, *_: object) -> Any:
        raise TypeError("the field names of every reason: copy the set to change it")

    add = discard = remove = pop = clear = update = _refuse
    intersection_update = difference_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def __copy__(self) -> set[str]:
        return set(self)


# (Cast: pydantic before 2.11 types `model_fields` on the class as a property's getter.)
_REASON_FIELDS = _SharedFieldNames(cast("dict[str, Any]", Reason.model_fields))


# Where a verdict's key tags the order of an incident's due dates (`Decider._clock`): above its
# period or split tag (`_split_tag`). (A missing-facts key's: `_missing_facts.CLOCK_SHIFT`.)
_CLOCK_TAG = 24
# A date for the order of due dates counted from one date (any date gives the same order).
_ANY_DAY = date(2024, 1, 1)
# Where a situation holds whether abuse or neglect is known or suspected.
_ABUSE = AXIS_INDEX["abuse"]
# The answers recording abuse or neglect as known or suspected.
_KNOWN_OR_SUSPECTED = ("known", "suspected")


def _suspected_on(incident: Incident, day: date) -> Incident:
    """The incident, had abuse or neglect come to be suspected on `day` (for its due dates)."""
    return incident.model_copy(
        update={"abuse_or_neglect": "suspected", "abuse_or_neglect_suspected_on": day}
    )


def _answered(decision: Decision) -> tuple[Any, ...]:
    """What a decision answers, wording aside: the Panel answer, the notifications with their
    strengths and due dates, another authority's duty and the advice (the leap-day note missed
    a change of the last two: review s26, B1)."""
    return (
        decision.notify_panel,
        frozenset(
            (item.recipient, item.area, item.strength, item.due_by) for item in decision.obligations
        ),
        decision.responsible_authority,
        frozenset(item.rule for item in decision.advisories),
    )


def _otherwise(decision: Decision, other: Decision) -> str:
    """What another decision of the same incident answers that this one does not, in words."""

    def named(items: Iterable[tuple[str, str | None]]) -> str:
        return listed_words([named_recipient(*item) for item in sorted(items, key=str)])

    owed = {(item.recipient, item.area) for item in decision.obligations}
    owed_then = {(item.recipient, item.area) for item in other.obligations}
    words = []
    if other.notify_panel != decision.notify_panel:
        words.append(f'the Panel answer would be "{other.notify_panel}"')
    if owed - owed_then:
        words.append(f"{named(owed - owed_then)} would not be owed a notification")
    if owed_then - owed:
        words.append(f"{named(owed_then - owed)} would be owed one")
    if other.responsible_authority != decision.responsible_authority:
        words.append(
            f"another authority's duty would be {other.responsible_authority}'s"
            if other.responsible_authority
            else "no other authority's duty would be engaged"
        )
    if {item.rule for item in other.advisories} != {item.rule for item in decision.advisories}:
        words.append("the advice would differ")
    return listed_words(words) if words else "the notifications would differ in strength or date"


def _earliest(
    *provisional: tuple[date | None, Status | None],
) -> tuple[date | None, Status | None]:
    """Of the Panel notifications that may be owed (`provisional_panel`'s), the one due first."""
    dated = [(due, status) for due, status in provisional if due is not None]
    if not dated:
        return None, None
    return min(dated, key=lambda found: found[0])


def _split_tag(aware: int, suspected: int) -> int:
    """What the memories tag a split incident's keys with: never a period's number (below 256),
    which tags those of the others."""
    return 1 << 16 | aware << 8 | suspected


def _verdict_from(
    shape: _Shape,
    reasons: list[Reason],
    missing: tuple[tuple[str, ...], tuple[str, ...], bool],
) -> Verdict:
    """A verdict from its shape, its rules' reasons and its missing facts (`MissingFacts.of`)."""
    decisive, advisory, unranked = missing
    return Verdict(
        shape=shape,
        reasons=tuple(reasons),
        flags=shape.flags + ((UNRANKED_NOTE,) if unranked else ()),
        missing_axes=decisive,
        advisory_missing_axes=tuple(axis for axis in advisory if axis not in decisive),
    )


def _axes_read(rules: Iterable[RuleVersion], resolve: Any) -> tuple[str, ...]:
    """The situation axes whose facts these rules read, directly or through rule references."""
    read: set[str] = set()
    pending = [rule.when for rule in rules]
    # Each referenced rule is read once: rules sharing references would otherwise be walked once
    # per path to them, which doubles with every layer of sharing.
    followed: set[str] = set()
    while pending:
        condition = pending.pop()
        read |= facts_named(condition)
        targets = rules_named(condition) - followed
        followed |= targets
        pending.extend(resolve(target) for target in targets)
    return _axes_of(read)


def _axes_of(facts: Iterable[str]) -> tuple[str, ...]:
    """The situation axes that settle these facts, in axis order."""
    facts = set(facts)
    return tuple(axis for axis in AXES if facts.intersection(AXIS_FACTS[axis]))


def _refuse_dates_after(incident: Incident, today: date) -> None:
    """Refuse a date to decide against that comes before the incident itself: nothing was owed
    then, and a status counted to it ("2,894 working days left") would mean nothing.

    A notification recorded after it is allowed (not yet made then: statuses as they stood).
    """
    later = first_date_after(incident, today)
    if later:
        # Before a later suspicion, a looked-after child's death was already owed: what was not
        # yet so is the incident as recorded.
        why = (
            "the incident as recorded was not yet known then (for where it stood then, decide "
            "it without abuse_or_neglect_suspected_on, abuse_or_neglect as it then stood)"
            if later == "abuse_or_neglect_suspected_on"
            else "nothing was owed then"
        )
        raise DecisionDateError(
            f"the date to decide against (today) is before {later}: {why}, so no status can be "
            "taken on it"
        )


_default: Decider | None = None
_default_lock = threading.Lock()


def default_decider() -> Decider:
    """The process-wide decider over the shipped rules, built once on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Decider()
    return _default


def rules_version() -> str:
    """The hash of the shipped rule files that `decide` and `decide_many` use: the
    `rules_version` of their decisions, known before deciding (to log at start-up, say)."""
    return default_decider().rules_version


def decide(incident: Incident | Mapping[str, Any], today: date | None = None) -> Decision:
    """Decide whether this authority must notify the Panel, what else it owes, by when and why.

    `today` (default: the date in England) is the date each obligation's status (due, due today,
    overdue, done, done late) is taken against: a `datetime.date` (a date and time is a
    `TypeError`, the day it falls on depending on the time zone).

    Invalid input raises `pydantic.ValidationError`; a date outside the encoded rules raises
    `RulesNotInForceError`; a `today` outside the years whose bank holidays in England are known
    raises `OutsideCalendarError`, and one before the child's birth, the event or the awareness
    date `DecisionDateError`; an engine failure raises `EngineError`. Nothing is ever guessed.
    """
    return default_decider().decide(incident, today)


def decide_many(
    incidents: Iterable[Incident | Mapping[str, Any]], today: date | None = None
) -> Iterator[Decision]:
    """Decide each incident in order, lazily, all against one date.

    `today` (default: the date in England when called) is taken once for the whole batch, so a
    batch running past midnight does not mix two dates; a bad one is refused at once, by the
    call. The first incident that cannot be decided ends the iteration with its error, which
    carries a note of the incident's position (counting from 0): a batch of thousands otherwise
    gives no clue which one it was. One incident (a mapping or an `Incident`) passed in place of
    the iterable is a `TypeError`, raised by the call, as a bad `today` is.
    """
    many_incidents(incidents, "decide_many")
    # Refused before any incident: a bad `today` was blamed on the incident at position 0, and
    # with no incidents it was never refused at all.
    return _decided_in_turn(
        default_decider(), incidents, countable(england_today() if today is None else today)
    )


def _decided_in_turn(
    decider: Decider, incidents: Iterable[Incident | Mapping[str, Any]], today: date
) -> Iterator[Decision]:
    for position, incident in enumerate(incidents):
        try:
            decision = decider.decide(incident, today)
        except (ValidationError, SafeguardingNotifyError) as error:
            # Only the position: the error itself never repeats the input's values.
            error.add_note(f"decide_many: the incident at position {position} (from 0)")
            raise
        yield decision
