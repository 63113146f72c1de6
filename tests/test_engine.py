"""durable_rules really decides, is used safely, and its failures never become a decision."""

from __future__ import annotations

import gc
import shutil
import threading
import warnings
import weakref
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import CHECKOUT_RULES, incident, unranked
from safeguarding_notify import Decider, EngineError, decide, rules_version
from safeguarding_notify._engine import RuleEngine, _durable_clock, _ruleset, engine_for
from safeguarding_notify._rulefile import default_rules_dir, load_rules


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, target)
    return target


def test_a_rule_file_change_changes_decisions(tmp_path: Path) -> None:
    """Editing the data in rules/ (the age limit) changes the answer: the files are what decides."""
    rules = _copy_rules(tmp_path)
    for path in rules.rglob("s16c-1a-event-in-area.v1.yaml"):
        path.write_text(path.read_text().replace('op: "<", value: 18', 'op: "<", value: 16'))
    sixteen = incident(**{"child.date_of_birth": "2010-01-01"})
    assert decide(sixteen).notify_panel == "required"
    assert Decider(rules_dir=rules).decide(sixteen).notify_panel == "not_required"


def test_engine_conclusions_come_from_durable_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each new situation is sent to durable_rules' assert_fact, whose fired actions are the outcome."""
    decider = Decider()
    calls: list[str] = []
    original = decider.engine._host.assert_fact

    def spy(name: str, fact: dict[str, Any], *rest: Any) -> Any:
        calls.append(name)
        return original(name, fact, *rest)

    monkeypatch.setattr(decider.engine._host, "assert_fact", spy)
    decider.decide(incident())
    first = len(calls)  # the situation and the possible worlds searched for missing facts
    decider.decide(incident())  # same situation: the engine's conclusions are reused
    assert first >= 1
    assert len(calls) == first


def test_engine_exception_raises_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """If durable_rules fails mid-decision, decide raises EngineError and returns nothing."""
    decider = Decider()

    def broken(*_: Any) -> Any:
        raise RuntimeError("simulated engine fault")

    monkeypatch.setattr(decider.engine._host, "assert_fact", broken)
    with pytest.raises(EngineError, match="simulated engine fault"):
        decider.decide(incident(abuse_or_neglect="not_suspected"))


def test_silent_engine_raises_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the engine's actions stop recording (an error durable_rules would swallow), no decision is made."""
    decider = Decider()
    monkeypatch.setattr(decider.engine._host, "_record", lambda *_: None)
    with pytest.raises(EngineError, match="no outcome"):
        decider.decide(incident(abuse_or_neglect="not_suspected"))


def test_engine_disagreeing_with_the_rule_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """An outcome that contradicts the rule's own condition, however it reached the decider, is an error, not a decision."""
    decider = Decider()
    original = decider.engine.ask

    def flipped(unit: Any, facts: Any) -> str:
        answer = original(unit, facts)
        return "does_not_apply" if unit.rule_id == "s16c-1a-event-in-area" else answer

    monkeypatch.setattr(decider.engine, "ask", flipped)
    with pytest.raises(EngineError, match="refusing to decide"):
        decider.decide(incident())


def test_no_background_threads_are_started() -> None:
    """Building an engine starts no durable_rules timer threads (they would enter the core unlocked)."""
    before = threading.active_count()
    RuleEngine(load_rules(CHECKOUT_RULES))
    assert threading.active_count() == before


def test_sessions_are_released() -> None:
    """More than 1,024 evaluations (durable_rules' session cap) run because every session is deleted."""
    engine = Decider().engine
    facts = {
        "abuse_or_neglect_known_or_suspected": "true",
        "event_is_death": "true",
        "event_is_serious_harm": "false",
        "event_in_england": "true",
        "event_in_notifying_area": "true",
        "normally_resident_in_notifying_area": "true",
        "looked_after_by_notifying_authority": "false",
        "event_in_regulated_setting": "false",
        "care_leaver_of_notifying_authority": "false",
        "known_to_childrens_social_care": "false",
        "death_by_suspected_suicide_or_unexplained": "false",
        "child_is_unborn": "false",
        "normally_resident_in_other_english_area": "false",
        "looked_after_by_another_authority": "false",
        "age_on_event_date__low": 17,
        "age_on_event_date__high": 17,
        "event_date__low": 740000,
        "event_date__high": 740000,
    }
    period = max(engine._periods)
    (unit,) = [unit for unit in engine.units(period) if unit.rule_id == "s16c-1a-event-in-area"]
    projected = {name: facts[name] for name in unit.reads}
    # engine.ask goes to durable_rules every time (no remembering), in a new session each time.
    results = {engine.ask(unit, projected) for _ in range(1500)}
    assert results == {"applies"}
    assert engine.evaluate(period, facts)["s16c-1a-event-in-area"] == "applies"


