"""Legal invariants not stated elsewhere, as Hypothesis properties over the shipped strategies.

Each test names the invariant and its source: /work/shared/reference/law.md as summarised in
docs/law.md (section numbers are law.md's), and the library's documented readings (docs/law.md,
docs/limits.md). They complement tests/test_properties.py, which states the first invariants.
"""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import (
    valid_or_skip,
    validated_or_none,
    working_day_in_england,
    working_days_after,
)
from safeguarding_notify import Decision, Incident, decide
from safeguarding_notify._calendar import age_on
from safeguarding_notify._decide import default_decider
from safeguarding_notify._explain import RECIPIENT_NAMES
from safeguarding_notify.errors import RulesNotInForceError
from safeguarding_notify.incident import england_today
from safeguarding_notify.strategies import (
    authority_codes,
    incident_mappings,
    incidents,
    notifiable_incidents,
)

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# For properties whose strategies filter out many draws (worlds that do not validate, say).
# The notes of a decision holding only what the rules of every day an unrecorded date (the
# awareness, or a later suspicion) may be agree on.
UNSETTLED_NOTES = (
    "When the authority became aware is not recorded",
    "Whether abuse or neglect is known or suspected is not recorded",
)
FILTERED_PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
S16C_RULES = ("s16c-1a-event-in-area", "s16c-1b-outside-england")
S16C_COMMENCED = date(2018, 6, 29)  # SI 2018/497 reg 3(c)
CARE_LEAVERS_FROM = date(2023, 12, 15)  # Working Together 2023
OUTSIDE_ENGLAND = ("wales", "scotland", "northern_ireland", "outside_uk")
# Arbitrary incidents are rarely notifiable, so properties about what is owed draw from both.
ANY_OR_NOTIFIABLE = st.one_of(incidents(), notifiable_incidents())


