"""Planning the notifications for an incident with several children: forms, by the rules in force."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import CHECKOUT_RULES, ONLINE_FORM_ERA, OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import (
    Decider,
    DecisionDateError,
    NotificationPlan,
    OutsideCalendarError,
    RulesNotInForceError,
    plan_notifications,
)
from safeguarding_notify._plan import plan_with
from safeguarding_notify.group import IncidentGroup

TODAY = date(2026, 11, 26)
ONLINE_FORM = date(2019, 2, 20)  # last day of Ofsted's online form
SERVICE = date(2019, 2, 21)  # first day of the DfE notification service ("about")


def child(
    reference: str, kind: str = "serious_harm", family: str | None = None, **overrides: Any
) -> dict[str, Any]:
    """An incident of the baseline event for one child, dated before every date of submission."""
    document = incident(
        **{"case_reference": reference, "event.kind": kind, **ONLINE_FORM_ERA, **overrides}
    )
    if family is not None:
        document["child"]["sibling_group"] = family
    return document


def plan(*children: dict[str, Any], submitted_on: date = SERVICE, **group: Any) -> NotificationPlan:
    return plan_notifications(
        {"notifying_authority": OUR_AREA, "incidents": list(children), **group},
        submitted_on=submitted_on,
        today=TODAY,
    )


def forms(result: NotificationPlan) -> list[tuple[str, list[str], list[str]]]:
    """Each form as (policy, detailed case references, further-information case references)."""
    return [
        (
            form.policy,
            [item.case_reference or "" for item in form.children],
            [item.case_reference or "" for item in form.further_information],
        )
        for form in result.forms
    ]


# -- 29 June 2018 to 20 February 2019: Ofsted's online form ---------------------------------------


def test_online_form_gives_each_child_who_died_a_form() -> None:
    """Under the online form, two siblings who died get a form each."""
    result = plan(child("A", "death", "f1"), child("B", "death", "f1"), submitted_on=ONLINE_FORM)
    assert result.grouping_rule == "notification-forms-per-incident.v1"
    assert forms(result) == [
        ("one_form_per_child", ["A"], []),
        ("one_form_per_child", ["B"], []),
    ]


def test_online_form_puts_harmed_siblings_on_one_form() -> None:
    """Under the online form, serious harm to three siblings is one form covering all of them."""
    result = plan(*(child(ref, family="f1") for ref in "ABC"), submitted_on=ONLINE_FORM)
    assert forms(result) == [("one_form_per_sibling_group", ["A", "B", "C"], [])]
    assert result.forms[0].sibling_group == "f1"


def test_online_form_gives_harmed_non_siblings_a_form_each() -> None:
    """Under the online form, serious harm to children who are not siblings is one form each."""
    result = plan(
        child("A", family="f1"), child("B", family="f2"), child("C"), submitted_on=ONLINE_FORM
    )
    assert forms(result) == [
        ("one_form_per_sibling_group", ["A"], []),
        ("one_form_per_sibling_group", ["B"], []),
        ("one_form_per_child", ["C"], []),
    ]


def test_online_form_mixes_deaths_siblings_and_non_siblings() -> None:
    """A sibling who died has their own form; the harmed siblings share one; a harmed non-sibling has one."""
    result = plan(
        child("A", "death", "f1"),
        child("B", family="f1"),
        child("C", family="f1"),
        child("D"),
        submitted_on=ONLINE_FORM,
    )
    assert forms(result) == [
        ("one_form_per_child", ["A"], []),
        ("one_form_per_sibling_group", ["B", "C"], []),
        ("one_form_per_child", ["D"], []),
    ]


def test_online_form_operation_with_main_child_is_one_form_listing_the_others() -> None:
    """A large-scale exploitation operation is one form for the marked main child, the others
    listed in it, as the policy says: no note about a limit of children detailed on a form, which
    this policy does not have."""
    result = plan(
        child("A"),
        child("B"),
        child("C"),
        submitted_on=ONLINE_FORM,
        large_scale_child_sexual_exploitation_operation=True,
        main_child=1,
    )
    assert forms(result) == [("one_form_for_main_child", ["B"], ["A", "C"])]
    assert result.forms[0].main_child == 1
    assert "main_child" not in result.missing_facts
    assert not any("further information" in note for note in result.notes)


def test_online_form_operation_without_main_child_names_the_missing_fact() -> None:
    """An operation whose main child is not marked still lists every child and asks for main_child."""
    result = plan(
        child("A"),
        child("B"),
        submitted_on=ONLINE_FORM,
        large_scale_child_sexual_exploitation_operation=True,
    )
    assert forms(result) == [("one_form_for_main_child", [], ["A", "B"])]
    assert result.forms[0].main_child is None
    assert result.missing_facts == ["main_child"]
    assert any("mark main_child" in note for note in result.notes)


def test_online_form_operation_keeps_a_separate_form_for_a_death() -> None:
    """In an exploitation operation a child who died still has a form of their own."""
    result = plan(
        child("A", "death"),
        child("B"),
        child("C"),
        submitted_on=ONLINE_FORM,
        large_scale_child_sexual_exploitation_operation=True,
        main_child=2,
    )
    assert forms(result) == [
        ("one_form_per_child", ["A"], []),
        ("one_form_for_main_child", ["C"], ["B"]),
    ]


def test_marking_a_child_who_died_as_main_child_leaves_the_operation_form_without_one() -> None:
    """A main child who is not on the operation's form (they died) is reported as missing, not guessed."""
    result = plan(
        child("A", "death"),
        child("B"),
        submitted_on=ONLINE_FORM,
        large_scale_child_sexual_exploitation_operation=True,
        main_child=0,
    )
    assert forms(result)[1] == ("one_form_for_main_child", [], ["B"])
    assert result.missing_facts == ["main_child"]
    assert any("main_child marks incidents[0], who is not among" in n for n in result.notes)


