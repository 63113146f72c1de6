"""The only module that knows durable_rules exists.

Each rule file becomes four durable_rules rules, whose conditions are the Kleene reading of the
rule's condition compiled to the engine's JSON form: that it is true, false, not true and not
false. Each outcome rests on two of them:

* `applies` when the condition is true (and so not false),
* `does_not_apply` when it is false (and so not true),
* `undetermined` when it is neither true nor false.

"Neither" is two engine rules, not one: durable_rules compiles at most 15 nested `$and`/`$or`
groups in one test (its error 113), and a test of both halves at once holds twice as many groups
as either, which left a rule author one group to spare in the longest shipped rule.

The incident's facts are asserted as one *fact* (not an event: an event is consumed by the first
rule that matches, and every rule must see it) in a session of its own, the actions that fire
record each rule's outcome, and the session is deleted at once (the engine keeps at most 1,024).

Traps handled here (see docs/engine.md):
* durable_rules is not thread-safe: every call into it holds one lock;
* `Host.__init__` starts timer threads that call into the C core five times a second forever;
  facts need neither timers nor queues, so our host does not start them, and no thread but the
  caller's ever enters the engine;
* rulesets are registered once, when the engine is built, before any caller can reach it;
* a field that is null counts as present, and `1 == True`: facts are the strings "true",
  "false" and "unknown", quantities are integers, and every condition also tests `kind`;
* its clock calls `datetime.utcfromtimestamp`, deprecated from Python 3.12, on every action:
  replaced by the same clock without it (`_durable_clock`).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import itertools
import os
import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import durable.engine
from durable.engine import Host, MessageNotHandledException

from ._conditions import (
    OUTCOME_OF,
    All,
    Compare,
    Condition,
    Fact,
    Not,
    RuleRef,
    evaluate,
    facts_named,
)
from ._conditions import Any as AnyOf
from ._facts import QUANTITY_FACTS
from ._rulefile import RuleBook, RuleVersion
from .errors import EngineError, RuleFileError

__all__ = ["OUTCOMES", "RuleEngine", "engine_for"]

OUTCOMES = ("applies", "does_not_apply", "undetermined")
_SEPARATOR = "|"
JSON = dict[str, Any]

_EPOCH = datetime.datetime(1970, 1, 1)


def _durable_clock() -> float:
    """durable_rules' clock (`durable.engine._unix_now`), without `datetime.utcfromtimestamp`.

    durable-rules 2.0.28, its last release, computes the UTC epoch with that function, which is
    deprecated from Python 3.12, each time an action runs: one DeprecationWarning per engine call,
    and under warnings-as-errors (as a consuming service's tests often run) an EngineError on
    every decision. This gives the same value, the local wall clock's seconds since 1970-01-01,
    which durable_rules reads only for action leases and its timers.
    """
    return (datetime.datetime.now() - _EPOCH).total_seconds()


durable.engine._unix_now = _durable_clock


class _QuietHost(Host):  # type: ignore[misc]
    """A durable_rules host that runs no background threads and knows our one action."""

    def __init__(self, record: Callable[[str, Any], None]) -> None:
        self._record = record
        super().__init__()

    def _run(self) -> None:
        # The stock host re-arms threading.Timers that dispatch queued events and timers from
        # other threads for the life of the process. We assert facts and read the outcome
        # synchronously, so there is nothing for them to do, and they would enter the
        # non-thread-safe core outside our lock.
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        # Every rule's action records its own name: "<rule id>|<outcome>".
        def action(closure: Any) -> None:
            self._record(action_name, closure)

        return action


@dataclass(frozen=True, slots=True)
class _Unit:
    """One rule as registered with the engine: its ruleset and the facts its condition reads."""

    rule_id: str
    ruleset: str
    reads: tuple[str, ...]
    condition: Condition
    file: str = ""  # the rule file it was first built from, to name in a refusal

    def project(self, facts: Mapping[str, str | int]) -> tuple[str | int, ...]:
        """The values of the facts this rule reads, in `reads` order."""
        return tuple(map(facts.__getitem__, self.reads))


class RuleEngine:
    """Evaluates the rules in force in a period over one set of facts, on durable_rules.

    Each rule is its own durable_rules ruleset (its `{rule: id}` references expanded), so the
    engine is asked about a rule only with the facts that rule reads, and the answer for those
    facts is remembered: a rule's outcome is a function of the facts it reads, and there are few
    distinct combinations of them. Every answer still comes from the engine, and each is checked
    once, when it is first given, against the Kleene reading of the rule's condition.
    """

    def __init__(self, book: RuleBook) -> None:
        self._lock = threading.Lock()
        self._sessions = itertools.count(1)
        self._outcomes: dict[str, set[str]] = {}
        self._host = _QuietHost(self._record)
        self._periods: dict[int, tuple[_Unit, ...]] = {}
        self._memo: dict[str, dict[tuple[str | int, ...], str]] = {}  # by ruleset, then facts
        self.asked = 0  # calls into durable_rules so far, for the benchmark's report
        self.rules = (book.rules, book.boundaries)  # what it evaluates (`engine_for`)
        units: dict[str, _Unit] = {}
        tag = f"{book.version.removeprefix('sha256:')[:12]}_{id(self):x}"
        with self._lock:
            for period in range(len(book.boundaries) + 1):
                rules = book.in_force(book.period_start(period)) if period else ()
                if rules:
                    self._periods[period] = tuple(_unit(rule, rules, units, tag) for rule in rules)
            for unit in units.values():
                try:
                    self._host.register_rulesets({unit.ruleset: _ruleset(unit)})
                except Exception as error:  # the engine's own exceptions are bare Exceptions
                    if str(error).endswith("error code: 113"):
                        # durable_rules' ERR_EXPRESSION_LIMIT_EXCEEDED: one compiled test holds
                        # at most 15 nested groups, one of them ours (`_ruleset`'s `kind` test,
                        # which a reading with an `$or` on top adds), so 14 of the author's.
                        # References are inlined, so splitting into referenced rules does not
                        # help; rules with their own conclusions do.
                        raise RuleFileError(
                            unit.file,
                            "key when: too complex for the engine (durable_rules compiles at most "
                            "14 nested all/any groups of a condition, error 113; a group inside "
                            "one of the same kind does not count, and a not turns all into any), "
                            "with its rule references inlined; split it into rules with "
                            "conclusions of their own",
                        ) from error
                    raise EngineError(
                        f"durable_rules refused rule {unit.rule_id}: {error}"
                    ) from error
        # A fork taken while another thread held the lock would leave it held forever in the
        # child: the child gets a new one. The hook holds the engine weakly (fork hooks are never
        # removed, and a strong reference would keep every engine ever built alive).
        os.register_at_fork(after_in_child=functools.partial(_renew_lock, weakref.ref(self)))

    def _discard(self, name: str, sid: str) -> None:
        # After a failure the session may or may not exist; the original error is what matters.
        self._outcomes.pop(sid, None)
        with contextlib.suppress(Exception):
            self._host.delete_state(name, sid)

    def _record(self, action: str, closure: Any) -> None:
        # Runs inside assert_fact, on the caller's thread, under our lock. If it ever failed,
        # durable_rules would swallow the error; the missing outcome is then caught below.
        self._outcomes[closure.s.sid].add(action)

    def units(self, period: int) -> tuple[_Unit, ...]:
        """The rules in force in `period`, as registered with the engine."""
        units = self._periods.get(period)
        if units is None:
            raise EngineError(f"no rule set is registered for period {period}")
        return units

    def evaluate(self, period: int, facts: Mapping[str, str | int]) -> dict[str, str]:
        """Each rule id in force in `period` with its outcome, as the engine concluded it."""
        return {unit.rule_id: self.outcome(unit, facts) for unit in self.units(period)}

    def outcome(self, unit: _Unit, facts: Mapping[str, str | int]) -> str:
        """One rule's outcome for these facts: remembered, or asked of the engine."""
        seen = unit.project(facts)
        known = self._memo.get(unit.ruleset)
        outcome = None if known is None else known.get(seen)
        if outcome is None:
            outcome = self.ask(unit, dict(zip(unit.reads, seen, strict=True)))
            self._memo.setdefault(unit.ruleset, {})[seen] = outcome
        return outcome

    def ask(self, unit: _Unit, facts: Mapping[str, str | int]) -> str:
        """One call into durable_rules: the outcome of one rule for the facts it reads."""
        name = unit.ruleset
        with self._lock:
            self.asked += 1
            sid = str(next(self._sessions))
            fired: set[str] = set()
            self._outcomes[sid] = fired
            try:
                self._host.assert_fact(name, {**facts, "kind": "incident", "sid": sid})
            except MessageNotHandledException as error:
                self._discard(name, sid)
                raise EngineError("no rule matched the incident's facts") from error
            except Exception as error:
                self._discard(name, sid)
                raise EngineError(f"durable_rules failed during a decision: {error}") from error
            try:
                self._host.delete_state(name, sid)
            except Exception as error:
                raise EngineError(f"durable_rules could not delete a session: {error}") from error
            finally:
                del self._outcomes[sid]
        outcome = _one_outcome_each((unit.rule_id,), fired)[unit.rule_id]
        reading = OUTCOME_OF[evaluate(unit.condition, facts, _no_references)]
        if outcome != reading:
            raise EngineError(
                f"the engine concluded {outcome} for {unit.rule_id} where its condition reads "
                f"{reading}; refusing to decide"
            )
        return outcome


# One engine per distinct rule book in a process, by the hash of its files (`RuleBook.version`).
# durable_rules never frees a ruleset it has registered, and its core holds at most 131,072 of
# them: an engine built for every Decider (23 rulesets with the shipped rules then; 24 since)
# ran out after some 5,700 Deciders in one process (error 112; 131,072 / 24 is some 5,460), a
# trap for a service building one per request.
_ENGINES: dict[str, RuleEngine] = {}
_ENGINES_LOCK = threading.Lock()


def _renew_engines_lock() -> None:
    # A fork taken while another thread was building an engine would leave the lock held
    # forever in the child, and its first Decider waiting for it.
    global _ENGINES_LOCK
    _ENGINES_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_renew_engines_lock)


