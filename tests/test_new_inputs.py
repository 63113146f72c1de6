"""The optional inputs added for the 2015 regime, care leavers and advice: defaults and questions."""

from __future__ import annotations

from conftest import incident
from safeguarding_notify import Incident, decide
from safeguarding_notify._explain import QUESTIONS
from safeguarding_notify._facts import (
    _KNOWN_VALUES,
    AXES,
    AXIS_FACTS,
    AXIS_PATHS,
    BOOLEAN_FACTS,
    QUANTITY_FACTS,
)

OPTIONAL = {
    "event.regulated_setting": "unknown",
    "event.manner_of_death": "unknown",
    "child.care_leaver": "unknown",
    "child.known_to_childrens_social_care": "unknown",
    "child.unborn": False,
}


def test_every_axis_can_be_asked_about() -> None:
    """Each situation axis settles named facts, has its known values, an input path and a question."""
    assert set(AXIS_FACTS) == set(AXES)
    settled = {fact for facts in AXIS_FACTS.values() for fact in facts}
    assert settled == set(BOOLEAN_FACTS) | set(QUANTITY_FACTS)
    for axis in AXES:
        if axis in ("age", "event_date"):
            continue  # bounds cut at thresholds, not a list of values
        assert axis in _KNOWN_VALUES
    for axis in AXES:
        assert AXIS_PATHS[axis] in QUESTIONS


def test_inputs_without_the_new_fields_stay_valid_and_mean_unknown() -> None:
    """An incident written before the optional fields existed validates, and reads them as unknown (never as a guess)."""
    old = Incident.model_validate(incident())
    explicit = Incident.model_validate(incident(**OPTIONAL))
    assert old == explicit


def test_an_unknown_care_leaver_status_is_asked_not_assumed() -> None:
    """A 20-year-old's death with care-leaver status unrecorded asks the question instead of reading it as 'no'."""
    decision = decide(incident(**{"child.date_of_birth": "2006-01-01"}))
    assert decision.missing_facts == ["child.care_leaver"]
    assert [r.outcome for r in decision.reasons if r.rule == "care-leaver-death"] == [
        "undetermined"
    ]
