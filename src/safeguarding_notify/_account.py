"""The plain-text accounts a manager reads (`decide --explain`, `plan --explain`).

Each line states what to do and on what it rests: the recipient, the deadline, how sure its source
is, whose duty it is when it is another authority's, and the questions still open, put as a
practitioner would ask them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import date
from typing import NamedTuple

from ._calendar import add_working_days, bank_holidays_between
from ._explain import (
    ANCHOR_NAMES,
    QUESTIONS,
    RECIPIENT_NAMES,
    format_date,
    format_weekday,
    listed_words,
)
from ._forms import panel_obligations
from ._rulefile import RuleBook
from ._status import MADE
from .decision import Decision, Obligation, RapidReview, Reason
from .plan import NotificationForm, NotificationPlan, PlannedChild

__all__ = ["RuleRoles", "decision_account", "plan_account", "rule_roles"]

# What each certainty means, for a reader who must know which lines rest on a read statute.
_SOURCES = (
    "Sources: statute = the Act's own text was read; official = a gov.uk, DfE or Panel page was "
    "read; secondary = a local safeguarding procedure quoting the guidance was read; unverified = "
    "our reading, not yet checked against a source: confirm it before relying on it."
)
# What the two strengths mean, for a manager weighing a "should" against a "must".
_STRENGTHS = (
    "Strength: must = a duty in legislation (an Act or regulations); should = what statutory "
    "guidance (Working Together, the Panel's and the DfE's pages) asks, not itself a duty in "
    "legislation."
)
_CHILD_PATH = re.compile(r"incidents\[(\d+)\]\.(.+)")


class RuleRoles(NamedTuple):
    """What the account needs to know of the rules behind a decision, by rule id."""

    # The rules that name another authority's duty (`responsible_authority`).
    responsible: frozenset[str] = frozenset()
    # The rules that decide the Panel answer (`decides_panel`).
    deciding_panel: frozenset[str] = frozenset()
    # The rules chosen by a later suspicion's date (`chosen_by`), the others by the awareness's.
    chosen_by_suspicion: frozenset[str] = frozenset()


def rule_roles(book: RuleBook) -> RuleRoles:
    """The roles of the rules of `book`."""
    return RuleRoles(
        responsible=frozenset(
            rule.id for rule in book.rules if any(then.responsible_authority for then in rule.then)
        ),
        deciding_panel=frozenset(rule.id for rule in book.rules if rule.decides_panel),
        chosen_by_suspicion=frozenset(
            rule.id for rule in book.rules if rule.chosen_by == "abuse_or_neglect_suspected_on"
        ),
    )


def decision_account(decision: Decision, roles: RuleRoles | None = None) -> str:
    """The account of one decision: what to notify, by when, on what source, why, what to ask.

    `roles` (of the rules that decided it) word another authority's duty from the rule that found
    it and choose the reasons given in full; without them, every reason is given in full."""
    heading = f"Case {decision.case_reference}" if decision.case_reference else "Incident"
    lines = [
        f"{heading}: notify the Panel: {decision.notify_panel.replace('_', ' ').upper()}"
        f"{_under(decision)}",
        f"Statuses as at {format_weekday(decision.as_of)} {format_date(decision.as_of)}.",
        decision.notes[0],
        "",
        _owed_heading(decision),
    ]
    unrecorded = _unrecorded_from(decision)
    lines += [f"  - {_obligation_line(item, unrecorded)}" for item in decision.obligations]
    lines += _beside_obligations(decision, roles)
    if decision.notes[1:]:
        lines += ["", *(f"Note: {note}" for note in decision.notes[1:])]
    if decision.advisories:
        lines += ["", "To consider (advice, not a duty):"]
        lines += [f"  - {advice}" for advice in _advice(decision)]
    # In full: what applies, what is open, and why each rule deciding the Panel answer does not
    # apply (a "not required" rests on them); the rest by id (the JSON holds every reason whole).
    lines += ["", "Why:"]
    others = []
    for reason in decision.reasons:
        if (
            roles is None
            or reason.outcome != "does_not_apply"
            or reason.rule in roles.deciding_panel
        ):
            lines.append(
                f"  [{reason.outcome}] {reason.rule} ({_version_of(reason, decision, roles)}): "
                f"{reason.explanation}"
            )
        else:
            others.append(reason.rule)
    if others:
        lines.append(f"  Also considered, not applying: {', '.join(others)}.")
    if decision.what_if:
        lines += ["", "What would make the Panel notification required:"]
        lines += [f"  - {item.explanation}" for item in decision.what_if]
    lines += _questions(
        decision.missing_facts,
        decision.advice_only_facts,
        lambda path: f"  - {path}: {QUESTIONS[path]}",
    )
    if decision.obligations or decision.advisories:
        lines += ["", _STRENGTHS, _SOURCES]
    return "\n".join(lines)


def _version_of(reason: Reason, decision: Decision, roles: RuleRoles | None) -> str:
    """The rule's version, and where the rules came from two dates, the date whose rules it is."""
    if decision.aware_rules_date is None or roles is None:
        return f"v{reason.rule_version}"
    by_suspicion = reason.rule in roles.chosen_by_suspicion
    day = decision.rules_date if by_suspicion else decision.aware_rules_date
    return f"v{reason.rule_version}, rules of {format_date(day)}"


