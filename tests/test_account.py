"""The accounts a manager reads (`decide --explain`, `plan --explain`): every notification owed
is shown with its deadline, what the deadline rests on, whose duty it is, and questions put as a
practitioner asks them (found by a manager's and an auditor's reading of 59 incidents)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from conftest import ONLINE_FORM_ERA, OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import (
    Decider,
    decide,
    plan_notifications,
)
from safeguarding_notify._account import decision_account, plan_account, rule_roles
from safeguarding_notify._explain import RECIPIENT_NAMES

TODAY = date(2026, 11, 27)
ROLES = rule_roles(Decider().book)
# A looked-after child's death without suspected abuse, and a care leaver's (aged 20) likewise:
# neither goes on a Panel form under s16C, and each is owed notifications to others.
LOOKED_AFTER_DEATH = {
    "case_reference": "L-1",
    "abuse_or_neglect": "not_suspected",
    "child.looked_after": "yes",
    "child.looked_after_by": OUR_AREA,
}
CARE_LEAVER_DEATH = {
    "case_reference": "CL-1",
    "abuse_or_neglect": "not_suspected",
    "child.date_of_birth": "2006-05-01",
    "child.care_leaver": "yes",
    "child.care_leaver_of": OUR_AREA,
}
HARMED = {"event.kind": "serious_harm"}


def _account(today: date = TODAY, **overrides: Any) -> list[str]:
    """The lines of the account of the baseline incident with `overrides`."""
    return decision_account(decide(incident(**overrides), today), ROLES).splitlines()


def _line(lines: list[str], start: str) -> str:
    """The one line starting with `start`."""
    (found,) = [line for line in lines if line.startswith(start)]
    return found


def test_a_plan_lists_what_else_each_child_is_owed_and_says_no_panel_notification() -> None:
    """A plan's account lists, beside the Panel forms, the notifications each child is owed
    elsewhere (the Secretary of State and Ofsted for a looked-after child's and a care leaver's
    death), and a child not on a form reads "No Panel notification", never "No notification"."""
    group = {
        "notifying_authority": OUR_AREA,
        "incidents": [incident(**CARE_LEAVER_DEATH), incident(**LOOKED_AFTER_DEATH)],
    }
    lines = plan_account(plan_notifications(group, today=TODAY)).splitlines()
    assert (
        lines[0] == "Panel notifications to submit: 1 (other notifications owed are listed below)"
    )
    assert _line(lines, "No Panel notification: ").startswith(
        "No Panel notification: child 1 of 2 (CL-1): "
    )
    others = lines[lines.index("Other notifications owed (not on a Panel form):") + 1 :]
    assert others[0] == "  child 1 of 2 (CL-1):"
    assert others[1].startswith("    - the Secretary of State (should) by Friday 27 November 2026")
    assert others[2].startswith("    - Ofsted (should)")
    assert others[3] == "  child 2 of 2 (L-1):"
    assert [line.split(" (must) ")[0] for line in others[4:7]] == [
        "    - the Secretary of State",
        "    - Ofsted",
        "    - the parents and everyone with parental responsibility",
    ]
    assert others[7] == ""


def test_a_plan_needing_no_form_before_the_grouping_rules_says_why_and_names_no_rule() -> None:
    """A plan for a group known in November 2017 (no Panel notification owed) says no form-grouping
    rule is needed, names none, and lists Ofsted's and the LSCB's notifications (review s22, F6)."""
    known_2017 = {"event.kind": "serious_harm", "event.date": "2017-11-12"}
    group = {
        "notifying_authority": OUR_AREA,
        "incidents": [incident(**known_2017, became_aware_on="2017-11-14")],
    }
    planned = plan_notifications(group, submitted_on=date(2017, 11, 20), today=TODAY)
    lines = plan_account(planned).splitlines()
    assert lines[:2] == [
        "Panel notifications to submit: 0 (other notifications owed are listed below)",
        "No child's Panel notification is or may be owed, so there is no Panel form to submit "
        "and no form-grouping rule is needed: none is encoded for the date of submission, "
        "20 November 2017.",
    ]
    assert not any(line.startswith("Grouping rule") for line in lines)
    others = lines[lines.index("Other notifications owed (not on a Panel form):") + 1 :]
    assert [line.split(" (should) ")[0] for line in others[1:3]] == [
        "    - Ofsted",
        "    - the Local Safeguarding Children Board of E08000025",
    ]


def test_a_plan_lists_the_partners_report_of_a_child_on_a_panel_form() -> None:
    """A child on a Panel form is listed again for the report to the safeguarding partners that
    the form does not carry, with its deadline, source and status."""
    group = {"notifying_authority": OUR_AREA, "incidents": [incident()]}
    lines = plan_account(plan_notifications(group, today=TODAY)).splitlines()
    assert lines[0].startswith("Panel notifications to submit: 1 (other")
    others = lines[lines.index("Other notifications owed (not on a Panel form):") + 1 :]
    assert others[:2] == [
        "  child 1 of 1 (T-1):",
        "    - the safeguarding partners of E08000025 (should) by Friday 27 November 2026, 5 "
        "working days from 20 November 2026 (deadline from guidance): Working Together to "
        "Safeguard Children 2023, Chapter 5, "
        "notifiable incidents [source: secondary] [due today: 0 working days left]",
    ]


def test_a_plan_gives_each_childs_notes() -> None:
    """A plan's account gives every note of each child's decision under "Notes for child N of M"
    (it gave none: a notification recorded but not counted, or more that may be owed, was only
    in the JSON)."""
    recorded = incident(case_reference="T-2", notified_on={"ofsted": "2026-11-23"})
    unknown = incident(case_reference="T-3", **{"event.location": None})
    group = {"notifying_authority": OUR_AREA, "incidents": [incident(), recorded, unknown]}
    plan = plan_notifications(group, today=TODAY)
    lines = plan_account(plan).splitlines()
    children = sorted(
        [*(child for form in plan.forms for child in form.children), *plan.undetermined],
        key=lambda child: child.index,
    )
    assert len(children) == 3
    for child in children:
        heading = f"Notes for child {child.index + 1} of 3 ({child.case_reference}):"
        start = lines.index(heading) + 1
        given = lines[start : start + len(child.decision.notes)]
        assert given == [f"  - {note}" for note in child.decision.notes]
    assert any(note.startswith("A notification to Ofsted ") for note in children[1].decision.notes)
    assert any(note.startswith("More may be owed") for note in children[2].decision.notes)


def test_a_plans_questions_are_put_as_questions_naming_the_child() -> None:
    """A plan's questions name the child as a manager counts (from 1) and ask in words, with the
    input's path after them; the main child of an exploitation operation is asked for too."""
    unknown = incident(case_reference="T-2", abuse_or_neglect="unknown")
    group = {"notifying_authority": OUR_AREA, "incidents": [incident(), unknown]}
    lines = plan_account(plan_notifications(group, today=TODAY)).splitlines()
    asked = lines[lines.index("Questions to ask:") + 1 :]
    assert asked[0] == (
        "  - child 2 of 2 (T-2): Is abuse or neglect known or suspected? "
        "[incidents[1].abuse_or_neglect]"
    )
    operation = {
        "notifying_authority": OUR_AREA,
        "incidents": [
            incident(case_reference=f"T-{number}", **ONLINE_FORM_ERA, **HARMED) for number in (1, 2)
        ],
        "large_scale_child_sexual_exploitation_operation": True,
    }
    planned = plan_notifications(operation, today=TODAY, submitted_on=date(2019, 1, 10))
    (main_child,) = [line for line in plan_account(planned).splitlines() if "[main_child]" in line]
    assert main_child.startswith(
        "  - Which child is the main child believed to be a victim of the exploitation operation"
    )


