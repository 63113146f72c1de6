"""The output: what to notify, to whom, by when, under which provision, and what is unknown."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Advisory", "Decision", "Obligation", "Reason"]

Recipient = Literal[
    "panel",
    "secretary_of_state",
    "ofsted",
    "safeguarding_partners",
    "local_safeguarding_children_board",
    "parents_and_parental_responsibility",
]
# What an advisory asks the practitioner to consider; never a duty.
Advice = Literal["consider_notifying", "consider_treating_as_serious"]
Certainty = Literal["statute", "official", "secondary", "unverified"]
Outcome = Literal["applies", "does_not_apply", "undetermined"]


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Obligation(_Output):
    """One notification this authority owes."""

    recipient: Recipient
    area: str | None = Field(
        description="For safeguarding partners: the authority area whose partners are meant."
    )
    strength: Literal["must", "should"] = Field(
        description="'must' for a statutory duty, 'should' for statutory guidance."
    )
    due_by: date | None = Field(
        description="Null when became_aware_on is unknown or the duty has no fixed deadline."
    )
    rule: str
    basis: str
    certainty: Certainty = Field(description="How sure we are of the source (see docs/law.md).")
    explanation: str


class Advisory(_Output):
    """Something the guidance asks practitioners to consider: never an obligation."""

    rule: str
    advice: Advice
    basis: str
    certainty: Certainty = Field(description="How sure we are of the source (see docs/law.md).")
    explanation: str


class Reason(_Output):
    """One rule considered, with its outcome and the facts it turned on."""

    rule: str
    outcome: Outcome
    basis: str
    explanation: str


class Decision(_Output):
    """The answer for one incident, with everything an auditor needs to replay it."""

    case_reference: str | None
    notify_panel: Literal["required", "not_required", "undetermined"]
    obligations: list[Obligation]
    reasons: list[Reason]
    missing_facts: list[str] = Field(
        description="Input paths whose answers could change the decision, most decisive first."
    )
    responsible_authority: str | None = Field(
        description="When the event happened in another English authority's area and may be "
        "notifiable there: that authority's code (the duty is theirs)."
    )
    rules_date: date = Field(description="The date that selected the rules in force.")
    rules_date_source: Literal["became_aware_on", "event.date", "today"]
    notes: list[str] = Field(description="Plain-English notes: how the rules were chosen, flags.")
    rules_version: str = Field(description="Content hash of the rule files that decided.")
    input_digest: str = Field(description="SHA-256 of the validated incident in canonical JSON.")
    advisories: list[Advisory] = Field(
        default_factory=list,
        description="What the guidance asks practitioners to consider; never counted as "
        "obligations and never changing notify_panel.",
    )