def _questions(
    missing: list[str], advice_only: list[str], line_of: Callable[[str], str]
) -> list[str]:
    """The questions to ask, in words: first those that could change what is owed, then apart
    those that could change only the advice (a manager should not wait on them to notify)."""
    lines = []
    decisive = [path for path in missing if path not in advice_only]
    if decisive:
        lines += ["", "Questions to ask:", *map(line_of, decisive)]
    if advice_only:
        lines += [
            "",
            "Questions that could change only the advice, not what is owed:",
            *map(line_of, advice_only),
        ]
    return lines


def _unrecorded_from(decision: Decision) -> tuple[date, date] | None:
    """The event's date when it chose the rules (the awareness date is then not recorded), with
    the date decided against."""
    if decision.rules_date_source != "event.date":
        return None
    return decision.rules_date, decision.as_of


def _under(decision: Decision) -> str:
    """What a required Panel notification rests on: its strength and provision."""
    panel = [item for item in decision.obligations if item.recipient == "panel"]
    if decision.notify_panel != "required" or not panel:
        return ""
    return f" ({panel[0].strength}: {panel[0].basis})"


def _owed_heading(decision: Decision) -> str:
    if decision.obligations:
        return "Notifications owed:"
    # An unknown fact may still make something owed (the Panel answer, a care leaver's or a
    # Working Together 2015 report under a settled "not required", or what every awareness date
    # owes): "none" would read as settled. Only the advice-only questions cannot.
    if set(decision.missing_facts) - set(decision.advice_only_facts):
        return "Notifications owed: none confirmed yet (answer the questions below)"
    return "Notifications owed: none"


def _obligation_line(item: Obligation, unrecorded_from: tuple[date, date] | None = None) -> str:
    """One notification owed. `unrecorded_from`: when the awareness date is not recorded, the
    event's date (the earliest the authority can have become aware, from which a deadline runs at
    the earliest) and the date decided against."""
    days = item.within_working_days
    if item.due_by and item.counted_from and days:
        due = (
            f"by {format_weekday(item.due_by)} {format_date(item.due_by)}, {_working_days(days)} "
            f"from {format_date(item.counted_from)}{_skipped(item.counted_from, item.due_by)}"
        )
    elif item.due_by:
        due = f"by {format_weekday(item.due_by)} {format_date(item.due_by)}"
    elif not days:
        due = "no fixed deadline"
    else:
        due = f"due date unknown: {_working_days(days)} from the date it counts from, not recorded"
        if unrecorded_from:
            # Awareness is never before the event: a deadline that has passed is not "unknown".
            event_date, as_of = unrecorded_from
            earliest = add_working_days(event_date, days)
            passed = " (already passed)" if earliest < as_of else ""
            due += (
                f"; at the earliest by {format_weekday(earliest)} {format_date(earliest)}{passed}"
            )
    if item.due_by_certainty in ("official", "secondary"):
        # The duty may be statute while its deadline is guidance: a manager must not read a
        # late notification as a breach of the Act.
        due += " (deadline from guidance)"
    elif item.due_by_certainty == "unverified":
        due += " (deadline assumed, unverified)"
    area = f" of {item.area}" if item.area else ""
    return (
        f"{RECIPIENT_NAMES[item.recipient]}{area} ({item.strength}) {due}: {item.basis} "
        f"[source: {item.certainty}]{_status_words(item)}"
    )


def _status_words(item: Obligation) -> str:
    if item.status is None:
        return ""
    if item.status == "done" and item.notified_on:
        return f" [done {format_date(item.notified_on)}]"
    if item.status == "done_late" and item.notified_on:
        made = format_date(item.notified_on)
        if item.working_days_late == 0:
            # Made on a weekend or holiday straight after the due date: no working day late, as
            # an overdue one on such a day (found by review s22, F7).
            return f" [done late on {made}: after the due date, on a day that is not a working day]"
        return f" [done late on {made}: {_working_days(item.working_days_late)} late]"
    if item.status in ("due", "due_today"):
        return f" [{item.status.replace('_', ' ')}: {_working_days(item.working_days_left)} left]"
    if item.working_days_late == 0:
        # Overdue on a weekend or holiday straight after the due date: no working day late yet.
        return " [overdue: the due date has passed; today is not a working day]"
    return f" [{item.status.replace('_', ' ')}: {_working_days(item.working_days_late)} late]"