def test_the_account_is_dated_and_its_notes_come_before_the_reasons() -> None:
    """The account's second line gives the date the statuses are taken on, and every note (the
    legal-review flags among them) comes before the long list of reasons, not after it."""
    lines = _account(**{"event.date": "2018-05-01", "became_aware_on": "2018-07-02"})
    assert lines[1] == "Statuses as at Friday 27 November 2026."
    notes = [number for number, line in enumerate(lines) if line.startswith("Note: ")]
    assert notes
    assert max(notes) < lines.index("Why:")


def test_an_undetermined_account_owes_nothing_confirmed_yet_and_a_settled_one_nothing() -> None:
    """With nothing owed, an undetermined answer (or one turning on the awareness date) reads
    "none confirmed yet", a settled "not required" reads "none"."""
    undetermined = _account(**{"event.kind": None})
    assert _line(undetermined, "Notifications owed") == (
        "Notifications owed: none confirmed yet (answer the questions below)"
    )
    settled = _account(**{"event.kind": "other"})
    assert _line(settled, "Notifications owed") == "Notifications owed: none"


def test_a_not_required_account_owes_nothing_confirmed_while_a_question_could_owe() -> None:
    """A 20-year-old's death in this area, abuse not suspected, whether a care leaver not recorded: the Panel is settled "not required", but a care leaver's death would owe the Secretary of State and Ofsted, so the account reads "none confirmed yet", not a settled "none" (found by the legal review)."""
    adult = {"child.date_of_birth": "2006-01-01", "abuse_or_neglect": "not_suspected"}
    decision = decide(incident(**adult, **{"child.care_leaver": "unknown"}), TODAY)
    assert (decision.notify_panel, decision.obligations) == ("not_required", [])
    assert decision.missing_facts == ["child.care_leaver"]
    lines = decision_account(decision, ROLES).splitlines()
    assert _line(lines, "Notifications owed") == (
        "Notifications owed: none confirmed yet (answer the questions below)"
    )
    settled = decide(incident(**adult, **{"child.care_leaver": "no"}), TODAY)
    lines = decision_account(settled, ROLES).splitlines()
    assert _line(lines, "Notifications owed") == "Notifications owed: none"


