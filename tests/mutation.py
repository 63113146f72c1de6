"""Mutation check of the rules: break each rule file in meaningful ways and show the checks notice.

    python tests/mutation.py            # every mutant; exit status 1 if one survives unexplained
    python tests/mutation.py --jobs 1   # in one worker process (default: one per CPU)

Each mutant is one small change to one rule file (drop a condition, negate a fact, swap all/any,
flip a comparison, move a constant or a date, weaken must to should, drop a conclusion, change a
deadline, change what counts towards the Panel answer or which date chooses the rule, move a
start date). It is loaded in-process
with `Decider(rules_dir=<copy>)` and put through, in order, until one fails:

1. the loader (a mutant the loader refuses cannot ship);
2. the example tables, tests/scenarios/*.yaml (the very test function pytest runs);
3. for a grouping file (forms for several children), the plan tests of tests/test_plan.py; for
   a rapid-review rule, the example tests of tests/test_rapid_review.py;
4. the comparison with the oracle over a sample (every SAMPLE-th point) of every sub-space of
   each period in which the mutated rule (original or mutant) is in force, and of those points
   with abuse or neglect suspected only from a later change of the rules (tests/exhaustive.py;
   other periods cannot change);
5. the legal invariants of tests/test_properties.py.

Speed: each mutant's rules are compiled to durable_rules and evaluated by it, like the shipped
rules; the engine is asked about each rule only with the facts it reads and remembers the answer,
so a mutant costs its compilation and a few thousand small engine calls. The baseline (the
sampled cases and the oracle's answers) is built once, then forked worker processes judge the
mutants, each stopping at the first check that fails (about 0.2 s for a killed mutant, up to
15 s for an explained equivalent, which passes them all).

A mutant that passes them all *survives*: it is either explained below as equivalent (no valid
incident can tell it from the original), or the run fails. An explained mutant is still put
through checks 1-4 (4 on a sample of the space), so an explanation that stops being true
shows up as a kill.
"""

from __future__ import annotations

import copy
import itertools
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import yaml

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

import exhaustive  # noqa: E402
import test_coverage_over_time as coverage  # noqa: E402
import test_plan  # noqa: E402
import test_properties  # noqa: E402
import test_rapid_review  # noqa: E402
import test_scenarios  # noqa: E402
from safeguarding_notify import Decider, RuleFileError, _decide  # noqa: E402
from safeguarding_notify._rulefile import RuleBook, load_rules  # noqa: E402
from safeguarding_notify._space import checking_horizon  # noqa: E402
from safeguarding_notify.decision import Recipient  # noqa: E402

RULES = TESTS.parent / "rules"

# The exhaustive check per mutant visits every SAMPLE-th point of each sub-space (in a stable
# order), not all: building the oracle's answers for every point takes minutes; pytest's own
# exhaustive check covers every point for the shipped rules.
SAMPLE = 7

