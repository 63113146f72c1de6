"""Status against a date: each obligation due, due today, overdue, done or done late."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import (
    Decision,
    DecisionDateError,
    __version__,
    decide,
    plan_notifications,
)
from safeguarding_notify._validation import one_line
from safeguarding_notify.incident import england_today

# What the note on a notification recorded to a recipient owed nothing says.
UNOWED = "so it meets no obligation listed here"

# The baseline: aware Friday 20 November 2026, so everything is due Friday 27 November.


def panel(decision: Decision) -> tuple[Any, ...]:
    item = decision.obligations[0]
    assert item.recipient == "panel"
    return item.status, item.working_days_left, item.working_days_late, item.notified_on


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 20), ("due", 5, None, None)),
        (date(2026, 11, 24), ("due", 3, None, None)),
        (date(2026, 11, 27), ("due_today", 0, None, None)),
        (date(2026, 11, 28), ("overdue", None, 0, None)),  # Saturday: late, no working day yet
        (date(2026, 11, 30), ("overdue", None, 1, None)),
        (date(2026, 12, 4), ("overdue", None, 5, None)),
    ],
    ids=["day of awareness", "Tuesday", "due day", "Saturday after", "Monday after", "a week late"],
)
def test_unmade_notification_status_follows_the_date(
    today: date, expected: tuple[Any, ...]
) -> None:
    """An unmade notification is due, due today or overdue against `today`, with working days left or late."""
    assert panel(decide(incident(), today=today)) == expected


def test_recorded_notification_on_time_is_done() -> None:
    """A notification recorded on or before its due date is done."""
    decision = decide(incident(notified_on={"panel": "2026-11-25"}), today=date(2026, 11, 26))
    assert panel(decision) == ("done", None, None, date(2026, 11, 25))


def test_recorded_notification_after_due_date_is_done_late() -> None:
    """A notification recorded two working days after its due date is done late by two working days."""
    decision = decide(
        incident(
            became_aware_on="2026-11-02",
            **{"event.date": "2026-11-01"},
            notified_on={"panel": "2026-11-11"},
        ),
        today=date(2026, 11, 26),
    )
    assert decision.obligations[0].due_by == date(2026, 11, 9)
    assert panel(decision) == ("done_late", None, 2, date(2026, 11, 11))


def test_a_notification_recorded_on_the_date_decided_against_is_made() -> None:
    """A notification recorded on the very day decided against counts as made that day (done),
    not as still due: only one recorded after it is not yet made."""
    decision = decide(incident(notified_on={"panel": "2026-11-24"}), today=date(2026, 11, 24))
    assert panel(decision) == ("done", None, None, date(2026, 11, 24))


def test_a_notification_recorded_after_today_is_not_yet_made() -> None:
    """Asking about a date before the recorded notification gives the status as it stood then."""
    decision = decide(incident(notified_on={"panel": "2026-11-25"}), today=date(2026, 11, 24))
    assert panel(decision) == ("due", 3, None, None)


def test_each_recipient_has_its_own_status() -> None:
    """Recording only the Panel notification leaves the safeguarding partners' report due."""
    decision = decide(incident(notified_on={"panel": "2026-11-23"}), today=date(2026, 11, 30))
    assert [(item.recipient, item.status) for item in decision.obligations] == [
        ("panel", "done"),
        ("safeguarding_partners", "overdue"),
    ]


def test_another_areas_partners_are_recorded_under_their_own_key() -> None:
    """`safeguarding_partners:<code>` marks only the report to that area's partners as made."""
    decision = decide(
        incident(
            **{"child.normally_resident": {"country": "england", "local_authority": OTHER_AREA}},
            notified_on={f"safeguarding_partners:{OTHER_AREA}": "2026-11-23"},
        ),
        today=date(2026, 11, 24),
    )
    assert [(item.area, item.status) for item in decision.obligations[1:]] == [
        ("E08000025", "due"),
        (OTHER_AREA, "done"),
    ]


