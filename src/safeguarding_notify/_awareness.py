"""When a date that chooses the rules is not recorded: what holds whichever day it was.

The date the authority became aware chooses the rules in force (docs/law.md). When it is not
recorded, the event date chooses them, but the authority may have become aware on any day from
the event to today, or to the first notification recorded as made if that is earlier (never
before the event, nor after notifying); with the event date not recorded either, from the
child's birth (`Decider._awareness_window`). Where the rules changed in between, each other set
of rules is asked too, and the decision keeps only what they all agree on: the Panel answer if
they all give it (else "undetermined"), the notifications they all owe, and the rapid review if
they all expect one. The date of becoming aware is then the first question to ask.

Likewise where whether abuse or neglect is known or suspected is not recorded: it may have come
to be on a later day than the awareness (recorded, or any day of the window), under other rules
for what arises from it (`Decider._later_suspicion`), and abuse_or_neglect is asked.
Where it is recorded as known or suspected with no later date, it was known from the awareness
(the field's meaning), and a note says where a later date would change the Panel answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from ._explain import ANCHOR_NAMES, format_date, listed_words
from ._rulefile import Conclusion, RuleVersion

if TYPE_CHECKING:
    from ._decide import _Shape

__all__ = [
    "Duties",
    "agreed",
    "duties_of",
    "edition_notes",
    "later_suspicion_note",
    "suspicion_date_note",
    "unsettled_note",
]

Chosen = Mapping[tuple[Any, str | None], tuple[RuleVersion, Conclusion]]


class Duties(NamedTuple):
    """What a set of rules says this authority must do for one incident, and may have to."""

    notify_panel: str
    owed: frozenset[tuple[Any, str | None, str | None]]  # recipient, area, strength
    rapid_review: bool
    # What the rules still undetermined would owe (recipient and strength; "rapid_review" for
    # a rapid review): two sets of rules owing the same for certain but leaving different
    # things open do not agree (an unrecorded place leaves Working Together 2015's report of a
    # death in a regulated setting open, today's rules nothing), and the awareness date is asked.
    open: frozenset[tuple[str, str | None]] = frozenset()


def duties_of(shape: _Shape, chosen: Chosen) -> Duties:
    """The duties of a verdict's shape, with its notifications as chosen per recipient and area
    (`_assemble.chosen_notifications`)."""
    return Duties(
        notify_panel=shape.notify_panel,
        owed=frozenset((*key, then.strength) for key, (_, then) in chosen.items()),
        rapid_review=bool(shape.rapid_review),
        open=frozenset(
            (str(then.notify), then.strength) if then.notify else ("rapid_review", None)
            for _, then in shape.undetermined_conclusions
        ),
    )


def agreed(first: Duties, others: Iterable[Duties | None]) -> Duties | None:
    """What every set of rules agrees on, or None when they all give `first` itself.

    `None` among `others` is a period in which no encoded rule decides the Panel answer: nothing
    is known of it, so nothing is agreed but what needs no Panel answer.
    """
    every = [first, *others]
    if all(duties == first for duties in every):
        return None
    known = [duties for duties in every if duties is not None]
    panels = {duties.notify_panel for duties in known}
    return Duties(
        notify_panel=first.notify_panel
        if len(panels) == 1 and len(known) == len(every)
        else "undetermined",
        # Each of `first`'s notifications that every set of rules owes at least as strongly
        # ("must" covers "should"), whatever its deadline: a looked-after child's death is owed
        # to the Panel ("should", the guidance) whether or not a later suspicion makes it s16C's
        # "must" too, and an intersection of exact strengths left it out.
        owed=frozenset(
            item for item in first.owed if all(_owes_at_least(duties, item) for duties in known)
        )
        if len(known) == len(every)
        else frozenset(),
        rapid_review=len(known) == len(every) and all(duties.rapid_review for duties in known),
        open=frozenset().union(*(duties.open for duties in known)),
    )


_STRENGTH = {"should": 0, "must": 1}


def _owes_at_least(duties: Duties, item: tuple[Any, str | None, str | None]) -> bool:
    """Whether `duties` owe the recipient and area of `item` at its strength or stronger."""
    recipient, area, strength = item
    return any(
        (other, other_area) == (recipient, area)
        and _STRENGTH.get(str(other_strength), 0) >= _STRENGTH.get(str(strength), 0)
        for other, other_area, other_strength in duties.owed
    )


def unsettled_note(
    first_day: date, changes: Sequence[date], undated: tuple[date, str, bool] | None = None
) -> str:
    """The note saying the answer turns on the date of becoming aware, which is not recorded:
    on or after the event (`first_day`), or, with the event date not recorded either
    (`undated`: the latest day and what sets it, as `rules_date_of` gives them, and whether
    `first_day` is the child's birth rather than the first day of the encoded rules), from
    `first_day` to that latest day."""
    listed = listed_words([format_date(day) for day in changes])
    if undated is None:
        window = f"It was on or after the event ({format_date(first_day)}), and the rules in force"
        window += " changed since"
    else:
        latest, source, from_birth = undated
        by = "today" if source == "today" else "the first notification recorded as made"
        since = (
            "the child's birth"
            if from_birth
            else "the first day of the encoded rules: an earlier awareness is outside them"
        )
        window = (
            f"Nor is the event date. It was on or before {format_date(latest)} ({by}) and on or "
            f"after {format_date(first_day)} ({since}), and the rules in force changed in between"
        )
    return (
        f"When the authority became aware is not recorded. {window} (on {listed}); they do not "
        "all agree on the answer or on what is or may be owed, so only what they all agree on "
        "is given and became_aware_on decides the rest."
    )


def later_suspicion_note(changes: Sequence[date]) -> str:
    """The note saying the answer turns on whether, and when, abuse or neglect came to be known
    or suspected, which is not recorded: on a day after the awareness on or after one of the
    `changes` of the rules, what arises from it is decided under the rules then in force."""
    listed = listed_words([format_date(day) for day in changes])
    return (
        "Whether abuse or neglect is known or suspected is not recorded. Had it come to be known "
        "or suspected after the authority became aware, once the rules in force had changed (on "
        f"{listed}), what arises from it would be decided under the rules then in force, which "
        "do not all agree with those of the awareness date on the answer or on what is or may be "
        "owed; so only what they all agree on is given, and abuse_or_neglect (with "
        "abuse_or_neglect_suspected_on) decides the rest."
    )


def suspicion_date_note(changes: Sequence[date], settled: bool) -> str:
    """The note saying that abuse or neglect, recorded as known or suspected with no later date,
    is taken as known from the awareness, where a later date, on or after one of the `changes`
    of the rules, would change the Panel answer (or, not `settled`, leave it to facts still
    open)."""
    listed = listed_words([format_date(day) for day in changes])
    differ = "give" if settled else "may give, as the facts still open decide,"
    return (
        "Abuse or neglect is recorded as known or suspected with no abuse_or_neglect_suspected_on, "
        "so it is taken as known or suspected when the authority became aware. Had it come to be "
        f"known or suspected later, once the rules in force had changed (on {listed}), what "
        f"arises from it would be decided under those rules, which {differ} another Panel "
        "answer: if so, record abuse_or_neglect_suspected_on."
    )


def edition_notes(
    given: Iterable[tuple[str, RuleVersion, Conclusion]],
    elsewhere: Iterable[Sequence[RuleVersion]],
    rules_date: date,
) -> list[str]:
    """Where the awareness date is not recorded: each notification or rapid review `given` (what
    it is, its rule and conclusion) whose rule is in force in another version on days the
    authority may have become aware (`elsewhere`: the rules in force in each other period of
    the window).

    The periods agreeing on what is owed is not their agreeing on the edition of the guidance
    that asks it, or on what a rapid review counts from (the 2018-2019 guidance from becoming
    aware, the later from the Panel notification): the rules date's edition is given, so the
    reader is told it turns on the awareness date too.
    """
    notes = []
    for what, rule, then in given:
        others: dict[int, tuple[RuleVersion, str]] = {}
        for in_force in elsewhere:
            other = next((each for each in in_force if each.id == rule.id), None)
            if other is None or other.version == rule.version:
                continue
            # A later version from its first day; an earlier one (the event date not recorded
            # either) until the cited one began.
            days = (
                f"on or after {format_date(other.effective_from)}"
                if other.effective_from > rules_date
                else f"before {format_date(rule.effective_from)}"
            )
            others[other.version] = (other, days)
        if not others:
            continue
        alternatives = []
        for other, days in others.values():
            words = f"had the authority become aware {days}, {other.basis} would apply"
            anchor = next((each.rapid_review for each in other.then if each.rapid_review), None)
            if then.rapid_review and anchor and anchor != then.rapid_review:
                words += (
                    f", counting from {ANCHOR_NAMES[anchor]} rather than from "
                    f"{ANCHOR_NAMES[then.rapid_review]}"
                )
            alternatives.append(words)
        notes.append(
            f"{what[0].upper()}{what[1:]} follows {rule.basis}, in force on "
            f"{format_date(rules_date)}; {'; '.join(alternatives)}. The date the authority "
            "became aware (became_aware_on) decides which, or, for what arises from abuse or "
            "neglect suspected only later, the date it was (abuse_or_neglect_suspected_on)."
        )
    return notes
