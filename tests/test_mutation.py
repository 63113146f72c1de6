"""The mutation check's own machinery (the full run is `python tests/mutation.py`, in .ci/run)."""

from __future__ import annotations

from collections import Counter

import mutation
from safeguarding_notify.incident import england_today


def test_every_rule_file_gets_several_kinds_of_mutant() -> None:
    """Each rule file is broken in at least three ways, and every kind of change is tried somewhere."""
    found = list(mutation.mutants())
    per_rule = Counter(mutant.rule for mutant in found)
    assert set(per_rule) == {
        path.stem.rsplit(".v", 1)[0] for path in mutation.RULES.rglob("*.yaml")
    }
    assert min(per_rule.values()) >= 3
    changes = " ".join(mutant.change for mutant in found)
    for kind in (
        "drop when",
        "negate",
        "op ",
        "value ",
        "must -> should",
        "drop then",
        "decides_panel",
        "effective_from",
        "working days",
        "effective_to",
        "grouping.",
        "children_detailed_per_form",
        "rapid review): counted from",
        "area ",
    ):
        assert kind in changes


def test_a_mutant_that_raises_the_age_of_a_child_is_killed() -> None:
    """Making s16C(1)(a) treat an 18-year-old as a child is caught by the checks."""
    today = england_today()
    chosen = next(
        mutant
        for mutant in mutation.mutants()
        if mutant.rule == "s16c-1a-event-in-area" and mutant.change.endswith("value 19 instead")
    )
    verdict = mutation.judge(chosen, [], today)  # the example tables alone kill it
    assert verdict is not None
    assert "18th birthday" in verdict


def test_equivalent_mutants_are_real_mutants() -> None:
    """Every mutant explained as equivalent is one the generator still produces (no stale excuses)."""
    produced = {(mutant.rule, mutant.change) for mutant in mutation.mutants()}
    assert set(mutation.EQUIVALENT) <= produced


def test_a_mutant_of_the_four_children_limit_is_killed_by_the_plan_tests() -> None:
    """Detailing five children per DfE notification instead of four is caught by the plan tests."""
    today = england_today()
    chosen = next(
        mutant for mutant in mutation.mutants() if mutant.change == "children_detailed_per_form 5"
    )
    verdict = mutation.judge(chosen, [], today)
    assert verdict is not None
    assert verdict.startswith("plan test")


def test_a_mutants_decider_over_unchanged_rules_concludes_what_the_shipped_decider_does() -> None:
    """A decider built the way mutants' are, over a copy of the shipped rules, concludes what the
    shipped decider does on every possible point of one period's duties (the mutation check's
    machinery changes nothing but the rule files)."""
    import exhaustive
    from safeguarding_notify._facts import situation_of
    from safeguarding_notify._rulefile import load_rules
    from safeguarding_notify._space import IncidentBuilder, subspaces

    today = england_today()
    real = exhaustive.checking_decider()
    stand_in = mutation.MutantDecider(load_rules(mutation.RULES))
    duties = subspaces(real.book, 2)[0]
    builder = IncidentBuilder(real.book, duties.thresholds, today)
    compared = 0
    for _, incident in builder.possible(2, duties):
        point = situation_of(incident, real.thresholds, today)
        assert stand_in.outcomes(2, point) == real.outcomes(2, point)
        compared += 1
    assert compared >= 7000
