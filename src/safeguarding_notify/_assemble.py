"""The parts of a decision that come from the incident itself, once the rules have concluded.

The rules' conclusions for the incident's situation (a `Verdict`) say what is owed and why; the
incident adds the dates, the authority codes and what was already notified: the rules date, each
obligation's due date and status, the advice, the input paths still missing, the area to refer to
and the digest of the input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from pydantic import BaseModel

from ._awareness import Duties
from ._calendar import add_working_days
from ._explain import RECIPIENT_NAMES, format_date, listed_words
from ._facts import AXIS_PATHS
from ._rulefile import Conclusion, RuleVersion
from ._status import notified_key, status_fields
from .decision import Advisory, Obligation, Recipient, Status
from .incident import EnglishPlace, Incident, latest_awareness

if TYPE_CHECKING:
    from ._decide import Verdict

__all__ = [
    "advisories_of",
    "chosen_notifications",
    "chosen_of",
    "clock_start",
    "due_of",
    "earlier_deadline_notes",
    "input_digest",
    "missing_paths_of",
    "named_recipient",
    "obligations_of",
    "paths_of",
    "provisional_panel",
    "responsible_area_of",
    "rules_date_of",
    "rules_note",
    "sooner_notes",
    "split_rules_note",
    "uncounted_notified_notes",
    "unowed_notified_notes",
]

_RECIPIENT_ORDER: tuple[str, ...] = get_args(Recipient)  # obligations listed in this order


def rules_date_of(incident: Incident, today: date) -> tuple[date, str]:
    """The date whose rules in force decide the incident, and which input chose it."""
    # The duty arises when the authority knows or suspects, so awareness chooses the rules; where
    # abuse or neglect came to be suspected later, that is when s16C's duty arose.
    if incident.abuse_or_neglect_suspected_on:
        return incident.abuse_or_neglect_suspected_on, "abuse_or_neglect_suspected_on"
    if incident.became_aware_on:
        return incident.became_aware_on, "became_aware_on"
    if incident.event.date:
        return incident.event.date, "event.date"
    latest = latest_awareness(incident, today)
    return latest, ("today" if latest == today else "notified_on")


# What the date choosing the rules is, by the field it came from (`rules_date_source`).
_CHOSEN_BY = {
    "became_aware_on": "when the authority became aware",
    "abuse_or_neglect_suspected_on": "when abuse or neglect came to be known or suspected",
    "event.date": "the event date, as the date the authority became aware is not recorded",
    "today": "today, as neither the awareness date nor the event date is recorded",
    "notified_on": "the first notification recorded as made, as neither the awareness date nor "
    "the event date is recorded (the authority was aware by then)",
}


@lru_cache(maxsize=1024)
def rules_note(rules_date: date, source: str) -> str:
    """The decision's note saying which rules were applied."""
    # Worded once per date and source: formatting a date is a noticeable share of a decision.
    return f"The rules in force on {format_date(rules_date)}, {_CHOSEN_BY[source]}, were applied."


def split_rules_note(aware: date, suspected: date) -> str:
    """The note saying which rules were applied when they changed between the awareness date and
    a later suspicion (each rule chosen by its own date: `RuleVersion.chosen_by`)."""
    return (
        f"The rules in force changed between {format_date(aware)}, when the authority became "
        f"aware, and {format_date(suspected)}, when abuse or neglect came to be known or "
        "suspected. What arises only once abuse or neglect is known or suspected (s16C and what "
        "follows it) was decided under the rules in force on the later date; what arises from "
        "the death or harm itself (such as a looked-after child's death) under those in force on "
        "the earlier. Flagged for legal review."
    )


def responsible_area_of(kinds: Iterable[str], incident: Incident) -> str | None:
    """The other English authority whose duty it may be instead (the first of `kinds`, each a
    `Conclusion.responsible_authority`, whose area is known): where the event happened, or where
    the child normally lives."""
    for kind in kinds:
        place = (
            incident.event.location
            if kind == "event_location"
            else incident.child.normally_resident
        )
        if isinstance(place, EnglishPlace) and place.local_authority not in (
            None,
            incident.notifying_authority,
        ):
            return place.local_authority
    return None


