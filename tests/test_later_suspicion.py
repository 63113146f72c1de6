"""Abuse or neglect suspected after the authority became aware of the death or harm
(`abuse_or_neglect_suspected_on`): s16C's duty, and what follows it, count from the suspicion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import oracle
from conftest import (
    CHECKOUT_RULES,
    OTHER_AREA,
    OUR_AREA,
    changed,
    incident,
    valid_or_skip,
    working_days_after,
)
from exhaustive import differences
from random_incidents import random_incidents
from safeguarding_notify import Incident, Obligation, RulesNotInForceError, decide
from safeguarding_notify._account import decision_account, rule_roles
from safeguarding_notify._assemble import chosen_notifications
from safeguarding_notify._csvio import DECISION_COLUMNS, decision_row
from safeguarding_notify._decide import Decider, default_decider
from safeguarding_notify._rulefile import load_rules
from safeguarding_notify.errors import DecisionDateError
from safeguarding_notify.strategies import incidents

TODAY = date(2026, 11, 26)
# Aware of the death on Tuesday 3 November 2026; a post-mortem raised the suspicion on the 20th.
LATER = incident(
    became_aware_on="2026-11-03",
    abuse_or_neglect_suspected_on="2026-11-20",
    **{"event.date": "2026-11-02"},
)


def _due(obligations: list[Obligation], recipient: str) -> date:
    """The due date of the one obligation to `recipient`."""
    (found,) = [item for item in obligations if item.recipient == recipient]
    assert found.due_by is not None
    return found.due_by


def test_the_panel_notification_counts_from_the_later_suspicion() -> None:
    """s16C applies once abuse or neglect is known or suspected: the Panel notification and the
    partners' report are due five working days after the suspicion, not after awareness, and
    are not overdue the day after it (they were, by nine working days); with no rule change
    between the two dates, no note says the rules changed."""
    decision = decide(LATER, TODAY)
    suspected = date(2026, 11, 20)
    for recipient in ("panel", "safeguarding_partners"):
        due = _due(decision.obligations, recipient)
        assert due is not None
        assert working_days_after(suspected, due) == 5
    assert {item.status for item in decision.obligations} == {"due"}
    assert decision.rules_date == suspected
    assert decision.rules_date_source == "abuse_or_neglect_suspected_on"
    # No rule changed between the two dates: no note says one did (for legal review).
    assert not any("changed between" in note for note in decision.notes)
    # The same incident without the date counts from awareness, and is overdue.
    without = {k: v for k, v in LATER.items() if k != "abuse_or_neglect_suspected_on"}
    assert {item.status for item in decide(without, TODAY).obligations} == {"overdue"}


def test_a_looked_after_childs_death_still_counts_from_awareness() -> None:
    """Sch 2 para 20 turns on the death, not on abuse: the Secretary of State and Ofsted are due
    from awareness while the s16C Panel notification counts from the later suspicion."""
    looked_after = {
        **LATER,
        "child": {**LATER["child"], "looked_after": "yes", "looked_after_by": OUR_AREA},
    }
    decision = decide(looked_after, TODAY)
    aware, suspected = date(2026, 11, 3), date(2026, 11, 20)
    for recipient in ("secretary_of_state", "ofsted"):
        assert working_days_after(aware, _due(decision.obligations, recipient)) == 5
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    assert panel.strength == "must"
    assert working_days_after(suspected, _due(decision.obligations, "panel")) == 5
    # Each obligation says so itself, for a reader who must check the deadline.
    assert {
        (item.recipient, item.counted_from, item.within_working_days)
        for item in decision.obligations
    } == {
        ("panel", suspected, 5),
        ("safeguarding_partners", suspected, 5),
        ("secretary_of_state", aware, 5),
        ("ofsted", aware, 5),
        ("parents_and_parental_responsibility", None, None),
    }


def test_a_suspicion_after_commencement_brings_s16c_into_play() -> None:
    """Aware of a death in May 2018 (Working Together 2015) but suspecting abuse only in July,
    after s16C came into force on 29 June 2018: the Panel must be notified (it was
    not_required), the rapid review counts from the suspicion, and a note flags that the rules
    changed between the two dates."""
    straddle = incident(
        became_aware_on="2018-05-02",
        abuse_or_neglect_suspected_on="2018-07-10",
        **{"event.date": "2018-05-01", "child.date_of_birth": "2010-01-01"},
    )
    decision = decide(straddle, TODAY)
    assert decision.notify_panel == "required"
    assert decision.rapid_review is not None
    assert decision.rapid_review.anchor_on == date(2018, 7, 10)
    assert any("changed between 2 May 2018" in note for note in decision.notes)
    without = {
        key: value for key, value in straddle.items() if key != "abuse_or_neglect_suspected_on"
    }
    assert decide(without, TODAY).notify_panel == "not_required"


def test_working_together_2015_reports_for_abuse_count_from_the_suspicion() -> None:
    """Under Working Together 2015 the Ofsted and LSCB reports of an abuse-or-neglect incident are
    due from the suspicion; for a looked-after child's death also reported for abuse, the earlier
    (the death's, from awareness) is kept."""
    in_2016 = incident(
        became_aware_on="2016-03-01",
        abuse_or_neglect_suspected_on="2016-03-21",
        **{"event.date": "2016-02-29", "child.date_of_birth": "2010-01-01"},
    )
    decision = decide(in_2016, TODAY)
    assert working_days_after(date(2016, 3, 21), _due(decision.obligations, "ofsted")) == 5
    looked_after = {
        **in_2016,
        "child": {**in_2016["child"], "looked_after": "yes", "looked_after_by": OUR_AREA},
    }
    decision = decide(looked_after, TODAY)
    assert working_days_after(date(2016, 3, 1), _due(decision.obligations, "ofsted")) == 5


def test_the_date_if_required_counts_from_the_suspicion() -> None:
    """While the Panel answer is open (where the death happened is unknown), the date it would be
    due counts from the later suspicion too."""
    decision = decide({**LATER, "event": {**LATER["event"], "location": None}}, TODAY)
    assert decision.notify_panel == "undetermined"
    assert decision.panel_due_by_if_required is not None
    assert working_days_after(date(2026, 11, 20), decision.panel_due_by_if_required) == 5


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        (
            {"abuse_or_neglect": "not_suspected"},
            "abuse_or_neglect_suspected_on is only allowed when abuse_or_neglect is 'known' or "
            "'suspected'",
        ),
        ({"abuse_or_neglect": "unknown"}, "is only allowed when abuse_or_neglect is"),
        ({"became_aware_on": None}, "abuse_or_neglect_suspected_on needs became_aware_on"),
        (
            {"abuse_or_neglect_suspected_on": "2026-11-02"},
            "abuse_or_neglect_suspected_on is before became_aware_on",
        ),
        (
            {"abuse_or_neglect_suspected_on": "2099-01-01"},
            "abuse_or_neglect_suspected_on is in the future",
        ),
    ],
    ids=["not suspected", "unknown", "no awareness date", "before awareness", "in the future"],
)
def test_a_suspicion_date_that_cannot_be_used_is_refused(
    overrides: dict[str, str | None], problem: str
) -> None:
    """A suspicion date with no suspicion, without an awareness date, before it or in the future
    is refused, naming the field, rather than read one way or another."""
    with pytest.raises(ValidationError, match=problem):
        decide({**LATER, **overrides})