def engine_for(book: RuleBook) -> RuleEngine:
    """The engine evaluating this rule book's rules: built the first time, then shared by every
    Decider over the same rule files (an engine's answers depend on nothing else, and every call
    into it holds its one lock)."""
    with _ENGINES_LOCK:
        found = _ENGINES.get(book.version)
        # The hash is load_rules'; a book built by hand under another's hash gets its own engine.
        if found is None or found.rules != (book.rules, book.boundaries):
            found = RuleEngine(book)
            _ENGINES.setdefault(book.version, found)
        return found


def _renew_lock(engine: weakref.ref[RuleEngine]) -> None:
    alive = engine()
    if alive is not None:
        alive._lock = threading.Lock()


def _no_references(rule_id: str) -> Condition:
    raise EngineError(f"unexpanded reference to {rule_id}")


def _unit(
    rule: RuleVersion, rules: tuple[RuleVersion, ...], units: dict[str, _Unit], tag: str
) -> _Unit:
    by_id = {other.id: other for other in rules}
    condition = _expand(rule.when, lambda rule_id: by_id[rule_id].when)
    # One ruleset per distinct expanded rule: the same version reading the same referenced
    # versions is registered once, whichever periods it is in force in.
    digest = hashlib.sha256(repr((rule.id, condition)).encode()).hexdigest()[:16]
    name = f"safeguarding_notify_{tag}_{rule.id}_{digest}"
    if name not in units:
        units[name] = _Unit(rule.id, name, _reads(condition), condition, rule.file)
    return units[name]


