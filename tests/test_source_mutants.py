"""Examples at edges a hand mutation of the source found unguarded (the test-quality review):
each kills a mutant the rest of the suite let through, and says in its docstring what the
library would otherwise answer wrongly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import OTHER_AREA, OUR_AREA, incident, rules_with_a_gap, working_days_after
from safeguarding_notify import Decider, decide

TODAY = date(2026, 11, 26)
DOCS = Path(__file__).resolve().parents[1] / "docs"
# A looked-after child's death, abuse suspected, the place not recorded.
LOOKED_AFTER_PLACE_UNRECORDED = incident(
    **{"event.location": None, "child.looked_after": "yes", "child.looked_after_by": OUR_AREA}
)


def test_an_undetermined_panel_answer_is_due_by_the_earliest_date_it_may_be_owed() -> None:
    """A looked-after child's event of unrecorded kind, abuse suspected five days after awareness:
    the Panel may be owed from the awareness (a looked-after child's death) or from the suspicion
    (s16C), so the date it would be due if required is the earlier, five working days from the
    awareness, never the later one."""
    decision = decide(
        incident(
            **{
                "event.kind": None,
                "child.looked_after": "yes",
                "child.looked_after_by": OUR_AREA,
            },
            abuse_or_neglect_suspected_on="2026-11-25",
        ),
        today=TODAY,
    )
    assert decision.notify_panel == "undetermined"
    due = decision.panel_due_by_if_required
    assert due is not None
    assert working_days_after(date(2026, 11, 20), due) == 5
    assert due == date(2026, 11, 27)


def test_a_looked_after_childs_death_owed_from_awareness_is_not_noted_as_owed_sooner() -> None:
    """A looked-after child's death with abuse suspected and the place unrecorded: the Panel
    notification listed (from the awareness) and the s16C one still open (also from the
    awareness) fall on the same day, so no note says the Panel "may be owed this notification
    sooner" on that very day."""
    decision = decide(LOOKED_AFTER_PLACE_UNRECORDED, today=TODAY)
    panel = [item for item in decision.obligations if item.recipient == "panel"]
    assert [item.due_by for item in panel] == [date(2026, 11, 27)]
    assert not [note for note in decision.notes if "may be owed this notification sooner" in note]


def test_a_child_born_after_s16c_commenced_cannot_have_an_event_before_it() -> None:
    """The event date unrecorded but the child born in 2022: the event came after the birth, so
    it did not precede s16C's commencement (29 June 2018), and the rule flagging such an event
    does not apply (the event date's lower bound is the birth, not the beginning of time)."""
    decision = decide(
        incident(**{"event.date": None, "child.date_of_birth": "2022-04-20"}), today=TODAY
    )
    (before_commencement,) = [
        reason for reason in decision.reasons if reason.rule == "s16c-event-before-commencement"
    ]
    assert before_commencement.outcome == "does_not_apply"


def test_awareness_dates_listed_for_a_period_end_the_day_before_the_next_rules() -> None:
    """A 2008-born child's serious harm, abuse suspected, neither the event nor the awareness
    dated: under s16C and Working Together 2018 the Panel is required, under Working Together
    2023 (from 15 December 2023) it turns on the age, so the awareness dates that would settle
    it as required run from 29 June 2018 to 14 December 2023, the last day before the rules
    changed, not to 15 December, the first day of rules that do not settle it."""
    decision = decide(
        incident(
            **{
                "child.date_of_birth": "2008-05-30",
                "event.kind": "serious_harm",
                "event.date": None,
            },
            became_aware_on=None,
        ),
        today=TODAY,
    )
    assert decision.notify_panel == "undetermined"
    assert any(
        "(on 29 June 2018, 1 January 2020 and 15 December 2023)" in n for n in decision.notes
    )
    assert [answer.explanation for answer in decision.what_if] == [
        "The Panel notification would be required if the authority had become aware from 29 June "
        "2018 to 14 December 2023 (s16c-1a-event-in-area)."
    ]


def test_ages_that_require_the_panel_are_joined_only_where_their_ranges_meet() -> None:
    """Under 16 and 18 to 24 each requiring the Panel under one rule, with 16 to 17 not found,
    stay two answers: joining them would say "under 25", a range that includes 16 and 17."""
    from safeguarding_notify._whatif import _merge

    under_16 = ((("age", (15, 15), (None, 16)),), ("some-rule",))
    from_18 = ((("age", (18, 18), (18, 25)),), ("some-rule",))
    assert _merge([under_16, from_18]) == [under_16, from_18]
    from_16 = ((("age", (16, 16), (16, 18)),), ("some-rule",))
    assert _merge([under_16, from_16]) == [((("age", (15, 15), (None, 18)),), ("some-rule",))]


def test_awareness_periods_are_joined_only_where_the_same_changes_require_the_panel() -> None:
    """Two neighbouring rule periods in which different facts would require the Panel are two
    runs, not one: pairing the first period's change with awareness dates in the second would
    name dates under whose rules that change does not require it."""
    from safeguarding_notify._whatif import _runs

    assert list(_runs([True, True], ["abuse", "place"])) == [(0, 1), (1, 2)]
    assert list(_runs([True, True, False, True], ["a", "a", "", "a"])) == [(0, 2), (3, 4)]


def test_rules_that_leave_a_notification_open_at_another_strength_do_not_agree() -> None:
    """A death in 2020, abuse not suspected, whether the child was looked after or a care leaver
    unrecorded, the awareness date unrecorded: before 15 December 2023 the Secretary of State
    and Ofsted may be owed a "must" (a looked-after child's death), from then also a "should" (a
    care leaver's death, Working Together 2023), so the rules of the days the authority may have
    become aware disagree: became_aware_on is the first question and the note says so."""
    decision = decide(
        incident(
            **{
                "event.date": "2020-10-23",
                "child.date_of_birth": None,
                "child.looked_after": "unknown",
                "child.care_leaver": "unknown",
            },
            abuse_or_neglect="not_suspected",
            became_aware_on=None,
        ),
        today=TODAY,
    )
    assert decision.missing_facts[0] == "became_aware_on"
    assert any(
        note.startswith("When the authority became aware is not recorded.")
        for note in decision.notes
    )


def test_a_form_is_due_by_its_earliest_child_even_one_given_as_further_information() -> None:
    """Under the DfE service (four children detailed, deaths first), a fifth child seriously
    harmed, of whom the authority knew earliest, goes in as further information; the one
    notification is still due five working days from that earliest awareness, not from the
    later awareness of the four detailed."""
    from safeguarding_notify import plan_notifications

    def one(reference: str, kind: str, aware: str) -> dict[str, object]:
        return incident(
            case_reference=reference,
            became_aware_on=aware,
            **{"event.kind": kind, "event.date": "2026-11-10"},
        )

    deaths = [one(f"D{n}", "death", "2026-11-20") for n in range(4)]
    plan = plan_notifications(
        {
            "notifying_authority": OUR_AREA,
            "incidents": [*deaths, one("H", "serious_harm", "2026-11-12")],
        },
        today=TODAY,
    )
    (form,) = plan.forms
    assert [child.case_reference for child in form.further_information] == ["H"]
    assert form.due_by is not None
    assert working_days_after(date(2026, 11, 12), form.due_by) == 5


def test_a_must_an_open_rule_would_add_to_a_listed_should_is_said_to_be_stronger() -> None:
    """The same looked-after child's death, place unrecorded: the Panel is listed as "should"
    (the guidance's looked-after death) and s16C, still open, would make it "must"; the note
    naming what more may be owed says "must, not should", so the listed Panel notification is
    not read as the whole of it."""
    decision = decide(LOOKED_AFTER_PLACE_UNRECORDED, today=TODAY)
    (more,) = [note for note in decision.notes if note.startswith("More may be owed")]
    assert "the Child Safeguarding Practice Review Panel (must, not should; s16c-1a" in more


def test_partners_of_two_areas_not_yet_known_are_named_apart() -> None:
    """docs/examples/incident-unknowns.json: the partners of the authority looking after the
    child and of the area where the child lives, both unknown, are two items of the note, each
    with its own rule (one item, worded as the area of residence, named both rules: review s28,
    C25)."""
    document = json.loads((DOCS / "examples" / "incident-unknowns.json").read_text())
    (more,) = [note for note in decide(document, today=TODAY).notes if "More may" in note]
    assert (
        "the safeguarding partners of the authority looking after the child (should; "
        "safeguarding-partners-looked-after-area v2)" in more
    )
    assert (
        "the safeguarding partners of the area where the child normally lives (should; "
        "safeguarding-partners-residence-area v2)" in more
    )


def test_an_event_in_england_of_unknown_area_never_puts_the_duty_on_the_childs_home() -> None:
    """A death in England, the area not recorded, of a child living in another English area:
    s16C(1)(b) (an event outside England, the home area's duty) cannot apply, since the event is
    known to be in England, so the home area is not named as responsible; only where the event
    happened is asked."""
    decision = decide(
        incident(
            **{
                "event.location": {"country": "england", "local_authority": None},
                "child.normally_resident": {"country": "england", "local_authority": OTHER_AREA},
            }
        ),
        today=TODAY,
    )
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts == ["event.location"]
    assert decision.responsible_authority is None
    limb_b = [reason.outcome for reason in decision.reasons if reason.rule.startswith("s16c-1b")]
    assert limb_b
    assert set(limb_b) == {"does_not_apply"}


def test_a_notification_recorded_is_not_called_unowed_where_a_period_decides_nothing(
    tmp_path: Path,
) -> None:
    """Rules with no rule deciding the Panel answer in 2020, awareness unrecorded and a
    notification to Ofsted recorded in June 2020: the authority may have become aware in that
    gap, of which nothing is known, so the decision does not say that nothing is owed to Ofsted
    (the encoded rules of 2019 owe Ofsted nothing, but they may not be the rules that apply)."""
    decider = Decider(rules_with_a_gap(tmp_path))
    decision = decider.decide(
        incident(
            **{"event.date": "2019-06-01"},
            became_aware_on=None,
            notified_on={"ofsted": "2020-06-01"},
        ),
        TODAY,
    )
    assert decision.notify_panel == "undetermined"
    assert not [note for note in decision.notes if "so it meets no obligation listed here" in note]


def test_a_child_who_died_on_the_day_of_birth_is_decided() -> None:
    """A neonatal death (born and died the same day) is a child's death like any other: accepted
    and decided, not refused as an event before the birth."""
    decision = decide(
        incident(**{"child.date_of_birth": "2026-11-18", "event.date": "2026-11-18"}), today=TODAY
    )
    assert decision.notify_panel == "required"


def test_a_notification_recorded_on_the_day_decided_against_is_accepted() -> None:
    """A notification recorded as made on the very day the decision is taken against (the real
    date in England, as a service decides) is no date in the future: accepted, and done."""
    from safeguarding_notify.incident import england_today

    today = england_today()
    decision = decide(
        incident(
            **{"event.date": "2026-11-18"},
            became_aware_on="2026-11-20",
            notified_on={"panel": today.isoformat()},
        )
    )
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    assert panel.notified_on == today


def test_two_equally_decisive_questions_are_asked_in_the_inputs_order() -> None:
    """A serious harm in Scotland, abuse suspected, of a child living in England in an area not
    recorded, the date of birth unknown: the Panel is owed only if the child lives here and is
    under 18 (s16C(1)(b)), so each fact changes the answer in half the settings of the other and
    the tie is broken by the inputs' order, where the home comes before the date of birth."""
    decision = decide(
        incident(
            **{
                "event.kind": "serious_harm",
                "event.location": {"country": "scotland"},
                "child.normally_resident": {"country": "england", "local_authority": None},
                "child.date_of_birth": None,
            }
        ),
        today=TODAY,
    )
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts == ["child.normally_resident", "child.date_of_birth"]
