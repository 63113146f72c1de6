"""The output: what to notify, to whom, by when, under which provision, and what is unknown."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from ._frozen import FrozenModel

__all__ = [
    "Advice",
    "Advisory",
    "Certainty",
    "Decision",
    "FactChange",
    "Obligation",
    "Outcome",
    "PanelAnswer",
    "RapidReview",
    "Reason",
    "Recipient",
    "Status",
    "WhatIf",
]

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
Status = Literal["due", "due_today", "overdue", "done", "done_late"]
PanelAnswer = Literal["required", "not_required", "undetermined"]


# The version of the rule an answer comes from: with `rule`, its file (rules/.../<rule>.v<N>.yaml).
RuleVersionNumber = Annotated[
    int,
    Field(
        ge=1,
        description="The version of the rule applied: its file is <rule>.v<rule_version>.yaml "
        "under rules/, the version in force on the date that chose it (became_aware_on, or "
        "abuse_or_neglect_suspected_on for what arises only once abuse or neglect is known or "
        "suspected; see rules_date).",
    ),
]


class _Output(FrozenModel):
    """The base of every output model (of decisions and of plans)."""

    # Every field is always written, defaults included: the JSON Schema of an output says so
    # (required), so classes generated from it do not make them optional.
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )


class Obligation(_Output):
    """One notification this authority owes."""

    recipient: Recipient
    area: str | None = Field(
        description="For safeguarding partners: the authority area whose partners are meant."
    )
    notified_on_key: str = Field(
        description="The key that records this notification as made in the incident's "
        "notified_on (CSV: the column notified_on.<key>): the recipient, or "
        "safeguarding_partners:<GSS code> for another area's partners.",
        examples=["panel", "safeguarding_partners:E09000007"],
    )
    strength: Literal["must", "should"] = Field(
        description="'must' for a statutory duty, 'should' for statutory guidance."
    )
    due_by: date | None = Field(
        description="Null when became_aware_on is unknown or the duty has no fixed deadline."
    )
    rule: str
    rule_version: RuleVersionNumber
    basis: str
    certainty: Certainty = Field(description="How sure we are of the source (see docs/law.md).")
    due_by_certainty: Certainty | None = Field(
        default=None,
        description="How sure we are of the source of the deadline behind due_by, which can be "
        "weaker than the duty's: the Panel's five working days are guidance, not statute. Null "
        "when the duty has no fixed deadline.",
    )
    within_working_days: int | None = Field(
        default=None,
        description="The deadline in working days (England's bank holidays skipped) from "
        "counted_from; null when the duty has no fixed deadline.",
    )
    counted_from: date | None = Field(
        default=None,
        description="The date the working days count from: became_aware_on, or "
        "abuse_or_neglect_suspected_on for a duty that arises only once abuse or neglect is known "
        "or suspected. Null when that date is not recorded or no deadline is fixed.",
    )
    explanation: str
    status: Status | None = Field(
        default=None,
        description="Against the decision's date: due, due_today, overdue, done or done_late; "
        "null when neither a due date nor a notification is known.",
    )
    working_days_left: int | None = Field(
        default=None, description="For due and due_today: working days left until due_by."
    )
    working_days_late: int | None = Field(
        default=None,
        description="For overdue: working days after due_by up to the decision's date; for "
        "done_late: up to notified_on (0 on a weekend or holiday straight after due_by).",
    )
    notified_on: date | None = Field(
        default=None,
        description="When this notification was made, as recorded on the incident; null when "
        "none is recorded by the decision's date, or the one recorded came before the duty "
        "arose (a Panel notification made before abuse_or_neglect_suspected_on is not the s16C "
        "one).",
    )


class RapidReview(_Output):
    """The rapid review the safeguarding partners should complete: not an obligation of the
    notifying authority, but a consequence of its Panel notification under s16C."""

    strength: Literal["must", "should"]
    within_working_days: int
    anchor: Literal["panel_notification_sent", "became_aware"] = Field(
        description="What the working days count from, under the guidance in force: the Panel "
        "notification, or becoming aware of the incident, which is the day abuse or neglect came "
        "to be known or suspected where that was after became_aware_on (anchor_on gives the day)."
    )
    anchor_on: date | None = Field(description="The date counted from; null when unknown.")
    due_by: date | None = Field(description="Null when the anchor date is unknown.")
    projected: bool = Field(
        description="True when the Panel notification is not yet recorded as sent, so the date "
        "counts from the notification's due date instead, or from as_of once that has passed "
        "(the earliest the notification can now be sent)."
    )
    rule: str
    rule_version: RuleVersionNumber
    basis: str
    certainty: Certainty
    explanation: str


class FactChange(_Output):
    """One fact changed in a what-if: the input path, the value it would take, in words."""

    path: str = Field(description="The input path of the fact changed.")
    value: str = Field(
        description="The value in the rules' terms (e.g. known_or_suspected, by_this_authority, "
        "or a range of dates or ages in words), not always one the input field takes."
    )
    words: str = Field(description="The change as a practitioner reads it.")


class WhatIf(_Output):
    """The smallest change of the recorded facts that would make the Panel notification required."""

    # Tuples, not lists: one answer is shared by every decision that reaches it (the decider
    # remembers it), so no caller may change it through theirs.
    changes: tuple[FactChange, ...]
    explanation: str
    rules: tuple[str, ...] = Field(description="The Panel rules that would then apply.")


class Advisory(_Output):
    """Something the guidance asks practitioners to consider: never an obligation."""

    rule: str
    rule_version: RuleVersionNumber
    advice: Advice
    basis: str
    certainty: Certainty = Field(description="How sure we are of the source (see docs/law.md).")
    explanation: str


class Reason(_Output):
    """One rule considered, with its outcome and the facts it turned on."""

    rule: str
    rule_version: RuleVersionNumber
    outcome: Outcome
    basis: str
    explanation: str


class Decision(_Output):
    """The answer for one incident, with everything an auditor needs to replay it."""

    case_reference: str | None
    notify_panel: PanelAnswer
    obligations: list[Obligation]
    panel_due_by_if_required: date | None = Field(
        default=None,
        description="When notify_panel is undetermined and became_aware_on is known: the date a "
        "Panel notification would be due if the open questions make it required (the earliest "
        "among the Panel rules still undetermined): the working days run while they are asked. "
        "Null otherwise.",
    )
    panel_status_if_required: Status | None = Field(
        default=None,
        description="With panel_due_by_if_required: that notification's status against the "
        "decision's date, as an obligation's (due, due_today, overdue; done or done_late when "
        "notified_on.panel records it made): overdue means the deadline passed while the "
        "questions were open. Null otherwise.",
    )
    reasons: list[Reason]
    missing_facts: list[str] = Field(
        description="Input paths whose answers could change the decision, most decisive first."
    )
    advice_only_facts: list[str] = Field(
        description="Those of missing_facts whose answers could change only the advisories, "
        "never notify_panel nor what is owed (listed after the others in missing_facts)."
    )
    responsible_authority: str | None = Field(
        description="When the s16C duty may fall on another English authority instead: the "
        "authority of the event's area (s16C(1)(a)), or, for an event outside England, of the "
        "area where the child normally lives (s16C(1)(b)); its GSS code."
    )
    rules_date: date = Field(
        description="The date that selected the rules in force (but see aware_rules_date)."
    )
    rules_date_source: Literal[
        "abuse_or_neglect_suspected_on", "became_aware_on", "event.date", "today", "notified_on"
    ] = Field(
        description="The input that chose rules_date: the suspicion or the awareness date, else "
        "the event date; with neither the awareness nor the event date recorded, the latest day "
        "the authority can have become aware: today, or the first notification recorded as made "
        "(notified_on) if earlier (the rules of every earlier day it may have become aware on, "
        "from the child's birth, are asked too: see notes)."
    )
    aware_rules_date: date | None = Field(
        default=None,
        description="Where the rules in force changed between became_aware_on and a later "
        "abuse_or_neglect_suspected_on: became_aware_on, whose rules decided what arises from "
        "the death or harm itself (the rules chosen_by became_aware_on), while rules_date, the "
        "suspicion date, decided what arises only once abuse or neglect is known or suspected. "
        "Null otherwise (rules_date then decided everything).",
    )
    notes: list[str] = Field(
        description="Plain-English notes: how the rules were chosen, flags, deadlines beside "
        "those listed (an earlier one set aside, or one an unknown fact may bring forward), "
        "notifications recorded to a recipient to whom nothing is or may be owed (meeting no "
        "obligation listed), and those recorded as made before the duty they would meet arose "
        "(not counted towards it)."
    )
    rules_version: str = Field(
        description="SHA-256 of the bytes of the rule files that decided: any edit to them, a "
        "comment or line endings included, gives another."
    )
    library_version: str = Field(
        description="The version of safeguarding-notify that decided: the code that reads the "
        "rules changes between versions too."
    )
    input_digest: str = Field(description="SHA-256 of the validated incident in canonical JSON.")
    as_of: date = Field(
        description="The date decided against (`today`; default today in England): the "
        "obligations' statuses and working days are taken on it, and it chooses the rules when "
        "the incident has no date. With rules_version, library_version and input_digest, what "
        "replays the decision."
    )
    advisories: list[Advisory] = Field(
        default_factory=list,
        description="What the guidance asks practitioners to consider; never counted as "
        "obligations and never changing notify_panel.",
    )
    rapid_review: RapidReview | None = Field(
        default=None,
        description="When a s16C Panel notification applies: the rapid review the safeguarding "
        "partners should complete, and by when.",
    )
    what_if: list[WhatIf] = Field(
        default_factory=list,
        description="For not_required or undetermined: the smallest changes of the facts that "
        "would make the Panel notification required (single changes; pairs only if none). "
        "Empty when no single change or pair would. A later suspicion date "
        "(abuse_or_neglect_suspected_on) is searched where the awareness date is recorded.",
    )