def chosen_notifications(
    owed: Iterable[tuple[RuleVersion, Conclusion]], incident: Incident
) -> dict[tuple[Any, str | None], tuple[RuleVersion, Conclusion]]:
    """The conclusion each notification owed rests on, by recipient and area (a GSS code)."""
    return chosen_of(
        owed, lambda then: _owed_key(then, incident), lambda then: due_of(then, incident)
    )


def _owed_key(then: Conclusion, incident: Incident) -> tuple[Any, str | None]:
    """Who a notify conclusion is owed to, for this incident: recipient and area (a GSS code)."""
    return then.notify, _area(then.area, incident)


Key = TypeVar("Key")


def chosen_of(
    owed: Iterable[tuple[RuleVersion, Conclusion]],
    key_of: Callable[[Conclusion], Key],
    due: Callable[[Conclusion], Any],
) -> dict[Key, tuple[RuleVersion, Conclusion]]:
    """The conclusion each notification owed rests on, by `key_of` (who is owed it), its due date
    told by `due` (a date, or anything ordered like one; None for none): `chosen_notifications`,
    and the missing-facts search's comparison, which has no dates (`_ranking.signature`)."""
    chosen: dict[Key, tuple[RuleVersion, Conclusion]] = {}
    for rule, then in owed:
        key = key_of(then)
        current = chosen.get(key)
        # One notification per recipient: a statutory "must" outranks guidance's "should"; of
        # two alike, the one due first (a looked-after child's death is due from awareness, the
        # same report for abuse or neglect suspected later from the suspicion).
        if current is None or _before(then, current[1], due):
            chosen[key] = (rule, then)
    return chosen


def earlier_deadline_notes(
    owed: Iterable[tuple[RuleVersion, Conclusion]],
    chosen: Mapping[tuple[Any, str | None], tuple[RuleVersion, Conclusion]],
    incident: Incident,
    today: date,
) -> list[str]:
    """A note for each notification owed that `chosen_notifications` set aside for a stronger
    one due later: a looked-after child's death, due to the Panel through the service from
    awareness, beside s16C's notification due from a later suspicion. One notification per
    recipient is listed (an open question for the owner); the earlier deadline is not lost."""
    notes = []
    for rule, then in owed:
        key = _owed_key(then, incident)
        if key not in chosen:
            continue  # not owed whichever rules apply (awareness unrecorded: `_awareness`)
        kept_rule, kept = chosen[key]
        due, kept_due = due_of(then, incident), due_of(kept, incident)
        if kept is then or due is None or (kept_due is not None and kept_due <= due):
            continue
        fields = _status_of(str(then.notify), key[1], then, due, incident, today)
        notes.append(
            f"{_capitalised(RECIPIENT_NAMES[str(then.notify)])} was also to be notified by "
            f"{_counted_words(rule, then, due, incident)} ({rule.id} "
            f"v{rule.version}): {_made_words(fields)}. Only the notification under "
            f"{kept_rule.basis}, due later, is listed as owed; the earlier one is a notification "
            "of its own" + ("." if fields.get("notified_on") else ": check that it was made.")
        )
    return notes


def sooner_notes(
    open_owed: Iterable[tuple[RuleVersion, Conclusion]],
    chosen: Mapping[tuple[Any, str | None], tuple[RuleVersion, Conclusion]],
    incident: Incident,
) -> list[str]:
    """A note for each notification owed that a rule still undetermined (`open_owed`: its
    conclusions) would make due sooner: the decision lists the date owed whatever the answers,
    and an unknown fact may bring it forward (a death known on one day and abuse suspected the
    next: the report owed from the suspicion is due from the awareness if the setting was
    regulated). The earliest such date per notification is given, and the rule behind it."""
    sooner: dict[tuple[Any, str | None], tuple[date, RuleVersion, Conclusion]] = {}
    for rule, then in open_owed:
        key = _owed_key(then, incident)
        due = due_of(then, incident)
        owed = chosen.get(key)
        owed_due = due_of(owed[1], incident) if owed else None
        if due is None or owed_due is None or due >= owed_due:
            continue
        if key not in sooner or due < sooner[key][0]:
            sooner[key] = (due, rule, then)
    notes = []
    for (recipient, area), (due, rule, then) in sooner.items():
        name = named_recipient(str(recipient), area)
        notes.append(
            f"{_capitalised(name)} may be owed this notification sooner: by "
            f"{_counted_words(rule, then, due, incident)} "
            f"({then.strength}; {_rules_words((rule,))}), if the missing facts settle that rule "
            "as applying. Until they are answered, the earlier date is the safe one to work to."
        )
    return notes