def test_a_deadline_passed_on_a_weekend_is_not_counted_zero_days_late() -> None:
    """On the Saturday after a Friday due date the notification is overdue with no working day
    late yet: the account says so rather than "overdue: 0 working days late"."""
    panel = _line(_account(date(2026, 11, 28)), "  - the Child Safeguarding Practice Review Panel")
    assert panel.endswith("[overdue: the due date has passed; today is not a working day]")
    monday = _line(_account(date(2026, 11, 30)), "  - the Child Safeguarding Practice Review Panel")
    assert monday.endswith("[overdue: 1 working day late]")


def test_each_notification_says_how_sure_its_source_and_deadline_are() -> None:
    """Each notification shows its source's certainty, a deadline only assumed is marked
    "assumed, unverified" (not "from guidance"), and the account ends by saying what each
    certainty means."""
    lines = _account(**CARE_LEAVER_DEATH)
    ofsted = _line(lines, "  - Ofsted")
    assert "(deadline assumed, unverified)" in ofsted
    assert "(deadline from guidance)" not in ofsted
    assert "[source: secondary]" in ofsted
    statute = _line(_account(**LOOKED_AFTER_DEATH), "  - Ofsted")
    assert "(deadline from guidance)" in statute
    assert "[source: statute]" in statute
    assert lines[-1].startswith("Sources: statute = the Act's own text was read;")
    # And what "must" and "should" mean, just before.
    assert lines[-2].startswith("Strength: must = a duty in legislation (an Act or regulations);")


def test_another_authoritys_duty_is_worded_from_the_rule_that_names_it() -> None:
    """Another authority's s16C duty that applies is stated as theirs, with the provision; one
    that turns on unknown facts "may be engaged"; before s16C (Working Together 2015) the line
    names the 2015 guidance, never s16C."""
    abroad = {
        "event.location": {"country": "outside_uk"},
        "child.normally_resident": {"country": "england", "local_authority": OTHER_AREA},
    }
    assert _line(_account(**abroad), "Another authority") == (
        f"Another authority's duty (Children Act 2004, s16C(1)(b)): {OTHER_AREA}. Make sure it "
        "knows of the incident."
    )
    elsewhere = {"event.location": {"country": "england", "local_authority": OTHER_AREA}}
    unknown_abuse = _line(_account(abuse_or_neglect="unknown", **elsewhere), "Another authority")
    assert unknown_abuse.startswith("Another authority's duty may be engaged (Children Act 2004")
    before = _line(
        _account(
            **elsewhere,
            **LOOKED_AFTER_DEATH,
            **{"event.date": "2017-09-01"},
            became_aware_on="2017-09-04",
        ),
        "Another authority",
    )
    assert "Working Together to Safeguard Children 2015" in before
    assert "s16C" not in before