def test_recording_an_obligations_key_marks_that_obligation_and_no_other_done() -> None:
    """Each obligation's `notified_on_key`, recorded in `notified_on`, marks it done, and only it."""
    elsewhere = {
        "child.normally_resident": {"country": "england", "local_authority": OTHER_AREA},
        "child.looked_after": "yes",
        "child.looked_after_by": OUR_AREA,
    }
    owed = decide(incident(**elsewhere), today=date(2026, 11, 24)).obligations
    assert len({item.notified_on_key for item in owed}) == len(owed) >= 4
    assert all(item.status != "done" for item in owed)
    for made in owed:
        recorded = incident(**elsewhere, notified_on={made.notified_on_key: "2026-11-23"})
        after = decide(recorded, today=date(2026, 11, 24)).obligations
        assert [(item.notified_on_key, item.status) for item in after] == [
            (item.notified_on_key, "done" if item is made else item.status) for item in owed
        ]


def test_a_notification_recorded_to_a_recipient_owed_nothing_is_noted() -> None:
    """A notification recorded as made to a recipient to whom nothing is owed, or may be owed, is
    named in a note saying it is not counted, for a child in a group too (it was dropped without
    a word); one to a recipient owed is counted, as ever, with no such note."""
    recorded = {"ofsted": "2026-11-23", "panel": "2026-11-23"}
    decision = decide(incident(notified_on=recorded), today=date(2026, 11, 24))
    assert panel(decision)[0] == "done"
    assert [note for note in decision.notes if UNOWED in note] == [
        "A notification to Ofsted is recorded as made on 23 November 2026, but nothing to Ofsted "
        "is owed on these facts, so it meets no obligation listed here."
    ]
    unharmed = incident(
        **{"event.kind": "other", "abuse_or_neglect": "not_suspected"}, notified_on=recorded
    )
    plan = plan_notifications(
        {"notifying_authority": OUR_AREA, "incidents": [unharmed]}, today=date(2026, 11, 24)
    )
    (child,) = plan.not_required
    assert [note for note in child.decision.notes if UNOWED in note] == [
        "A notification to Ofsted is recorded as made on 23 November 2026, but nothing to Ofsted "
        "is owed on these facts, so it meets no obligation listed here.",
        "A notification to the Child Safeguarding Practice Review Panel is recorded as made on 23 "
        "November 2026, but nothing to the Child Safeguarding Practice Review Panel is owed on "
        "these facts, so it meets no obligation listed here.",
    ]


def test_a_recorded_notification_that_may_be_owed_is_not_called_unowed() -> None:
    """A notification recorded to a recipient a rule still undetermined may make owed (the Panel,
    abuse or neglect unknown), or that the rules of another day the unrecorded awareness may be
    owe (the safeguarding partners, from 29 June 2018), gets no "none is owed" note."""
    unknown = incident(abuse_or_neglect="unknown", notified_on={"panel": "2026-11-23"})
    decision = decide(unknown, today=date(2026, 11, 24))
    assert decision.notify_panel == "undetermined"
    assert not [note for note in decision.notes if UNOWED in note]
    undated = incident(
        became_aware_on=None,
        **{"event.date": "2018-06-01", "child.date_of_birth": "2010-01-01"},
        notified_on={"safeguarding_partners": "2018-07-10", "secretary_of_state": "2018-07-10"},
    )
    decision = decide(undated, today=date(2026, 11, 24))
    assert any(note.startswith("When the authority became aware") for note in decision.notes)
    assert [note for note in decision.notes if UNOWED in note] == [
        "A notification to the Secretary of State is recorded as made on 10 July 2018, but "
        "nothing to the Secretary of State is owed on these facts, so it meets no obligation "
        "listed here (it still bounds when the authority became aware)."
    ]