def _skipped(start: date, end: date) -> str:
    """The bank holidays a count of working days from `start` to `end` skipped, in words: the
    calendar it was counted with, for an auditor (a later edition of the bank holidays, a one-off
    added say, would move the date)."""
    skipped = bank_holidays_between(start, end)
    if not skipped:
        return ""
    days = listed_words([format_date(day) for day in skipped])
    return f", skipping the bank holiday{'s' if len(skipped) > 1 else ''} {days}"


def _working_days(count: int | None) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


def _rapid_review_line(review: RapidReview) -> str:
    when = f"by {format_date(review.due_by)}" if review.due_by else "date unknown"
    counted = f", {_working_days(review.within_working_days)} from {ANCHOR_NAMES[review.anchor]}"
    if review.anchor_on:
        counted += f" ({format_date(review.anchor_on)})"
        if review.due_by:
            counted += _skipped(review.anchor_on, review.due_by)
    projected = (
        "; projected as if the notification were sent on that day (its due date, or today once "
        "that has passed), as it is not yet recorded as sent: once sent, the review counts from "
        "the day it was"
        if review.projected and review.due_by
        else ""
    )
    return (
        f"Rapid review by the safeguarding partners ({review.strength}) {when}{counted}"
        f"{projected}: {review.basis}"
    )


def _beside_obligations(decision: Decision, roles: RuleRoles | None) -> list[str]:
    """What a decision gives beside the notifications owed: the Panel deadline should the open
    questions make it required, the rapid review, and another authority's duty."""
    lines = []
    if decision.panel_due_by_if_required:
        provisional = decision.panel_due_by_if_required
        passed = {
            "overdue": " (already passed)",
            "due_today": " (today)",
            "done": " (recorded as made)",
            "done_late": " (recorded as made late)",
        }.get(decision.panel_status_if_required or "", "")
        lines.append(
            f"If the open questions make it required, the Panel notification is due by "
            f"{format_weekday(provisional)} {format_date(provisional)}{passed} (deadline from "
            "guidance)"
        )
    if decision.rapid_review:
        lines.append(_rapid_review_line(decision.rapid_review))
    if decision.responsible_authority:
        lines.append(_responsible_line(decision, roles.responsible if roles else frozenset()))
    return lines


def _advice(decision: Decision) -> list[str]:
    """A decision's advice (not a duty), each with its basis and source."""
    return [
        f"{item.explanation} ({item.basis}; source: {item.certainty})"
        for item in decision.advisories
    ]


def _responsible_line(decision: Decision, responsible_rules: Collection[str]) -> str:
    code = decision.responsible_authority
    naming: list[Reason] = [
        reason
        for reason in decision.reasons
        if reason.rule in responsible_rules and reason.outcome != "does_not_apply"
    ]
    if naming and all(reason.outcome == "applies" for reason in naming):
        under = "; ".join(reason.basis for reason in naming)
        return f"Another authority's duty ({under}): {code}. Make sure it knows of the incident."
    under = f" ({'; '.join(reason.basis for reason in naming)})" if naming else ""
    return (
        f"Another authority's duty may be engaged{under}: {code}; it turns on facts not yet "
        "recorded (see the reasons below)."
    )