def test_a_done_late_notification_gives_the_date_it_was_made() -> None:
    """A notification made late gives the date it was made as well as how late it was."""
    made = {
        "event.date": "2026-11-09",
        "became_aware_on": "2026-11-10",
        "notified_on": {"panel": "2026-11-18"},
    }
    panel = _line(_account(**made), "  - the Child Safeguarding Practice Review Panel")
    assert panel.endswith("[done late on 18 November 2026: 1 working day late]")


def test_a_notification_made_late_on_a_weekend_is_not_counted_zero_days_late() -> None:
    """A notification due on Friday 27 November 2026 and made on Saturday 28 November is done late
    with no working day late: the account says so, as for an overdue one, not "0 working days
    late" (review s22, F7)."""
    made = {"event.date": "2026-11-19", "notified_on": {"panel": "2026-11-28"}}
    monday = date(2026, 11, 30)
    decision = decide(incident(**made), monday)
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    assert (panel.due_by, panel.status, panel.working_days_late) == (
        date(2026, 11, 27),
        "done_late",
        0,
    )
    line = _line(_account(monday, **made), "  - the Child Safeguarding Practice Review Panel")
    assert line.endswith(
        "[done late on 28 November 2026: after the due date, on a day that is not a working day]"
    )


def test_the_account_lists_every_obligation_of_the_decision_in_order() -> None:
    """Every obligation of a decision appears in its account, one line each, in the decision's
    order, named as the account names recipients."""
    decision = decide(incident(**LOOKED_AFTER_DEATH), TODAY)
    lines = decision_account(decision, ROLES).splitlines()
    listed = lines[lines.index("Notifications owed:") + 1 :][: len(decision.obligations)]
    assert [line.split(" (")[0] for line in listed] == [
        f"  - {RECIPIENT_NAMES[item.recipient]}" for item in decision.obligations
    ]
    assert len(decision.obligations) == 4


def test_the_heading_says_what_a_required_notification_rests_on() -> None:
    """A required Panel notification's heading gives its strength and provision: s16C's "must" is
    told apart from the looked-after-death guidance's "should"; other answers name none."""
    assert _account()[0] == (
        "Case T-1: notify the Panel: REQUIRED (must: Children Act 2004, s16C(1)(a))"
    )
    guidance = _account(**LOOKED_AFTER_DEATH)[0]
    assert guidance.startswith("Case L-1: notify the Panel: REQUIRED (should: Working Together")
    assert _account(abuse_or_neglect="unknown")[0] == "Case T-1: notify the Panel: UNDETERMINED"


def test_the_reasons_give_in_full_what_decided_and_list_the_rest_by_id() -> None:
    """The reasons give in full every rule that applies or is open and every rule deciding the
    Panel answer (a "not required" rests on them), and name the others in one line."""
    decision = decide(incident(abuse_or_neglect="not_suspected"), TODAY)
    lines = decision_account(decision, ROLES).splitlines()
    why = lines[lines.index("Why:") + 1 :]
    # Each line names the rule and its version: "[outcome] rule (vN): explanation".
    named = [line.split(":")[0].split("] ")[1] for line in why if line.startswith("  [")]
    expected = [
        f"{reason.rule} (v{reason.rule_version})"
        for reason in decision.reasons
        if reason.outcome != "does_not_apply" or reason.rule in ROLES.deciding_panel
    ]
    assert named == expected
    full = [name.split(" (v")[0] for name in named]
    assert "s16c-1a-event-in-area" in full
    (others,) = [line for line in why if line.startswith("  Also considered, not applying: ")]
    listed = others.removeprefix("  Also considered, not applying: ").rstrip(".").split(", ")
    assert sorted(listed + full) == sorted(reason.rule for reason in decision.reasons)
    assert "care-leaver-death" in listed