def _set(document: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with dotted paths replaced."""
    result = copy.deepcopy(document)
    for path, value in updates.items():
        *parents, leaf = path.split(".")
        target = result
        for part in parents:
            target = target[part]
        target[leaf] = value
    return result


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _outcomes(decision: Decision) -> dict[str, str]:
    return {reason.rule: reason.outcome for reason in decision.reasons}


def _duties(decision: Decision) -> set[tuple[str, str | None, str, date | None, str]]:
    """What is owed, statuses left out: recipient, area, strength, due date and rule."""
    return {
        (item.recipient, item.area, item.strength, item.due_by, item.rule)
        for item in decision.obligations
    }


def _assert_same_answer(before: Decision, after: Decision) -> None:
    """The two decisions give the same Panel answer, duties (statuses aside), questions, other
    authority's duty, rapid review and provisional Panel deadline."""
    assert after.notify_panel == before.notify_panel
    assert _duties(after) == _duties(before)
    assert after.missing_facts == before.missing_facts
    assert after.responsible_authority == before.responsible_authority
    assert after.panel_due_by_if_required == before.panel_due_by_if_required


# --- Thresholds: what every duty needs --------------------------------------------------------


@PROPERTY
@given(incident_mappings())
def test_no_death_or_serious_harm_owes_nothing(document: dict[str, Any]) -> None:
    """Every duty encoded needs a death or serious harm (s16C(1), Sch 2 para 20, WT2015, WT2023
    care leavers; law.md 1, 3, 6, 7), so an event that is neither owes nothing, names no other
    authority and never reaches the Panel."""
    document["event"].update(kind="other", manner_of_death="unknown")
    decision = decide(valid_or_skip(document))
    assert decision.notify_panel == "not_required"
    assert decision.obligations == []
    assert decision.rapid_review is None
    assert decision.responsible_authority is None


@PROPERTY
@given(incident_mappings())
def test_without_abuse_or_neglect_no_s16c_duty_arises(document: dict[str, Any]) -> None:
    """s16C(1) needs abuse or neglect known or suspected (law.md 1), so with it not suspected no
    s16C rule applies, no statutory Panel notification or rapid review is owed, and the Panel is
    not required unless the child may be looked after (law.md 3)."""
    document["abuse_or_neglect"] = "not_suspected"
    document.pop("abuse_or_neglect_suspected_on", None)
    incident = valid_or_skip(document)
    decision = decide(incident)
    outcomes = _outcomes(decision)
    assert all(outcomes.get(rule, "does_not_apply") == "does_not_apply" for rule in S16C_RULES)
    assert not any(o.recipient == "panel" and o.strength == "must" for o in decision.obligations)
    assert decision.rapid_review is None
    if incident.child.looked_after == "no":
        assert decision.notify_panel == "not_required"


@PROPERTY
@given(incident_mappings())
def test_an_unborn_child_gets_no_childs_duty_and_is_flagged(document: dict[str, Any]) -> None:
    """Whether a "child" (a person under 18, CA 2004 s65(1)) covers an unborn child is doubtful
    (law.md 8), and the documented reading applies no child's duty to one and flags every such
    decision for legal review."""
    document["child"].update(
        unborn=True,
        date_of_birth=None,
        looked_after="no",
        looked_after_by=None,
        care_leaver="no",
        care_leaver_of=None,
    )
    decision = decide(valid_or_skip(document))
    assert decision.notify_panel == "not_required"
    assert decision.obligations == []
    assert decision.rapid_review is None
    assert _outcomes(decision).get("s16c-unborn-child") == "applies"


@PROPERTY
@given(
    incident_mappings(known_only=True),
    st.one_of(st.sampled_from([25, 26]), st.integers(25, 110)),
    st.booleans(),
)
def test_no_one_aged_25_or_over_is_owed_anything(
    document: dict[str, Any], age: int, our_care_leavers_death: bool
) -> None:
    """A care leaver's death is notified up to and including the age of 24 (WT2023, law.md 7) and
    every other duty concerns a child (CA 2004 s65(1)), so the death or harm of anyone 25 or over
    owes nothing, this authority's care leaver's death included."""
    happened = date.fromisoformat(document["event"]["date"])
    born = _years_before(happened, age) - timedelta(days=1)
    document["child"].update(
        unborn=False, date_of_birth=born.isoformat(), looked_after="no", looked_after_by=None
    )
    if our_care_leavers_death:
        document["child"].update(care_leaver="yes", care_leaver_of=document["notifying_authority"])
        document["event"].update(kind="death", manner_of_death="other")
    incident = valid_or_skip(document)
    assert age_on(born, happened) >= 25
    decision = decide(incident)
    assert decision.notify_panel == "not_required"
    assert decision.obligations == []


@PROPERTY
@given(
    incident_mappings(known_only=True, today=CARE_LEAVERS_FROM - timedelta(days=1)),
    st.integers(18, 24),
)
def test_before_working_together_2023_an_adult_care_leavers_death_owes_nothing(
    document: dict[str, Any], age: int
) -> None:
    """The care leaver's death became notifiable with Working Together 2023 on 15 December 2023
    (law.md 7), so this authority's adult care leaver's death learned of earlier owes nothing."""
    happened = date.fromisoformat(document["event"]["date"])
    born = _years_before(happened, age) - timedelta(days=1)
    document["child"].update(
        unborn=False,
        date_of_birth=born.isoformat(),
        looked_after="no",
        looked_after_by=None,
        care_leaver="yes",
        care_leaver_of=document["notifying_authority"],
    )
    document["event"].update(kind="death", manner_of_death="other")
    decision = decide(valid_or_skip(document), CARE_LEAVERS_FROM - timedelta(days=1))
    assert decision.notify_panel == "not_required"
    assert decision.obligations == []


# --- Geography: whose duty it is ---------------------------------------------------------------


@PROPERTY
@given(
    incident_mappings(),
    st.sampled_from(OUTSIDE_ENGLAND),
    st.one_of(
        st.sampled_from(OUTSIDE_ENGLAND).map(lambda country: {"country": country}),
        authority_codes().map(lambda code: {"country": "england", "local_authority": code}),
    ),
)
def test_an_event_outside_england_to_a_child_living_elsewhere_is_never_ours(
    document: dict[str, Any], country: str, home: dict[str, Any]
) -> None:
    """s16C(1)(b) falls only on the authority where the child normally lives (law.md 1), so an
    event outside England to a child who does not live here, and is not looked after by us, never
    owes this authority the Panel."""
    here = document["notifying_authority"]
    assume(home.get("local_authority") != here)
    document["event"]["location"] = {"country": country}
    document["child"]["normally_resident"] = home
    if document["child"].get("looked_after_by") == here:
        document["child"].update(looked_after="no", looked_after_by=None)
    assume(document["child"]["looked_after"] != "unknown")
    decision = decide(valid_or_skip(document))
    assert decision.notify_panel == "not_required"
    assert "panel" not in {item.recipient for item in decision.obligations}
    assert decision.rapid_review is None


@PROPERTY
@given(incident_mappings(), authority_codes())
def test_a_child_looked_after_by_another_authority_is_not_our_looked_after_death(
    document: dict[str, Any], elsewhere: str
) -> None:
    """Sch 2 para 20 falls on the authority looking after the child (law.md 3), so the death of a
    child looked after by another authority, abuse or neglect not suspected, owes this authority no
    Panel, parents' or partners' notification wherever it happened."""
    here = document["notifying_authority"]
    assume(elsewhere != here)
    document["child"].update(unborn=False, looked_after="yes", looked_after_by=elsewhere)
    document["event"]["kind"] = "death"
    document["abuse_or_neglect"] = "not_suspected"
    document.pop("abuse_or_neglect_suspected_on", None)
    decision = decide(valid_or_skip(document))
    assert decision.notify_panel == "not_required"
    owed = {item.recipient for item in decision.obligations}
    # Left possible: WT2015's death in a regulated setting here, and a care leaver's death.
    assert owed <= {"ofsted", "local_safeguarding_children_board", "secretary_of_state"}


# --- Identifiers and words that carry no legal meaning ------------------------------------------


@PROPERTY
@given(incidents())
def test_known_and_suspected_abuse_are_alike(incident: Incident) -> None:
    """s16C(1) reads "knows or suspects" and WT2015 "known or suspected" (law.md 1, 6), so
    recording abuse or neglect as known rather than suspected, or the reverse, changes nothing
    decided."""
    assume(incident.abuse_or_neglect in ("known", "suspected"))
    other = "suspected" if incident.abuse_or_neglect == "known" else "known"
    before = decide(incident)
    after = decide(Incident.model_validate({**incident.model_dump(), "abuse_or_neglect": other}))
    _assert_same_answer(before, after)
    assert after.rapid_review == before.rapid_review


@PROPERTY
@given(
    ANY_OR_NOTIFIABLE,
    st.sampled_from([None, "X-1", "C-99/2"]),
    st.sampled_from([None, "family-9"]),
)
def test_the_case_reference_and_sibling_group_change_nothing_decided(
    incident: Incident, reference: str | None, family: str | None
) -> None:
    """Pseudonymous identifiers carry no legal meaning (README), so an incident's case reference
    and sibling group change nothing in its decision but the reference echoed and the input digest."""
    document = incident.model_dump()
    document["case_reference"] = reference
    document["child"]["sibling_group"] = family
    before, after = decide(incident), decide(Incident.model_validate(document))
    ignored = {"case_reference", "input_digest"}
    assert after.model_dump(exclude=ignored) == before.model_dump(exclude=ignored)


def _is_code(text: str) -> bool:
    return text[:1] == "E" and len(text) == 9 and text[1:].isdigit()


def _all_codes(value: Any) -> set[str]:
    """The authority codes in a dumped incident, in values and in keys (another area's partners
    in `notified_on` are keyed `safeguarding_partners:<code>`)."""
    if isinstance(value, dict):
        in_keys = {key.rpartition(":")[2] for key in value if _is_code(key.rpartition(":")[2])}
        return in_keys | {code for item in value.values() for code in _all_codes(item)}
    if isinstance(value, str) and _is_code(value):
        return {value}
    return set()


def _recoded(value: Any, mapping: dict[str, str]) -> Any:
    """The dumped incident with every authority code renamed by `mapping`, in keys and values."""
    if isinstance(value, dict):
        renamed = {}
        for key, item in value.items():
            prefix, colon, code = key.rpartition(":")
            new_key = f"{prefix}{colon}{mapping.get(code, code)}" if colon else key
            renamed[new_key] = _recoded(item, mapping)
        return renamed
    if isinstance(value, str):
        return mapping.get(value, value)
    return value


@PROPERTY
@given(
    ANY_OR_NOTIFIABLE,
    st.randoms(use_true_random=False),
    st.lists(authority_codes(), min_size=6, max_size=6, unique=True),
)
def test_renaming_every_authority_one_to_one_renames_the_answer(
    incident: Incident, shuffler: Any, fresh: list[str]
) -> None:
    """The law names no authority (s16C, Sch 2 para 20; law.md 1, 3), so renaming all the authority
    codes of an incident one to one renames them in the decision and changes nothing else
    (tests/test_properties.py renames at most two)."""
    document = incident.model_dump(mode="json")
    codes = sorted(_all_codes(document))
    targets = [*codes, *(code for code in fresh if code not in codes)]
    shuffler.shuffle(targets)
    mapping = dict(zip(codes, targets[: len(codes)], strict=True))
    before = decide(incident)
    after = decide(Incident.model_validate(_recoded(document, mapping)))
    assert after.notify_panel == before.notify_panel
    assert after.missing_facts == before.missing_facts
    responsible = before.responsible_authority
    assert after.responsible_authority == (responsible and mapping[responsible])
    renamed = {(r, a and mapping[a], s, d, rule) for r, a, s, d, rule in _duties(before)}
    assert _duties(after) == renamed
    assert after.rapid_review == before.rapid_review


# --- Dates: what they are read for -------------------------------------------------------------


@PROPERTY
@given(ANY_OR_NOTIFIABLE)
def test_recording_notifications_made_changes_nothing_owed(incident: Incident) -> None:
    """A duty arises from the incident, not from its discharge (law.md 1-3), so with the awareness
    recorded, recording notifications as made changes statuses only, never the Panel answer, what
    is owed, by when, or the questions (unrecorded, a notification made bounds when the authority
    became aware: its own property below)."""
    assume(incident.became_aware_on is not None)
    today = england_today()
    bare = Incident.model_validate({**incident.model_dump(), "notified_on": {}})
    before, after = decide(bare, today), decide(incident, today)
    _assert_same_answer(before, after)


@PROPERTY
@given(ANY_OR_NOTIFIABLE, st.integers(0, 3000))
def test_the_day_decided_against_changes_only_statuses(incident: Incident, later: int) -> None:
    """A recorded awareness date (or later suspicion) chooses the law applied (law.md 1,
    docs/law.md), so deciding on a later day changes statuses only, never the answer, what is owed,
    by when, or the questions. (Abuse or neglect not recorded may have come to be known on a day
    between the two, under rules in force only from then: the later day weighs them too.)"""
    aware = incident.became_aware_on
    assume(aware is not None)
    assert aware is not None
    recorded = [aware, *incident.notified_on.values()]
    if incident.abuse_or_neglect_suspected_on is not None:
        recorded.append(incident.abuse_or_neglect_suspected_on)
    today = england_today()
    earlier = min(max(recorded) + timedelta(days=later), today)
    book = default_decider().book
    assume(
        incident.abuse_or_neglect != "unknown" or book.period_of(earlier) == book.period_of(today)
    )
    before, after = decide(incident, earlier), decide(incident, today)
    assert after.notify_panel == before.notify_panel
    assert _duties(after) == _duties(before)
    assert after.missing_facts == before.missing_facts


def _moved(document: dict[str, Any], days: int) -> dict[str, Any]:
    """The dumped incident with every date moved by `days`."""

    def move(text: str | None) -> str | None:
        return text and (date.fromisoformat(text) + timedelta(days=days)).isoformat()

    moved = copy.deepcopy(document)
    moved["child"]["date_of_birth"] = move(moved["child"]["date_of_birth"])
    moved["event"]["date"] = move(moved["event"]["date"])
    moved["became_aware_on"] = move(moved["became_aware_on"])
    moved["abuse_or_neglect_suspected_on"] = move(moved.get("abuse_or_neglect_suspected_on"))
    moved["notified_on"] = {key: move(day) for key, day in moved["notified_on"].items()}
    return moved


@PROPERTY
@given(ANY_OR_NOTIFIABLE, st.one_of(st.integers(-14, 0), st.integers(-1200, 0)))
def test_dates_matter_only_through_the_rules_in_force_and_the_age(
    incident: Incident, days: int
) -> None:
    """The law reads dates only to choose the rules in force, to tell a person's age and to count
    deadlines (law.md 1, 2, 6, 7; s65(1)), so moving every date alike within the same rules and
    ages changes no answer, duty or question."""
    today = england_today()
    moved_today = today + timedelta(days=days)
    moved = validated_or_none(_moved(incident.model_dump(mode="json"), days))
    assume(moved is not None)
    assert moved is not None
    book = default_decider().book
    pairs = [
        (incident.event.date, moved.event.date),
        (incident.became_aware_on, moved.became_aware_on),
        (incident.abuse_or_neglect_suspected_on, moved.abuse_or_neglect_suspected_on),
        (today, moved_today),
        # A notification made bounds an unrecorded awareness, so it too may choose the rules.
        *((day, moved.notified_on[key]) for key, day in incident.notified_on.items()),
    ]
    for old, new in pairs:
        if old is not None and new is not None:
            assume(min(old, new) >= book.covered_from)
            assume(book.period_of(old) == book.period_of(new))
            # s16c-event-before-commencement flags an event before 29 June 2018
            assume((old < S16C_COMMENCED) == (new < S16C_COMMENCED))
    born, happened = incident.child.date_of_birth, incident.event.date
    if born is not None and happened is not None:
        assert moved.child.date_of_birth is not None
        assert moved.event.date is not None
        assume(age_on(born, happened) == age_on(moved.child.date_of_birth, moved.event.date))
    try:
        before, after = decide(incident, today), decide(moved, moved_today)
    except RulesNotInForceError:
        assume(False)  # awareness unrecorded and the event before the rules begin
        raise
    assert after.notify_panel == before.notify_panel
    assert after.missing_facts == before.missing_facts
    assert after.responsible_authority == before.responsible_authority
    owed = {(o.recipient, o.area, o.strength, o.rule) for o in before.obligations}
    assert {(o.recipient, o.area, o.strength, o.rule) for o in after.obligations} == owed
    assert (after.rapid_review is None) == (before.rapid_review is None)


# --- Certainty: unknowns are asked, never guessed, never needlessly --------------------------


def _at(document: Any, path: str) -> Any:
    """The value at a dotted path of a dumped incident (None below a missing place)."""
    for part in path.split("."):
        if document is None:
            return None
        document = document.get(part)
    return document


@PROPERTY
@given(ANY_OR_NOTIFIABLE)
def test_only_facts_left_unknown_are_asked(incident: Incident) -> None:
    """Missing facts are inputs whose answers could change the decision (README; law.md's "never
    guesses"), so every one asked is an input left unknown or a place in England whose area is
    unknown."""
    document = incident.model_dump(mode="json")
    for path in decide(incident).missing_facts:
        value = _at(document, path)
        partial_place = isinstance(value, dict) and value.get("local_authority", 0) is None
        assert value in (None, "unknown") or partial_place, (path, value)


# The inputs a decision reads, each left unknown in turn and completed with representative
# answers: every class of answer the law tells apart (this area, another English area, outside
# England; looked after by us or by another; the ages of 16, 18 and 25; the days the rules change).
BLANKABLE = (
    "abuse_or_neglect",
    "event.kind",
    "event.location",
    "child.normally_resident",
    "child.looked_after",
    "child.care_leaver",
    "child.date_of_birth",
    "event.date",
    "became_aware_on",
    "event.regulated_setting",
    "child.known_to_childrens_social_care",
    "event.manner_of_death",
)
AGES = (0, 15, 16, 17, 18, 24, 25, 40)
ABROAD = ({"country": "wales"}, {"country": "outside_uk"})


def _codes_in(document: dict[str, Any]) -> set[str]:
    child, event = document["child"], document["event"]
    found = {document["notifying_authority"]}
    for place in (child["normally_resident"], event["location"]):
        if place and place.get("local_authority"):
            found.add(place["local_authority"])
    found |= {child[key] for key in ("looked_after_by", "care_leaver_of") if child.get(key)}
    return found


def _blank(document: dict[str, Any], fact: str, partly: bool) -> None:
    """Leave `fact` unknown in the document: a place in England is left with its area unknown when
    `partly`, else wholly unknown."""
    child, event = document["child"], document["event"]
    if fact == "abuse_or_neglect":
        document.update(abuse_or_neglect="unknown", abuse_or_neglect_suspected_on=None)
    elif fact == "event.kind":
        # A manner of death recorded says the event was a death (the review's finding 3): the
        # kind is left unknown with the manner.
        event.update(kind=None, manner_of_death="unknown")
    elif fact in ("event.location", "child.normally_resident"):
        holder, key = (event, "location") if fact == "event.location" else (child, fact[6:])
        english = holder[key] is not None and holder[key]["country"] == "england"
        holder[key] = (
            {"country": "england", "local_authority": None} if partly and english else None
        )
    elif fact == "child.looked_after":
        child.update(looked_after="unknown", looked_after_by=None)
    elif fact == "child.care_leaver":
        child.update(care_leaver="unknown", care_leaver_of=None)
    elif fact == "child.date_of_birth":
        child["date_of_birth"] = None
    elif fact == "event.date":
        event["date"] = None
    elif fact == "became_aware_on":
        # Notifications made bound the awareness (their own property below): left out with it,
        # so the worlds here run from the event to today.
        document.update(became_aware_on=None, abuse_or_neglect_suspected_on=None, notified_on={})
    elif fact == "event.manner_of_death":
        event["manner_of_death"] = "unknown"
    else:
        *_, leaf = fact.split(".")
        (event if fact.startswith("event.") else child)[leaf] = "unknown"


def _birthdays(born: date, ages: tuple[int, ...]) -> set[date]:
    """The days each age is reached, and the days before (born 29 February: 1 March)."""
    days = set()
    for age in ages:
        try:
            birthday = born.replace(year=born.year + age)
        except ValueError:
            birthday = date(born.year + age, 3, 1)
        days |= {birthday, birthday - timedelta(days=1)}
    return days


def _answers_for(
    document: dict[str, Any], fact: str, codes: set[str], today: date
) -> list[dict[str, Any]]:
    """Representative known answers for `fact` in this document, as dotted-path updates."""
    child, event = document["child"], document["event"]
    english = [{"country": "england", "local_authority": code} for code in sorted(codes)]
    if fact == "abuse_or_neglect":
        answers: list[dict[str, Any]] = [
            {fact: value} for value in ("known", "suspected", "not_suspected")
        ]
        if document.get("became_aware_on"):
            # Or it came to be suspected later, on the day the rules changed or the day before
            # (what arises from it is decided under the rules of that day, law.md 1).
            aware = date.fromisoformat(document["became_aware_on"])
            days = {
                day - timedelta(days=back)
                for day in default_decider().book.boundaries
                for back in (0, 1)
            }
            answers += [
                {fact: "suspected", "abuse_or_neglect_suspected_on": day.isoformat()}
                for day in sorted(days)
                if aware < day <= today
            ]
        return answers
    if fact == "event.kind":
        return [{fact: value} for value in ("death", "serious_harm", "other")]
    if fact in ("event.location", "child.normally_resident"):
        partly = _at(document, fact) is not None  # in England, area unknown
        return [{fact: place} for place in (english if partly else [*english, *ABROAD])]
    if fact in ("child.looked_after", "child.care_leaver"):
        by = "child.looked_after_by" if fact == "child.looked_after" else "child.care_leaver_of"
        return [{fact: "no", by: None}] + [{fact: "yes", by: code} for code in sorted(codes)]
    if fact == "child.date_of_birth":
        happened = date.fromisoformat(event["date"])
        return [
            {fact: (_years_before(happened, age) - timedelta(days=shift)).isoformat()}
            for age in AGES
            for shift in (0, 1)
        ]
    if fact == "event.date":
        born = date.fromisoformat(child["date_of_birth"])
        aware = date.fromisoformat(document["became_aware_on"])
        days = {born, aware, S16C_COMMENCED, S16C_COMMENCED - timedelta(days=1)}
        days |= _birthdays(born, AGES)
        return [{fact: day.isoformat()} for day in sorted(days) if born <= day <= aware]
    if fact == "became_aware_on":
        book = default_decider().book
        earliest = max(date.fromisoformat(event["date"]), book.covered_from)
        days = {earliest, today}
        days |= {day - timedelta(days=back) for day in book.boundaries for back in (0, 1)}
        return [{fact: day.isoformat()} for day in sorted(days) if earliest <= day <= today]
    if fact == "event.manner_of_death":
        if event["kind"] != "death":  # only a death has a manner of death
            return [{fact: "unknown"}]
        return [{fact: value} for value in ("suspected_suicide", "unexplained", "other")]
    return [{fact: value} for value in ("yes", "no")]


def _worlds(
    document: dict[str, Any], blanked: list[str], codes: set[str], today: date
) -> list[Incident]:
    """Every valid incident completing the blanked facts with representative answers."""
    worlds = [document]
    # The kind before the manner of death; whether abuse or neglect is known or suspected last,
    # once the awareness date its later suspicions follow is known.
    for fact in sorted(
        blanked, key=lambda fact: (fact == "abuse_or_neglect", BLANKABLE.index(fact))
    ):
        worlds = [
            _set(world, update)
            for world in worlds
            for update in _answers_for(world, fact, codes, today)
        ]
    return [incident for world in worlds if (incident := validated_or_none(world)) is not None]


@st.composite
def _partly_known(draw: st.DrawFn, most: int = 3) -> tuple[dict[str, Any], list[str]]:
    """A fully known incident with one to `most` of its facts then left unknown, and which."""
    full = draw(
        st.one_of(
            incident_mappings(known_only=True),
            notifiable_incidents().map(lambda incident: incident.model_dump(mode="json")),
        )
    )
    blanked = draw(st.lists(st.sampled_from(BLANKABLE), min_size=1, max_size=most, unique=True))
    # A date's answers are drawn around the other date of its pair: one of them stays known.
    assume(not {"child.date_of_birth", "event.date"} <= set(blanked))
    assume(not {"event.date", "became_aware_on"} <= set(blanked))
    if full["child"]["unborn"]:  # no date of birth, never looked after nor a care leaver
        blanked = [
            fact
            for fact in blanked
            if fact not in ("child.date_of_birth", "child.looked_after", "child.care_leaver")
        ]
    if full["event"]["kind"] != "death" and "event.kind" not in blanked:
        blanked = [fact for fact in blanked if fact != "event.manner_of_death"]
    assume(blanked)
    if "event.date" in blanked:  # its answers run from the birth to the awareness
        assume(full["child"]["date_of_birth"] is not None)
    for fact in blanked:
        _blank(full, fact, draw(st.booleans()))
    if "event.kind" in blanked and "event.manner_of_death" not in blanked:
        blanked.append("event.manner_of_death")  # left unknown with the kind
    return full, blanked


def _decided_with_worlds(
    drawn: tuple[dict[str, Any], list[str]], elsewhere: str
) -> tuple[Decision, list[Decision]]:
    """The decision on a partly known incident, and on each world its blanked facts allow (another
    authority's code among the places); Hypothesis skips what cannot be decided."""
    partial, blanked = drawn
    incident = valid_or_skip(partial)
    codes = _codes_in(partial)
    assume(elsewhere not in codes)
    codes.add(elsewhere)
    today = england_today()
    try:
        decision = decide(incident, today)
    except RulesNotInForceError:
        assume(False)  # awareness unrecorded and the event before the rules begin
        raise
    worlds = [decide(world, today) for world in _worlds(partial, blanked, codes, today)]
    assume(worlds)
    return decision, worlds


@FILTERED_PROPERTY
@given(_partly_known(), authority_codes())
def test_an_answer_is_settled_exactly_when_every_possible_world_agrees(
    drawn: tuple[dict[str, Any], list[str]], elsewhere: str
) -> None:
    """Nothing is guessed and nothing left open needlessly (README, docs/law.md 1): the Panel
    answer is settled exactly when every world the unknown facts allow gives it, and what is owed
    is what every world owes at the weakest strength any gives it."""
    decision, worlds = _decided_with_worlds(drawn, elsewhere)
    blanked = drawn[1]
    answers = {world.notify_panel for world in worlds}
    if decision.notify_panel == "undetermined":
        assert len(answers) > 1, (blanked, answers)
    else:
        assert answers == {decision.notify_panel}, (blanked, answers)
    assert set(decision.missing_facts) <= set(blanked), (decision.missing_facts, blanked)
    rank = {"should": 0, "must": 1}
    owed = [{(o.recipient, o.area): rank[o.strength] for o in w.obligations} for w in worlds]
    everywhere = set.intersection(*(set(each) for each in owed))
    weakest = {key: min(each[key] for each in owed) for key in everywhere}
    listed = {(o.recipient, o.area): rank[o.strength] for o in decision.obligations}
    assert listed == weakest, (blanked, listed, weakest)
    # A notification listed with a date some possible world brings forward says so in a note.
    sooner = [
        note.lower() for note in decision.notes if "may be owed this notification sooner" in note
    ]
    for item in decision.obligations:
        earlier = [
            other.due_by
            for world in worlds
            for other in world.obligations
            if (other.recipient, other.area) == (item.recipient, item.area)
            and other.due_by
            and item.due_by
            and other.due_by < item.due_by
        ]
        if earlier:
            name = RECIPIENT_NAMES[item.recipient] + (f" of {item.area}" if item.area else "")
            assert any(note.startswith(name.lower()) for note in sooner), (blanked, item, earlier)


@FILTERED_PROPERTY
@given(_partly_known(), authority_codes())
def test_what_a_possible_world_owes_beyond_the_list_is_named_in_a_note(
    drawn: tuple[dict[str, Any], list[str]], elsewhere: str
) -> None:
    """Nothing that may be owed is hidden while a question is open: a notification some world the unknown facts allow owes and the decision does not list (or lists as "should" where the world owes "must"), and a rapid review some world expects where none is listed, are named in the "more may be owed" note (found missing by the legal review: a looked-after child's death with the place unknown listed the guidance's "should" to the Panel, and nothing of s16C's "must", the partners' report or the rapid review). Where the awareness date is unrecorded and the rules changed over the days it may be, a note already says only what every set agrees on is given."""
    decision, worlds = _decided_with_worlds(drawn, elsewhere)
    # Where the rules of the days an unrecorded date may be disagree, a note already says only
    # what they all agree on is given.
    assume(not any(note.startswith(UNSETTLED_NOTES) for note in decision.notes))
    more = [note.lower() for note in decision.notes if note.startswith("More may be owed")]
    named = more[0] if more else ""
    listed = {(o.recipient, o.area): o.strength for o in decision.obligations}
    for world in worlds:
        for item in world.obligations:
            if listed.get((item.recipient, item.area)) in (item.strength, "must"):
                continue
            # Its area by code, or, not yet known in the decision, by what will tell it.
            whose = rf" of ({item.area}|the [a-z ]+)".lower() if item.area else ""
            name = re.escape(RECIPIENT_NAMES[item.recipient].lower())
            # Named as owed at least as strongly ("must" covers a world owing "should").
            found = re.search(rf"{name}{whose} \(({item.strength}|must)", named)
            assert found, (drawn[1], item, decision.notes)
        if world.rapid_review and not decision.rapid_review:
            assert "a rapid review by the safeguarding partners" in named, drawn[1]


@FILTERED_PROPERTY
@given(_partly_known(), authority_codes())
def test_a_notification_noted_as_owed_to_no_one_is_owed_in_no_possible_world(
    drawn: tuple[dict[str, Any], list[str]], elsewhere: str
) -> None:
    """A notification recorded as made is noted as "not counted" only where nothing under its
    `notified_on` key is owed in any world the unknown facts allow (the awareness date and a
    later suspicion among them), at any strength: the note never tells an authority that a
    report it may owe was needless. The key is the recipient, and for the safeguarding partners
    their area: another area's partners may be noted beside this area's, owed, only where no
    world owes that area's (every place a world may name is among the areas recorded)."""
    partial, blanked = drawn
    made = england_today().isoformat()
    # Every recipient, the partners of an area no world names, and those of an area recorded.
    areas = sorted(_codes_in(partial) - {partial["notifying_authority"]})[:1]
    keys = {  # the key recorded, by the name a note gives it
        **{name: recipient for recipient, name in RECIPIENT_NAMES.items()},
        **{
            f"{RECIPIENT_NAMES['safeguarding_partners']} of {area}": f"safeguarding_partners:{area}"
            for area in (elsewhere, *areas)
        },
    }
    partial = {**partial, "notified_on": dict.fromkeys(keys.values(), made)}
    decision, worlds = _decided_with_worlds((partial, blanked), elsewhere)
    noted = {
        key
        for name, key in keys.items()
        for note in decision.notes
        if note.startswith(f"A notification to {name} is recorded ")
        and "so it meets no obligation listed here" in note
    }
    for world in worlds:
        owed = {item.notified_on_key for item in world.obligations}
        assert not owed & noted, (blanked, owed & noted, decision.notes)


@FILTERED_PROPERTY
@given(_partly_known(most=1), authority_codes())
def test_a_question_is_asked_only_when_its_answers_change_the_decision(
    drawn: tuple[dict[str, Any], list[str]], elsewhere: str
) -> None:
    """Missing facts are the inputs "whose answers could change the decision" (README), so with one
    fact unknown it is asked whenever its answers change the answer or duties, and only when they
    change the answer, duties or advice."""
    decision, worlds = _decided_with_worlds(drawn, elsewhere)
    blanked = drawn[1]
    # What is owed, by when: the rule behind a notification is not a question of fact.
    duties = {
        (
            w.notify_panel,
            frozenset((o.recipient, o.area, o.strength, o.due_by) for o in w.obligations),
        )
        for w in worlds
    }
    advice = {frozenset(a.rule for a in w.advisories) for w in worlds}
    assert set(decision.missing_facts) <= set(blanked)
    if len(duties) > 1:
        assert decision.missing_facts, (blanked, duties)
    # A question may also be asked for advice (never when awareness alone would change it: the
    # rules are then compared on their duties only, docs/law.md 1).
    if decision.missing_facts:
        assert len(duties) > 1 or len(advice) > 1, (blanked, decision.missing_facts)


# --- Provisions, strengths and deadlines --------------------------------------------------------


@PROPERTY
@given(notifiable_incidents())
def test_an_s16c_incident_is_a_statutory_duty_followed_by_a_rapid_review(
    incident: Incident,
) -> None:
    """Where s16C(1)(a) or (b) is met the Panel notification is a statutory "must" under that limb,
    with a report to this area's partners and a rapid review (law.md 1, 2, 4), even for a looked-
    after child's death that alone is a "should" (law.md 3)."""
    here = incident.notifying_authority
    location, home = incident.event.location, incident.child.normally_resident
    in_area = location is not None and getattr(location, "local_authority", None) == here
    abroad = location is not None and location.country != "england"
    lives_here = home is not None and getattr(home, "local_authority", None) == here
    assume(incident.abuse_or_neglect in ("known", "suspected"))
    assume(incident.event.kind in ("death", "serious_harm"))
    assume(in_area or (abroad and lives_here))
    decision = decide(incident)
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    assert panel.strength == "must"
    assert panel.rule == ("s16c-1a-event-in-area" if in_area else "s16c-1b-outside-england")
    assert ("safeguarding_partners", here) in {(o.recipient, o.area) for o in decision.obligations}
    assert decision.rapid_review is not None
    assert decision.responsible_authority is None


@PROPERTY
@given(ANY_OR_NOTIFIABLE)
def test_the_two_limbs_of_s16c_never_both_apply(incident: Incident) -> None:
    """The limbs of s16C(1) cannot overlap, (a) being an event in the area and (b) one outside
    England (law.md 1), so at most one applies, and then no other authority is named responsible."""
    decision = decide(incident)
    outcomes = _outcomes(decision)
    applying = [rule for rule in S16C_RULES if outcomes.get(rule) == "applies"]
    assert len(applying) <= 1
    if applying:
        assert decision.responsible_authority is None


# A looked-after child's death known on 26 March 2015, abuse suspected on 29 June 2018: Working
# Together 2015's reports (chosen by the awareness) beside s16C's (by the suspicion). A CI run drew
# it and failed the property, which held every rule to the suspicion's date alone.
_SPLIT_ACROSS_COMMENCEMENT = Incident.model_validate(
    {
        "notifying_authority": "E06000000",
        "child": {
            "date_of_birth": None,
            "normally_resident": None,
            "looked_after": "yes",
            "looked_after_by": "E06000000",
        },
        "event": {
            "kind": "death",
            "date": None,
            "location": {"country": "england", "local_authority": None},
        },
        "abuse_or_neglect": "known",
        "became_aware_on": "2015-03-26",
        "abuse_or_neglect_suspected_on": "2018-06-29",
    }
)


@PROPERTY
@given(ANY_OR_NOTIFIABLE)
@example(_SPLIT_ACROSS_COMMENCEMENT)
def test_every_duty_rests_on_a_rule_in_force_on_the_date_that_chose_the_rules(
    incident: Incident,
) -> None:
    """Every obligation and every rule found to apply is in force on the decision's rules date, or, where the rules changed between the awareness and a later suspicion, on the awareness date (`aware_rules_date`, for what arises from the death or harm itself) (s16C from 29 June 2018, SI 2018/497 reg 3(c); WT2015 before it; WT2023 care leavers from 15 December 2023: law.md 1, 6, 7)."""
    decision = decide(incident)
    book = default_decider().book
    days = [decision.rules_date, *filter(None, [decision.aware_rules_date])]
    in_force = {rule.id for day in days for rule in book.in_force(day)}
    for item in decision.obligations:
        assert item.rule in in_force, (item.rule, decision.rules_date)
    for reason in decision.reasons:
        if reason.outcome == "applies":
            assert reason.rule in in_force, (reason.rule, decision.rules_date)


# The duties that arise on becoming aware whatever the abuse, and those that arise only once abuse
# or neglect is known or suspected (docs/law.md: "A looked-after child's death ... does not turn
# on abuse, so its notifications still count from awareness").
FROM_AWARENESS = {
    "sch2-para20-looked-after-child-death",
    "looked-after-child-death-panel-service",
    "care-leaver-death",
    "wt2015-looked-after-child-death",
    "wt2015-regulated-setting-death",
}
FROM_SUSPICION = ("s16c-", "safeguarding-partners-", "wt2015-notifiable-")


@PROPERTY
@given(ANY_OR_NOTIFIABLE)
def test_each_deadline_runs_from_what_gives_rise_to_its_duty(incident: Incident) -> None:
    """Every deadline is five working days in England (law.md 2), from becoming aware for a duty
    that does not turn on abuse (Sch 2 para 20, care leavers, regulated settings) and from knowing
    or suspecting abuse for one that does (s16C and what follows it, WT2015's abuse-or-neglect
    incidents)."""
    aware = incident.became_aware_on
    knew = incident.abuse_or_neglect_suspected_on or aware
    for item in decide(incident).obligations:
        if item.due_by is None:
            continue
        assert aware is not None
        assert knew is not None
        assert working_day_in_england(item.due_by)
        if item.rule in FROM_AWARENESS:
            assert working_days_after(aware, item.due_by) == 5, item.rule
        else:
            assert item.rule.startswith(FROM_SUSPICION), item.rule
            assert working_days_after(knew, item.due_by) == 5, item.rule


def _elsewhere(incident: Incident, code: str) -> Incident:
    """The incident with its event, if in this area, moved to the area `code`, and its child, if
    living here, living there: what this authority would owe becomes that area's."""
    document = incident.model_dump(mode="json")
    here = document["notifying_authority"]
    for holder, key in ((document["event"], "location"), (document["child"], "normally_resident")):
        if holder[key] == {"country": "england", "local_authority": here}:
            holder[key] = {"country": "england", "local_authority": code}
    return validated_or_none(document) or incident


# Incidents often another area's under s16C: notifiable ones moved to another English area.
OFTEN_ELSEWHERE = st.one_of(
    ANY_OR_NOTIFIABLE,
    st.builds(_elsewhere, notifiable_incidents(), authority_codes()),
)


@FILTERED_PROPERTY
@given(OFTEN_ELSEWHERE)
def test_another_authority_is_named_only_where_s16c_can_put_the_duty(incident: Incident) -> None:
    """s16C(1)(a) falls on the event's area and (b) on the child's home area for an event outside
    England (law.md 1), so any authority named responsible is another English one in that place,
    and this authority then owes the Panel no statutory notification."""
    decision = decide(incident)
    named = decision.responsible_authority
    assume(named is not None)
    place, home = incident.event.location, incident.child.normally_resident
    could = set()
    if place is not None and place.country == "england":
        could.add(getattr(place, "local_authority", None))
    elif home is not None and home.country == "england":
        could.add(getattr(home, "local_authority", None))
    assert named != incident.notifying_authority
    assert named in could, (named, place, home)
    assert not any(o.recipient == "panel" and o.strength == "must" for o in decision.obligations)


@PROPERTY
@given(ANY_OR_NOTIFIABLE)
def test_a_rapid_review_is_due_fifteen_working_days_after_its_anchor(incident: Incident) -> None:
    """A rapid review follows a s16C notification within 15 working days (law.md 4), counted from
    awareness or suspicion under the 2018-2019 material and from the Panel notification sent
    (projected from its due date until recorded, or from today once that has passed) from 2020,
    always after the notification is due."""
    today = england_today()
    decision = decide(incident, today)
    review = decision.rapid_review
    assume(review is not None and review.due_by is not None)
    assert review is not None
    assert review.due_by is not None
    assert review.anchor_on is not None
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    assert panel.strength == "must"
    assert working_day_in_england(review.due_by)
    assert working_days_after(review.anchor_on, review.due_by) == 15
    knew = incident.abuse_or_neglect_suspected_on or incident.became_aware_on
    sent = incident.notified_on.get("panel")
    if review.anchor == "became_aware":
        assert decision.rules_date < date(2020, 1, 1)
        assert review.anchor_on == knew
    elif sent is not None and (knew is None or knew <= sent) and sent <= today:
        assert (review.anchor_on, review.projected) == (sent, False)
    else:
        assert panel.due_by is not None
        assert (review.anchor_on, review.projected) == (max(panel.due_by, today), True)
    if panel.due_by is not None:
        assert review.due_by > panel.due_by


# --- Findings of the invariants review (notes/review-invariants.md) -------------------------------

# Finding 1: a child looked after by this authority dies in Wales, where the child lives; the
# authority learns of it on 25 June 2018 (Working Together 2015) and comes to suspect abuse or
# neglect on 2 July 2018. No s16C limb can apply (the event is outside England, the child does
# not live here). When the suspicion chose the 2018 rules for every duty, the Panel answer turned
# "required" (the guidance's looked-after death, counted from 25 June) and the LSCB report owed
# under Working Together 2015 since 25 June disappeared; each rule is now chosen by its own date.
LOOKED_AFTER_DEATH_IN_WALES: dict[str, Any] = {
    "case_reference": "R-1",
    "notifying_authority": "E08000025",
    "child": {
        "date_of_birth": "2010-03-01",
        "normally_resident": {"country": "wales"},
        "looked_after": "yes",
        "looked_after_by": "E08000025",
    },
    "event": {"kind": "death", "date": "2018-06-20", "location": {"country": "wales"}},
    "abuse_or_neglect": "suspected",
    "became_aware_on": "2018-06-25",
}
# Finding 1 again: this authority's care leaver dies aged 20; it learns of it on 11 December 2023,
# before Working Together 2023 (15 December 2023) asked for care leavers' deaths, and suspects
# abuse on 20 December. s16C cannot apply to an adult, yet the suspicion brought the 2023 rules:
# the Secretary of State and Ofsted were owed, due 18 December 2023, counted from an awareness on
# which no such duty existed (without the suspicion, nothing is owed).
CARE_LEAVERS_DEATH_BEFORE_WT2023: dict[str, Any] = {
    "case_reference": "R-2",
    "notifying_authority": "E08000025",
    "child": {
        "date_of_birth": "2003-01-01",
        "normally_resident": {"country": "england", "local_authority": "E08000025"},
        "looked_after": "no",
        "care_leaver": "yes",
        "care_leaver_of": "E08000025",
    },
    "event": {
        "kind": "death",
        "date": "2023-12-08",
        "location": {"country": "england", "local_authority": "E08000025"},
    },
    "abuse_or_neglect": "suspected",
    "became_aware_on": "2023-12-11",
}
# Incidents learned of in the fortnight before a change of the rules, where a later suspicion
# falls under other rules than the awareness.
BEFORE_A_CHANGE = st.one_of(
    *(
        incidents(
            known_only=True, today=day - timedelta(days=1), aware_from=day - timedelta(days=14)
        )
        for day in (S16C_COMMENCED, CARE_LEAVERS_FROM)
    )
)


@PROPERTY
@given(st.one_of(ANY_OR_NOTIFIABLE, BEFORE_A_CHANGE), st.integers(0, 30))
@example(Incident.model_validate(LOOKED_AFTER_DEATH_IN_WALES), 7)
@example(Incident.model_validate(CARE_LEAVERS_DEATH_BEFORE_WT2023), 9)
def test_a_later_suspicion_changes_no_duty_that_does_not_turn_on_abuse(
    incident: Incident, later: int
) -> None:
    """A duty that arises on awareness whatever the abuse (Sch 2 para 20, WT2015 looked-after and
    regulated-setting deaths, WT2023 care leavers; law.md 3, 6, 7) is owed under the rules in force
    on awareness, so a later suspicion neither removes nor adds one, nor, where s16C cannot apply,
    changes the Panel answer."""
    aware = incident.became_aware_on
    assume(aware is not None)
    assert aware is not None
    today = england_today()
    document = {**incident.model_dump(mode="json"), "abuse_or_neglect_suspected_on": None}
    unsuspected = validated_or_none({**document, "abuse_or_neglect": "not_suspected"})
    suspected_on = min(aware + timedelta(days=later), today).isoformat()
    suspected = validated_or_none(
        {**document, "abuse_or_neglect": "suspected", "abuse_or_neglect_suspected_on": suspected_on}
    )
    assume(unsuspected is not None and suspected is not None)
    assert unsuspected is not None
    assert suspected is not None
    before, after = decide(unsuspected, today), decide(suspected, today)
    s16c = _outcomes(after)
    if all(s16c.get(rule, "does_not_apply") == "does_not_apply" for rule in S16C_RULES):
        assert after.notify_panel == before.notify_panel

    def from_awareness(decision: Decision) -> set[tuple[str, str | None, date | None]]:
        return {
            (o.recipient, o.area, o.due_by)
            for o in decision.obligations
            if o.rule in FROM_AWARENESS
        }

    # A statutory Panel notification from the suspicion may replace the guidance's from awareness.
    owed_after = {(o.recipient, o.area, o.due_by) for o in after.obligations}
    panel_after = any(o.recipient == "panel" for o in after.obligations)
    lost = {
        item
        for item in from_awareness(before)
        if item not in owed_after and not (item[0] == "panel" and panel_after)
    }
    assert not lost
    assert from_awareness(after) <= {(o.recipient, o.area, o.due_by) for o in before.obligations}


# Finding 2: a death of a child in this area, abuse suspected, on 1 May 2018; the authority's
# report to Ofsted is recorded as made on 3 May 2018, but not when it became aware. It cannot have
# become aware after notifying (the input refuses a notification before `became_aware_on`), so
# it became aware before s16C commenced: Working Together 2015 applies, the Panel is not required
# and Ofsted and the LSCB are owed. The library asked `became_aware_on`, weighing awareness dates
# up to today, and listed nothing owed, until the awareness was bounded by the first notification.
NOTIFIED_BEFORE_S16C: dict[str, Any] = {
    "case_reference": "R-3",
    "notifying_authority": "E08000025",
    "child": {
        "date_of_birth": "2010-01-01",
        "normally_resident": {"country": "england", "local_authority": "E08000025"},
        "looked_after": "no",
    },
    "event": {
        "kind": "death",
        "date": "2018-05-01",
        "location": {"country": "england", "local_authority": "E08000025"},
    },
    "abuse_or_neglect": "suspected",
    "became_aware_on": "2018-05-02",
    "notified_on": {"ofsted": "2018-05-03"},
}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        incident_mappings(known_only=True),
        # Aware before s16C commenced, where an unrecorded awareness could fall either side.
        incident_mappings(known_only=True, today=S16C_COMMENCED - timedelta(days=1)),
    )
)
@example(NOTIFIED_BEFORE_S16C)
def test_a_notification_made_bounds_an_unrecorded_awareness(document: dict[str, Any]) -> None:
    """An authority cannot notify before it becomes aware (the input refuses `notified_on` before
    `became_aware_on`), so with awareness unrecorded the answer and duties are those every
    awareness date from the event to the first notification made gives (law.md 1)."""
    assume(document["became_aware_on"] and document.get("notified_on"))
    book = default_decider().book
    if date.fromisoformat(document["event"]["date"]) < book.covered_from:
        # Unrecorded, the awareness is sought from the event on: let the rules cover the event.
        document["event"]["date"] = document["became_aware_on"]
    document.pop("abuse_or_neglect_suspected_on", None)
    incident = valid_or_skip({**document, "became_aware_on": None})
    today = england_today()
    decision = decide(incident, today)
    first = min(map(date.fromisoformat, document["notified_on"].values()))
    start = date.fromisoformat(document["event"]["date"])
    days = {start, first} | {
        day - timedelta(days=back)
        for day in book.boundaries
        for back in (0, 1)
        if start <= day - timedelta(days=back) <= first
    }
    worlds = [decide(_set(document, {"became_aware_on": day.isoformat()}), today) for day in days]
    answers = {world.notify_panel for world in worlds}
    if len(answers) == 1:
        assert decision.notify_panel in answers, (sorted(days), answers)
    owed = set.intersection(*({(o.recipient, o.area) for o in w.obligations} for w in worlds))
    assert owed <= {(o.recipient, o.area) for o in decision.obligations}


