"""What a decision keeps when the date of becoming aware is not recorded and the rules changed
since the event: only what every set of rules that may apply agrees on (`_awareness.agreed`).

Whole decisions are checked against the oracle (tests/test_exhaustive.py), by example
(tests/scenarios/regimes.yaml) and by property (tests/test_properties.py); these tests pin the
rule itself, and decisions under rules directories of their own with what the shipped rules never
have: a period with no rule deciding the Panel answer, a rapid review that later rules drop.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from conftest import CHECKOUT_RULES, OTHER_AREA, changed, incident, rules_with_a_gap
from random_incidents import random_incidents
from safeguarding_notify import Decider, Decision, Incident, decide
from safeguarding_notify._awareness import Duties, agreed, unsettled_note
from safeguarding_notify._decide import default_decider
from safeguarding_notify.incident import latest_awareness

TODAY = date(2026, 11, 27)

PANEL = ("panel", None, "must")
PARTNERS = ("safeguarding_partners", "E08000025", "should")
OFSTED = ("ofsted", None, "should")


def test_rules_that_all_agree_change_nothing() -> None:
    """Equal duties under every set of rules: nothing to narrow (None)."""
    duties = Duties("required", frozenset({PANEL, PARTNERS}), rapid_review=True)
    assert agreed(duties, [duties, duties]) is None


def test_a_panel_answer_that_differs_is_undetermined_and_only_shared_notifications_stay() -> None:
    """Different Panel answers give "undetermined"; a notification owed under only some rules is
    dropped, one owed under all stays; the rapid review stays only if all expect one."""
    before = Duties("not_required", frozenset({OFSTED, PARTNERS}), rapid_review=False)
    after = Duties("required", frozenset({PANEL, PARTNERS}), rapid_review=True)
    assert agreed(before, [after]) == Duties("undetermined", frozenset({PARTNERS}), False)


def test_the_same_panel_answer_is_kept_when_only_the_notifications_differ() -> None:
    """A Panel answer every set of rules gives is kept; the notifications narrow."""
    before = Duties("not_required", frozenset(), rapid_review=False)
    after = Duties("not_required", frozenset({OFSTED}), rapid_review=False)
    assert agreed(before, [after]) == Duties("not_required", frozenset(), False)


def test_a_strength_that_differs_is_not_agreed() -> None:
    """ "must" under some rules and "should" under others is not the same notification."""
    must = Duties("required", frozenset({PANEL}), rapid_review=False)
    should = Duties("required", frozenset({("panel", None, "should")}), rapid_review=False)
    assert agreed(must, [should]) == Duties("required", frozenset(), False)


def test_a_period_with_no_rule_deciding_the_panel_leaves_nothing_settled() -> None:
    """Nothing is known of a period no encoded rule decides: the Panel answer is undetermined,
    and no notification or rapid review is given, even ones every known period owes."""
    duties = Duties("required", frozenset({PANEL}), rapid_review=True)
    assert agreed(duties, [duties, None]) == Duties("undetermined", frozenset(), False)


def test_the_note_names_the_event_date_and_every_change_since() -> None:
    """The note dates the event and lists each day the rules changed, in words."""
    one = unsettled_note(date(2023, 12, 1), [date(2023, 12, 15)])
    assert "(1 December 2023)" in one
    assert "(on 15 December 2023)" in one
    three = unsettled_note(
        date(2018, 6, 1), [date(2018, 6, 29), date(2020, 1, 1), date(2023, 12, 15)]
    )
    assert "on 29 June 2018, 1 January 2020 and 15 December 2023" in three


def _rules_copy(tmp_path: Path) -> Path:
    """A copy of the shipped rules, for a Decider of its own to decide with after an edit."""
    rules = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, rules)
    return rules


def test_a_rapid_review_later_rules_do_not_expect_is_dropped_when_awareness_is_unknown(
    tmp_path: Path,
) -> None:
    """With a rules directory whose rapid review ends on 1 January 2024, an event of June 2023
    with no awareness date keeps the Panel notification every later period owes, but no rapid
    review: the authority may have become aware after the review ended."""
    rules = _rules_copy(tmp_path)
    path = rules / "rapid-review" / "rapid-review-by-safeguarding-partners.v2.yaml"
    text = path.read_text()
    path.write_text(
        text.replace(
            "effective_from: 2020-01-01",
            "effective_to: 2024-01-01\n" + "effective_from: 2020-01-01",
            1,
        )
    )
    decider = Decider(rules)
    aware = decider.decide(
        incident(**{"event.date": "2023-06-01", "became_aware_on": "2023-06-02"}), TODAY
    )
    assert aware.rapid_review is not None
    unknown = decider.decide(
        incident(**{"event.date": "2023-06-01", "became_aware_on": None}), TODAY
    )
    assert unknown.notify_panel == "required"
    assert unknown.rapid_review is None


def test_a_later_period_no_rule_decides_leaves_the_answer_to_the_awareness_date(
    tmp_path: Path,
) -> None:
    """With a rules directory in which no rule decides the Panel answer during 2020, an event of
    2019 that is not a death or serious harm, aware on an unknown date, is undetermined (the
    authority may have become aware in 2020, of which nothing is encoded), not "not_required"."""
    rules = rules_with_a_gap(tmp_path)
    other = {"event.kind": "other", "event.date": "2019-06-01"}
    decider = Decider(rules)
    assert decider.decide(incident(**other), TODAY).notify_panel == "not_required"
    unknown = decider.decide(incident(**other, became_aware_on=None), TODAY)
    assert unknown.notify_panel == "undetermined"
    assert unknown.missing_facts[0] == "became_aware_on"


def test_a_notification_made_bounds_when_the_authority_became_aware() -> None:
    """With awareness unrecorded, a notification recorded as made on 3 May 2018 shows the
    authority was aware by then (one cannot notify before becoming aware): only the rules in force
    from the event (1 May) to that day apply, Working Together 2015's, with nothing left open but
    the due dates; notified on 3 July, the s16C rules of 29 June are asked too, and only them."""
    unrecorded = {
        "event.date": "2018-05-01",
        "became_aware_on": None,
        "child.date_of_birth": "2010-01-01",
    }
    by_may = decide(incident(**unrecorded, notified_on={"ofsted": "2018-05-03"}), TODAY)
    assert by_may.notify_panel == "not_required"
    assert [item.recipient for item in by_may.obligations] == [
        "ofsted",
        "local_safeguarding_children_board",
    ]
    unsettled = "When the authority became aware is not recorded."
    assert not [note for note in by_may.notes if note.startswith(unsettled)]
    by_july = decide(incident(**unrecorded, notified_on={"ofsted": "2018-07-03"}), TODAY)
    assert by_july.notify_panel == "undetermined"
    (note,) = [note for note in by_july.notes if note.startswith(unsettled)]
    assert "the rules in force changed since (on 29 June 2018);" in note


UNDATED_HARM = {
    "child.date_of_birth": "2010-01-01",
    "event.kind": "serious_harm",
    "event.date": None,
    "became_aware_on": None,
}


def test_a_notification_recorded_dates_the_awareness_when_neither_date_is() -> None:
    """Neither the awareness nor the event date recorded, Ofsted notified on 1 March 2017: the
    authority was aware by then, before s16C commenced, so Working Together 2015 decides (Ofsted
    and the Board owed, no Panel); today's rules made the Panel "required" and owed the
    safeguarding partners, which did not yet exist."""
    decision = decide(incident(**UNDATED_HARM, notified_on={"ofsted": "2017-03-01"}))
    assert (decision.rules_date, decision.rules_date_source) == (date(2017, 3, 1), "notified_on")
    assert decision.notify_panel == "not_required"
    assert {item.recipient for item in decision.obligations} == {
        "ofsted",
        "local_safeguarding_children_board",
    }
    assert decision.notes[0].startswith(
        "The rules in force on 1 March 2017, the first notification"
    )
    # Without it, the authority became aware by today, under today's rules or earlier ones.
    unrecorded = decide(incident(**UNDATED_HARM))
    assert (unrecorded.rules_date_source, unrecorded.notify_panel) == ("today", "undetermined")


def test_with_neither_date_recorded_every_rules_in_force_since_the_birth_are_weighed() -> None:
    """Neither date recorded, a child born in 2010 harmed with abuse suspected: the authority may have become aware under Working Together 2015 (no Panel) as well as today, so the Panel answer waits on became_aware_on, asked first, and the what-if names the awareness dates that would require it. Today's rules alone answered "required" (a guess, found by the legal review)."""
    decision = decide(incident(**UNDATED_HARM))
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts[0] == "became_aware_on"
    assert decision.obligations == []  # the two regimes owe no notification in common
    assert "on or after 26 March 2015 (the first day of the encoded rules" in decision.notes[-1]
    assert [answer.explanation for answer in decision.what_if] == [
        "The Panel notification would be required if the authority had become aware on or after "
        "29 June 2018 (s16c-1a-event-in-area)."
    ]
    # Born after s16C commenced, the child cannot have been harmed before it: required.
    born_later = decide(incident(**{**UNDATED_HARM, "child.date_of_birth": "2018-07-01"}))
    assert (born_later.notify_panel, born_later.rules_date_source) == ("required", "today")
    # Born before it, the note counts from the birth.
    born_2017 = decide(incident(**{**UNDATED_HARM, "child.date_of_birth": "2017-05-02"}))
    assert born_2017.notify_panel == "undetermined"
    assert "on or after 2 May 2017 (the child's birth)" in born_2017.notes[-1]


