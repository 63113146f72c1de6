"""An engine failing mid-decision raises EngineError: no decision, never "not_required", nothing cached."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from durable.engine import MessageNotHandledException

from conftest import OTHER_AREA, incident
from safeguarding_notify import Decider, EngineError, Incident, _decide, decide_many
from safeguarding_notify._engine import _one_outcome_each
from safeguarding_notify._facts import facts_of, situation_of
from safeguarding_notify.cli import main
from safeguarding_notify.incident import england_today

NOT_NOTIFIABLE = incident(abuse_or_neglect="not_suspected")  # would be "not_required"
UNKNOWNS = incident(abuse_or_neglect="unknown", **{"event.location": None})


def _fail_on_call(
    decider: Decider, monkeypatch: pytest.MonkeyPatch, failing: int, name: str
) -> None:
    """Make the host's `name` method raise on its `failing`-th call (1-based), and after."""
    original = getattr(decider.engine._host, name)
    calls = [0]

    def flaky(*args: Any) -> Any:
        calls[0] += 1
        if calls[0] >= failing:
            raise RuntimeError(f"simulated {name} fault")
        return original(*args)

    monkeypatch.setattr(decider.engine._host, name, flaky)


def test_delete_state_failure_gives_no_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    """If durable_rules cannot delete the session after concluding, the decision is abandoned."""
    decider = Decider()
    _fail_on_call(decider, monkeypatch, 1, "delete_state")
    with pytest.raises(EngineError, match="could not delete a session"):
        decider.decide(NOT_NOTIFIABLE)
    assert decider._verdicts == {}
    # No rule's answer is remembered (each rule's memory exists, empty).
    assert not any(decider._concluded.values())


def test_action_failing_after_some_outcomes_gives_no_decision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An action failing after three outcomes were recorded (durable_rules swallows the error) leaves the other rules without outcome: EngineError names them."""
    decider = Decider()
    record = decider.engine._host._record
    recorded = [0]

    def record_then_fail(action: str, closure: Any) -> None:
        recorded[0] += 1
        if recorded[0] > 3:
            raise RuntimeError("simulated action fault")
        record(action, closure)

    monkeypatch.setattr(decider.engine._host, "_record", record_then_fail)
    with pytest.raises(EngineError, match="gave no outcome for"):
        decider.decide(NOT_NOTIFIABLE)
    assert recorded[0] > 3
    assert decider._verdicts == {}


def test_no_matching_rule_gives_no_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable_rules' "no rule matched" is an EngineError, never an empty (not_required) answer."""
    decider = Decider()

    def unmatched(name: str, fact: dict[str, Any], *rest: Any) -> Any:
        raise MessageNotHandledException(fact)

    monkeypatch.setattr(decider.engine._host, "assert_fact", unmatched)
    with pytest.raises(EngineError, match="no rule matched"):
        decider.decide(NOT_NOTIFIABLE)


def test_failure_while_weighing_missing_facts_gives_no_decision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If the engine fails on a possible world checked for missing facts, the incident gets no decision."""
    decider = Decider()
    _fail_on_call(decider, monkeypatch, 2, "assert_fact")  # the incident's own situation succeeds
    with pytest.raises(EngineError, match="simulated assert_fact fault"):
        decider.decide(UNKNOWNS)
    assert decider._verdicts == {}


def test_sessions_are_released_after_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,100 failed evaluations leave no session behind: the engine still answers afterwards."""
    decider = Decider()
    record = decider.engine._host._record

    def fail(action: str, closure: Any) -> None:
        raise RuntimeError("simulated action fault")

    monkeypatch.setattr(decider.engine._host, "_record", fail)
    facts = facts_of(
        situation_of(Incident.model_validate(NOT_NOTIFIABLE), decider.thresholds, england_today())
    )
    period = max(decider.engine._periods)
    for _ in range(1100):
        with pytest.raises(EngineError):
            decider.engine.evaluate(period, facts)
    monkeypatch.setattr(decider.engine._host, "_record", record)
    assert decider.decide(NOT_NOTIFIABLE).notify_panel == "not_required"


def test_a_failure_is_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a failed engine call, the same incident is asked again and decided once the engine works."""
    decider = Decider()
    _fail_on_call(decider, monkeypatch, 1, "assert_fact")
    with pytest.raises(EngineError):
        decider.decide(NOT_NOTIFIABLE)
    monkeypatch.undo()
    assert decider.decide(NOT_NOTIFIABLE).notify_panel == "not_required"


def test_decide_many_stops_at_the_failing_incident(monkeypatch: pytest.MonkeyPatch) -> None:
    """decide_many yields the decisions before a failure, then raises; the failing incident gets none."""
    decider = Decider()
    monkeypatch.setattr(_decide, "_default", decider)
    first, second = incident(), incident(case_reference="T-2")
    decider.decide(first)  # known situation: decided from the engine's remembered conclusions
    _fail_on_call(decider, monkeypatch, 1, "assert_fact")
    batch = [first, second, NOT_NOTIFIABLE, first]
    decisions = decide_many(batch)
    decided = [next(decisions), next(decisions)]
    with pytest.raises(EngineError):
        next(decisions)
    assert [decision.case_reference for decision in decided] == ["T-1", "T-2"]
    assert all(decision.notify_panel == "required" for decision in decided)


def test_cli_engine_failure_exits_1_without_a_decision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --jsonl, lines before an engine failure are printed, the failing one is not, and the exit status is 1."""
    decider = Decider()
    monkeypatch.setattr(_decide, "_default", decider)
    decider.decide(incident())
    _fail_on_call(decider, monkeypatch, 1, "assert_fact")
    path = tmp_path / "in.jsonl"
    lines = [incident(), NOT_NOTIFIABLE, incident(**{"event.location.local_authority": OTHER_AREA})]
    path.write_text("\n".join(json.dumps(line) for line in lines))
    status = main(["decide", "--jsonl", str(path)])
    captured = capsys.readouterr()
    assert status == 1
    assert [json.loads(line)["notify_panel"] for line in captured.out.splitlines()] == ["required"]
    assert "not_required" not in captured.out
    assert captured.err.startswith("safeguarding-notify: engine failure, no decision made")


def test_only_the_three_agreeing_pairs_of_readings_are_an_outcome() -> None:
    """A rule's outcome rests on two of its four engine rules (true and not false, false and not true, or neither): every other set fired is refused as no outcome or as a contradiction, never read as one."""
    outcome_of = {
        frozenset({"true", "not_false"}): "applies",
        frozenset({"false", "not_true"}): "does_not_apply",
        frozenset({"not_true", "not_false"}): "undetermined",
    }
    readings = ("true", "false", "not_true", "not_false")
    for size in range(len(readings) + 1):
        for fired in map(frozenset, itertools.combinations(readings, size)):
            entries = {f"r|{name}" for name in fired}
            if fired in outcome_of:
                assert _one_outcome_each(("r",), entries) == {"r": outcome_of[fired]}
                continue
            with pytest.raises(EngineError, match="gave no outcome" if size < 2 else "at once"):
                _one_outcome_each(("r",), entries)
