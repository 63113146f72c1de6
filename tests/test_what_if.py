"""Why not, and what if: the smallest changes of the recorded facts that would require the Panel."""

from __future__ import annotations

import shutil
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel, ValidationError

from conftest import CHECKOUT_RULES, OTHER_AREA, OUR_AREA, THIRD_AREA, incident
from safeguarding_notify import (
    Decider,
    Decision,
    FactChange,
    Incident,
    RulesNotInForceError,
    decide,
)
from safeguarding_notify._whatif import MAX_ANSWERS as _MAX_LISTED
from safeguarding_notify.incident import england_today
from safeguarding_notify.strategies import incidents
from what_if_realised import realised

ABROAD_RESIDENT_ELSEWHERE = {
    "event.location": {"country": "outside_uk"},
    "child.normally_resident": {"country": "england", "local_authority": OTHER_AREA},
}
ELSEWHERE_IN_ENGLAND = {"event.location": {"country": "england", "local_authority": OTHER_AREA}}


def answers(**overrides: Any) -> list[str]:
    return [item.explanation for item in decide(incident(**overrides)).what_if]


def test_abuse_not_suspected_is_one_change_from_the_threshold() -> None:
    """A death here without suspected abuse would be required if abuse were suspected, or if we looked after the child."""
    assert answers(abuse_or_neglect="not_suspected") == [
        "The Panel notification would be required if abuse or neglect were known or suspected "
        "(s16c-1a-event-in-area).",
        "The Panel notification would be required if the child were looked after by this "
        "authority (looked-after-child-death-panel-service).",
    ]


def test_another_areas_event_would_be_ours_if_it_happened_here_or_abroad() -> None:
    """An event in another English area would be ours if it happened here, or abroad (the child lives here)."""
    found = answers(**ELSEWHERE_IN_ENGLAND)
    assert found[:2] == [
        "The Panel notification would be required if the event had happened in this "
        "authority's area (s16c-1a-event-in-area).",
        "The Panel notification would be required if the event had happened outside England "
        "(s16c-1b-outside-england).",
    ]


def test_a_death_abroad_would_be_ours_if_the_child_lived_here() -> None:
    """A death abroad of a child living elsewhere in England would be required if the child lived in this area."""
    found = answers(**ABROAD_RESIDENT_ELSEWHERE)
    assert (
        "The Panel notification would be required if the child were normally resident in this "
        "area (s16c-1b-outside-england)." in found
    )
    assert found[0].startswith(
        "The Panel notification would be required if the event had happened in this authority's area"
    )


def test_an_adult_would_be_notifiable_only_as_a_child() -> None:
    """A person 18 or over on the event date would be notifiable if they had been under 18."""
    assert answers(**{"child.date_of_birth": "2000-01-01"}) == [
        "The Panel notification would be required if the child were under 18 on the event date "
        "(s16c-1a-event-in-area)."
    ]


def test_pairs_are_given_only_when_no_single_change_suffices() -> None:
    """An event that is neither death nor serious harm, abuse not suspected, needs two changes; pairs are listed."""
    decision = decide(incident(**{"event.kind": "other"}, abuse_or_neglect="not_suspected"))
    assert decision.what_if
    assert all(len(item.changes) == 2 for item in decision.what_if)
    assert decision.what_if[0].changes == (
        FactChange(
            path="abuse_or_neglect",
            value="known_or_suspected",
            words="if abuse or neglect were known or suspected",
        ),
        FactChange(path="event.kind", value="death", words="if the child had died"),
    )
    assert decision.what_if[0].explanation == (
        "The Panel notification would be required if abuse or neglect were known or suspected "
        "and the child had died (s16c-1a-event-in-area)."
    )


def test_an_undetermined_decision_shows_what_would_settle_it_as_required() -> None:
    """With abuse unknown, the what-if names suspected abuse as the change that would require the Panel."""
    decision = decide(incident(abuse_or_neglect="unknown"))
    assert decision.notify_panel == "undetermined"
    assert decision.what_if[0].changes[0].path == "abuse_or_neglect"


def test_a_required_decision_has_no_what_if() -> None:
    """When the Panel notification is already required there is nothing to list."""
    assert decide(incident()).what_if == []