def test_deciding_as_of_a_day_before_the_suspicion_is_refused() -> None:
    """A `today` before the suspicion was recorded cannot be decided against, saying why without
    claiming that nothing was owed (a looked-after child's death would have been), and how to
    get where the incident stood then."""
    with pytest.raises(DecisionDateError) as refused:
        decide(LATER, date(2026, 11, 19))
    assert str(refused.value) == (
        "the date to decide against (today) is before abuse_or_neglect_suspected_on: the "
        "incident as recorded was not yet known then (for where it stood then, decide it "
        "without abuse_or_neglect_suspected_on, abuse_or_neglect as it then stood), so no status "
        "can be taken on it"
    )


def test_of_two_reports_alike_the_one_due_first_is_kept_whatever_the_rules_order() -> None:
    """Two conclusions of one strength to one recipient (Working Together 2015's looked-after
    death and abuse-or-neglect reports to Ofsted) are one notification, the one due first,
    whichever order the rules come in."""
    looked_after = incident(
        became_aware_on="2016-03-01",
        abuse_or_neglect_suspected_on="2016-03-21",
        **{
            "event.date": "2016-02-29",
            "child.date_of_birth": "2010-01-01",
            "child.looked_after": "yes",
            "child.looked_after_by": OUR_AREA,
        },
    )
    model = Incident.model_validate(looked_after)
    book = default_decider().book
    owed = [
        (rule, then)
        for rule in book.in_force(date(2016, 3, 21))
        if rule.id in ("wt2015-looked-after-child-death", "wt2015-notifiable-abuse-or-neglect")
        for then in rule.then
        if then.notify == "ofsted"
    ]
    assert len(owed) == 2
    for order in (owed, owed[::-1]):
        ((rule, _),) = chosen_notifications(order, model).values()
        assert rule.id == "wt2015-looked-after-child-death"