# Mutants no valid incident can tell apart from the original, with the reason.
EQUIVALENT: dict[tuple[str, str], str] = {
    ("safeguarding-partners-looked-after-area", "decides_panel -> True"): (
        "it applies only when s16c-1a or s16c-1b applies, and those already count towards the "
        "Panel answer, so counting it changes no answer"
    ),
    ("safeguarding-partners-residence-area", "decides_panel -> True"): (
        "it applies only when s16c-1a or s16c-1b applies, and those already count towards the "
        "Panel answer, so counting it changes no answer"
    ),
    (
        "safeguarding-partners-residence-area",
        "drop when.all[0].any[1] (rule s16c-1b-outside-england)",
    ): (
        "s16c-1b needs the child normally resident in this area, while this rule needs residence "
        "in another English area: the 1b branch can never be true together with the rest"
    ),
    ("wt2015-looked-after-child-death", "then[0] (ofsted): 6 working days"): (
        "Sch 2 para 20(1)(a) owes Ofsted a 'must' with five working days whenever this rule "
        "applies; the one Ofsted obligation is that one, so this rule's deadline never shows"
    ),
    ("wt2015-looked-after-child-death", "drop then[0] (ofsted)"): (
        "whenever it applies, sch2-para20-looked-after-child-death applies too (the same death of a "
        "child this authority looks after) and owes Ofsted a statutory 'must', which outranks this "
        "rule's 'should' in the one Ofsted obligation; dropping this conclusion changes no decision"
    ),
    ("rapid-review-by-safeguarding-partners", "decides_panel -> True"): (
        "its condition is `any` of s16c-1a and s16c-1b, which already count towards the Panel "
        "answer (the same reason as safeguarding-partners-in-area), so counting it changes no answer"
    ),
    ("s16c-not-yet-in-force", "compare event_date >= 2018-06-29: op > instead"): (
        "in force only while awareness is before 29 June 2018, so every event date (on or before "
        "awareness) is before 29 June 2018 too: `event_date` compared with this date or any later "
        "one is always false, as the original's is"
    ),
    ("s16c-not-yet-in-force", "compare event_date >= 2018-06-29: value 2018-06-30 instead"): (
        "in force only while awareness is before 29 June 2018, so every event date (on or before "
        "awareness) is before 29 June 2018 too: `event_date` compared with this date or any later "
        "one is always false, as the original's is"
    ),
    ("s16c-not-yet-in-force", "compare event_date >= 2018-06-29: value 2019-06-29 instead"): (
        "in force only while awareness is before 29 June 2018, so every event date (on or before "
        "awareness) is before 29 June 2018 too: `event_date` compared with this date or any later "
        "one is always false, as the original's is"
    ),
    ("s16c-unborn-child", "chosen_by -> abuse_or_neglect_suspected_on"): (
        "it has one version, in force from 26 March 2015 with no end, so the same version is in "
        "force on the awareness date and on any later suspicion date: whichever date chooses it, "
        "every decision considers the same rule"
    ),
    ("safeguarding-partners-in-area", "decides_panel -> True"): (
        "its condition is `any` of s16c-1a and s16c-1b, which already count towards the Panel "
        "answer: whenever it applies one of them applies, and when it is undetermined or does not "
        "apply, so is or does one of them, so counting it changes no answer"
    ),
}

Document = dict[str, Any]

# The date choosing a rule's version (`chosen_by`), changed to the other one.
_OTHER_DATE = {
    "became_aware_on": "abuse_or_neglect_suspected_on",
    "abuse_or_neglect_suspected_on": "became_aware_on",
}


@dataclass(frozen=True)
class Mutant:
    file: Path  # relative to rules/
    rule: str
    change: str
    document: Document


def _conditions(node: Any, path: str) -> Iterator[tuple[str, Any, Callable[[Any], None]]]:
    """Every condition node below `node` with its path and a setter replacing it in place."""
    if isinstance(node, dict):
        for key in ("all", "any"):
            if key in node:
                for index, item in enumerate(node[key]):
                    items = node[key]

                    def put(value: Any, items: list[Any] = items, index: int = index) -> None:
                        items[index] = value

                    yield f"{path}.{key}[{index}]", item, put
                    yield from _conditions(item, f"{path}.{key}[{index}]")
        if "not" in node:

            def put_not(value: Any, node: dict[str, Any] = node) -> None:
                node["not"] = value

            yield f"{path}.not", node["not"], put_not
            yield from _conditions(node["not"], f"{path}.not")


def _describe(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, dict) and "compare" in node:
        return f"compare {node['compare']} {node['op']} {node['value']}"
    if isinstance(node, dict) and "rule" in node:
        return f"rule {node['rule']}"
    return next(iter(node)) if isinstance(node, dict) else repr(node)


_FLIPS = {"<": ("<=", ">="), "<=": ("<", ">"), ">": (">=", "<="), ">=": (">", "<")}


def _value_changes(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, date):
        return [
            (f"{value - timedelta(days=1)}", value - timedelta(days=1)),
            (f"{value + timedelta(days=1)}", value + timedelta(days=1)),
            (f"{value.replace(year=value.year + 1)}", value.replace(year=value.year + 1)),
        ]
    return [(str(value - 1), value - 1), (str(value + 1), value + 1)]


_POLICIES = (
    "one_form_per_child",
    "one_form_per_sibling_group",
    "one_form_for_main_child",
    "one_form_per_incident",
)