def test_making_a_child_looked_after_is_one_change_where_the_age_is_not_yet_known() -> None:
    """A 22-year-old's death with the event date unrecorded, abuse not suspected: recording the
    child as looked after by this authority alone makes the Panel required (a looked-after child
    is under 18), and is listed alone (it was listed only with "and under 18")."""
    decision = decide(
        incident(
            **{"child.date_of_birth": "2003-06-09", "event.date": None},
            abuse_or_neglect="not_suspected",
            became_aware_on="2025-06-11",
        )
    )
    assert [answer.explanation for answer in decision.what_if] == [
        "The Panel notification would be required if the child were looked after by this "
        "authority (looked-after-child-death-panel-service)."
    ]


UNBORN = {"child.date_of_birth": None, "child.unborn": True, "event.kind": "serious_harm"}


def test_an_unborn_child_made_born_has_an_age_still_to_record() -> None:
    """Harm to an unborn child, abuse suspected: "if the child had been born" alone leaves the age
    unknown (the Panel then undetermined), so it comes only with a change settling the child as
    under 18 (it was listed alone, the unborn child's stand-in age kept)."""
    decision = decide(incident(**UNBORN))
    assert decision.notify_panel == "not_required"
    assert [[change.words for change in answer.changes] for answer in decision.what_if] == [
        ["if the child were looked after by this authority", "if the child had been born"],
        ["if the child were looked after by another authority", "if the child had been born"],
        ["if the child were under 18 on the event date", "if the child had been born"],
    ]


def test_an_unborn_child_is_never_made_looked_after_without_being_born() -> None:
    """An unborn child's event that is neither a death nor serious harm: no listed change makes
    them looked after while unborn (an incident validation refuses); nothing one or two changes
    would make required remains."""
    assert decide(incident(**{**UNBORN, "event.kind": "other"})).what_if == []


def test_an_age_with_the_event_date_unrecorded_is_a_change_of_the_event_date() -> None:
    """The date of birth recorded and the event date not: the change of age is made by recording
    the event date (as missing_facts asks), not by changing the date of birth recorded."""
    decision = decide(
        incident(
            **{
                "child.date_of_birth": "2003-06-09",
                "event.date": None,
                "event.kind": "serious_harm",
            },
            became_aware_on="2025-06-11",
        )
    )
    assert decision.missing_facts == ["event.date"]
    aged = [
        change
        for answer in decision.what_if
        for change in answer.changes
        if change.words == "if the child were under 18 on the event date"
    ]
    assert [change.path for change in aged] == ["event.date"]


def test_looking_after_is_a_change_where_only_an_age_reading_rule_decides() -> None:
    """A death known the day before s16C commenced, abuse suspected the day it did, the date of
    birth unrecorded: the Panel rules then (s16C's, chosen by the suspicion) read the age, not
    whether the child is looked after, yet recording the child as looked after settles the age
    (under 18), so it is listed (the search left the looked-after axis out; found by the property
    below, drawn just after midnight)."""
    decision = decide(
        incident(
            **{"child.date_of_birth": None, "event.date": None},
            became_aware_on="2018-06-28",
            abuse_or_neglect_suspected_on="2018-06-29",
        )
    )
    assert decision.notify_panel == "undetermined"
    assert (
        "The Panel notification would be required if the child were looked after by this "
        "authority (s16c-1a-event-in-area)." in [answer.explanation for answer in decision.what_if]
    )


BEFORE_S16C_UNAWARE = {
    "child.date_of_birth": "2001-03-30",
    "event.kind": "serious_harm",
    "event.date": "2017-11-27",
    "became_aware_on": None,
}


def test_the_awareness_date_is_a_change_where_the_rules_changed_since_the_event() -> None:
    """Harm before s16C commenced, abuse known, the awareness date unrecorded: undetermined, and
    becoming aware on or after 29 June 2018 is the one change that makes the Panel required (the
    what-if was empty: it asked Working Together 2015's rules alone, under which nothing does)."""
    decision = decide(incident(**BEFORE_S16C_UNAWARE))
    assert decision.notify_panel == "undetermined"
    assert [answer.explanation for answer in decision.what_if] == [
        "The Panel notification would be required if the authority had become aware on or after "
        "29 June 2018 (s16c-1a-event-in-area)."
    ]
    for aware in ("2018-06-29", "2026-11-20"):
        assert decide(
            incident(**{**BEFORE_S16C_UNAWARE, "became_aware_on": aware})
        ).notify_panel == ("required")
    assert decide(
        incident(**{**BEFORE_S16C_UNAWARE, "became_aware_on": "2018-06-28"})
    ).notify_panel == ("not_required")