@PROPERTY
@given(incident_mappings(), st.sampled_from(["suspected_suicide", "unexplained", "other"]))
def test_a_recorded_manner_of_death_needs_the_event_recorded_as_a_death(
    document: dict[str, Any], manner: str
) -> None:
    """Only a death has a manner of death, so a manner recorded with the event's kind unrecorded
    is refused, naming the field, rather than deciding a death while asking whether it was one
    (the review's finding 3: `event.kind` was asked and `serious_harm` offered as a what-if)."""
    document["event"].update(kind=None, manner_of_death=manner)
    with pytest.raises(ValidationError) as refused:
        decide(document)
    (problem,) = refused.value.errors()
    assert problem["loc"] == ("event",)
    assert problem["msg"].endswith(
        "manner_of_death is only allowed when kind is 'death' (kind is not recorded)"
    )


@PROPERTY
@given(ANY_OR_NOTIFIABLE)
def test_every_deadline_is_its_working_days_after_the_date_it_counts_from(
    incident: Incident,
) -> None:
    """The guidance's deadlines are working days from becoming aware, or from a later suspicion for
    a duty arising only then (law.md 2): each obligation's due date is its `within_working_days`
    working days in England after its `counted_from`, which is one of those two dates."""
    for item in decide(incident).obligations:
        if item.due_by is None:
            assert item.counted_from is None or item.within_working_days is None
            continue
        assert item.counted_from in (
            incident.became_aware_on,
            incident.abuse_or_neglect_suspected_on,
        )
        assert item.within_working_days is not None
        assert working_days_after(item.counted_from, item.due_by) == item.within_working_days