def test_another_areas_partners_owed_nothing_are_noted_where_every_area_is_known() -> None:
    """A notification recorded to another area's safeguarding partners, where every area is known
    and none is theirs, is noted as not counted beside this area's partners, owed (it was dropped
    without a word: the note matched by recipient only); where the child's area is not known, it
    may be theirs that are owed, and no note is given."""
    recorded = {f"safeguarding_partners:{OTHER_AREA}": "2026-11-23"}
    decision = decide(incident(notified_on=recorded), today=date(2026, 11, 24))
    assert [(item.recipient, item.area) for item in decision.obligations] == [
        ("panel", None),
        ("safeguarding_partners", OUR_AREA),
    ]
    assert [note for note in decision.notes if UNOWED in note] == [
        f"A notification to the safeguarding partners of {OTHER_AREA} is recorded as made on 23 "
        f"November 2026, but nothing to the safeguarding partners of {OTHER_AREA} is owed on "
        "these facts, so it meets no obligation listed here. If it was made to a recipient "
        "listed as owed, record it under that obligation's notified_on_key."
    ]
    area_unknown = incident(
        **{"child.normally_resident": {"country": "england", "local_authority": None}},
        notified_on=recorded,
    )
    decision = decide(area_unknown, today=date(2026, 11, 24))
    assert not [note for note in decision.notes if UNOWED in note]


def test_this_areas_partners_under_a_coded_key_are_refused() -> None:
    """`safeguarding_partners:<this authority's code>` is refused: accepted, it matched no report."""
    with pytest.raises(ValidationError) as caught:
        decide(incident(notified_on={f"safeguarding_partners:{OUR_AREA}": "2026-11-23"}))
    assert one_line(caught.value) == (
        f"incident: notified_on.safeguarding_partners:{OUR_AREA} names this authority's own area: "
        "its own "
        "safeguarding partners are recorded as notified_on.safeguarding_partners"
    )


def test_no_status_without_a_due_date_or_a_notification() -> None:
    """With the date of awareness unknown there is no due date, so no status; a recorded notification is done."""
    unknown = decide(incident(became_aware_on=None), today=date(2026, 11, 26))
    assert panel(unknown) == (None, None, None, None)
    made = decide(incident(became_aware_on=None, notified_on={"panel": "2026-11-24"}))
    assert panel(made)[0] == "done"


@pytest.mark.parametrize(
    ("notified_on", "path", "message"),
    [
        ({"the_panel": "2026-11-23"}, "notified_on", "keys must be recipients"),
        ({"safeguarding_partners:W06000001": "2026-11-23"}, "notified_on", "keys must be"),
        ({"panel": "2026-11-19"}, "incident", "notified_on.panel is before became_aware_on"),
        ({"panel": "2999-01-01"}, "incident", "notified_on.panel is in the future"),
        ({"panel": "23/11/2026"}, "notified_on.panel", "YYYY-MM-DD"),
    ],
    ids=["unknown recipient", "Welsh partners' code", "before awareness", "future", "not ISO"],
)
def test_bad_notified_on_is_refused(notified_on: dict[str, str], path: str, message: str) -> None:
    """A recorded notification for an unknown recipient, a future date or before awareness is refused, naming the field."""
    with pytest.raises(ValidationError) as caught:
        decide(incident(notified_on=notified_on))
    line = one_line(caught.value)
    assert line.startswith(f"{path}: ")
    assert message in line
    assert "the_panel" not in line  # the unknown key itself is not echoed


def test_notifications_under_the_2015_regime_and_to_parents_can_be_recorded() -> None:
    """Notifications to the Local Safeguarding Children Board and to parents can be recorded, so those obligations can show as done."""
    from conftest import incident
    from safeguarding_notify import decide

    looked_after_death_2017 = incident(
        **{
            "event.date": "2017-05-02",
            "became_aware_on": "2017-05-03",
            "child.date_of_birth": "2010-01-01",
            "child.looked_after": "yes",
            "child.looked_after_by": "E08000025",
            "notified_on": {
                "local_safeguarding_children_board": "2017-05-04",
                "parents_and_parental_responsibility": "2017-05-03",
            },
        }
    )
    statuses = {item.recipient: item.status for item in decide(looked_after_death_2017).obligations}
    assert statuses["local_safeguarding_children_board"] == "done"
    assert statuses["parents_and_parental_responsibility"] == "done"