def test_a_main_child_needing_no_notification_is_said_to_be_marked() -> None:
    """A marked main child whose own answer is not "required" leaves the form without one, and
    the note says which child is marked rather than asking to "mark main_child" (an adversarial
    review: it read as if nothing had been marked)."""
    result = plan(
        child("A", abuse_or_neglect="not_suspected"),
        child("B"),
        child("C"),
        submitted_on=ONLINE_FORM,
        large_scale_child_sexual_exploitation_operation=True,
        main_child=0,
    )
    assert forms(result) == [("one_form_for_main_child", [], ["B", "C"])]
    assert "main_child" in result.missing_facts
    (note,) = [n for n in result.notes if "main child believed" in n]
    assert "main_child marks incidents[0], who is not among the children" in note
    assert "mark main_child (the position" not in note


def test_a_rules_directory_without_grouping_rules_refuses_a_plan(tmp_path: Path) -> None:
    """A Decider's own rules with no form-grouping rule refuse a plan with RulesNotInForceError
    saying so (it was a bare ValueError from `min()` of nothing)."""
    rules = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, rules)
    shutil.rmtree(rules / "notification-forms")
    group = IncidentGroup.model_validate(
        {"notifying_authority": OUR_AREA, "incidents": [child("A")]}
    )
    with pytest.raises(RulesNotInForceError, match="holds no form-grouping rule"):
        plan_with(Decider(rules), group, SERVICE, TODAY)


# -- from about 21 February 2019: the DfE notification service ------------------------------------


def test_service_gives_one_notification_per_incident_for_deaths_and_harms() -> None:
    """Under the DfE service, deaths and serious harm to siblings and non-siblings are one notification."""
    result = plan(
        child("A", "death", "f1"), child("B", family="f1"), child("C"), child("D", "death")
    )
    assert result.grouping_rule == "notification-forms-per-incident.v2"
    assert forms(result) == [("one_form_per_incident", ["A", "D", "B", "C"], [])]


def test_service_details_four_children_and_gives_the_rest_as_further_information() -> None:
    """With six children, the notification details four (deaths first) and the other two go as further information."""
    children = [child(f"H{n}") for n in range(4)] + [child("D1", "death"), child("D2", "death")]
    result = plan(*children)
    assert forms(result) == [("one_form_per_incident", ["D1", "D2", "H0", "H1"], ["H2", "H3"])]
    assert any("at most 4 children" in note for note in result.notes)


