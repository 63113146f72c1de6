"""Trying and reviewing a change of the rules: `rules-diff` (the decisions a change alters) and
`--rules DIR` on `decide`, `plan` and `audit` (found by a rule author's review: nothing showed
which decisions a rule change alters, and only Python could decide with a proposed change)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import CHECKOUT_RULES, OUR_AREA, RULE_TEMPLATE, incident
from safeguarding_notify import Decider
from safeguarding_notify._rulesdiff import differences, report
from safeguarding_notify.cli import main

HORIZON = date(2026, 11, 27)


def _rules(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """A rules directory of the loader's test template (a death must be notified to the Panel in
    five working days) with `edits` made to its text."""
    rules = tmp_path / name
    rules.mkdir()
    text = RULE_TEMPLATE.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    (rules / RULE_TEMPLATE.name).write_text(text)
    return rules


_OWED_OR_MAY_BE = ("required; panel must by ", "undetermined; Panel by ")


def test_a_shorter_deadline_changes_exactly_the_decisions_owing_it(tmp_path: Path) -> None:
    """Cutting the deadline from five working days to three changes the due date of every
    decision that owes the notification (a death), and of no other, and the deadline should it
    become required of every decision left open on whether it is a death (they went unlisted:
    review s24, F4)."""
    old = Decider(_rules(tmp_path, "old"))
    new = Decider(_rules(tmp_path, "new", ("within_working_days: 5", "within_working_days: 3")))
    found = list(differences(old, new, HORIZON))
    kinds = {difference.incident.event.kind for difference in found}
    assert kinds == {"death", None}
    for difference in found:
        owed = difference.incident.event.kind == "death"
        assert difference.before.startswith(_OWED_OR_MAY_BE[0 if owed else 1])
        assert difference.after.startswith(_OWED_OR_MAY_BE[0 if owed else 1])
        assert difference.incident.became_aware_on is not None
        assert difference.before != difference.after


def test_a_deadlines_certainty_is_a_change_not_wording(tmp_path: Path) -> None:
    """How sure the deadline's source is, shown with every due date, changes every decision
    owing it when it changes (it was taken for wording: review s24, F10)."""
    conclusion = "{notify: panel, strength: must, within_working_days: 5"
    old = Decider(
        _rules(tmp_path, "old", (conclusion, conclusion + ", deadline_certainty: secondary"))
    )
    new = Decider(
        _rules(tmp_path, "new", (conclusion, conclusion + ", deadline_certainty: official"))
    )
    found = list(differences(old, new, HORIZON))
    assert {difference.incident.event.kind for difference in found} == {"death"}
    assert all("deadline secondary" in difference.before for difference in found)
    assert all("deadline official" in difference.after for difference in found)


def test_a_change_of_the_form_grouping_rule_is_listed(tmp_path: Path) -> None:
    """A form-grouping rule decides no incident but how many forms a plan submits: a change of
    one is listed apart (it read "nothing any decision answers changes" of one Panel
    notification for two deaths made two: review s24, F5)."""
    grouping = CHECKOUT_RULES / "notification-forms" / "notification-forms-per-incident.v2.yaml"
    old = _rules(tmp_path, "old")
    new = _rules(tmp_path, "new")
    text = grouping.read_text()
    assert "death: one_form_per_incident" in text
    (old / grouping.name).write_text(text)
    (new / grouping.name).write_text(
        text.replace("death: one_form_per_incident", "death: one_form_per_child")
    )
    printed = report(Decider(old), Decider(new), HORIZON)
    assert "0 combinations of facts decided differently" in printed
    assert "## Form-grouping rules changed (how many forms a plan submits)" in printed
    changed = [
        line for line in printed.splitlines() if "notification-forms-per-incident v2" in line
    ]
    assert [line.split(":")[0] for line in changed] == ["- before only", "- after only"]
    assert "'death': 'one_form_per_child'" in changed[1]


def test_a_change_of_wording_changes_no_decision(tmp_path: Path) -> None:
    """A correction of an explanation (no outcome changes) shows as no difference, so a reviewer
    sees at once that it decides nothing differently."""
    old = Decider(_rules(tmp_path, "old"))
    new = Decider(
        _rules(
            tmp_path,
            "new",
            ("applies: The rule applies to these facts here.", "applies: Corrected wording."),
        )
    )
    assert old.rules_version != new.rules_version
    assert list(differences(old, new, HORIZON)) == []
    assert "0 combinations of facts decided differently (wording aside" in report(old, new, HORIZON)


def test_the_command_prints_the_changes_by_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`safeguarding-notify rules-diff OLD NEW` prints each changed decision with its incident and
    both answers under the period of its awareness; an unreadable rules directory exits 2."""
    old = _rules(tmp_path, "old")
    new = _rules(tmp_path, "new", ("strength: must", "strength: should"))
    assert main(["rules-diff", str(old), str(new), "--until", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert "## Awareness from 29 June 2018: " in out
    assert "  - before: required; panel must by " in out
    assert "  - after: required; panel should by " in out
    assert main(["rules-diff", str(old), str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("safeguarding-notify: rule file refused: ")


def test_decide_plan_and_audit_take_a_rules_directory_to_try_a_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--rules DIR` decides with a rules directory of one's own (a proposed change, tried without
    Python): `decide` and `audit` give its answer, `plan` uses its (absent) form-grouping rule,
    and a broken directory is refused as bad input (exit 2), not as a broken installation."""
    three = _rules(tmp_path, "three", ("within_working_days: 5", "within_working_days: 3"))
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(incident()))
    assert main(["decide", "--rules", str(three), "--today", "2026-11-23", str(path)]) == 0
    (panel,) = json.loads(capsys.readouterr().out)["obligations"]
    assert panel["due_by"] == "2026-11-25"
    assert panel["within_working_days"] == 3
    rows = tmp_path / "incidents.jsonl"
    rows.write_text(json.dumps(incident()) + "\n")
    out = tmp_path / "decisions.jsonl"
    assert main(["audit", "--rules", str(three), "--out", str(out), str(rows)]) == 0
    assert json.loads(out.read_text())["decision"]["obligations"][0]["due_by"] == "2026-11-25"
    group = tmp_path / "group.json"
    group.write_text(json.dumps({"notifying_authority": OUR_AREA, "incidents": [incident()]}))
    assert main(["plan", "--rules", str(three), str(group)]) == 2
    assert "the rules directory holds no form-grouping rule" in capsys.readouterr().err
    for command in (["decide", str(path)], ["plan", str(group)], ["audit", str(rows)]):
        assert main([*command, "--rules", str(tmp_path / "missing")]) == 2
        assert capsys.readouterr().err.startswith("safeguarding-notify: rule file refused: ")


def _two_versions(tmp_path: Path, name: str, chosen_by: str) -> Path:
    """The template in two versions, five working days until 2020 and three from 2020, owed for
    a death with abuse or neglect known or suspected, each version chosen by `chosen_by` (and,
    chosen by the suspicion, counted from it too)."""
    rules = tmp_path / name
    rules.mkdir()
    text = RULE_TEMPLATE.read_text().replace(
        "when: event_is_death",
        f"chosen_by: {chosen_by}\nwhen: {{all: [event_is_death, "
        "abuse_or_neglect_known_or_suspected]}",
    )
    first = text.replace(
        "effective_from: 2018-06-29", "effective_from: 2018-06-29\neffective_to: 2020-01-01"
    )
    second = text.replace("version: 1", "version: 2").replace(
        "effective_from: 2018-06-29", "effective_from: 2020-01-01"
    )
    second = second.replace("within_working_days: 5", "within_working_days: 3")
    if chosen_by == "abuse_or_neglect_suspected_on":  # a deadline from when the duty arises
        first, second = (
            version.replace(
                "within_working_days: ", f"counted_from: {chosen_by}, within_working_days: "
            )
            for version in (first, second)
        )
    (rules / "broken-rule.v1.yaml").write_text(first)
    (rules / "broken-rule.v2.yaml").write_text(second)
    return rules


def test_moving_a_rule_to_the_suspicion_date_shows_where_abuse_was_suspected_later(
    tmp_path: Path,
) -> None:
    """A change of `chosen_by` alone answers no incident of one period differently, only those
    whose abuse or neglect came to be suspected after a change of the rules that followed the
    awareness: each is listed, with the version of the later date now deciding it."""
    old = Decider(_two_versions(tmp_path, "old", "became_aware_on"))
    new = Decider(_two_versions(tmp_path, "new", "abuse_or_neglect_suspected_on"))
    found = list(differences(old, new, HORIZON))
    assert found
    for difference in found:
        aware = difference.incident.became_aware_on
        suspected = difference.incident.abuse_or_neglect_suspected_on
        assert aware is not None
        assert suspected is not None
        assert aware < date(2020, 1, 1) <= suspected
        assert difference.before.startswith(_OWED_OR_MAY_BE)
        assert difference.after.startswith(_OWED_OR_MAY_BE)


def _flag_rule(when: str) -> str:
    """A rule flagging a decision for legal review when `when` holds (a YAML condition)."""
    return (
        RULE_TEMPLATE.read_text()
        .replace("id: broken-rule", "id: flag-rule")
        .replace(
            "decides_panel: true\nwhen: event_is_death\nthen:\n"
            "  - {notify: panel, strength: must, within_working_days: 5}",
            f"when: {when}\nthen:\n  - {{flag: legal_review}}",
        )
    )


def test_a_flag_for_legal_review_dropped_is_a_change(tmp_path: Path) -> None:
    """A rule change taking a flag for legal review off decisions (a lawyer to be asked before
    relying on them) lists those decisions: a flag is a note, but not wording (it read "nothing
    any decision answers changes": review s26, B3)."""
    old, new = _rules(tmp_path, "old"), _rules(tmp_path, "new")
    flagging = _flag_rule("event_is_death")
    assert "flag: legal_review" in flagging
    (old / "flag-rule.v1.yaml").write_text(flagging)
    (new / "flag-rule.v1.yaml").write_text(
        flagging.replace("event_is_death", "event_is_serious_harm")
    )
    found = list(differences(Decider(old), Decider(new), HORIZON))
    assert {difference.incident.event.kind for difference in found} >= {"death", "serious_harm"}
    deaths = [difference for difference in found if difference.incident.event.kind == "death"]
    assert all("flagged for legal review by flag-rule" in item.before for item in deaths)
    assert not any("flagged" in item.after for item in deaths)
