"""Properties of the workflow that hold for every incident: rapid reviews, statuses and what-if."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from conftest import OTHER_AREA, OUR_AREA, THIRD_AREA, changed, incident, working_days_after
from safeguarding_notify import decide

TODAY = date(2026, 11, 26)
S16C_RULES = {"s16c-1a-event-in-area", "s16c-1b-outside-england"}
SPAN = (TODAY - date(2019, 1, 1)).days


places = st.sampled_from(
    [
        {"country": "england", "local_authority": OUR_AREA},
        {"country": "england", "local_authority": OTHER_AREA},
        {"country": "england", "local_authority": None},
        {"country": "scotland"},
        None,
    ]
)
looked_after = st.sampled_from(
    [
        {"child.looked_after": "no"},
        {"child.looked_after": "unknown"},
        {"child.looked_after": "yes", "child.looked_after_by": OUR_AREA},
        {"child.looked_after": "yes", "child.looked_after_by": THIRD_AREA},
    ]
)


@st.composite
def incidents(draw: st.DrawFn) -> dict[str, Any]:
    # Any day from 2019 to TODAY, and often one of its last three weeks, where notifications
    # are still due or due today rather than all long overdue.
    aware = date(2019, 1, 1) + timedelta(
        days=draw(st.one_of(st.integers(0, SPAN), st.integers(SPAN - 20, SPAN)))
    )
    overrides: dict[str, Any] = {
        "abuse_or_neglect": draw(
            st.sampled_from(["known", "suspected", "not_suspected", "unknown"])
        ),
        "event.kind": draw(st.sampled_from(["death", "serious_harm", "other", None])),
        "event.location": draw(places),
        "event.date": aware.isoformat(),
        "child.normally_resident": draw(places),
        "child.date_of_birth": draw(st.sampled_from(["2015-03-01", "2000-01-01", None])),
        "became_aware_on": aware.isoformat(),
        **draw(looked_after),
    }
    if draw(st.booleans()):
        # Half the time a child of 11 harmed or killed here with abuse suspected, which s16C
        # makes notifiable: drawn freely, few incidents owe anything, and statuses go untested.
        overrides.update(
            {
                "abuse_or_neglect": draw(st.sampled_from(["known", "suspected"])),
                "event.kind": draw(st.sampled_from(["death", "serious_harm"])),
                "event.location": {"country": "england", "local_authority": OUR_AREA},
                "child.date_of_birth": "2015-03-01",
            }
        )
    if (
        overrides["child.looked_after"] == "yes"
        and overrides["child.date_of_birth"] == "2000-01-01"
    ):
        overrides["child.date_of_birth"] = "2015-03-01"  # a looked-after child is under 18
    lag = draw(st.one_of(st.none(), st.integers(0, 20)))
    if lag is not None:
        overrides["notified_on"] = {"panel": min(aware + timedelta(days=lag), TODAY).isoformat()}
    return incident(**overrides)


@settings(max_examples=80, deadline=None)
@given(incidents())
def test_a_rapid_review_follows_exactly_the_s16c_notifications(document: dict[str, Any]) -> None:
    """A rapid-review date is given if and only if a s16C rule requires the Panel notification."""
    decision = decide(document, today=TODAY)
    under_s16c = any(r.rule in S16C_RULES and r.outcome == "applies" for r in decision.reasons)
    assert (decision.rapid_review is not None) == under_s16c
    if decision.rapid_review is not None and decision.rapid_review.anchor_on is not None:
        # Counted day by day (conftest), not by the library's own arithmetic.
        due = decision.rapid_review.due_by
        assert due is not None
        assert working_days_after(decision.rapid_review.anchor_on, due) == 15


@settings(max_examples=80, deadline=None)
@given(incidents())
def test_statuses_agree_with_the_dates(document: dict[str, Any]) -> None:
    """Every status is consistent with due_by, the notification recorded in the input and today,
    and its day counts are exact: a notification recorded on or before today is taken as made
    (no suspicion date is drawn here, so none is too early to count)."""
    decision = decide(document, today=TODAY)
    recorded = document.get("notified_on", {})
    for item in decision.obligations:
        made = recorded.get(item.notified_on_key)
        # The input's own record, not the output's copy of it: a decision that dropped it would
        # otherwise pass as a consistent "due".
        assert item.notified_on == (date.fromisoformat(made) if made else None)
        if item.notified_on is not None:
            assert item.status == (
                "done" if item.due_by is None or item.notified_on <= item.due_by else "done_late"
            )
        elif item.due_by is None:
            assert item.status is None
        elif item.due_by > TODAY:
            assert (item.status, item.working_days_left) == (
                "due",
                working_days_after(TODAY, item.due_by),
            )
        elif item.due_by == TODAY:
            assert item.status == "due_today"
        else:
            assert (item.status, item.working_days_late) == (
                "overdue",
                working_days_after(item.due_by, TODAY),
            )


@settings(max_examples=80, deadline=None)
@given(incidents())
def test_what_if_is_given_exactly_when_not_required(document: dict[str, Any]) -> None:
    """A required decision has no what-if; the others list only changes naming Panel rules, singles before any pair."""
    decision = decide(document, today=TODAY)
    if decision.notify_panel == "required":
        assert decision.what_if == []
        return
    sizes = {len(item.changes) for item in decision.what_if}
    assert sizes <= {1} or sizes == {2}
    for item in decision.what_if:
        assert item.rules
        assert len({change.path for change in item.changes}) == len(item.changes)


# Answers a practitioner could record for each question an undetermined decision asks.
ANSWERS: dict[str, st.SearchStrategy[Any]] = {
    "abuse_or_neglect": st.sampled_from(["known", "suspected", "not_suspected"]),
    "event.kind": st.sampled_from(["death", "serious_harm", "other"]),
    "event.location": places.filter(lambda place: place is not None),
    "child.normally_resident": places.filter(lambda place: place is not None),
    "child.date_of_birth": st.sampled_from(["2015-03-01", "2000-01-01"]),
    "child.looked_after": st.sampled_from(["no"]),
}


# One fact a Panel rule reads, left unknown: most such incidents are undetermined.
UNKNOWN = st.sampled_from(
    [("abuse_or_neglect", "unknown"), ("child.date_of_birth", None), ("event.kind", None)]
)
WORKING_TOGETHER_2023 = date(2023, 12, 15)


@st.composite
def later_suspicions(draw: st.DrawFn) -> dict[str, Any]:
    """An incident of `incidents()`, with abuse or neglect, where known or suspected, most often
    known or suspected only after the awareness: within three weeks, on any later day up to
    TODAY, or in the month from 15 December 2023 (Working Together 2023) for an awareness before
    it, where each rule is taken from its own date's rules."""
    document = draw(incidents())
    aware = date.fromisoformat(document["became_aware_on"])
    if document["abuse_or_neglect"] not in ("known", "suspected") or aware == TODAY:
        return document
    latest = (TODAY - aware).days
    lags = [st.integers(1, min(20, latest)), st.integers(1, latest)]
    if aware < WORKING_TOGETHER_2023:
        first = (WORKING_TOGETHER_2023 - aware).days
        lags.append(st.integers(first, first + 30))
    lag = draw(st.one_of(st.none(), *lags))
    if lag is None:
        return document
    return changed(document, abuse_or_neglect_suspected_on=(aware + timedelta(lag)).isoformat())