def test_service_operation_details_the_main_child_first() -> None:
    """Under the DfE service an operation is one notification, its marked main child detailed
    first and named as the form's main child (it was null: review s28, C23); unmarked, none is."""
    children = [child(f"V{n}") for n in range(6)]
    result = plan(*children, large_scale_child_sexual_exploitation_operation=True, main_child=5)
    assert forms(result) == [("one_form_per_incident", ["V5", "V0", "V1", "V2"], ["V3", "V4"])]
    assert result.forms[0].main_child == 5
    assert result.missing_facts == []
    unmarked = plan(*children, large_scale_child_sexual_exploitation_operation=True)
    assert unmarked.forms[0].main_child is None


@pytest.mark.parametrize(
    ("submitted_on", "rule", "count"),
    [
        (date(2018, 6, 29), "notification-forms-per-incident.v1", 2),  # the online form's first day
        (date(2019, 2, 20), "notification-forms-per-incident.v1", 2),
        (date(2019, 2, 21), "notification-forms-per-incident.v2", 1),
    ],
)
def test_the_date_of_submission_chooses_the_grouping_rule(
    submitted_on: date, rule: str, count: int
) -> None:
    """Two harmed non-siblings are two forms on 20 February 2019 and one notification on the 21st."""
    result = plan(child("A"), child("B"), submitted_on=submitted_on)
    assert (result.grouping_rule, len(result.forms)) == (rule, count)


def test_submission_defaults_to_today() -> None:
    """Without a submission date the grouping rule in force today is used."""
    result = plan_notifications(
        {"notifying_authority": OUR_AREA, "incidents": [child("A")]}, today=TODAY
    )
    assert result.submitted_on == TODAY
    assert result.grouping_rule == "notification-forms-per-incident.v2"


@pytest.mark.parametrize("submitted_on", [date(9999, 12, 31), date(2101, 1, 1), date(1871, 12, 31)])
def test_a_submission_beyond_the_calendar_is_refused_naming_it(submitted_on: date) -> None:
    """A date of submission outside the years whose bank holidays are known is refused with
    `OutsideCalendarError` naming `submitted_on`, as `today` is: no plan says which grouping rule
    is "in force" in 9999. The calendar's last day, after `today`, is planned (a form may be
    submitted later), each child's statuses still taken on `today`."""
    with pytest.raises(OutsideCalendarError, match=r"^submitted_on \(") as refused:
        plan(child("A"), submitted_on=submitted_on)
    assert "is outside the years whose bank holidays in England are known" in str(refused.value)
    last_day = plan(child("A"), submitted_on=date(2100, 12, 31))
    assert last_day.submitted_on == date(2100, 12, 31)
    assert last_day.forms[0].children[0].decision.as_of == TODAY


@pytest.mark.parametrize(
    ("dates", "later"),
    [
        ({"event.date": "2019-03-01", "became_aware_on": "2019-03-04"}, "event.date"),
        ({"event.date": "2019-02-01", "became_aware_on": "2019-03-04"}, "became_aware_on"),
        (
            {"event.date": None, "became_aware_on": None, "child.date_of_birth": "2019-03-01"},
            "child.date_of_birth",
        ),
    ],
    ids=["event", "awareness", "birth"],
)
def test_a_submission_before_a_childs_dates_is_refused_naming_the_child(
    dates: dict[str, Any], later: str
) -> None:
    """A date of submission before a child's birth, event or the authority's awareness is refused
    (`DecisionDateError` on `submitted_on`, naming the child and the field, not the date), never
    planned under a form-grouping rule no notification of the incident could follow."""
    with pytest.raises(DecisionDateError) as refused:
        # A's event date is not recorded: a group's known event dates must agree.
        plan(child("A", **{"event.date": None}), child("B", **dates), submitted_on=ONLINE_FORM)
    assert str(refused.value).startswith(
        f"incidents[1]: the date of submission (submitted_on) is before {later}"
    )
    assert (refused.value.child, refused.value.option) == (1, "submitted_on")
    assert "2019" not in str(refused.value)


def test_a_suspicion_after_the_submission_does_not_refuse_it() -> None:
    """Abuse or neglect suspected after the date of submission is not a refusal: a looked-after
    child's death is notified before it, so the plan is made."""
    looked_after = {
        "child.looked_after": "yes",
        "child.looked_after_by": OUR_AREA,
        "event.date": "2019-02-10",
        "became_aware_on": "2019-02-11",
        "abuse_or_neglect": "suspected",
        "abuse_or_neglect_suspected_on": "2019-03-01",
    }
    result = plan(child("A", "death", **looked_after), submitted_on=ONLINE_FORM)
    assert result.submitted_on == ONLINE_FORM
    assert [child.case_reference for form in result.forms for child in form.children] == ["A"]


