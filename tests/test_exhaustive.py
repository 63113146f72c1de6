"""Every possible point of every period's sub-spaces, decided by the engine and by the oracle."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import islice

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import oracle
from conftest import incident, unranked
from exhaustive import (
    Part,
    checking_decider,
    deadline_notes,
    differences,
    later_suspicions,
    mismatches,
    parts,
)
from safeguarding_notify import Incident, decide
from safeguarding_notify._rulesdiff import suspected_later
from safeguarding_notify._space import checking_horizon
from safeguarding_notify.incident import england_today, until
from safeguarding_notify.strategies import incidents

DECIDER = checking_decider()
# Today, or the first day of a change of the law commencing later: it is checked before then.
TODAY = checking_horizon(DECIDER.book)
PARTS = parts(DECIDER, TODAY)


@pytest.mark.parametrize("part", PARTS, ids=lambda part: part.label)
def test_engine_agrees_with_the_oracle_on_every_point(part: Part) -> None:
    """For every possible point of this sub-space in this period, decide gives the oracle's answer."""
    found = list(islice(mismatches(DECIDER, part.cases, TODAY), 10))
    print(f"{part.label} compared with the oracle")
    assert found == [], "\n".join(found)


def test_the_checking_decider_skips_the_what_if_search() -> None:
    """The checking decider really leaves out the what-if search it is built to skip (what-if is
    not compared with the oracle): no what-if answer where `decide` gives one."""
    not_required = incident(abuse_or_neglect="not_suspected")
    # Aware on a day not recorded, of an event before the rules last changed: another search.
    unaware = incident(
        abuse_or_neglect="not_suspected", became_aware_on=None, **{"event.date": "2017-11-27"}
    )
    for document in (not_required, unaware):
        assert decide(document).what_if != []
        assert DECIDER.decide(document).what_if == []


def test_every_period_is_checked() -> None:
    """Each period of the rules, one commencing after today included, has a checked duty
    sub-space with points decided."""
    periods = {part.period for part in PARTS if part.space.name == "duties"}
    assert periods == set(range(len(DECIDER.book.boundaries) + 1))
    decided = [case for part in PARTS for case in part.cases if case.expected is not None]
    assert len(decided) >= 10_000


def test_each_period_is_checked_on_its_first_and_last_day_of_awareness() -> None:
    """A rule version that starts or ends a day early or late is told apart only at its period's
    ends: each period's duty incidents include some aware on its first day and some on its last."""
    for part in PARTS:
        if part.space.name != "duties":
            continue
        aware = {case.incident.became_aware_on for case in part.cases}
        assert set(part.span) <= aware, part.label


def test_engine_agrees_with_the_oracle_when_awareness_is_unrecorded() -> None:
    """Every 40th point of every sub-space with its awareness date left unrecorded: the rules of
    every period from the event to today are asked, and the engine keeps only what they agree on,
    as the oracle does (the sweep above always records the awareness date)."""
    compared = 0
    for part in PARTS:
        for case in part.cases[::40]:
            document = {**case.incident.model_dump(mode="json"), "became_aware_on": None}
            unaware = Incident.model_validate(document)
            if not oracle.covers(unaware, TODAY):
                continue
            compared += 1
            found = differences(DECIDER.decide(unaware, TODAY), oracle.answer(unaware, TODAY))
            assert found == [], f"{part.label}: {unaware.model_dump_json()}: {found}"
    assert compared >= 2_000


def test_engine_agrees_with_the_oracle_with_an_age_range_for_the_date_of_birth() -> None:
    """Every 20th point of every sub-space with both dates recorded, the date of birth replaced
    by an age range on the event date (the age itself, a year either side, and ten years on):
    the engine reads the range as the oracle does (the sweep above always records a date of
    birth; a range read one year off at 16, 18 or 25, or a looked-after child's not held under
    18, shows here)."""
    compared = 0
    for part in PARTS:
        for case in part.cases[::20]:
            born, happened = case.incident.child.date_of_birth, case.incident.event.date
            if case.expected is None or born is None or happened is None:
                continue
            age = oracle.years_old(born, happened)
            for low, high in ((age, age), (max(0, age - 1), age + 1), (age, age + 10)):
                document = case.incident.model_dump(mode="json")
                document["child"]["date_of_birth"] = None
                document["child"]["age_on_event_date"] = {"at_least": low, "at_most": high}
                ranged = Incident.model_validate(document, context=until(TODAY))
                compared += 1
                found = differences(DECIDER.decide(ranged, TODAY), oracle.answer(ranged, TODAY))
                assert found == [], f"{part.label}: {ranged.model_dump_json()}: {found}"
    assert compared >= 2_000


