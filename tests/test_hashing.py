"""Every public model is frozen and hashes by value: equal models hash equal, so incidents,
groups and decisions serve as set members and cache keys."""

from __future__ import annotations

import functools
from datetime import date

from hypothesis import given, settings

from conftest import incident
from safeguarding_notify import Decision, Incident, IncidentGroup, decide, plan_notifications
from safeguarding_notify.strategies import incident_groups, incidents

TODAY = date(2026, 11, 27)


@settings(max_examples=100, deadline=None)
@given(incidents(today=TODAY))
def test_an_incident_read_back_from_its_json_hashes_as_the_original(original: Incident) -> None:
    """An incident and its copy read back from JSON are equal, hash equal, and are one set member,
    and so are the decisions on them."""
    copy = Incident.model_validate_json(original.model_dump_json())
    assert copy == original
    assert hash(copy) == hash(original)
    assert len({original, copy}) == 1
    decisions = [decide(item, today=TODAY) for item in (original, copy)]
    assert hash(decisions[0]) == hash(decisions[1])
    assert len(set(decisions)) == 1


@settings(max_examples=25, deadline=None)
@given(incident_groups(today=TODAY))
def test_a_group_and_its_plan_hash_as_their_copies(original: IncidentGroup) -> None:
    """A group of incidents (a list of models) and its plan hash like their copies read from JSON."""
    copy = IncidentGroup.model_validate_json(original.model_dump_json())
    assert hash(copy) == hash(original)
    plans = [plan_notifications(item, today=TODAY) for item in (original, copy)]
    assert hash(plans[0]) == hash(plans[1])
    assert len({original, copy}) == 1
    assert len(set(plans)) == 1


def test_incidents_differing_only_in_notifications_made_are_two_set_members() -> None:
    """Two incidents differing only in what `notified_on` records stay apart in a set, and a cache
    keyed by incident answers each with its own decision."""
    raw = incident()
    made = incident(notified_on={"panel": raw["became_aware_on"]})
    first, second = Incident.model_validate(raw), Incident.model_validate(made)
    assert len({first, second, Incident.model_validate(raw)}) == 2

    @functools.lru_cache(maxsize=8)
    def cached(item: Incident) -> Decision:
        return decide(item, today=TODAY)

    def panel_status(decision: Decision) -> str:
        return next(item.status for item in decision.obligations if item.recipient == "panel")

    assert panel_status(cached(first)) != "done"
    assert panel_status(cached(second)) == "done"
    assert cached(Incident.model_validate(raw)) is cached(first)
