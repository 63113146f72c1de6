"""Deciding one incident: choose the rules in force, let the engine conclude, assemble the answer.

Why decisions are fast although the engine costs ~100 µs a call: everything the engine concludes
depends only on the incident's `Situation` (a point in a small finite space) and on the period of
rule versions in force. The engine is asked once per distinct (period, situation) and its
conclusions are kept; the only per-incident work is validation, the due dates and the digests.
The engine is still the only thing that decides: nothing else computes an outcome, and the
Python reading of the conditions used to word the reasons is checked against the engine's.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ._calendar import add_working_days
from ._conditions import All, Compare, Condition, Not, evaluate
from ._conditions import Any as AnyOf
from ._engine import RuleEngine
from ._explain import format_date, reason_text
from ._facts import (
    AXES,
    Situation,
    Thresholds,
    completions,
    facts_of,
    situation_of,
)
from ._rulefile import Conclusion, RuleBook, RuleVersion, load_rules
from .decision import Decision, Obligation, Reason
from .errors import EngineError, RulesNotInForceError
from .incident import EnglishPlace, Incident, england_today

__all__ = ["Decider", "decide", "decide_many", "default_decider"]

_AXIS_PATHS = {
    "abuse": "abuse_or_neglect",
    "event_kind": "event.kind",
    "event_place": "event.location",
    "residence": "child.normally_resident",
    "looked_after": "child.looked_after",
    "event_date": "event.date",
}
_RECIPIENT_ORDER = ("panel", "secretary_of_state", "ofsted", "safeguarding_partners")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the rules conclude for one situation in one period, before any date or code is added."""

    outcomes: Mapping[str, str]
    notify_panel: str
    reasons: tuple[Reason, ...]
    owed: tuple[tuple[RuleVersion, Conclusion], ...]
    refer_to_event_area: bool
    flags: tuple[str, ...]
    missing_axes: tuple[str, ...]
    any_notification_possible: bool


