"""The hot path's shortcuts (canonical digest, period lookup, worded notes) keep every answer the same."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import fields
from datetime import date, timedelta
from typing import Any

import pytest

from conftest import OUR_AREA, incident
from random_incidents import random_incidents
from safeguarding_notify import (
    Decider,
    Incident,
    RulesNotInForceError,
    _decide,
    _missing_facts,
    _whatif_answers,
    decide,
)
from safeguarding_notify._assemble import input_digest
from safeguarding_notify._decide import default_decider
from safeguarding_notify._facts import AXES, Situation, situation_of
from safeguarding_notify._memory import remember
from safeguarding_notify.decision import Reason


def test_digest_ignores_how_the_input_was_written() -> None:
    """The same incident written with other key order and spacing, or given as a model, has one digest."""
    document = incident()
    reordered = json.loads(json.dumps(dict(reversed(list(document.items()))), indent=3))
    model = Incident.model_validate(document)
    digests = {
        decide(document).input_digest,
        decide(reordered).input_digest,
        decide(model).input_digest,
    }
    assert len(digests) == 1


def test_digest_ignores_the_order_notifications_made_were_written_in() -> None:
    """`notified_on` written in either order (or CSV columns in either order) has one digest: the
    digest is of the validated values, not of how they were written."""
    made = {"panel": "2026-11-21", "ofsted": "2026-11-22"}
    digests = {
        decide(incident(notified_on=dict(order))).input_digest
        for order in (made.items(), reversed(made.items()))
    }
    assert len(digests) == 1


def test_digest_can_be_recomputed_from_the_documented_canonical_form() -> None:
    """An auditor recomputes input_digest as SHA-256 of the validated model's JSON without its
    defaults, as documented."""
    document = incident(**{"event.kind": "serious_harm", "child.date_of_birth": None})
    canonical = Incident.model_validate(document).model_dump_json(exclude_defaults=True)
    assert " " not in canonical
    expected = "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
    assert decide(document).input_digest == expected


def test_an_optional_field_added_later_leaves_digests_unchanged() -> None:
    """A release adding an optional field (as abuse_or_neglect_suspected_on was added) keeps the
    digest of every incident that leaves it out, so stored decisions can still be matched."""

    class IncidentOfALaterRelease(Incident):
        a_field_added_later: str | None = None

    document = incident()
    assert input_digest(IncidentOfALaterRelease.model_validate(document)) == input_digest(
        Incident.model_validate(document)
    )
    with_it = IncidentOfALaterRelease.model_validate({**document, "a_field_added_later": "x"})
    assert input_digest(with_it) != input_digest(Incident.model_validate(document))


def test_digest_changes_with_every_field() -> None:
    """Changing any single answer in the incident changes the digest."""
    changes = {
        "case_reference": "T-9",
        "notifying_authority": "E06000001",
        "child.date_of_birth": "2015-03-02",
        "child.normally_resident": None,
        "child.looked_after": "unknown",
        "event.kind": "serious_harm",
        "event.date": "2026-11-17",
        "event.location": None,
        "abuse_or_neglect": "known",
        "became_aware_on": "2026-11-21",
    }
    digests = {decide(incident(**{path: value})).input_digest for path, value in changes.items()}
    assert len(digests | {decide(incident()).input_digest}) == len(changes) + 1


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({}, "20 November 2026, when the authority became aware"),
        ({"became_aware_on": "2026-11-23"}, "23 November 2026, when the authority became aware"),
        (
            {"abuse_or_neglect_suspected_on": "2026-11-24"},
            "24 November 2026, when abuse or neglect came to be known or suspected",
        ),
        (
            {"became_aware_on": None},
            "18 November 2026, the event date, as the date the authority became aware is not "
            "recorded",
        ),
        (
            {"became_aware_on": None, "event.date": None},
            "27 November 2026, today, as neither the awareness date nor the event date is recorded",
        ),
    ],
    ids=["aware", "aware-later", "suspected", "event", "today"],
)
def test_note_names_the_date_and_source_that_chose_the_rules(
    overrides: dict[str, Any], words: str
) -> None:
    """The first note names the date that chose the rules in words and says, in words, what
    that date is (no field names: a manager reads it)."""
    note = decide(incident(**overrides), today=date(2026, 11, 27)).notes[0]
    assert note == f"The rules in force on {words}, were applied."


def test_first_day_of_the_rules_is_decided_and_the_day_before_refused() -> None:
    """Awareness on 26 March 2015, the first day the encoded rules cover (Working Together 2015's
    publication, law.md 6), is decided; the day before is refused."""
    first = date(2015, 3, 26)
    assert default_decider().book.covered_from == first
    before = first - timedelta(days=1)
    on_first = incident(**{"event.date": first.isoformat(), "became_aware_on": first.isoformat()})
    assert decide(on_first).rules_date == first
    with pytest.raises(RulesNotInForceError):
        decide(
            incident(**{"event.date": before.isoformat(), "became_aware_on": before.isoformat()})
        )


def test_period_lookup_matches_the_rules_in_force_around_every_boundary() -> None:
    """Around each boundary date, the period found selects exactly the rule versions in force that day."""
    book = default_decider().book
    for boundary in book.boundaries:
        for day in (boundary - timedelta(days=1), boundary):
            period = book.period_of(day)
            in_period = book.in_force(book.period_start(period)) if period else ()
            assert in_period == book.in_force(day)


def test_bounded_memory_of_conclusions_changes_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """With tiny cache limits, the caches never exceed them and every decision equals an unbounded decider's."""
    # (60: enough for some later-suspicion periods to fill and forget.)
    batch = list(random_incidents(60, seed=41))
    reference = Decider()
    unbounded = [reference.decide(item).model_dump_json() for item in batch]
    monkeypatch.setattr(_whatif_answers, "SEARCHES_KEPT", 20)
    monkeypatch.setattr(_decide, "_VERDICTS_KEPT", 3)
    monkeypatch.setattr(_decide, "_SHARED_KEPT", 5)
    monkeypatch.setattr(_decide, "_LATER_SHAPES_KEPT", 2)
    monkeypatch.setattr(_missing_facts, "MISSING_KEPT", 20)
    bounded = Decider()
    answers = []
    for item in batch:
        answers.append(bounded.decide(item).model_dump_json())
        assert len(bounded._verdicts) <= 3
        assert len(bounded._shared) <= 5
        for cache in (bounded._what_if_answers._memory, bounded._missing_facts_search._memory):
            assert len(cache) <= 20
        assert len(bounded._later_shapes) <= 2
    assert answers == unbounded


