"""The output for an incident group: how many notifications to submit, and who each covers."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from .decision import Certainty, Decision, PanelAnswer, _Output

__all__ = ["NotificationForm", "NotificationPlan", "PlannedChild"]

# How the children of one incident who need a Panel notification are put on forms; rule files
# of the `grouping` kind name one policy per kind of event.
FormPolicy = Literal[
    "one_form_per_child",  # each child on a form of their own
    "one_form_per_sibling_group",  # children sharing child.sibling_group on one form; others alone
    "one_form_per_incident",  # every child of the incident on one form
    "one_form_for_main_child",  # one form for the main child, the others listed in it
]


class PlannedChild(_Output):
    """One child of the group, with the individual decision for that child."""

    index: int = Field(description="Position of the child's incident in IncidentGroup.incidents.")
    case_reference: str | None
    sibling_group: str | None
    notify_panel: PanelAnswer
    reasons: list[str] = Field(
        description="Why, in words: the outcome of each rule that decides a Panel notification."
    )
    decision: Decision


class NotificationForm(_Output):
    """One notification to submit to the Panel, and the children it covers."""

    policy: FormPolicy = Field(description="The grouping rule's policy that made this form.")
    children: list[PlannedChild] = Field(description="Children whose details the form gives.")
    further_information: list[PlannedChild] = Field(
        description="Children covered by the form as further information: beyond the number of "
        "children a form details, or listed in a large-scale exploitation operation's form."
    )
    main_child: int | None = Field(
        description="For a large-scale exploitation operation's form: the main child's index."
    )
    sibling_group: str | None = Field(description="For a sibling group's form: its key.")
    due_by: date | None = Field(
        description="The earliest Panel due date among its children whose Panel notification "
        "is not recorded as made (among all of them where every one is); null when none is known."
    )
    provisions: list[str] = Field(description="The provisions the Panel notifications rest on.")
    rules: list[str] = Field(description="The rules that require them.")


class NotificationPlan(_Output):
    """Everything to notify for an incident with one or more children."""

    notifying_authority: str
    submitted_on: date = Field(description="The date of submission that chose the grouping rule.")
    grouping_rule: str | None = Field(
        description="Rule id and version: '<id>.v<version>'; null when no child's Panel "
        "notification is or may be owed and no form-grouping rule covers the date of submission."
    )
    grouping_basis: str | None = Field(description="Null as grouping_rule is.")
    grouping_certainty: Certainty | None = Field(description="Null as grouping_rule is.")
    grouping_review_note: str | None = Field(
        description="What is known, and not, of the grouping rule; null as grouping_rule is."
    )
    forms: list[NotificationForm]
    not_required: list[PlannedChild] = Field(description="Children needing no Panel notification.")
    undetermined: list[PlannedChild] = Field(
        description="Children for whom it cannot yet be decided: never left out of the plan."
    )
    missing_facts: list[str] = Field(
        description="Input paths whose answers could change the plan, e.g. "
        "'incidents[1].abuse_or_neglect' or 'main_child'."
    )
    advice_only_facts: list[str] = Field(
        description="Those of missing_facts whose answers could change only a child's "
        "advisories, never a Panel answer nor what is owed."
    )
    notes: list[str]
    rules_version: str
    library_version: str = Field(description="The version of safeguarding-notify that planned.")
    input_digest: str