def _grouping_mutations(document: Document) -> Iterator[tuple[str, Document]]:
    """A grouping file (how many forms for several children): each policy changed to the next
    one, the children detailed per form moved by one, the dates moved."""

    def variant(change: Callable[[Document], None]) -> Document:
        copied = copy.deepcopy(document)
        change(copied)
        return copied

    for key, policy in document["grouping"].items():
        if key == "children_detailed_per_form":
            for shown, value in _value_changes(policy):
                yield (
                    f"children_detailed_per_form {shown}",
                    variant(lambda d, v=value: d["grouping"].update(children_detailed_per_form=v)),
                )
            continue
        other = _POLICIES[(_POLICIES.index(policy) + 1) % len(_POLICIES)]
        yield (
            f"grouping.{key}: {other} instead",
            variant(lambda d, k=key, o=other: d["grouping"].update({k: o})),
        )
    yield from _date_mutations(document, variant)


def _date_mutations(
    document: Document, variant: Callable[[Callable[[Document], None]], Document]
) -> Iterator[tuple[str, Document]]:
    start = document["effective_from"]
    yield (
        f"effective_from {start + timedelta(days=1)}",
        variant(lambda d: d.update(effective_from=start + timedelta(days=1))),
    )
    end = document.get("effective_to")
    if end is None:
        end = start.replace(year=start.year + 1)
        yield f"effective_to {end}", variant(lambda d: d.update(effective_to=end))
    else:
        for moved in (end - timedelta(days=1), end + timedelta(days=1)):
            yield f"effective_to {moved}", variant(lambda d, m=moved: d.update(effective_to=m))


def _mutations(document: Document) -> Iterator[tuple[str, Document]]:
    """(description, mutated copy) for each way of breaking one rule file."""
    if "grouping" in document:
        yield from _grouping_mutations(document)
        return

    def variant(change: Callable[[Document], None]) -> Document:
        copied = copy.deepcopy(document)
        change(copied)
        return copied

    # Conditions: drop one member of all/any, negate a fact, swap all/any, move a comparison.
    root = {"when": document["when"]}
    for path, node, _ in [("when", document["when"], None), *_conditions(root["when"], "when")]:
        del _
        for key in ("all", "any"):
            if isinstance(node, dict) and key in node and len(node[key]) > 1:
                for index, item in enumerate(node[key]):
                    yield (
                        f"drop {path}.{key}[{index}] ({_describe(item)})",
                        variant(lambda d, p=path, k=key, i=index: _at(d, p)[k].pop(i)),
                    )
                other = "any" if key == "all" else "all"
                yield (
                    f"{key} -> {other} at {path}",
                    variant(lambda d, p=path, k=key, o=other: _swap(_at(d, p), k, o)),
                )
        if isinstance(node, str):
            yield (
                f"negate {node} at {path}",
                variant(lambda d, p=path: _set(d, p, {"not": _at(d, p)})),
            )
        if isinstance(node, dict) and "compare" in node:
            label = _describe(node)
            for op in _FLIPS[node["op"]]:
                yield (
                    f"{label}: op {op} instead",
                    variant(lambda d, p=path, o=op: _at(d, p).update(op=o)),
                )
            for shown, value in _value_changes(node["value"]):
                yield (
                    f"{label}: value {shown} instead",
                    variant(lambda d, p=path, v=value: _at(d, p).update(value=v)),
                )
        if isinstance(node, dict) and "not" in node:
            yield f"drop the not at {path}", variant(lambda d, p=path: _set(d, p, _at(d, p)["not"]))
    # Conclusions: drop one, weaken must to should, move the deadline.
    for index, then in enumerate(document.get("then", [])):
        what = then.get("notify") or next(iter(then))
        yield f"drop then[{index}] ({what})", variant(lambda d, i=index: d["then"].pop(i))
        if then.get("strength") == "must":
            yield (
                f"then[{index}] ({what}): must -> should",
                variant(lambda d, i=index: d["then"][i].update(strength="should")),
            )
        if then.get("notify"):
            recipients = list(get_args(Recipient))
            other = recipients[(recipients.index(then["notify"]) + 1) % len(recipients)]
            yield (
                f"then[{index}] ({what}): notify {other} instead",
                variant(lambda d, i=index, r=other: d["then"][i].update(notify=r)),
            )
        if then.get("within_working_days"):
            days = then["within_working_days"] + 1
            yield (
                f"then[{index}] ({what}): {days} working days",
                variant(lambda d, i=index, n=days: d["then"][i].update(within_working_days=n)),
            )
        if then.get("rapid_review"):
            anchor = {"became_aware": "panel_notification_sent"}.get(
                then["rapid_review"], "became_aware"
            )
            yield (
                f"then[{index}] (rapid review): counted from {anchor}",
                variant(lambda d, i=index, a=anchor: d["then"][i].update(rapid_review=a)),
            )
        if then.get("area"):
            areas = ["notifying_authority", "child_residence_area", "looked_after_by_area"]
            area = areas[(areas.index(then["area"]) + 1) % len(areas)]
            yield (
                f"then[{index}] ({what}): area {area} instead",
                variant(lambda d, i=index, a=area: d["then"][i].update(area=a)),
            )
    # What the rule counts towards, which date chooses it, and when it starts and ends.
    yield (
        f"decides_panel -> {not document.get('decides_panel', False)}",
        variant(lambda d: d.update(decides_panel=not d.get("decides_panel", False))),
    )
    chosen_by = _OTHER_DATE[document.get("chosen_by", "became_aware_on")]
    yield f"chosen_by -> {chosen_by}", variant(lambda d: d.update(chosen_by=chosen_by))
    yield from _date_mutations(document, variant)


