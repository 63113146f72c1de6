"""Coverage over time: one version of each rule on every date, no gaps, and a current timeline."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import product
from pathlib import Path
from typing import Any

import pytest

from conftest import OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import Decider, RulesNotInForceError
from safeguarding_notify._rulefile import load_rules
from safeguarding_notify._timeline import timeline_markdown
from safeguarding_notify.incident import england_today

ROOT = Path(__file__).resolve().parents[1]
BOOK = load_rules(ROOT / "rules")

WT2015 = date(2015, 3, 26)
S16C = date(2018, 6, 29)
CARE_LEAVERS = date(2023, 12, 15)
WT2023 = date(2023, 12, 15)  # Working Together 2023 published, replacing the 2018 edition
RAPID_REVIEW_ANCHOR = date(2020, 1, 1)  # the project's placing of an unknown change (docs/law.md)

# When each rule should be in force, written from the law (docs/law.md), not read from the files:
# (first day, first day no longer in force or None). A new rule must be added here on purpose.
EXPECTED: dict[str, tuple[date, date | None]] = {
    "s16c-not-yet-in-force": (WT2015, S16C),
    "wt2015-notifiable-abuse-or-neglect": (WT2015, S16C),
    "wt2015-notifiable-outside-england": (WT2015, S16C),
    "wt2015-other-english-area": (WT2015, S16C),
    "wt2015-regulated-setting-other-english-area": (WT2015, S16C),
    "wt2015-looked-after-child-death": (WT2015, S16C),
    "wt2015-regulated-setting-death": (WT2015, S16C),
    "sch2-para20-looked-after-child-death": (WT2015, None),
    "sch2-para20-parents-looked-after-child-death": (WT2015, None),
    "s16c-unborn-child": (WT2015, None),
    "s16c-known-before-commencement": (WT2015, S16C),
    "s16c-1a-event-in-area": (S16C, None),
    "s16c-1a-other-english-area": (S16C, None),
    "s16c-1b-other-english-area": (S16C, None),
    "s16c-1b-outside-england": (S16C, None),
    "s16c-event-before-commencement": (S16C, None),
    "safeguarding-partners-in-area": (S16C, None),
    "safeguarding-partners-residence-area": (S16C, None),
    "safeguarding-partners-looked-after-area": (S16C, None),
    "rapid-review-by-safeguarding-partners": (S16C, None),
    "looked-after-child-death-panel-service": (S16C, None),
    "known-to-social-care-death-advisory": (S16C, None),
    "care-leaver-death": (CARE_LEAVERS, None),
    "unborn-child-consider-notifying": (CARE_LEAVERS, None),
}

# The rules with more than one version: each version's dates (first day, first day no longer in
# force or None), written from the law, not read from the files. A new version is added here on
# purpose.
VERSIONS: dict[str, list[tuple[int, date, date | None]]] = {
    "rapid-review-by-safeguarding-partners": [
        (1, S16C, RAPID_REVIEW_ANCHOR),
        (2, RAPID_REVIEW_ANCHOR, None),
    ],
    "safeguarding-partners-in-area": [(1, S16C, WT2023), (2, WT2023, None)],
    "safeguarding-partners-residence-area": [(1, S16C, WT2023), (2, WT2023, None)],
    "safeguarding-partners-looked-after-area": [(1, S16C, WT2023), (2, WT2023, None)],
}


def _grid() -> list[date]:
    today = england_today()
    days = {WT2015 + timedelta(days=step) for step in range(0, (today - WT2015).days + 1, 7)}
    for boundary in BOOK.boundaries:
        days |= {boundary - timedelta(days=1), boundary}
    return sorted(day for day in days | {today} if WT2015 <= day <= today)


def _expected_on(day: date) -> set[str]:
    return {
        rule_id
        for rule_id, (start, end) in EXPECTED.items()
        if start <= day and (end is None or day < end)
    }


def test_every_rule_id_is_in_the_expected_table() -> None:
    """Every rule id in rules/ has a written expectation of when it is in force, and vice versa."""
    assert {rule.id for rule in BOOK.rules} == set(EXPECTED)


def test_sweep_one_version_of_each_rule_and_no_gaps() -> None:
    """On every date of a weekly grid from 2015-03-26 to today (and each boundary's eve), exactly the expected rules are in force, one version each, and a rule decides the Panel answer."""
    grid = _grid()
    assert len(grid) > 500
    for day in grid:
        in_force = BOOK.in_force(day)
        counts = Counter(rule.id for rule in in_force)
        assert max(counts.values()) == 1, (day, counts)
        assert set(counts) == _expected_on(day), day
        assert any(rule.decides_panel for rule in in_force), day


def test_every_rule_with_several_versions_has_them_on_the_expected_dates() -> None:
    """Each rule with more than one version has exactly the versions and dates written in VERSIONS."""
    found: dict[str, list[tuple[int, date, date | None]]] = {}
    for rule in BOOK.rules:
        found.setdefault(rule.id, []).append((rule.version, rule.effective_from, rule.effective_to))
    several = {
        rule_id: sorted(versions) for rule_id, versions in found.items() if len(versions) > 1
    }
    assert several == VERSIONS


@pytest.mark.parametrize(
    ("day", "recipients"),
    [
        (WT2015, {"ofsted", "local_safeguarding_children_board", "secretary_of_state"}),
        (S16C - timedelta(days=1), {"ofsted", "local_safeguarding_children_board"}),
        (S16C, {"panel", "safeguarding_partners", "secretary_of_state", "ofsted"}),
        (CARE_LEAVERS, {"panel", "safeguarding_partners", "secretary_of_state", "ofsted"}),
    ],
)
def test_each_regime_can_owe_its_recipients(day: date, recipients: set[str]) -> None:
    """Each regime's rules can owe notifications to the bodies its law names (no recipient lost at a boundary)."""
    owed = {then.notify for rule in BOOK.in_force(day) for then in rule.then if then.notify}
    assert recipients <= owed


def test_the_day_before_coverage_is_refused() -> None:
    """25 March 2015 is before every encoded regime and is refused, never answered."""
    assert BOOK.covered_from == WT2015
    with pytest.raises(RulesNotInForceError, match="2015-03-26"):
        Decider(book=BOOK)._period(WT2015 - timedelta(days=1), "became_aware_on")


def test_timeline_document_is_current() -> None:
    """docs/timeline.md is exactly what the rules generate (regenerate: python -m safeguarding_notify._timeline)."""
    assert (ROOT / "docs" / "timeline.md").read_text() == timeline_markdown(BOOK)


# -- invariants of the regimes over many incidents --------------------------------------------

_VARIANTS: dict[str, list[Any]] = {
    "abuse_or_neglect": ["suspected", "not_suspected", "unknown"],
    "event.kind": ["death", "serious_harm", None],
    "event.location": [
        {"country": "england", "local_authority": OUR_AREA},
        {"country": "england", "local_authority": OTHER_AREA},
        {"country": "wales"},
        None,
    ],
    "child.looked_after": ["no", "unknown"],
}
_DATES = [
    ("2016-05-10", "2016-05-12"),
    ("2018-06-27", "2018-06-28"),
    ("2018-06-27", "2018-06-29"),
    ("2024-02-01", "2024-02-02"),
]


def _incidents() -> list[dict[str, Any]]:
    keys = list(_VARIANTS)
    found = []
    for values in product(*_VARIANTS.values()):
        for happened, aware in _DATES:
            overrides = dict(zip(keys, values, strict=True))
            overrides.update({"event.date": happened, "became_aware_on": aware})
            overrides["child.date_of_birth"] = "2010-01-01"
            found.append(incident(**overrides))
    return found


def test_no_panel_duty_before_s16c() -> None:
    """For awareness before 29 June 2018 the Panel answer is never required and the Panel is never owed; it is not_required unless abuse or neglect is not recorded (it may have come to be suspected after s16C commenced: undetermined)."""
    decider = Decider()
    for case in _incidents():
        decision = decider.decide(case)
        if decision.rules_date < S16C:
            unrecorded = case["abuse_or_neglect"] == "unknown"
            assert decision.notify_panel in (
                ("not_required", "undetermined") if unrecorded else ("not_required",)
            )
            assert all(item.recipient != "panel" for item in decision.obligations)
            assert all(item.rule.startswith(("wt2015-", "sch2-")) for item in decision.obligations)


def test_advisory_inputs_never_change_duties() -> None:
    """The inputs read only by advisories (social care, manner of death) never change notify_panel or the obligations."""
    decider = Decider()
    for case in _incidents():
        if case["event"]["kind"] != "death":
            continue
        answers = set()
        for known, manner in product(["yes", "no", "unknown"], ["suspected_suicide", "other"]):
            case["child"]["known_to_childrens_social_care"] = known
            case["event"]["manner_of_death"] = manner
            decision = decider.decide(case)
            answers.add((decision.notify_panel, tuple(decision.obligations)))
        assert len(answers) == 1, case


def test_the_timeline_does_not_call_a_future_period_in_force_today() -> None:
    """A period that has no end date is labelled as such, not as in force today, which a version commencing after today would contradict."""
    book = load_rules(ROOT / "rules")
    assert "(in force today)" not in timeline_markdown(book)
    assert f"### From {book.boundaries[-1]} (no end date)" in timeline_markdown(book)