def test_the_awareness_dates_listed_end_at_the_first_notification_recorded() -> None:
    """The same, Ofsted notified on 1 February 2019: the authority was aware by then, so the
    awareness dates listed end there (they read "on or after 29 June 2018", which validation
    refuses beyond it)."""
    notified = {**BEFORE_S16C_UNAWARE, "notified_on": {"ofsted": "2019-02-01"}}
    assert [answer.explanation for answer in decide(incident(**notified)).what_if] == [
        "The Panel notification would be required if the authority had become aware from 29 June "
        "2018 to 1 February 2019 (s16c-1a-event-in-area)."
    ]


def test_an_awareness_date_pairs_with_a_fact_that_would_require_the_panel_then() -> None:
    """The same with abuse not suspected: no one change would do; becoming aware on or after 29
    June 2018 with abuse or neglect known or suspected would (and a notification recorded before
    the rules changed, which awareness cannot follow, rules it out)."""
    unsuspected = {**BEFORE_S16C_UNAWARE, "abuse_or_neglect": "not_suspected"}
    assert [answer.explanation for answer in decide(incident(**unsuspected)).what_if] == [
        "The Panel notification would be required if the authority had become aware on or after "
        "29 June 2018 and abuse or neglect were known or suspected (s16c-1a-event-in-area)."
    ]
    notified = {**unsuspected, "notified_on": {"ofsted": "2018-01-05"}}
    assert decide(incident(**notified)).what_if == []


# -- every answer really does what it says: applied to the incident, it makes the Panel required ---

_OVERRIDES: dict[tuple[str, str], dict[str, Any]] = {
    ("abuse_or_neglect", "known_or_suspected"): {"abuse_or_neglect": "suspected"},
    ("abuse_or_neglect", "not_suspected"): {"abuse_or_neglect": "not_suspected"},
    ("event.kind", "death"): {"event.kind": "death"},
    ("event.kind", "serious_harm"): {"event.kind": "serious_harm"},
    ("event.kind", "other"): {"event.kind": "other"},
    ("event.location", "this_area"): {
        "event.location": {"country": "england", "local_authority": OUR_AREA}
    },
    ("event.location", "other_english_area"): {
        "event.location": {"country": "england", "local_authority": THIRD_AREA}
    },
    ("event.location", "outside_england"): {"event.location": {"country": "wales"}},
    ("child.normally_resident", "this_area"): {
        "child.normally_resident": {"country": "england", "local_authority": OUR_AREA}
    },
    ("child.normally_resident", "other_english_area"): {
        "child.normally_resident": {"country": "england", "local_authority": THIRD_AREA}
    },
    ("child.normally_resident", "outside_england"): {
        "child.normally_resident": {"country": "scotland"}
    },
    ("child.looked_after", "by_this_authority"): {
        "child.looked_after": "yes",
        "child.looked_after_by": OUR_AREA,
    },
    ("child.looked_after", "by_another_authority"): {
        "child.looked_after": "yes",
        "child.looked_after_by": THIRD_AREA,
    },
    ("child.looked_after", "no"): {"child.looked_after": "no", "child.looked_after_by": "<absent>"},
    ("child.date_of_birth", "the child were under 18 on the event date"): {
        "child.date_of_birth": "2015-03-01"
    },
}

BASES: list[dict[str, Any]] = [
    {"abuse_or_neglect": "not_suspected"},
    {"abuse_or_neglect": "unknown"},
    {"event.kind": "other", "abuse_or_neglect": "not_suspected"},
    {"event.kind": "serious_harm", **ELSEWHERE_IN_ENGLAND},
    ABROAD_RESIDENT_ELSEWHERE,
    {"child.date_of_birth": "2000-01-01"},
    {"child.date_of_birth": "2000-01-01", "abuse_or_neglect": "not_suspected"},
    {"event.kind": None, "child.looked_after": "unknown", "abuse_or_neglect": "not_suspected"},
    {"event.location": {"country": "scotland"}, "child.normally_resident": None},
]