class Decider:
    """A loaded rule book, its engine and the engine's remembered conclusions."""

    def __init__(self, rules_dir: Path | None = None, book: RuleBook | None = None) -> None:
        self.book = book or load_rules(rules_dir)
        self.engine = RuleEngine(self.book)
        cuts: dict[str, set[int]] = {}
        for rule in self.book.rules:
            for compare in _comparisons(rule.when):
                cuts.setdefault(compare.fact, set()).add(compare.cut)
        self.thresholds = Thresholds({fact: tuple(sorted(v)) for fact, v in cuts.items()})
        self._outcomes: dict[tuple[int, Situation], Mapping[str, str]] = {}
        self._verdicts: dict[tuple[int, Situation], Verdict] = {}
        # Equal reasons and outcome mappings recur across thousands of situations: kept once each,
        # so remembering every situation's conclusions stays within a few MiB.
        self._shared: dict[Any, Any] = {}

    # -- the engine's conclusions, remembered -----------------------------------------------------

    def outcomes(self, period: int, situation: Situation) -> Mapping[str, str]:
        """Each rule's outcome as the engine concludes it for this situation."""
        key = (period, situation)
        found = self._outcomes.get(key)
        if found is None:
            facts = facts_of(situation)
            found = self.engine.evaluate(period, facts)
            self._check_reading(period, facts, found)
            found = self._shared.setdefault(tuple(found.items()), found)
            self._outcomes[key] = found
        return found

    def _check_reading(
        self, period: int, facts: Mapping[str, str | int], outcomes: Mapping[str, str]
    ) -> None:
        rules, resolve = self._rules(period)
        for rule in rules:
            reading = {"true": "applies", "false": "does_not_apply", "unknown": "undetermined"}[
                evaluate(rule.when, facts, resolve)
            ]
            if reading != outcomes[rule.id]:
                raise EngineError(
                    f"the engine concluded {outcomes[rule.id]} for {rule.id} where its condition "
                    f"reads {reading}; refusing to decide"
                )

    def _rules(self, period: int) -> tuple[tuple[RuleVersion, ...], Any]:
        rules = self.book.in_force(self.book.period_start(period))
        by_id = {rule.id: rule for rule in rules}

        def resolve(rule_id: str) -> Condition:
            return by_id[rule_id].when

        return rules, resolve

    def verdict(self, period: int, situation: Situation) -> Verdict:
        """The engine's conclusions for a situation, worded, with the facts still missing."""
        key = (period, situation)
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdict(period, situation)
            self._verdicts[key] = found
        return found

    def _verdict(self, period: int, situation: Situation) -> Verdict:
        rules, resolve = self._rules(period)
        outcomes = self.outcomes(period, situation)
        facts = facts_of(situation)
        reasons = tuple(
            self._shared.setdefault(reason, reason)
            for reason in (
                Reason(
                    rule=rule.id,
                    outcome=outcomes[rule.id],  # type: ignore[arg-type]
                    basis=rule.basis,
                    explanation=reason_text(rule, outcomes[rule.id], facts, resolve),
                )
                for rule in rules
            )
        )
        applying = [rule for rule in rules if outcomes[rule.id] == "applies"]
        owed = tuple((rule, then) for rule in applying for then in rule.then if then.notify)
        open_rules = [rule for rule in rules if outcomes[rule.id] != "does_not_apply"]
        return Verdict(
            outcomes=outcomes,
            notify_panel=_panel_answer(rules, outcomes),
            reasons=reasons,
            owed=owed,
            refer_to_event_area=any(
                then.responsible_authority for rule in open_rules for then in rule.then
            ),
            flags=tuple(
                rule.explain.applies for rule in applying for then in rule.then if then.flag
            ),
            missing_axes=self._missing_axes(period, situation, rules),
            any_notification_possible=any(then.notify for rule in open_rules for then in rule.then),
        )

    def _missing_axes(
        self, period: int, situation: Situation, rules: tuple[RuleVersion, ...]
    ) -> tuple[str, ...]:
        """Unknown axes that could change the answer, the most decisive first.

        An axis matters when two possible worlds that differ only on it get different answers
        (whether to notify the Panel, and to whom notifications are owed). Decisiveness is the
        share of settings of the other unknowns in which it matters.
        """
        unknown = situation.unknown_axes()
        if not unknown:
            return ()
        worlds = list(completions(situation, self.thresholds, unknown))
        answers = {world: self._signature(period, world, rules) for world in worlds}
        scored = []
        for axis in unknown:
            groups: dict[tuple[Any, ...], set[Any]] = {}
            for world, answer in answers.items():
                rest = tuple(getattr(world, other) for other in unknown if other != axis)
                groups.setdefault(rest, set()).add(answer)
            varying = sum(1 for group in groups.values() if len(group) > 1)
            if varying:
                scored.append((-varying / len(groups), AXES.index(axis), axis))
        return tuple(axis for *_, axis in sorted(scored))

    def _signature(
        self, period: int, world: Situation, rules: tuple[RuleVersion, ...]
    ) -> tuple[str, frozenset[str]]:
        outcomes = self.outcomes(period, world)
        owed = frozenset(
            then.notify
            for rule in rules
            if outcomes[rule.id] == "applies"
            for then in rule.then
            if then.notify
        )
        return _panel_answer(rules, outcomes), owed

    # -- one incident ----------------------------------------------------------------------------

    def decide(self, incident: Incident | Mapping[str, Any], today: date | None = None) -> Decision:
        """Decide one incident (an `Incident` or a mapping to validate)."""
        if not isinstance(incident, Incident):
            incident = Incident.model_validate(incident)
        today = today or england_today()
        rules_date, source = _rules_date(incident, today)
        period = self._period(rules_date, source)
        situation = situation_of(incident, self.thresholds, today)
        verdict = self.verdict(period, situation)
        return Decision(
            case_reference=incident.case_reference,
            notify_panel=verdict.notify_panel,  # type: ignore[arg-type]
            obligations=_obligations(verdict, incident),
            reasons=list(verdict.reasons),
            missing_facts=_missing_paths(verdict, incident),
            responsible_authority=_event_area(incident) if verdict.refer_to_event_area else None,
            rules_date=rules_date,
            rules_date_source=source,  # type: ignore[arg-type]
            notes=[
                _rules_note(rules_date, source),
                *verdict.flags,
            ],
            rules_version=self.book.version,
            input_digest=input_digest(incident),
        )

    def _period(self, rules_date: date, source: str) -> int:
        period = self.book.period_of(rules_date)
        if period not in self._panel_periods:
            start = self.book.covered_from
            raise RulesNotInForceError(
                f"no encoded rules decide a Panel notification on {rules_date} (the date chosen "
                f"by {source}); the rules encoded begin on {start}"
            )
        return period

    @cached_property
    def _panel_periods(self) -> frozenset[int]:
        """The periods in which some rule in force decides the Panel question (computed once)."""
        book = self.book
        return frozenset(
            period
            for period in range(1, len(book.boundaries) + 1)
            if any(rule.decides_panel for rule in book.in_force(book.period_start(period)))
        )