@pytest.mark.parametrize(
    ("overrides", "today", "named"),
    [
        ({}, date(2026, 11, 17), "event.date"),
        ({}, date(2026, 11, 19), "became_aware_on"),
        ({"event.date": None, "became_aware_on": None}, date(2015, 2, 28), "child.date_of_birth"),
    ],
    ids=["before the event", "after the event, before awareness", "before the birth"],
)
def test_a_date_to_decide_against_before_the_incident_is_refused(
    overrides: dict[str, Any], today: date, named: str
) -> None:
    """Statuses taken on a day before the event, the awareness or the birth would mean nothing
    ("due, 8 working days left" for an event yet to happen): refused, naming the date passed."""
    with pytest.raises(DecisionDateError) as caught:
        decide(incident(**overrides), today=today)
    assert str(caught.value) == (
        f"the date to decide against (today) is before {named}: nothing was owed then, so no "
        "status can be taken on it"
    )


def test_the_day_of_awareness_is_a_date_to_decide_against() -> None:
    """On the very day the authority became aware, everything is due, with five working days left."""
    decision = decide(incident(), today=date(2026, 11, 20))
    assert panel(decision) == ("due", 5, None, None)


def test_a_stored_decision_and_plan_say_which_library_version_made_them() -> None:
    """A decision and a plan record the version of the library that made them, beside the rules'
    hash: replaying one needs the same code as well as the same rules."""
    group = {"notifying_authority": OUR_AREA, "incidents": [incident()]}
    assert decide(incident()).library_version == __version__
    assert plan_notifications(group).library_version == __version__
    assert decide(incident()).model_dump(mode="json")["library_version"] == __version__


def test_a_stored_decision_says_what_date_it_was_taken_against() -> None:
    """`as_of` is the `today` given, else today in England; replayed on it, the stored decision
    comes back whole, statuses included."""
    assert decide(incident(), today=date(2026, 11, 30)).as_of == date(2026, 11, 30)
    stored = decide(incident()).model_dump(mode="json")
    assert stored["as_of"] == england_today().isoformat()
    replayed = decide(incident(), today=date.fromisoformat(stored["as_of"]))
    assert replayed.model_dump(mode="json") == stored


def test_an_undetermined_panel_answer_shows_when_it_would_be_due() -> None:
    """While the Panel answer waits on a question, the decision says when the notification would
    be due if required, so the clock is not lost; a settled answer gives no such date."""
    open_question = decide(
        incident(**{"child.date_of_birth": None}, abuse_or_neglect="known"),
        today=date(2026, 11, 30),
    )
    assert open_question.notify_panel == "undetermined"
    assert open_question.obligations == []
    # Aware Friday 20 November: five working days on is Friday 27 November, already passed.
    assert open_question.panel_due_by_if_required == date(2026, 11, 27)
    unaware = decide(incident(**{"child.date_of_birth": None}, became_aware_on=None))
    assert unaware.notify_panel == "undetermined"
    assert unaware.panel_due_by_if_required is None
    assert decide(incident()).panel_due_by_if_required is None  # required: the obligation has it
    settled = decide(incident(abuse_or_neglect="not_suspected"))
    assert settled.notify_panel == "not_required"
    assert settled.panel_due_by_if_required is None


@pytest.mark.parametrize(
    ("today", "notified", "status"),
    [
        (date(2026, 11, 5), {}, "due"),
        (date(2026, 11, 9), {}, "due_today"),
        (date(2026, 11, 10), {}, "overdue"),
        (date(2026, 11, 10), {"panel": "2026-11-06"}, "done"),
        (date(2026, 11, 16), {"panel": "2026-11-12"}, "done_late"),
        (date(2026, 11, 10), {"ofsted": "2026-11-06"}, "overdue"),
    ],
    ids=["due", "due today", "overdue", "done", "done late", "another recipient's"],
)
def test_an_undetermined_panel_answer_says_whether_its_deadline_has_passed(
    today: date, notified: dict[str, str], status: str
) -> None:
    """While the Panel answer waits on a question, the notification it may owe has a status as
    an obligation would (aware Monday 2 November, due Monday 9 November): a deadline passed while
    the question was open is "overdue", never left without a status, and one recorded as made to
    the Panel is done."""
    dated: dict[str, Any] = {"event.date": "2026-11-01", "became_aware_on": "2026-11-02"}
    if notified:
        dated["notified_on"] = notified
    decision = decide(incident(abuse_or_neglect="unknown", **dated), today=today)
    assert (decision.notify_panel, decision.obligations) == ("undetermined", [])
    assert decision.panel_due_by_if_required == date(2026, 11, 9)
    assert decision.panel_status_if_required == status


