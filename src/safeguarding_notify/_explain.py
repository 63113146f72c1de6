"""The plain-English words of reasons, obligations and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ._conditions import Compare, Explained, Fact, Resolver, Truth, explain_facts
from ._facts import BOOLEAN_FACTS, QUANTITY_FACTS
from ._rulefile import RuleVersion
from .incident import _ADULT  # a child is a person under 18

__all__ = [
    "ANCHOR_NAMES",
    "RECIPIENT_NAMES",
    "describe_fact",
    "format_date",
    "listed_words",
    "reason_text",
]

RECIPIENT_NAMES = {
    "panel": "the Child Safeguarding Practice Review Panel",
    "secretary_of_state": "the Secretary of State",
    "ofsted": "Ofsted",
    "safeguarding_partners": "the safeguarding partners",
    "local_safeguarding_children_board": "the Local Safeguarding Children Board",
    "parents_and_parental_responsibility": "the parents and everyone with parental responsibility",
}

# What a rapid review's working days count from, as the notes and the account name it.
ANCHOR_NAMES = {
    "panel_notification_sent": "the Panel notification",
    "became_aware": "becoming aware",
}

_OP_WORDS = {
    "years": {"<": "under", "<=": "at most", ">": "over", ">=": "at least"},
    "date": {"<": "before", "<=": "on or before", ">": "after", ">=": "on or after"},
}


_OPPOSITE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def format_date(day: date) -> str:
    """A date as a manager reads it: 23 September 2022."""
    # Month names from a table, not strftime's %B: that follows the process's locale (a service
    # running under another locale would word its dates in another language), and it is slow.
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def listed_words(words: Sequence[str]) -> str:
    """Items in a sentence: "a", "a and b", "a, b and c"."""
    *first, last = words
    return f"{', '.join(first)} and {last}" if first else last


def format_weekday(day: date) -> str:
    """The day of the week in English (a table, for the same reason as the months)."""
    return _WEEKDAYS[day.weekday()]


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def describe_fact(fact: Fact | Compare, value: Truth) -> str:
    """One fact and its value in words."""
    if isinstance(fact, Fact):
        words = BOOLEAN_FACTS[fact.name]
        return {"true": words.when_true, "false": words.when_false}.get(value, words.when_unknown)
    quantity = QUANTITY_FACTS[fact.fact]
    constant = format_date(fact.value) if isinstance(fact.value, date) else str(fact.value)
    test = f"{_OP_WORDS[quantity.unit][fact.op]} {constant}"
    if value == "true":
        return f"{quantity.label} is {test}"
    if value == "false":
        # Said as the comparison that holds ("under 16", not "not at least 16").
        return f"{quantity.label} is {_OP_WORDS[quantity.unit][_OPPOSITE[fact.op]]} {constant}"
    return f"it is not known whether {quantity.label} is {test}"


def reason_text(
    rule: RuleVersion,
    outcome: str,
    facts: Mapping[str, str | int],
    resolve: Resolver,
) -> str:
    """The rule's own sentence for its outcome, then the facts that outcome turned on."""
    template = getattr(rule.explain, outcome)
    turned_on = explain_facts(rule.when, facts, resolve)
    listed = "; ".join(describe_fact(fact, value) for fact, value in turned_on)
    if _adult(turned_on, facts):
        # A care leaver of 22 is not "the child" (the facts' words assume one).
        listed = listed.replace("the child ", "the person ")
    return f"{template} It turned on: {listed}." if listed else template


def _adult(turned_on: Explained, facts: Mapping[str, str | int]) -> bool:
    """Whether the outcome turned on the age and the person was 18 or over on the event date.

    Only then: a reason is remembered by the facts its rule reads, so its words may turn on the
    age only where the rule reads it (an outcome that turned on it does).
    """
    low = facts.get("age_on_event_date__low")
    return (
        isinstance(low, int)
        and low >= _ADULT
        and any(
            isinstance(fact, Compare) and fact.fact == "age_on_event_date" for fact, _ in turned_on
        )
    )


QUESTIONS = {
    "abuse_or_neglect": "Is abuse or neglect known or suspected?",
    "event.kind": "Did the child die, or was the child seriously harmed (the practitioner's "
    "judgement)?",
    "event.location": "Where did the death or harm happen (which authority's area, or outside "
    "England)?",
    "child.normally_resident": "Where is the child normally resident?",
    "child.looked_after": "Is the child looked after by a local authority, and by which?",
    "child.date_of_birth": "What is the child's date of birth (under 18 on the event date?) "
    "Where it is not known, record the age on the event date as a range of whole years, as far "
    "as it is known (child.age_on_event_date).",
    "event.date": "On what date did the death or harm happen?",
    "became_aware_on": "On what date did the authority become aware of the incident (it chooses "
    "the rules in force and starts the deadlines)?",
    "event.regulated_setting": "Did the event happen in a regulated setting or service?",
    "child.care_leaver": "Is the person a care leaver, and whose (which authority's)?",
    "child.known_to_childrens_social_care": "Is the child or family known to children's social "
    "care because of a recent incident or current concern about abuse or neglect?",
    "event.manner_of_death": "Was the death a suspected suicide, unexplained, or neither?",
    "child.unborn": "Is the child unborn?",
    "main_child": "Which child is the main child believed to be a victim of the exploitation "
    "operation (give that child's position in the group as main_child)?",
}