@PROPERTY
@given(st.one_of(ANY_OR_NOTIFIABLE, BEFORE_A_CHANGE), st.integers(0, 30))
def test_each_answer_names_the_rule_version_in_force_on_the_date_that_chooses_it(
    incident: Incident, later: int
) -> None:
    """Every reason, obligation, advisory and rapid review names a version of its rule in force on
    the date that chooses that rule (law.md 1): the later suspicion for a rule on what arises only
    from abuse or neglect, else the awareness date (unrecorded: the date the decision says chose
    the rules), so an auditor can open the very file applied."""
    aware = incident.became_aware_on
    if aware is not None and later and incident.abuse_or_neglect in ("known", "suspected"):
        suspected_on = min(aware + timedelta(days=later), england_today()).isoformat()
        document = incident.model_dump(mode="json")
        incident = (
            validated_or_none({**document, "abuse_or_neglect_suspected_on": suspected_on})
            or incident
        )
    decision = decide(incident, england_today())
    versions = {(rule.id, rule.version): rule for rule in default_decider().book.rules}
    suspected = incident.abuse_or_neglect_suspected_on
    rapid_review = [decision.rapid_review] if decision.rapid_review else []
    answers = [*decision.reasons, *decision.obligations, *decision.advisories, *rapid_review]
    assert len({reason.rule for reason in decision.reasons}) == len(decision.reasons)
    for answer in answers:
        rule = versions[answer.rule, answer.rule_version]
        by_suspicion = rule.chosen_by == "abuse_or_neglect_suspected_on"
        day = (suspected if by_suspicion else None) or aware or decision.rules_date
        assert rule.in_force_on(day), (answer.rule, answer.rule_version, day)