def test_each_deadline_says_what_it_counts_from_and_an_unknown_one_its_earliest_date() -> None:
    """Each deadline gives its working days and the date they count from (awareness, or a later
    suspicion for s16C); with the awareness date unrecorded, it gives the earliest it can fall
    (awareness on the event date) and says when that has passed."""
    suspected = _account(
        **{**LOOKED_AFTER_DEATH, "abuse_or_neglect": "suspected"},
        abuse_or_neglect_suspected_on="2026-11-24",
    )
    assert "(must) by Tuesday 1 December 2026, 5 working days from 24 November 2026 " in _line(
        suspected, "  - the Child Safeguarding Practice Review Panel"
    )
    assert "(must) by Friday 27 November 2026, 5 working days from 20 November 2026 " in _line(
        suspected, "  - Ofsted"
    )
    unrecorded = _line(
        _account(became_aware_on=None), "  - the Child Safeguarding Practice Review Panel"
    )
    assert (
        "(must) due date unknown: 5 working days from the date it counts from, not recorded; at "
        "the earliest by Wednesday 25 November 2026 (already passed) (deadline from guidance)"
    ) in unrecorded


def test_questions_that_change_only_the_advice_are_asked_apart() -> None:
    """A question whose answer can change only the advice (children's social care, the manner of
    death) is listed under its own heading, after those that can change what is owed, so a
    manager does not wait on it to notify."""
    lines = _account(**{"child.looked_after": "unknown", "abuse_or_neglect": "not_suspected"})
    owed_questions = lines[lines.index("Questions to ask:") + 1 :]
    assert owed_questions[0].startswith("  - child.looked_after: ")
    assert owed_questions[1] == ""
    advice = lines[lines.index("Questions that could change only the advice, not what is owed:") :]
    assert [line.split(":")[0] for line in advice[1:3]] == [
        "  - child.known_to_childrens_social_care",
        "  - event.manner_of_death",
    ]


def test_a_plan_asks_apart_the_questions_that_change_only_a_childs_advice() -> None:
    """A plan lists apart, naming the child, the questions that can change only a child's advice,
    and gives their paths in `advice_only_facts`, which are among its `missing_facts`."""
    unknown = incident(case_reference="T-2", abuse_or_neglect="unknown")
    group = {"notifying_authority": OUR_AREA, "incidents": [incident(), unknown]}
    plan = plan_notifications(group, today=TODAY)
    assert plan.advice_only_facts == [
        "incidents[1].child.known_to_childrens_social_care",
        "incidents[1].event.manner_of_death",
    ]
    assert plan.missing_facts == ["incidents[1].abuse_or_neglect", *plan.advice_only_facts]
    lines = plan_account(plan).splitlines()
    heading = lines.index("Questions that could change only the advice, not what is owed:")
    assert lines[heading + 1].startswith("  - child 2 of 2 (T-2): Is the child or family known")
    asked = lines[lines.index("Questions to ask:") + 1 : heading - 1]
    assert asked == [
        "  - child 2 of 2 (T-2): Is abuse or neglect known or suspected? "
        "[incidents[1].abuse_or_neglect]"
    ]


def test_the_facts_of_an_adult_care_leaver_speak_of_the_person_not_the_child() -> None:
    """A care leaver who died at 20 is "the person" in the facts a reason turned on (where it
    turned on the age too: a reason's words depend only on what its rule reads); one who died at
    17 is still "the child"."""
    adult = decide(incident(**CARE_LEAVER_DEATH), TODAY)
    (leaver,) = [reason for reason in adult.reasons if reason.rule == "care-leaver-death"]
    assert "It turned on: the person died; the person is this authority's care leaver" in (
        leaver.explanation
    )
    (service,) = [r for r in adult.reasons if r.rule == "looked-after-child-death-panel-service"]
    assert "the person is not looked after by this authority" in service.explanation
    young = decide(incident(**{**CARE_LEAVER_DEATH, "child.date_of_birth": "2009-05-01"}), TODAY)
    (leaver,) = [reason for reason in young.reasons if reason.rule == "care-leaver-death"]
    assert "It turned on: the child died; the person is this authority's care leaver" in (
        leaver.explanation
    )


def test_a_deadline_counted_over_bank_holidays_names_them() -> None:
    """Aware Friday 19 December 2025: the notifications are due 30 December, counted skipping the
    bank holidays of 25 and 26 December (the calendar counted with, for an auditor), and the
    review's count skips 1 January; a count over no bank holiday names none."""
    christmas = incident(**{"event.date": "2025-12-18", "became_aware_on": "2025-12-19"})
    account = decision_account(decide(christmas, date(2025, 12, 22)), ROLES)
    assert (
        "by Tuesday 30 December 2025, 5 working days from 19 December 2025, skipping the bank "
        "holidays 25 December 2025 and 26 December 2025 (deadline from guidance)" in account
    )
    assert "(30 December 2025), skipping the bank holiday 1 January 2026;" in account
    assert "skipping" not in decision_account(decide(incident(), TODAY), ROLES)