def test_a_submission_before_a_childs_panel_duty_arose_is_refused() -> None:
    """Two harmed children, the authority aware on 15 February 2019 and abuse suspected from the
    25th: submitted on the 18th, no Panel notification could be made, so no day's grouping rule
    applies (it gave the Ofsted form's two forms, where on the 25th the service's one applies:
    review s24, F6); refused naming the child and the option."""
    later = {
        "event.date": "2019-02-14",
        "became_aware_on": "2019-02-15",
        "abuse_or_neglect": "suspected",
        "abuse_or_neglect_suspected_on": "2019-02-25",
    }
    children = [child("A", **later), child("B", **later)]
    with pytest.raises(DecisionDateError) as refused:
        plan(*children, submitted_on=date(2019, 2, 18))
    assert str(refused.value).startswith("incidents[0]: the date of submission (submitted_on) is")
    assert (refused.value.child, refused.value.option) == (0, "submitted_on")
    assert len(plan(*children, submitted_on=date(2019, 2, 25)).forms) == 1


def test_submission_before_the_first_grouping_rule_is_refused() -> None:
    """A submission date before 29 June 2018 for a child needing a Panel form (abuse suspected
    on 2 July 2018) is refused, not grouped by guesswork, naming the option and when the
    grouping rules begin but not the date given."""
    suspected_later = {"event.date": "2018-06-01", "abuse_or_neglect_suspected_on": "2018-07-02"}
    with pytest.raises(RulesNotInForceError, match=r"submitted_on.*2018-06-29") as refused:
        plan(
            child("A", became_aware_on="2018-06-04", **suspected_later),
            submitted_on=date(2018, 6, 28),
        )
    assert "2018-06-28" not in str(refused.value)
    # For code to tell it from a refusal of `today` (found by the integrator's review).
    assert (refused.value.option, refused.value.field, refused.value.child) == (
        "submitted_on",
        None,
        None,
    )


# Known in November 2017, under Working Together 2015: no Panel notification was owed then.
WORKING_TOGETHER_2015 = {"event.date": "2017-11-12", "became_aware_on": "2017-11-14"}


def test_a_group_owing_no_panel_form_before_the_grouping_rules_is_planned_without_forms() -> None:
    """A group known and submitted before 29 June 2018, whose children need no Panel form, gets a
    plan with no forms, no grouping rule and each child's decision, not a refusal (review s22,
    F6)."""
    result = plan(
        child("A", "death", **WORKING_TOGETHER_2015),
        child("B", **WORKING_TOGETHER_2015),
        submitted_on=date(2017, 11, 20),
    )
    assert (result.forms, result.undetermined) == ([], [])
    assert [item.case_reference for item in result.not_required] == ["A", "B"]
    assert result.grouping_rule is result.grouping_certainty is None
    assert result.notes[0].startswith("No child's Panel notification is or may be owed")
    # Each child's notifications under Working Together 2015 are planned: Ofsted and the LSCB.
    for item in result.not_required:
        owed = {obligation.recipient for obligation in item.decision.obligations}
        assert owed == {"ofsted", "local_safeguarding_children_board"}


def test_a_child_who_may_need_a_panel_form_before_the_grouping_rules_is_still_refused() -> None:
    """Of two children known on 4 June 2018, one with abuse or neglect not recorded is
    undetermined when decided in 2026 (a suspicion from 29 June 2018 would bring s16C), so a
    submission on 28 June 2018 is still refused, not planned without a form."""
    known = {"event.date": "2018-06-01", "became_aware_on": "2018-06-04"}
    with pytest.raises(RulesNotInForceError, match=r"submitted_on.*2018-06-29"):
        plan(
            child("A", **known),
            child("B", **known, abuse_or_neglect="unknown"),
            submitted_on=date(2018, 6, 28),
        )


