"""Advisories stay apart from duties: in the rule files, in the decision and in the account."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CHECKOUT_RULES, incident
from safeguarding_notify import Decider, RuleFileError, decide
from safeguarding_notify._rulefile import load_rules
from safeguarding_notify.cli import main

ADVISORY = "working-together/known-to-social-care-death-advisory.v1.yaml"
SUICIDE_KNOWN_TO_SOCIAL_CARE = {
    "abuse_or_neglect": "not_suspected",
    "event.manner_of_death": "suspected_suicide",
    "child.known_to_childrens_social_care": "yes",
}


def test_advisory_rules_neither_owe_nor_decide() -> None:
    """Every shipped rule that advises does nothing else and never decides the Panel answer."""
    advising = [
        rule for rule in load_rules(CHECKOUT_RULES).rules if any(t.advise for t in rule.then)
    ]
    assert {rule.id for rule in advising} == {
        "known-to-social-care-death-advisory",
        "unborn-child-consider-notifying",
    }
    for rule in advising:
        assert not rule.decides_panel
        assert all(then.advise for then in rule.then)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "  - {advise: consider_treating_as_serious}",
            "  - {advise: consider_treating_as_serious}\n  - {notify: ofsted, strength: should}",
        ),
        ("effective_from: 2018-06-29", "effective_from: 2018-06-29\ndecides_panel: true"),
    ],
    ids=["advice with a notification", "advice deciding the Panel answer"],
)
def test_a_rule_mixing_advice_and_duty_is_refused(tmp_path: Path, old: str, new: str) -> None:
    """A rule file that advises and also owes or decides is refused at load time, naming the file."""
    target = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, target)
    path = target / ADVISORY
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(RuleFileError, match=r"known-to-social-care-death-advisory.*only advises"):
        load_rules(target)


def test_advisory_names_its_source_and_certainty() -> None:
    """An advisory in a decision carries its rule, advice, basis and certainty, and owes nothing."""
    decision = decide(incident(**SUICIDE_KNOWN_TO_SOCIAL_CARE))
    assert decision.obligations == []
    [advice] = decision.advisories
    assert advice.rule == "known-to-social-care-death-advisory"
    assert advice.advice == "consider_treating_as_serious"
    assert advice.certainty == "secondary"
    assert "Working Together" in advice.basis


def test_consider_as_serious_never_suggests_notifying_without_suspicion() -> None:
    """The consider-as-serious advice asks whether abuse or neglect is suspected (s16C's condition) and never suggests notifying the Panel without it."""
    decision = decide(incident(**SUICIDE_KNOWN_TO_SOCIAL_CARE))
    [advice] = decision.advisories
    words = advice.explanation
    assert "consider treating the incident as serious" in words
    assert "whether abuse or neglect is in fact suspected" in words
    assert "owes no notification" in words
    assert "notifying the Panel" not in words
    assert "not (yet) suspected" not in words
    assert decision.notify_panel == "not_required"


def test_explain_lists_advice_apart_from_duties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--explain shows advice under its own heading, with no duty listed for it."""
    path = tmp_path / "in.json"
    path.write_text(json.dumps(incident(**SUICIDE_KNOWN_TO_SOCIAL_CARE)))
    main(["decide", "--explain", str(path)])
    text = capsys.readouterr().out
    assert "Notifications owed: none" in text
    assert "To consider (advice, not a duty):" in text


def test_parents_obligation_has_no_deadline() -> None:
    """Sch 2 para 20(1)(b) owes the parents a notification 'so far as reasonably practicable', with no due date."""
    decision = Decider().decide(
        incident(**{"child.looked_after": "yes", "child.looked_after_by": "E08000025"})
    )
    [parents] = [
        o for o in decision.obligations if o.recipient == "parents_and_parental_responsibility"
    ]
    assert (parents.strength, parents.due_by, parents.certainty) == ("must", None, "statute")
    assert "so far as reasonably practicable" in parents.explanation
