"""The exhaustive comparison of the engine with the oracle, shared by the tests and the mutation
check: in every period of rule versions, every possible point of each of its sub-spaces (the
axes the rules in force read, see `_space.subspaces`), built into concrete incidents, decided by
the engine and answered by the oracle."""

from __future__ import annotations

import gc
import random
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import oracle
from conftest import WRITTEN_DATE, read_date, unranked
from safeguarding_notify import Decider, Decision, Incident, RulesNotInForceError
from safeguarding_notify._assemble import _capitalised
from safeguarding_notify._explain import RECIPIENT_NAMES
from safeguarding_notify._facts import Situation
from safeguarding_notify._rulefile import RuleBook
from safeguarding_notify._rulesdiff import suspected_later
from safeguarding_notify._space import (
    IncidentBuilder,
    SubSpace,
    checking_horizon,
    period_span,
    subspaces,
)
from safeguarding_notify._whatif_answers import WhatIfAnswers
from safeguarding_notify.decision import WhatIf

_DATES = ("child.date_of_birth", "event.date")


class _NoWhatIfs(WhatIfAnswers):
    """What-if answers never searched: every one empty."""

    def of(self, period: int, values: tuple[Any, ...], coded: int) -> list[WhatIf]:
        return []

    def split(
        self, aware: int, suspected: int, values: tuple[Any, ...], coded: int
    ) -> list[WhatIf]:
        return []

    def agreed(
        self,
        periods: Sequence[int],
        answers: tuple[str, ...],
        first_day: date,
        incident: Incident,
        today: date,
    ) -> list[WhatIf]:
        return []


class CheckingDecider(Decider):
    """`Decider` without the what-if search: what-if is not compared with the oracle (issue 4's
    tests check it), and it costs dozens of engine evaluations per point. Everything compared
    (Panel answer, obligations, responsible authority, flags, advice, rapid review and its date,
    missing facts) comes from the unchanged `decide`."""

    # Each of the three searches `decide` may ask for is replaced (replacing only the public
    # `what_if` left the search running, unseen: tests/test_exhaustive.py checks it is skipped).
    def __init__(self, rules_dir: Path | None = None, book: RuleBook | None = None) -> None:
        super().__init__(rules_dir, book)
        self._what_if_answers = _NoWhatIfs(self)


_SHARED: list[CheckingDecider] = []


def checking_decider(rules_dir: Path | None = None) -> CheckingDecider:
    """A checking decider; over the shipped rules, one per process, so that the exhaustive check
    and the decision table share the engine's remembered conclusions."""
    if rules_dir is not None:
        return CheckingDecider(rules_dir=rules_dir)
    if not _SHARED:
        _SHARED.append(CheckingDecider())
    return _SHARED[0]


@dataclass(frozen=True)
class Case:
    period: int
    space: str
    point: Situation
    incident: Incident
    expected: oracle.Answer | None  # None: the oracle reads no law then, so decide must refuse
    # The period of a later suspicion's date, when the rules changed after the awareness.
    later_period: int | None = None

    @property
    def periods(self) -> set[int]:
        """The periods whose rules decide the case."""
        return {self.period} if self.later_period is None else {self.period, self.later_period}


@dataclass(frozen=True)
class Part:
    """One sub-space of one period, with its size, for test ids and reports."""

    period: int
    space: SubSpace
    span: tuple[date, date]
    points: int
    possible: int
    cases: tuple[Case, ...]

    @property
    def label(self) -> str:
        first, last = self.span
        return (
            f"period {self.period} ({first}..{last}) {self.space.name}: {self.possible} possible "
            f"of {self.points} points over {len(self.space.axes)} axes, {len(self.cases)} incidents"
        )


def _advice_rules(decider: Decider, period: int) -> set[tuple[str, int]]:
    if period == 0:
        return set()
    in_force = decider.book.in_force(decider.book.period_start(period))
    return {(r.id, r.version) for r in in_force if any(then.advise for then in r.then)}