def _at(document: Document, path: str) -> Any:
    node: Any = document
    for part in path.replace("]", "").replace("[", ".").split("."):
        node = node[int(part)] if part.isdigit() else node[part]
    return node


def _set(document: Document, path: str, value: Any) -> None:
    parent_path, _, last = path.replace("]", "").replace("[", ".").rpartition(".")
    parent = _at(document, parent_path) if parent_path else document
    parent[int(last) if last.isdigit() else last] = value


def _swap(node: dict[str, Any], key: str, other: str) -> None:
    node[other] = node.pop(key)


def mutants() -> Iterator[Mutant]:
    for file in sorted(RULES.rglob("*.yaml")):
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
        for change, mutated in _mutations(document):
            yield Mutant(file.relative_to(RULES), document["id"], change, mutated)


# -- the checks ------------------------------------------------------------------------------------


def _scenarios(decider: Decider) -> str | None:
    previous = _decide._default
    _decide._default = decider  # the scenario test decides with the default decider
    try:
        for case in [*test_scenarios.CASES, *test_scenarios.REGIME_CASES]:
            try:
                test_scenarios.check(case)
            except AssertionError:
                return f"example table: {case['name']}"
            except Exception as error:  # a check that crashes fails the suite too
                return f"example table: {case['name']} raised {type(error).__name__}"
    finally:
        _decide._default = previous
    return None


# Every property but purity, which compares with a fresh durable_rules decider (what-if
# included): it checks the engine, not the rules, and a mutant's decider skips what-if.
PROPERTIES = [
    getattr(test_properties, name)
    for name in dir(test_properties)
    if name.startswith("test_")
    and hasattr(getattr(test_properties, name), "hypothesis")
    and name != "test_a_decision_is_a_pure_function_of_its_input"
]


def _properties(decider: Decider) -> str | None:
    previous = _decide._default
    _decide._default = decider
    try:
        for prop in PROPERTIES:
            try:
                prop()
            except AssertionError:
                return f"property {prop.__name__}"
            except Exception as error:  # Hypothesis re-raises the first failure it finds
                if isinstance(error.__cause__, AssertionError) or "Falsifying" in str(error):
                    return f"property {prop.__name__}"
                raise
    finally:
        _decide._default = previous
    return None


class MutantDecider(exhaustive.CheckingDecider):
    """A checking decider over a mutant's rules, evaluated by durable_rules like the shipped ones."""

    def __init__(self, book: RuleBook) -> None:
        super().__init__(book=book)


PLAN_TESTS = [getattr(test_plan, name) for name in dir(test_plan) if name.startswith("test_")]
RAPID_REVIEW_TESTS = [
    getattr(test_rapid_review, name)
    for name in dir(test_rapid_review)
    if name.startswith("test_") and not hasattr(getattr(test_rapid_review, name), "hypothesis")
]


