"""The exhaustive comparison of the engine with the oracle, shared by the tests and the mutation
check: every possible point of the fact space, in every period of rule versions, built into a
concrete incident, decided by the engine and answered by the oracle."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import oracle
from safeguarding_notify import Decider, Decision, Incident, RulesNotInForceError
from safeguarding_notify._facts import Situation
from safeguarding_notify._space import IncidentBuilder, points, space_size
from safeguarding_notify.incident import england_today

_DATES = ("child.date_of_birth", "event.date")


@dataclass(frozen=True)
class Case:
    period: int
    point: Situation
    incident: Incident
    expected: oracle.Answer | None  # None: the oracle reads no law then, so decide must refuse


def cases(decider: Decider, today: date | None = None) -> list[Case]:
    """Every possible (period, point), each with its incidents (aware on the period's first and
    last day, where possible) and the oracle's answer for each."""
    builder = IncidentBuilder(decider.book, decider.thresholds, today or england_today())
    found = []
    for period in builder.periods:
        for point in points(decider.thresholds):
            for incident in builder.builds(point, period):
                covered = oracle.covers(incident, builder.today)
                expected = oracle.answer(incident, builder.today) if covered else None
                found.append(Case(period, point, incident, expected))
    return found


def size(decider: Decider) -> int:
    return space_size(decider.thresholds)


def differences(decision: Decision, expected: oracle.Answer) -> list[str]:
    """How the engine's decision differs from the oracle's answer (empty when they agree).

    Missing facts are compared as sets, and their order too whenever neither date (of birth, of
    the event) is among them. How decisive a fact is counts the settings of the other unknowns in
    which it changes the answer; with a date unknown, that count depends on which dates are tried
    (the engine tries one per region its rules cut, the oracle a few concrete days), so the order
    is not something the oracle can state independently then.
    """
    found = []
    if decision.notify_panel != expected.notify_panel:
        found.append(f"notify_panel {decision.notify_panel} != oracle {expected.notify_panel}")
    owed = frozenset(
        (item.recipient, item.strength, item.due_by, item.area) for item in decision.obligations
    )
    if owed != expected.owed:
        found.append(
            f"obligations {sorted(map(str, owed))} != oracle {sorted(map(str, expected.owed))}"
        )
    if decision.responsible_authority != expected.responsible_authority:
        found.append(
            f"responsible_authority {decision.responsible_authority} "
            f"!= oracle {expected.responsible_authority}"
        )
    flagged = any("confirmed by a lawyer" in note for note in decision.notes)
    if flagged != expected.flagged:
        found.append(f"legal-review flag {flagged} != oracle {expected.flagged}")
    if set(decision.missing_facts) != set(expected.missing_facts):
        found.append(
            f"missing_facts {decision.missing_facts} != oracle {list(expected.missing_facts)}"
        )
    elif not set(_DATES) & set(decision.missing_facts) and decision.missing_facts != list(
        expected.missing_facts
    ):
        found.append(
            f"missing_facts order {decision.missing_facts} != oracle {list(expected.missing_facts)}"
        )
    return found


def mismatches(
    decider: Decider, all_cases: list[Case], today: date, shuffle: bool = False
) -> Iterator[str]:
    """Each case on which the engine and the oracle disagree (or decide fails to refuse)."""
    order = list(all_cases)
    if shuffle:  # a mutant usually differs on a region of the space: visit it early
        random.Random(3).shuffle(order)
    for case in order:
        if case.expected is None:
            try:
                decider.decide(case.incident, today)
            except RulesNotInForceError:
                continue
            yield (
                f"{case.point} in period {case.period}: decided, but the oracle reads no law "
                "then; if rules for that time were added, extend tests/oracle.py to read them"
            )
            continue
        for difference in differences(decider.decide(case.incident, today), case.expected):
            yield f"{case.point} in period {case.period}: {difference}"
