"""The generated rule catalogue: current, complete, readable, and generic over rule files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import RULE_TEMPLATE
from safeguarding_notify._commands import generated_docs
from safeguarding_notify._conditions import All, Any, Compare, Fact, Not, RuleRef
from safeguarding_notify._explain import format_date
from safeguarding_notify._ruledocs import conclusion_text, condition_phrase, rules_markdown
from safeguarding_notify._rulefile import Conclusion, load_rules
from safeguarding_notify._schemas import SCHEMA_MODELS
from safeguarding_notify.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", sorted(generated_docs(DOCS)))
def test_generated_docs_are_current(name: str) -> None:
    """Every generated docs file (catalogue, schemas, example decision) matches its source."""
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == generated_docs(DOCS)[name], (
        f"docs/{name} is stale: run `safeguarding-notify docs --write docs` and commit the result"
    )


def test_every_rule_appears_with_its_citation_and_dates() -> None:
    """Each rule version has a section with its id, provision link, start date and title."""
    book = load_rules()
    page = rules_markdown(book)
    assert book.version in page
    for rule in book.rules:
        assert f"## {rule.id}\n" in page
        assert f"### Version {rule.version}: {rule.title}" in page
        assert f"]({rule.url})" in page
        assert f"`rules/{rule.file}`" in page


def test_flowchart_has_a_node_for_every_rule_and_conclusion() -> None:
    """The Mermaid chart names every rule with all its versions and routes it to what it gives."""
    book = load_rules()
    page = rules_markdown(book)
    chart = page.split("```mermaid\n", 1)[1].split("```", 1)[0]
    for rule in book.rules:
        versions = ", ".join(f"v{other.version}" for other in book.rules if other.id == rule.id)
        assert re.search(rf'r\d+\{{\{{"{re.escape(rule.id)} \({versions}\)', chart)
        for then in rule.then:
            assert f'"{conclusion_text(then).replace(chr(34), "#quot;")}"' in chart
    assert "the Child Safeguarding Practice Review Panel (must)" in chart
    assert "-.->|not|" in chart  # s16C(1)(b) needs the event to be outside England


@pytest.mark.parametrize(
    ("then", "words"),
    [
        (
            Conclusion(
                rapid_review="panel_notification_sent", strength="should", within_working_days=15
            ),
            "the safeguarding partners complete a rapid review and send it to the Panel (should), "
            "within 15 working days of the date the Panel notification was sent",
        ),
        (
            Conclusion(rapid_review="became_aware", strength="should", within_working_days=15),
            "within 15 working days of becoming aware",
        ),
        (
            Conclusion(advise="consider_notifying"),
            "consider notifying (advice, never an obligation)",
        ),
        (
            Conclusion(
                notify="safeguarding_partners",
                strength="should",
                within_working_days=5,
                area="child_residence_area",
            ),
            "the safeguarding partners of the area where the child normally lives (should)",
        ),
        (
            Conclusion(
                notify="safeguarding_partners",
                strength="should",
                within_working_days=5,
                area="looked_after_by_area",
            ),
            "of the area of the authority that looks after the child (should)",
        ),
        (
            Conclusion(notify="parents_and_parental_responsibility", strength="must"),
            "everyone with parental responsibility (must), no fixed deadline",
        ),
    ],
    ids=[
        "rapid review from notification",
        "rapid review from awareness",
        "advice",
        "residence area",
        "looked-after area",
        "no deadline",
    ],
)
def test_every_kind_of_conclusion_has_words(then: Conclusion, words: str) -> None:
    """Rapid reviews, advice, other areas and duties without a deadline read as sentences."""
    text = conclusion_text(then)
    assert words in text
    assert ": " not in text  # nothing fell back to `key: value`


def test_every_shipped_conclusion_is_worded() -> None:
    """No conclusion of the shipped rules falls back to showing its fields as data."""
    for rule in load_rules().rules:
        for then in rule.then:
            assert ": " not in conclusion_text(then), rule.id


def test_grouping_rules_have_a_section_with_policy_dates_certainty_and_note() -> None:
    """Each form-grouping rule version is catalogued: source, dates, policies, review note."""
    book = load_rules()
    assert book.groupings
    page = rules_markdown(book)
    section = page.split("## Notification forms for several children\n", 1)[1]
    for rule in book.groupings:
        assert f"#### Version {rule.version}: {rule.title}" in section
        assert f"]({rule.url})" in section
        assert f"`rules/{rule.file}`" in section
        assert f"from {format_date(rule.effective_from)} (inclusive)" in section
        assert " ".join(rule.review_note.split()) in section
    assert "- A child died: a separate form for each child" in section
    assert "up to 4; the others go in as further information" in section


def test_conditions_read_as_plain_english() -> None:
    """Facts, negations, comparisons and rule references are worded, not shown as code."""
    assert condition_phrase(Fact("event_is_death")) == "the child died"
    assert condition_phrase(Not(Fact("event_in_england"))) == "the event happened outside England"
    assert (
        condition_phrase(Compare("age_on_event_date", "<", 18))
        == "the person's age on the event date is under 18"
    )
    assert (
        condition_phrase(Not(RuleRef("s16c-1a-event-in-area")))
        == "rule [`s16c-1a-event-in-area`](#s16c-1a-event-in-area) does not apply"
    )
    nested = condition_phrase(Not(Any((Fact("event_is_death"), All((Fact("event_in_england"),))))))
    assert nested == "none of (the child died; all of (the event happened in England))"


def test_a_new_rule_version_is_catalogued_without_code_changes(tmp_path: Path) -> None:
    """A rule ended by effective_to and its next version both appear, with their periods."""
    # From the loader's test template, not a shipped rule: a shipped version ended by a later
    # (legitimate) change of the law would already carry an effective_to.
    rules = tmp_path / "rules"
    rules.mkdir()
    text = RULE_TEMPLATE.read_text(encoding="utf-8")
    assert "effective_to" not in text
    (rules / "broken-rule.v1.yaml").write_text(
        text.replace(
            "effective_from: 2018-06-29\n", "effective_from: 2018-06-29\neffective_to: 2030-01-01\n"
        ),
        encoding="utf-8",
    )
    new = text.replace("version: 1", "version: 2").replace(
        "effective_from: 2018-06-29", "effective_from: 2030-01-01"
    )
    (rules / "broken-rule.v2.yaml").write_text(new, encoding="utf-8")
    page = rules_markdown(load_rules(rules))
    section = page.split("## broken-rule\n", 1)[1].split("\n## ", 1)[0]
    assert "### Version 1:" in section
    assert "### Version 2:" in section
    assert "until 1 January 2030 (exclusive)" in section
    assert "broken-rule (v1, v2)" in page


def test_docs_command_prints_the_catalogue_and_writes_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docs` prints the catalogue; `docs --write DIR` writes the catalogue and the schemas."""
    assert main(["docs"]) == 0
    assert capsys.readouterr().out == rules_markdown(load_rules())
    assert main(["docs", "--write", str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert written == ["rules.md", *(f"schemas/{name}.json" for name in sorted(SCHEMA_MODELS))]
    assert "wrote" in capsys.readouterr().out


class _FutureConclusion(Conclusion):
    """A conclusion as a later rule-file format might write it (new area value, new kind)."""

    area: str | None = None  # type: ignore[assignment]
    rapid_review: str | None = None


def test_conclusions_of_a_later_format_are_still_shown() -> None:
    """An area or a kind of conclusion the catalogue has no words for is shown as data, not lost."""
    partners = _FutureConclusion.model_construct(
        notify="safeguarding_partners",
        strength="should",
        within_working_days=5,
        area="residence_area",
    )
    review = _FutureConclusion.model_construct(rapid_review="from_notification")
    assert conclusion_text(partners) == (
        "notify the safeguarding partners of the area given by residence_area (should), "
        "within 5 working days of becoming aware"
    )
    assert conclusion_text(review) == "rapid_review: from_notification"
