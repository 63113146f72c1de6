"""An age known only roughly (`child.age_on_event_date`), recorded where the date of birth is not
known: it settles "a child" (under 18, Children Act 2004 s65(1)) when it can, and nothing is
guessed when it cannot (review s25, B5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import OUR_AREA, incident
from safeguarding_notify import decide
from safeguarding_notify._explain import QUESTIONS
from what_if_realised import realised

TODAY = date(2026, 11, 28)

# The reproducer of review s25, B5: an unidentified baby found dead here, the death unexplained,
# abuse suspected, the date of birth unknown.
UNIDENTIFIED_INFANT: dict[str, Any] = {
    "notifying_authority": OUR_AREA,
    "child": {
        "date_of_birth": None,
        "normally_resident": None,
        "looked_after": "no",
        "care_leaver": "no",
    },
    "event": {
        "kind": "death",
        "date": "2026-11-18",
        "location": {"country": "england", "local_authority": OUR_AREA},
        "manner_of_death": "unexplained",
    },
    "abuse_or_neglect": "suspected",
    "became_aware_on": "2026-11-20",
}


def _aged(document: dict[str, Any], at_least: int, at_most: int, **child: Any) -> dict[str, Any]:
    """The document with the child's age on the event date recorded as a range."""
    ages = {"at_least": at_least, "at_most": at_most}
    return {**document, "child": {**document["child"], "age_on_event_date": ages, **child}}


@pytest.mark.parametrize("event_date", ["2026-11-18", None], ids=["dated", "undated"])
@pytest.mark.parametrize(("at_least", "at_most"), [(0, 0), (0, 1), (0, 17)])
def test_an_unidentified_infant_with_an_age_range_under_18_must_be_notified(
    at_least: int, at_most: int, event_date: str | None
) -> None:
    """An unidentified baby's unexplained death here, abuse suspected, aged 0 (or 0 to 1, or
    under 18) on the event date: the Panel is required, with no date of birth asked and no
    what-if (it stayed undetermined, asking a date of birth that may never be known)."""
    document = _aged(UNIDENTIFIED_INFANT, at_least, at_most)
    document["event"] = {**document["event"], "date": event_date}
    decision = decide(document, TODAY)
    assert decision.notify_panel == "required"
    assert [item.recipient for item in decision.obligations][:1] == ["panel"]
    assert "child.date_of_birth" not in decision.missing_facts
    assert "event.date" not in decision.missing_facts
    assert decision.what_if == []


@pytest.mark.parametrize("event_date", ["2026-11-18", None], ids=["dated", "undated"])
def test_a_range_across_18_is_undetermined_and_asks_only_the_date_of_birth(
    event_date: str | None,
) -> None:
    """Aged 14 to 20 on the event date: whether a child died is open, so the answer is
    undetermined and the date of birth is asked; the event date is not asked for the age (a
    range is the age on the event date, whatever that date), as with no range recorded, which is
    never assumed."""
    unrecorded = decide(UNIDENTIFIED_INFANT, TODAY)
    assert unrecorded.notify_panel == "undetermined"
    assert unrecorded.missing_facts[0] == "child.date_of_birth"
    document = _aged(UNIDENTIFIED_INFANT, 14, 20)
    document["event"] = {**document["event"], "date": event_date}
    decision = decide(document, TODAY)
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts[0] == "child.date_of_birth"
    assert "event.date" not in decision.missing_facts


def test_the_date_of_birth_question_says_a_range_can_be_recorded() -> None:
    """The question asked for the age names the age range, for when the date of birth cannot be
    known (it asked for a date only, which invited one to be invented)."""
    assert "child.age_on_event_date" in QUESTIONS["child.date_of_birth"]


def test_a_range_from_18_rules_out_making_the_person_looked_after() -> None:
    """Aged 18 to 20, not looked after: no what-if makes them looked after (a looked-after
    person is under 18, which the range rules out); aged 17 to 20, it may, and each what-if
    offered, made to the incident, decides "required"."""
    adult = decide(_aged(UNIDENTIFIED_INFANT, 18, 20), TODAY)
    assert adult.notify_panel == "not_required"
    paths = {change.path for item in adult.what_if for change in item.changes}
    assert "child.looked_after" not in paths
    assert adult.what_if  # the age itself, a change of the recorded finding, is still offered
    maybe = _aged(UNIDENTIFIED_INFANT, 17, 20)
    decision = decide(maybe, TODAY)
    assert decision.notify_panel == "undetermined"
    offered = [change.path for item in decision.what_if for change in item.changes]
    assert "child.looked_after" in offered
    for item in [*adult.what_if, *decision.what_if]:
        base = maybe if item in decision.what_if else _aged(UNIDENTIFIED_INFANT, 18, 20)
        for changed in realised(base, item.changes):
            assert decide(changed, TODAY).notify_panel == "required", item.explanation


def test_a_range_is_part_of_the_input_digest_and_none_leaves_it_as_it_was() -> None:
    """Two incidents differing only in the range recorded have different digests (a decision is
    replayed from its input), and an incident without one keeps the digest it had before the
    field existed (null is left out of the canonical form)."""
    plain = decide(incident(), TODAY).input_digest
    written_null = incident(**{"child.age_on_event_date": None})
    assert decide(written_null, TODAY).input_digest == plain
    undated = {"child.date_of_birth": None}
    first = decide(incident(**undated, **{"child.age_on_event_date": _years(0, 1)}), TODAY)
    second = decide(incident(**undated, **{"child.age_on_event_date": _years(0, 2)}), TODAY)
    assert first.input_digest != second.input_digest


def _years(at_least: int, at_most: int) -> dict[str, int]:
    return {"at_least": at_least, "at_most": at_most}