def test_a_plan_gives_each_form_its_status_and_counts_only_forms_not_made() -> None:
    """Two children harmed in one incident, not siblings, so a form each: the first child's
    Panel notification recorded as made on time, the second's not; on 15 January 2019 the
    account counts one form to submit and one made, and shows the first as done on its day and
    the second overdue (it read "to submit: 2", with no status: review s22, F4). Due dates by
    hand: aware Tuesday 13 November 2018, five working days on is Tuesday 20 November; aware
    Wednesday the 14th, Wednesday the 21st; from then to 15 January 2019 the working days after
    the 21st, less 25, 26 December and 1 January, number 36."""
    harmed = {
        "event.kind": "serious_harm",
        "event.date": "2018-11-12",
        "abuse_or_neglect": "suspected",
        "child.looked_after": "no",
    }
    group = {
        "notifying_authority": OUR_AREA,
        "incidents": [
            incident(
                case_reference="F-1",
                became_aware_on="2018-11-13",
                notified_on={"panel": "2018-11-16"},
                **harmed,
            ),
            incident(case_reference="F-2", became_aware_on="2018-11-14", **harmed),
        ],
    }
    planned = plan_notifications(group, submitted_on=date(2019, 1, 15), today=date(2019, 1, 15))
    lines = plan_account(planned).splitlines()
    assert lines[0].startswith("Panel notifications to submit: 1, and 1 recorded as made")
    forms = [line for line in lines if line.startswith("Form ")]
    assert forms == [
        "Form 1 (one form per child) by 20 November 2018 [done 16 November 2018]:",
        "Form 2 (one form per child) by 21 November 2018 [overdue: 36 working days late]:",
    ]


def _harmed_here(reference: str, aware: str, **overrides: Any) -> dict[str, Any]:
    """A child harmed here on 18 November 2026, abuse suspected, the authority aware on `aware`."""
    return incident(
        case_reference=reference,
        became_aware_on=aware,
        **{"event.kind": "serious_harm", "event.date": "2026-11-18", **overrides},
    )


def test_a_form_is_made_only_when_every_child_on_it_is_notified() -> None:
    """Five children on one form, four detailed and notified on 24 November, the fifth carried as
    further information and not yet notified: the form is still to submit, due with the fifth
    (it read "0 to submit ... [done 24 November]": review s24, F1), and each child notified is
    marked so, not to be notified again (F2)."""
    notified = {"notified_on": {"panel": "2026-11-24"}}
    children = [_harmed_here(f"K{n}", "2026-11-20", **notified) for n in range(4)]
    children.append(_harmed_here("K4", "2026-11-25"))
    group = {"notifying_authority": OUR_AREA, "incidents": children}
    lines = plan_account(plan_notifications(group, today=date(2026, 11, 28))).splitlines()
    assert lines[0].startswith("Panel notifications to submit: 1")
    (form,) = [line for line in lines if line.startswith("Form ")]
    assert form == "Form 1 (one form per incident) by 2 December 2026 [due: 3 working days left]:"
    marked = " [Panel notification recorded as made on 24 November 2026]"
    assert f"  - child 1 of 5 (K0){marked}" in lines
    assert "  - further information: child 5 of 5 (K4)" in lines


def test_an_operations_form_with_no_main_child_has_its_status() -> None:
    """An exploitation operation's form with no main child marked (the Ofsted form's rule, 2018)
    details no child: its status came from none and was left out though years overdue (review
    s24, F1); it comes from the children it carries as further information."""
    children = [
        incident(case_reference=f"X{n}", **{**ONLINE_FORM_ERA, "event.kind": "serious_harm"})
        for n in range(2)
    ]
    group = {
        "notifying_authority": OUR_AREA,
        "incidents": children,
        "large_scale_child_sexual_exploitation_operation": True,
    }
    plan = plan_notifications(group, submitted_on=date(2019, 1, 15), today=TODAY)
    assert [len(form.children) for form in plan.forms] == [0]
    (form,) = [line for line in plan_account(plan).splitlines() if line.startswith("Form ")]
    assert "[overdue: " in form