def test_a_settled_or_undated_panel_answer_has_no_status_if_required() -> None:
    """Only an undetermined answer with a due date has a status if required: a required one has
    its obligation's status, a not-required one none, and without an awareness date none."""
    assert decide(incident()).panel_status_if_required is None
    assert decide(incident(abuse_or_neglect="not_suspected")).panel_status_if_required is None
    unaware = decide(incident(abuse_or_neglect="unknown", became_aware_on=None))
    assert (unaware.notify_panel, unaware.panel_status_if_required) == ("undetermined", None)


def test_a_notification_made_on_its_due_date_is_on_time() -> None:
    """Made on Friday 27 November, the due date itself, the notification is done, not late."""
    decision = decide(incident(notified_on={"panel": "2026-11-27"}), today=date(2026, 11, 30))
    assert decision.obligations[0].due_by == date(2026, 11, 27)
    assert panel(decision) == ("done", None, None, date(2026, 11, 27))


# A city's code (the tests below were written for the review of recorded notifications).
_CITY = "E09000001"


def _unknown_abuse_before_commencement() -> dict:
    return {
        "notifying_authority": _CITY,
        "child": {
            "date_of_birth": "2010-01-01",
            "looked_after": "no",
            "normally_resident": {"country": "england", "local_authority": _CITY},
        },
        "event": {
            "kind": "death",
            "date": "2018-06-25",
            "location": {"country": "england", "local_authority": _CITY},
        },
        "abuse_or_neglect": "unknown",
        "became_aware_on": "2018-06-26",
        "notified_on": {"panel": "2018-07-03", "safeguarding_partners": "2018-07-03"},
    }


def test_a_notification_a_later_suspicion_may_owe_is_not_called_owed_to_no_one() -> None:
    """Abuse or neglect not recorded, the awareness before 29 June 2018: it may have come to be
    suspected on 2 July 2018, and then the Panel and the partners are owed (s16C)."""
    incident = _unknown_abuse_before_commencement()
    world = decide(
        {
            **incident,
            "abuse_or_neglect": "suspected",
            "abuse_or_neglect_suspected_on": "2018-07-02",
        },
        date(2018, 7, 10),
    )
    assert {item.recipient for item in world.obligations} >= {"panel", "safeguarding_partners"}
    decision = decide(incident, date(2018, 7, 10))
    assert not [note for note in decision.notes if UNOWED in note]


def test_the_note_still_says_so_where_no_later_rules_can_owe() -> None:
    """Within one period (no change of the rules after the awareness), Ofsted is owed nothing
    for a child not looked after, abuse recorded or not."""
    incident = {
        **_unknown_abuse_before_commencement(),
        "event": {
            "kind": "serious_harm",
            "date": "2024-03-01",
            "location": {"country": "england", "local_authority": _CITY},
        },
        "became_aware_on": "2024-03-04",
        "notified_on": {"ofsted": "2024-03-05"},
    }
    notes = decide(incident, date(2024, 3, 20)).notes
    assert any(note.startswith("A notification to Ofsted ") for note in notes)


def _looked_after_death_suspected_later() -> dict:
    """A looked-after child's death, aware 4 March 2024, abuse suspected on 20 March."""
    return {
        **_unknown_abuse_before_commencement(),
        "child": {
            "date_of_birth": "2010-01-01",
            "looked_after": "yes",
            "looked_after_by": _CITY,
            "normally_resident": {"country": "england", "local_authority": _CITY},
        },
        "event": {
            "kind": "death",
            "date": "2024-03-01",
            "location": {"country": "england", "local_authority": _CITY},
        },
        "became_aware_on": "2024-03-04",
        "abuse_or_neglect": "suspected",
        "abuse_or_neglect_suspected_on": "2024-03-20",
    }


