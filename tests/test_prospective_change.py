"""A change of the law commencing after today is written as rule data and can be decided, tested
and checked before it commences (found by a rule author's review: every incident dated after
today was refused, and the checks stopped at today)."""

from __future__ import annotations

import shutil
from datetime import date
from itertools import islice
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import CHECKOUT_RULES, incident
from exhaustive import mismatches, parts
from safeguarding_notify import Decider, decide
from safeguarding_notify._space import checking_horizon, period_span
from test_scenarios import check

# Far enough ahead to stay after today for the life of the project, within the calendar.
COMMENCES = date(2090, 4, 3)  # a Monday
PANEL_RULE = CHECKOUT_RULES / "children-act-2004" / "s16c-1a-event-in-area.v1.yaml"


@pytest.fixture(scope="module")
def three_days(tmp_path_factory: pytest.TempPathFactory) -> Decider:
    """The shipped rules with s16C(1)(a)'s five working days cut to three from `COMMENCES`, as a
    rule author writes it: the old version ended, a new version from that day."""
    rules = tmp_path_factory.mktemp("prospective") / "rules"
    shutil.copytree(CHECKOUT_RULES, rules)
    ended = rules / PANEL_RULE.relative_to(CHECKOUT_RULES)
    text = ended.read_text()
    assert "effective_to" not in text
    start = f"effective_from: {date(2018, 6, 29)}"
    ended.write_text(text.replace(start, f"{start}\neffective_to: {COMMENCES}"))
    new = ended.with_name("s16c-1a-event-in-area.v2.yaml")
    new.write_text(
        text.replace("version: 1", "version: 2")
        .replace(start, f"effective_from: {COMMENCES}")
        .replace("within_working_days: 5", "within_working_days: 3")
    )
    return Decider(rules)


def _panel_due(decider: Decider, aware: date) -> date | None:
    dated = {
        "event.date": str(aware),
        "became_aware_on": str(aware),
        "child.date_of_birth": "2080-01-01",
    }
    decision = decider.decide(incident(**dated), date(2090, 5, 1))
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    return panel.due_by


def test_a_change_commencing_later_is_decided_as_of_a_date_after_it(three_days: Decider) -> None:
    """Decided as of a date after the change, awareness the day before it keeps five working days
    and awareness on its first day takes three."""
    assert _panel_due(three_days, date(2090, 4, 2)) == date(2090, 4, 7)  # Sunday: Fri after 5
    assert _panel_due(three_days, COMMENCES) == date(2090, 4, 6)


def test_an_incident_dated_after_today_needs_a_date_to_decide_against_as_late() -> None:
    """An incident dated after today is refused without a date to decide against at least as late
    (it is in the future), and decided with one; dated after that date it is refused, saying so."""
    later = incident(
        **{
            "event.date": "2090-04-03",
            "became_aware_on": "2090-04-03",
            "child.date_of_birth": "2080-01-01",
        }
    )
    with pytest.raises(ValidationError, match="is in the future"):
        decide(later)
    assert decide(later, date(2090, 4, 10)).rules_date == COMMENCES
    with pytest.raises(ValidationError, match="is after the date to decide against"):
        decide(later, date(2090, 4, 1))


def test_the_checks_reach_a_change_commencing_later(three_days: Decider) -> None:
    """The checks run up to the change's first day: the decision table and the comparison with
    the oracle cover its period (they stopped at today), and the comparison (whose oracle still
    counts five days) finds the difference before the change commences, as it would for a change
    nobody had reviewed."""
    horizon = checking_horizon(three_days.book)
    assert horizon == COMMENCES
    last = len(three_days.book.boundaries)
    assert three_days.book.period_start(last) == COMMENCES
    # What the decision table and the comparison take a period to cover.
    assert period_span(three_days.book, last, horizon) == (COMMENCES, COMMENCES)
    cases = [case for part in parts(three_days, periods=[last]) for case in part.cases]
    assert cases
    (found,) = islice(mismatches(three_days, cases, COMMENCES), 1)
    engine, oracle = found.split(" != oracle ")
    assert "('panel', 'must', datetime.date(2090, 4, 6), None)" in engine
    assert "('panel', 'must', datetime.date(2090, 4, 10), None)" in oracle


def test_an_example_case_dated_after_today_is_checked_as_of_its_today() -> None:
    """An example case of the scenario tables dated after today is decided as of its `today:`,
    and refused as in the future without one."""
    later = {"event.date": "2090-04-03", "became_aware_on": "2090-04-03"}
    case: dict[str, Any] = {
        "set": {**later, "child.date_of_birth": "2080-01-01"},
        "expect": {
            "notify_panel": "required",
            "owed": ["panel:must:2090-04-10", "safeguarding_partners:should:2090-04-10"],
        },
    }
    check({**case, "today": date(2090, 4, 10)})
    with pytest.raises(ValidationError, match="is in the future"):
        check(case)