def test_a_panel_notification_made_before_the_suspicion_is_not_the_s16c_one() -> None:
    """A looked-after child's death notified to the Panel at once, before abuse was suspected, is
    not the s16C notification the suspicion calls for: that one is still due, and the rapid
    review is projected from its due date; one made after the suspicion is done."""
    looked_after = {
        **LATER,
        "child": {**LATER["child"], "looked_after": "yes", "looked_after_by": OUR_AREA},
    }
    early = decide({**looked_after, "notified_on": {"panel": "2026-11-05"}}, TODAY)
    (panel,) = [item for item in early.obligations if item.recipient == "panel"]
    assert (panel.status, panel.notified_on) == ("due", None)
    assert early.rapid_review is not None
    assert early.rapid_review.projected
    assert early.rapid_review.anchor_on == panel.due_by
    later = decide({**looked_after, "notified_on": {"panel": "2026-11-23"}}, TODAY)
    (panel,) = [item for item in later.obligations if item.recipient == "panel"]
    assert (panel.status, panel.notified_on) == ("done", date(2026, 11, 23))
    assert later.rapid_review is not None
    assert later.rapid_review.anchor_on == date(2026, 11, 23)


# A child looked after by this authority dies in Wales, where the child lives; the authority is
# aware on 25 June 2018 (Working Together 2015) and suspects abuse or neglect on 2 July 2018,
# after s16C and Working Together 2018 came in on 29 June.
LOOKED_AFTER_IN_WALES = incident(
    became_aware_on="2018-06-25",
    abuse_or_neglect_suspected_on="2018-07-02",
    **{
        "event.date": "2018-06-20",
        "event.location": {"country": "wales"},
        "child.date_of_birth": "2010-03-01",
        "child.normally_resident": {"country": "wales"},
        "child.looked_after": "yes",
        "child.looked_after_by": OUR_AREA,
    },
)


def test_a_looked_after_childs_death_keeps_the_rules_of_the_awareness_date() -> None:
    """What arises from the death itself is chosen by the awareness date, s16C by the suspicion's:
    with no s16C limb applying (outside England, not resident here), the Panel is not required
    (Working Together 2018's looked-after death service was not yet in force when the authority
    became aware), and Working Together 2015's LSCB report stays owed from 25 June; the note
    says which rules decided what."""
    decision = decide(LOOKED_AFTER_IN_WALES, TODAY)
    assert decision.notify_panel == "not_required"
    owed = {(item.recipient, item.strength, item.counted_from) for item in decision.obligations}
    aware = date(2018, 6, 25)
    assert owed == {
        ("secretary_of_state", "must", aware),
        ("ofsted", "must", aware),
        ("local_safeguarding_children_board", "should", aware),
        ("parents_and_parental_responsibility", "must", None),
    }
    outcomes = {reason.rule: reason.outcome for reason in decision.reasons}
    assert outcomes["wt2015-looked-after-child-death"] == "applies"
    assert outcomes["s16c-1b-outside-england"] == "does_not_apply"
    assert "looked-after-child-death-panel-service" not in outcomes  # not in force on 25 June
    assert "s16c-not-yet-in-force" not in outcomes  # s16C was, on 2 July
    assert decision.rules_date == date(2018, 7, 2)
    (note,) = [note for note in decision.notes if "changed between" in note]
    for part in ("25 June 2018", "2 July 2018", "legal review"):
        assert part in note
    # What would make it required: what s16C (chosen by the suspicion) reads, not the 2018
    # looked-after death service.
    assert decision.what_if
    assert all(rule.startswith("s16c-") for item in decision.what_if for rule in item.rules), (
        decision.what_if
    )