def test_engine_agrees_with_the_oracle_when_abuse_is_suspected_after_a_change() -> None:
    """Every 10th point of every sub-space with abuse or neglect known or suspected, decided as
    suspected only from each later change of the rules (the sweep above never records a later
    suspicion): each rule is then taken from the rules of its own date (`chosen_by`), as the
    oracle reads each provision under the law of the date that gives rise to it."""
    later = later_suspicions(PARTS, DECIDER, TODAY, every=10)
    assert len(later) >= 2_000
    assert {case.later_period for case in later} == set(range(2, len(DECIDER.book.boundaries) + 1))
    found = list(islice(mismatches(DECIDER, later, TODAY), 10))
    assert found == [], "\n".join(found)


def test_engine_agrees_with_the_oracle_on_suspicions_a_week_after_awareness() -> None:
    """Every 10th point of the sweep, abuse or neglect suspected only a week after the awareness:
    what is due from the suspicion falls due later than what is due from the awareness, so a fact
    deciding which of two notifications to one recipient is owed moves its due date, and is
    asked (as the oracle, comparing due dates, finds)."""
    later = later_suspicions(PARTS, DECIDER, TODAY, every=10, after=7)
    assert len(later) >= 2_000
    found = list(islice(mismatches(DECIDER, later, TODAY), 10))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("after", [1, 7], ids=["a day after", "a week after"])
def test_deadline_notes_agree_with_the_oracle_on_every_point_suspected_later(after: int) -> None:
    """Every point of the sweep with abuse or neglect known or suspected, suspected only a day
    or a week after the awareness: the decision notes the same earlier deadlines as the oracle
    (one owed but set aside for a stronger one due later; the earliest a still unknown fact may
    bring a listed notification forward to), compared on these notes alone, since the whole
    answer of every point is too slow to work out (every 10th point is, above)."""
    compared, noted = 0, 0
    for part in PARTS:
        for case in part.cases:
            aware = case.incident.became_aware_on
            if case.expected is None or aware is None:
                continue
            for later in suspected_later(case.incident, [aware + timedelta(days=after)]):
                suspected = later.abuse_or_neglect_suspected_on
                assert suspected is not None
                if suspected > TODAY:
                    continue
                expected = oracle.noted_deadlines(
                    oracle.read(later), TODAY, oracle.Law(aware, suspected)
                )
                compared += 1
                noted += bool(expected.earlier or expected.sooner)
                found = deadline_notes(DECIDER.decide(later, TODAY), expected)
                assert found == [], f"{later.model_dump_json()}: {found}"
    assert compared >= 20_000
    assert noted >= 50  # 95 a day after, 200 a week after


def test_both_dates_unknown_asks_for_both() -> None:
    """With neither the date of birth nor the event date recorded, the age needs both, so both are asked."""
    decision = decide(incident(**{"child.date_of_birth": None, "event.date": None}))
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts[:2] == ["child.date_of_birth", "event.date"]