def test_a_child_whose_dates_fall_before_the_rules_is_named_in_the_refusal() -> None:
    """A group refused because one child's awareness date is before every encoded rule says which
    child (`incidents.N`) and which field, as a validation error does, without the date."""
    with pytest.raises(
        RulesNotInForceError, match=r"^incidents\[1\]: no encoded rules .* became_aware_on"
    ) as refused:
        plan(
            child("A", **{"event.date": "2014-06-01", "child.date_of_birth": "2010-01-01"}),
            child(
                "B",
                became_aware_on="2014-06-02",
                **{"event.date": "2014-06-01", "child.date_of_birth": "2010-01-01"},
            ),
        )
    assert "2014" not in str(refused.value)  # the field is named, its date never repeated
    assert (refused.value.child, refused.value.field) == (1, "became_aware_on")


def test_the_uncertainty_of_the_service_rule_is_carried_in_the_plan() -> None:
    """The plan carries the grouping rule's review note saying deaths may still be one child per notification."""
    result = plan(child("A", "death"), child("B", "death"))
    assert "deaths each relate to one child" in result.grouping_review_note
    assert '"about" 21 February 2019' in result.grouping_review_note


# -- what each form carries, and children with no form ---------------------------------------------


def test_a_form_is_due_on_the_earliest_due_date_among_its_children() -> None:
    """A form covering children learned of on different days is due on the earliest child's due date."""
    result = plan(
        child("A", became_aware_on="2026-11-23"),
        child("B", became_aware_on="2026-11-20"),
        submitted_on=TODAY,
    )
    assert result.forms[0].due_by == date(2026, 11, 27)
    detailed = result.forms[0].children
    assert [(item.case_reference, item.decision.obligations[0].due_by) for item in detailed] == [
        ("B", date(2026, 11, 27)),
        ("A", date(2026, 11, 30)),
    ]


def test_a_form_is_due_when_its_children_not_yet_notified_are() -> None:
    """A child's Panel notification made already does not date what is left to submit: the form
    is due on the earliest due date of the children not yet notified (it gave notified B's 27
    November, where A's, still to submit, is due on the 30th, and the account read "by 27 November
    [due]" from A's status: review s25, B3), and once every child is notified, on the earliest."""
    notified = {"notified_on": {"panel": "2026-11-24"}}
    result = plan(
        child("A", became_aware_on="2026-11-23"),
        child("B", became_aware_on="2026-11-20", **notified),
        submitted_on=TODAY,
    )
    assert result.forms[0].due_by == date(2026, 11, 30)
    every = plan(
        child("A", became_aware_on="2026-11-23", **notified),
        child("B", became_aware_on="2026-11-20", **notified),
        submitted_on=TODAY,
    )
    assert every.forms[0].due_by == date(2026, 11, 27)


def test_a_form_with_some_children_notified_says_the_rest_may_join_that_notification() -> None:
    """One notification per incident, made for A, not yet for B: the plan says B may be added to
    the one made rather than submitted anew (it only counted one form to submit: review s24,
    F2); a form all of whose children are notified, or none, says nothing of it."""
    notified = {"notified_on": {"panel": "2026-11-24"}}
    a_only = plan(
        child("A", became_aware_on="2026-11-20", **notified),
        child("B", became_aware_on="2026-11-23"),
        submitted_on=TODAY,
    )
    (note,) = [note for note in a_only.notes if "recorded as made for" in note]
    assert note.startswith("On form 1, a Panel notification is recorded as made for child 1 (A);")
    for both in ({}, notified):
        whole = plan(
            child("A", became_aware_on="2026-11-20", **both),
            child("B", became_aware_on="2026-11-23", **both),
            submitted_on=TODAY,
        )
        assert not [note for note in whole.notes if "recorded as made for" in note]


def test_a_form_carries_its_childrens_decisions_and_provisions() -> None:
    """Each form lists the provisions and rules its children's Panel notifications rest on, with their decisions."""
    result = plan(
        child("A"),
        child("B", **{"event.location": {"country": "wales"}}),
        child("C"),
        submitted_on=SERVICE,
        large_scale_child_sexual_exploitation_operation=True,
    )
    form = result.forms[0]
    assert form.provisions == ["Children Act 2004, s16C(1)(a)", "Children Act 2004, s16C(1)(b)"]
    assert form.rules == ["s16c-1a-event-in-area", "s16c-1b-outside-england"]
    assert [item.decision.notify_panel for item in form.children] == ["required"] * 3