def test_a_care_leavers_death_keeps_the_rules_of_the_awareness_date() -> None:
    """A care leaver's death learned of on 11 December 2023 owes nothing under the rules then in
    force, and a suspicion of abuse on 20 December (after Working Together 2023 asked for care
    leavers' deaths) does not bring that duty back to the awareness; s16C cannot apply to an
    adult."""
    leaver = incident(
        became_aware_on="2023-12-11",
        abuse_or_neglect_suspected_on="2023-12-20",
        **{
            "event.date": "2023-12-08",
            "child.date_of_birth": "2003-01-01",
            "child.care_leaver": "yes",
            "child.care_leaver_of": OUR_AREA,
        },
    )
    decision = decide(leaver, TODAY)
    assert decision.obligations == []
    assert decision.notify_panel == "not_required"
    assert "care-leaver-death" not in {reason.rule for reason in decision.reasons}
    # Learned of after Working Together 2023, the same death is owed to both.
    later = changed(leaver, became_aware_on="2023-12-18", abuse_or_neglect_suspected_on=None)
    assert {item.recipient for item in decide(later, TODAY).obligations} == {
        "secretary_of_state",
        "ofsted",
    }


def test_an_awareness_before_the_encoded_rules_is_refused_whatever_the_suspicion() -> None:
    """Aware before 26 March 2015, the first date the encoded rules cover, and suspecting abuse
    after it: what arose from the death itself then is not encoded, so nothing is decided and the
    refusal names the awareness date (it was decided, under the suspicion's rules alone)."""
    early = incident(
        became_aware_on="2015-03-20",
        abuse_or_neglect_suspected_on="2015-04-01",
        **{"event.date": "2015-03-19", "child.date_of_birth": "2010-01-01"},
    )
    with pytest.raises(RulesNotInForceError, match="became_aware_on"):
        decide(early, TODAY)
    assert not oracle.covers(Incident.model_validate(early), TODAY)


# The days the shipped rules change after the first (2018, 2020, 2023): an incident learned of in
# the fortnight before one, with abuse or neglect suspected up to a month after.
_CHANGES = load_rules(CHECKOUT_RULES).boundaries[1:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_CHANGES).flatmap(
        lambda day: st.tuples(
            st.one_of(
                *(
                    incidents(
                        known_only=known_only,
                        today=day - timedelta(days=1),
                        aware_from=day - timedelta(days=14),
                    )
                    for known_only in (False, True)
                )
            ),
            st.just(day),
        )
    ),
    st.integers(0, 30),
)
def test_across_a_rule_change_each_duty_is_decided_as_the_oracle_reads_it(
    drawn: tuple[Incident, date], days_after: int
) -> None:
    """Abuse or neglect suspected after a change of the rules that came after the awareness: the
    whole decision (Panel answer, what is owed and when, responsible authority, flags, advice,
    rapid review, missing facts) agrees with the oracle, which reads each provision under the
    law of the date that gives rise to it."""
    found, change = drawn
    document = found.model_dump(mode="json")
    suspected = valid_or_skip(
        {
            **document,
            "abuse_or_neglect": "suspected",
            "abuse_or_neglect_suspected_on": (change + timedelta(days=days_after)).isoformat(),
        }
    )
    assume(suspected.became_aware_on is not None)
    today = max(TODAY, suspected.abuse_or_neglect_suspected_on or TODAY)
    decision = decide(suspected, today)
    assert any("changed between" in note for note in decision.notes)
    assert differences(decision, oracle.answer(suspected, today)) == []


