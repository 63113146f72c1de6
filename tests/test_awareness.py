"""What a decision keeps when the date of becoming aware is not recorded and the rules changed
since the event: only what every set of rules that may apply agrees on (`_awareness.agreed`).

Whole decisions are checked against the oracle (tests/test_exhaustive.py), by example
(tests/scenarios/regimes.yaml) and by property (tests/test_properties.py); these tests pin the
rule itself, including a period with no rule deciding the Panel answer, which the shipped rules
never have.
"""

from __future__ import annotations

from datetime import date

from safeguarding_notify._awareness import Duties, agreed, unsettled_note

PANEL = ("panel", None, "must")
PARTNERS = ("safeguarding_partners", "E08000025", "should")
OFSTED = ("ofsted", None, "should")


def test_rules_that_all_agree_change_nothing() -> None:
    """Equal duties under every set of rules: nothing to narrow (None)."""
    duties = Duties("required", frozenset({PANEL, PARTNERS}), rapid_review=True)
    assert agreed(duties, [duties, duties]) is None


def test_a_panel_answer_that_differs_is_undetermined_and_only_shared_notifications_stay() -> None:
    """Different Panel answers give "undetermined"; a notification owed under only some rules is
    dropped, one owed under all stays; the rapid review stays only if all expect one."""
    before = Duties("not_required", frozenset({OFSTED, PARTNERS}), rapid_review=False)
    after = Duties("required", frozenset({PANEL, PARTNERS}), rapid_review=True)
    assert agreed(before, [after]) == Duties("undetermined", frozenset({PARTNERS}), False)


def test_the_same_panel_answer_is_kept_when_only_the_notifications_differ() -> None:
    """A Panel answer every set of rules gives is kept; the notifications narrow."""
    before = Duties("not_required", frozenset(), rapid_review=False)
    after = Duties("not_required", frozenset({OFSTED}), rapid_review=False)
    assert agreed(before, [after]) == Duties("not_required", frozenset(), False)


def test_a_strength_that_differs_is_not_agreed() -> None:
    """ "must" under some rules and "should" under others is not the same notification."""
    must = Duties("required", frozenset({PANEL}), rapid_review=False)
    should = Duties("required", frozenset({("panel", None, "should")}), rapid_review=False)
    assert agreed(must, [should]) == Duties("required", frozenset(), False)


def test_a_period_with_no_rule_deciding_the_panel_leaves_nothing_settled() -> None:
    """Nothing is known of a period no encoded rule decides: the Panel answer is undetermined,
    and no notification or rapid review is given, even ones every known period owes."""
    duties = Duties("required", frozenset({PANEL}), rapid_review=True)
    assert agreed(duties, [duties, None]) == Duties("undetermined", frozenset(), False)


def test_the_note_names_the_event_date_and_every_change_since() -> None:
    """The note dates the event and lists each day the rules changed, in words."""
    one = unsettled_note(date(2023, 12, 1), [date(2023, 12, 15)])
    assert "(1 December 2023)" in one
    assert "(on 15 December 2023)" in one
    three = unsettled_note(
        date(2018, 6, 1), [date(2018, 6, 29), date(2020, 1, 1), date(2023, 12, 15)]
    )
    assert "on 29 June 2018, 1 January 2020 and 15 December 2023" in three
