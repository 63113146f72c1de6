"""Why not, and what if: the smallest changes of the recorded facts that would require the Panel."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from conftest import OTHER_AREA, OUR_AREA, THIRD_AREA, incident
from safeguarding_notify import FactChange, decide

ABROAD_RESIDENT_ELSEWHERE = {
    "event.location": {"country": "outside_uk"},
    "child.normally_resident": {"country": "england", "local_authority": OTHER_AREA},
}
ELSEWHERE_IN_ENGLAND = {"event.location": {"country": "england", "local_authority": OTHER_AREA}}


def answers(**overrides: Any) -> list[str]:
    return [item.explanation for item in decide(incident(**overrides)).what_if]


def test_abuse_not_suspected_is_one_change_from_the_threshold() -> None:
    """A death here without suspected abuse would be required if abuse were suspected, or if we looked after the child."""
    assert answers(abuse_or_neglect="not_suspected") == [
        "The Panel notification would be required if abuse or neglect were known or suspected "
        "(s16c-1a-event-in-area).",
        "The Panel notification would be required if the child were looked after by this "
        "authority (looked-after-child-death-panel-service).",
    ]


def test_another_areas_event_would_be_ours_if_it_happened_here_or_abroad() -> None:
    """An event in another English area would be ours if it happened here, or abroad (the child lives here)."""
    found = answers(**ELSEWHERE_IN_ENGLAND)
    assert found[:2] == [
        "The Panel notification would be required if the event had happened in this "
        "authority's area (s16c-1a-event-in-area).",
        "The Panel notification would be required if the event had happened outside England "
        "(s16c-1b-outside-england).",
    ]


def test_a_death_abroad_would_be_ours_if_the_child_lived_here() -> None:
    """A death abroad of a child living elsewhere in England would be required if the child lived in this area."""
    found = answers(**ABROAD_RESIDENT_ELSEWHERE)
    assert (
        "The Panel notification would be required if the child were normally resident in this "
        "area (s16c-1b-outside-england)." in found
    )
    assert found[0].startswith(
        "The Panel notification would be required if the event had happened in this authority's area"
    )


def test_an_adult_would_be_notifiable_only_as_a_child() -> None:
    """A person 18 or over on the event date would be notifiable if they had been under 18."""
    assert answers(**{"child.date_of_birth": "2000-01-01"}) == [
        "The Panel notification would be required if the child were under 18 on the event date "
        "(s16c-1a-event-in-area)."
    ]


def test_pairs_are_given_only_when_no_single_change_suffices() -> None:
    """An event that is neither death nor serious harm, abuse not suspected, needs two changes; pairs are listed."""
    decision = decide(incident(**{"event.kind": "other"}, abuse_or_neglect="not_suspected"))
    assert decision.what_if
    assert all(len(item.changes) == 2 for item in decision.what_if)
    assert decision.what_if[0].changes == (
        FactChange(
            path="abuse_or_neglect",
            value="known_or_suspected",
            words="if abuse or neglect were known or suspected",
        ),
        FactChange(path="event.kind", value="death", words="if the child had died"),
    )
    assert decision.what_if[0].explanation == (
        "The Panel notification would be required if abuse or neglect were known or suspected "
        "and the child had died (s16c-1a-event-in-area)."
    )


def test_an_undetermined_decision_shows_what_would_settle_it_as_required() -> None:
    """With abuse unknown, the what-if names suspected abuse as the change that would require the Panel."""
    decision = decide(incident(abuse_or_neglect="unknown"))
    assert decision.notify_panel == "undetermined"
    assert decision.what_if[0].changes[0].path == "abuse_or_neglect"


def test_a_required_decision_has_no_what_if() -> None:
    """When the Panel notification is already required there is nothing to list."""
    assert decide(incident()).what_if == []


# -- every answer really does what it says: applied to the incident, it makes the Panel required ---

_OVERRIDES: dict[tuple[str, str], dict[str, Any]] = {
    ("abuse_or_neglect", "known_or_suspected"): {"abuse_or_neglect": "suspected"},
    ("abuse_or_neglect", "not_suspected"): {"abuse_or_neglect": "not_suspected"},
    ("event.kind", "death"): {"event.kind": "death"},
    ("event.kind", "serious_harm"): {"event.kind": "serious_harm"},
    ("event.kind", "other"): {"event.kind": "other"},
    ("event.location", "this_area"): {
        "event.location": {"country": "england", "local_authority": OUR_AREA}
    },
    ("event.location", "other_english_area"): {
        "event.location": {"country": "england", "local_authority": THIRD_AREA}
    },
    ("event.location", "outside_england"): {"event.location": {"country": "wales"}},
    ("child.normally_resident", "this_area"): {
        "child.normally_resident": {"country": "england", "local_authority": OUR_AREA}
    },
    ("child.normally_resident", "other_english_area"): {
        "child.normally_resident": {"country": "england", "local_authority": THIRD_AREA}
    },
    ("child.normally_resident", "outside_england"): {
        "child.normally_resident": {"country": "scotland"}
    },
    ("child.looked_after", "by_this_authority"): {
        "child.looked_after": "yes",
        "child.looked_after_by": OUR_AREA,
    },
    ("child.looked_after", "by_another_authority"): {
        "child.looked_after": "yes",
        "child.looked_after_by": THIRD_AREA,
    },
    ("child.looked_after", "no"): {"child.looked_after": "no", "child.looked_after_by": "<absent>"},
    ("child.date_of_birth", "the child were under 18 on the event date"): {
        "child.date_of_birth": "2015-03-01"
    },
}

BASES: list[dict[str, Any]] = [
    {"abuse_or_neglect": "not_suspected"},
    {"abuse_or_neglect": "unknown"},
    {"event.kind": "other", "abuse_or_neglect": "not_suspected"},
    {"event.kind": "serious_harm", **ELSEWHERE_IN_ENGLAND},
    ABROAD_RESIDENT_ELSEWHERE,
    {"child.date_of_birth": "2000-01-01"},
    {"child.date_of_birth": "2000-01-01", "abuse_or_neglect": "not_suspected"},
    {"event.kind": None, "child.looked_after": "unknown", "abuse_or_neglect": "not_suspected"},
    {"event.location": {"country": "scotland"}, "child.normally_resident": None},
]


@pytest.mark.parametrize("base", BASES, ids=[str(sorted(base)) for base in BASES])
def test_every_what_if_applied_to_the_incident_makes_the_panel_required(
    base: dict[str, Any],
) -> None:
    """Applying the changes of any what-if to the incident and deciding again gives "required"."""
    decision = decide(incident(**base))
    assert decision.notify_panel != "required"
    assert decision.what_if, "a case below the threshold should have a way over it"
    for item in decision.what_if:
        changed = dict(base)
        for change in item.changes:
            changed.update(_OVERRIDES[(change.path, change.value)])
        assert decide(incident(**changed)).notify_panel == "required", item.explanation


PAIR_BASES = [BASES[2], BASES[6]]


@pytest.mark.parametrize(
    "base", PAIR_BASES, ids=["not serious, not suspected", "adult, not suspected"]
)
def test_pairs_appear_only_when_no_single_change_works(base: dict[str, Any]) -> None:
    """When pairs are listed, no single change of one fact makes the Panel required."""
    decision = decide(incident(**base))
    assert decision.what_if
    assert all(len(item.changes) == 2 for item in decision.what_if)
    for (path, _value), override in _OVERRIDES.items():
        try:
            outcome = decide(incident(**{**base, **override})).notify_panel
        except ValueError:
            continue  # an impossible combination (an adult looked after) is no change
        assert outcome != "required", path


def test_no_event_date_is_offered_that_could_not_fall_under_the_rules_asked() -> None:
    """Aware on 28 June 2018 of a death on 20 June, abuse suspected: nothing could make the Panel
    required then (s16C was not in force), and an event on or after 29 June, which the search
    offered citing s16c-not-yet-in-force, cannot precede an awareness before it."""
    before_s16c = {
        "event.date": "2018-06-20",
        "became_aware_on": "2018-06-28",
        "child.date_of_birth": "2010-01-01",
    }
    decision = decide(incident(**before_s16c))
    assert decision.notify_panel == "not_required"
    assert decision.what_if == []


def _clear_every_list(value: Any) -> None:
    """Empty every list reachable from a decision's fields, as a careless caller might."""
    if isinstance(value, list):
        for item in value:
            _clear_every_list(item)
        value.clear()
    elif isinstance(value, tuple):
        for item in value:
            _clear_every_list(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _clear_every_list(getattr(value, name))


def test_changing_a_returned_decision_changes_no_later_decision() -> None:
    """A caller emptying every list in one decision leaves the next decision, for another case, whole."""
    first = incident(abuse_or_neglect="not_suspected", case_reference="C-1")
    second = incident(abuse_or_neglect="not_suspected", case_reference="C-2")
    before = decide(second).model_dump()
    assert before["what_if"], "the case must have what-if answers, which are remembered"
    _clear_every_list(decide(first))
    assert decide(second).model_dump() == before