def _reads(condition: Condition) -> tuple[str, ...]:
    """The engine fields a condition tests: fact names, and both bounds of each quantity."""
    names: set[str] = set()
    for fact in facts_named(condition):
        if fact in QUANTITY_FACTS:
            names |= {f"{fact}__low", f"{fact}__high"}
        else:
            names.add(fact)
    return tuple(sorted(names))


# The engine rules of one rule (`_ruleset`), each testing one reading of its condition, and the
# outcome each pair of them concludes together. Any other set of them is no outcome.
_READINGS = {
    "true": (True, False),
    "false": (False, False),
    "not_true": (True, True),
    "not_false": (False, True),
}
_OUTCOME_OF_READINGS = {
    frozenset({"true", "not_false"}): "applies",
    frozenset({"false", "not_true"}): "does_not_apply",
    frozenset({"not_true", "not_false"}): "undetermined",
}


def _one_outcome_each(rule_ids: tuple[str, ...], fired: set[str]) -> dict[str, str]:
    readings: dict[str, set[str]] = {}
    for entry in fired:
        rule_id, reading = entry.split(_SEPARATOR)
        readings.setdefault(rule_id, set()).add(reading)
    outcomes: dict[str, str] = {}
    missing = []
    for rule_id in rule_ids:
        found = readings.get(rule_id, set())
        outcome = _OUTCOME_OF_READINGS.get(frozenset(found))
        if outcome is not None:
            outcomes[rule_id] = outcome
        elif len(found) < 2:  # an action that never ran: durable_rules swallows its error
            missing.append(rule_id)
        else:
            raise EngineError(f"rule {rule_id} came out {' and '.join(sorted(found))} at once")
    if missing:
        raise EngineError(f"the engine gave no outcome for {', '.join(missing)}")
    return outcomes