def test_an_undated_event_under_earlier_rules_came_before_their_end() -> None:
    """Neither date recorded, a death in another English area with abuse known: no rules make it this authority's notification. Under Working Together 2015's rules the event came before s16C's commencement (the awareness did), which they ask; bounded only by today, their answer was undetermined."""
    decision = decide(
        incident(
            **{**UNDATED_HARM, "event.kind": "death", "abuse_or_neglect": "known"},
            **{"child.care_leaver": "no"},
            **{"event.location": {"country": "england", "local_authority": OTHER_AREA}},
        )
    )
    assert decision.notify_panel == "not_required"
    assert decision.missing_facts == []


def test_a_notification_recorded_bounds_the_age_at_the_event() -> None:
    """Born in 2003, neither date recorded, the Panel notified on 1 May 2019: the event came before
    it, when the person was 16 at most, so a child (today the age at the event could be 23). The
    authority may have become aware before s16C commenced, so the Panel answer waits on that
    date, and the what-if gives the awareness dates requiring it, ending at the notification."""
    notified = incident(
        **{**UNDATED_HARM, "child.date_of_birth": "2003-01-01"},
        notified_on={"panel": "2019-05-01"},
    )
    decision = decide(notified)
    assert decision.rules_date == date(2019, 5, 1)
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts == ["became_aware_on"]  # not the date of birth
    assert [change.words for change in decision.what_if[0].changes] == [
        "if the authority had become aware from 29 June 2018 to 1 May 2019"
    ]