def test_a_decision_from_two_dates_says_so_in_its_fields_account_and_csv_row() -> None:
    """Where the rules came from two dates, `aware_rules_date` gives the awareness date (null
    otherwise), the account dates each reason by the rules it came from, and the CSV row keeps
    the note saying so (the only legal-review flag), which it drops as a restatement of the
    rules date when one date chose every rule."""
    decision = decide(LOOKED_AFTER_IN_WALES, TODAY)
    assert decision.aware_rules_date == date(2018, 6, 25)
    assert decide(LATER, TODAY).aware_rules_date is None
    lines = decision_account(decision, rule_roles(default_decider().book)).splitlines()
    assert _starting(
        lines, "  [applies] wt2015-looked-after-child-death (v1, rules of 25 June 2018): "
    )
    assert _starting(lines, "  [does_not_apply] s16c-1a-event-in-area (v1, rules of 2 July 2018): ")
    notes_column = DECISION_COLUMNS.index("notes")
    split_row = decision_row(2, decision, None)[notes_column]
    assert split_row.startswith("The rules in force changed between 25 June 2018")
    assert "legal review" in split_row
    plain = decide(LATER, TODAY)
    assert not decision_row(2, plain, None)[notes_column].startswith("The rules in force")


def _starting(lines: list[str], start: str) -> bool:
    """Whether exactly one line starts with `start`."""
    return len([line for line in lines if line.startswith(start)]) == 1


def test_an_earlier_panel_deadline_set_aside_for_s16c_is_noted_with_its_status() -> None:
    """A looked-after child's death is due to the Panel through the service from awareness; a
    later suspicion brings s16C's "must", due later, which is the one notification listed: the
    earlier deadline is noted with whether it is recorded as made, not lost."""
    looked_after = {
        **LATER,
        "child": {**LATER["child"], "looked_after": "yes", "looked_after_by": OUR_AREA},
    }
    (note,) = [note for note in decide(looked_after, TODAY).notes if "was also to be" in note]
    assert note.startswith(
        "The Child Safeguarding Practice Review Panel was also to be notified by 10 November "
        "2026, 5 working days from 3 November 2026, under "
    )
    assert (
        "(looked-after-child-death-panel-service v1): not recorded as made, and that date" in note
    )
    assert note.endswith("check that it was made.")
    made = {**looked_after, "notified_on": {"panel": "2026-11-05"}}
    (note,) = [note for note in decide(made, TODAY).notes if "was also to be" in note]
    assert "recorded as made on 5 November 2026." in note
    assert "check that it was made" not in note
    # Without the later suspicion, the one Panel notification is the earlier one: no note.
    alone = {
        key: value for key, value in looked_after.items() if key != "abuse_or_neglect_suspected_on"
    }
    assert not [note for note in decide(alone, TODAY).notes if "was also to be" in note]


# A death in this area known on 26 June 2018, before s16C came into force, abuse not recorded.
UNRECORDED_ABUSE = incident(
    became_aware_on="2018-06-26",
    abuse_or_neglect="unknown",
    **{"event.date": "2018-06-25", "child.date_of_birth": "2010-01-01"},
)


def test_abuse_not_recorded_is_asked_where_a_later_suspicion_would_bring_s16c() -> None:
    """Aware before 29 June 2018 and decided after it, abuse or neglect not recorded: had it come
    to be suspected on 2 July, s16C would require the Panel, so the answer is undetermined and
    abuse_or_neglect is asked first, with a note (it was "not_required", as if any suspicion had
    come before commencement), due if required five working days from 29 June at the earliest;
    decided before 29 June no later rules exist, and it stays settled."""
    later = decide(
        {
            **UNRECORDED_ABUSE,
            "abuse_or_neglect": "suspected",
            "abuse_or_neglect_suspected_on": "2018-07-02",
        },
        date(2018, 7, 10),
    )
    assert later.notify_panel == "required"
    decision = decide(UNRECORDED_ABUSE, date(2018, 7, 10))
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts[0] == "abuse_or_neglect"
    assert decision.advice_only_facts == []
    # Were it required, at the earliest from a suspicion on 29 June: five working days on.
    assert decision.panel_due_by_if_required == date(2018, 7, 6)
    assert decision.panel_status_if_required == "overdue"
    assert any(
        note.startswith("Whether abuse or neglect is known or suspected is not recorded")
        and "(on 29 June 2018)" in note
        for note in decision.notes
    )
    assert (
        differences(
            decision, oracle.answer(Incident.model_validate(UNRECORDED_ABUSE), date(2018, 7, 10))
        )
        == []
    )
    before = decide(UNRECORDED_ABUSE, date(2018, 6, 28))
    assert before.notify_panel == "not_required"
    assert not any("is not recorded" in note for note in before.notes)