@pytest.mark.parametrize("base", BASES, ids=[str(sorted(base)) for base in BASES])
def test_every_what_if_applied_to_the_incident_makes_the_panel_required(
    base: dict[str, Any],
) -> None:
    """Applying the changes of any what-if to the incident and deciding again gives "required"."""
    decision = decide(incident(**base))
    assert decision.notify_panel != "required"
    assert decision.what_if, "a case below the threshold should have a way over it"
    for item in decision.what_if:
        changed = dict(base)
        for change in item.changes:
            changed.update(_OVERRIDES[(change.path, change.value)])
        assert decide(incident(**changed)).notify_panel == "required", item.explanation


PAIR_BASES = [BASES[2], BASES[6]]


@pytest.mark.parametrize(
    "base", PAIR_BASES, ids=["not serious, not suspected", "adult, not suspected"]
)
def test_pairs_appear_only_when_no_single_change_works(base: dict[str, Any]) -> None:
    """When pairs are listed, no single change of one fact makes the Panel required."""
    decision = decide(incident(**base))
    assert decision.what_if
    assert all(len(item.changes) == 2 for item in decision.what_if)
    for (path, _value), override in _OVERRIDES.items():
        try:
            outcome = decide(incident(**{**base, **override})).notify_panel
        except ValueError:
            continue  # an impossible combination (an adult looked after) is no change
        assert outcome != "required", path


def test_no_event_date_is_offered_that_could_not_fall_under_the_rules_asked() -> None:
    """Aware on 28 June 2018 of a death on 20 June, abuse suspected: no fact of the incident could
    make the Panel required then (s16C was not in force), and an event on or after 29 June, which
    the search offered citing s16c-not-yet-in-force, cannot precede an awareness before it; only
    a suspicion from 29 June, recorded as later than the awareness, would."""
    before_s16c = {
        "event.date": "2018-06-20",
        "became_aware_on": "2018-06-28",
        "child.date_of_birth": "2010-01-01",
    }
    decision = decide(incident(**before_s16c))
    assert decision.notify_panel == "not_required"
    assert [[change.path for change in item.changes] for item in decision.what_if] == [
        ["abuse_or_neglect_suspected_on"]
    ]


def _clear_every_list(value: Any) -> None:
    """Empty every list reachable from a decision's fields, as a careless caller might."""
    if isinstance(value, list):
        for item in value:
            _clear_every_list(item)
        value.clear()
    elif isinstance(value, tuple):
        for item in value:
            _clear_every_list(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _clear_every_list(getattr(value, name))


def test_changing_a_returned_decision_changes_no_later_decision() -> None:
    """A caller emptying every list in one decision leaves the next decision, for another case, whole."""
    first = incident(abuse_or_neglect="not_suspected", case_reference="C-1")
    second = incident(abuse_or_neglect="not_suspected", case_reference="C-2")
    before = decide(second).model_dump()
    assert before["what_if"], "the case must have what-if answers, which are remembered"
    _clear_every_list(decide(first))
    assert decide(second).model_dump() == before


# -- properties: over any incident, each answer does what it says, and none is missed --------------

# Every value of each fact (not a quantity) the search may change, as the what-if writes it:
# written out, not taken from the search's own list (`_facts._KNOWN_VALUES`), so that a value the
# search left out would still be tried.
_FACT_VALUES = {
    "abuse_or_neglect": ("known_or_suspected", "not_suspected"),
    "event.kind": ("death", "serious_harm", "other"),
    "event.location": ("this_area", "other_english_area", "outside_england"),
    "child.normally_resident": ("this_area", "other_english_area", "outside_england"),
    "child.looked_after": ("by_this_authority", "by_another_authority", "no"),
    "event.regulated_setting": ("yes", "no"),
    "child.care_leaver": ("of_this_authority", "of_another_authority", "no"),
    "child.unborn": ("yes", "no"),
}


def _dated_by_the_change(document: dict[str, Any], changed: dict[str, Any]) -> bool:
    """Whether the change records an event date where neither it nor the awareness date was
    recorded (the rules in force today were asked: the date may put the event under earlier
    rules, or before any, and the decision then waits on the awareness date)."""
    return (
        document["became_aware_on"] is None
        and changed["became_aware_on"] is None
        and document["event"]["date"] is None
        and changed["event"]["date"] is not None
    )


def _decided(document: dict[str, Any], today: date) -> Decision | str:
    """The decision of a changed incident, or why it is not decided."""
    try:
        changed = Incident.model_validate(document)
    except ValidationError as error:
        return f"refused: {error}"
    try:
        return decide(changed, today)
    except RulesNotInForceError:
        return "outside the rules encoded"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents())