def test_rules_that_leave_different_things_open_do_not_agree() -> None:
    """Neither date recorded, a death in a regulated setting in England with the area not recorded, abuse not suspected: today's rules owe nothing and leave nothing open, but aware in 2015-2018 Working Together 2015's report to Ofsted and the Board turns on the area. The periods owe the same for certain yet disagree on what may be owed, so the awareness date is asked, not a settled "nothing" (found by the review of the undated window; the event-dated path had the same gap)."""
    regulated_death = {
        "event.kind": "death",
        "event.date": None,
        "became_aware_on": None,
        "event.location": {"country": "england", "local_authority": None},
        "event.regulated_setting": "yes",
        "event.manner_of_death": "other",
        "abuse_or_neglect": "not_suspected",
        "child.date_of_birth": "2010-01-01",
        "child.care_leaver": "no",
        "child.known_to_childrens_social_care": "no",
    }
    decision = decide(incident(**regulated_death), TODAY)
    assert (decision.notify_panel, decision.obligations) == ("not_required", [])
    assert decision.missing_facts[0] == "became_aware_on"
    assert any(note.startswith("When the authority became aware") for note in decision.notes)
    # Aware in 2017, the area is the question; in this area, the report is owed.
    in_2017 = {**regulated_death, "event.date": "2017-01-09", "became_aware_on": "2017-01-10"}
    assert decide(incident(**in_2017), TODAY).missing_facts == ["event.location"]
    here = {"country": "england", "local_authority": incident()["notifying_authority"]}
    owed = decide(incident(**{**in_2017, "event.location": here}), TODAY).obligations
    assert {item.recipient for item in owed} == {"ofsted", "local_safeguarding_children_board"}