def test_what_every_later_suspicion_owes_at_least_as_strongly_is_still_listed() -> None:
    """A looked-after child's death known in 2021, abuse not recorded: the Panel is owed
    ("should", the guidance) whether or not abuse came to be suspected later, when s16C's "must"
    would be owed too; the notification stays listed at "should" (an intersection of exact
    strengths dropped it, leaving a "required" Panel answer with no Panel notification)."""
    looked_after = incident(
        became_aware_on="2021-06-21",
        abuse_or_neglect="unknown",
        **{
            "event.date": "2021-05-01",
            "child.date_of_birth": "2009-03-12",
            "child.looked_after": "yes",
            "child.looked_after_by": OUR_AREA,
        },
    )
    decision = decide(looked_after, TODAY)
    assert decision.notify_panel == "required"
    panel = [item for item in decision.obligations if item.recipient == "panel"]
    assert [item.strength for item in panel] == ["should"]
    for day in ("2021-06-22", "2023-12-15"):
        world = decide(
            {**looked_after, "abuse_or_neglect": "suspected", "abuse_or_neglect_suspected_on": day},
            TODAY,
        )
        assert {item.recipient for item in world.obligations} >= {
            item.recipient for item in decision.obligations
        }


def test_what_a_later_suspicion_concludes_is_remembered_by_every_axis_its_rules_read() -> None:
    """Random incidents known before 15 December 2023 with abuse or neglect not recorded, decided
    in turn by one decider (which remembers each later period's conclusions by the axes its rules
    read) and each by a fresh decider, give the same decisions: no remembered conclusion is
    reused for a situation those rules read differently."""
    batch = [
        raw
        for raw in random_incidents(400, seed=43)
        if raw.get("abuse_or_neglect") == "unknown"
        and (raw.get("became_aware_on") or "9999") < "2023-12-15"
    ]
    assert len(batch) >= 30  # enough to meet remembered conclusions
    shared = Decider()
    assert [shared.decide(raw, TODAY) for raw in batch] == [
        Decider().decide(raw, TODAY) for raw in batch
    ]


LOOKED_AFTER_DEATH_UNDATED_AWARENESS = incident(
    abuse_or_neglect="unknown",
    notified_on={"ofsted": "2018-06-22"},
    **{
        "became_aware_on": None,
        "event.date": "2018-06-20",
        "child.date_of_birth": "2010-01-01",
        "child.looked_after": "yes",
        "child.looked_after_by": OUR_AREA,
    },
)


def test_a_later_suspicion_is_weighed_where_the_awareness_date_is_not_recorded_either() -> None:
    """A looked-after child's death on 20 June 2018, Ofsted told on the 22nd, the awareness date
    and abuse or neglect not recorded, decided in 2026: every awareness date the record allows
    (20 to 22 June) is before s16C commenced and a suspicion after it would bring s16C, so the
    Panel answer is undetermined and abuse_or_neglect is asked (it was "not_required", settled,
    abuse not asked: a later suspicion was weighed only where the awareness date was recorded)."""
    today = date(2026, 11, 28)
    for aware in ("2018-06-20", "2018-06-21", "2018-06-22"):
        recorded = decide({**LOOKED_AFTER_DEATH_UNDATED_AWARENESS, "became_aware_on": aware}, today)
        assert recorded.notify_panel == "undetermined"
    world = decide(
        {
            **LOOKED_AFTER_DEATH_UNDATED_AWARENESS,
            "became_aware_on": "2018-06-21",
            "abuse_or_neglect": "suspected",
            "abuse_or_neglect_suspected_on": "2018-07-03",
        },
        today,
    )
    assert world.notify_panel == "required"
    decision = decide(LOOKED_AFTER_DEATH_UNDATED_AWARENESS, today)
    assert decision.notify_panel == "undetermined"
    assert "abuse_or_neglect" in decision.missing_facts
    # No due date if required: it would count from an awareness not recorded (review s23, F1).
    assert decision.panel_due_by_if_required is None
    assert any(
        "(on 29 June 2018," in note and "abuse_or_neglect" in note for note in decision.notes
    )
    model = Incident.model_validate(LOOKED_AFTER_DEATH_UNDATED_AWARENESS)
    assert differences(decision, oracle.answer(model, today)) == []