def test_every_what_if_of_any_incident_makes_the_panel_required(drawn: Incident) -> None:
    """Each what-if of any incident, made to it (each end of a range of ages or dates being one
    incident), is an incident validation accepts and decides "required": a child made looked
    after is under 18, one made born has an age still to record, and an unborn child is never
    made looked after (the search kept an unborn child's stand-in age, and offered both)."""
    today = england_today()
    decision = decide(drawn, today)
    document = drawn.model_dump(mode="json")
    for item in decision.what_if:
        for changed in realised(document, item.changes):
            again = _decided(changed, today)
            if _dated_by_the_change(document, changed) and (
                again == "outside the rules encoded"
                or (isinstance(again, Decision) and again.missing_facts[:1] == ["became_aware_on"])
            ):
                continue  # README: the limit of a change of age with both dates unrecorded
            assert isinstance(again, Decision), (item.explanation, again, changed)
            assert again.notify_panel == "required", (item.explanation, changed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents())
def test_no_single_change_of_a_fact_that_requires_the_panel_is_missed(drawn: Incident) -> None:
    """Any one fact of any incident set to another value that makes the Panel required is
    listed as a single change (the search missed "looked after by this authority" alone where
    the age recorded did not yet say under 18: the age a looked-after child has was not applied)."""
    today = england_today()
    decision = decide(drawn, today)
    if decision.notify_panel == "required" or len(decision.what_if) >= _MAX_LISTED:
        return
    listed = {
        (item.changes[0].path, item.changes[0].value)
        for item in decision.what_if
        if len(item.changes) == 1
    }
    document = drawn.model_dump(mode="json")
    for path, values in _FACT_VALUES.items():
        for value in values:
            (changed,) = realised(document, [FactChange(path=path, value=value, words="")])
            again = _decided(changed, today)
            if isinstance(again, Decision) and again.notify_panel == "required":
                assert (path, value) in listed, (path, value, decision.what_if)


# -- the awareness date unrecorded, under Panel rules that change after 2018 ------------------------

CHANGED_ON = date(2020, 1, 1)  # a change of the rules the shipped book has (the rapid review's)


@pytest.fixture(scope="module")
def unborn_children_from_2020(tmp_path_factory: pytest.TempPathFactory) -> Decider:
    """The shipped rules with s16C(1)(a) read as covering unborn children from 2020, as a rule
    author would write a change of reading: the old version ended, a new one from that day."""
    rules = tmp_path_factory.mktemp("unborn-from-2020") / "rules"
    shutil.copytree(CHECKOUT_RULES, rules)
    ended = rules / "children-act-2004" / "s16c-1a-event-in-area.v1.yaml"
    text = ended.read_text()
    start = "effective_from: 2018-06-29"
    ended.write_text(text.replace(start, f"{start}\neffective_to: {CHANGED_ON}"))
    unborn_line = next(line for line in text.splitlines() if "not: child_is_unborn" in line)
    ended.with_name("s16c-1a-event-in-area.v2.yaml").write_text(
        text.replace("version: 1", "version: 2")
        .replace(start, f"effective_from: {CHANGED_ON}")
        .replace(unborn_line + "\n", "")
    )
    return Decider(rules)


UNAWARE_2019 = {"event.date": "2019-05-01", "became_aware_on": None, "event.kind": "serious_harm"}
DECIDED_ON = england_today()