def parts(
    decider: Decider,
    today: date | None = None,
    every: int = 1,
    periods: Collection[int] | None = None,
) -> list[Part]:
    """Every (period, sub-space), each with every possible point, its incidents (aware on the
    period's first and last day, where possible) and the oracle's answer for each.

    An advice sub-space is checked in a period only when the advisory rule versions in force
    differ from the previous period's (the same versions read the same axes the same way; the
    duties of that period are checked on its own duty sub-space). `every`: keep only every n-th
    point (the mutation check's sample; 1, the default, keeps all). `periods`: only these
    periods (default: every one)."""
    today = today or checking_horizon(decider.book)
    # Building creates millions of objects and frees none, and they are kept for the whole run:
    # the cycle collector would walk them again and again for nothing (a quarter of the build
    # time, and several seconds more in the collections pytest makes when it finishes). So it is
    # paused while building, and what exists then is moved out of its view (gc.freeze).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parts(decider, today, every, periods)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _parts(
    decider: Decider, today: date, every: int, periods: Collection[int] | None
) -> list[Part]:
    found = []
    for period in range(len(decider.book.boundaries) + 1):
        if periods is not None and period not in periods:
            continue
        for space in subspaces(decider.book, period):
            if space.name == "advice" and _advice_rules(decider, period) == _advice_rules(
                decider, period - 1
            ):
                continue
            builder = IncidentBuilder(decider.book, space.thresholds, today)
            span = period_span(decider.book, period, today)
            if span is None:
                continue
            if period == 0:  # before any rule: only a year is built, all refused
                span = (span[1] - timedelta(days=365), span[1])
            cases = []
            possible = 0
            for index, point in enumerate(space.points()):
                if index % every:
                    continue
                built = builder.builds(point, period)
                possible += bool(built)
                for incident in built:
                    covered = oracle.covers(incident, today)
                    expected = oracle.answer(incident, today) if covered else None
                    cases.append(Case(period, space.name, point, incident, expected))
            found.append(Part(period, space, span, space.size(), possible, tuple(cases)))
    return found


def later_suspicions(
    found: list[Part], decider: Decider, today: date, every: int = 1, after: int | None = None
) -> list[Case]:
    """Every `every`-th case of every part with abuse or neglect known or suspected, decided as
    suspected only from each later change of the rules (up to `today`), with the oracle's
    answer: each rule is then taken from the rules of its own date (`chosen_by`), which the
    cases of `parts` (never recording a later suspicion) do not show. Or, given `after`, as
    suspected only that many days after the awareness (mostly under the same rules: what is
    due from the suspicion is then due later than what is due from the awareness)."""
    book = decider.book
    changes = [day for day in book.boundaries if day <= today]
    later = []
    for part in found:
        for case in part.cases[::every]:
            aware = case.incident.became_aware_on
            if case.expected is None or aware is None:
                continue
            if after is not None:
                suspected = aware + timedelta(days=after)
                changes = [suspected] if suspected <= today else []
            for copied in suspected_later(case.incident, changes):
                # Validated as decide validates it, so the oracle reads what decide decides.
                incident = Incident.model_validate(copied.model_dump())
                day = incident.abuse_or_neglect_suspected_on
                assert day is not None
                later.append(
                    Case(
                        case.period,
                        f"{case.space}, suspected from {day}",
                        case.point,
                        incident,
                        oracle.answer(incident, today),
                        book.period_of(day),
                    )
                )
    return later


def cases(decider: Decider, today: date | None = None) -> list[Case]:
    """Every case of every part."""
    return [case for part in parts(decider, today) for case in part.cases]


def _owed(decision: Decision) -> frozenset[Any]:
    return frozenset(
        (item.recipient, item.strength, item.due_by, item.area) for item in decision.obligations
    )


# The deadline notes as `_assemble` words them: whom, and by when.
_EARLIER = re.compile(rf"(?P<whom>.+?) was also to be notified by (?P<due>{WRITTEN_DATE}), ")
_SOONER = re.compile(
    rf"(?P<whom>.+?) may be owed this notification sooner: by (?P<due>{WRITTEN_DATE}), "
)