def test_a_later_suspicion_is_weighed_for_an_undated_incident() -> None:
    """Serious harm with neither the event nor the awareness date recorded, Ofsted told on 2 May
    2017, abuse or neglect not recorded: a suspicion from 29 June 2018 would bring s16C, so the
    Panel answer is undetermined, not "not_required"."""
    undated = incident(
        abuse_or_neglect="unknown",
        notified_on={"ofsted": "2017-05-02"},
        **{"became_aware_on": None, "event.date": None, "child.date_of_birth": "2010-01-01"},
    )
    today = date(2026, 11, 28)
    world = decide(
        {
            **undated,
            "became_aware_on": "2017-05-01",
            "abuse_or_neglect": "suspected",
            "abuse_or_neglect_suspected_on": "2019-03-01",
            "event": {**undated["event"], "date": "2017-05-01"},
        },
        today,
    )
    assert world.notify_panel == "required"
    decision = decide(undated, today)
    assert decision.notify_panel == "undetermined"
    assert "abuse_or_neglect" in decision.missing_facts
    assert differences(decision, oracle.answer(Incident.model_validate(undated), today)) == []


def test_a_fact_that_settles_what_a_later_suspicion_concludes_is_asked() -> None:
    """A looked-after child's death in England on 20 June 2018, its area not recorded, known the
    next day, abuse or neglect not recorded, decided in 2026: had abuse come to be suspected
    after 29 June, s16C falls on the area of the event, so the place alone can settle the answer
    (in another area: not required whatever the abuse) and is asked beside abuse_or_neglect (only
    the awareness date's rules were asked, which for a looked-after child's death read no place)."""
    death = incident(
        became_aware_on="2018-06-21",
        abuse_or_neglect="unknown",
        **{
            "event.date": "2018-06-20",
            "event.location": {"country": "england", "local_authority": None},
            "child.date_of_birth": "2010-01-01",
            "child.looked_after": "yes",
            "child.looked_after_by": OUR_AREA,
        },
    )
    today = date(2026, 11, 28)
    elsewhere = {"country": "england", "local_authority": OTHER_AREA}
    for abuse in ("unknown", "suspected"):
        settled = decide(
            changed(
                death,
                **{"event.location": elsewhere, "abuse_or_neglect": abuse},
                **({"abuse_or_neglect_suspected_on": "2018-07-02"} if abuse == "suspected" else {}),
            ),
            today,
        )
        assert settled.notify_panel == "not_required"
    here = changed(death, **{"event.location": {"country": "england", "local_authority": OUR_AREA}})
    assert decide(here, today).notify_panel == "undetermined"
    decision = decide(death, today)
    assert decision.notify_panel == "undetermined"
    assert decision.missing_facts[0] == "abuse_or_neglect"
    assert "event.location" in decision.missing_facts
    assert differences(decision, oracle.answer(Incident.model_validate(death), today)) == []


def test_the_reason_before_s16c_does_not_settle_an_undetermined_answer() -> None:
    """Known on 26 June 2018 with abuse or neglect not recorded and decided in 2026, the answer is
    undetermined, and the reason of s16c-not-yet-in-force says no Panel notification was owed
    only under the rules of the date that chose them, not outright (review s22, F8)."""
    known = incident(
        became_aware_on="2018-06-26",
        abuse_or_neglect="unknown",
        **{"event.kind": "serious_harm", "event.date": "2018-06-20"},
    )
    decision = decide(known, date(2026, 11, 28))
    assert decision.notify_panel == "undetermined"
    (reason,) = [item for item in decision.reasons if item.rule == "s16c-not-yet-in-force"]
    assert reason.outcome == "does_not_apply"
    assert reason.explanation.startswith(
        "Under the rules in force on the date that chose them, a date before 29 June 2018, "
        "no Panel notification was owed, as the duty to notify"
    )


