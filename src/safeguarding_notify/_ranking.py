"""Which unknown facts could change a decision, the most decisive first.

The decider lists every possible setting of a situation's unknown axes (its possible worlds) and
the outcomes of the rules still undetermined in each; this module compares the answers those
worlds give (whether to notify the Panel, whom, how strongly and by when, or the advice given)
and ranks each unknown axis by the share of settings of the others in which changing it alone
changes the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from ._assemble import chosen_of
from ._facts import AXES
from ._rulefile import Conclusion, RuleVersion

__all__ = [
    "UNRANKED_NOTE",
    "DueRanks",
    "Worlds",
    "advice_of",
    "panel_answer",
    "panel_answer_of",
    "ranked",
    "signature",
]

UNRANKED_NOTE = (
    "So many facts are unknown that the missing facts are not ranked: every unknown fact that a "
    "rule still undetermined reads is listed, in a fixed order (some may not change the answer)."
)


class Worlds(NamedTuple):
    """The possible settings of a situation's unknown axes, and in each the undetermined rules'
    outcomes.

    A setting is numbered as in `itertools.product` order: the value chosen for unknown axis `i`
    (its index among the axis's alternatives) counts `strides[i]`. Two settings that differ only
    on axis `i` then differ only in that digit, which `ranked` compares with integer arithmetic
    instead of slicing tuples.
    """

    strides: list[int]
    sizes: list[int]
    numbers: list[int]  # each possible setting's number
    filled: list[tuple[tuple[str, str], ...]]  # in each, (rule id, outcome) of the undetermined


def ranked(
    unknown: list[str],
    worlds: Worlds,
    rules: tuple[RuleVersion, ...],
    outcomes: Mapping[str, str],
    answer_of: Callable[[tuple[RuleVersion, ...], Mapping[str, str]], Any],
) -> tuple[str, ...]:
    """Unknown axes that could change the answer, the most decisive first.

    An axis matters when two possible worlds that differ only on it get different answers
    (`answer_of` reads them from the outcomes: whether to notify the Panel and the notifications
    owed, `signature`, or the advice given). Decisiveness is the share of settings of the
    other unknowns in which it matters. Only the rules undetermined here can come out differently
    in a possible world (Kleene's reading never reverses a settled outcome when an unknown is
    settled), so each world fills in only their outcomes.
    """
    filled = worlds.filled
    answers = {world: answer_of(rules, {**outcomes, **dict(world)}) for world in set(filled)}
    if len(set(answers.values())) < 2:
        return ()  # the same answer in every possible world: no unknown can change it
    # Each distinct answer as a small number, compared many times below.
    numbered: dict[Any, int] = {}
    answered = [numbered.setdefault(answers[world], len(numbered)) for world in filled]
    scored = []
    for index, axis in enumerate(unknown):
        stride, size = worlds.strides[index], worlds.sizes[index]
        # Worlds alike but for this axis share a group: their number with its digit taken out.
        first: dict[int, int] = {}
        varying: set[int] = set()
        for number, answer in zip(worlds.numbers, answered, strict=True):
            group = number - (number // stride % size) * stride
            if first.setdefault(group, answer) != answer:
                varying.add(group)
        if varying:
            scored.append((-len(varying) / len(first), AXES.index(axis), axis))
    return tuple(axis for *_, axis in sorted(scored))


# Where each due date a rule book can give falls among an incident's: by (`counted_from`, working
# days), its rank among the distinct dates (`Decider._clock`). Ranks, not dates: the missing facts
# are remembered for every incident whose dates fall in the same order.
DueRanks = Mapping[tuple[str, int], int]


def signature(
    rules: Iterable[RuleVersion], outcomes: Mapping[str, str], due_ranks: DueRanks
) -> tuple[str, frozenset[tuple[Any, str | None, int | None]]]:
    """What the missing-facts search compares: the Panel answer and the notifications owed (to
    whom, how strongly, and by when: the rank of each due date, `DueRanks`), as a decision lists
    them (`chosen_of`). Which rule a notification rests on is not compared: a fact that changes
    only the provision cited changes nothing the authority must do."""
    rules = tuple(rules)

    def due(then: Conclusion) -> int | None:
        days = then.within_working_days
        return due_ranks[then.counted_from, days] if days else None

    chosen = chosen_of(
        (
            (rule, then)
            for rule in rules
            if outcomes[rule.id] == "applies"
            for then in rule.then
            if then.notify
        ),
        lambda then: (then.notify, then.area),
        due,
    )
    owed = frozenset((key, then.strength, due(then)) for key, (_, then) in chosen.items())
    return panel_answer(rules, outcomes), owed


def advice_of(rules: Iterable[RuleVersion], outcomes: Mapping[str, str]) -> frozenset[str]:
    """The advisory rules that apply: what the missing-facts search compares for advice."""
    return frozenset(
        rule.id
        for rule in rules
        if outcomes[rule.id] == "applies" and any(then.advise for then in rule.then)
    )


def panel_answer(rules: Iterable[RuleVersion], outcomes: Mapping[str, str]) -> str:
    return panel_answer_of([outcomes[rule.id] for rule in rules if rule.decides_panel])


def panel_answer_of(panel: Iterable[str]) -> str:
    """The Panel answer from the outcomes of the rules that decide it."""
    panel = list(panel)
    if "applies" in panel:
        return "required"
    # Each outcome is one of the three: with none undetermined, all of them do not apply.
    if "undetermined" in panel:
        return "undetermined"
    return "not_required"