def _noted(decision: Decision, note: re.Pattern[str]) -> list[tuple[str, date]]:
    """Each deadline a decision notes in the form of `note`: whom (as written), and the date."""
    found = (note.match(text) for text in decision.notes)
    return sorted((match["whom"], read_date(match["due"])) for match in found if match)


def _whom(recipient: str, area: str | None = None) -> str:
    return _capitalised(RECIPIENT_NAMES[recipient] + (f" of {area}" if area else ""))


def deadline_notes(decision: Decision, expected: oracle.Noted) -> list[str]:
    """How the decision's notes of earlier deadlines differ from the oracle's."""
    found = []
    earlier = sorted((_whom(recipient), due) for recipient, due in expected.earlier)
    if _noted(decision, _EARLIER) != earlier:
        found.append(f"earlier deadlines noted {_noted(decision, _EARLIER)} != oracle {earlier}")
    sooner = sorted((_whom(recipient, area), due) for recipient, area, due in expected.sooner)
    if _noted(decision, _SOONER) != sooner:
        found.append(f"sooner deadlines noted {_noted(decision, _SOONER)} != oracle {sooner}")
    return found


def differences(decision: Decision, expected: oracle.Answer) -> list[str]:
    """How the engine's decision differs from the oracle's answer (empty when they agree).

    Missing facts are compared as sets, and their order too whenever neither date (of birth, of
    the event) is among them; when the decision says they are unranked (too many unknowns to
    search), the oracle's must all be among them. How decisive a fact is counts the settings of the other unknowns in
    which it changes the answer; with a date unknown, that count depends on which dates are tried
    (the engine tries one per region its rules cut, the oracle a few concrete days), so the order
    is not something the oracle can state independently then.
    """
    found = []
    if decision.notify_panel != expected.notify_panel:
        found.append(f"notify_panel {decision.notify_panel} != oracle {expected.notify_panel}")
    owed = _owed(decision)
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
    unborn_flagged = any("unborn" in note for note in decision.notes[1:])
    if unborn_flagged != expected.unborn_flagged:
        found.append(f"unborn-child flag {unborn_flagged} != oracle {expected.unborn_flagged}")
    advice = frozenset(item.advice for item in decision.advisories)
    if advice != expected.advice:
        found.append(f"advice {sorted(advice)} != oracle {sorted(expected.advice)}")
    if (decision.rapid_review is not None) != expected.rapid_review:
        found.append(f"rapid review {decision.rapid_review} != oracle {expected.rapid_review}")
    elif decision.rapid_review is not None and decision.rapid_review.due_by != (
        expected.rapid_review_due
    ):
        found.append(
            f"rapid review due {decision.rapid_review.due_by} != oracle {expected.rapid_review_due}"
        )
    found += deadline_notes(decision, expected.noted)
    if unranked(decision):
        # Too many possible worlds to search: every unknown an undetermined rule reads is asked,
        # unranked (the decision says so). The promise then is never to ask fewer than the
        # search would, which is what is checked (test_engine checks the same against the
        # decider's own search).
        if not set(expected.missing_facts) <= set(decision.missing_facts):
            found.append(
                f"unranked missing_facts {decision.missing_facts} lack some of the oracle's "
                f"{list(expected.missing_facts)}"
            )
    elif set(decision.missing_facts) != set(expected.missing_facts):
        found.append(
            f"missing_facts {decision.missing_facts} != oracle {list(expected.missing_facts)}"
        )
    elif not set(_DATES) & set(decision.missing_facts) and decision.missing_facts != list(
        expected.missing_facts
    ):
        found.append(
            f"missing_facts order {decision.missing_facts} != oracle {list(expected.missing_facts)}"
        )
    elif set(decision.advice_only_facts) != set(expected.advice_only_facts):
        found.append(
            f"advice_only_facts {decision.advice_only_facts} != oracle "
            f"{list(expected.advice_only_facts)}"
        )
    return found


def mismatches(
    decider: Decider, all_cases: list[Case] | tuple[Case, ...], today: date, shuffle: bool = False
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
            yield f"{case.point} in period {case.period} ({case.space}): {difference}"
