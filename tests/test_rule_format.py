"""The rule-file format for form grouping, rapid reviews and partners elsewhere: checked at load time."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import CHECKOUT_RULES, incident
from safeguarding_notify import Decider, RuleFileError
from safeguarding_notify._rulefile import load_rules

FORMS_V1 = "notification-forms/notification-forms-per-incident.v1.yaml"
FORMS_V2 = "notification-forms/notification-forms-per-incident.v2.yaml"
REVIEW_V2 = "rapid-review/rapid-review-by-safeguarding-partners.v2.yaml"
RESIDENCE = "working-together/safeguarding-partners-residence-area.v1.yaml"


def _edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, target)
    path = target / file
    text = path.read_text()
    assert old in text, "the edit must change the file"
    path.write_text(text.replace(old, new))
    return target


BROKEN: list[tuple[str, str, str, str, str]] = [
    (
        "an unknown grouping key",
        FORMS_V2,
        "  children_detailed_per_form: 4",
        "  children_detailed_per_form: 4\n  children_listed: 4",
        "key grouping.children_listed: Extra inputs",
    ),
    (
        "an unknown top-level key in a grouping file",
        FORMS_V2,
        "review_note: >",
        "applies_to: all\nreview_note: >",
        "allowed keys: citation, effective_from, effective_to, grouping, id, not_encoded",
    ),
    (
        "an invented form policy",
        FORMS_V1,
        "death: one_form_per_child",
        "death: one_form_per_family",
        "key grouping.death: Input should be 'one_form_per_child'",
    ),
    (
        "a main-child form for deaths",
        FORMS_V1,
        "death: one_form_per_child",
        "death: one_form_for_main_child",
        "one_form_for_main_child belongs to serious_harm_in_large_scale_cse_operation",
    ),
    (
        "a count of children given as text",
        FORMS_V2,
        "children_detailed_per_form: 4",
        "children_detailed_per_form: '4'",
        "key grouping.children_detailed_per_form: Input should be a valid integer",
    ),
    (
        "a grouping file without a review note",
        FORMS_V2,
        "review_note: >",
        "not_a_review_note: >",
        "key review_note: Field required",
    ),
    (
        "a grouping file named for another version",
        FORMS_V2,
        "version: 2",
        "version: 3",
        "file name should be notification-forms-per-incident.v3.yaml",
    ),
    (
        "overlapping grouping versions",
        FORMS_V1,
        "effective_to: 2019-02-21",
        "effective_to: 2019-03-01",
        "key effective_from: overlaps",
    ),
    (
        "a grouping citation that is not https",
        FORMS_V2,
        "url: https://www.gov.uk/guidance/report-a-serious-child-safeguarding-incident",
        "url: http://www.gov.uk/guidance/report-a-serious-child-safeguarding-incident",
        "key citation.url",
    ),
    (
        "a rapid review without its working days",
        REVIEW_V2,
        "strength: should, within_working_days: 15}",
        "strength: should}",
        "a rapid_review conclusion needs a strength and within_working_days",
    ),
    (
        "a rapid review with an area",
        REVIEW_V2,
        "within_working_days: 15}",
        "within_working_days: 15, area: notifying_authority}",
        "area belongs to notify conclusions",
    ),
    (
        "an invented rapid-review anchor",
        REVIEW_V2,
        "rapid_review: panel_notification_sent",
        "rapid_review: panel_reply",
        "key then.0.rapid_review",
    ),
    (
        "an invented partners' area",
        RESIDENCE,
        "area: child_residence_area",
        "area: school_area",
        "key then.0.area",
    ),
    (
        "a misspelt new fact",
        RESIDENCE,
        "- normally_resident_in_other_english_area",
        "- normally_resident_in_other_area",
        "did you mean 'normally_resident_in_other_english_area'?",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_rule_files_are_refused_naming_file_and_key(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    """Each broken file is refused when the rules load, with the file named and the problem stated."""
    rules = _edited(tmp_path, file, old, new)
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    # An overlap is reported on the later version, whichever file was edited.
    named = FORMS_V2 if "overlaps" in message else file
    assert caught.value.file == named
    assert message in str(caught.value)


def test_grouping_rules_do_not_cut_the_engines_periods() -> None:
    """Form-grouping versions change on 21 February 2019 without creating a new period of decision rules."""
    book = load_rules(CHECKOUT_RULES)
    assert date(2019, 2, 21) not in book.boundaries
    assert [rule.version for rule in book.groupings] == [1, 2]
    assert book.grouping_on(date(2019, 2, 20)).version == 1  # type: ignore[union-attr]
    assert book.grouping_on(date(2018, 6, 28)) is None


def test_a_grouping_rule_change_changes_the_plan(tmp_path: Path) -> None:
    """Editing the data (four children detailed becomes two) changes the plan: the file is what groups."""
    from safeguarding_notify._plan import plan_with
    from safeguarding_notify.group import IncidentGroup

    rules = _edited(
        tmp_path, FORMS_V2, "children_detailed_per_form: 4", "children_detailed_per_form: 2"
    )
    group = IncidentGroup.model_validate(
        {
            "notifying_authority": "E08000025",
            "incidents": [incident(case_reference=f"C-{n}") for n in range(3)],
        }
    )
    today = date(2026, 11, 26)
    shipped = plan_with(Decider(), group, None, today).forms[0]
    edited = plan_with(Decider(rules_dir=rules), group, None, today).forms[0]
    assert (len(shipped.children), len(shipped.further_information)) == (3, 0)
    assert (len(edited.children), len(edited.further_information)) == (2, 1)