def test_a_suspicion_left_undated_is_read_as_at_awareness_and_a_note_says_what_a_later_one_gives() -> (
    None
):
    """Serious harm in this area on 20 June 2018, abuse known, the authority aware on the 26th,
    no suspicion date: abuse is taken as known from the awareness (the field's meaning), so
    Working Together 2015 applies and the Panel is not required; decided after 29 June 2018, a
    note says a suspicion from then would give another Panel answer (it does: required) and to
    record its date (review s22, F2: nothing said the answer turned on that reading)."""
    harm = incident(
        became_aware_on="2018-06-26",
        abuse_or_neglect="known",
        **{
            "event.kind": "serious_harm",
            "event.date": "2018-06-20",
            "child.date_of_birth": "2010-01-01",
        },
    )
    later = decide({**harm, "abuse_or_neglect_suspected_on": "2018-06-29"}, TODAY)
    assert later.notify_panel == "required"
    decision = decide(harm, TODAY)
    assert decision.notify_panel == "not_required"
    (note,) = [note for note in decision.notes if "abuse_or_neglect_suspected_on" in note]
    assert "(on 29 June 2018," in note
    # Before 29 June 2018 no later rules exist; in 2026 none after the awareness differ.
    assert not any(
        "abuse_or_neglect_suspected_on" in note for note in decide(harm, date(2018, 6, 28)).notes
    )
    recent = changed(harm, became_aware_on="2026-11-02", **{"event.date": "2026-11-01"})
    assert not any("abuse_or_neglect_suspected_on" in note for note in decide(recent, TODAY).notes)


def test_no_panel_due_date_if_required_is_given_without_the_awareness_date() -> None:
    """Serious harm here on 20 May 2019, Ofsted told on the 25th, neither the awareness nor abuse
    recorded, decided on 6 January 2020: the Panel answer is undetermined and no due date if
    required is given (it gave 8 January 2020, five working days from a suspicion on 1 January
    2020 at the earliest, while aware on 20 May with abuse known the Panel was due on 28 May
    2019, seven months overdue: review s23, F1); so for every undetermined random incident whose
    awareness is not recorded."""
    harm = incident(
        became_aware_on=None,
        abuse_or_neglect="unknown",
        notified_on={"ofsted": "2019-05-25"},
        **{"event.kind": "serious_harm", "event.date": "2019-05-20"},
    )
    today = date(2020, 1, 6)
    known = decide({**harm, "became_aware_on": "2019-05-20", "abuse_or_neglect": "known"}, today)
    (panel,) = [item for item in known.obligations if item.recipient == "panel"]
    assert (panel.due_by, panel.status) == (date(2019, 5, 28), "overdue")
    decision = decide(harm, today)
    assert decision.notify_panel == "undetermined"
    assert decision.panel_due_by_if_required is None
    assert decision.panel_status_if_required is None
    undated = [
        found
        for raw in random_incidents(3000, seed=47)
        if not raw.get("became_aware_on")
        and (found := decide(raw, TODAY)).notify_panel == "undetermined"
    ]
    assert len(undated) >= 50
    assert all(found.panel_due_by_if_required is None for found in undated)


def test_the_suspicion_date_note_says_may_where_the_later_rules_leave_the_answer_open() -> None:
    """The same serious harm (abuse known, aware 26 June 2018, no suspicion date) with the event's
    place not recorded: suspected from 29 June, the Panel answer would turn on the place (in
    another English area, still not required), so the note says a later date "may give"
    another answer, not that it does (review s23, F3)."""
    harm = incident(
        became_aware_on="2018-06-26",
        abuse_or_neglect="known",
        **{
            "event.kind": "serious_harm",
            "event.date": "2018-06-20",
            "event.location": None,
            "child.date_of_birth": "2010-01-01",
        },
    )
    elsewhere = {
        **harm,
        "abuse_or_neglect_suspected_on": "2018-07-02",
        "event": {
            **harm["event"],
            "location": {"country": "england", "local_authority": OTHER_AREA},
        },
    }
    assert decide(elsewhere, TODAY).notify_panel == "not_required"
    decision = decide(harm, TODAY)
    assert decision.notify_panel == "not_required"
    (note,) = [note for note in decision.notes if "abuse_or_neglect_suspected_on" in note]
    assert "which may give, as the facts still open decide, another Panel answer" in note
