"""Incidents with several children: the input (`IncidentGroup`) and `plan_notifications`.

A group is the incidents of one event, one per child, as the notifying authority sees them. Each
child is decided on their own (by the engine, as for `decide`); the group adds only how many
notifications to submit and which children each covers, from the form-grouping rule in force on
the date of submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import Field, StrictBool, StrictInt, ValidationError, model_validator

from ._calendar import plain_date
from ._decide import default_decider
from ._plan import plan_with
from ._validation import ONE_INCIDENT_NOT_A_GROUP, one_incident_for_a_group, validated
from .incident import AuthorityCode, EnglishPlace, Incident, _Strict, until
from .plan import NotificationForm, NotificationPlan, PlannedChild

__all__ = [
    "MAX_CHILDREN",
    "IncidentGroup",
    "NotificationForm",
    "NotificationPlan",
    "PlannedChild",
    "plan_notifications",
]

# Far above any incident the notification forms were designed for, low enough that one request
# cannot ask for unbounded work.
MAX_CHILDREN = 100


class IncidentGroup(_Strict):
    """The incidents, one per child, of one event, notified by one authority."""

    notifying_authority: AuthorityCode
    incidents: list[Incident] = Field(
        min_length=1,
        max_length=MAX_CHILDREN,
        description="One incident per child; all share the notifying authority and the event.",
    )
    large_scale_child_sexual_exploitation_operation: StrictBool = Field(
        default=False,
        description="True when the incident is a large-scale child sexual exploitation operation.",
    )
    main_child: StrictInt | None = Field(
        default=None,
        ge=0,
        description="Only with large_scale_child_sexual_exploitation_operation: the position "
        "(from 0) in `incidents` of the main child believed to be a victim. Null when not marked.",
    )

    @model_validator(mode="after")
    def _one_event_one_authority(self) -> IncidentGroup:
        for index, incident in enumerate(self.incidents):
            if incident.notifying_authority != self.notifying_authority:
                raise ValueError(
                    f"incidents[{index}].notifying_authority differs from notifying_authority"
                )
        # An exploitation operation spans dates and places; any other group is one event, so
        # what is recorded of its date and place must agree.
        if not self.large_scale_child_sexual_exploitation_operation:
            for field in ("date", "location"):
                _same_where_known(self.incidents, field)
        first_with: dict[str, int] = {}
        for index, item in enumerate(self.incidents):
            if item.case_reference is None:
                continue
            earlier = first_with.setdefault(item.case_reference, index)
            if earlier != index:
                # Named by position, never by the reference (review s27, C3: a group of 100
                # children left the caller to search for the two).
                raise ValueError(
                    f"incidents[{earlier}] and incidents[{index}] share a case_reference; each "
                    "child needs their own"
                )
        if self.main_child is not None:
            if not self.large_scale_child_sexual_exploitation_operation:
                raise ValueError(
                    "main_child is only allowed when "
                    "large_scale_child_sexual_exploitation_operation is true"
                )
            if self.main_child >= len(self.incidents):
                raise ValueError("main_child is not the position of an incident in incidents")
        return self


def _same_where_known(incidents: list[Incident], field: str) -> None:
    """Every recorded value of `event.<field>` agreeing with the most precise one recorded before
    it (an unknown one agrees with any; a place in England whose area is not recorded, with any
    place in England: a group with the area recorded for one child only was refused, review
    s24, F8)."""
    known: tuple[int, Any] | None = None
    for index, incident in enumerate(incidents):
        value = getattr(incident.event, field)
        if value is None:
            continue
        if known is None or (_area_not_recorded(known[1]) and _in_england(value)):
            known = (index, value)
        elif value != known[1] and not (_area_not_recorded(value) and _in_england(known[1])):
            raise ValueError(
                f"incidents[{index}].event.{field} differs from incidents[{known[0]}].event."
                f"{field}; the incidents of a group share one event"
            )


def _in_england(value: Any) -> bool:
    return isinstance(value, EnglishPlace)


def _area_not_recorded(value: Any) -> bool:
    return isinstance(value, EnglishPlace) and value.local_authority is None


def plan_notifications(
    group: IncidentGroup | Mapping[str, Any],
    submitted_on: date | None = None,
    today: date | None = None,
) -> NotificationPlan:
    """Plan the notifications for an incident group: forms, the children each covers, and why.

    `submitted_on` (default: `today`) chooses the form-grouping rule; `today` (default: the date
    in England) is the date each child's decision and statuses are taken against. Invalid input
    raises `pydantic.ValidationError`; a date outside the encoded rules, `RulesNotInForceError`;
    a `today` or `submitted_on` before a child's birth, event or the awareness date,
    `DecisionDateError` (its `option` says which). One `Incident` passed in place of the group
    is a `TypeError`; one incident's mapping is invalid input, noted as one incident.
    """
    if isinstance(group, Incident):
        # Pydantic refused it field by field ("incidents: Field required" and five more).
        raise TypeError(
            "plan_notifications expects an incident group (an IncidentGroup, or a mapping with "
            "notifying_authority and incidents), not one Incident: put it in the group's incidents"
        )
    # A today or submitted_on that is no date is a TypeError naming it, before the group is read
    # (its incidents' dates are admitted up to `today` only when it is a date).
    if today is not None:
        plain_date(today, "today")
    if submitted_on is not None:
        plain_date(submitted_on, "submitted_on")
    # Validated even when it is an IncidentGroup: one made by `model_copy(update=...)` or
    # `model_construct` was never checked (see `Incident`).
    try:
        checked = validated(IncidentGroup, group, until(today))
    except ValidationError as error:
        # A mapping is what a group is given as, so one incident's mapping stays invalid input
        # (a ValidationError, as documented), with a note saying what it looks like.
        if one_incident_for_a_group(group):
            error.add_note(f"plan_notifications: {ONE_INCIDENT_NOT_A_GROUP}")
        raise
    return plan_with(default_decider(), checked, submitted_on, today)