def _plan(decider: Decider, tests: list[Any] = PLAN_TESTS) -> str | None:
    previous = _decide._default
    _decide._default = decider  # plan_notifications decides with the default decider
    try:
        for test in tests:
            marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
            calls: list[tuple[Any, ...]] = [()]
            if marks:
                calls = [v if isinstance(v, tuple) else (v,) for v in marks[0].args[1]]
            for args in calls:
                try:
                    test(*args)
                except Exception as error:  # a failed or crashing test fails the suite
                    return f"plan test {test.__name__}{args} ({type(error).__name__})"
    finally:
        _decide._default = previous
    return None


def _periods_touched(mutant: Mutant, book: RuleBook) -> set[int]:
    """The periods in which the mutated rule, as shipped or as mutated, is in force."""
    original = yaml.safe_load((RULES / mutant.file).read_text(encoding="utf-8"))
    found = set()
    for document in (original, mutant.document):
        start, end = document["effective_from"], document.get("effective_to")
        for period in range(1, len(book.boundaries) + 1):
            first = book.period_start(period)
            last = book.boundaries[period] if period < len(book.boundaries) else date.max
            if start < last and (end is None or end > first):
                found.add(period)
    return found


def _coverage(book: RuleBook) -> str | None:
    """The coverage-over-time table (written from the law in tests/test_coverage_over_time.py):
    each rule id must be in force, without gaps, exactly from and to the dates it names."""
    for rule_id in {rule.id for rule in book.rules}:
        versions = sorted(
            (rule for rule in book.rules if rule.id == rule_id), key=lambda r: r.effective_from
        )
        expected = coverage.EXPECTED.get(rule_id)
        found = (versions[0].effective_from, versions[-1].effective_to)
        gaps = any(a.effective_to != b.effective_from for a, b in itertools.pairwise(versions))
        if expected != found or gaps:
            return f"coverage over time: {rule_id} in force {found}, expected {expected}"
    return None


