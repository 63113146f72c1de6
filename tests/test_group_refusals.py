"""An incident group that is not one event of one authority, or is malformed, is refused by name."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from conftest import OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import IncidentGroup, plan_notifications
from safeguarding_notify._validation import one_line
from safeguarding_notify.group import MAX_CHILDREN


def group(*children: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"notifying_authority": OUR_AREA, "incidents": list(children), **fields}


def with_family(key: Any) -> dict[str, Any]:
    document = incident()
    document["child"]["sibling_group"] = key
    return document


REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("no incidents", group(), "incidents", "at least 1 item"),
    (
        "too many incidents",
        group(*[incident(case_reference=f"C-{n}") for n in range(MAX_CHILDREN + 1)]),
        "incidents",
        f"at most {MAX_CHILDREN} items",
    ),
    (
        "another authority's incident",
        group(incident(), incident(case_reference="T-2", notifying_authority=OTHER_AREA)),
        "group",
        "incidents[1].notifying_authority differs",
    ),
    (
        "incidents on different dates",
        group(incident(), incident(case_reference="T-2", **{"event.date": "2026-11-17"})),
        "group",
        "incidents[1].event.date differs from incidents[0].event.date",
    ),
    (
        "incidents in different places",
        group(
            incident(), incident(case_reference="T-2", **{"event.location": {"country": "wales"}})
        ),
        "group",
        "incidents[1].event.location differs",
    ),
    (
        "a main child outside an exploitation operation",
        group(incident(), main_child=0),
        "group",
        "main_child is only allowed when",
    ),
    (
        "a main child past the end of the list",
        group(incident(), large_scale_child_sexual_exploitation_operation=True, main_child=1),
        "group",
        "main_child is not the position",
    ),
    (
        "an operation flag given as text (not coerced to true)",
        group(incident(), large_scale_child_sexual_exploitation_operation="yes"),
        "large_scale_child_sexual_exploitation_operation",
        "valid boolean",
    ),
    (
        "a main child given as true (not coerced to 1)",
        group(incident(), large_scale_child_sexual_exploitation_operation=True, main_child=True),
        "main_child",
        "valid integer",
    ),
    (
        "a negative main child",
        group(incident(), main_child=-1),
        "main_child",
        "greater than or equal to 0",
    ),
    (
        # Named by their positions, not by the reference (review s27, C3).
        "two incidents with one case reference",
        group(incident(case_reference="T-0"), incident(), incident(), incident()),
        "group",
        "incidents[1] and incidents[2] share a case_reference",
    ),
    ("an unknown field", group(incident(), family_name="x"), "family_name", "Extra inputs"),
    (
        "a sibling group with a space",
        group(with_family("Smith family")),
        "incidents[0].child.sibling_group",
        "should match pattern",
    ),
    (
        "a sibling group too long",
        group(with_family("f" * 33)),
        "incidents[0].child.sibling_group",
        "at most 32 characters",
    ),
    (
        "a sibling group that is a number",
        group(with_family(7)),
        "incidents[0].child.sibling_group",
        "valid string",
    ),
    (
        "an invalid incident",
        group(incident(abuse_or_neglect="maybe")),
        "incidents[0].abuse_or_neglect",
        "Input should be",
    ),
]


@pytest.mark.parametrize(
    ("document", "path", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_invalid_groups_are_refused(document: dict[str, Any], path: str, message: str) -> None:
    """Each invalid group is refused with the field and the rule broken, and nothing is planned."""
    with pytest.raises(ValidationError) as caught:
        plan_notifications(document)
    line = one_line(caught.value, whole="group")
    assert line.startswith(f"{path}: ")
    assert message in line


def test_an_exploitation_operation_may_span_dates_and_places() -> None:
    """The children of an exploitation operation may have been harmed on different dates and in different places."""
    found = IncidentGroup.model_validate(
        group(
            incident(),
            incident(
                case_reference="T-2",
                **{"event.date": "2026-10-01", "event.location": {"country": "wales"}},
            ),
            large_scale_child_sexual_exploitation_operation=True,
        )
    )
    assert len(found.incidents) == 2


def test_unknown_event_details_do_not_conflict() -> None:
    """An incident whose event date or place is unknown is consistent with the others."""
    found = IncidentGroup.model_validate(
        group(
            incident(),
            incident(case_reference="T-2", **{"event.date": None, "event.location": None}),
        )
    )
    assert found.incidents[1].event.date is None


def test_the_group_schema_is_published() -> None:
    """The group's JSON schema names its fields, for the HTTP service and callers."""
    schema = IncidentGroup.model_json_schema()
    assert set(schema["properties"]) == {
        "notifying_authority",
        "incidents",
        "large_scale_child_sexual_exploitation_operation",
        "main_child",
    }
    assert schema["properties"]["incidents"]["maxItems"] == MAX_CHILDREN


def test_two_known_event_dates_must_agree_whatever_comes_first() -> None:
    """The first child's event date unknown, two others on different days: not one event, refused,
    naming the two that differ."""
    children = [
        incident(case_reference=f"T-{n}", **{"event.date": day})
        for n, day in enumerate([None, "2026-11-16", "2026-11-18"])
    ]
    with pytest.raises(ValidationError) as caught:
        IncidentGroup.model_validate(group(*children))
    assert one_line(caught.value, whole="group") == (
        "group: incidents[2].event.date differs from incidents[1].event.date; the incidents of a "
        "group share one event"
    )


def test_a_place_in_england_with_its_area_not_recorded_agrees_with_one_recorded() -> None:
    """One child's event in this area, another's in England with the area not recorded: one event
    as far as is known, planned (it was refused as two places: review s24, F8); two areas
    recorded that differ are still refused, naming the more precise one met first."""
    unsure = {"event.location": {"country": "england", "local_authority": None}}
    children = [incident(case_reference="T-1", **unsure), incident(case_reference="T-2")]
    assert len(IncidentGroup.model_validate(group(*children)).incidents) == 2
    elsewhere = {"event.location": {"country": "england", "local_authority": OTHER_AREA}}
    with pytest.raises(ValidationError) as caught:
        IncidentGroup.model_validate(group(*children, incident(case_reference="T-3", **elsewhere)))
    assert one_line(caught.value, whole="group") == (
        "group: incidents[2].event.location differs from incidents[1].event.location; the "
        "incidents of a group share one event"
    )
    wales = {"event.location": {"country": "wales"}}
    with pytest.raises(ValidationError):
        IncidentGroup.model_validate(group(children[0], incident(case_reference="T-4", **wales)))