def plan_account(plan: NotificationPlan, roles: RuleRoles | None = None) -> str:
    """The account of a plan: the Panel forms to submit, whom each covers, what else each child
    is owed or may be (as `decision_account` gives it, `roles` as there), each child's notes,
    and the questions still open."""
    children = sorted(_every_child(plan), key=lambda child: child.index)
    total = len(children)

    def who(child: PlannedChild) -> str:
        return _who(child.index, child.case_reference, total)

    others = _others(children)
    made = sum(_made(form) for form in plan.forms)
    lines = [
        f"Panel notifications to submit: {len(plan.forms) - made}"
        + (f", and {made} recorded as made" if made else "")
        + (" (other notifications owed are listed below)" if others else ""),
        *plan.notes,
        "",
    ]
    for number, form in enumerate(plan.forms, start=1):
        due = f"by {format_date(form.due_by)}" if form.due_by else "due date unknown"
        lines.append(f"Form {number} ({form.policy.replace('_', ' ')}) {due}{_form_status(form)}:")
        lines += [f"  - {who(child)}{_made_words(child)}" for child in form.children]
        lines += [
            f"  - further information: {who(child)}{_made_words(child)}"
            for child in form.further_information
        ]
        lines.append(f"  under {'; '.join(form.provisions)}")
    for label, listed in (
        ("No Panel notification", plan.not_required),
        ("Undetermined", plan.undetermined),
    ):
        lines += [f"{label}: {who(child)}: {' '.join(child.reasons)}" for child in listed]
    if others:
        lines += ["", "Other notifications owed (not on a Panel form):"]
        for child in others:
            lines.append(f"  {who(child)}:")
            lines += [
                f"    - {_obligation_line(item, _unrecorded_from(child.decision))}"
                for item in child.decision.obligations
                if item.recipient != "panel"
            ]
    # What `decide --explain` gives beside a child's notifications (a Panel deadline should the
    # questions make it required, the rapid review, another authority's duty) and its advice:
    # the plan's account left each out (review s24, F3).
    for child in children:
        beside = _beside_obligations(child.decision, roles)
        advice = _advice(child.decision)
        beside += [f"To consider (advice, not a duty): {item}" for item in advice]
        if beside:
            lines += ["", f"Also for {who(child)}:", *(f"  - {line}" for line in beside)]
    # Each child's notes (the rules applied, a deadline set aside or brought forward, what may
    # be owed beyond the list, a recorded notification not counted): only the JSON had them.
    for child in children:
        lines += ["", f"Notes for {who(child)}:", *(f"  - {note}" for note in child.decision.notes)]
    by_index = {child.index: child for child in children}

    def question(path: str) -> str:
        found = _CHILD_PATH.fullmatch(path)
        if found:
            return f"  - {who(by_index[int(found[1])])}: {QUESTIONS[found[2]]} [{path}]"
        return f"  - {QUESTIONS[path]} [{path}]"

    lines += _questions(plan.missing_facts, plan.advice_only_facts, question)
    if plan.grouping_rule is not None:  # none when no form is needed before the first one
        lines += [
            "",
            f"Grouping rule {plan.grouping_rule} ({plan.grouping_certainty}): "
            f"{plan.grouping_review_note}",
        ]
    return "\n".join(lines)


def _panel_obligations(form: NotificationForm) -> list[Obligation]:
    """The Panel notification of each child a form covers, as further information too (a form
    read as made while a child it carried as further information was still to notify, and an
    operation's form with no main child, detailing none, had no status: review s24, F1)."""
    return panel_obligations((*form.children, *form.further_information))


def _made_words(child: PlannedChild) -> str:
    """A child on a form whose Panel notification is recorded as made, marked so: the form to
    submit lists them with the rest, and they are not to be notified again (review s24, F2)."""
    made = [
        item.notified_on
        for item in panel_obligations([child])
        if item.status in MADE and item.notified_on
    ]
    return f" [Panel notification recorded as made on {format_date(made[0])}]" if made else ""


def _made(form: NotificationForm) -> bool:
    """Whether the Panel notification of every child the form covers is recorded as made."""
    panel = _panel_obligations(form)
    return bool(panel) and all(item.status in MADE for item in panel)


def _form_status(form: NotificationForm) -> str:
    """A form's status, from its children's Panel notifications: as made (the last recorded), or
    as the one due first of those not yet made (the form carries no status of its own, and a
    manager reading only "by 20 November" could submit a form made already, or miss one overdue:
    review s22, F4)."""
    panel = _panel_obligations(form)
    if _made(form):
        return _status_words(max(panel, key=lambda item: item.notified_on or date.min))
    waiting = [item for item in panel if item.status not in MADE]
    dated = [item for item in waiting if item.due_by]
    return _status_words(min(dated, key=lambda item: item.due_by or date.max)) if dated else ""


def _every_child(plan: NotificationPlan) -> list[PlannedChild]:
    on_forms = [child for form in plan.forms for child in form.children]
    further = [child for form in plan.forms for child in form.further_information]
    every = [*on_forms, *further, *plan.not_required, *plan.undetermined]
    return list({child.index: child for child in every}.values())


def _others(children: list[PlannedChild]) -> list[PlannedChild]:
    """The children owed a notification other than the Panel's (the forms carry only that)."""
    return [
        child
        for child in children
        if any(item.recipient != "panel" for item in child.decision.obligations)
    ]


def _who(index: int, case_reference: str | None, total: int) -> str:
    # Counted from 1, as a manager counts; the JSON and the questions' paths keep the position.
    return f"child {index + 1} of {total}" + (f" ({case_reference})" if case_reference else "")