def judge(
    mutant: Mutant,
    parts: list[exhaustive.Part],
    today: date,
    properties: bool = True,
    later: list[exhaustive.Case] | None = None,
) -> str | None:
    """The first check that kills the mutant, or None if it survives them all (`later`: the
    sampled cases suspected only after a later change of the rules, `later_suspicions`)."""
    with tempfile.TemporaryDirectory() as scratch:
        rules = Path(scratch) / "rules"
        shutil.copytree(RULES, rules)
        (rules / mutant.file).write_text(
            yaml.safe_dump(mutant.document, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        try:
            book = load_rules(rules)
        except RuleFileError as error:
            return f"loader: {error.problem}"
    killed = _coverage(book)
    if killed:
        return killed
    decider = MutantDecider(book)
    killed = _scenarios(decider)
    if killed:
        return killed
    if "grouping" in mutant.document:
        return _plan(decider)
    if any(then.get("rapid_review") for then in mutant.document.get("then", [])):
        killed = _plan(decider, RAPID_REVIEW_TESTS)  # the oracle compares only its presence
        if killed:
            return killed
    touched = _periods_touched(mutant, decider.book)
    cases = [case for part in parts if part.period in touched for case in part.cases]
    cases += [case for case in later or () if case.periods & touched]
    for found in exhaustive.mismatches(decider, cases, today, shuffle=True):
        return f"exhaustive oracle check: {found}"
    return _properties(decider) if properties else None


# What the worker processes judge: set by `main` before they are forked, so that they share the
# mutants and the baseline's sampled cases (with the oracle's answers) instead of rebuilding them.
_WORK: tuple[list[Mutant], list[exhaustive.Part], list[exhaustive.Case], date] | None = None


def _judged(index: int) -> tuple[int, str | None, float]:
    """Judge the index-th mutant of `_WORK`: (index, the check that killed it or None, seconds)."""
    assert _WORK is not None
    all_mutants, parts, later, today = _WORK
    mutant = all_mutants[index]
    started = time.monotonic()
    # An explained equivalent still goes through the complete checks (loader, examples, the
    # sampled oracle comparison); only the sampled properties, which add nothing certain to
    # those, are skipped.
    explained = (mutant.rule, mutant.change) in EQUIVALENT
    verdict = judge(mutant, parts, today, properties=not explained, later=later)
    return index, verdict, time.monotonic() - started


MUTANTS_PER_WORKER = 40


def _judge_all(all_mutants: list[Mutant], jobs: int) -> Iterator[tuple[int, str | None, float]]:
    """Every mutant judged, in `jobs` forked processes; in no fixed order.

    Explained equivalents pass every check and so cost the most (each decides the sampled space
    of the periods it touches): they are started first, so that no process is left with one
    long mutant at the end."""
    order = sorted(
        range(len(all_mutants)),
        key=lambda i: (all_mutants[i].rule, all_mutants[i].change) not in EQUIVALENT,
    )
    # fork: the workers inherit `_WORK`; each builds its own engines (durable_rules hosts are
    # per decider), so nothing engine-side is shared between processes. A worker is replaced
    # after MUTANTS_PER_WORKER mutants: a rule engine is never freed once built (it stays
    # registered with os.register_at_fork), so one process judging every mutant would grow past
    # 1.5 GiB.
    with multiprocessing.get_context("fork").Pool(
        jobs, maxtasksperchild=MUTANTS_PER_WORKER
    ) as pool:
        yield from pool.imap_unordered(_judged, order, chunksize=1)


def main(argv: list[str] | None = None) -> int:
    import argparse

    global _WORK
    parser = argparse.ArgumentParser(description="Mutation check of the rule files.")
    parser.add_argument(
        "--every",
        type=int,
        default=1,
        help="judge every N-th mutant only (a quick local look; the whole set is the default, "
        "and what CI runs)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes judging mutants at once (default: one per CPU)",
    )
    arguments = parser.parse_args(argv)
    started = time.monotonic()
    original = MutantDecider(load_rules(RULES))
    today = checking_horizon(original.book)
    parts = exhaustive.parts(original, today, every=SAMPLE)
    later = exhaustive.later_suspicions(parts, original, today)
    cases = [case for part in parts for case in part.cases] + later
    if _scenarios(original) or next(exhaustive.mismatches(original, cases, today), None):
        print("mutation: the unmutated rules fail the checks; nothing to measure", file=sys.stderr)
        return 1
    baseline = time.monotonic() - started
    all_mutants = list(mutants())[:: arguments.every]
    _WORK = (all_mutants, parts, later, today)
    verdicts: dict[int, tuple[str | None, float]] = {}
    for index, verdict, seconds in _judge_all(all_mutants, max(1, arguments.jobs)):
        verdicts[index] = (verdict, seconds)
    killed = equivalent = 0
    unexplained = []
    for index, mutant in enumerate(all_mutants):
        verdict, seconds = verdicts[index]
        reason = EQUIVALENT.get((mutant.rule, mutant.change))
        if verdict is not None:
            killed += 1
            stale = (
                "  (explained as equivalent, but killed: drop the explanation)" if reason else ""
            )
            print(f"killed    {mutant.rule}: {mutant.change}  <- {verdict[:140]}{stale}")
            continue
        if reason:
            equivalent += 1
            print(f"EQUIVALENT {mutant.rule}: {mutant.change}  ({reason})  [{seconds:.1f} s]")
        else:
            unexplained.append(mutant)
            print(f"SURVIVED  {mutant.rule}: {mutant.change}")
    total = len(all_mutants)
    judging = sum(seconds for _, seconds in verdicts.values())
    print(
        f"\nmutants judged: {total} of {len(list(mutants()))} (every {arguments.every}.)\n"
        f"mutation score: {killed}/{total} killed ({100 * killed / total:.1f}%), "
        f"{equivalent} equivalent (explained), {len(unexplained)} unexplained survivors; "
        f"exhaustive check sampled: {len(cases)} incidents (every {SAMPLE}th point of every "
        f"sub-space, aware early and late; {len(later)} of them with abuse or neglect suspected "
        "only from a later change of the rules), per mutant those of the periods it touches; "
        f"{time.monotonic() - started:.0f} s in all with {arguments.jobs} process(es): "
        f"{baseline:.0f} s for the baseline, {judging:.0f} s judging mutants (summed)"
    )
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