def more_owed_note(
    open_conclusions: Iterable[tuple[RuleVersion, Conclusion]],
    chosen: Mapping[tuple[Any, str | None], tuple[RuleVersion, Conclusion]],
    rapid_review: Sequence[tuple[RuleVersion, Conclusion]],
    incident: Incident,
) -> list[str]:
    """The note naming what the rules still undetermined (`open_conclusions`) would add to the
    notifications listed: a recipient not listed, one listed as "should" that a rule would make
    "must", and a rapid review where none is listed (a looked-after child's death with abuse
    suspected and the place unknown: the guidance's "should" to the Panel is listed, s16C's
    "must", the partners' report and the rapid review wait on the place). Empty when nothing
    would be added."""
    # Per recipient and area, the strongest strength the open rules would owe, and those rules;
    # an area not yet known is named by what will tell it, and kept apart from another not yet
    # known (the partners of the area looking after the child and of the area where the child
    # lives were one item, worded as the second: review s28, C25).
    added: dict[tuple[Any, str | None], tuple[str, list[RuleVersion], bool]] = {}
    reviews: list[RuleVersion] = []
    for rule, then in open_conclusions:
        if then.rapid_review:
            if rule not in reviews:
                reviews.append(rule)
            continue
        key = _owed_key(then, incident)
        listed = chosen.get(key)
        if listed is not None and (listed[1].strength, then.strength) != ("should", "must"):
            continue  # listed already, as strong
        if key[1] is None and then.area in _AREA_WORDS:
            key = (key[0], _AREA_WORDS[then.area])
        current = added.get(key)
        if current is None or (current[0], then.strength) == ("should", "must"):
            # (a "must" is named before a "should")
            added[key] = (str(then.strength), [rule], listed is not None)
        elif current[0] == then.strength and rule not in current[1]:
            current[1].append(rule)
    items = []
    for (recipient, whose), (strength, rules, was_listed) in added.items():
        weaker = ", not should" if was_listed else ""
        items.append(
            f"{RECIPIENT_NAMES[str(recipient)]}{f' of {whose}' if whose else ''} "
            f"({strength}{weaker}; {_rules_words(rules)})"
        )
    if reviews and not rapid_review:
        items.append(f"a rapid review by the safeguarding partners ({_rules_words(reviews)})")
    if not items:
        return []
    return [
        "More may be owed than is listed, if the missing facts settle the rules still open as "
        f"applying: {listed_words(items)}. Until they are answered, plan for them."
    ]


def unowed_notified_notes(
    possible: Iterable[tuple[RuleVersion, Conclusion]],
    elsewhere: Iterable[Duties | None],
    incident: Incident,
    today: date,
) -> list[str]:
    """A note for each notification recorded as made (`notified_on`) to a recipient to whom
    nothing is owed or may be owed: none of the conclusions `possible` (those owed and those the
    rules still undetermined would give) notifies them, nor do the other sets of rules weighed
    (`elsewhere`: the duties of the rules of the other days the unrecorded awareness may be, and
    of those a suspicion after the awareness, not recorded, may bring; None for rules that decide
    nothing, of which nothing is known, so no note). The record was dropped without a word, which
    left an integrator reconciling records guessing whether it was read.

    Matched by its `notified_on` key, recipient and area: another area's safeguarding partners,
    owed nothing where every area is known, are noted beside this area's, owed. Where the area
    of a notification to the partners that may be owed is not known (a place not recorded, the
    undetermined duties of another day's rules, which carry no area, a later suspicion's), a
    record to any area's partners may be the one it names, and none of them is noted.

    The note says so where the record still tells something: the first notification made bounds
    when the authority became aware, its date not recorded (and may have chosen the rules
    applied: `rules_date_of`); one made after `today`, the date decided against, says so."""
    keys, anywhere = _owed_keys(possible, elsewhere, incident)
    if keys is None:
        return []
    notes = []
    for key, made in incident.notified_on.items():
        recipient, _, area = key.partition(":")
        if key in keys or recipient in anywhere:
            continue
        name = named_recipient(recipient, area)
        after = f" (after {format_date(today)}, the date decided against)" if made > today else ""
        notes.append(
            f"A notification to {name} is recorded as made on {format_date(made)}{after}, but "
            f"nothing to {name} is owed on these facts, so it meets no obligation listed here"
            f"{_bounds_words(made, incident, today)}."
            + (_MISKEYED if recipient in _OFTEN_MISKEYED else "")
        )
    return notes