def test_packaged_rules_are_the_checkout_rules() -> None:
    """The rules an installed package reads are byte for byte the rules/ of the checkout."""
    assert load_rules(default_rules_dir()).version == load_rules(CHECKOUT_RULES).version


def test_decisions_record_rule_and_input_hashes() -> None:
    """rules_version identifies the rule files, input_digest the validated incident."""
    first, second = decide(incident()), decide(incident(case_reference="T-2"))
    assert first.rules_version == load_rules(CHECKOUT_RULES).version
    assert first.input_digest.startswith("sha256:")
    assert first.input_digest != second.input_digest
    assert decide(incident()).input_digest == first.input_digest


def test_the_rules_version_is_known_before_deciding(tmp_path: Path) -> None:
    """`rules_version()` is the version `decide` records, and `Decider.rules_version` a decider's
    own, which any edit of a rule file changes, a comment included."""
    assert rules_version() == decide(incident()).rules_version
    edited = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, edited)
    first = next(edited.rglob("*.yaml"))
    first.write_text(first.read_text() + "# a reviewer's comment\n")
    decider = Decider(edited)
    assert decider.rules_version == decider.decide(incident()).rules_version
    assert decider.rules_version != rules_version()


def test_each_rule_is_asked_only_with_the_facts_it_reads() -> None:
    """The engine is asked about a rule with the facts that rule reads, so an unread fact never multiplies the calls."""
    decider = Decider()
    period = max(decider.engine._periods)
    (unit,) = [u for u in decider.engine.units(period) if u.rule_id == "s16c-1a-event-in-area"]
    assert "event_in_regulated_setting" not in unit.reads
    assert {"abuse_or_neglect_known_or_suspected", "event_in_notifying_area"} <= set(unit.reads)


