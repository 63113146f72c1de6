"""The whole fact space, every point and every period, decided by the engine and by the oracle."""

from __future__ import annotations

from collections import Counter
from itertools import islice

import pytest
from hypothesis import given, settings

import oracle
from conftest import incident
from exhaustive import Case, cases, differences, mismatches, size
from safeguarding_notify import Incident, decide
from safeguarding_notify._decide import default_decider
from safeguarding_notify.incident import england_today
from safeguarding_notify.strategies import incidents

TODAY = england_today()
DECIDER = default_decider()
CASES = cases(DECIDER, TODAY)
SIZE = size(DECIDER)
PER_PERIOD = Counter(case.period for case in CASES)
POINTS = Counter(period for period, _ in {(case.period, case.point) for case in CASES})


def _label(period: int) -> str:
    return (
        f"period {period}: {POINTS[period]} possible of {SIZE} points, "
        f"{PER_PERIOD[period]} incidents"
    )


@pytest.mark.parametrize("period", sorted(PER_PERIOD), ids=_label)
def test_engine_agrees_with_the_oracle_on_every_point(period: int) -> None:
    """For every possible point of the space in this period, decide gives the oracle's answer."""
    chosen: list[Case] = [case for case in CASES if case.period == period]
    found = list(islice(mismatches(DECIDER, chosen, TODAY), 10))
    print(f"{_label(period)} compared with the oracle")
    assert found == [], "\n".join(found)


def test_the_space_is_not_empty_where_rules_decide() -> None:
    """At least one period with rules in force is checked, and it has thousands of points."""
    decided = [case for case in CASES if case.expected is not None]
    assert len(decided) >= 1000


def test_both_dates_unknown_asks_for_both() -> None:
    """With neither the date of birth nor the event date recorded, the age needs both, so both are asked."""
    decision = decide(incident(**{"child.date_of_birth": None, "event.date": None}))
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts == ["child.date_of_birth", "event.date"]


@settings(max_examples=300, deadline=None)
@given(incidents())
def test_engine_agrees_with_the_oracle_on_arbitrary_incidents(incident: Incident) -> None:
    """Beyond one incident per point: any valid incident (unknown awareness, any dates) gets the oracle's answer."""
    today = england_today()
    assert differences(decide(incident, today), oracle.answer(incident, today)) == []