def test_a_full_memory_forgets_its_older_half() -> None:
    """A memory at its limit forgets the half remembered first and keeps the newer half."""
    memory: dict[int, str] = {}
    for key in range(8):
        remember(memory, key, str(key), 8)
    remember(memory, 8, "8", 8)
    assert list(memory) == [4, 5, 6, 7, 8]
    assert memory[8] == "8"


def test_a_memory_forgetting_again_and_again_grows_no_larger() -> None:
    """A memory that has forgotten its older half many times takes no more bytes than when it
    first filled: forgotten keys' slots are not left to double its table (one of 16,384 entries
    held a table for 65,536 after its first forgetting, where the one it filled serves)."""
    limit = 16_384
    memory: dict[int, None] = {}
    for key in range(limit):
        remember(memory, key << 40, None, limit)
    filled = sys.getsizeof(memory)
    for key in range(limit, 6 * limit):
        remember(memory, key << 40, None, limit)
        assert sys.getsizeof(memory) <= filled, key
    assert len(memory) > limit // 2


def test_equal_reasons_are_one_shared_object() -> None:
    """Two situations whose reasons for a rule are worded alike hold the very same Reason object."""
    first = decide(incident(abuse_or_neglect="not_suspected", **{"event.kind": "death"}))
    second = decide(incident(abuse_or_neglect="not_suspected", **{"event.kind": "serious_harm"}))
    shared = [(one, other) for one in first.reasons for other in second.reasons if one == other]
    assert shared
    assert all(one is other for one, other in shared)


def test_reasons_built_unvalidated_are_what_validation_would_build() -> None:
    """Every reason of 300 random decisions equals its own validated copy, field for field and in
    the fields it counts as set, and the reasons of one rule share one basis text."""
    reasons = [
        reason
        for decision in map(default_decider().decide, random_incidents(300, seed=17))
        for reason in decision.reasons
    ]
    bases: dict[tuple[str, int], str] = {}
    for reason in reasons:
        checked = Reason.model_validate(reason.model_dump())
        assert checked == reason
        assert checked.model_fields_set == reason.model_fields_set
        assert bases.setdefault((reason.rule, reason.rule_version), reason.basis) is reason.basis
    assert len(bases) > 10


def test_the_field_names_every_reason_shares_cannot_be_changed_through_one() -> None:
    """A reason's `model_fields_set`, one set shared by every reason, refuses to change (one
    `discard` changed every later decision's reasons), while `model_copy` still adds to a copy."""
    reason = decide(incident()).reasons[0]
    with pytest.raises(TypeError):
        reason.model_fields_set.discard("basis")
    with pytest.raises(TypeError):
        reason.model_fields_set |= {"other"}
    assert reason.model_fields_set == set(Reason.model_fields)
    assert reason.model_copy(update={"explanation": "changed"}).explanation == "changed"
    assert decide(incident()).reasons[0].model_dump(exclude_unset=True) == reason.model_dump()


def test_situation_values_are_situations_fields_in_order() -> None:
    """The values a decision codes are built by position: each lands in the Situation field named."""
    assert tuple(field.name for field in fields(Situation)) == AXES
    raw = incident(
        **{
            "child.looked_after": "yes",
            "child.looked_after_by": OUR_AREA,
            "child.normally_resident": {"country": "wales"},
            "child.known_to_childrens_social_care": "yes",
            "event.location": None,
            "event.kind": "serious_harm",
            "event.regulated_setting": "no",
            "abuse_or_neglect": "unknown",
        }
    )
    decider = default_decider()
    situation = situation_of(Incident.model_validate(raw), decider.thresholds, date(2026, 11, 26))
    assert (situation.abuse, situation.event_kind) == ("unknown", "serious_harm")
    assert (situation.event_place, situation.residence) == ("unknown", "outside_england")
    assert situation.looked_after == "by_this_authority"
    assert (situation.regulated_setting, situation.social_care) == ("no", "yes")
    assert (situation.care_leaver, situation.manner_of_death, situation.unborn) == (
        "unknown",
        "unknown",
        "no",
    )
    assert situation.event_date[0] == situation.event_date[1]  # the event date is known