def test_children_needing_no_notification_are_listed_with_reasons() -> None:
    """A child whose event is not serious harm is listed as needing no notification, with the reasons why."""
    result = plan(child("A"), child("B", "other"))
    assert [item.case_reference for item in result.not_required] == ["B"]
    assert any(
        "not recorded as serious harm" in reason for reason in result.not_required[0].reasons
    )
    assert forms(result) == [("one_form_per_incident", ["A"], [])]


def test_undetermined_children_are_shown_with_their_missing_facts() -> None:
    """A child whose abuse answer is unknown is listed as undetermined and the question is asked,
    never dropped, and is not put on a form submitted to the Panel."""
    result = plan(child("A"), child("B", abuse_or_neglect="unknown"))
    assert [item.index for item in result.undetermined] == [1]
    assert forms(result) == [("one_form_per_incident", ["A"], [])]
    assert "incidents[1].abuse_or_neglect" in result.missing_facts
    assert any("cannot be decided yet" in note for note in result.notes)


def test_a_group_with_no_child_to_notify_has_no_forms() -> None:
    """When no child needs a notification, the plan has no form and lists every child as not required."""
    result = plan(child("A", "other"), child("B", abuse_or_neglect="not_suspected"))
    assert result.forms == []
    assert [item.index for item in result.not_required] == [0, 1]


def test_the_plan_records_rule_and_input_hashes() -> None:
    """A plan records the rule-file hash and a digest of the validated group, which differs between groups."""
    first, second = plan(child("A")), plan(child("B"))
    assert first.rules_version.startswith("sha256:")
    assert first.input_digest != second.input_digest


def test_other_area_children_in_a_group_get_their_partner_obligations() -> None:
    """A child of the group who lives in another area carries the obligation to that area's partners."""
    result = plan(
        child("A"),
        child(
            "B",
            **{"child.normally_resident": {"country": "england", "local_authority": OTHER_AREA}},
        ),
    )
    areas = [
        item.area
        for item in result.forms[0].children[1].decision.obligations
        if item.recipient == "safeguarding_partners"
    ]
    assert areas == [OUR_AREA, OTHER_AREA]


def test_the_public_names_the_http_service_wires_are_exported() -> None:
    """`IncidentGroup`, `NotificationPlan` and `plan_notifications` are exported from the package and from `group`."""
    import inspect

    import safeguarding_notify
    from safeguarding_notify import group

    for name in ("IncidentGroup", "NotificationPlan", "plan_notifications"):
        assert name in safeguarding_notify.__all__
        assert name in group.__all__
        assert getattr(safeguarding_notify, name) is getattr(group, name)
    parameters = inspect.signature(plan_notifications).parameters
    assert list(parameters) == ["group", "submitted_on", "today"]
    assert parameters["submitted_on"].default is None
    assert parameters["today"].default is None


def test_a_form_with_an_unknown_awareness_date_says_so_and_asks() -> None:
    """When one child's date of awareness is unknown, the form is due on the others' date, with a note and the question."""
    # Events after s16C came into force, so that with awareness unknown the Panel answer is known.
    after = {"event.date": "2018-11-12"}
    result = plan(
        child("A", "death", became_aware_on=None, **after),
        child("B", "death", became_aware_on="2018-11-14", **after),
        child("C", "death", became_aware_on=None, **after),
        submitted_on=ONLINE_FORM,
    )
    assert [form.due_by for form in result.forms] == [None, date(2018, 11, 21), None]
    notes = [note for note in result.notes if "date of awareness is not recorded" in note]
    assert len(notes) == 1
    assert result.missing_facts == ["incidents[0].became_aware_on", "incidents[2].became_aware_on"]
    # On one form for the incident (the DfE service), the form is due on B's date, and the note
    # says that a child on it has no date of awareness.
    one_form = plan(
        child("A", "death", became_aware_on=None, **after),
        child("B", "death", became_aware_on="2018-11-14", **after),
        submitted_on=SERVICE,
    )
    assert [form.due_by for form in one_form.forms] == [date(2018, 11, 21)]
    assert any("date of awareness is not recorded" in note for note in one_form.notes)