def test_unranked_missing_facts_ask_at_least_what_the_oracle_asks() -> None:
    """With almost everything unknown the missing facts go unranked; they still include every
    fact the oracle finds decisive (here one more: the child's residence). Found by the property
    below."""
    unknowns = Incident.model_validate(
        {
            "notifying_authority": "E06000000",
            "child": {
                "date_of_birth": None,
                "normally_resident": {"country": "england", "local_authority": None},
                "looked_after": "unknown",
                "care_leaver": "unknown",
                "known_to_childrens_social_care": "unknown",
            },
            "event": {
                "kind": None,
                "date": None,
                "location": {"country": "england", "local_authority": None},
                "regulated_setting": "yes",
            },
            "abuse_or_neglect": "not_suspected",
            "became_aware_on": None,
        }
    )
    decision = decide(unknowns, TODAY)
    expected = oracle.answer(unknowns, TODAY)
    assert unranked(decision)
    assert set(decision.missing_facts) > set(expected.missing_facts)
    assert differences(decision, expected) == []
    # Asking fewer than the oracle would be reported.
    fewer = decision.model_copy(update={"missing_facts": decision.missing_facts[1:]})
    assert differences(fewer, expected) != []


@settings(max_examples=100, deadline=None)
@given(incidents())
def test_engine_agrees_with_the_oracle_on_arbitrary_incidents(incident: Incident) -> None:
    """Beyond the sub-spaces: any valid incident (every optional input, unknown awareness, any
    dates back to 2015) gets the oracle's answer."""
    today = england_today()
    if not oracle.covers(incident, today):
        return
    assert differences(decide(incident, today), oracle.answer(incident, today)) == []


@settings(max_examples=100, deadline=None)
@given(
    incidents(),
    st.dates(min_value=date(2015, 3, 26), max_value=date(2026, 11, 27)),
    st.sampled_from(["panel", "ofsted", "secretary_of_state", "safeguarding_partners"]),
)
def test_engine_agrees_with_the_oracle_when_only_a_notification_dates_the_awareness(
    drawn: Incident, notified: date, recipient: str
) -> None:
    """Any incident with neither the awareness nor the event date recorded and one notification
    recorded: the rules are those of the latest day the authority can have become aware (the
    notification's, if before today), for the engine as for the oracle (today's rules were applied,
    whatever the notification said: the strategy never drew this)."""
    document = drawn.model_dump(mode="json")
    document.update(became_aware_on=None, abuse_or_neglect_suspected_on=None)
    document["event"]["date"] = None
    document["notified_on"] = {recipient: notified.isoformat()}
    born = drawn.child.date_of_birth
    assume(born is None or born <= notified)
    today = england_today()
    undated = Incident.model_validate(document)
    if not oracle.covers(undated, today):
        return
    assert differences(decide(undated, today), oracle.answer(undated, today)) == []


EVENT_DAY = date(2026, 11, 18)  # the baseline's event date
CARE_LEAVER = {
    "abuse_or_neglect": "not_suspected",
    "child.care_leaver": "yes",
    "child.care_leaver_of": "E08000025",
}


@pytest.mark.parametrize("age", [16, 18, 25])
@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["birthday after", "on it", "birthday before"])
@pytest.mark.parametrize("shape", ["s16C death", "care leaver"])
def test_the_engine_and_the_oracle_agree_on_birthdays(age: int, offset: int, shape: str) -> None:
    """On the day before, of and after the birthday that changes the law (16: leaving care, 18: a
    child no more, 25: care leavers to 24), built from the calendar alone (the sub-spaces are
    built with the library's own age function, which they would then share)."""
    born = EVENT_DAY.replace(year=EVENT_DAY.year - age) - timedelta(days=offset)
    overrides = {
        "child.date_of_birth": born.isoformat(),
        **(CARE_LEAVER if shape == "care leaver" else {}),
    }
    document = Incident.model_validate(incident(**overrides))
    assert differences(decide(document, TODAY), oracle.answer(document, TODAY)) == []


@pytest.mark.parametrize(("offset", "answer"), [(1, "required"), (0, "not_required")])
def test_an_eighteenth_birthday_on_the_event_date_ends_the_s16c_duty(
    offset: int, answer: str
) -> None:
    """A death the day before the eighteenth birthday is a child's (s16C notifiable); on the
    birthday itself the person is an adult (Children Act 2004 s65(1): a child is under 18)."""
    born = EVENT_DAY.replace(year=EVENT_DAY.year - 18) + timedelta(days=offset)
    assert decide(incident(**{"child.date_of_birth": born.isoformat()})).notify_panel == answer