def _ruleset(unit: _Unit) -> JSON:
    definition: JSON = {}
    for reading, (value, negated) in _READINGS.items():
        action = f"{unit.rule_id}{_SEPARATOR}{reading}"
        test = _joined("$and", [{"kind": "incident"}, _match(unit.condition, value, negated)])
        definition[action] = {"all": [{"m": test}], "run": action}
    return definition


def _joined(joiner: str, tests: list[JSON]) -> JSON:
    """`tests` under one `joiner`, those joined by the same one spliced in: `a and (b and c)` is
    `a and b and c`, and each group spared is one fewer towards the engine's limit of 15."""
    items: list[JSON] = []
    for test in tests:
        items += test[joiner] if list(test) == [joiner] else [test]
    return {joiner: items}


def _expand(condition: Condition, resolve: Any) -> Condition:
    """Replace each `{rule: id}` by that rule's own condition, so one fact decides everything."""
    if isinstance(condition, RuleRef):
        return _expand(resolve(condition.rule), resolve)
    if isinstance(condition, Not):
        return Not(_expand(condition.item, resolve))
    if isinstance(condition, All | AnyOf):
        return type(condition)(tuple(_expand(item, resolve) for item in condition.items))
    return condition


# Kleene logic compiled to the engine: for each condition, when it is true, false, not true and
# not false. Negation is pushed down to the facts (De Morgan), where the engine can test it.
# A comparison is true when the bound furthest from satisfying it satisfies it, false when the
# bound nearest to satisfying it fails.
_COMPARE_TRUE = {
    "<": ("$lt", "high"),
    "<=": ("$lte", "high"),
    ">": ("$gt", "low"),
    ">=": ("$gte", "low"),
}
_COMPARE_FALSE = {
    "<": ("$gte", "low"),
    "<=": ("$gt", "low"),
    ">": ("$lte", "high"),
    ">=": ("$lt", "high"),
}
_NEGATE = {"$lt": "$gte", "$lte": "$gt", "$gt": "$lte", "$gte": "$lt"}


def _match(condition: Condition, value: bool, negated: bool = False) -> JSON:
    """Engine test for "the condition is `value`" (or, when `negated`, "is not `value`")."""
    if isinstance(condition, Fact):
        test = {condition.name: "true" if value else "false"}
        return {"$neq": test} if negated else test
    if isinstance(condition, Compare):
        op, bound = (_COMPARE_TRUE if value else _COMPARE_FALSE)[condition.op]
        op = _NEGATE[op] if negated else op
        return {op: {f"{condition.fact}__{bound}": condition.number}}
    if isinstance(condition, Not):
        return _match(condition.item, not value, negated)
    if isinstance(condition, All | AnyOf):
        conjunction = isinstance(condition, All) == value
        joiner = "$and" if conjunction != negated else "$or"
        return _joined(joiner, [_match(item, value, negated) for item in condition.items])
    raise EngineError(f"unexpanded condition {condition!r}")
