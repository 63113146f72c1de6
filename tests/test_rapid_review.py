"""The rapid review after a s16C notification: its 15 working days, counted from the right anchor."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import OUR_AREA, incident
from safeguarding_notify import Decision, decide

TODAY = date(2026, 11, 26)


def on(aware: str, **overrides: Any) -> dict[str, Any]:
    """The baseline death with the event on the day of awareness."""
    return incident(became_aware_on=aware, **{"event.date": aware}, **overrides)


def counted(decision: Decision) -> tuple[date | None, bool, date | None]:
    """The rapid review's anchor date, whether it is projected, and its due date."""
    review = decision.rapid_review
    assert review is not None
    return review.anchor_on, review.projected, review.due_by


def test_current_guidance_projects_from_the_notification_due_date() -> None:
    """Before the Panel notification is recorded, the review date counts from its due date and is marked projected."""
    review = decide(incident(), today=TODAY).rapid_review
    assert review is not None
    assert (review.anchor, review.anchor_on, review.projected) == (
        "panel_notification_sent",
        date(2026, 11, 27),
        True,
    )
    assert review.due_by == date(2026, 12, 18)
    assert (review.strength, review.within_working_days) == ("should", 15)
    assert review.rule == "rapid-review-by-safeguarding-partners"


def test_a_review_projected_after_the_notification_was_due_counts_from_today() -> None:
    """Asked on Wednesday 2 December, the Panel notification due on Friday 27 November and not
    recorded as sent, the earliest it can now be sent is today: the review is projected from today
    (due 23 December), not from the passed due date (which would give 18 December)."""
    decision = decide(incident(), today=date(2026, 12, 2))
    (panel,) = [item for item in decision.obligations if item.recipient == "panel"]
    assert (panel.due_by, panel.status) == (date(2026, 11, 27), "overdue")
    assert counted(decision) == (date(2026, 12, 2), True, date(2026, 12, 23))


def test_current_guidance_counts_from_the_recorded_notification() -> None:
    """Once the Panel notification is recorded as sent, the review counts from that date, not projected."""
    decision = decide(incident(notified_on={"panel": "2026-11-23"}), today=TODAY)
    assert counted(decision) == (date(2026, 11, 23), False, date(2026, 12, 14))


def test_queens_funeral_bank_holiday_is_skipped() -> None:
    """Counting 15 working days from Monday 12 September 2022 skips Monday 19 September 2022 (a bank holiday)."""
    review = decide(on("2022-09-09", notified_on={"panel": "2022-09-12"}), today=TODAY).rapid_review
    assert review is not None
    assert review.due_by == date(2022, 10, 4)


def test_christmas_and_new_year_are_skipped_twice() -> None:
    """Aware Friday 19 December 2025 and asked on the 22nd: the notification is due 30 December,
    the review projected from then 21 January 2026."""
    decision = decide(on("2025-12-19"), today=date(2025, 12, 22))
    assert decision.obligations[0].due_by == date(2025, 12, 30)
    assert decision.rapid_review is not None
    assert decision.rapid_review.due_by == date(2026, 1, 21)


def test_earlier_guidance_counts_from_becoming_aware_across_christmas() -> None:
    """Aware Thursday 20 December 2018, the 2018-2019 guidance expects the review by 15 January 2019."""
    review = decide(on("2018-12-20", notified_on={"panel": "2018-12-21"}), today=TODAY).rapid_review
    assert review is not None
    assert (review.anchor, review.anchor_on, review.projected, review.due_by) == (
        "became_aware",
        date(2018, 12, 20),
        False,
        date(2019, 1, 15),
    )


@pytest.mark.parametrize(
    ("aware", "anchor"),
    [("2019-12-31", "became_aware"), ("2020-01-02", "panel_notification_sent")],
)
def test_the_anchor_is_chosen_by_the_rules_in_force(aware: str, anchor: str) -> None:
    """The 2018-2019 anchor applies up to 31 December 2019; the current one from 2020 onwards."""
    review = decide(on(aware), today=TODAY).rapid_review
    assert review is not None
    assert review.anchor == anchor


def test_no_rapid_review_for_a_looked_after_childs_death_without_abuse() -> None:
    """A looked-after child's death without abuse or neglect is notified but not rapidly reviewed."""
    decision = decide(
        incident(
            abuse_or_neglect="not_suspected",
            **{"child.looked_after": "yes", "child.looked_after_by": "E08000025"},
        ),
        today=TODAY,
    )
    assert decision.notify_panel == "required"
    assert decision.rapid_review is None


def test_rapid_review_for_a_looked_after_childs_death_with_abuse_suspected() -> None:
    """A looked-after child's death with abuse suspected is notified under s16C and rapidly reviewed."""
    decision = decide(
        incident(**{"child.looked_after": "yes", "child.looked_after_by": "E08000025"}),
        today=TODAY,
    )
    assert decision.rapid_review is not None