# Recipients a notification meant for another is most often recorded under: the partners of
# another area, or the Local Safeguarding Children Board that the partners replaced in 2019.
_OFTEN_MISKEYED = ("safeguarding_partners", "local_safeguarding_children_board")
_MISKEYED = (
    " If it was made to a recipient listed as owed, record it under that obligation's "
    "notified_on_key."
)


def _bounds_words(made: date, incident: Incident, today: date) -> str:
    """What a notification recorded but meeting no obligation still tells, in words: with the
    awareness date not recorded, the first notification bounds it, and where neither that nor
    the event date is recorded, it chose the rules applied (`rules_date_of`)."""
    if incident.became_aware_on is not None or made != latest_awareness(incident, today):
        return ""
    chose = rules_date_of(incident, today)[1] == "notified_on"
    return (
        " (it still bounds when the authority became aware"
        + (", and so chose the rules applied" if chose else "")
        + ")"
    )


def uncounted_notified_notes(
    owed: Iterable[tuple[RuleVersion, Conclusion]],
    chosen: Mapping[tuple[Any, str | None], tuple[RuleVersion, Conclusion]],
    incident: Incident,
    today: date,
) -> list[str]:
    """A note for each notification listed as owed (`chosen`) whose record in `notified_on` is
    not counted (`status_fields`): made before the duty arose (a report for abuse or neglect
    known or suspected after the authority became aware, recorded as made before the
    suspicion), or after `today`, the date decided against. Each was ignored without a word.

    What counts is what the obligations count (`_status_of`); where the record counts towards
    another notification owed to the same recipient (`owed`), set aside for the one listed (a
    looked-after child's death, notified to the Panel before abuse was suspected), the "also to
    be notified" note (`earlier_deadline_notes`) says so, and none is given here."""
    owed = list(owed)
    notes = []
    for (recipient, area), (_, kept) in chosen.items():
        since = clock_start(kept, incident)
        key = notified_key(str(recipient), area, incident.notifying_authority)
        made = incident.notified_on.get(key)
        early = made is not None and since is not None and made < since
        if made is None or not (early or made > today):
            continue
        if early and any(
            _owed_key(then, incident) == (recipient, area)
            and _status_of(str(recipient), area, then, None, incident, today)["notified_on"]
            for _, then in owed
        ):
            continue
        # `since` is the later suspicion: a record before the awareness is refused (validation).
        name = named_recipient(str(recipient), area)
        recorded = f"A notification to {name} is recorded as made on {format_date(made)}"
        notes.append(
            f"{recorded}, before the duty it would meet arose (abuse or neglect came to be known "
            f"or suspected on {format_date(since)}), so it is not counted towards it."
            if early and since
            else f"{recorded}, after the date decided against ({format_date(today)}): on that "
            "date it had not been made, so it is not counted."
        )
    return notes


def named_recipient(recipient: str, area: str | None) -> str:
    """A recipient as a note names it, with its area where it has one."""
    return RECIPIENT_NAMES[recipient] + (f" of {area}" if area else "")


def _owed_keys(
    possible: Iterable[tuple[RuleVersion, Conclusion]],
    elsewhere: Iterable[Duties | None],
    incident: Incident,
) -> tuple[set[str] | None, set[str]]:
    """The `notified_on` keys of what may be owed (`unowed_notified_notes`), and the recipients
    that may be owed under a key not known (the partners of an area not known), recorded under
    any of theirs; None for the keys where nothing is known of some rules (`elsewhere`: None)."""
    keys: set[str] = set()
    anywhere: set[str] = set()

    def add(recipient: str, area: str | None) -> None:
        if recipient == "safeguarding_partners" and area is None:
            anywhere.add(recipient)
        else:
            keys.add(notified_key(recipient, area, incident.notifying_authority))

    for _, then in possible:
        if then.notify:
            add(str(then.notify), _area(then.area, incident))
    for duties in elsewhere:
        if duties is None:
            return None, anywhere
        for recipient, area, _ in duties.owed:
            add(str(recipient), area)
        anywhere.update(recipient for recipient, _ in duties.open)  # no area: any key
    return keys, anywhere


