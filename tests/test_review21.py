"""Review s21's findings, as regression tests (branch review21)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from safeguarding_notify import IncidentGroup, decide, decide_many, plan_notifications

EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
HERE = "E09000001"


def _unknown_abuse_before_commencement() -> dict:
    return {
        "notifying_authority": HERE,
        "child": {
            "date_of_birth": "2010-01-01",
            "looked_after": "no",
            "normally_resident": {"country": "england", "local_authority": HERE},
        },
        "event": {
            "kind": "death",
            "date": "2018-06-25",
            "location": {"country": "england", "local_authority": HERE},
        },
        "abuse_or_neglect": "unknown",
        "became_aware_on": "2018-06-26",
        "notified_on": {"panel": "2018-07-03", "safeguarding_partners": "2018-07-03"},
    }


def test_a_notification_a_later_suspicion_may_owe_is_not_called_owed_to_no_one() -> None:
    """Abuse or neglect not recorded, the awareness before 29 June 2018: it may have come to be
    suspected on 2 July 2018, and then the Panel and the partners are owed (s16C)."""
    incident = _unknown_abuse_before_commencement()
    world = decide(
        {
            **incident,
            "abuse_or_neglect": "suspected",
            "abuse_or_neglect_suspected_on": "2018-07-02",
        },
        date(2018, 7, 10),
    )
    assert {item.recipient for item in world.obligations} >= {"panel", "safeguarding_partners"}
    decision = decide(incident, date(2018, 7, 10))
    assert not [note for note in decision.notes if "it is not counted" in note]


def test_the_note_still_says_so_where_no_later_rules_can_owe() -> None:
    """Within one period (no change of the rules after the awareness), Ofsted is owed nothing
    for a child not looked after, abuse recorded or not."""
    incident = {
        **_unknown_abuse_before_commencement(),
        "event": {
            "kind": "serious_harm",
            "date": "2024-03-01",
            "location": {"country": "england", "local_authority": HERE},
        },
        "became_aware_on": "2024-03-04",
        "notified_on": {"ofsted": "2024-03-05"},
    }
    notes = decide(incident, date(2024, 3, 20)).notes
    assert any(note.startswith("A notification to Ofsted ") for note in notes)


def _future_incident() -> dict:
    incident = json.loads((EXAMPLES / "incident.json").read_text())
    incident["event"]["date"] = "2100-02-22"
    incident["became_aware_on"] = "2100-02-24"
    return incident


@pytest.mark.parametrize("today", ["2100-03-03", datetime(2100, 3, 3, 12)])
def test_a_today_that_is_no_date_is_a_type_error_before_the_incident_is_read(today: object) -> None:
    """README: a today (or submitted_on) that is not a datetime.date raises TypeError naming it;
    an incident dated after the real today was refused instead, as "in the future"."""
    incident = _future_incident()
    with pytest.raises(TypeError, match="today"):
        decide(incident, today)  # type: ignore[arg-type]
    group = {"notifying_authority": incident["notifying_authority"], "incidents": [incident]}
    with pytest.raises(TypeError, match="today"):
        plan_notifications(group, today=today)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="submitted_on"):
        plan_notifications(group, submitted_on=today, today=date(2100, 3, 3))  # type: ignore[arg-type]


def test_decide_many_refuses_what_iterates_over_anything_but_incidents() -> None:
    incident = json.loads((EXAMPLES / "incident.json").read_text())
    group = IncidentGroup.model_validate_json((EXAMPLES / "group.json").read_text())
    for given in (group, json.dumps(incident), json.dumps(incident).encode(), incident.keys()):
        with pytest.raises(TypeError, match="expects an iterable of incidents"):
            decide_many(given)  # type: ignore[arg-type]
    assert len(list(decide_many({"a": incident}.values()))) == 1
