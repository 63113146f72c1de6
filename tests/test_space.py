"""The abstract fact space: every point enumerated, and each possible one built into an incident."""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import given, settings

from safeguarding_notify._decide import default_decider
from safeguarding_notify._facts import Situation, situation_of
from safeguarding_notify._space import (
    AXIS_INPUTS,
    QUANTITY_AXES,
    IncidentBuilder,
    axis_values,
    categorical_axes,
    period_span,
    points,
    space_size,
)
from safeguarding_notify.incident import Incident, england_today
from safeguarding_notify.strategies import incidents

DECIDER = default_decider()
TODAY = england_today()
BUILDER = IncidentBuilder(DECIDER.book, DECIDER.thresholds, TODAY)
EVERY_POINT = frozenset(points(DECIDER.thresholds))


def test_every_axis_value_has_an_input_that_produces_it() -> None:
    """Each value of each categorical axis (unknown and partial ones too) says which input gives it."""
    axes = categorical_axes()
    assert set(AXIS_INPUTS) == set(axes), "add the new axis to _space.AXIS_INPUTS"
    for axis, values in axes.items():
        assert set(AXIS_INPUTS[axis]) == set(values), f"_space.AXIS_INPUTS[{axis!r}]"
    assert "england_area_unknown" in axes["event_place"]


def test_every_axis_is_either_categorical_or_a_quantity() -> None:
    """No axis of Situation is left out of the enumeration."""
    names = {field.name for field in fields(Situation)}
    assert names == set(categorical_axes()) | set(QUANTITY_AXES)


def test_the_space_is_the_product_of_the_axes_and_has_no_repeats() -> None:
    """`points` yields each combination of axis values exactly once."""
    every = list(points(DECIDER.thresholds))
    print(f"the fact space has {len(every)} points")
    assert len(every) == len(set(every)) == space_size(DECIDER.thresholds)
    assert axis_values("age", DECIDER.thresholds) == ((17, 17), (17, 18), (18, 18))


@pytest.mark.parametrize("period", BUILDER.periods)
def test_each_built_incident_maps_back_to_its_point(period: int) -> None:
    """For every point built in a period, situation_of(built incident) is that very point."""
    built = list(BUILDER.possible(period))
    assert built
    for point, incident in built:
        assert situation_of(incident, DECIDER.thresholds, TODAY) == point
        assert DECIDER.book.period_of(incident.became_aware_on) == period  # type: ignore[arg-type]


def _why_impossible(point: Situation, period: int) -> str | None:
    """The reason no incident can have this situation in this period, if there is one."""
    regions = DECIDER.thresholds.region
    span = period_span(DECIDER.book, period, TODAY)
    assert span is not None
    first, last = (regions("event_date", day.toordinal()) for day in span)
    low, high = point.event_date
    looked_after = point.looked_after in ("by_this_authority", "by_another_authority")
    if looked_after and point.age[1] > regions("age_on_event_date", 17):
        return "a looked-after child is under 18"
    if point.age[0] >= regions("age_on_event_date", 18) and low != high:
        return "an age known to be 18 or over needs a known event date"
    if point.age[0] != regions("age_on_event_date", 0) and point.age[0] != point.age[1]:
        return "an age known only as a range starts at birth (0)"
    if high > last:
        return "the event happened on or before awareness, which lies in the period"
    if low != high and high < first:
        return "an unknown event date runs up to awareness, which lies in the period"
    return None


@pytest.mark.parametrize("period", BUILDER.periods)
def test_every_point_not_built_is_impossible_for_a_stated_reason(period: int) -> None:
    """The builder misses no point an incident could have: each one left out has a reason."""
    built = {point for point, _ in BUILDER.possible(period)}
    for point in points(DECIDER.thresholds):
        reason = _why_impossible(point, period)
        assert (point in built) == (reason is None), f"{point}: {reason}"


@settings(max_examples=200, deadline=None)
@given(incidents())
def test_every_incident_falls_on_a_point_the_builder_reaches(incident: Incident) -> None:
    """No valid incident has a situation outside the enumerated, built space."""
    point = situation_of(incident, DECIDER.thresholds, TODAY)
    assert point in EVERY_POINT
    period = DECIDER.book.period_of(incident.became_aware_on or incident.event.date or TODAY)
    assert BUILDER.build(point, period) is not None
