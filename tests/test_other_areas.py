"""Safeguarding partners in other areas: told when the child lives in, or is looked after by, another area."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import OTHER_AREA, OUR_AREA, THIRD_AREA, incident
from safeguarding_notify import decide

LIVES_ELSEWHERE = {"child.normally_resident": {"country": "england", "local_authority": OTHER_AREA}}
LOOKED_AFTER_ELSEWHERE = {"child.looked_after": "yes", "child.looked_after_by": THIRD_AREA}


def partners(**overrides: Any) -> list[tuple[str | None, str, str]]:
    decision = decide(incident(**overrides))
    return [
        (item.area, item.strength, item.rule)
        for item in decision.obligations
        if item.recipient == "safeguarding_partners"
    ]


def test_the_partners_where_the_child_lives_are_told() -> None:
    """A child harmed here who lives in another English area: that area's partners should be told too."""
    assert partners(**LIVES_ELSEWHERE) == [
        (OUR_AREA, "should", "safeguarding-partners-in-area"),
        (OTHER_AREA, "should", "safeguarding-partners-residence-area"),
    ]


def test_the_partners_of_the_looking_after_authority_are_told() -> None:
    """A child looked after by another authority: that authority's partners should be told too."""
    assert partners(**LOOKED_AFTER_ELSEWHERE) == [
        (OUR_AREA, "should", "safeguarding-partners-in-area"),
        (THIRD_AREA, "should", "safeguarding-partners-looked-after-area"),
    ]


def test_residence_and_looked_after_areas_both_get_told() -> None:
    """A child living in one other area and looked after by a third: both areas' partners are told."""
    areas = [area for area, *_ in partners(**LIVES_ELSEWHERE, **LOOKED_AFTER_ELSEWHERE)]
    assert areas[0] == OUR_AREA
    assert sorted(areas[1:]) == sorted([OTHER_AREA, THIRD_AREA])


def test_one_report_when_the_child_lives_with_the_looking_after_authority() -> None:
    """Living in and looked after by the same other area gives one report to that area's partners, not two."""
    areas = [
        area
        for area, *_ in partners(
            **LIVES_ELSEWHERE,
            **{"child.looked_after": "yes", "child.looked_after_by": OTHER_AREA},
        )
    ]
    assert areas == [OUR_AREA, OTHER_AREA]


def test_other_area_partners_share_the_five_day_deadline() -> None:
    """The report to another area's partners is due on the same day as the Panel notification."""
    decision = decide(incident(**LIVES_ELSEWHERE))
    assert {item.due_by for item in decision.obligations} == {decision.obligations[0].due_by}


@pytest.mark.parametrize(
    "overrides",
    [
        {"abuse_or_neglect": "not_suspected"},
        {"event.location": {"country": "england", "local_authority": THIRD_AREA}},
    ],
    ids=["no s16C notification", "the event was another area's"],
)
def test_no_other_area_report_without_our_s16c_notification(overrides: dict[str, Any]) -> None:
    """Without a s16C notification by this authority, no other area's partners are owed a report."""
    assert partners(**LIVES_ELSEWHERE, **overrides) == []


def test_no_other_area_report_for_a_looked_after_death_without_abuse() -> None:
    """A looked-after child's death without abuse, living elsewhere, is notified but brings no partners' report."""
    overrides = {
        **LIVES_ELSEWHERE,
        "abuse_or_neglect": "not_suspected",
        "child.looked_after": "yes",
        "child.looked_after_by": OUR_AREA,
    }
    decision = decide(incident(**overrides))
    assert decision.notify_panel == "required"
    assert partners(**overrides) == []


def test_an_unknown_area_in_england_asks_where_the_child_lives() -> None:
    """Residence in England, area unknown: the Panel is still notified, and the residence question is asked."""
    overrides = {"child.normally_resident": {"country": "england", "local_authority": None}}
    decision = decide(incident(**overrides))
    assert decision.notify_panel == "required"
    assert partners(**overrides) == [(OUR_AREA, "should", "safeguarding-partners-in-area")]
    assert decision.missing_facts == ["child.normally_resident"]


def test_a_child_living_outside_england_brings_no_other_area_report() -> None:
    """A child who lives in Wales has no English safeguarding partners to tell besides this area's."""
    assert partners(**{"child.normally_resident": {"country": "wales"}}) == [
        (OUR_AREA, "should", "safeguarding-partners-in-area")
    ]


def test_a_child_looked_after_outside_england_recorded_as_no_is_told_truly() -> None:
    """A child looked after by a Welsh council is recorded as not looked after (docs/limits.md):
    the reason for the looking-after authority's partners then says the child is not looked after
    by another *English* authority, which is true, not "by another authority" (review s22, F10)."""
    decision = decide(incident())
    (reason,) = [
        item for item in decision.reasons if item.rule == "safeguarding-partners-looked-after-area"
    ]
    assert (reason.outcome, reason.explanation.split(" It turned on: ")[1]) == (
        "does_not_apply",
        "the child is not looked after by another English authority.",
    )
