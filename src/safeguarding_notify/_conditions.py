"""The condition language of rule files, and its three-valued (Kleene) reading.

A condition is one of:

* a fact name (`event_is_death`), true, false or unknown;
* `{compare: <quantity>, op: "<" | "<=" | ">" | ">=", value: <number or date>}`;
* `{all: [...]}`, `{any: [...]}`, `{not: <condition>}`;
* `{rule: <rule id>}`: true when that rule applies, false when it does not, else unknown.

The engine decides; `explain_facts` only picks out, for the reasons, the facts that made a
condition come out as the engine said, and `evaluate` lets the decider check that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "OUTCOME_OF",
    "All",
    "Any",
    "Compare",
    "Condition",
    "Fact",
    "Not",
    "Resolver",
    "RuleRef",
    "Truth",
    "evaluate",
    "explain_facts",
    "facts_named",
    "rules_named",
]

Truth = Literal["true", "false", "unknown"]
Op = Literal["<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True)
class Fact:
    name: str


@dataclass(frozen=True, slots=True)
class Compare:
    fact: str
    op: Op
    value: int | date

    @property
    def number(self) -> int:
        """The constant as the engine compares it: dates as ordinal day numbers."""
        return self.value.toordinal() if isinstance(self.value, date) else self.value

    @property
    def cut(self) -> int:
        """The first value on the upper side of this comparison's boundary (integers only)."""
        return self.number + 1 if self.op in ("<=", ">") else self.number


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Any:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition


@dataclass(frozen=True, slots=True)
class RuleRef:
    rule: str


Condition = Fact | Compare | All | Any | Not | RuleRef


def facts_named(condition: Condition) -> set[str]:
    """Every fact or quantity a condition reads directly (not through rule references)."""
    if isinstance(condition, Fact):
        return {condition.name}
    if isinstance(condition, Compare):
        return {condition.fact}
    if isinstance(condition, Not):
        return facts_named(condition.item)
    if isinstance(condition, All | Any):
        return set().union(*(facts_named(item) for item in condition.items))
    return set()


def comparisons(condition: Condition) -> Iterator[Compare]:
    """Every comparison of a quantity with a constant a condition makes directly."""
    if isinstance(condition, Compare):
        yield condition
    elif isinstance(condition, Not):
        yield from comparisons(condition.item)
    elif isinstance(condition, All | Any):
        for item in condition.items:
            yield from comparisons(item)


def rules_named(condition: Condition) -> set[str]:
    """Every rule id a condition refers to."""
    if isinstance(condition, RuleRef):
        return {condition.rule}
    if isinstance(condition, Not):
        return rules_named(condition.item)
    if isinstance(condition, All | Any):
        return set().union(*(rules_named(item) for item in condition.items))
    return set()


def _compare(condition: Compare, facts: Mapping[str, str | int]) -> Truth:
    low = int(facts[f"{condition.fact}__low"])
    high = int(facts[f"{condition.fact}__high"])
    test: Callable[[int], bool] = {
        "<": lambda value: value < condition.number,
        "<=": lambda value: value <= condition.number,
        ">": lambda value: value > condition.number,
        ">=": lambda value: value >= condition.number,
    }[condition.op]
    if test(low) and test(high):
        return "true"
    if not test(low) and not test(high):
        return "false"
    return "unknown"


Resolver = Callable[[str], Condition]

# A rule's outcome for each truth value of its condition.
OUTCOME_OF: dict[str, str] = {
    "true": "applies",
    "false": "does_not_apply",
    "unknown": "undetermined",
}


def evaluate(condition: Condition, facts: Mapping[str, str | int], resolve: Resolver) -> Truth:
    """Kleene's strong three-valued reading of a condition over the facts."""
    if isinstance(condition, Fact):
        return facts[condition.name]  # type: ignore[return-value]
    if isinstance(condition, Compare):
        return _compare(condition, facts)
    if isinstance(condition, RuleRef):
        return evaluate(resolve(condition.rule), facts, resolve)
    if isinstance(condition, Not):
        inner = evaluate(condition.item, facts, resolve)
        return {"true": "false", "false": "true", "unknown": "unknown"}[inner]  # type: ignore[return-value]
    values = [evaluate(item, facts, resolve) for item in condition.items]
    dominant: Truth = "false" if isinstance(condition, All) else "true"
    other: Truth = "true" if isinstance(condition, All) else "false"
    if dominant in values:
        return dominant
    return "unknown" if "unknown" in values else other


Explained = list[tuple[Fact | Compare, Truth]]


def explain_facts(
    condition: Condition, facts: Mapping[str, str | int], resolve: Resolver
) -> Explained:
    """The facts, with their values, that make `condition` take the value it has."""
    result = evaluate(condition, facts, resolve)
    found: Explained = []
    _collect(condition, result, facts, resolve, found)
    unique: Explained = []
    for entry in found:
        if entry not in unique:
            unique.append(entry)
    return unique


def _collect(
    condition: Condition,
    wanted: Truth,
    facts: Mapping[str, str | int],
    resolve: Resolver,
    found: Explained,
) -> None:
    if isinstance(condition, Fact | Compare):
        found.append((condition, evaluate(condition, facts, resolve)))
    elif isinstance(condition, RuleRef):
        _collect(resolve(condition.rule), wanted, facts, resolve, found)
    elif isinstance(condition, Not):
        flipped: Truth = {"true": "false", "false": "true", "unknown": "unknown"}[wanted]  # type: ignore[assignment]
        _collect(condition.item, flipped, facts, resolve, found)
    else:
        for item in condition.items:
            # Only the parts that agree with the whole explain it: for a false `all`, its false
            # members; for an unknown one, its unknown members; for a true one, all of them.
            if evaluate(item, facts, resolve) == wanted:
                _collect(item, wanted, facts, resolve, found)