@lru_cache(maxsize=4096)
def _rules_note(rules_date: date, source: str) -> str:
    # Worded once per date and source: formatting a date is a noticeable share of a decision.
    return (
        f"The rules in force on {format_date(rules_date)} were applied "
        f"(the date chosen by {source})."
    )


def _comparisons(condition: Condition) -> Iterator[Compare]:
    if isinstance(condition, Compare):
        yield condition
    elif isinstance(condition, Not):
        yield from _comparisons(condition.item)
    elif isinstance(condition, All | AnyOf):
        for item in condition.items:
            yield from _comparisons(item)


def _panel_answer(rules: Iterable[RuleVersion], outcomes: Mapping[str, str]) -> str:
    panel = [outcomes[rule.id] for rule in rules if rule.decides_panel]
    if "applies" in panel:
        return "required"
    if all(outcome == "does_not_apply" for outcome in panel):
        return "not_required"
    return "undetermined"


def _rules_date(incident: Incident, today: date) -> tuple[date, str]:
    # The duty arises when the authority knows or suspects, so awareness chooses the rules.
    if incident.became_aware_on:
        return incident.became_aware_on, "became_aware_on"
    if incident.event.date:
        return incident.event.date, "event.date"
    return today, "today"


def _event_area(incident: Incident) -> str | None:
    location = incident.event.location
    if isinstance(location, EnglishPlace) and location.local_authority not in (
        None,
        incident.notifying_authority,
    ):
        return location.local_authority
    return None


def _obligations(verdict: Verdict, incident: Incident) -> list[Obligation]:
    chosen: dict[tuple[str, str | None], Obligation] = {}
    for rule, then in verdict.owed:
        area = incident.notifying_authority if then.area == "notifying_authority" else None
        due = (
            add_working_days(incident.became_aware_on, then.within_working_days)
            if incident.became_aware_on and then.within_working_days
            else None
        )
        candidate = Obligation(
            recipient=then.notify,  # type: ignore[arg-type]
            area=area,
            strength=then.strength,  # type: ignore[arg-type]
            due_by=due,
            rule=rule.id,
            basis=rule.basis,
            certainty=rule.certainty,
            explanation=rule.explain.applies,
        )
        key = (candidate.recipient, area)
        current = chosen.get(key)
        # One notification per recipient: a statutory "must" outranks guidance's "should".
        if current is None or (current.strength, candidate.strength) == ("should", "must"):
            chosen[key] = candidate
    return sorted(chosen.values(), key=lambda item: _RECIPIENT_ORDER.index(item.recipient))


def _missing_paths(verdict: Verdict, incident: Incident) -> list[str]:
    paths: list[str] = []
    for axis in verdict.missing_axes:
        if axis == "age":
            path = "child.date_of_birth" if incident.child.date_of_birth is None else "event.date"
        else:
            path = _AXIS_PATHS[axis]
        if path not in paths:
            paths.append(path)
    if incident.became_aware_on is None and verdict.any_notification_possible:
        paths.append("became_aware_on")  # needed for every due date
    return paths


def input_digest(incident: Incident) -> str:
    """SHA-256 of the validated incident as canonical JSON.

    The canonical form is Pydantic's JSON serialisation of the validated model: every field,
    defaults included, in the order the model declares them (nested models likewise), no
    whitespace, dates as YYYY-MM-DD, unknown values as null, UTF-8. It depends only on the
    validated values, not on how the input was written (key order, spacing, a mapping or an
    `Incident`), and it is computed in compiled code, several times faster than re-encoding a
    dump with sorted keys.
    """
    # The model's serializer gives the same bytes as `model_dump_json()`, without the round trip
    # through a Python string.
    canonical = incident.__pydantic_serializer__.to_json(incident)
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


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


def decide(incident: Incident | Mapping[str, Any], today: date | None = None) -> Decision:
    """Decide whether this authority must notify the Panel, what else it owes, by when and why.

    Invalid input raises `pydantic.ValidationError`; a date outside the encoded rules raises
    `RulesNotInForceError`; an engine failure raises `EngineError`. Nothing is ever guessed.
    """
    return default_decider().decide(incident, today)


def decide_many(
    incidents: Iterable[Incident | Mapping[str, Any]], today: date | None = None
) -> Iterator[Decision]:
    """Decide each incident in order, lazily."""
    decider = default_decider()
    for incident in incidents:
        yield decider.decide(incident, today)
