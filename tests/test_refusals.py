"""Invalid input is refused with a message naming the field and the rule broken; nothing is guessed."""

from __future__ import annotations

import json
import pickle
import traceback
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import OUR_AREA, incident, rules_with_a_gap
from safeguarding_notify import (
    Decider,
    DecisionDateError,
    EngineError,
    Incident,
    OutsideCalendarError,
    RuleFileError,
    RulesNotInForceError,
    decide,
    decide_many,
)
from safeguarding_notify import incident as incident_module
from safeguarding_notify._validation import one_line
from safeguarding_notify.group import IncidentGroup, plan_notifications
from safeguarding_notify.incident import england_today

# Two days on, so that a run across midnight in England still finds it in the future.
TOMORROW = (england_today() + timedelta(days=2)).isoformat()

REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("an unknown top-level field", {"child_name": "x"}, "child_name", "Extra inputs"),
    ("an unknown field in child", {"child.address": "x"}, "child.address", "Extra inputs"),
    (
        "a district (E07) code",
        {"notifying_authority": "E07000001"},
        "notifying_authority",
        "E06, E08",
    ),
    ("a Welsh code", {"notifying_authority": "W06000001"}, "notifying_authority", "E06, E08"),
    ("a code with a newline", {"notifying_authority": "E08000025\n"}, "notifying_authority", "E06"),
    (
        "a code in non-ASCII digits",
        {"notifying_authority": "E08\u0660\u0660\u0660\u0660\u0662\u0665"},
        "notifying_authority",
        "E06",
    ),
    (
        "a missing notifying authority",
        {"notifying_authority": "<absent>"},
        "notifying_authority",
        "required",
    ),
    ("a missing abuse answer", {"abuse_or_neglect": "<absent>"}, "abuse_or_neglect", "required"),
    # A key left out is refused, never read as "not recorded": dropping became_aware_on turned
    # an audit's overdue notifications into ones with no status (review s28, B8).
    *(
        (f"a missing {path}", {path: "<absent>"}, path, "required")
        for path in (
            "became_aware_on",
            "event.date",
            "event.location",
            "child.date_of_birth",
            "child.normally_resident",
        )
    ),
    (
        "an invented abuse answer",
        {"abuse_or_neglect": "maybe"},
        "abuse_or_neglect",
        "Input should be",
    ),
    ("an invented event kind", {"event.kind": "injury"}, "event.kind", "Input should be"),
    (
        "looked after with no authority",
        {"child.looked_after": "yes"},
        "child",
        "looked_after_by is required",
    ),
    (
        "an authority for a child not looked after",
        {"child.looked_after_by": "E08000025"},
        "child",
        "only allowed",
    ),
    (
        # What to record is said (review s22, F10): the rules encoded are England's.
        "a child looked after by a Welsh council",
        {"child.looked_after": "yes", "child.looked_after_by": "W06000015"},
        "child.looked_after_by",
        "for an authority outside England (in Wales, Scotland or Northern Ireland) record "
        "looked_after as 'no'",
    ),
    (
        "a care leaver of a Scottish council",
        {
            "child.date_of_birth": "2006-05-01",
            "child.care_leaver": "yes",
            "child.care_leaver_of": "S12000036",
        },
        "child.care_leaver_of",
        "record care_leaver as 'no'",
    ),
    (
        "an authority outside England",
        {"event.location": {"country": "wales", "local_authority": "E08000025"}},
        "event.location.local_authority",
        "Extra inputs",
    ),
    (
        "an invented country",
        {"event.location": {"country": "france"}},
        "event.location",
        "does not match",
    ),
    ("an impossible date", {"event.date": "2026-02-30"}, "event.date", "not a real calendar date"),
    ("a number for a date", {"event.date": 1700000000}, "event.date", "YYYY-MM-DD"),
    ("a date and time", {"event.date": "2026-11-18T10:00:00"}, "event.date", "YYYY-MM-DD"),
    (
        "a future event",
        {"event.date": TOMORROW, "became_aware_on": None},
        "incident",
        "in the future",
    ),
    (
        "birth after the event",
        {"child.date_of_birth": "2026-11-19"},
        "incident",
        "after event.date",
    ),
    ("an event after awareness", {"event.date": "2026-11-21"}, "incident", "after became_aware_on"),
    (
        "birth after awareness, the event date unknown",
        {"event.date": None, "child.date_of_birth": "2026-11-21"},
        "incident",
        "child.date_of_birth is after became_aware_on",
    ),
    (
        "a looked-after adult",
        {
            "child.date_of_birth": "2000-01-01",
            "child.looked_after": "yes",
            "child.looked_after_by": "E08000025",
        },
        "incident",
        "looked-after child is under 18",
    ),
    (
        "a looked-after child on their 18th birthday (18 on the event date)",
        {
            "child.date_of_birth": "2008-11-18",
            "child.looked_after": "yes",
            "child.looked_after_by": "E08000025",
        },
        "incident",
        "looked-after child is under 18",
    ),
    (
        "a care leaver with no authority",
        {"child.care_leaver": "yes"},
        "child",
        "care_leaver_of is required",
    ),
    (
        "an authority for a person not a care leaver",
        {"child.care_leaver": "no", "child.care_leaver_of": "E08000025"},
        "child",
        "only allowed",
    ),
    (
        "an authority for a care leaver with unknown status",
        {"child.care_leaver_of": "E08000025"},
        "child",
        "only allowed",
    ),
    (
        "an invented care-leaver answer",
        {"child.care_leaver": "maybe"},
        "child.care_leaver",
        "Input should be",
    ),
    (
        "an unborn child with a date of birth",
        {"child.unborn": True},
        "child",
        "date_of_birth is not allowed",
    ),
    (
        "an unborn child looked after",
        {
            "child.unborn": True,
            "child.date_of_birth": None,
            "child.looked_after": "yes",
            "child.looked_after_by": "E08000025",
        },
        "child",
        "neither looked after nor a care leaver",
    ),
    (
        "an unborn child whose looked-after status is unknown (it can only be no)",
        {"child.unborn": True, "child.date_of_birth": None, "child.looked_after": "unknown"},
        "child",
        "neither looked after nor a care leaver",
    ),
    (
        "an unborn care leaver",
        {
            "child.unborn": True,
            "child.date_of_birth": None,
            "child.care_leaver": "yes",
            "child.care_leaver_of": "E08000025",
        },
        "child",
        "neither looked after nor a care leaver",
    ),
    # An age range (child.age_on_event_date) is only for an age whose date of birth is not known.
    (
        "an age range beside a date of birth",
        {"child.age_on_event_date": {"at_least": 10, "at_most": 12}},
        "child",
        "age_on_event_date is only allowed when date_of_birth is not recorded",
    ),
    (
        "an age range for an unborn child",
        {
            "child.unborn": True,
            "child.date_of_birth": None,
            "child.age_on_event_date": {"at_least": 0, "at_most": 0},
        },
        "child",
        "age_on_event_date is not allowed when unborn is true",
    ),
    (
        "an age range whose youngest end is above its oldest",
        {"child.date_of_birth": None, "child.age_on_event_date": {"at_least": 9, "at_most": 8}},
        "child.age_on_event_date",
        "at_least is greater than at_most",
    ),
    (
        "a looked-after child aged 18 or over by the age range",
        {
            "child.date_of_birth": None,
            "child.age_on_event_date": {"at_least": 18, "at_most": 19},
            "child.looked_after": "yes",
            "child.looked_after_by": "E08000025",
        },
        "incident",
        "child.age_on_event_date makes the person 18 or over on the event date; a looked-after "
        "child is under 18",
    ),
    (
        "an unknown field in an age range",
        {
            "child.date_of_birth": None,
            "child.age_on_event_date": {"at_least": 1, "at_most": 2, "months": 3},
        },
        "child.age_on_event_date.months",
        "Extra inputs",
    ),
    (
        "an age range with an end missing",
        {"child.date_of_birth": None, "child.age_on_event_date": {"at_least": 1}},
        "child.age_on_event_date.at_most",
        "required",
    ),
    (
        "an age range over 130",
        {"child.date_of_birth": None, "child.age_on_event_date": {"at_least": 1, "at_most": 131}},
        "child.age_on_event_date.at_most",
        "less than or equal to 130",
    ),
    (
        "a negative age",
        {"child.date_of_birth": None, "child.age_on_event_date": {"at_least": -1, "at_most": 1}},
        "child.age_on_event_date.at_least",
        "greater than or equal to 0",
    ),
    # Not coerced: true, "3" or 3.0 for a number of years is refused, never read as one.
    (
        "an age given as a boolean",
        {"child.date_of_birth": None, "child.age_on_event_date": {"at_least": True, "at_most": 1}},
        "child.age_on_event_date.at_least",
        "valid integer",
    ),
    (
        "an age given as text",
        {"child.date_of_birth": None, "child.age_on_event_date": {"at_least": "3", "at_most": 4}},
        "child.age_on_event_date.at_least",
        "valid integer",
    ),
    (
        "an age given as a fraction",
        {"child.date_of_birth": None, "child.age_on_event_date": {"at_least": 0, "at_most": 1.5}},
        "child.age_on_event_date.at_most",
        "valid integer",
    ),
    (
        "a manner of death for serious harm",
        {"event.kind": "serious_harm", "event.manner_of_death": "unexplained"},
        "event",
        "only allowed when kind is 'death'",
    ),
    (
        "free text for the manner of death",
        {"event.manner_of_death": "fell from a window"},
        "event.manner_of_death",
        "Input should be",
    ),
    (
        "an invented regulated-setting answer",
        {"event.regulated_setting": "maybe"},
        "event.regulated_setting",
        "Input should be",
    ),
    (
        "an invented social-care answer",
        {"child.known_to_childrens_social_care": True},
        "child.known_to_childrens_social_care",
        "Input should be",
    ),
    # Not coerced: "yes", 1 or "on" for a boolean is refused, never read as true (the JSON
    # Schema says boolean; other tools would refuse what the library took).
    ("unborn given as text", {"child.unborn": "yes"}, "child.unborn", "valid boolean"),
    ("unborn given as a number", {"child.unborn": 1}, "child.unborn", "valid boolean"),
    (
        "a notification dated before the event (no awareness date)",
        {"became_aware_on": None, "notified_on": {"panel": "2016-01-04"}},
        "incident",
        "notified_on.panel is before event.date",
    ),
    (
        "a notification dated before the birth (neither date recorded)",
        {"became_aware_on": None, "event.date": None, "notified_on": {"ofsted": "2015-02-01"}},
        "incident",
        "notified_on.ofsted is before child.date_of_birth",
    ),
    (
        "a case reference with spaces (a name?)",
        {"case_reference": "Jane Doe"},
        "case_reference",
        "pattern",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused(overrides: dict[str, Any], field: str, words: str) -> None:
    """Bad input raises ValidationError whose first line names the field and what is wrong."""
    with pytest.raises(ValidationError) as caught:
        decide(incident(**overrides))
    line = one_line(caught.value)
    assert line.startswith(f"{field}:"), line
    assert words in line


@pytest.mark.parametrize(
    ("field", "answer", "code"),
    [
        ("looked_after", "child.looked_after_by", "E07000008"),
        ("looked_after", "child.looked_after_by", "E08000025x"),
        ("care_leaver", "child.care_leaver_of", "E07000008"),
    ],
    ids=["district", "typo", "care-leaver-district"],
)
def test_an_english_code_refused_is_not_told_to_record_no(
    field: str, answer: str, code: str
) -> None:
    """An English code that is no children's services authority's (a district's, or mistyped) is
    refused naming the field and the codes expected, without the hint for an authority outside
    England to record "no", which would drop a looked-after child's duties (review s23, F4)."""
    overrides = {
        f"child.{field}": "yes",
        answer: code,
        **({"child.date_of_birth": "2006-05-01"} if field == "care_leaver" else {}),
    }
    with pytest.raises(ValidationError) as caught:
        decide(incident(**overrides))
    line = one_line(caught.value)
    assert line.startswith(f"{answer}:"), line
    assert "E06, E08, E09 or E10 followed by six digits" in line
    assert "record" not in line


@pytest.mark.parametrize(
    ("wrong", "suffix"),
    [
        ({"abuse_or_neglect": "maybe"}, ""),
        ({"abuse_or_neglect": "maybe", "child.looked_after": "perhaps"}, " (and 1 more problem)"),
        (
            {"abuse_or_neglect": "maybe", "child.looked_after": "perhaps", "event.kind": "fall"},
            " (and 2 more problems)",
        ),
    ],
    ids=["one", "two", "three"],
)
def test_a_refusal_line_counts_the_problems_it_does_not_show(
    wrong: dict[str, Any], suffix: str
) -> None:
    """The one line of a refusal names the first problem and says how many more there are, in
    the singular for one."""
    with pytest.raises(ValidationError) as caught:
        decide(incident(**wrong))
    line = one_line(caught.value)
    assert line.endswith(("problem)", "problems)")) == bool(suffix)
    assert line.endswith(suffix)


@pytest.mark.parametrize(("length", "shown"), [(64, True), (65, False)])
def test_an_unknown_key_is_named_only_up_to_the_length_of_a_field_name(
    length: int, shown: bool
) -> None:
    """An unknown key written as field names are is named in the refusal up to 64 characters
    (so a misspelt field can be found); a longer one is `<unrecognised key>`."""
    key = "a" * length
    with pytest.raises(ValidationError) as caught:
        decide({**incident(), key: 1})
    line = one_line(caught.value)
    assert line.startswith(f"{key}:" if shown else "<unrecognised key>:")


def test_boundaries_that_are_allowed_are_decided() -> None:
    """The edges of the cross-field rules that are allowed are decided, not refused: a looked-after
    child the day before their 18th birthday, and abuse or neglect suspected on the very day of
    awareness."""
    last_day_under_18 = {
        "child.date_of_birth": "2008-11-19",
        "child.looked_after": "yes",
        "child.looked_after_by": "E08000025",
    }
    assert decide(incident(**last_day_under_18)).notify_panel == "required"
    same_day = incident(abuse_or_neglect_suspected_on="2026-11-20")  # aware that day too
    assert decide(same_day).rules_date_source == "abuse_or_neglect_suspected_on"


# A day a week after today in England: a later `today` decides as of that day and admits the
# incident's dates up to it (docs/integration.md), so a notification on it is no date in the future.
A_WEEK_ON = england_today() + timedelta(days=7)


@pytest.mark.parametrize(
    ("overrides", "today"),
    [
        ({"child.date_of_birth": "2026-11-18"}, None),
        ({"event.date": "2026-11-20"}, None),
        ({"event.date": None, "child.date_of_birth": "2026-11-20"}, None),
        ({"notified_on": {"panel": "2026-11-20"}}, None),
        ({"became_aware_on": None, "notified_on": {"panel": "2026-11-18"}}, None),
        ({"notified_on": {"panel": A_WEEK_ON.isoformat()}}, A_WEEK_ON),
    ],
    ids=[
        "born and died the same day (a neonatal death)",
        "the event on the day of awareness",
        "born on the day of awareness, the event undated",
        "notified on the day of awareness",
        "notified on the day of the event, the awareness undated",
        "notified on the day decided against",
    ],
)
def test_dates_on_the_same_day_are_in_order(overrides: dict[str, Any], today: date | None) -> None:
    """Dates that must come in order may fall on the same day (born on or before the event, the
    event on or before the awareness, a notification neither before them nor after the day
    decided against): the death of a child of this area, abuse suspected, is decided as required
    and a notification recorded is kept as made on its day."""
    document = incident(**overrides)
    decision = decide(document, today=today)
    assert decision.notify_panel == "required"
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    recorded = document.get("notified_on", {}).get("panel")
    assert panel.notified_on == (recorded and date.fromisoformat(recorded))


def test_a_notification_after_the_day_decided_against_is_refused() -> None:
    """Decided as of a week from today in England, a notification recorded for the day after that
    is in the future and refused, naming the field."""
    day_after = (A_WEEK_ON + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as caught:
        decide(incident(notified_on={"panel": day_after}), today=A_WEEK_ON)
    assert one_line(caught.value).startswith("incident: notified_on.panel is in the future")


def test_awareness_before_working_together_2015_is_refused_not_answered() -> None:
    """Becoming aware before 26 March 2015 is outside the encoded rules and is refused, never
    "not_required", naming the field and when the rules begin but not the date given."""
    with pytest.raises(RulesNotInForceError, match=r"became_aware_on.*2015-03-26") as refused:
        decide(
            incident(
                **{
                    "event.date": "2015-03-20",
                    "became_aware_on": "2015-03-25",
                    "child.date_of_birth": "2010-01-01",
                }
            )
        )
    assert "2015-03-25" not in str(refused.value)
    assert (refused.value.field, refused.value.option) == ("became_aware_on", None)


def test_event_before_2015_with_awareness_unknown_is_refused() -> None:
    """With awareness unknown the event date chooses the rules, and before 2015-03-26 there are none: the error names the field (`field`) for code to locate, as the service does."""
    with pytest.raises(RulesNotInForceError, match=r"event\.date") as refused:
        decide(
            incident(
                **{
                    "event.date": "2014-01-10",
                    "became_aware_on": None,
                    "child.date_of_birth": "2010-01-01",
                }
            )
        )
    assert refused.value.field == "event.date"


def test_awareness_on_the_first_day_of_working_together_2015_is_decided() -> None:
    """Becoming aware on 26 March 2015 is decided under Working Together 2015, not refused."""
    decision = decide(
        incident(
            **{
                "event.date": "2015-03-25",
                "became_aware_on": "2015-03-26",
                "child.date_of_birth": "2010-01-01",
            }
        )
    )
    assert decision.notify_panel == "not_required"
    assert [item.recipient for item in decision.obligations] == [
        "ofsted",
        "local_safeguarding_children_board",
    ]


def test_validation_message_does_not_echo_the_input() -> None:
    """A refused value is not repeated back: it could be personal data typed in the wrong field."""
    with pytest.raises(ValidationError) as caught:
        decide(incident(notifying_authority="Jane Doe's council"))
    assert "Jane" not in one_line(caught.value)


def test_decide_many_decides_a_batch_against_one_date_across_midnight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A nightly batch that runs past England's midnight decides every incident against the date
    it was called on (default `today`), never some against one day and the rest the next."""
    before = datetime(2026, 11, 26, 23, 59, 59, tzinfo=UTC).timestamp()  # England keeps UTC
    clock = [before]
    monkeypatch.setattr(incident_module.time, "time", lambda: clock[0])
    decisions = decide_many([incident(), incident()])
    first = next(decisions)
    clock[0] = before + 2  # 27 November
    second = next(decisions)
    assert (first.as_of, second.as_of) == (date(2026, 11, 26), date(2026, 11, 26))
    assert first.obligations[0].status == second.obligations[0].status == "due"


def _refused_child() -> DecisionDateError:
    error = DecisionDateError("incidents[1]: the date of submission (submitted_on) is before ...")
    error.child, error.option = 1, "submitted_on"
    return error


@pytest.mark.parametrize(
    "error",
    [
        RuleFileError("rules/x.v1.yaml", "unknown key 'whne'"),
        RulesNotInForceError("no encoded rules decide a Panel notification ..."),
        _refused_child(),
        EngineError("the engine gave no conclusion"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_error_crosses_a_process_boundary_whole(error: Exception) -> None:
    """Each error the library raises survives pickling (a process pool sends errors back that
    way) with its type, message, attributes and notes: a RuleFileError, whose constructor takes
    two parts, broke the pool instead."""
    error.add_note("decide_many: the incident at position 3 (from 0)")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__  # file and problem, child and option, notes


def test_decide_many_says_which_incident_it_stopped_at() -> None:
    """In a batch, the refusal of the third incident carries a note of its position, and the two
    before it were decided."""
    batch = [incident(), incident(), incident(**{"child.looked_after": "perhaps"}), incident()]
    decisions = decide_many(batch)
    assert [next(decisions).case_reference, next(decisions).case_reference] == ["T-1", "T-1"]
    with pytest.raises(ValidationError) as caught:
        next(decisions)
    assert caught.value.__notes__ == ["decide_many: the incident at position 2 (from 0)"]
    before_2015 = {
        "became_aware_on": "2014-01-02",
        "event.date": "2014-01-01",
        "child.date_of_birth": "2010-01-01",
    }
    early = [incident(), incident(**before_2015)]
    with pytest.raises(RulesNotInForceError) as refused:
        list(decide_many(early))
    assert refused.value.__notes__ == ["decide_many: the incident at position 1 (from 0)"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"childs_name": "Alice Marker"},
        {"case_reference": "SECRET-CASE-123", "event.date": "2099-01-01"},
        {"case_reference": "SECRET-CASE-123", "child.looked_after": "Alice Marker"},
    ],
    ids=["unknown key", "rule between fields", "wrong value"],
)
def test_a_validation_errors_text_never_repeats_the_input(overrides: dict[str, Any]) -> None:
    """str() of the ValidationError a Python caller gets (and is likely to log) carries no
    submitted value: pydantic's text repeats the input (for a rule between fields, the whole
    incident) unless told not to."""
    with pytest.raises(ValidationError) as caught:
        decide(incident(**overrides))
    assert "Alice Marker" not in str(caught.value)
    assert "SECRE" not in str(caught.value)  # pydantic cuts long inputs short, not out
    assert "input_value" not in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        plan_notifications({"notifying_authority": OUR_AREA, "incidents": [incident(**overrides)]})
    assert "Alice Marker" not in str(caught.value)
    assert "SECRE" not in str(caught.value)
    assert "input_value" not in str(caught.value)


def test_a_key_named_like_a_country_is_shown_where_it_was_written() -> None:
    """An unknown key named "england" (a country's tag) stays in the path of its refusal: only a
    place's own branch name is left out of a path (it read `child: Extra inputs ...`)."""
    with pytest.raises(ValidationError) as caught:
        decide(incident(**{"child.england": "x"}))
    assert one_line(caught.value).startswith("child.england: Extra inputs are not permitted")
    with pytest.raises(ValidationError) as caught:
        decide(incident(**{"event.location": {"country": "england", "local_authority": "bad"}}))
    assert one_line(caught.value).startswith("event.location.local_authority: ")


@pytest.mark.parametrize(
    ("made", "field"),
    [
        (lambda valid: valid.model_copy(update={"notifying_authority": "E0800002"}), "notifying"),
        (lambda valid: valid.model_copy(update={"abuse_or_neglect": "maybe"}), "abuse_or_neglect"),
        (
            lambda valid: valid.model_copy(
                update={"child": valid.child.model_copy(update={"looked_after": "yes"})}
            ),
            "looked_after_by is required",
        ),
        (lambda valid: valid.model_copy(update={"became_aware_on": "2015-01-01"}), "after"),
        (lambda valid: Incident.model_construct(abuse_or_neglect="known"), "notifying_authority"),
    ],
    ids=["bad code", "bad answer", "nested: no authority", "aware before event", "constructed"],
)
def test_an_incident_object_is_checked_again(made: Any, field: str) -> None:
    """An `Incident` made without validation (`model_copy(update=...)`, `model_construct`) is
    refused like the mapping it stands for: one with a bad authority code was decided
    "not_required", and others failed with KeyError or TypeError."""
    valid = Incident.model_validate(incident())
    unchecked = made(valid)
    with pytest.raises(ValidationError) as refused:
        decide(unchecked)
    assert field in str(refused.value)
    with pytest.raises(ValidationError):
        list(decide_many([valid, unchecked]))
    group = IncidentGroup(notifying_authority=OUR_AREA, incidents=[valid])
    with pytest.raises(ValidationError):
        plan_notifications(group.model_copy(update={"incidents": [valid, unchecked]}))


@pytest.mark.parametrize(
    ("submitted", "shown"),
    [
        ({"JaneDoe": 1}, "<unrecognised key>"),
        ({"Jane Doe, 12 High St": 1}, "<unrecognised key>"),
        ({"child_nmae": 1}, "child_nmae"),
        ({"event.location": {"country": "Jane Doe 12 High St"}}, "Input tag found using 'country'"),
    ],
    ids=["capitalised key", "key with spaces", "misspelt field", "place tag"],
)
def test_a_refusal_text_never_repeats_what_was_typed(submitted: dict[str, Any], shown: str) -> None:
    """`str(error)`, what a caller logs, names an unknown key only when it is written as field
    names are, and never repeats a place's unrecognised tag (Pydantic's text did both), from
    `decide`, `decide_many` and `plan_notifications`, with no chained original carrying them;
    `errors()` still holds the input for code that asks."""
    document = (
        {**incident(), **submitted} if "event.location" not in submitted else incident(**submitted)
    )
    group = {"notifying_authority": OUR_AREA, "incidents": [document]}
    for attempt in (
        lambda: decide(document),
        lambda: list(decide_many([document])),
        lambda: plan_notifications(group),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        logged = "".join(traceback.format_exception(refused.value))
        assert "Jane" not in logged
        assert shown in str(refused.value)
        assert refused.value.errors()[0]["input"] is not None


def test_the_one_line_refusal_of_a_place_names_the_countries_it_may_be() -> None:
    """The one line the command line and the audit print for an unrecognised place names the
    countries allowed (it ended "...expected tags: " with nothing after it), not the one typed."""
    with pytest.raises(ValidationError) as refused:
        decide(incident(**{"event.location": {"country": "Jane Doe 12 High St"}}))
    line = one_line(refused.value)
    assert line.startswith("event.location: Input tag found using 'country' does not match")
    assert line.endswith("'england', 'wales', 'scotland', 'northern_ireland', 'outside_uk'")
    assert "Jane" not in line


@pytest.mark.parametrize("today", [date(2200, 1, 1), "2026-11-26"], ids=["outside", "a string"])
def test_decide_many_refuses_a_bad_today_at_once(today: Any) -> None:
    """A bad `today` is refused by the call itself, before any incident, with no incident's
    position noted (it was blamed on position 0; with no incidents it was never refused)."""
    for batch in ([incident()], []):
        with pytest.raises((OutsideCalendarError, TypeError)) as refused:
            decide_many(batch, today)
        assert not getattr(refused.value, "__notes__", None)


@pytest.mark.parametrize(
    "one", [incident(), Incident.model_validate(incident())], ids=["a mapping", "an Incident"]
)
def test_decide_many_refuses_one_incident_in_place_of_many_at_once(one: Any) -> None:
    """One incident passed to `decide_many` is a `TypeError` saying an iterable of incidents is
    expected, raised by the call as a bad `today` is (its keys, or its fields, were each refused
    as an incident, the first "at position 0")."""
    with pytest.raises(TypeError, match=r"expects an iterable of incidents .* not one incident"):
        decide_many(one)


def test_plan_notifications_says_one_incident_is_not_a_group() -> None:
    """One `Incident` passed to `plan_notifications` is a `TypeError` naming what a group is, and
    one incident's mapping, invalid input, is refused with a note saying it is one incident (both
    were refused as a group missing its incidents, with five more problems)."""
    with pytest.raises(TypeError, match=r"expects an incident group .* not one Incident"):
        plan_notifications(Incident.model_validate(incident()))
    with pytest.raises(ValidationError) as refused:
        plan_notifications(incident())
    assert refused.value.__notes__ == [
        "plan_notifications: this is one incident, not a group: a group holds its incidents in a "
        "list, under incidents"
    ]


def test_a_date_in_a_gap_between_rule_versions_is_said_to_be_one(tmp_path: Path) -> None:
    """A date no encoded rule covers although the rules begin earlier (a gap a Decider's own
    rules directory can leave) is not refused as "before the rules begin"."""
    rules = rules_with_a_gap(tmp_path)
    decider = Decider(rules)
    gap = incident(**{"event.date": "2020-06-01", "became_aware_on": "2020-06-02"})
    with pytest.raises(RulesNotInForceError, match="a gap between versions") as refused:
        decider.decide(gap, date(2026, 11, 26))
    assert "2020-06" not in str(refused.value)
    early = incident(**{"event.date": "2018-06-01", "became_aware_on": "2018-06-02"})
    with pytest.raises(RulesNotInForceError, match="the rules encoded begin on 2018-06-29"):
        decider.decide(early, date(2026, 11, 26))


def test_decide_many_refuses_what_iterates_over_anything_but_incidents() -> None:
    """A group, JSON text, its bytes or a mapping's keys passed to decide_many is a TypeError at
    the call (each was refused lazily as the incident "at position 0"); a values view is decided."""
    incident = json.loads((_EXAMPLES / "incident.json").read_text())
    group = IncidentGroup.model_validate_json((_EXAMPLES / "group.json").read_text())
    for given in (group, json.dumps(incident), json.dumps(incident).encode(), incident.keys()):
        with pytest.raises(TypeError, match="expects an iterable of incidents"):
            decide_many(given)  # type: ignore[arg-type]
    assert len(list(decide_many({"a": incident}.values()))) == 1


_EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
