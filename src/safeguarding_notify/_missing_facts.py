"""A decider's missing facts: the unknowns whose answers could change a decision, found by
searching the worlds they allow (`_ranking`), remembered by what the answer depends on."""

from __future__ import annotations

from itertools import product
from math import prod
from typing import TYPE_CHECKING, Any

from ._facts import AXIS_INDEX, Situation, alternatives, possible_values
from ._memory import TAG_SHIFT, mask_of, remember, shift_of
from ._ranking import DueRanks, Worlds, advice_of, ranked, signature
from ._rulefile import RuleVersion

if TYPE_CHECKING:
    from ._decide import Decider, _Asked, _Shape, _Split

__all__ = ["CLOCK_SHIFT", "MISSING_KEPT", "MissingFacts"]

# How many answers a decider keeps (see `_decide`'s memory sizes): a search costs ~0.3 ms and a
# forgotten one is searched again; an entry is an integer key (~0.1 KB with its slot), its answer
# shared. 16,384, a table of 32,768 slots: at 32,768 a million random incidents with age ranges
# (a more varied stream) held 29,000 entries in a table of 65,536, and grew peak memory past the
# 20 MiB target (20.4; 19.7 at 16,384, the rest unchanged).
MISSING_KEPT = 16_384
# Where a key tags the order of an incident's due dates (`Decider._clock`): above a shape's
# number.
CLOCK_SHIFT = TAG_SHIFT + 40

# The decisive unknown axes, the advisory ones, and whether they went unranked.
Missing = tuple[tuple[str, ...], tuple[str, ...], bool]


class MissingFacts:
    """The missing-facts searches of one decider, each remembered by the rules' outcomes (the
    shape), the axes its undetermined rules read and the order of the incident's due dates."""

    def __init__(self, decider: Decider) -> None:
        self._decider = decider
        self._memory: dict[int, Missing] = {}

    def of(
        self,
        period: int | _Split,
        values: tuple[Any, ...],
        coded: int,
        shape: _Shape,
        clock: int,
    ) -> Missing:
        """The decisive unknown axes, the advisory ones, and whether they went unranked.

        Only unknown axes read by a rule still undetermined can change an outcome: settling
        unknowns never reverses an outcome Kleene's reading has settled, so the rules that apply
        or do not apply here do so in every possible world. (Each rule's own condition is read: a
        rule it refers to is in force beside it, and undetermined whenever the reference leaves it
        undetermined, so the referred rule's axes are counted through it.) The answer therefore
        depends only on the rules' outcomes (the shape), and on the axes the undetermined rules
        read (with the two that decide whether a world is possible), and it is remembered by those
        alone: far fewer combinations than situations. And by the order the incident's due dates
        fall in (`clock`): a fact can change only when a notification is due.
        """
        if not shape.undetermined:
            return (), (), False
        key = (coded & shape.missing_mask) | shape.missing_tag | clock << CLOCK_SHIFT
        found = self._memory.get(key)
        if found is None:
            # Worked out here, on a miss, rather than kept with the shape: a thousand shapes
            # each holding them would cost a MiB.
            # (A split incident's rules come from two periods: `Decider._split_verdict`.)
            rules, units = self._decider._rules_and_units(period)
            undetermined = [
                asked
                for asked, outcome in zip(units, shape.outcomes, strict=True)
                if outcome == "undetermined"
            ]
            read = self._decider._read_of(period, shape.undetermined)
            found = self._searched(
                rules,
                shape.outcomes,
                undetermined,
                read,
                values,
                coded,
                self._decider._due_ranks[clock],
            )
            remember(self._memory, key, found, MISSING_KEPT)
        return found

    def _searched(
        self,
        rules: tuple[RuleVersion, ...],
        outcomes: tuple[str, ...],
        undetermined: list[_Asked],
        read: set[str],
        values: tuple[Any, ...],
        coded: int,
        due_ranks: DueRanks,
    ) -> Missing:
        """The missing facts of `of`, searched over the possible worlds of the axes
        the `undetermined` rules (those of `rules` with that outcome) `read`, with the incident's
        due dates in the order `due_ranks` gives."""
        self._decider.searched += 1
        situation = Situation(*values)
        unknown = [axis for axis in situation.unknown_axes() if axis in read]
        # The values each unknown axis can still take: the possible worlds are their product.
        options = [alternatives(situation, axis, self._decider.thresholds) for axis in unknown]
        unranked = prod(map(len, options)) > self._decider.max_worlds
        if unknown and not unranked:
            # The decisive and the advisory questions are ranked over the same worlds.
            by_id = {rule.id: outcome for rule, outcome in zip(rules, outcomes, strict=True)}
            worlds = self._possible_worlds(undetermined, values, coded, unknown, options)
            decisive = ranked(
                unknown,
                worlds,
                rules,
                by_id,
                lambda rules, outcomes: signature(rules, outcomes, due_ranks),
            )
            advisory = ranked(unknown, worlds, rules, by_id, advice_of)
        else:
            # None unknown, or too many possible worlds to search within a request: every
            # unknown an undetermined rule reads is asked, unranked (never fewer than the
            # search would ask).
            decisive = advisory = tuple(unknown)
        # Thousands of keys share a few hundred answers: each kept once.
        found: Missing = self._decider._intern(
            (decisive, advisory, unranked), (decisive, advisory, unranked)
        )
        return found

    def _possible_worlds(
        self,
        undetermined: list[_Asked],
        values: tuple[Any, ...],
        coded: int,
        unknown: list[str],
        options: list[list[Any]],
    ) -> Worlds:
        """Each possible setting of the `unknown` axes (each over its `options`) of a situation's
        `values` (`coded`), with the `undetermined` rules' outcomes."""
        positions = [AXIS_INDEX[axis] for axis in unknown]
        setting_values = list(values)
        # Each world's coded situation is the situation's, patched at the unknown positions:
        # each option is paired with its code there once, not once per world.
        cleared = coded & ~mask_of(positions)
        codes = self._decider._value_codes
        coded_options = [
            [(value, codes[value] << shift_of(position)) for value in option]
            for position, option in zip(positions, options, strict=True)
        ]
        sizes = [len(option) for option in options]
        strides = [prod(sizes[index + 1 :]) for index in range(len(sizes))]
        rule_ids = [asked.unit.rule_id for asked in undetermined]
        numbers: list[int] = []
        worlds: list[tuple[tuple[str, str], ...]] = []
        # Thousands of worlds share a few combinations of outcomes: each is one object, so a
        # search's passing memory stays small (its peaks would stay in the process's memory).
        combinations: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}
        outcome = self._decider._outcome  # looked up once: called for every rule in every world
        for number, setting in enumerate(product(*coded_options)):
            world_code = cleared
            for position, (value, value_code) in zip(positions, setting, strict=True):
                setting_values[position] = value
                world_code |= value_code
            world = tuple(setting_values)
            if possible_values(world):
                numbers.append(number)
                row = tuple([outcome(asked, world, world_code) for asked in undetermined])
                filled = combinations.get(row)
                if filled is None:
                    filled = combinations[row] = tuple(zip(rule_ids, row, strict=True))
                worlds.append(filled)
        return Worlds(strides, sizes, numbers, worlds)