def _listed(decider: Decider, **overrides: Any) -> list[str]:
    """The what-if of an incident, each made to it and decided again by `decider` ("required")."""
    document = Incident.model_validate(incident(**{**UNAWARE_2019, **overrides}))
    decision = decider.decide(document, DECIDED_ON)
    for item in decision.what_if:
        for changed in realised(document.model_dump(mode="json"), item.changes):
            again = decider.decide(Incident.model_validate(changed), DECIDED_ON)
            assert again.notify_panel == "required", (item.explanation, changed)
    return [item.explanation for item in decision.what_if]


def test_a_fact_is_a_change_where_it_requires_the_panel_under_the_rules_of_every_day(
    unborn_children_from_2020: Decider,
) -> None:
    """Aware on an unrecorded day of harm in 2019, abuse not suspected, under Panel rules that
    differ before and after 2020: suspected abuse would require the Panel whichever rules apply,
    and is the one change (found by the search over every period's rules)."""
    assert _listed(unborn_children_from_2020, abuse_or_neglect="not_suspected") == [
        "The Panel notification would be required if abuse or neglect were known or suspected "
        "(s16c-1a-event-in-area)."
    ]


def test_an_awareness_date_alone_is_listed_without_pairs_of_facts(
    unborn_children_from_2020: Decider,
) -> None:
    """Harm to an unborn child in 2019, abuse suspected, the awareness unrecorded: awareness from
    2020 alone would require the Panel (the later reading), so the pairs of facts that would under
    both readings (born and under 18) are not listed beside it."""
    unborn = {"child.date_of_birth": None, "child.unborn": True}
    assert _listed(unborn_children_from_2020, **unborn) == [
        "The Panel notification would be required if the authority had become aware on or after "
        "1 January 2020 (s16c-1a-event-in-area)."
    ]
    # With abuse not suspected as well, no one or two changes do under both readings: an
    # awareness date under the later one pairs with suspected abuse.
    assert _listed(unborn_children_from_2020, **unborn, abuse_or_neglect="not_suspected") == [
        "The Panel notification would be required if the authority had become aware on or after "
        "1 January 2020 and abuse or neglect were known or suspected (s16c-1a-event-in-area)."
    ]


# -- a later suspicion date, not recorded ------------------------------------------------------------

HARMED_JUNE_2018 = {
    "became_aware_on": "2018-06-26",
    "event.kind": "serious_harm",
    "event.date": "2018-06-20",
    "child.date_of_birth": "2010-01-01",
}


@pytest.mark.parametrize(
    ("abuse", "changes"),
    [
        ("known", ["abuse_or_neglect_suspected_on"]),
        ("not_suspected", ["abuse_or_neglect", "abuse_or_neglect_suspected_on"]),
        ("unknown", ["abuse_or_neglect", "abuse_or_neglect_suspected_on"]),
    ],
)
def test_a_later_suspicion_date_is_a_change_where_the_rules_changed_after_the_awareness(
    abuse: str, changes: list[str]
) -> None:
    """Serious harm here on 20 June 2018, the authority aware on the 26th, decided in 2026: abuse
    or neglect known or suspected from 29 June 2018 on brings s16C, so the what-if offers the
    suspicion date (with abuse known or suspected where it is not recorded so), and made to the
    incident it decides "required" (an empty what-if claimed no change would: review s22, F3)."""
    today = date(2026, 11, 28)
    document = incident(abuse_or_neglect=abuse, **HARMED_JUNE_2018)
    decision = decide(document, today)
    assert decision.notify_panel != "required"
    (offered,) = [
        item
        for item in decision.what_if
        if item.changes[-1].path == "abuse_or_neglect_suspected_on"
    ]
    assert [change.path for change in offered.changes] == changes
    assert offered.changes[-1].value == (
        "abuse or neglect had come to be known or suspected on or after 29 June 2018"
    )
    assert offered.rules == ("s16c-1a-event-in-area",)
    for made in realised(document, offered.changes):
        assert decide(made, today).notify_panel == "required", made
    # Decided before 29 June 2018, no later rules exist yet: nothing of the kind is offered.
    early = decide(document, date(2018, 6, 28))
    assert not any(
        change.path == "abuse_or_neglect_suspected_on"
        for item in early.what_if
        for change in item.changes
    )
