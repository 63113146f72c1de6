"""From an incident group to a notification plan: decide each child, then put them on forms.

Each child's decision comes from the decider (the engine). The forms come from the form-grouping
rule in force on the date of submission; the grouping reads only the decisions, each child's kind
of event and sibling group, and the caller's marking of the main child of an exploitation
operation. Children who cannot yet be decided are listed as such, never dropped.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._assemble import input_digest
from ._calendar import countable
from ._decide import Decider
from ._explain import format_date
from ._forms import forms_for
from ._version import __version__
from .decision import Decision
from .errors import DATE_REFUSALS, DecisionDateError, RulesNotInForceError
from .incident import Incident, england_today, first_date_after
from .plan import NotificationPlan, PlannedChild

if TYPE_CHECKING:
    from .group import IncidentGroup

__all__ = ["plan_with"]


def plan_with(
    decider: Decider, group: IncidentGroup, submitted_on: date | None, today: date | None
) -> NotificationPlan:
    """The plan for a validated group, with this decider's rules."""
    today = countable(england_today() if today is None else today)
    option = "today" if submitted_on is None else "submitted_on"
    if submitted_on is None:
        submitted_on = today  # checked against each child's dates by the child's decision
    else:
        # Within the known bank holidays, as `today` is: the form-grouping rule "in force" in
        # 9999 is not known (review s27, B1). It may be after `today`: a plan for a form to be
        # submitted later (tomorrow, or once a new grouping rule is in force) is a real one.
        submitted_on = countable(submitted_on, "submitted_on")
        _refuse_submission_before(group, submitted_on)
    rule = decider.book.grouping_on(submitted_on)
    panel_rules = {each.id for each in decider.book.rules if each.decides_panel}
    try:
        children = [
            _planned(index, incident, _decided(decider, index, incident, today), panel_rules)
            for index, incident in enumerate(group.incidents)
        ]
    except DATE_REFUSALS:
        if rule is None:  # refused for the date of submission first, as before any child's date
            raise _no_grouping_rule(decider, option) from None
        raise
    required = [child for child in children if child.notify_panel == "required"]
    undetermined = [child for child in children if child.notify_panel == "undetermined"]
    if rule is not None:
        # (A date no grouping rule covers is refused first, as before a child's own dates.)
        _refuse_submission_before_duty(decider, group, required, submitted_on, today)
        forms, missing, notes = forms_for(required, group, rule.grouping)
    elif required or undetermined:
        # A form is, or may be, needed, and no encoded rule says how to group it: not guessed.
        raise _no_grouping_rule(decider, option)
    else:
        # No child's Panel notification is or may be owed (before 29 June 2018, say), so there
        # is no form to group: the plan lists each child's other notifications (found by review
        # s22, F6).
        forms, missing, notes = [], [], []
    advice_only: list[str] = []
    for child in children:
        missing += [f"incidents[{child.index}].{path}" for path in child.decision.missing_facts]
        advice_only += [
            f"incidents[{child.index}].{path}" for path in child.decision.advice_only_facts
        ]
    if undetermined:
        notes.append(
            f"{len(undetermined)} child(ren) cannot be decided yet; the forms may change once "
            "their missing facts are recorded."
        )
    if rule is None:
        first = (
            "No child's Panel notification is or may be owed, so there is no Panel form to "
            "submit and no form-grouping rule is needed: none is encoded for the date of "
            f"submission, {format_date(submitted_on)}."
        )
    else:
        first = (
            f"Forms follow {rule.title} ({rule.id} v{rule.version}), in force on the date of "
            f"submission, {format_date(submitted_on)}."
        )
    return NotificationPlan(
        notifying_authority=group.notifying_authority,
        submitted_on=submitted_on,
        grouping_rule=None if rule is None else f"{rule.id}.v{rule.version}",
        grouping_basis=None if rule is None else rule.basis,
        grouping_certainty=None if rule is None else rule.certainty,
        grouping_review_note=None if rule is None else rule.review_note.strip(),
        forms=forms,
        not_required=[child for child in children if child.notify_panel == "not_required"],
        undetermined=undetermined,
        missing_facts=list(dict.fromkeys(missing)),
        advice_only_facts=advice_only,
        notes=[first, *dict.fromkeys(notes)],
        rules_version=decider.rules_version,
        library_version=__version__,
        input_digest=input_digest(group),
    )