def test_a_plan_gives_what_decide_gives_beside_each_childs_notifications() -> None:
    """Each child's Panel deadline should the questions make it required, rapid review, another
    authority's duty and advice are in the plan's account as in `decide --explain`'s (the plan
    left all four out: review s24, F3)."""
    undetermined = incident(case_reference="U", abuse_or_neglect="unknown")
    elsewhere = incident(
        case_reference="W",
        **{
            "event.location": {"country": "wales"},
            "child.normally_resident": {"country": "england", "local_authority": OTHER_AREA},
        },
    )
    advised = incident(
        case_reference="D",
        abuse_or_neglect="not_suspected",
        **{
            "event.manner_of_death": "unexplained",
            "child.known_to_childrens_social_care": "yes",
        },
    )
    roles = rule_roles(Decider().book)
    expected = {
        "T-1": "Rapid review by the safeguarding partners",
        "U": "If the open questions make it required, the Panel notification is due by",
        "W": f"Another authority's duty (Children Act 2004, s16C(1)(b)): {OTHER_AREA}.",
        "D": "To consider (advice, not a duty): ",
    }
    for children in ([incident(), undetermined, advised], [elsewhere]):
        plan = plan_notifications(
            {"notifying_authority": OUR_AREA, "incidents": children}, today=TODAY
        )
        account = plan_account(plan, roles).splitlines()
        for child in _children(plan):
            start = expected[child.case_reference]
            alone = decision_account(child.decision, roles).splitlines()
            if start.startswith("To consider"):  # its heading, then the advice
                advice = alone[alone.index(start.rstrip(" ")) + 1].removeprefix("  - ")
                given = f"  - {start}{advice}"
            else:
                given = f"  - {next(line for line in alone if line.startswith(start[:25]))}"
            assert given in account, child.case_reference


def _children(plan: Any) -> list[Any]:
    """Every child of a plan, wherever it placed them."""
    on_forms = [
        child for form in plan.forms for child in (*form.children, *form.further_information)
    ]
    return [*on_forms, *plan.not_required, *plan.undetermined]


def _random_groups(count: int, seed: int) -> list[dict[str, Any]]:
    """Groups of two to seven children harmed here on 2 November 2026, abuse suspected, each
    learned of on a day of November and some notified to the Panel since: forms mixing children
    notified and not, detailed and further information, as random draws of whole incidents
    seldom give."""
    rng = random.Random(seed)
    groups = []
    for _ in range(count):
        children = []
        for n in range(rng.randint(2, 7)):
            aware = date(2026, 11, rng.randint(2, 27))
            made = aware + timedelta(days=rng.randint(0, (TODAY - aware).days))
            children.append(
                incident(
                    case_reference=f"R{n}",
                    became_aware_on=aware.isoformat(),
                    notified_on={"panel": made.isoformat()} if rng.random() < 0.5 else {},
                    **{"event.kind": "serious_harm", "event.date": "2026-11-02"},
                )
            )
        groups.append({"notifying_authority": OUR_AREA, "incidents": children})
    return groups


def test_the_plans_headline_counts_every_form_with_a_child_still_to_notify() -> None:
    """For random groups, the account's "to submit" is the number of forms with a child, detailed
    or as further information, whose Panel notification is not recorded as made (it left out the
    further-information children: review s24, F1), and each form's due date is the earliest of
    those children's (of all its children once each is made: F2, review s25, B3)."""
    for group in _random_groups(300, seed=24):
        plan = plan_notifications(group, today=TODAY)
        waiting = 0
        for form in plan.forms:
            panel = [
                item
                for child in (*form.children, *form.further_information)
                for item in child.decision.obligations
                if item.recipient == "panel"
            ]
            open_ = [item for item in panel if item.status not in ("done", "done_late")]
            waiting += bool(open_)
            dues = [item.due_by for item in (open_ or panel) if item.due_by]
            assert form.due_by == (min(dues) if dues else None)
        headline = plan_account(plan).splitlines()[0]
        assert headline.startswith(f"Panel notifications to submit: {waiting}")