# A looked-after child's event of unrecorded kind and place, abuse suspected after the awareness:
# the Panel may be owed from the awareness (a looked-after child's death, wherever it happened:
# the Panel service's guidance) or from the suspicion (s16C, if it happened here), so it is due
# if required by the earlier date; once the event is recorded as a death, the guidance's
# notification is owed by that date. Aware Friday 20 November 2026 and suspected Wednesday 25
# November: due Friday 27 November, not Wednesday 2 December. Aware Friday 8 December 2023,
# suspected Wednesday 20 December under Working Together 2023: due Friday 15 December, not
# Friday 29 December (25 and 26 December are bank holidays).
LOOKED_AFTER_SUSPECTED_LATER = [
    incident(
        **{
            "child.looked_after": "yes",
            "child.looked_after_by": OUR_AREA,
            "event.date": aware,
            "event.location": None,
        },
        became_aware_on=aware,
        abuse_or_neglect_suspected_on=suspected,
    )
    for aware, suspected in (("2026-11-20", "2026-11-25"), ("2023-12-08", "2023-12-20"))
]
DEATH_ELSEWHERE = {
    "abuse_or_neglect": "suspected",
    "event.kind": "death",
    "event.location": {"country": "england", "local_authority": OTHER_AREA},
    "child.normally_resident": {"country": "england", "local_authority": OUR_AREA},
    "child.date_of_birth": "2015-03-01",
    "child.looked_after": "no",
}


@settings(max_examples=150, deadline=None)
@given(later_suspicions(), UNKNOWN, st.fixed_dictionaries(ANSWERS))
@example(LOOKED_AFTER_SUSPECTED_LATER[0], ("event.kind", None), DEATH_ELSEWHERE)
@example(LOOKED_AFTER_SUSPECTED_LATER[1], ("event.kind", None), DEATH_ELSEWHERE)
def test_a_panel_notification_found_required_was_never_due_earlier_than_said(
    document: dict[str, Any], unknown: tuple[str, Any], answers: dict[str, Any]
) -> None:
    """Answering an undetermined decision's questions until it settles: if the Panel turns out
    required, the decision had given a due-if-required date and status, the one owed is not
    earlier (though the Panel may be owed from the awareness or from a later suspicion), and on
    the same date it has the same status (an overdue clock stays overdue)."""
    path, value = unknown
    document = changed(document, **{path: value})
    if document["abuse_or_neglect"] not in ("known", "suspected"):
        document = changed(document, abuse_or_neglect_suspected_on="<absent>")
    first = decide(document, today=TODAY)
    if first.notify_panel != "undetermined":
        assert first.panel_due_by_if_required is None
        assert first.panel_status_if_required is None
        event("settled at once")
        return
    assert first.panel_due_by_if_required is not None  # became_aware_on is always recorded here
    assert first.panel_status_if_required is not None
    decision = first
    for _ in range(6):
        if decision.notify_panel != "undetermined":
            break
        asked = decision.missing_facts[0]
        if asked not in answers:
            event(f"asks {asked}")
            return
        document = changed(document, **{asked: answers[asked]})
        decision = decide(document, today=TODAY)
    event(f"settled as {decision.notify_panel}")
    if decision.notify_panel == "required":
        (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
        assert panel.due_by is not None
        assert panel.due_by >= first.panel_due_by_if_required
        if panel.due_by == first.panel_due_by_if_required:
            event("due as said")
            assert panel.status == first.panel_status_if_required