# Whose safeguarding partners an area that is not yet known names, by its kind.
_AREA_WORDS = {
    "child_residence_area": "the area where the child normally lives",
    "looked_after_by_area": "the authority looking after the child",
}


def _rules_words(rules: Sequence[RuleVersion]) -> str:
    """Rule versions named in a note, as `id vN`, any of which gives what it is named for."""
    return " or ".join(f"{rule.id} v{rule.version}" for rule in rules)


def _counted_words(rule: RuleVersion, then: Conclusion, due: date, incident: Incident) -> str:
    """A deadline of the deadline notes in words: its date, what it counts from, its basis."""
    start = clock_start(then, incident)
    return (
        f"{format_date(due)}, {then.within_working_days} working days from "
        f"{format_date(start) if start else 'awareness'}, under {rule.basis}"
    )


def _capitalised(words: str) -> str:
    """`words` opening a sentence (`str.capitalize` would lower "Ofsted"'s and "Board"'s)."""
    return words[0].upper() + words[1:]


def _made_words(fields: Mapping[str, Any]) -> str:
    """Whether a notification is recorded as made, from its status fields, in words."""
    made = fields.get("notified_on")
    if made is not None:
        late = " late" if fields.get("status") == "done_late" else ""
        return f"recorded as made{late} on {format_date(made)}"
    if fields.get("status") == "overdue":
        return "not recorded as made, and that date has passed"
    return "not yet recorded as made"


def _before(then: Conclusion, current: Conclusion, due: Callable[[Conclusion], Any]) -> bool:
    """Whether `then` takes the place of `current` as the one notification to a recipient."""
    if then.strength != current.strength:
        return then.strength == "must"
    then_due, current_due = due(then), due(current)
    return then_due is not None and (current_due is None or then_due < current_due)


def obligations_of(
    chosen: Mapping[tuple[Any, str | None], tuple[RuleVersion, Conclusion]],
    incident: Incident,
    today: date,
) -> list[Obligation]:
    """One obligation per recipient and area (`chosen_notifications`), with its due date and its
    status against `today`."""
    obligations = []
    for (recipient, area), (rule, then) in chosen.items():
        due = due_of(then, incident)
        obligations.append(
            Obligation(
                recipient=recipient,
                area=area,
                strength=then.strength,  # type: ignore[arg-type]
                due_by=due,
                rule=rule.id,
                rule_version=rule.version,
                basis=rule.basis,
                certainty=rule.certainty,
                due_by_certainty=(then.deadline_certainty or rule.certainty)
                if then.within_working_days
                else None,
                within_working_days=then.within_working_days,
                counted_from=clock_start(then, incident) if then.within_working_days else None,
                explanation=rule.explain.applies,
                **_status_of(recipient, area, then, due, incident, today),
            )
        )
    return sorted(obligations, key=lambda item: _RECIPIENT_ORDER.index(item.recipient))


def clock_start(then: Conclusion, incident: Incident) -> date | None:
    """The date a conclusion's working days count from, for this incident: the awareness date,
    or the later suspicion of abuse or neglect for a duty that arises only from it."""
    if then.counted_from == "abuse_or_neglect_suspected_on":
        return incident.abuse_or_neglect_suspected_on or incident.became_aware_on
    return incident.became_aware_on


def due_of(then: Conclusion, incident: Incident) -> date | None:
    """When a notify conclusion is due for this incident (None when it cannot be counted: no
    deadline, or no date to count from)."""
    start = clock_start(then, incident)
    if start is None or not then.within_working_days:
        return None
    return add_working_days(start, then.within_working_days)