def test_an_engine_answer_contradicting_the_rule_is_refused_when_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If durable_rules fires the wrong outcome for a rule, the answer is refused as soon as it is given."""
    decider = Decider()
    monkeypatch.setattr(
        "safeguarding_notify._engine._one_outcome_each",
        lambda rule_ids, fired: dict.fromkeys(rule_ids, "does_not_apply"),
    )
    with pytest.raises(EngineError, match="refusing to decide"):
        decider.decide(incident())


ALL_UNKNOWN = {
    "notifying_authority": "E08000025",
    "child": {"date_of_birth": None, "normally_resident": None, "looked_after": "unknown"},
    "event": {"kind": None, "date": None, "location": None},
    "abuse_or_neglect": "unknown",
    "became_aware_on": None,
}


def test_too_many_unknowns_ask_every_open_question_unranked() -> None:
    """With more possible worlds than the search bound, every question the search could ask is still asked, and the decision says it is unranked."""
    bounded = Decider().decide(ALL_UNKNOWN)
    searching = Decider()
    searching.max_worlds = 10**6
    searched = searching.decide(ALL_UNKNOWN)
    assert unranked(bounded)
    assert not unranked(searched)
    assert set(searched.missing_facts) <= set(bounded.missing_facts)
    assert bounded.notify_panel == searched.notify_panel == "undetermined"


def test_each_fact_depends_only_on_the_axes_it_is_listed_under() -> None:
    """Changing an axis never changes a fact not listed under it (the decider remembers rule outcomes by those axes)."""
    from itertools import islice

    from safeguarding_notify import Incident
    from safeguarding_notify._facts import (
        AXES,
        AXIS_FACTS,
        alternatives,
        completions,
        facts_of,
        situation_of,
        widen,
    )

    decider = Decider()
    start = situation_of(
        Incident.model_validate(ALL_UNKNOWN), decider.thresholds, date(2026, 11, 26)
    )
    start = widen(start, AXES, decider.thresholds)
    owners = {
        fact: {axis for axis, facts in AXIS_FACTS.items() if fact in facts}
        for facts in AXIS_FACTS.values()
        for fact in facts
    }
    checked = 0
    for world in islice(completions(start, decider.thresholds), 0, None, 97):
        base = facts_of(world)
        for axis in AXES:
            for value in alternatives(start, axis, decider.thresholds):
                changed = facts_of(replace(world, **{axis: value}))
                for name, before in base.items():
                    fact = name.split("__")[0]
                    if axis not in owners[fact]:
                        assert changed[name] == before, (axis, name)
                        checked += 1
    assert checked > 1000


def test_versions_sharing_a_condition_keep_their_own_citation() -> None:
    """Two versions of a rule with one condition share an engine ruleset, yet each reason cites its own version."""
    decider = Decider()
    unknown_abuse = {"abuse_or_neglect": "unknown", "child.date_of_birth": "2010-01-01"}
    early = decider.decide(
        incident(**unknown_abuse, **{"event.date": "2019-03-01", "became_aware_on": "2019-03-04"})
    )
    late = decider.decide(
        incident(**unknown_abuse, **{"event.date": "2026-11-18", "became_aware_on": "2026-11-20"})
    )

    def basis(decision: Any) -> str:
        return next(
            r.basis for r in decision.reasons if r.rule == "rapid-review-by-safeguarding-partners"
        )

    assert basis(early) != basis(late)


def test_an_engine_no_longer_used_is_freed() -> None:
    """An engine no one holds is freed: the fork hook that renews its lock holds it weakly. (The
    engines Deciders share, one per rule book, are held for the process's life by design.)"""
    engine = weakref.ref(RuleEngine(load_rules(CHECKOUT_RULES)))
    gc.collect()
    assert engine() is None


def test_deciders_over_the_same_rule_files_share_one_engine(tmp_path: Path) -> None:
    """durable_rules never frees a registered ruleset and holds at most 131,072: Deciders over the
    same rule files share one engine (an engine each ran out after some 5,700 Deciders), and
    other rule files, or a book built by hand under their hash, get one of their own."""
    shared = Decider().engine
    assert Decider().engine is shared
    assert Decider(rules_dir=_copy_rules(tmp_path)).engine is shared  # the same files elsewhere
    changed = _copy_rules(tmp_path / "changed")
    for path in changed.rglob("s16c-1a-event-in-area.v1.yaml"):
        path.write_text(path.read_text().replace('op: "<", value: 18', 'op: "<", value: 16'))
    assert Decider(rules_dir=changed).engine is not shared
    book = load_rules(CHECKOUT_RULES)
    retitled = (replace(book.rules[0], title="Another title"), *book.rules[1:])
    assert engine_for(replace(book, rules=retitled)) is not shared


def test_deciding_with_every_warning_an_error_still_decides() -> None:
    """With warnings as errors, a decider asking durable_rules decides as usual (its clock called
    a function deprecated from Python 3.12, and there every decision failed)."""
    expected = decide(incident())
    decider = Decider()  # a new decider: every rule is asked of the engine
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decision = decider.decide(incident())
    assert decider.engine.asked > 0
    assert decision == expected


def test_durable_rules_clock_keeps_its_value() -> None:
    """durable_rules reads our clock, which gives what its own gave: the local wall clock's seconds
    since 1970-01-01."""
    import durable.engine

    assert durable.engine._unix_now is _durable_clock
    before = (datetime.now() - datetime(1970, 1, 1)).total_seconds()
    now = durable.engine._unix_now()
    after = (datetime.now() - datetime(1970, 1, 1)).total_seconds()
    assert before <= now <= after


def _groups(test: Any) -> int:
    """The `$and`/`$or` groups nested in an engine test (durable_rules compiles at most 15)."""
    if isinstance(test, dict):
        return sum(key in ("$and", "$or") for key in test) + sum(map(_groups, test.values()))
    return sum(map(_groups, test)) if isinstance(test, list) else 0


def test_every_shipped_rule_leaves_a_rule_author_room_under_the_engine_limit() -> None:
    """Every shipped rule compiles to engine tests of at most 7 nested groups (references inlined), leaving 8 for amendments under durable_rules' limit of 15: one test of both halves of "undetermined" used 14."""
    engine = Decider().engine
    units = {unit.ruleset: unit for period in engine._periods for unit in engine.units(period)}
    nested = {
        unit.rule_id: max(_groups(rule["all"]) for rule in _ruleset(unit).values())
        for unit in units.values()
    }
    assert max(nested.values()) <= 7
    assert nested["safeguarding-partners-residence-area"] == 7