def test_an_edition_a_later_awareness_would_apply_is_named() -> None:
    """Serious harm here on 20 December 2019, abuse suspected, awareness not recorded: the rapid
    review and the partners' report are owed whichever day it was, but aware from 1 January 2020
    the review counts from the Panel notification, not from awareness, and from 15 December 2023
    the partners' report is Working Together 2023's: a note says each (review s25, B2: the event
    date's editions were given as agreed, unremarked)."""
    harm = {"event.kind": "serious_harm", "event.date": "2019-12-20"}
    decision = decide(incident(**harm, became_aware_on=None), TODAY)
    (review,) = [note for note in decision.notes if note.startswith("The rapid review follows")]
    assert "on or after 1 January 2020" in review
    assert "counting from the Panel notification rather than from becoming aware" in review
    (partners,) = [note for note in decision.notes if "safeguarding partners of" in note]
    assert "on or after 15 December 2023, Working Together to Safeguard Children 2023" in partners
    # Aware on a day recorded, the editions are that day's, with nothing to say.
    aware = decide(incident(**harm, became_aware_on="2019-12-23"), TODAY)
    assert not [note for note in aware.notes if "decides which" in note]


def _cited(decision: Decision) -> dict[str, tuple[str, int]]:
    """Each notification and the rapid review a decision gives, by its basis: its rule and version."""
    cited = {item.basis: (item.rule, item.rule_version) for item in decision.obligations}
    if decision.rapid_review is not None:
        review = decision.rapid_review
        cited[review.basis] = (review.rule, review.rule_version)
    return cited


def test_an_edition_is_named_exactly_where_an_awareness_day_would_cite_another() -> None:
    """For random incidents with the awareness not recorded, a notification or rapid review given
    has the edition note exactly when deciding it aware on the first day of some period of the
    window cites another version of its rule for it (or does not give it)."""
    book = default_decider().book
    checked = noted = 0
    for document in random_incidents(600, seed=25, today=TODAY):
        if document["event"]["date"] is None or document.get("abuse_or_neglect_suspected_on"):
            continue
        event = date.fromisoformat(document["event"]["date"])
        if event < book.covered_from:  # (refused with the awareness not recorded)
            continue
        document = changed(document, became_aware_on=None)
        decision = decide(document, TODAY)
        latest = latest_awareness(Incident.model_validate(document), TODAY)
        days = [event, *(day for day in book.boundaries if event < day <= latest)]
        elsewhere = [
            _cited(decide(changed(document, became_aware_on=str(day)), TODAY)) for day in days
        ]
        for basis, rule in _cited(decision).items():
            checked += 1
            differs = any(each.get(basis) != rule for each in elsewhere)
            named = any(
                note.startswith("The ") and f"follows {basis}, in force on" in note
                for note in decision.notes
            )
            noted += named
            assert named == differs, (document, basis)
    assert checked > 100
    assert noted > 5