def provisional_panel(
    conclusions: Iterable[Conclusion], incident: Incident, today: date
) -> tuple[date | None, Status | None]:
    """The Panel notification the undetermined rules would owe (their notify conclusions with a
    deadline): its due date, the earliest of theirs (`due_of`), and its status against `today`.

    The status is an obligation's (`status_fields`): the guidance's working days run while the
    open questions are asked, so a deadline that has passed is "overdue" here too, and one made
    (`notified_on.panel`) while undetermined is "done" or "done_late".
    """
    dated = [(due, then) for then in conclusions if (due := due_of(then, incident))]
    if not dated:
        return None, None
    due, then = min(dated, key=lambda pair: pair[0])
    return due, _status_of("panel", None, then, due, incident, today).get("status")


def _status_of(
    recipient: str,
    area: str | None,
    then: Conclusion,
    due: date | None,
    incident: Incident,
    today: date,
) -> dict[str, Any]:
    """The status fields (`status_fields`) of a notification to `recipient` that `then` owes,
    due on `due`, against what the incident records as made and `today`."""
    return status_fields(
        recipient,
        area,
        due,
        incident.notified_on,
        incident.notifying_authority,
        today,
        since=clock_start(then, incident),
    )


def _area(kind: str | None, incident: Incident) -> str | None:
    """The GSS code a notify conclusion's `area` names, for this incident."""
    if kind == "notifying_authority":
        return incident.notifying_authority
    if kind == "child_residence_area":
        place = incident.child.normally_resident
        return place.local_authority if isinstance(place, EnglishPlace) else None
    if kind == "looked_after_by_area":
        return incident.child.looked_after_by
    return None


def advisories_of(verdict: Verdict) -> list[Advisory]:
    return [
        Advisory(
            rule=rule.id,
            rule_version=rule.version,
            advice=then.advise,
            basis=rule.basis,
            certainty=rule.certainty,
            explanation=rule.explain.applies,
        )
        for rule in verdict.shape.advising
        for then in rule.then
        if then.advise
    ]


def missing_paths_of(verdict: Verdict, incident: Incident) -> tuple[list[str], list[str]]:
    """The input paths of the missing facts, most decisive first, and those of them that can
    change only the advice (never the Panel answer or what is owed), asked last."""
    decisive = paths_of(verdict.missing_axes, incident)
    advice_only = [
        path for path in paths_of(verdict.advisory_missing_axes, incident) if path not in decisive
    ]
    paths = decisive + advice_only
    if incident.became_aware_on is None and verdict.shape.any_notification_possible:
        paths.append("became_aware_on")  # needed for every due date
    return paths, advice_only


def paths_of(axes: Sequence[str], incident: Incident) -> list[str]:
    """The input paths that settle these unknown axes, in order."""
    paths: list[str] = []
    for axis in axes:
        if axis == "age" and incident.child.age_on_event_date is not None:
            # An age range is the age on the event date, whatever that date: only the date of
            # birth (recorded in its place) narrows it.
            asked = [AXIS_PATHS[axis]]
        elif axis == "age":
            # The age on the event date needs both dates: ask for each one not recorded (with
            # both unknown, either one alone can still change the answer).
            asked = [
                path
                for path, value in (
                    ("child.date_of_birth", incident.child.date_of_birth),
                    ("event.date", incident.event.date),
                )
                if value is None
            ]
        else:
            asked = [AXIS_PATHS[axis]]
        paths += [path for path in asked if path not in paths]
    return paths


def input_digest(incident: BaseModel) -> str:
    """SHA-256 of the validated incident (or group) as canonical JSON.

    The canonical form is Pydantic's JSON serialisation of the validated model without the
    fields at their default values, in the order the model declares them (nested models
    likewise), no whitespace, dates as YYYY-MM-DD, UTF-8. It depends only on the validated
    values, not on how the input was written (key order, spacing, a default written out or
    left out, a mapping or an `Incident`), and it is computed in compiled code, several times
    faster than re-encoding a dump with sorted keys.
    """
    # Defaults left out, so that an optional field added in a later release leaves the digest
    # of every incident that does not use it unchanged: a stored decision can still be matched.
    # The model's serializer gives the same bytes as `model_dump_json(exclude_defaults=True)`,
    # without the round trip through a Python string.
    canonical = incident.__pydantic_serializer__.to_json(incident, exclude_defaults=True)
    return "sha256:" + hashlib.sha256(canonical).hexdigest()