# Found by the property above at the end of the thirteenth session (before its generator left out
# a later suspicion): a death in this area, abuse known, aware on 26 March 2015 and suspected on
# the 27th, the setting unknown. In a regulated setting, Working Together 2015's reports are owed
# from the awareness (by 2 April 2015); otherwise only as an abuse-or-neglect incident, from the
# suspicion (by 7 April, Easter between). The missing-facts search compared who is owed, not by
# when, so the setting was not asked, and only the later date was given.
DUE_DATE_TURNS_ON_THE_SETTING: dict[str, Any] = {
    "case_reference": "R-3",
    "notifying_authority": "E06000001",
    "child": {
        "date_of_birth": "1987-03-27",
        "normally_resident": {"country": "england", "local_authority": "E06000001"},
        "looked_after": "no",
    },
    "event": {
        "kind": "death",
        "date": "2005-03-26",
        "location": {"country": "england", "local_authority": "E06000001"},
        "regulated_setting": "unknown",
    },
    "abuse_or_neglect": "known",
    "became_aware_on": "2015-03-26",
    "abuse_or_neglect_suspected_on": "2015-03-27",
}


def test_a_fact_that_moves_a_due_date_under_a_later_suspicion_is_asked() -> None:
    """Whether the death was in a regulated setting moves Ofsted's and the LSCB's due date (from
    the awareness, or from the later suspicion), so it is asked."""
    today = date(2026, 11, 27)
    due = {
        setting: {
            item.due_by
            for item in decide(
                _set(DUE_DATE_TURNS_ON_THE_SETTING, {"event.regulated_setting": setting}), today
            ).obligations
        }
        for setting in ("yes", "no")
    }
    assert due == {"yes": {date(2015, 4, 2)}, "no": {date(2015, 4, 7)}}
    decision = decide(DUE_DATE_TURNS_ON_THE_SETTING, today)
    assert "event.regulated_setting" in decision.missing_facts