@pytest.mark.parametrize(
    "overrides",
    [
        {"abuse_or_neglect": "not_suspected"},
        {"abuse_or_neglect": "unknown"},
        {"event.kind": "other"},
    ],
    ids=["not suspected", "undetermined", "not serious"],
)
def test_no_rapid_review_without_a_s16c_notification(overrides: dict[str, Any]) -> None:
    """Without a s16C notification (not required or undetermined) no rapid review date is given."""
    assert decide(incident(**overrides), today=TODAY).rapid_review is None


def test_rapid_review_is_not_an_obligation_of_the_authority() -> None:
    """The rapid review is reported beside the obligations, never among them."""
    decision = decide(incident(), today=TODAY)
    assert all("rapid-review" not in item.rule for item in decision.obligations)


def test_unknown_awareness_under_earlier_guidance_gives_no_review_date() -> None:
    """Under the 2018-2019 guidance an unknown date of awareness leaves the review date unknown."""
    review = decide(
        incident(became_aware_on=None, **{"event.date": "2019-03-01"}), today=TODAY
    ).rapid_review
    assert review is not None
    assert (review.anchor, review.anchor_on, review.due_by) == ("became_aware", None, None)


def test_a_notification_recorded_after_today_does_not_anchor_the_review_yet() -> None:
    """Asked on 24 November about a notification recorded for the 25th, the review is still
    projected from the notification's due date (Friday 27 November), 15 working days on."""
    decision = decide(incident(notified_on={"panel": "2026-11-25"}), today=date(2026, 11, 24))
    assert counted(decision) == (date(2026, 11, 27), True, date(2026, 12, 18))


# Dates worked out by hand from the rules (s16C's five working days, the rapid review's 15:
# law.md 2 and 4) and England's calendar, not by the library's own arithmetic. Abuse suspected
# on Wednesday 25 November 2026, after awareness on Friday 20 November: the s16C notification is
# due five working days from the suspicion (26, 27, 30 November, 1, 2 December), Wednesday 2
# December; the review 15 working days on from the day it counts from.
SUSPECTED_LATER = {"abuse_or_neglect_suspected_on": "2026-11-25"}
LOOKED_AFTER_HERE = {"child.looked_after": "yes", "child.looked_after_by": OUR_AREA}


@pytest.mark.parametrize(
    ("overrides", "today", "expected"),
    [
        # Asked on 26 November: projected from the due date, 2 December; 15 working days on
        # (3, 4, 7 to 11, 14 to 18, 21 to 23 December) is Wednesday 23 December.
        (SUSPECTED_LATER, date(2026, 11, 26), (date(2026, 12, 2), True, date(2026, 12, 23))),
        # Asked on the due date itself: the same.
        (SUSPECTED_LATER, date(2026, 12, 2), (date(2026, 12, 2), True, date(2026, 12, 23))),
        # Asked on Monday 7 December, the notification overdue: from today, 15 working days on
        # (8 to 11, 14 to 18, 21 to 24, 29, 30 December; 25 December and 28 December, Boxing
        # Day's substitute, are bank holidays) is Wednesday 30 December.
        (SUSPECTED_LATER, date(2026, 12, 7), (date(2026, 12, 7), True, date(2026, 12, 30))),
        # A looked-after child's death notified to the Panel on Monday 23 November, before the
        # suspicion: not the s16C notification, so the review is still projected from 2 December.
        (
            {**SUSPECTED_LATER, **LOOKED_AFTER_HERE, "notified_on": {"panel": "2026-11-23"}},
            date(2026, 11, 26),
            (date(2026, 12, 2), True, date(2026, 12, 23)),
        ),
        # The 2018-2019 guidance, aware Friday 1 March 2019, suspected Friday 8 March: counted
        # from the suspicion, 15 working days on (11 to 15, 18 to 22, 25 to 29 March) is Friday
        # 29 March 2019, not projected.
        (
            {
                "event.date": "2019-03-01",
                "became_aware_on": "2019-03-01",
                "abuse_or_neglect_suspected_on": "2019-03-08",
            },
            TODAY,
            (date(2019, 3, 8), False, date(2019, 3, 29)),
        ),
    ],
    ids=[
        "projected from a later suspicion's due date",
        "asked on that due date",
        "asked after it, across Christmas",
        "a looked-after child's death notified before the suspicion",
        "2018-2019 guidance, from the suspicion",
    ],
)
def test_the_review_counts_from_the_day_worked_out_by_hand(
    overrides: dict[str, Any], today: date, expected: tuple[date, bool, date]
) -> None:
    """The rapid review's anchor, whether it is projected, and its due date, with abuse suspected
    after the awareness, are the dates worked out by hand from the rules and the calendar."""
    assert counted(decide(incident(**overrides), today=today)) == expected