def _no_grouping_rule(decider: Decider, option: str) -> RulesNotInForceError:
    """The refusal of a plan needing a Panel form, or maybe needing one, on a date of submission
    no encoded form-grouping rule covers."""
    # The option is named, not its date: an error never repeats a submitted value.
    starts = [grouping.effective_from for grouping in decider.book.groupings]
    refused = RulesNotInForceError(
        "no encoded rule says how to group notifications submitted on the date given by "
        "submitted_on (default: today): "
        + (
            f"the encoded grouping rules begin on {min(starts)}"
            if starts
            # A rules directory of a Decider's own may hold no form-grouping rule at all.
            else "the rules directory holds no form-grouping rule"
        )
    )
    refused.option = option
    return refused


def _refuse_submission_before(group: IncidentGroup, submitted_on: date) -> None:
    """Refuse a date of submission before a child's birth, event or the authority's awareness:
    nothing could be notified then, and the form-grouping rule in force that day is not one a
    notification of the incident could follow.

    A later suspicion of abuse or neglect is not counted: a looked-after child's death is
    notified before it.
    """
    for index, incident in enumerate(group.incidents):
        later = first_date_after(incident, submitted_on, suspicion=False)
        if later:
            refused = DecisionDateError(
                f"incidents[{index}]: the date of submission (submitted_on) is before {later}: "
                "no notification of the incident could be submitted then"
            )
            refused.child, refused.option = index, "submitted_on"
            raise refused


def _refuse_submission_before_duty(
    decider: Decider,
    group: IncidentGroup,
    required: list[PlannedChild],
    submitted_on: date,
    today: date,
) -> None:
    """Refuse a date of submission before a child's Panel notification became owed, abuse or
    neglect suspected only later (an awareness later is refused before deciding): a plan grouped
    the forms by that day's rule, under which none could be submitted (two harmed children,
    suspected 25 February 2019, submitted the 18th: the Ofsted form's two forms, not the
    notification service's one: review s24, F6). Not where the facts of that day, abuse or
    neglect not yet suspected, already owed one (a looked-after child's death)."""
    for child in required:
        if not _owed_by(child.decision, submitted_on):
            incident = group.incidents[child.index]
            document = incident.model_dump()
            document.update(abuse_or_neglect="not_suspected", abuse_or_neglect_suspected_on=None)
            if not _owed_by(decider.decide(document, today), submitted_on):
                refused = DecisionDateError(
                    f"incidents[{child.index}]: the date of submission (submitted_on) is before "
                    "its Panel notification became owed (abuse_or_neglect_suspected_on): it "
                    "could not be submitted then"
                )
                refused.child, refused.option = child.index, "submitted_on"
                raise refused


def _owed_by(decision: Decision, day: date) -> bool:
    """Whether a decision owes a Panel notification counted from `day` or earlier, or from a
    day not recorded (the awareness unknown: not refused on a guess)."""
    return any(
        item.recipient == "panel" and (item.counted_from is None or item.counted_from <= day)
        for item in decision.obligations
    )


def _planned(
    index: int, incident: Incident, decision: Decision, panel_rules: set[str]
) -> PlannedChild:
    return PlannedChild(
        index=index,
        case_reference=incident.case_reference,
        sibling_group=incident.child.sibling_group,
        notify_panel=decision.notify_panel,
        reasons=[reason.explanation for reason in decision.reasons if reason.rule in panel_rules],
        decision=decision,
    )


def _decided(decider: Decider, index: int, incident: Incident, today: date) -> Decision:
    """One child's decision; a refusal for its dates (`DATE_REFUSALS`) names the child."""
    try:
        return decider.decide(incident, today)
    except DATE_REFUSALS as error:
        refused = type(error)(f"incidents[{index}]: {error}")
        refused.__dict__.update(vars(error))  # what it names (`field`, `option`) is kept
        refused.child = index
        raise refused from None