def test_a_notification_made_before_the_duty_arose_is_noted_as_not_counted_towards_it() -> None:
    """A report to the safeguarding partners recorded as made on 6 March, before abuse came to be
    suspected on 20 March (the duty it would meet), is not counted, and a note says why (the
    obligation read overdue with nothing said of the record); the Panel's, which counts towards
    the looked-after child's death notified from the awareness, gets the "also to be notified"
    note only."""
    recorded = {"panel": "2024-03-06", "safeguarding_partners": "2024-03-06"}
    decision = decide(
        {**_looked_after_death_suspected_later(), "notified_on": recorded}, date(2024, 4, 10)
    )
    partners = next(o for o in decision.obligations if o.recipient == "safeguarding_partners")
    assert (partners.status, partners.notified_on) == ("overdue", None)
    early = [note for note in decision.notes if "before the duty it would meet arose" in note]
    assert early == [
        f"A notification to the safeguarding partners of {_CITY} is recorded as made on 6 March "
        "2024, before the duty it would meet arose (abuse or neglect came to be known or "
        "suspected on 20 March 2024), so it is not counted towards it."
    ]
    (also,) = [note for note in decision.notes if " was also to be notified " in note]
    assert also.startswith("The Child Safeguarding Practice Review Panel was also to be notified")
    assert "recorded as made on 6 March 2024" in also
    made_after = {"safeguarding_partners": "2024-03-21"}
    decision = decide(
        {**_looked_after_death_suspected_later(), "notified_on": made_after}, date(2024, 4, 10)
    )
    assert not [note for note in decision.notes if "before the duty" in note]


def test_the_note_says_what_a_record_owed_nothing_still_tells() -> None:
    """A notification owed nothing that chose the rules of an undated incident says it still
    bounds the awareness and chose the rules (it read as a bare "not counted" beside the note
    applying its date's rules), and one made after the date decided against says so."""
    undated = {
        **_unknown_abuse_before_commencement(),
        "child": {
            "date_of_birth": "2024-01-02",
            "looked_after": "no",
            "normally_resident": {"country": "england", "local_authority": _CITY},
        },
        "event": {
            "kind": "serious_harm",
            "date": None,
            "location": {"country": "england", "local_authority": _CITY},
        },
        "abuse_or_neglect": "suspected",
        "became_aware_on": None,
        "notified_on": {"ofsted": "2024-05-01"},
    }
    decision = decide(undated, date(2024, 5, 20))
    assert decision.rules_date_source == "notified_on"
    assert [note for note in decision.notes if UNOWED in note] == [
        "A notification to Ofsted is recorded as made on 1 May 2024, but nothing to Ofsted is "
        "owed on these facts, so it meets no obligation listed here (it still bounds when the "
        "authority became aware, and so chose the rules applied)."
    ]
    later = {
        **_unknown_abuse_before_commencement(),
        "event": {
            "kind": "serious_harm",
            "date": "2024-03-01",
            "location": {"country": "england", "local_authority": _CITY},
        },
        "abuse_or_neglect": "suspected",
        "became_aware_on": "2024-03-04",
        "notified_on": {"ofsted": "2024-03-15"},
    }
    decision = decide(later, date(2024, 3, 6))
    assert [note for note in decision.notes if UNOWED in note] == [
        "A notification to Ofsted is recorded as made on 15 March 2024 (after 6 March 2024, the "
        "date decided against), but nothing to Ofsted is owed on these facts, so it meets no "
        "obligation listed here."
    ]


def test_a_notification_recorded_after_the_date_decided_against_is_said_not_counted() -> None:
    """The baseline death (aware Friday 20 November 2026) decided as at Tuesday the 24th, with
    the Panel told on the 25th: on the 24th it had not been made, so the Panel's notification is
    due and a note says why the record is not counted (it was ignored without a word)."""
    decision = decide(incident(notified_on={"panel": "2026-11-25"}), date(2026, 11, 24))
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    assert panel.status == "due"
    assert panel.notified_on is None
    assert (
        "A notification to the Child Safeguarding Practice Review Panel is recorded as made on "
        "25 November 2026, after the date decided against (24 November 2026): on that date it "
        "had not been made, so it is not counted." in decision.notes
    )
    on_the_day = decide(incident(notified_on={"panel": "2026-11-24"}), date(2026, 11, 24))
    assert not any("is not counted" in note for note in on_the_day.notes)