def test_a_later_suspicion_that_moves_no_due_date_asks_nothing_more() -> None:
    """Aware on a Saturday and suspecting abuse on the Sunday, the awareness and the suspicion
    give the same due dates: whether the setting was regulated changes nothing, and is not asked."""
    weekend = _set(
        DUE_DATE_TURNS_ON_THE_SETTING,
        {"became_aware_on": "2015-03-28", "abuse_or_neglect_suspected_on": "2015-03-29"},
    )
    today = date(2026, 11, 27)
    due = {
        setting: {
            (item.recipient, item.due_by)
            for item in decide(
                _set(weekend, {"event.regulated_setting": setting}), today
            ).obligations
        }
        for setting in ("yes", "no")
    }
    assert (
        due["yes"]
        == due["no"]
        == {
            ("ofsted", date(2015, 4, 7)),
            ("local_safeguarding_children_board", date(2015, 4, 7)),
        }
    )
    assert decide(weekend, today).missing_facts == []


def test_a_notification_an_unknown_fact_may_bring_forward_says_so() -> None:
    """With the setting unknown, Ofsted's and the LSCB's reports are listed as due 7 April (owed
    from the suspicion whatever the answer), and a note gives 2 April, the date if the setting
    was regulated (owed from the awareness): the earlier date is never hidden behind a question.
    Once the setting is recorded, either way, no such note remains."""
    today = date(2026, 11, 27)
    notes = decide(DUE_DATE_TURNS_ON_THE_SETTING, today).notes
    sooner = [note for note in notes if "may be owed this notification sooner" in note]
    assert len(sooner) == 2
    assert sooner[0].startswith("Ofsted may be owed this notification sooner: by 2 April 2015")
    assert sooner[1].startswith("The Local Safeguarding Children Board of E06000001 may be owed")
    assert all("(should; wt2015-regulated-setting-death v1)" in note for note in sooner)
    for setting in ("yes", "no"):
        settled = decide(
            _set(DUE_DATE_TURNS_ON_THE_SETTING, {"event.regulated_setting": setting}), today
        )
        assert not any("sooner" in note for note in settled.notes)
